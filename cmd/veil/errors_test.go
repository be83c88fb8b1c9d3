package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failedInputs returns, for each error line of a mask or unmask log, its
// source and error.
func failedInputs(t *testing.T, stderr string) map[string]string {
	t.Helper()
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		var line struct{ Level, Source, Error string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line), sc.Text())
		if line.Level == "ERROR" && line.Source != "" {
			got[line.Source] = line.Error
		}
	}
	return got
}

// TestErrorsNameTheInput: every error of a failed input starts with the
// input's path, also when it comes from the output side (a writer that
// cannot take the input's columns, an output that cannot be created).
func TestErrorsNameTheInput(t *testing.T) {
	key := keyFile(t)
	kitchen := filepath.Join("..", "..", "testdata", "formats", "arrow", "kitchen.arrow")
	bad := writeFile(t, "bad.csv", []byte("ssn,x\n536-22-1234,1\n537-22-1234\n"))
	good := writeFile(t, "good.csv", []byte("ssn,x\n536-22-1234,1\n"))

	// Parquet cannot hold kitchen.arrow's struct column, which a policy
	// keeps (by default a column of values not readable as text is
	// redacted, as text); the CSV row is malformed.
	keepAll := writeFile(t, "keep.yaml", []byte("version: 1\nmasking:\n  columns:\n    - {match: \"*\", action: keep}\n"))
	code, _, errs := veil(t, "", "mask", "--policy", keepAll, "--key", key, "--out", t.TempDir(), kitchen, bad)
	assert.Equal(t, exitError, code)
	failed := failedInputs(t, errs)
	require.Len(t, failed, 2, errs)
	for src, msg := range failed {
		assert.True(t, strings.HasPrefix(msg, src+": "), "%q does not start with %q", msg, src)
	}
	assert.Contains(t, failed[kitchen], `column "addr"`)

	// --out is a file: no output can be created.
	notDir := writeFile(t, "out", nil)
	code, _, errs = veil(t, "", "mask", "--key", key, "--out", notDir, good)
	assert.Equal(t, exitError, code)
	failed = failedInputs(t, errs)
	require.Contains(t, failed, good, errs)
	assert.True(t, strings.HasPrefix(failed[good], good+": "), failed[good])

	// unmask: kitchen.arrow masked as Arrow IPC cannot become Parquet
	// either.
	masked := t.TempDir()
	code, _, errs = veil(t, "", "mask", "--policy", keepAll, "--key", key, "--out", masked, "--format", "arrow", kitchen)
	require.Equal(t, exitOK, code, errs)
	in := filepath.Join(masked, "kitchen.arrow")
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", t.TempDir(), in)
	assert.Equal(t, exitError, code)
	failed = failedInputs(t, errs)
	require.Contains(t, failed, in, errs)
	assert.True(t, strings.HasPrefix(failed[in], in+": "), failed[in])

	// scan: every source error starts with the source too.
	code, out, _ := veil(t, "", "scan", "--format", "json", bad, kitchen)
	assert.Equal(t, exitError, code)
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	for _, s := range rep.Sources {
		for _, e := range s.Errors {
			assert.True(t, strings.HasPrefix(e, s.URI+": "), e)
		}
	}
}
