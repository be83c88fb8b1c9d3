package csv

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/veil-data/veil/connectors/format"
)

// Errors a row or the header can have. They arrive wrapped in a
// *format.RowError that names the source, the row and, where known, the
// column; match them with errors.Is.
var (
	// ErrBareQuote: a quote inside a field that does not start with one
	// (allowed with Options.LazyQuotes).
	ErrBareQuote = errors.New(`bare " in non-quoted field`)
	// ErrQuote: a quoted field whose closing quote is followed by something
	// other than a delimiter or the end of the line, or that never closes
	// (allowed with Options.LazyQuotes).
	ErrQuote = errors.New(`extraneous or missing " in quoted field`)
	// ErrFieldCount: a row with more or fewer fields than the header.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrInvalidUTF8: a field that is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrHeader: the header row (row 0) is unusable: an empty or repeated
	// column name, or one of the errors above. Always fatal, even with
	// SkipBadRows.
	ErrHeader = errors.New("bad header")
	// ErrRecordTooLong: a row over Options.MaxRecordBytes. Always fatal,
	// since the reader cannot tell where the next row starts.
	ErrRecordTooLong = errors.New("record too long")
	// ErrOptions: the Options or WriteOptions are invalid.
	ErrOptions = errors.New("invalid csv options")
)

// DefaultMaxRecordBytes is the default Options.MaxRecordBytes.
const DefaultMaxRecordBytes = 64 << 20

// maxBatchBytes keeps every column of a batch within int32 offsets, with
// room for one record of up to MaxRecordBytes on top.
const maxBatchBytes = 1 << 30

// Options configure the CSV format beyond format.ReadOptions and
// format.WriteOptions. The zero value reads and writes RFC 4180 CSV with a
// comma.
type Options struct {
	// Delimiter separates fields: ',' (the default, when 0), ';', '\t',
	// '|', or any other ASCII character except a quote, '\r', '\n' and the
	// Comment character. WriteOptions.Delimiter, when set, overrides it
	// for a writer.
	Delimiter rune
	// Comment, when not 0, marks comment lines: a line starting with it is
	// skipped (not inside a quoted field). ASCII only. The writer quotes a
	// first field that starts with it.
	Comment rune
	// Quote encloses a field that holds the delimiter, a quote or a line
	// break, and is doubled inside it: '"' (the default, when 0), or any
	// other ASCII character but the delimiter, the comment character, '\r'
	// and '\n' (a single quote, say).
	Quote rune
	// LazyQuotes accepts a quote inside an unquoted field and a stray quote
	// inside a quoted one as a literal quote, as encoding/csv does;
	// otherwise both are row errors.
	LazyQuotes bool
	// MaxRecordBytes bounds one row, quoted line breaks included; a longer
	// one fails the read. Default DefaultMaxRecordBytes; at most 1 GiB.
	MaxRecordBytes int
}

// withDefaults fills unset fields.
func (o Options) withDefaults() Options {
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	if o.Quote == 0 {
		o.Quote = '"'
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	return o
}

// Validate reports what is wrong with o, or nil; NewReader and NewWriter
// call it too.
func (o Options) Validate() error {
	o = o.withDefaults()
	if err := validChar(o.Quote, 0); err != nil {
		return fmt.Errorf("%w: quote: %w", ErrOptions, err)
	}
	if err := validChar(o.Delimiter, o.Quote); err != nil {
		return fmt.Errorf("%w: delimiter: %w", ErrOptions, err)
	}
	if o.Comment != 0 {
		if err := validChar(o.Comment, o.Quote); err != nil {
			return fmt.Errorf("%w: comment: %w", ErrOptions, err)
		}
		if o.Comment == o.Delimiter {
			return fmt.Errorf("%w: comment and delimiter are both %q", ErrOptions, o.Delimiter)
		}
	}
	if o.MaxRecordBytes > maxBatchBytes {
		return fmt.Errorf("%w: MaxRecordBytes over %d", ErrOptions, maxBatchBytes)
	}
	return nil
}

// validChar checks a dialect character: ASCII, not a line break, and not
// the quote (0 when r is the quote itself).
func validChar(r, quote rune) error {
	switch {
	case r <= 0 || r >= 0x80:
		return fmt.Errorf("%q is not an ASCII character", r)
	case r == '\r' || r == '\n':
		return fmt.Errorf("%q cannot separate or quote fields", r)
	case r == quote:
		return fmt.Errorf("%q is the quote character", r)
	}
	return nil
}

// New returns the CSV format with the given options. Invalid options are
// reported by NewReader and NewWriter (and by Options.Validate).
func New(opts Options) format.Opener { return opener{opts: opts} }

type opener struct{ opts Options }

var _ format.Opener = opener{}

// Name is "csv".
func (opener) Name() string { return "csv" }

// NewReader reads CSV from r, which may be gzip or zstd compressed.
func (o opener) NewReader(r io.Reader, opts format.ReadOptions) (format.Reader, error) {
	return newReader(r, opts, o.opts)
}

// NewWriter writes CSV to w.
func (o opener) NewWriter(w io.Writer, schema *arrow.Schema, opts format.WriteOptions) (format.Writer, error) {
	return newWriter(w, schema, opts, o.opts)
}
