package parquet

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// The independent reader: DuckDB's Node.js package, installed outside the
// repository by the Makefile:
//
//	npm install --prefix ~/.cache/veil-services/duckdb --no-audit --no-fund @duckdb/node-api@1.5.6-r.1
//
// The test looks for it in $VEIL_DUCKDB_DIR (the --prefix directory), else
// in ~/.cache/veil-services/duckdb, and skips, saying so, only when node or
// the package is missing.
const duckdbScript = "../../../testdata/formats/parquet/duckdb_read.js"

type duckResult struct {
	Count   int `json:"count"`
	Columns []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"columns"`
	Rows [][]any `json:"rows"`
}

func duckdbDir(t *testing.T) (node, dir string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("DuckDB check skipped: node is not installed (the Makefile installs @duckdb/node-api for it; see duckdb_test.go)")
	}
	dir = os.Getenv("VEIL_DUCKDB_DIR")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "veil-services", "duckdb")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		t.Skipf("DuckDB check skipped: @duckdb/node-api not found under %s (set VEIL_DUCKDB_DIR, or run: npm install --prefix %s --no-audit --no-fund @duckdb/node-api@1.5.6-r.1)", dir, dir)
	}
	return node, dir
}

// duckRead has DuckDB read the Parquet file at path.
func duckRead(t *testing.T, path string) duckResult {
	t.Helper()
	node, dir := duckdbDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	script, err := filepath.Abs(duckdbScript)
	require.NoError(t, err)
	cmd := exec.CommandContext(ctx, node, script, path)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "duckdb: %s", stderr.String())
	var res duckResult
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&res))
	return res
}

// duckType is the type DuckDB gives a column Veil wrote for an Arrow field.
func duckType(f arrow.Field) string {
	dt := f.Type
	if l, ok := dt.(*arrow.ListType); ok {
		return duckType(arrow.Field{Type: l.Elem(), Metadata: f.Metadata}) + "[]"
	}
	hint := ""
	if i := f.Metadata.FindKey(MetaType); i >= 0 {
		hint = f.Metadata.Values()[i]
	}
	switch t := dt.(type) {
	case *arrow.BooleanType:
		return "BOOLEAN"
	case *arrow.Int8Type:
		return "TINYINT"
	case *arrow.Int16Type:
		return "SMALLINT"
	case *arrow.Int32Type:
		return "INTEGER"
	case *arrow.Int64Type:
		return "BIGINT"
	case *arrow.Uint8Type:
		return "UTINYINT"
	case *arrow.Uint16Type:
		return "USMALLINT"
	case *arrow.Uint32Type:
		return "UINTEGER"
	case *arrow.Uint64Type:
		return "UBIGINT"
	case *arrow.Float16Type, *arrow.Float32Type:
		return "FLOAT"
	case *arrow.Float64Type:
		return "DOUBLE"
	case *arrow.StringType:
		if strings.HasSuffix(hint, "/JSON") {
			return "JSON"
		}
		return "VARCHAR"
	case *arrow.BinaryType:
		return "BLOB"
	case *arrow.FixedSizeBinaryType:
		if strings.HasSuffix(hint, "/UUID") {
			return "UUID"
		}
		return "BLOB"
	case *arrow.Decimal128Type:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case *arrow.Decimal256Type:
		return "DOUBLE" // DuckDB's decimals stop at 38 digits
	case *arrow.Date32Type:
		return "DATE"
	case *arrow.Time32Type:
		if strings.HasSuffix(hint, ",true)") {
			return "TIME WITH TIME ZONE"
		}
		return "TIME"
	case *arrow.Time64Type:
		if t.Unit == arrow.Nanosecond {
			return "TIME_NS"
		}
		return "TIME"
	case *arrow.TimestampType:
		switch {
		case t.TimeZone != "":
			return "TIMESTAMP WITH TIME ZONE"
		case t.Unit == arrow.Nanosecond && hint != "INT96":
			return "TIMESTAMP_NS"
		}
		return "TIMESTAMP"
	case *arrow.NullType:
		return "INTEGER"
	}
	return "?" + dt.String()
}

// duckText is how DuckDB prints value i of a (CAST AS VARCHAR, BLOBs as
// hex), for the types where the text is exact; floats and wide decimals
// are compared by value instead (see sameValue).
func duckText(a arrow.Array, i int, typ string) string {
	trim := func(frac int64, digits int) string {
		if frac == 0 {
			return ""
		}
		s := fmt.Sprintf("%0*d", digits, frac)
		return "." + strings.TrimRight(s, "0")
	}
	clock := func(ns int64, digits int) string {
		d := time.Duration(ns)
		h, m, s := int64(d/time.Hour), int64(d/time.Minute%60), int64(d/time.Second%60)
		frac := ns % 1e9
		if digits == 6 {
			frac /= 1000
		}
		return fmt.Sprintf("%02d:%02d:%02d%s", h, m, s, trim(frac, digits))
	}
	// stamp prints sec seconds and frac (in 10^-digits s) after the epoch.
	stamp := func(sec, frac int64, digits int, tz bool) string {
		scale := int64(1)
		for range digits {
			scale *= 10
		}
		if frac < 0 {
			frac += scale
			sec--
		}
		ts := time.Unix(sec, 0).UTC()
		s := ts.Format("2006-01-02 15:04:05") + trim(frac, digits)
		if tz {
			s += "+00"
		}
		return s
	}
	switch t := a.(type) {
	case *array.Boolean:
		return strconv.FormatBool(t.Value(i))
	case *array.Binary:
		return strings.ToUpper(hex.EncodeToString(t.Value(i)))
	case *array.FixedSizeBinary:
		if typ == "UUID" {
			h := hex.EncodeToString(t.Value(i))
			return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
		return strings.ToUpper(hex.EncodeToString(t.Value(i)))
	case *array.String:
		return t.Value(i)
	case *array.Decimal128:
		return t.Value(i).ToString(t.DataType().(*arrow.Decimal128Type).Scale)
	case *array.Date32:
		return time.Unix(int64(t.Value(i))*86400, 0).UTC().Format("2006-01-02")
	case *array.Time32:
		s := clock(int64(t.Value(i))*1e6, 6)
		if typ == "TIME WITH TIME ZONE" {
			s += "+00"
		}
		return s
	case *array.Time64:
		if t.DataType().(*arrow.Time64Type).Unit == arrow.Nanosecond {
			return clock(int64(t.Value(i)), 9)
		}
		return clock(int64(t.Value(i))*1e3, 6)
	case *array.Timestamp:
		v := int64(t.Value(i))
		tz := typ == "TIMESTAMP WITH TIME ZONE"
		switch t.DataType().(*arrow.TimestampType).Unit {
		case arrow.Millisecond:
			return stamp(v/1000, v%1000*1000, 6, tz)
		case arrow.Microsecond:
			return stamp(v/1e6, v%1e6, 6, tz)
		}
		if typ == "TIMESTAMP_NS" {
			return stamp(v/1e9, v%1e9, 9, false)
		}
		if tz {
			// DuckDB truncates NANOS to its microseconds toward zero...
			v /= 1000
		} else {
			// ...but INT96 toward the past.
			v = v/1000 - map[bool]int64{true: 1}[v%1000 < 0]
		}
		return stamp(v/1e6, v%1e6, 6, tz)
	}
	return a.ValueStr(i)
}

// sameValue compares DuckDB's text for a value with Veil's.
func sameValue(t *testing.T, a arrow.Array, i int, typ string, got any, where string) {
	t.Helper()
	if a.IsNull(i) || a.DataType().ID() == arrow.NULL {
		assert.Nil(t, got, where)
		return
	}
	s, ok := got.(string)
	if !assert.True(t, ok, "%s: DuckDB gave %v", where, got) {
		return
	}
	switch v := a.(type) {
	case *array.Float16:
		f, err := strconv.ParseFloat(s, 32)
		require.NoError(t, err)
		assert.Equal(t, v.Value(i).Float32(), float32(f), where)
	case *array.Float32:
		f, err := strconv.ParseFloat(s, 32)
		require.NoError(t, err)
		assert.Equal(t, v.Value(i), float32(f), where)
	case *array.Float64:
		f, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		assert.Equal(t, v.Value(i), f, where)
	default:
		assert.Equal(t, duckText(a, i, typ), s, where)
	}
}

// checkWithDuckDB writes recs with Veil, has DuckDB read the file, and
// compares row count, column names and types, and every value. Columns
// listed in skipValues are compared by name and type only.
func checkWithDuckDB(t *testing.T, recs []arrow.RecordBatch, opts veilfmt.WriteOptions, skipValues ...string) {
	t.Helper()
	mem := memory.NewGoAllocator()
	data := writeParquet(t, mem, recs, opts)
	path := filepath.Join(t.TempDir(), "veil.parquet")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	res := duckRead(t, path)

	want := concatRecords(t, mem, recs[0].Schema(), recs)
	defer want.Release()
	require.Equal(t, int(want.NumRows()), res.Count, "row count")
	require.Len(t, res.Rows, int(want.NumRows()))
	require.Len(t, res.Columns, int(want.NumCols()))
	for c, f := range want.Schema().Fields() {
		assert.Equal(t, f.Name, res.Columns[c].Name, "column %d name", c)
		assert.Equal(t, duckType(f), res.Columns[c].Type, "column %q type", f.Name)
	}
	skip := map[string]bool{}
	for _, s := range skipValues {
		skip[s] = true
	}
	for c, f := range want.Schema().Fields() {
		if skip[f.Name] {
			continue
		}
		col := want.Column(c)
		typ := res.Columns[c].Type
		for r := range int(want.NumRows()) {
			where := fmt.Sprintf("column %q row %d", f.Name, r)
			got := res.Rows[r][c]
			if l, ok := col.(*array.List); ok {
				if l.IsNull(r) {
					assert.Nil(t, got, where)
					continue
				}
				items, ok := got.([]any)
				if !assert.True(t, ok, "%s: DuckDB gave %v", where, got) {
					continue
				}
				start, end := l.ValueOffsets(r)
				if !assert.Len(t, items, int(end-start), where) {
					continue
				}
				for k := start; k < end; k++ {
					sameValue(t, l.ListValues(), int(k), strings.TrimSuffix(typ, "[]"), items[k-start], fmt.Sprintf("%s item %d", where, k-start))
				}
				continue
			}
			sameValue(t, col, r, typ, got, where)
		}
	}
}

// TestDuckDBReadsVeilParquet: DuckDB, which nobody here wrote, reads the
// Parquet Veil writes with the same rows, names, types and values.
func TestDuckDBReadsVeilParquet(t *testing.T) {
	duckdbDir(t)
	t.Run("all types", func(t *testing.T) {
		rec := allTypesRecord(t, memory.NewGoAllocator(), 1)
		defer rec.Release()
		// DuckDB reads decimals wider than 38 digits as DOUBLE, and those
		// stored in more than 16 bytes wrongly: compare the type only.
		checkWithDuckDB(t, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{}, "dec76")
	})
	for _, comp := range []string{"zstd", "snappy", "none"} {
		t.Run("customers "+comp, func(t *testing.T) {
			recs, _ := customerBatches(memory.NewGoAllocator(), 7, 5000, 1000)
			defer func() {
				for _, r := range recs {
					r.Release()
				}
			}()
			// Small row groups, so the file has several.
			checkWithDuckDB(t, recs, veilfmt.WriteOptions{Compression: comp, RowGroupRows: 1500})
		})
	}
}
