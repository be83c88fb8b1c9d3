// Command gensample writes the bundled sample data in testdata/ from the
// seeded generator, so the fixtures can be remade rather than hand-edited:
//
//	go run ./bench/cmd/gensample -out testdata
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	veilcsv "github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/parquet"
)

func main() {
	out := flag.String("out", "testdata", "directory to write into")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Application logs with a denser stretch of support-ticket prose, so a
	// demo run shows most types.
	sample := append(bench.LogText(7, 16<<10), bench.DenseText(7, 6<<10)...)
	if err := os.WriteFile(filepath.Join(dir, "sample.log"), sample, 0o644); err != nil {
		return err
	}
	// A customer table whose columns have known classifications
	// (bench.TableColumns), for `veil scan` and `veil mask`.
	header, rows := bench.Table(7, 300)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "customers.csv"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	// The same rows as Parquet, written by Veil's own Parquet writer (zstd),
	// with the columns a database export would type typed.
	f, err := os.Create(filepath.Join(dir, "customers.parquet"))
	if err != nil {
		return err
	}
	if err := writeParquet(f, buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// typed are the columns of the customer table written with a type other
// than string, and how their text is parsed.
var typed = map[string]struct {
	typ   arrow.DataType
	parse func(b array.Builder, s string) error
}{
	"id": {arrow.PrimitiveTypes.Int64, func(b array.Builder, s string) error {
		return b.AppendValueFromString(s)
	}},
	"amount": {&arrow.Decimal128Type{Precision: 10, Scale: 2}, func(b array.Builder, s string) error {
		n, err := decimal128.FromString(s, 10, 2)
		if err != nil {
			return err
		}
		b.(*array.Decimal128Builder).Append(n)
		return nil
	}},
	// Local time without a zone, as the CSV has it.
	"created_at": {&arrow.TimestampType{Unit: arrow.Microsecond}, func(b array.Builder, s string) error {
		t, err := time.Parse(time.DateTime, s)
		if err != nil {
			return err
		}
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
		return nil
	}},
}

// writeParquet reads the CSV text with Veil's CSV reader and writes its rows
// to w as Parquet, converting the typed columns (an empty cell is a null).
func writeParquet(w io.Writer, csvText []byte) error {
	mem := memory.DefaultAllocator
	rd, err := veilcsv.New(veilcsv.Options{}).NewReader(bytes.NewReader(csvText), format.ReadOptions{Source: "customers.csv", Allocator: mem})
	if err != nil {
		return err
	}
	defer rd.Close()
	in := rd.Schema()
	fields := in.Fields()
	for i, f := range fields {
		if t, ok := typed[f.Name]; ok {
			fields[i].Type = t.typ
		}
	}
	schema := arrow.NewSchema(fields, nil)
	pw, err := parquet.Opener{}.NewWriter(w, schema, format.WriteOptions{Compression: "zstd", Allocator: mem})
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		out, err := convert(mem, schema, rec)
		rec.Release()
		if err != nil {
			return err
		}
		err = pw.Write(out)
		out.Release()
		if err != nil {
			return err
		}
	}
	return pw.Close()
}

// convert is rec (all strings) with the typed columns parsed into schema's
// types.
func convert(mem memory.Allocator, schema *arrow.Schema, rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, rec.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for j, f := range schema.Fields() {
		src := rec.Column(j)
		t, ok := typed[f.Name]
		if !ok {
			src.Retain()
			cols[j] = src
			continue
		}
		strs := src.(*array.String)
		b := array.NewBuilder(mem, t.typ)
		for i := range strs.Len() {
			if strs.IsNull(i) || strs.Value(i) == "" {
				b.AppendNull()
				continue
			}
			if err := t.parse(b, strs.Value(i)); err != nil {
				b.Release()
				return nil, fmt.Errorf("column %s, row %d: %w", f.Name, i+1, err)
			}
		}
		cols[j] = b.NewArray()
		b.Release()
	}
	return array.NewRecordBatch(schema, cols, rec.NumRows()), nil
}
