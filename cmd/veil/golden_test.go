package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./cmd/veil -update")
	assert.Equal(t, string(want), got)
}

// TestFindSampleGolden pins what `veil find` reports on the bundled sample:
// every type, offset, line and confidence.
func TestFindSampleGolden(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "sample.log")
	code, out, errs := veil(t, "", "find", "--format", "jsonl", sample)
	require.Equal(t, exitFindings, code, errs)
	golden(t, "sample.find.jsonl", out)
	assert.NotContains(t, out, "AKIA", "no value leaks without --show-values")
}

// TestScanCustomersGolden pins the classification of the bundled customer
// table, whose columns have known types (bench.TableColumns), as CSV and as
// Parquet (the same rows, with typed id, created_at and amount columns).
func TestScanCustomersGolden(t *testing.T) {
	for _, tc := range []struct{ src, golden string }{
		{"customers.csv", "customers.scan.json"},
		{"customers.parquet", "customers.parquet.scan.json"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			src := filepath.Join("..", "..", "testdata", tc.src)
			code, out, errs := veil(t, "", "scan", "--format", "json", src)
			require.Equal(t, exitOK, code, errs)
			golden(t, tc.golden, out)
		})
	}
}
