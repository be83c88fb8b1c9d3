package jsonl

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
)

// Errors a line can have. They arrive wrapped in a *format.RowError whose
// Row is the 1-based line number (blank lines count); match them with
// errors.Is.
var (
	// ErrSyntax: the line is not valid JSON (the message gives the byte
	// offset in the line).
	ErrSyntax = errors.New("invalid JSON")
	// ErrNotObject: the line is JSON but not an object.
	ErrNotObject = errors.New("not a JSON object")
	// ErrInvalidUTF8: the line is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrDuplicateKey: an object has the same key twice (RFC 8259 leaves
	// the meaning open, so the reader refuses rather than guess). The
	// RowError's Column is the key's path.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrTooDeep: objects and arrays nested deeper than Options.MaxDepth.
	ErrTooDeep = errors.New("nested too deep")
	// ErrTooManyColumns: the line would take the number of columns past
	// Options.MaxColumns.
	ErrTooManyColumns = errors.New("too many columns")
	// ErrLineTooLong: a line over Options.MaxLineBytes. Always fatal: the
	// reader does not buffer a line without limit.
	ErrLineTooLong = errors.New("line too long")
	// ErrTemplate: the writer met a template it cannot use (not one the
	// reader made, or altered on the way).
	ErrTemplate = errors.New("invalid jsonl template")
	// ErrOptions: the Options are invalid.
	ErrOptions = errors.New("invalid jsonl options")
	// ErrNotInSchema: with Options.Schema, a line has a leaf whose path is
	// not a column of the schema. The RowError's Column is the path. Always
	// fatal, even under SkipBadRows: the input is not what the caller said
	// it is (it changed since its schema was learned, say), and leaving
	// such lines out would drop data silently.
	ErrNotInSchema = errors.New("path not in the given schema")
)

// Defaults for Options.
const (
	DefaultMaxLineBytes = 64 << 20
	DefaultMaxColumns   = 10000
	DefaultMaxDepth     = 256
)

// TemplateColumn is the name of the hidden column that carries each row's
// template (see the package documentation). Its field has the metadata
// key TemplateMetadataKey.
const TemplateColumn = "__veil_jsonl_template"

// TemplateMetadataKey is set (to "template") in the metadata of the
// template column's field, so that stages can recognise it without
// knowing its name: it is structure, not data — never scan or mask it.
// It is csv.InternalMetadataKey, so the CSV writer leaves the column out.
const TemplateMetadataKey = csv.InternalMetadataKey

// IsTemplate reports whether f is the template column.
func IsTemplate(f arrow.Field) bool {
	if f.Name != TemplateColumn || f.Type.ID() != arrow.STRING {
		return false
	}
	v, ok := f.Metadata.GetValue(TemplateMetadataKey)
	return ok && v == "template"
}

// Options configure the JSON lines format beyond format.ReadOptions.
type Options struct {
	// OmitTemplate leaves the template column out of what the reader
	// returns: use it when the output is not JSON lines, or for a scan. The
	// writer then writes flat objects.
	OmitTemplate bool
	// MaxLineBytes bounds one line; a longer one fails the read. Default
	// DefaultMaxLineBytes; at most 1 GiB.
	MaxLineBytes int
	// MaxColumns bounds the number of leaf columns (distinct paths) in one
	// input; a line that would add more is a bad row. Default
	// DefaultMaxColumns. With Schema it still bounds the distinct paths
	// met so far, so that a fixed-schema read rejects the same lines as the
	// widening read its schema was learned from.
	MaxColumns int
	// MaxDepth bounds the nesting of objects and arrays in a line, the
	// outer object counting 1. Default DefaultMaxDepth.
	MaxDepth int
	// Schema, when set, fixes the columns: every batch has exactly these
	// fields, in this order, and Reader.Schema returns it from the start.
	// A path a line lacks is null. A line with a leaf whose path is not a
	// field fails the read with ErrNotInSchema (never dropped). Each field
	// must be a nullable utf8 column named by a path, or the template
	// column (see IsTemplate), which is then filled wherever it stands;
	// without it no template is returned. The usual source is the Schema of
	// an earlier widening read of the same input, after its last batch:
	// the union of its paths, so a second read gives every batch that one
	// schema, as Parquet, Arrow IPC and CSV writers need. Leaves of any
	// JSON kind fill a utf8 column, as in a widening read; the template
	// keeps each row's kinds.
	Schema *arrow.Schema
}

func (o Options) withDefaults() Options {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	return o
}

// Validate reports what is wrong with o, or nil.
func (o Options) Validate() error {
	if o.MaxLineBytes > 1<<30 {
		return fmt.Errorf("%w: MaxLineBytes over 1 GiB", ErrOptions)
	}
	if o.Schema != nil {
		return o.validateSchema()
	}
	return nil
}

// validateSchema checks that Schema is one a reader can fill.
func (o Options) validateSchema() error {
	seen := make(map[string]bool, o.Schema.NumFields())
	for i, f := range o.Schema.Fields() {
		if seen[f.Name] {
			return fmt.Errorf("%w: Schema field %d: column %q appears twice", ErrOptions, i, f.Name)
		}
		seen[f.Name] = true
		if IsTemplate(f) {
			if o.OmitTemplate {
				return fmt.Errorf("%w: Schema holds the template column but OmitTemplate is set", ErrOptions)
			}
			continue
		}
		switch {
		case strings.HasPrefix(f.Name, reservedPrefix):
			return fmt.Errorf("%w: Schema field %d: column %q: the prefix %s is reserved and no path has it", ErrOptions, i, f.Name, reservedPrefix)
		case f.Type.ID() != arrow.STRING:
			return fmt.Errorf("%w: Schema field %d: column %q is %s; JSON lines columns are utf8", ErrOptions, i, f.Name, f.Type)
		case !f.Nullable:
			return fmt.Errorf("%w: Schema field %d: column %q must be nullable (a line may lack it)", ErrOptions, i, f.Name)
		}
	}
	return nil
}

// New returns the JSON lines format with the given options.
func New(opts Options) format.Opener { return opener{opts: opts} }

type opener struct{ opts Options }

var _ format.Opener = opener{}

// Name is "jsonl".
func (opener) Name() string { return "jsonl" }

// NewReader reads JSON lines from r, which may be gzip or zstd compressed.
func (o opener) NewReader(r io.Reader, opts format.ReadOptions) (format.Reader, error) {
	return newReader(r, opts, o.opts)
}

// NewWriter writes JSON lines to w.
func (o opener) NewWriter(w io.Writer, schema *arrow.Schema, opts format.WriteOptions) (format.Writer, error) {
	return newWriter(w, schema, opts, o.opts)
}
