package scanner_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

// plainReader hides a reader's RowFilter, so ScanTable reads every row.
type plainReader struct{ format.Reader }

// TestSampleWithRowFilter: a reader that leaves out the rows the sample
// does not need gives the same report as one that returns them all, while
// the stride doubles many times.
func TestSampleWithRowFilter(t *testing.T) {
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	in := bench.CSV(3, 256<<10)
	scan := func(wrap func(format.Reader) format.Reader) *scanner.TableReport {
		r, err := csv.New(csv.Options{}).NewReader(bytes.NewReader(in), format.ReadOptions{Source: "t.csv", BatchRows: 100})
		require.NoError(t, err)
		defer r.Close()
		rep, err := s.ScanTable(wrap(r), scanner.TableOptions{SampleRows: 37, Workers: 2})
		require.NoError(t, err)
		return rep
	}
	filtered := scan(func(r format.Reader) format.Reader { return r })
	plain := scan(func(r format.Reader) format.Reader { return plainReader{r} })
	require.Greater(t, plain.RowsRead, int64(37*16), "the stride doubles several times")
	assert.Equal(t, plain, filtered)
	assert.GreaterOrEqual(t, filtered.RowsScanned, int64(37))
	assert.LessOrEqual(t, filtered.RowsScanned, int64(2*37))
}
