package parquet

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

func TestCompressionAndMetadata(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := allTypesRecord(t, mem, 10)
	defer rec.Release()
	for comp, codec := range map[string]format.CompressionCodec{"": format.Zstd, "zstd": format.Zstd, "snappy": format.Snappy, "none": format.Uncompressed} {
		data := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{
			Compression: comp,
			Metadata:    map[string]string{"veil.job": "42", "owner": "masked"},
		})
		f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		for _, c := range f.Metadata().RowGroups[0].Columns {
			assert.Equal(t, codec, c.MetaData.Codec, "compression %q", comp)
		}
		kv := map[string]string{}
		for _, e := range f.Metadata().KeyValueMetadata {
			kv[e.Key] = e.Value
		}
		// The schema's metadata, with the options' on top; never the
		// package's own keys.
		assert.Equal(t, map[string]string{"origin": "test", "owner": "masked", "veil.job": "42"}, kv)
	}
}

func TestWriterRejects(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	_, err := NewWriter(io.Discard, allTypesSchema(), veilfmt.WriteOptions{Compression: "lzo"})
	assert.ErrorContains(t, err, "lzo")
	_, err = NewWriter(io.Discard, nil, veilfmt.WriteOptions{})
	assert.Error(t, err)
	nested := arrow.NewSchema([]arrow.Field{{Name: "s", Type: arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int32})}}, nil)
	_, err = NewWriter(io.Discard, nested, veilfmt.WriteOptions{})
	assert.ErrorIs(t, err, ErrUnsupported)
	assert.ErrorContains(t, err, `"s"`)

	rec := allTypesRecord(t, mem, 1)
	defer rec.Release()
	other := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil)
	w, err := NewWriter(io.Discard, other, veilfmt.WriteOptions{})
	require.NoError(t, err)
	assert.ErrorContains(t, w.Write(rec), "schema differs")
	require.NoError(t, w.Close())
	assert.Error(t, w.Write(rec), "write after close")

	// A null in a column declared non-nullable cannot be written.
	schema := arrow.NewSchema([]arrow.Field{{Name: "ssn", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(mem)
	b.AppendValues([]string{"078-05-1120", ""}, []bool{true, false})
	col := b.NewArray()
	b.Release()
	bad := array.NewRecordBatch(schema, []arrow.Array{col}, 2)
	col.Release()
	defer bad.Release()
	w, err = NewWriter(io.Discard, schema, veilfmt.WriteOptions{})
	require.NoError(t, err)
	err = w.Write(bad)
	assert.ErrorContains(t, err, `"ssn"`)
	assert.ErrorContains(t, err, "required")
	assert.NotContains(t, err.Error(), "078-05-1120")
}

// TestOtherArrowTypes: Arrow types the reader never produces are written as
// the nearest Parquet type and read back as its Arrow type.
func TestOtherArrowTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in := arrow.NewSchema([]arrow.Field{
		{Name: "large", Type: arrow.BinaryTypes.LargeString, Nullable: true},
		{Name: "view", Type: arrow.BinaryTypes.StringView, Nullable: true},
		{Name: "dict", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "d64", Type: arrow.FixedWidthTypes.Date64, Nullable: true},
		{Name: "t32s", Type: arrow.FixedWidthTypes.Time32s, Nullable: true},
		{Name: "ts_s", Type: &arrow.TimestampType{Unit: arrow.Second, TimeZone: "Europe/Paris"}, Nullable: true},
		{Name: "dec64", Type: &arrow.Decimal64Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "lbin", Type: arrow.BinaryTypes.LargeBinary, Nullable: true},
		{Name: "llist", Type: arrow.LargeListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(mem, in, strings.NewReader(`[
		{"large":"a","view":"b","dict":"c","d64":86400000,"t32s":61,"ts_s":1700000000,"dec64":"12.34","lbin":"AAE=","llist":[1,2]},
		{"large":null,"view":null,"dict":null,"d64":null,"t32s":null,"ts_s":null,"dec64":null,"lbin":null,"llist":null}]`))
	require.NoError(t, err)
	defer rec.Release()
	data := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{})
	got, _ := readParquet(t, mem, data, veilfmt.ReadOptions{})
	defer got.Release()
	want := []struct{ typ, json string }{
		{"utf8", `["a",null]`},
		{"utf8", `["b",null]`},
		{"utf8", `["c",null]`},
		{"date32", `["1970-01-02",null]`},
		{"time32[ms]", `["00:01:01",null]`},
		{"timestamp[ms, tz=UTC]", `["2023-11-14T22:13:20Z",null]`},
		{"decimal(10, 2)", `["12.34",null]`},
		{"binary", `["AAE=",null]`},
		{"list<element: int64, nullable>", `[[1,2],null]`},
	}
	for i, w := range want {
		f := got.Schema().Field(i)
		assert.Equal(t, w.typ, f.Type.String(), f.Name)
		assert.JSONEq(t, w.json, colJSON(t, got, f.Name), f.Name)
	}
}

func TestDecimalOutOfRange(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	// Arrow does not enforce a decimal's precision; Parquet's INT32 can
	// hold only 9 digits.
	schema := arrow.NewSchema([]arrow.Field{{Name: "amount", Type: &arrow.Decimal128Type{Precision: 9, Scale: 0}}}, nil)
	b := array.NewDecimal128Builder(mem, schema.Field(0).Type.(*arrow.Decimal128Type))
	b.Append(decimal128.FromI64(99999999999))
	col := b.NewArray()
	b.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 1)
	col.Release()
	defer rec.Release()
	w, err := NewWriter(io.Discard, schema, veilfmt.WriteOptions{})
	require.NoError(t, err)
	err = w.Write(rec)
	assert.ErrorContains(t, err, "does not fit")
	assert.NotContains(t, err.Error(), "99999999999")
}

// TestWriterMemoryFlat writes many row groups: the writer's heap must not
// grow with the rows written, only hold one row group's buffers.
func TestWriterMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 120k rows")
	}
	recs, _ := customerBatches(memory.NewGoAllocator(), 3, 4096, 4096)
	rec := recs[0]
	defer rec.Release()
	w, err := NewWriter(io.Discard, rec.Schema(), veilfmt.WriteOptions{RowGroupRows: 4096})
	require.NoError(t, err)
	heap := func() uint64 {
		runtime.GC() // twice: pooled buffers survive one collection
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var early uint64
	for i := range 30 {
		require.NoError(t, w.Write(rec))
		if i == 5 {
			early = heap()
		}
	}
	late := heap()
	require.NoError(t, w.Close())
	// 24 more row groups add only their footer metadata (some KiB each).
	assert.Less(t, late, early+4<<20, "heap after 6 row groups %d, after 30 %d", early, late)
}
