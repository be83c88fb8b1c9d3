package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/parquet"
)

// TestTestdataUpToDate regenerates the sample data and checks it is what
// testdata/ holds, so the fixtures never drift from the generator. The
// Parquet file is checked by its rows (TestParquetHoldsTheCSVRows), not its
// bytes, which name the writer's version.
func TestTestdataUpToDate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, write(dir))
	for _, name := range []string{"sample.log", "customers.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "testdata/%s is stale: run go run ./bench/cmd/gensample", name)
	}
}

// TestParquetHoldsTheCSVRows reads the Parquet sample back and checks that
// it holds the generator's rows, the typed columns with their types.
func TestParquetHoldsTheCSVRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	header, rows := bench.Table(7, 300)
	pq, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "customers.parquet"))
	require.NoError(t, err)
	rd, err := parquet.Opener{}.NewReader(bytes.NewReader(pq), format.ReadOptions{Source: "customers.parquet", Allocator: mem})
	require.NoError(t, err)
	defer rd.Close()
	schema := rd.Schema()
	require.Equal(t, len(header), schema.NumFields())
	for j, f := range schema.Fields() {
		assert.Equal(t, header[j], f.Name)
		want := arrow.DataType(arrow.BinaryTypes.String)
		if ty, ok := typed[f.Name]; ok {
			want = ty.typ
		}
		assert.True(t, arrow.TypeEqual(want, f.Type), "column %s: %s, want %s", f.Name, f.Type, want)
	}
	row := 0
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		for i := range int(rec.NumRows()) {
			for j := range int(rec.NumCols()) {
				assert.Equal(t, rows[row+i][j], cellText(t, rec.Column(j), i), "row %d, column %s", row+i+1, header[j])
			}
		}
		row += int(rec.NumRows())
		rec.Release()
	}
	assert.Equal(t, len(rows), row)
}

// cellText is a Parquet sample's value in the CSV's form.
func cellText(t *testing.T, arr arrow.Array, i int) string {
	require.False(t, arr.IsNull(i))
	switch a := arr.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Decimal128:
		return a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
	case *array.Timestamp:
		return a.Value(i).ToTime(arrow.Microsecond).Format(time.DateTime)
	}
	t.Fatalf("unexpected column type %s", arr.DataType())
	return ""
}
