package jsonl

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/format"
)

// The inputs are made on first use so that plain test runs do not pay for
// them.
var (
	// benchNested is about 8 MB of nested customer records (genJSONL).
	benchNested = sync.OnceValue(func() []byte { return genJSONL(7, 8<<20) })
	// benchLogs is about 5 MB of logstash and zap JSON log lines.
	benchLogs = sync.OnceValue(func() []byte { return logJSONL(7, 12<<20) })
)

func benchRead(b *testing.B, in []byte, jo Options) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := New(jo).NewReader(bytes.NewReader(in), format.ReadOptions{Allocator: memory.NewGoAllocator()})
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rec.Release()
		}
		rd.Close()
	}
}

// BenchmarkRead reads nested records into batches, templates included.
func BenchmarkRead(b *testing.B) { benchRead(b, benchNested(), Options{}) }

// BenchmarkReadLogs reads flat-ish JSON log lines.
func BenchmarkReadLogs(b *testing.B) { benchRead(b, benchLogs(), Options{}) }

// BenchmarkReadNoTemplate reads nested records without the template column.
func BenchmarkReadNoTemplate(b *testing.B) { benchRead(b, benchNested(), Options{OmitTemplate: true}) }

// BenchmarkStdlibTokens is encoding/json's Decoder.Token over the same
// input, for scale.
func BenchmarkStdlibTokens(b *testing.B) {
	b.SetBytes(int64(len(benchNested())))
	b.ReportAllocs()
	for b.Loop() {
		d := json.NewDecoder(bytes.NewReader(benchNested()))
		d.UseNumber()
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWrite writes the nested records back through their templates.
func BenchmarkWrite(b *testing.B) {
	rd, err := New(Options{}).NewReader(bytes.NewReader(benchNested()), format.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var recs []arrow.RecordBatch
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, rec)
	}
	defer releaseAll(recs)
	b.SetBytes(int64(len(benchNested())))
	b.ReportAllocs()
	for b.Loop() {
		w, err := New(Options{}).NewWriter(io.Discard, rd.Schema(), format.WriteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range recs {
			if err := w.Write(rec); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
