package bench

import (
	"fmt"
	"runtime"
	"sync/atomic"

	"bytes"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
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

// peakAllocator tracks the most Arrow memory held at once.
type peakAllocator struct {
	mem       memory.Allocator
	cur, peak atomic.Int64
}

func (p *peakAllocator) grow(n int) {
	c := p.cur.Add(int64(n))
	for {
		old := p.peak.Load()
		if c <= old || p.peak.CompareAndSwap(old, c) {
			return
		}
	}
}
func (p *peakAllocator) Allocate(size int) []byte { p.grow(size); return p.mem.Allocate(size) }
func (p *peakAllocator) Reallocate(size int, b []byte) []byte {
	p.grow(size - len(b))
	return p.mem.Reallocate(size, b)
}
func (p *peakAllocator) Free(b []byte) { p.cur.Add(-int64(len(b))); p.mem.Free(b) }

// BenchmarkMaskPipeline masks a generated 16-column customer CSV (about
// 2% PII in the free-text notes column) end to end: parse, mask every
// sensitive column, write. MB/s is of input; peak-arrow-MB is the most
// Arrow memory held at once, which stays flat as the input grows (compare
// the 8 MB and 32 MB runs).
func BenchmarkMaskPipeline(b *testing.B) {
	s, err := scanner.New(detectors.Builtins())
	require.NoError(b, err)
	in := csv.New(csv.Options{})
	outs := []struct {
		name string
		op   format.Opener
	}{{"csv", csv.New(csv.Options{})}, {"parquet", parquet.Opener{}}}
	for _, size := range []int{8 << 20, 32 << 20} {
		data := CSV(1, size)
		plan := maskPlan(b, s, in, data)
		for _, out := range outs {
			for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
				name := fmt.Sprintf("csv-to-%s/%dMB/workers=%d", out.name, size>>20, workers)
				b.Run(name, func(b *testing.B) {
					mem := &peakAllocator{mem: memory.NewGoAllocator()}
					b.SetBytes(int64(len(data)))
					b.ReportAllocs()
					for b.Loop() {
						r, err := in.NewReader(bytes.NewReader(data), format.ReadOptions{Source: "bench", Allocator: mem})
						require.NoError(b, err)
						_, err = s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
							return out.op.NewWriter(io.Discard, sc, format.WriteOptions{Allocator: mem})
						}, scanner.MaskOptions{Workers: workers, Allocator: mem})
						require.NoError(b, err)
						r.Close()
					}
					b.ReportMetric(float64(mem.peak.Load())/(1<<20), "peak-arrow-MB")
				})
			}
		}
	}
}
