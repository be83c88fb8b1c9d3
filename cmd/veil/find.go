package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/veil-data/veil/connectors/compress"
	"github.com/veil-data/veil/scanner"
)

type findOptions struct {
	policy     string
	minConf    string
	format     string
	showValues bool
	workers    int
}

func newFindCmd() *cobra.Command {
	var o findOptions
	cmd := &cobra.Command{
		Use:   "find [flags] [FILE...]",
		Short: "Report identifiers found in text files or standard input",
		Long: `find scans text files (gzip and zstd are decompressed transparently) or
standard input, and reports every identifier it finds: its type, byte offsets
into the decompressed input, line and confidence. Matched values are never
printed unless --show-values is given.

Exit status: 0 nothing found, 1 something found, 2 an error (the message names
the file).`,
		Example: `  veil find app.log
  zcat logs/*.gz | veil find --format text
  veil find --policy policy.yaml --min-confidence POSSIBLE dump.json.zst`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFind(cmd, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (YAML); built-in defaults when empty")
	f.StringVar(&o.minConf, "min-confidence", "", "lowest confidence reported: VERY_UNLIKELY, UNLIKELY, POSSIBLE, LIKELY (default) or VERY_LIKELY")
	f.StringVar(&o.format, "format", "", "jsonl or text (default: text on a terminal, jsonl otherwise)")
	f.BoolVar(&o.showValues, "show-values", false, "print the matched values (they are sensitive)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "scanning goroutines")
	return cmd
}

// findRecord is one line of `veil find --format jsonl`.
type findRecord struct {
	Type       string `json:"type"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Line       int64  `json:"line"`
	Confidence string `json:"confidence"`
	File       string `json:"file"`
	Validated  bool   `json:"validated"`
	Example    bool   `json:"example"`
	Value      string `json:"value,omitempty"`
}

func runFind(cmd *cobra.Command, o findOptions, files []string) error {
	stdout := cmd.OutOrStdout()
	if o.format == "" {
		o.format = "jsonl"
		if isTerminal(stdout) {
			o.format = "text"
		}
	}
	if o.format != "jsonl" && o.format != "text" {
		return &codeError{exitError, fmt.Errorf("--format %q: want jsonl or text", o.format)}
	}
	sc, err := buildScanner(o.policy, o.minConf)
	if err != nil {
		return &codeError{exitError, err}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	enc := json.NewEncoder(out)
	found, failed := 0, 0
	for _, name := range files {
		n, err := findInFile(sc, name, o, func(f scanner.Finding) error {
			return writeFinding(out, enc, name, f, o)
		}, cmd.InOrStdin())
		found += n
		if err != nil {
			failed++
			fmt.Fprintf(cmd.ErrOrStderr(), "veil: %s: %v\n", displayName(name), err)
		}
	}
	if err := out.Flush(); err != nil {
		return &codeError{exitError, fmt.Errorf("writing results: %w", err)}
	}
	switch {
	case failed > 0:
		return &codeError{exitError, nil}
	case found > 0:
		return &codeError{exitFindings, nil}
	}
	return nil
}

func displayName(name string) string {
	if name == "-" {
		return "(standard input)"
	}
	return name
}

// findInFile scans one file ("-" for stdin) and returns how many findings it
// reported.
func findInFile(sc *scanner.Scanner, name string, o findOptions, emit func(scanner.Finding) error, stdin io.Reader) (int, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, errors.Unwrap(err) // the path is already in the message
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return 0, errors.New("is a directory")
		}
		r = f
	}
	dr, _, err := compress.Open(r)
	if err != nil {
		return 0, err
	}
	defer dr.Close()
	n := 0
	err = sc.Stream(dr, scanner.Context{}, o.workers, func(f scanner.Finding) error {
		n++
		return emit(f)
	})
	return n, err
}

func writeFinding(w *bufio.Writer, enc *json.Encoder, file string, f scanner.Finding, o findOptions) error {
	if o.format == "text" {
		line := displayName(file) + ":" + strconv.FormatInt(f.Line, 10) + ": " + f.Type +
			" [" + strconv.Itoa(f.Start) + "," + strconv.Itoa(f.End) + ") " + f.Confidence.String()
		if f.Example {
			line += " example"
		}
		if o.showValues {
			line += " " + strconv.Quote(string(f.Value))
		}
		_, err := w.WriteString(line + "\n")
		return err
	}
	rec := findRecord{
		Type: f.Type, Start: f.Start, End: f.End, Line: f.Line,
		Confidence: f.Confidence.String(), File: file,
		Validated: f.Validated, Example: f.Example,
	}
	if o.showValues {
		rec.Value = string(f.Value)
	}
	return enc.Encode(rec)
}
