package bench

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/formattest"
	"github.com/veil-data/veil/connectors/format/parquet"
	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

// maskPlan classifies data (a sample) and returns the default-policy plan.
func maskPlan(b *testing.B, s *scanner.Scanner, op format.Opener, data []byte) *masking.Plan {
	b.Helper()
	r, err := op.NewReader(bytes.NewReader(data), format.ReadOptions{Source: "bench"})
	require.NoError(b, err)
	rep, err := s.ScanTable(r, scanner.TableOptions{})
	require.NoError(b, err)
	r.Close()
	ks, err := keys.Generate()
	require.NoError(b, err)
	plan, err := masking.NewPlan(policy.Default(), ks, rep.ColumnInfos(), s.Types())
	require.NoError(b, err)
	return plan
}

// toParquet converts CSV data to Parquet, unmasked, for the Parquet-input
// benchmarks.
func toParquet(b *testing.B, data []byte) []byte {
	b.Helper()
	r, err := csv.New(csv.Options{}).NewReader(bytes.NewReader(data), format.ReadOptions{Source: "bench"})
	require.NoError(b, err)
	defer r.Close()
	var buf bytes.Buffer
	var w format.Writer
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(b, err)
		if w == nil {
			w, err = parquet.Opener{}.NewWriter(&buf, rec.Schema(), format.WriteOptions{})
			require.NoError(b, err)
		}
		require.NoError(b, w.Write(rec))
		rec.Release()
	}
	require.NoError(b, w.Close())
	return buf.Bytes()
}

// BenchmarkMaskPipeline masks generated tables end to end as veil mask
// does: classify a sample, then parse, mask and write. The events table is
// the one the throughput bar is stated for (EventColumns: fourteen columns,
// identifiers in about 2% of the free-text messages); the customers table
// is much heavier (TableColumns: nine of sixteen columns are identifiers,
// each tokenized). MB/s is of input (the CSV text, or the Parquet file);
// peak-arrow-MB is the most Arrow memory held at once, which stays flat as
// the input grows (compare 8 MB and 32 MB).
func BenchmarkMaskPipeline(b *testing.B) {
	s, err := scanner.New(detectors.Builtins())
	require.NoError(b, err)
	tables := []struct {
		name string
		gen  func(seed int64, size int) []byte
	}{{"events", EventsCSV}, {"customers", CSV}}
	ins := []struct {
		name string
		op   format.Opener
		conv func(*testing.B, []byte) []byte
	}{
		{"csv", csv.New(csv.Options{}), func(_ *testing.B, d []byte) []byte { return d }},
		{"parquet", parquet.Opener{}, toParquet},
	}
	outs := []struct {
		name string
		op   format.Opener
	}{{"csv", csv.New(csv.Options{})}, {"parquet", parquet.Opener{}}}
	for _, tbl := range tables {
		for _, size := range []int{8 << 20, 32 << 20} {
			text := tbl.gen(1, size)
			for _, in := range ins {
				data := in.conv(b, text)
				for _, out := range outs {
					if in.name == "parquet" && out.name == "csv" {
						continue
					}
					for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
						name := fmt.Sprintf("%s/%s-to-%s/%dMB/workers=%d", tbl.name, in.name, out.name, size>>20, workers)
						b.Run(name, func(b *testing.B) {
							benchMask(b, s, in.op, out.op, data, workers)
						})
					}
				}
			}
		}
	}
}

// benchMask is one BenchmarkMaskPipeline case.
func benchMask(b *testing.B, s *scanner.Scanner, in, out format.Opener, data []byte, workers int) {
	mem := &formattest.PeakAllocator{Allocator: memory.NewGoAllocator()}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		plan := maskPlan(b, s, in, data)
		r, err := in.NewReader(bytes.NewReader(data), format.ReadOptions{Source: "bench", Allocator: mem})
		require.NoError(b, err)
		_, err = s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
			return out.NewWriter(io.Discard, sc, format.WriteOptions{Allocator: mem})
		}, scanner.MaskOptions{Workers: workers, Allocator: mem})
		require.NoError(b, err)
		r.Close()
	}
	b.ReportMetric(float64(mem.Peak())/(1<<20), "peak-arrow-MB")
}
