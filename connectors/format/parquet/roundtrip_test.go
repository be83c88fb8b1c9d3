package parquet

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

func meta(kv ...string) arrow.Metadata {
	var k, v []string
	for i := 0; i < len(kv); i += 2 {
		k, v = append(k, kv[i]), append(v, kv[i+1])
	}
	return arrow.NewMetadata(k, v)
}

// allTypesSchema has a column of every Arrow type the reader produces, so a
// write and a read must give back the same schema and values.
func allTypesSchema() *arrow.Schema {
	f := func(name string, dt arrow.DataType, md ...string) arrow.Field {
		fl := arrow.Field{Name: name, Type: dt, Nullable: true}
		if len(md) > 0 {
			fl.Metadata = meta(md...)
		}
		return fl
	}
	sm := meta("origin", "test", "owner", "veil")
	return arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		f("flag", arrow.FixedWidthTypes.Boolean),
		f("i8", arrow.PrimitiveTypes.Int8),
		f("i16", arrow.PrimitiveTypes.Int16),
		f("i32", arrow.PrimitiveTypes.Int32),
		f("i32_annotated", arrow.PrimitiveTypes.Int32, MetaType, "INT32/INT(32,true)"),
		f("i64_annotated", arrow.PrimitiveTypes.Int64, MetaType, "INT64/INT(64,true)"),
		f("u8", arrow.PrimitiveTypes.Uint8),
		f("u16", arrow.PrimitiveTypes.Uint16),
		f("u32", arrow.PrimitiveTypes.Uint32),
		f("u64", arrow.PrimitiveTypes.Uint64),
		f("f16", arrow.FixedWidthTypes.Float16),
		f("f32", arrow.PrimitiveTypes.Float32),
		f("f64", arrow.PrimitiveTypes.Float64),
		f("name", arrow.BinaryTypes.String),
		f("status", arrow.BinaryTypes.String, MetaType, "BYTE_ARRAY/ENUM"),
		f("doc", arrow.BinaryTypes.String, MetaType, "BYTE_ARRAY/JSON"),
		f("raw", arrow.BinaryTypes.Binary),
		f("bson", arrow.BinaryTypes.Binary, MetaType, "BYTE_ARRAY/BSON"),
		f("fixed", &arrow.FixedSizeBinaryType{ByteWidth: 3}),
		f("uuid", &arrow.FixedSizeBinaryType{ByteWidth: 16}, MetaType, "FIXED_LEN_BYTE_ARRAY(16)/UUID"),
		f("dec9", &arrow.Decimal128Type{Precision: 9, Scale: 2}),
		f("dec18", &arrow.Decimal128Type{Precision: 18, Scale: 4}),
		f("dec38", &arrow.Decimal128Type{Precision: 38, Scale: 10}),
		f("dec_flba", &arrow.Decimal128Type{Precision: 7, Scale: 3}, MetaType, "FIXED_LEN_BYTE_ARRAY(4)/DECIMAL(7,3)"),
		f("dec_bytes", &arrow.Decimal128Type{Precision: 20, Scale: 0}, MetaType, "BYTE_ARRAY/DECIMAL(20,0)"),
		f("dec76", &arrow.Decimal256Type{Precision: 60, Scale: 5}),
		f("day", arrow.FixedWidthTypes.Date32),
		f("tod_ms", arrow.FixedWidthTypes.Time32ms),
		f("tod_ms_utc", arrow.FixedWidthTypes.Time32ms, MetaType, "INT32/TIME(MILLIS,true)"),
		f("tod_us", arrow.FixedWidthTypes.Time64us),
		f("tod_ns", arrow.FixedWidthTypes.Time64ns),
		f("ts_ms", &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}),
		f("ts_us", &arrow.TimestampType{Unit: arrow.Microsecond}),
		f("ts_ns", &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}),
		f("ts_int96", &arrow.TimestampType{Unit: arrow.Nanosecond}, MetaType, "INT96"),
		f("nothing", arrow.Null),
		f("tags", arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.BinaryTypes.String, Nullable: true}), MetaFieldID, "7"),
		{Name: "scores", Type: arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Int32})},
	}, &sm)
}

const allTypesJSON = `[
{"id":1,"flag":true,"i8":-128,"i16":-32768,"i32":-2147483648,"i32_annotated":7,"i64_annotated":-7,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"f16":1.5,"f32":1.25,"f64":-2.5e300,
 "name":"Ada Lovelace","status":"open","doc":"{\"a\":1}","raw":"AAEC/w==","bson":"BQAAAAA=","fixed":"YWJj","uuid":"AAECAwQFBgcICQoLDA0ODw==",
 "dec9":"1234567.89","dec18":"-12345678901234.5678","dec38":"1234567890123456789012345678.0123456789","dec_flba":"-1234.567","dec_bytes":"-98765432109876543210","dec76":"-1234567890123456789012345678901234567890123456789012345.12345",
 "day":19000,"tod_ms":3723004,"tod_ms_utc":1,"tod_us":3723004005,"tod_ns":3723004005006,"ts_ms":1700000000123,"ts_us":1700000000123456,"ts_ns":1700000000123456789,"ts_int96":-1,"nothing":null,
 "tags":["a",null,"c"],"scores":[1,2]},
{"id":2,"flag":null,"i8":null,"i16":null,"i32":null,"i32_annotated":null,"i64_annotated":null,"u8":null,"u16":null,"u32":null,"u64":null,"f16":null,"f32":null,"f64":null,
 "name":null,"status":null,"doc":null,"raw":null,"bson":null,"fixed":null,"uuid":null,"dec9":null,"dec18":null,"dec38":null,"dec_flba":null,"dec_bytes":null,"dec76":null,
 "day":null,"tod_ms":null,"tod_ms_utc":null,"tod_us":null,"tod_ns":null,"ts_ms":null,"ts_us":null,"ts_ns":null,"ts_int96":null,"nothing":null,"tags":null,"scores":[]},
{"id":3,"flag":false,"i8":127,"i16":32767,"i32":2147483647,"i32_annotated":0,"i64_annotated":0,"u8":0,"u16":0,"u32":0,"u64":0,"f16":-0.5,"f32":0,"f64":0.1,
 "name":"","status":"closed","doc":"[]","raw":"","bson":"","fixed":"AAAA","uuid":"/////////////////////w==",
 "dec9":"-0.01","dec18":"0","dec38":"-0.0000000001","dec_flba":"9999.999","dec_bytes":"0","dec76":"0.00001",
 "day":-719162,"tod_ms":0,"tod_ms_utc":86399999,"tod_us":0,"tod_ns":86399999999999,"ts_ms":-62135596800000,"ts_us":0,"ts_ns":-1,"ts_int96":1700000000123456789,"nothing":null,
 "tags":[],"scores":[3]}
]`

func allTypesRecord(t testing.TB, mem memory.Allocator, times int) arrow.RecordBatch {
	t.Helper()
	one, _, err := array.RecordFromJSON(mem, allTypesSchema(), strings.NewReader(allTypesJSON))
	require.NoError(t, err)
	if times == 1 {
		return one
	}
	defer one.Release()
	recs := make([]arrow.RecordBatch, times)
	for i := range recs {
		recs[i] = one
	}
	return concatRecords(t, mem, one.Schema(), recs)
}

func concatRecords(t testing.TB, mem memory.Allocator, schema *arrow.Schema, recs []arrow.RecordBatch) arrow.RecordBatch {
	t.Helper()
	tbl := array.NewTableFromRecords(schema, recs)
	defer tbl.Release()
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		c, err := array.Concatenate(tbl.Column(i).Data().Chunks(), mem)
		require.NoError(t, err)
		cols[i] = c
	}
	defer releaseAll(cols)
	return array.NewRecordBatch(schema, cols, tbl.NumRows())
}

func writeParquet(t testing.TB, mem memory.Allocator, recs []arrow.RecordBatch, opts veilfmt.WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	opts.Allocator = mem
	w, err := NewWriter(&buf, recs[0].Schema(), opts)
	require.NoError(t, err)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// readParquet reads every batch and returns them concatenated.
func readParquet(t testing.TB, mem memory.Allocator, data []byte, opts veilfmt.ReadOptions) (arrow.RecordBatch, int) {
	t.Helper()
	opts.Allocator = mem
	if opts.Source == "" {
		opts.Source = "test.parquet"
	}
	rd, err := NewReader(bytes.NewReader(data), opts)
	require.NoError(t, err)
	defer rd.Close()
	var recs []arrow.RecordBatch
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		recs = append(recs, rec)
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	got := concatRecords(t, mem, rd.Schema(), recs)
	require.Equal(t, got.NumRows(), rd.Rows())
	return got, len(recs)
}

func TestRoundTripAllTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	want := allTypesRecord(t, mem, 1)
	defer want.Release()
	data := writeParquet(t, mem, []arrow.RecordBatch{want}, veilfmt.WriteOptions{})
	got, _ := readParquet(t, mem, data, veilfmt.ReadOptions{})
	defer got.Release()
	for i, f := range want.Schema().Fields() {
		g := got.Schema().Field(i)
		assert.True(t, f.Equal(g), "field %d\nwant %s\n got %s", i, f, g)
		if !array.Equal(want.Column(i), got.Column(i)) {
			t.Errorf("column %s\nwant %s\n got %s", f.Name, want.Column(i), got.Column(i))
		}
	}
	assert.True(t, want.Schema().Metadata().Equal(got.Schema().Metadata()), "%s vs %s", want.Schema().Metadata(), got.Schema().Metadata())
}
