package parquet

import (
	"bytes"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

type address struct {
	Street string  `parquet:"street"`
	Zip    *string `parquet:"zip,optional"`
}

type phone struct {
	Kind   string `parquet:"kind,enum"`
	Number string `parquet:"number"`
}

// person exercises what parquet-go's generic writer makes of Go types:
// optional scalars and groups, a LIST, repeated groups and scalars, a MAP,
// a timestamp and a UUID.
type person struct {
	ID      int64            `parquet:"id"`
	Name    *string          `parquet:"name,optional"`
	Address *address         `parquet:"address,optional"`
	Tags    []string         `parquet:"tags,list"`
	Phones  []phone          `parquet:"phones"`
	Scores  []int32          `parquet:"scores"`
	Attrs   map[string]int32 `parquet:"attrs"`
	Seen    time.Time        `parquet:"seen,timestamp(millisecond)"`
	Token   [16]byte         `parquet:"token,uuid"`
}

func ptr[T any](v T) *T { return &v }

func genericFile(t *testing.T) []byte {
	t.Helper()
	rows := []person{
		{ID: 1, Name: ptr("Ada"), Address: &address{Street: "1 Main St", Zip: ptr("10115")},
			Tags: []string{"vip", "eu"}, Phones: []phone{{"home", "555-0100"}, {"work", "555-0199"}},
			Scores: []int32{7, 9}, Attrs: map[string]int32{"a": 1}, Seen: time.UnixMilli(1700000000123).UTC(), Token: [16]byte{1, 2, 3}},
		{ID: 2, Name: nil, Address: nil, Tags: nil, Phones: nil, Scores: nil, Attrs: nil, Seen: time.UnixMilli(0).UTC()},
		{ID: 3, Name: ptr(""), Address: &address{Street: "", Zip: nil}, Tags: []string{}, Phones: []phone{{"mobile", "555-0142"}},
			Scores: []int32{0}, Attrs: map[string]int32{}, Seen: time.UnixMilli(-1000).UTC(), Token: [16]byte{15: 0xff}},
	}
	var buf bytes.Buffer
	w := pq.NewGenericWriter[person](&buf)
	_, err := w.Write(rows)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// TestReadGenericWriterFile reads a file parquet-go's own generic writer
// made from nested, optional and repeated Go fields: groups become dotted
// columns, repeated fields lists.
func TestReadGenericWriterFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := genericFile(t)
	rec, _ := readParquet(t, mem, data, veilfmt.ReadOptions{BatchRows: 2})
	defer rec.Release()

	type col struct{ name, typ, json string }
	want := []col{
		{"id", "int64", `[1,2,3]`},
		{"name", "utf8, nullable", `["Ada",null,""]`},
		{"address.street", "utf8, nullable", `["1 Main St",null,""]`},
		{"address.zip", "utf8, nullable", `["10115",null,null]`},
		{"tags", "list<element: utf8>", `[["vip","eu"],[],[]]`}, // a required LIST: nil is written empty
		{"phones.kind", "list<element: utf8>", `[["home","work"],[],["mobile"]]`},
		{"phones.number", "list<element: utf8>", `[["555-0100","555-0199"],[],["555-0142"]]`},
		{"scores", "list<element: int32>", `[[7,9],[],[0]]`},
		{"attrs.key", "list<element: utf8>", `[["a"],[],[]]`},
		{"attrs.value", "list<element: int32>", `[[1],[],[]]`},
		{"seen", "timestamp[ms, tz=UTC]", `["2023-11-14T22:13:20.123Z","1970-01-01T00:00:00Z","1969-12-31T23:59:59Z"]`},
		{"token", "fixed_size_binary[16]", `["AQIDAAAAAAAAAAAAAAAAAA==",null,"AAAAAAAAAAAAAAAAAAAA/w=="]`},
	}
	require.Equal(t, len(want), int(rec.NumCols()), "%s", rec.Schema())
	for i, w := range want {
		f := rec.Schema().Field(i)
		typ := f.Type.String()
		if f.Nullable {
			typ += ", nullable"
		}
		assert.Equal(t, w.name, f.Name)
		assert.Equal(t, w.typ, typ, w.name)
		if w.name == "token" {
			continue // checked below
		}
		assert.JSONEq(t, w.json, colJSON(t, rec, w.name), w.name)
	}
	tok := rec.Column(11).(*array.FixedSizeBinary)
	assert.Equal(t, []byte{1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, tok.Value(0))
	assert.Equal(t, make([]byte, 16), tok.Value(1)) // a zero UUID, not a null: the field is required
	// The ENUM and UUID annotations ride along as type hints.
	md := rec.Schema().Field(5).Metadata
	assert.Equal(t, "BYTE_ARRAY/ENUM", md.Values()[md.FindKey(MetaType)])
	md = rec.Schema().Field(11).Metadata
	assert.Equal(t, "FIXED_LEN_BYTE_ARRAY(16)/UUID", md.Values()[md.FindKey(MetaType)])
}

// TestCopyGenericWriterFile: Parquet to Veil to Parquet keeps the nested
// schema (groups, repetitions, LIST and MAP annotations, logical types,
// the root's name) and the values.
func TestCopyGenericWriterFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	orig := genericFile(t)
	first, _ := readParquet(t, mem, orig, veilfmt.ReadOptions{})
	defer first.Release()
	copied := writeParquet(t, mem, []arrow.RecordBatch{first}, veilfmt.WriteOptions{})
	assert.Equal(t, pqSchema(t, orig), pqSchema(t, copied))

	second, _ := readParquet(t, mem, copied, veilfmt.ReadOptions{})
	defer second.Release()
	assert.True(t, first.Schema().Equal(second.Schema()))
	assert.True(t, array.RecordEqual(first, second))

	// parquet-go reads the copy back into the Go type it came from.
	rows, err := pq.Read[person](bytes.NewReader(copied), int64(len(copied)))
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, "10115", *rows[0].Address.Zip)
	assert.Equal(t, []phone{{"home", "555-0100"}, {"work", "555-0199"}}, rows[0].Phones)
	assert.Nil(t, rows[1].Address)
	assert.Equal(t, map[string]int32{"a": 1}, rows[0].Attrs)
	assert.Equal(t, time.UnixMilli(-1000).UTC(), rows[2].Seen.UTC())
}

// TestTreeFallsBack: when the Arrow columns no longer fit the stored tree
// (a column's type changed to a list, say), the writer writes the
// canonical flat schema instead of failing.
func TestTreeFallsBack(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	first, _ := readParquet(t, mem, genericFile(t), veilfmt.ReadOptions{})
	defer first.Release()
	require.GreaterOrEqual(t, first.Schema().Metadata().FindKey(MetaSchema), 0)

	// Drop the list column "tags": the tree no longer matches.
	fields := append(append([]arrow.Field{}, first.Schema().Fields()[:4]...), first.Schema().Fields()[5:]...)
	cols := append(append([]arrow.Array{}, first.Columns()[:4]...), first.Columns()[5:]...)
	md := first.Schema().Metadata()
	rec := array.NewRecordBatch(arrow.NewSchema(fields, &md), cols, first.NumRows())
	defer rec.Release()
	data := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{})
	got, _ := readParquet(t, mem, data, veilfmt.ReadOptions{})
	defer got.Release()
	assert.Equal(t, rec.NumCols(), got.NumCols())
	for i := range int(rec.NumCols()) {
		assert.Equal(t, rec.Schema().Field(i).Name, got.Schema().Field(i).Name)
		assert.True(t, array.Equal(rec.Column(i), got.Column(i)), rec.Schema().Field(i).Name)
	}
	assert.Contains(t, pqSchema(t, data), "optional binary address.street (STRING)")
}
