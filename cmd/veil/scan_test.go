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

// TestScanReportsEverySource: a source argument that names nothing
// readable is an entry of the report with its error (and still on stderr,
// exit 2); a table without rows lists its columns.
func TestScanReportsEverySource(t *testing.T) {
	headerOnly := filepath.Join("..", "..", "testdata", "formats", "csv", "header_only.csv")
	missing := filepath.Join(t.TempDir(), "missing.csv")
	glob := filepath.Join(t.TempDir(), "*.parquet")
	unknown := writeFile(t, "notes.txt", []byte("x"))
	code, out, errs := veil(t, "", "scan", "--format", "json", missing, headerOnly, glob, unknown)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, missing, "still on stderr")
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Sources, 4, "one entry per source, in order")

	for i, want := range []struct{ uri, format, err string }{
		{missing, "csv", missing + ": no such file"},
		{},
		{glob, "parquet", glob + ": no such file matches the pattern"},
		{unknown, "", "unknown file type"},
	} {
		if want.uri == "" {
			continue
		}
		s := rep.Sources[i]
		assert.Equal(t, want.uri, s.URI)
		assert.Equal(t, want.format, s.Format)
		require.Len(t, s.Errors, 1)
		assert.Contains(t, s.Errors[0], want.err)
		assert.NotNil(t, s.Columns)
		assert.Empty(t, s.Columns)
		assert.Zero(t, s.RowsRead)
	}

	// The header-only CSV, as JSON: its columns, untyped strings, nothing
	// classified or found.
	var raw struct {
		Sources []map[string]json.RawMessage `json:"sources"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	assert.JSONEq(t, `[
		{"name":"id","data_type":"string","classification":null,"sensitivity":"none","confidence":0,"free_text":false,"values":0,"nonempty":0,"detections":[]},
		{"name":"name","data_type":"string","classification":null,"sensitivity":"none","confidence":0,"free_text":false,"values":0,"nonempty":0,"detections":[]}
	]`, string(raw.Sources[1]["columns"]))
	assert.JSONEq(t, `0`, string(raw.Sources[1]["rows_scanned"]))
	assert.JSONEq(t, `[]`, string(raw.Sources[1]["errors"]))

	code, out, errs = veil(t, "", "scan", "--format", "table", headerOnly)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "COLUMN")
	assert.Regexp(t, `(?m)^  name +string +- +none`, out)

	// A table without rows or columns: an empty list, not null.
	code, out, errs = veil(t, "", "scan", "--format", "json", filepath.Join("..", "..", "testdata", "formats", "csv", "empty.csv"))
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `"columns": []`)
}
