package parquet

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

var update = flag.Bool("update", false, "rewrite the Veil-written fixture in testdata/formats/parquet")

const fixtureDir = "../../../testdata/formats/parquet"

// fixture returns the path of a test file. "external/" and "malformed/"
// files are Parquet files written by other implementations (from
// apache/parquet-testing) and deliberately broken ones, which parquet-go
// ships in its module's testdata: they are read from the module cache, not
// copied into this repository.
func fixture(name string) string {
	if rest, ok := strings.CutPrefix(name, "external/"); ok {
		return filepath.Join(parquetGoDir(), "testdata", rest)
	}
	if rest, ok := strings.CutPrefix(name, "malformed/"); ok {
		return filepath.Join(parquetGoDir(), "testdata", "malformed", rest)
	}
	return filepath.Join(fixtureDir, name)
}

// externalNames are the files of parquet-go's testdata these tests use.
var externalNames = strings.Fields(`alltypes_dictionary.parquet alltypes_plain.parquet
	alltypes_plain.snappy.parquet binary.parquet byte_array_decimal.parquet
	datapage_v2.snappy.parquet delta_encoding_optional_column.parquet
	delta_length_byte_array.parquet dms_test_table_LOAD00000001.parquet
	fixed_length_decimal.parquet fixed_length_decimal_legacy.parquet
	int32_decimal.parquet int64_decimal.parquet list_columns.parquet
	lz4_raw_compressed.parquet nested_lists.snappy.parquet nested_maps.snappy.parquet
	nonnullable.impala.parquet null_list.parquet nullable.impala.parquet
	nulls.snappy.parquet repeated_no_annotation.parquet rle_boolean_encoding.parquet
	single_nan.parquet`)

// externalFiles returns the paths of externalNames.
func externalFiles() []string {
	var out []string
	for _, n := range externalNames {
		out = append(out, fixture("external/"+n))
	}
	return out
}

var (
	pqDirOnce sync.Once
	pqDir     string
)

// parquetGoDir is where the go command keeps the parquet-go module.
func parquetGoDir() string {
	pqDirOnce.Do(func() {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/parquet-go/parquet-go").Output()
		if err == nil {
			pqDir = strings.TrimSpace(string(out))
		}
	})
	return pqDir
}

func readFixture(t *testing.T, mem memory.Allocator, path string) arrow.RecordBatch {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	rec, _ := readParquet(t, mem, data, veilfmt.ReadOptions{Source: filepath.Base(path), BatchRows: 3})
	return rec
}

// colJSON renders a column the way arrow-go marshals it.
func colJSON(t *testing.T, rec arrow.RecordBatch, name string) string {
	t.Helper()
	idx := rec.Schema().FieldIndices(name)
	require.Len(t, idx, 1, "column %q in %s", name, rec.Schema())
	b, err := json.Marshal(rec.Column(idx[0]))
	require.NoError(t, err)
	return string(b)
}

// Flat and list files from apache/parquet-testing (shipped in parquet-go's
// module testdata; see fixture): Veil must read the same
// rows and values as DuckDB.
var duckFixtures = []string{
	"alltypes_plain.parquet", "alltypes_plain.snappy.parquet", "alltypes_dictionary.parquet",
	"datapage_v2.snappy.parquet", "binary.parquet", "byte_array_decimal.parquet",
	"fixed_length_decimal.parquet", "fixed_length_decimal_legacy.parquet", "int32_decimal.parquet",
	"int64_decimal.parquet", "rle_boolean_encoding.parquet", "lz4_raw_compressed.parquet",
	"list_columns.parquet", "null_list.parquet", "single_nan.parquet",
	"delta_length_byte_array.parquet", "delta_encoding_optional_column.parquet",
	"dms_test_table_LOAD00000001.parquet",
}

func TestExternalMatchesDuckDB(t *testing.T) {
	duckdbDir(t)
	for _, name := range duckFixtures {
		t.Run(name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			path := fixture("external/" + name)
			rec := readFixture(t, mem, path)
			defer rec.Release()
			res := duckRead(t, path)
			require.Equal(t, res.Count, int(rec.NumRows()))
			require.Len(t, res.Columns, int(rec.NumCols()))
			for c, f := range rec.Schema().Fields() {
				assert.Equal(t, res.Columns[c].Name, f.Name)
				typ := res.Columns[c].Type
				col := rec.Column(c)
				for r := range int(rec.NumRows()) {
					where := fmt.Sprintf("column %q row %d", f.Name, r)
					got := res.Rows[r][c]
					if l, ok := col.(*array.List); ok {
						if l.IsNull(r) {
							assert.Nil(t, got, where)
							continue
						}
						items := got.([]any)
						start, end := l.ValueOffsets(r)
						require.Len(t, items, int(end-start), where)
						for k := start; k < end; k++ {
							sameValue(t, l.ListValues(), int(k), strings.TrimSuffix(typ, "[]"), items[k-start], where)
						}
						continue
					}
					sameValue(t, col, r, typ, got, where)
				}
			}
		})
	}
}

// TestExternalNested checks how nested files are flattened, against the
// values DuckDB shows for them (noted beside each file).
func TestExternalNested(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, tc := range []struct {
		file   string
		schema string
		cols   map[string]string
	}{{
		// a: [[[a, b], [c]], [NULL, [d]]] and so on: nested lists become
		// one list of their leaves; a NULL inner list leaves nothing.
		file:   "nested_lists.snappy.parquet",
		schema: "a: list<element: utf8, nullable>, nullable, b: int32",
		cols: map[string]string{
			"a": `[["a","b","c","d"],["a","b","c","d","e"],["a","b","c","d","e","f"]]`,
			"b": `[1,1,1]`,
		},
	}, {
		// a: {a={1=true, 2=false}}, {b={1=true}}, {c=NULL}, {d={}}, ...
		file:   "nested_maps.snappy.parquet",
		schema: "a.key: list<element: utf8>, nullable, a.value.key: list<element: int32>, nullable, a.value.value: list<element: bool>, nullable, b: int32, c: float64",
		cols: map[string]string{
			"a.key":         `[["a"],["b"],["c"],["d"],["e"],["f"]]`,
			"a.value.key":   `[[1,2],[1],[],[],[1],[3,4,5]]`,
			"a.value.value": `[[true,false],[true],[],[],[true],[true,false,true]]`,
		},
	}, {
		// phoneNumbers: NULL, NULL, {phone: []}, {phone: [{5555555555, NULL}]}, ...
		file:   "repeated_no_annotation.parquet",
		schema: "id: int32, phoneNumbers.phone.number: list<element: int64>, nullable, phoneNumbers.phone.kind: list<element: utf8, nullable>, nullable",
		cols: map[string]string{
			"id":                        `[1,2,3,4,5,6]`,
			"phoneNumbers.phone.number": `[null,null,[],[5555555555],[1111111111],[1111111111,2222222222,3333333333]]`,
			"phoneNumbers.phone.kind":   `[null,null,[],[null],["home"],["home",null,"mobile"]]`,
		},
	}, {
		// int_array: [1, 2, 3], [NULL, 1, 2, NULL, 3, NULL], [], NULL, NULL, NULL, NULL
		// int_map: {k1=1, k2=100}, {k1=2, k2=NULL}, {}, {}, {}, NULL, {k1=NULL, k3=NULL}
		file: "nullable.impala.parquet",
		cols: map[string]string{
			"id":              `[1,2,3,4,5,6,7]`,
			"int_array":       `[[1,2,3],[null,1,2,null,3,null],[],null,null,null,null]`,
			"int_array_Array": `[[1,2,3,4],[null,1,2,null,3,null,4],[],[],null,null,[5,6]]`,
			"int_map.key":     `[["k1","k2"],["k1","k2"],[],[],[],null,["k1","k3"]]`,
			"int_map.value":   `[[1,100],[2,null],[],[],[],null,[null,null]]`,
			"nested_struct.A": `[1,null,null,null,null,null,7]`,
			"nested_struct.b": `[[1],[null],null,null,null,null,[2,3,null]]`,
		},
	}, {
		file: "nonnullable.impala.parquet",
		cols: map[string]string{
			"ID":              `[8]`,
			"Int_Array":       `[[-1]]`,
			"int_array_array": `[[-1,-2]]`,
			"Int_Map.key":     `[["k1"]]`,
			"nested_Struct.a": `[-1]`,
		},
	}, {
		file:   "nulls.snappy.parquet",
		schema: "b_struct.b_c_int: int32, nullable",
		cols: map[string]string{
			"b_struct.b_c_int": `[null,null,null,null,null,null,null,null]`,
		},
	}} {
		t.Run(tc.file, func(t *testing.T) {
			rec := readFixture(t, mem, fixture("external/"+tc.file))
			defer rec.Release()
			if tc.schema != "" {
				var fs []string
				for _, f := range rec.Schema().Fields() {
					s := f.Name + ": " + f.Type.String()
					if f.Nullable {
						s += ", nullable"
					}
					fs = append(fs, s)
				}
				assert.Equal(t, tc.schema, strings.Join(fs, ", "))
			}
			for name, want := range tc.cols {
				assert.JSONEq(t, want, colJSON(t, rec, name), name)
			}
		})
	}
}

// pqSchema is the Parquet schema of a file as parquet-go prints it.
func pqSchema(t *testing.T, data []byte) string {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	return f.Schema().String()
}

// TestCopyKeepsSchema reads each fixture and writes it again: the copy
// reads back to the same Arrow schema and values, and, unless a column
// nests lists in lists (which reading flattens), has the same Parquet
// schema, groups and annotations included.
func TestCopyKeepsSchema(t *testing.T) {
	flattened := map[string]bool{
		"nested_lists.snappy.parquet": true, "nested_maps.snappy.parquet": true,
		"nullable.impala.parquet": true, "nonnullable.impala.parquet": true,
	}
	files := externalFiles()
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			orig, err := os.ReadFile(path)
			require.NoError(t, err)
			first, _ := readParquet(t, mem, orig, veilfmt.ReadOptions{})
			defer first.Release()
			copied := writeParquet(t, mem, []arrow.RecordBatch{first}, veilfmt.WriteOptions{})
			second, _ := readParquet(t, mem, copied, veilfmt.ReadOptions{})
			defer second.Release()
			assert.True(t, first.Schema().Equal(second.Schema()), "arrow schema\n%s\n%s", first.Schema(), second.Schema())
			assert.True(t, array.RecordEqual(first, second), "values")
			if !flattened[name] {
				assert.Equal(t, pqSchema(t, orig), pqSchema(t, copied))
			}
		})
	}
}

// TestVeilFixture reads a file an earlier Veil wrote (regenerate it with
// -update), so that a change that stops Veil reading its own output shows.
func TestVeilFixture(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	want := allTypesRecord(t, mem, 1)
	defer want.Release()
	path := fixture("veil_alltypes.parquet")
	if *update {
		require.NoError(t, os.WriteFile(path, writeParquet(t, mem, []arrow.RecordBatch{want}, veilfmt.WriteOptions{}), 0o644))
	}
	got := readFixture(t, mem, path)
	defer got.Release()
	assert.True(t, want.Schema().Equal(got.Schema()))
	assert.True(t, array.RecordEqual(want, got))
}
