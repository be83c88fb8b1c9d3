package arrowipc

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/format"
)

// Writer writes record batches in the Arrow IPC file or stream format. It
// implements format.Writer; it is not safe for concurrent use.
type Writer struct {
	schema *arrow.Schema
	file   *ipc.FileWriter
	stream *ipc.Writer
	closed bool
}

var _ format.Writer = (*Writer)(nil)

// NewWriter writes batches of schema to w: the file format, or the stream
// format when stream is true. The schema is written as given, with
// opts.Metadata added to its metadata (a key in both takes the value from
// opts). opts.Compression selects IPC body compression: "" or "none" (the
// default: no compression, which every Arrow reader accepts and which can be
// memory-mapped), "zstd" or "lz4".
func NewWriter(w io.Writer, schema *arrow.Schema, opts format.WriteOptions, stream bool) (*Writer, error) {
	if schema == nil {
		return nil, errors.New("arrowipc: nil schema")
	}
	mem := opts.Allocator
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	schema = withMetadata(schema, opts.Metadata)
	ipcOpts := []ipc.Option{ipc.WithSchema(schema), ipc.WithAllocator(mem)}
	switch opts.Compression {
	case "", "none":
	case "zstd":
		ipcOpts = append(ipcOpts, ipc.WithZstd())
	case "lz4":
		ipcOpts = append(ipcOpts, ipc.WithLZ4())
	default:
		return nil, fmt.Errorf("arrowipc: unsupported compression %q (want none, zstd or lz4)", opts.Compression)
	}
	wr := &Writer{schema: schema}
	if stream {
		wr.stream = ipc.NewWriter(w, ipcOpts...)
		return wr, nil
	}
	fw, err := ipc.NewFileWriter(w, ipcOpts...)
	if err != nil {
		return nil, fmt.Errorf("arrowipc: %w", err)
	}
	wr.file = fw
	return wr, nil
}

// withMetadata returns schema with extra added to its metadata.
func withMetadata(schema *arrow.Schema, extra map[string]string) *arrow.Schema {
	if len(extra) == 0 {
		return schema
	}
	md := schema.Metadata()
	kv := make(map[string]string, md.Len()+len(extra))
	for i, k := range md.Keys() {
		kv[k] = md.Values()[i]
	}
	maps.Copy(kv, extra)
	keys := slices.Sorted(maps.Keys(kv))
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = kv[k]
	}
	m := arrow.NewMetadata(keys, vals)
	return arrow.NewSchema(schema.Fields(), &m)
}

// Write appends the rows of rec, whose fields must equal the writer's
// schema (schema metadata may differ); rec stays owned by the caller.
func (wr *Writer) Write(rec arrow.RecordBatch) (err error) {
	if wr.closed {
		return errors.New("arrowipc: write after close")
	}
	if !sameFields(rec.Schema(), wr.schema) {
		return errors.New("arrowipc: batch schema differs from the writer's")
	}
	if rec.Schema() != wr.schema {
		rec = array.NewRecordBatch(wr.schema, rec.Columns(), rec.NumRows())
		defer rec.Release()
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("arrowipc: encoder panic: %v", p)
		}
	}()
	if wr.file != nil {
		err = wr.file.Write(rec)
	} else {
		err = wr.stream.Write(rec)
	}
	if err != nil {
		return fmt.Errorf("arrowipc: %w", err)
	}
	return nil
}

func sameFields(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i := range a.NumFields() {
		if !a.Field(i).Equal(b.Field(i)) {
			return false
		}
	}
	return true
}

// Close writes the end of the output (the footer, or the end-of-stream
// marker); it does not close the underlying writer. An output with no
// batches is still a valid file holding the schema.
func (wr *Writer) Close() error {
	if wr.closed {
		return nil
	}
	wr.closed = true
	var err error
	if wr.file != nil {
		err = wr.file.Close()
	} else {
		err = wr.stream.Close()
	}
	if err != nil {
		return fmt.Errorf("arrowipc: %w", err)
	}
	return nil
}
