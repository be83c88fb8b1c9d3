// Package format defines how tabular formats (CSV, JSON lines, Parquet,
// Arrow IPC) are read into and written from Arrow record batches. The
// sub-packages implement it; every system connector (local files, S3,
// Kafka, Kinesis) shares them.
//
// A format never scans or masks; it only moves values. Errors name the
// source and the row, never the value.
package format

import (
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Reader yields record batches from one input, all with the same schema
// unless the format says otherwise (JSON lines widen it as new paths
// appear, unless read with a fixed schema: see jsonl.Options.Schema).
type Reader interface {
	// Schema is the schema of the batches read so far.
	Schema() *arrow.Schema
	// Next returns the next batch, which the caller must Release, or io.EOF
	// after the last one. A bad row gives a *RowError (or, with SkipBadRows,
	// is counted in Skipped and left out).
	Next() (arrow.RecordBatch, error)
	// Rows is how many rows Next has returned so far, with those a
	// RowFilter left out.
	Rows() int64
	// Skipped is how many bad rows were left out under SkipBadRows.
	Skipped() int64
	// Close releases the reader; it does not close the underlying stream.
	Close() error
}

// RowFilter is a Reader that can leave rows out of its batches without
// building them: a sample needs every row read and checked, but only a few
// of them as Arrow data.
type RowFilter interface {
	// SetKeep makes Next return only the rows for which keep is true; keep
	// sees each good row's index among all good rows (from 0), in order.
	// Every row is still read, checked and counted in Rows. It reports
	// whether the reader will do so; a reader that cannot returns false and
	// goes on returning every row.
	SetKeep(keep func(row int64) bool) bool
}

// Writer writes record batches to one output.
type Writer interface {
	// Write appends the rows of rec; rec stays owned by the caller.
	Write(rec arrow.RecordBatch) error
	// Close flushes everything and finishes the output (footers); it does
	// not close the underlying stream.
	Close() error
}

// ReadOptions are shared by every format's reader.
type ReadOptions struct {
	Source      string           // name used in errors: a path or URI
	BatchRows   int              // rows per batch; default DefaultBatchRows
	BatchBytes  int              // soft cap on value bytes per batch; default DefaultBatchBytes
	SkipBadRows bool             // leave malformed rows out (counted) instead of failing
	Allocator   memory.Allocator // default memory.DefaultAllocator
}

// Defaults for ReadOptions.
const (
	DefaultBatchRows  = 8192
	DefaultBatchBytes = 8 << 20
)

// WithDefaults fills in unset fields.
func (o ReadOptions) WithDefaults() ReadOptions {
	if o.BatchRows <= 0 {
		o.BatchRows = DefaultBatchRows
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = DefaultBatchBytes
	}
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	return o
}

// RowError is a problem with one row of an input. It never holds the row's
// contents.
type RowError struct {
	Source string // path or URI
	Row    int64  // 1-based data row (the CSV header is row 0)
	Column string // the column, when known
	Err    error  // what is wrong
}

func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s: row %d, column %q: %v", e.Source, e.Row, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: row %d: %v", e.Source, e.Row, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// InternalMetadataKey marks, in a field's metadata, a column that is Veil's
// own bookkeeping rather than data (the JSON lines template): it is never
// scanned or masked, and writers of other formats leave it out.
const InternalMetadataKey = "veil.internal"

// IsInternal reports whether a field is such a bookkeeping column.
func IsInternal(f arrow.Field) bool { return f.Metadata.FindKey(InternalMetadataKey) >= 0 }

// ErrCorrupt is wrapped by errors about inputs that are not of their format
// at all (a truncated Parquet footer, say) rather than one bad row.
var ErrCorrupt = errors.New("corrupt input")

// Opener makes readers and writers for one format.
type Opener interface {
	// Name is the format's name as users write it: csv, jsonl, parquet, arrow.
	Name() string
	// NewReader reads from r. Formats that need random access (Parquet,
	// the Arrow IPC file format) require r to be an io.ReaderAt with a size
	// (see Sized) and return an error otherwise.
	NewReader(r io.Reader, opts ReadOptions) (Reader, error)
	// NewWriter writes batches of the given schema to w.
	NewWriter(w io.Writer, schema *arrow.Schema, opts WriteOptions) (Writer, error)
}

// Sized is an input with random access, as Parquet needs.
type Sized interface {
	io.ReaderAt
	Size() int64
}

// WriteOptions are shared by every format's writer; a format ignores what
// does not apply to it.
type WriteOptions struct {
	Compression  string           // parquet: zstd (default), snappy, none
	RowGroupRows int              // parquet: rows per row group; default 128Ki
	Delimiter    rune             // csv: default ','
	Allocator    memory.Allocator // default memory.DefaultAllocator
	// Metadata is carried into the output where the format allows (CSV
	// header comments are not written).
	Metadata map[string]string
}
