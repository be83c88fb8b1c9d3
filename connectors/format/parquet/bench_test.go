package parquet

import (
	"bytes"
	"io"
	"strconv"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/bench"
	veilfmt "github.com/veil-data/veil/connectors/format"
)

const benchRows = 100_000

var benchTable = sync.OnceValues(func() ([]arrow.RecordBatch, int64) {
	return customerBatches(memory.DefaultAllocator, 1, benchRows, 8192)
})

// customerBatches turns bench.Table into Arrow batches: id as int64,
// amount as float64, every other column a string (empty cells are empty
// strings, as a CSV reader gives them). It also returns the size of the
// same rows as CSV text, the unit the benchmarks report throughput in.
func customerBatches(mem memory.Allocator, seed int64, rows, batch int) ([]arrow.RecordBatch, int64) {
	header, data := bench.Table(seed, rows)
	fields := make([]arrow.Field, len(header))
	for i, h := range header {
		switch h {
		case "id":
			fields[i] = arrow.Field{Name: h, Type: arrow.PrimitiveTypes.Int64}
		case "amount":
			fields[i] = arrow.Field{Name: h, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
		default:
			fields[i] = arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true}
		}
	}
	schema := arrow.NewSchema(fields, nil)
	var csvBytes int64
	var recs []arrow.RecordBatch
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for r, row := range data {
		for i, cell := range row {
			csvBytes += int64(len(cell)) + 1
			switch fb := b.Field(i).(type) {
			case *array.Int64Builder:
				v, _ := strconv.ParseInt(cell, 10, 64)
				fb.Append(v)
			case *array.Float64Builder:
				if v, err := strconv.ParseFloat(cell, 64); err == nil {
					fb.Append(v)
				} else {
					fb.AppendNull()
				}
			case *array.StringBuilder:
				fb.Append(cell)
			}
		}
		if (r+1)%batch == 0 || r == len(data)-1 {
			recs = append(recs, b.NewRecordBatch())
		}
	}
	return recs, csvBytes
}

func writeBench(b *testing.B, recs []arrow.RecordBatch, comp string) []byte {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, recs[0].Schema(), veilfmt.WriteOptions{Compression: comp})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkWrite writes a 16-column customer table (14 string columns);
// throughput is in bytes of the same table as CSV.
func BenchmarkWrite(b *testing.B) {
	recs, csvBytes := benchTable()
	for _, comp := range []string{"zstd", "snappy", "none"} {
		b.Run(comp, func(b *testing.B) {
			b.SetBytes(csvBytes)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				size = len(writeBench(b, recs, comp))
			}
			b.ReportMetric(float64(size)/float64(csvBytes), "size/csv")
		})
	}
}

// BenchmarkRead reads the table BenchmarkWrite writes.
func BenchmarkRead(b *testing.B) {
	recs, csvBytes := benchTable()
	for _, comp := range []string{"zstd", "snappy", "none"} {
		b.Run(comp, func(b *testing.B) {
			data := writeBench(b, recs, comp)
			b.SetBytes(csvBytes)
			b.ReportAllocs()
			for b.Loop() {
				rd, err := NewReader(bytes.NewReader(data), veilfmt.ReadOptions{Source: "bench"})
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
		})
	}
}
