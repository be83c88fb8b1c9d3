package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
)

func TestScanClassifiesEveryKnownColumn(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	code, out, errs := veil(t, "", "scan", src)
	require.Equal(t, exitOK, code, errs)
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Sources, 1)
	s := rep.Sources[0]
	assert.Equal(t, "csv", s.Format)
	assert.EqualValues(t, 300, s.RowsScanned)
	assert.Empty(t, s.Errors)
	got := map[string]string{}
	free := map[string]bool{}
	for _, c := range s.Columns {
		if c.Classification != nil {
			got[c.Name] = *c.Classification
		}
		free[c.Name] = c.FreeText
	}
	for _, col := range bench.TableColumns() {
		assert.Equal(t, col.Type, got[col.Name], "column %s", col.Name)
		assert.Equal(t, col.FreeText, free[col.Name], "free text: column %s", col.Name)
	}
	assert.NotContains(t, out, "357-30-4991", "reports carry positions, never values")
}

func TestScanSampleAndErrors(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	code, out, _ := veil(t, "", "scan", "--sample-rows", "40", src)
	require.Equal(t, exitOK, code)
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	n := rep.Sources[0].RowsScanned
	assert.True(t, n >= 40 && n < 80, "a sample of 40 keeps 40 to 80 rows spread over the input, got %d", n)
	assert.EqualValues(t, 300, rep.Sources[0].RowsRead)

	bad := writeFile(t, "bad.csv", []byte("a,b\n1,2\n3\n"))
	code, out, _ = veil(t, "", "scan", bad, src)
	assert.Equal(t, exitError, code, "a failed source fails the run")
	rep = ScanReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Sources, 2, "other sources are still scanned")
	require.Len(t, rep.Sources[0].Errors, 1)
	assert.Contains(t, rep.Sources[0].Errors[0], "row 2")
	assert.Empty(t, rep.Sources[1].Errors)

	code, out, _ = veil(t, "", "scan", "--skip-bad-rows", bad)
	assert.Equal(t, exitOK, code)
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.EqualValues(t, 1, rep.Sources[0].RowsSkipped)

	code, _, errs := veil(t, "", "scan", filepath.Join(t.TempDir(), "none.csv"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "none.csv")
}
