package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"io"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
)

// benchCSV is about 8 MB of the bench generator's 16-column customer
// table, made on first use so that plain test runs do not pay for it.
var benchCSV = sync.OnceValue(func() []byte { return bench.CSV(7, 8<<20) })

// BenchmarkRead reads the table into batches of the default size.
func BenchmarkRead(b *testing.B) {
	b.SetBytes(int64(len(benchCSV())))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := New(Options{}).NewReader(bytes.NewReader(benchCSV()), format.ReadOptions{Allocator: memory.NewGoAllocator()})
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

// BenchmarkStdlib is encoding/csv alone on the same input, for scale.
func BenchmarkStdlib(b *testing.B) {
	b.SetBytes(int64(len(benchCSV())))
	b.ReportAllocs()
	for b.Loop() {
		r := stdcsv.NewReader(bytes.NewReader(benchCSV()))
		r.ReuseRecord = true
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWrite writes the batches of the table back out.
func BenchmarkWrite(b *testing.B) {
	rd, err := New(Options{}).NewReader(bytes.NewReader(benchCSV()), format.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	recs := readAllRecords(b, rd)
	defer releaseAll(recs)
	b.SetBytes(int64(len(benchCSV())))
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
