package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
)

// TestScanParquetSampleMatchesCSV checks that the bundled Parquet sample,
// the same rows as customers.csv, is classified column for column as the
// CSV is and as the generator says (bench.TableColumns): only the data
// types of the typed columns differ.
func TestScanParquetSampleMatchesCSV(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	code, out, errs := veil(t, "", "scan", "--format", "json",
		filepath.Join(dir, "customers.csv"), filepath.Join(dir, "customers.parquet"))
	require.Equal(t, exitOK, code, errs)
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Sources, 2)
	csvSrc, pqSrc := rep.Sources[0], rep.Sources[1]
	assert.Equal(t, "csv", csvSrc.Format)
	assert.Equal(t, "parquet", pqSrc.Format)
	assert.Empty(t, pqSrc.Errors)
	assert.EqualValues(t, 300, pqSrc.RowsRead)
	assert.Equal(t, csvSrc.RowsScanned, pqSrc.RowsScanned)

	cols := bench.TableColumns()
	require.Len(t, pqSrc.Columns, len(cols))
	require.Len(t, csvSrc.Columns, len(cols))
	wantType := map[string]string{"id": "int64", "created_at": "timestamp[us]", "amount": "decimal(10, 2)"}
	for i, col := range cols {
		c, p := csvSrc.Columns[i], pqSrc.Columns[i]
		require.Equal(t, col.Name, p.Name)
		class := ""
		if p.Classification != nil {
			class = *p.Classification
		}
		assert.Equal(t, col.Type, class, "column %s", col.Name)
		assert.Equal(t, col.FreeText, p.FreeText, "free text: column %s", col.Name)

		dt := "string"
		if w, ok := wantType[col.Name]; ok {
			dt = w
		}
		assert.Equal(t, dt, p.DataType, "data type: column %s", col.Name)
		assert.Equal(t, "string", c.DataType, "data type: column %s", col.Name)
		// Everything else — classification, sensitivity, confidence,
		// counts, detections and their positions — is the CSV's.
		c.DataType, p.DataType = "", ""
		assert.Equal(t, c, p, "column %s", col.Name)
	}
}
