package bench

import (
	"bytes"
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
	var infos []masking.ColumnInfo
	for _, c := range rep.Columns {
		ci := masking.ColumnInfo{Name: c.Name, FreeText: c.FreeText, Sensitive: c.Classification != nil}
		if c.Classification != nil {
			ci.Classification = *c.Classification
		}
		for _, d := range c.Detections {
			ci.Detected = append(ci.Detected, d.Type)
		}
		infos = append(infos, ci)
	}
	plan, err := masking.NewPlan(policy.Default(), ks, infos, s.Types())
	require.NoError(b, err)
	return plan
}

// BenchmarkMaskPipeline masks a generated 16-column customer CSV (about
// 2% PII in the free-text notes column) end to end: parse, mask every
// sensitive column, write. MB/s is of input.
func BenchmarkMaskPipeline(b *testing.B) {
	s, err := scanner.New(detectors.Builtins())
	require.NoError(b, err)
	data := CSV(1, 8<<20)
	in := csv.New(csv.Options{})
	plan := maskPlan(b, s, in, data)
	outs := map[string]format.Opener{"csv": csv.New(csv.Options{}), "parquet": parquet.Opener{}}
	for name, out := range outs {
		b.Run("csv-to-"+name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				// Masking dominates: about 10 tokenized cells per row.
				r, err := in.NewReader(bytes.NewReader(data), format.ReadOptions{Source: "bench"})
				require.NoError(b, err)
				_, err = s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
					return out.NewWriter(io.Discard, sc, format.WriteOptions{})
				}, scanner.MaskOptions{Workers: 1})
				require.NoError(b, err)
				r.Close()
			}
		})
	}
}
