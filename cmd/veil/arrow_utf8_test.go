package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/arrowipc"
)

// TestArrowInvalidUTF8: an Arrow IPC input whose string column holds a
// value that is not UTF-8 fails as a CSV or Parquet one does, naming the
// file, the row and the column, never the value; --skip-bad-rows cannot
// leave the row out of an Arrow batch, so the input still fails.
func TestArrowInvalidUTF8(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "ssn", Type: arrow.BinaryTypes.String}, {Name: "note", Type: arrow.BinaryTypes.LargeString}}, nil)
	sb := array.NewStringBuilder(memory.DefaultAllocator)
	sb.AppendValues([]string{"536-22-1234", "537-22-1234", "538-22-1234"}, nil)
	lb := array.NewLargeStringBuilder(memory.DefaultAllocator)
	lb.AppendValues([]string{"ok", "hidden-value\xff", "ok"}, nil)
	path := writeArrow(t, "bad.arrow", schema, sb.NewArray(), lb.NewArray())

	for _, skip := range []bool{false, true} {
		args := []string{"scan", "--format", "json", path}
		if skip {
			args = append(args, "--skip-bad-rows")
		}
		code, out, _ := veil(t, "", args...)
		assert.Equal(t, exitError, code)
		var rep ScanReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		require.Len(t, rep.Sources, 1)
		require.Len(t, rep.Sources[0].Errors, 1)
		assert.Equal(t, path+`: row 2, column "note": invalid UTF-8 in a string column`, rep.Sources[0].Errors[0])
		assert.NotContains(t, out, "hidden-value")
	}

	outDir := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", keyFile(t), "--out", outDir, "--skip-bad-rows", path)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, path+`: row 2, column \"note\": invalid UTF-8`)
	assert.NotContains(t, errs, "hidden-value")
	assert.Empty(t, dirNames(t, outDir))
}

// writeArrow writes one batch of cols, which it releases, as an Arrow IPC
// file named name in a temporary directory, and returns its path.
func writeArrow(t *testing.T, name string, schema *arrow.Schema, cols ...arrow.Array) string {
	t.Helper()
	rec := array.NewRecordBatch(schema, cols, int64(cols[0].Len()))
	defer rec.Release()
	for _, c := range cols {
		c.Release()
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	require.NoError(t, err)
	w, err := arrowipc.NewOpener().NewWriter(f, schema, format.WriteOptions{})
	require.NoError(t, err)
	require.NoError(t, w.Write(rec))
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())
	return path
}
