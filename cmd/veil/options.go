package main

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
)

// rewriteOptions are the options mask and unmask share: what they read with
// and where and how they write.
type rewriteOptions struct {
	key        string
	out        string
	format     string
	workers    int
	noProgress bool
	csv        csvFlags
	dialect    csv.Options // from csv, set by check
	output     outputFlags
}

// check validates the shared flags and fills dialect; its errors are usage
// errors (exit 2).
func (o *rewriteOptions) check(cmd *cobra.Command) error {
	if o.key == "" || o.out == "" {
		return &codeError{exitError, errors.New("--key FILE and --out DIR are required")}
	}
	if _, ok := formats()[o.format]; !ok {
		return &codeError{exitError, fmt.Errorf("--format %q: want one of %s", o.format, strings.Join(formatNames(), ", "))}
	}
	if err := o.output.check(cmd, o.format); err != nil {
		return err
	}
	var err error
	o.dialect, err = o.csv.options()
	return err
}

// csvFlags are the CSV dialect flags of scan, mask and unmask, as typed.
type csvFlags struct {
	delimiter  string
	quote      string
	comment    string
	lazyQuotes bool
}

// add registers the flags on cmd. output says whether the command writes
// CSV too (mask, unmask), which the help text mentions.
func (c *csvFlags) add(cmd *cobra.Command, output bool) {
	f := cmd.Flags()
	also := ""
	if output {
		also = "; CSV outputs are written with it too"
	}
	f.StringVar(&c.delimiter, "delimiter", "", `field delimiter of CSV inputs: one ASCII character, or \t or tab for a tab (default: tab for .tsv files, else ,)`+also)
	f.StringVar(&c.quote, "quote", "", `quote character of CSV fields: one ASCII character (default ")`+also)
	f.BoolVar(&c.lazyQuotes, "lazy-quotes", false, `accept a bare " inside an unquoted field, or a stray " inside a quoted one, as a literal quote (otherwise the row is malformed)`)
	f.StringVar(&c.comment, "comment", "", "skip CSV lines that start with this character (one ASCII character; none by default)")
}

// options turns the flags into csv.Options, or a usage error (exit 2) that
// names the flag. A zero Delimiter means the default (see csvOptionsFor).
func (c csvFlags) options() (csv.Options, error) {
	delim, err := flagChar("--delimiter", c.delimiter, false)
	if err != nil {
		return csv.Options{}, err
	}
	comment, err := flagChar("--comment", c.comment, true)
	if err != nil {
		return csv.Options{}, err
	}
	var quote rune
	if c.quote != "" {
		r, n := utf8.DecodeRuneInString(c.quote)
		if n != len(c.quote) || r >= utf8.RuneSelf {
			return csv.Options{}, &codeError{exitError, fmt.Errorf(`--quote %q: want one ASCII character`, c.quote)}
		}
		quote = r
	}
	o := csv.Options{Delimiter: delim, Comment: comment, Quote: quote, LazyQuotes: c.lazyQuotes}
	// The comment character must differ from the delimiter (a comma when
	// --delimiter is not given; a .tsv file read with a tab comment
	// character fails on its own, naming the file), and the quote from
	// both.
	if err := o.Validate(); err != nil {
		flag, v := "--comment", c.comment
		if quote != 0 {
			flag, v = "--quote", c.quote
		}
		return csv.Options{}, &codeError{exitError, fmt.Errorf("%s %q: %w", flag, v, err)}
	}
	return o, nil
}

// flagChar reads the one character of a CSV flag: "" is none (0), `\t` and
// "tab" are a tab; anything else must be a single ASCII character that the
// csv package accepts in that role (the delimiter, or the comment
// character when comment is set).
func flagChar(name, v string, comment bool) (rune, error) {
	switch strings.ToLower(v) {
	case "":
		return 0, nil
	case `\t`, "tab":
		return '\t', nil
	}
	r, n := utf8.DecodeRuneInString(v)
	if n != len(v) || r == 0 || r >= utf8.RuneSelf {
		return 0, &codeError{exitError, fmt.Errorf(`%s %q: want one ASCII character (or \t or tab for a tab)`, name, v)}
	}
	check := csv.Options{Delimiter: r}
	if comment {
		// Any other delimiter: the pair is checked in options.
		check = csv.Options{Delimiter: ',', Comment: r}
		if r == ',' {
			check.Delimiter = ';'
		}
	}
	if err := check.Validate(); err != nil {
		return 0, &codeError{exitError, fmt.Errorf("%s %q: %w", name, v, err)}
	}
	return r, nil
}

// csvOptionsFor is the dialect an input is read with: the flags' options,
// with a tab delimiter for a .tsv file (compressed or not) when
// --delimiter was not given.
func csvOptionsFor(path string, co csv.Options) csv.Options {
	if co.Delimiter == 0 && file.DataExt(path) == ".tsv" {
		co.Delimiter = '\t'
	}
	return co
}

// outputFlags are the output options of mask and unmask beyond --format.
type outputFlags struct {
	compression string
}

// add registers the flags on cmd.
func (o *outputFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.compression, "compression", "zstd", "Parquet output compression: zstd, snappy or none (only with --format parquet)")
}

// compressions are the values --compression takes.
var compressions = []string{"zstd", "snappy", "none"}

// check validates the flags against the output format: an unknown codec,
// or --compression given with another format than Parquet, is a usage
// error.
func (o outputFlags) check(cmd *cobra.Command, outFormat string) error {
	if !slices.Contains(compressions, o.compression) {
		return &codeError{exitError, fmt.Errorf("--compression %q: want one of %s", o.compression, strings.Join(compressions, ", "))}
	}
	if cmd.Flags().Changed("compression") && outFormat != "parquet" {
		return &codeError{exitError, fmt.Errorf("--compression applies to Parquet output only, not --format %s", outFormat)}
	}
	return nil
}

// codec is WriteOptions.Compression for outFormat: the flag's value for
// Parquet, and "" (the format's own default) for every other format, since
// the flag is about Parquet only (Arrow IPC would read "zstd" as its own
// body compression).
func (o outputFlags) codec(outFormat string) string {
	if outFormat != "parquet" {
		return ""
	}
	return o.compression
}

// outputOpener is the opener that writes outputs in format name: CSV with
// the dialect of the flags (delimiter and comment character; the default
// delimiter is a comma whatever the inputs), the others from the registry.
func outputOpener(name string, co csv.Options) format.Opener {
	if name == "csv" {
		return csv.New(co)
	}
	return formats()[name]
}

// quoteHint adds to a CSV quoting error (a bare or stray quote) that
// --lazy-quotes accepts such rows; other errors pass unchanged.
func quoteHint(err error) error {
	if errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrQuote) {
		return fmt.Errorf("%w (--lazy-quotes reads stray quotes as literal ones)", err)
	}
	return err
}

// inputError makes the error of one input name it first: the readers'
// errors already do (they start with the path), others (an output writer
// refusing the input's schema, a masking plan, a failed write) get the
// path in front.
func inputError(path string, err error) error {
	var pe *fs.PathError
	if strings.HasPrefix(err.Error(), path) || errors.As(err, &pe) && pe.Path == path {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}
