package arrowipc

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/formattest"
)

var update = flag.Bool("update", false, "rewrite the fixtures in testdata/formats/arrow")

const fixtureDir = "../../../testdata/formats/arrow"

// kitchenSchema has one column of most Arrow types, nested ones included,
// with field and schema metadata.
func kitchenSchema() *arrow.Schema {
	fm := arrow.NewMetadata([]string{"comment"}, []string{"the customer's id"})
	sm := arrow.NewMetadata([]string{"origin", "veil.test"}, []string{"generated", "1"})
	return arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Metadata: fm},
		{Name: "flag", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
		{Name: "u16", Type: arrow.PrimitiveTypes.Uint16, Nullable: true},
		{Name: "u64", Type: arrow.PrimitiveTypes.Uint64, Nullable: true},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
		{Name: "f64", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "big", Type: arrow.BinaryTypes.LargeString, Nullable: true},
		{Name: "raw", Type: arrow.BinaryTypes.Binary, Nullable: true},
		{Name: "fixed", Type: &arrow.FixedSizeBinaryType{ByteWidth: 3}, Nullable: true},
		{Name: "amount", Type: &arrow.Decimal128Type{Precision: 12, Scale: 2}, Nullable: true},
		{Name: "day", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "tod", Type: arrow.FixedWidthTypes.Time64us, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "addr", Type: arrow.StructOf(
			arrow.Field{Name: "zip", Type: arrow.BinaryTypes.String, Nullable: true},
			arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		), Nullable: true},
		{Name: "attrs", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32), Nullable: true},
		{Name: "status", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "nothing", Type: arrow.Null, Nullable: true},
	}, &sm)
}

const kitchenJSON = `[
{"id":1,"flag":true,"i8":-8,"u16":65535,"u64":18446744073709551615,"f32":1.5,"f64":-2.25,"name":"Ada","big":"long","raw":"AAEC","fixed":"YWJj","amount":"12.34","day":19000,"at":1700000000000000,"tod":3600000000,"tags":["a","b"],"addr":{"zip":"10115","n":7},"attrs":[{"key":"k","value":1}],"status":"open","nothing":null},
{"id":2,"flag":null,"i8":null,"u16":null,"u64":null,"f32":null,"f64":null,"name":null,"big":null,"raw":null,"fixed":null,"amount":null,"day":null,"at":null,"tod":null,"tags":null,"addr":null,"attrs":null,"status":null,"nothing":null},
{"id":3,"flag":false,"i8":127,"u16":0,"u64":0,"f32":0,"f64":1e300,"name":"","big":"","raw":"","fixed":"AAAA","amount":"-0.01","day":-1,"at":0,"tod":0,"tags":[],"addr":{"zip":null,"n":null},"attrs":[],"status":"closed","nothing":null},
{"id":4,"flag":true,"i8":-128,"u16":1,"u64":1,"f32":-0.5,"f64":0.1,"name":"Grüße, 世界","big":"x","raw":"/w==","fixed":"enp6","amount":"9999999999.99","day":0,"at":-1,"tod":86399999999,"tags":[null,"c"],"addr":{"zip":"E1 6AN","n":-1},"attrs":[{"key":"a","value":null},{"key":"b","value":2}],"status":"open","nothing":null}
]`

// kitchenRecord builds the four rows above, repeated times times.
func kitchenRecord(t testing.TB, mem memory.Allocator, times int) arrow.RecordBatch {
	t.Helper()
	one, _, err := array.RecordFromJSON(mem, kitchenSchema(), strings.NewReader(kitchenJSON))
	require.NoError(t, err)
	if times == 1 {
		return one
	}
	defer one.Release()
	recs := make([]arrow.RecordBatch, times)
	for i := range recs {
		recs[i] = one
	}
	tbl := array.NewTableFromRecords(one.Schema(), recs)
	defer tbl.Release()
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		c, err := array.Concatenate(tbl.Column(i).Data().Chunks(), mem)
		require.NoError(t, err)
		cols[i] = c
		defer c.Release()
	}
	return array.NewRecordBatch(one.Schema(), cols, tbl.NumRows())
}

func write(t testing.TB, mem memory.Allocator, rec arrow.RecordBatch, stream bool, opts format.WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	opts.Allocator = mem
	w, err := NewWriter(&buf, rec.Schema(), opts, stream)
	require.NoError(t, err)
	require.NoError(t, w.Write(rec))
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// readAll reads every batch and concatenates them into one record.
func readAll(t testing.TB, mem memory.Allocator, r io.Reader, batchRows int) (arrow.RecordBatch, *arrow.Schema, int) {
	t.Helper()
	rd, err := NewReader(r, format.ReadOptions{Source: "test.arrow", Allocator: mem, BatchRows: batchRows})
	require.NoError(t, err)
	defer rd.Close()
	var recs []arrow.RecordBatch
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if batchRows > 0 {
			require.LessOrEqual(t, rec.NumRows(), int64(batchRows))
		}
		recs = append(recs, rec)
	}
	schema := rd.Schema()
	tbl := array.NewTableFromRecords(schema, recs)
	defer tbl.Release()
	for _, r := range recs {
		r.Release()
	}
	require.Equal(t, tbl.NumRows(), rd.Rows())
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		c, err := array.Concatenate(tbl.Column(i).Data().Chunks(), mem)
		require.NoError(t, err)
		cols[i] = c
		defer c.Release()
	}
	return array.NewRecordBatch(schema, cols, tbl.NumRows()), schema, len(recs)
}

// nonSized hides ReadAt so the reader sees a plain stream.
type nonSized struct{ r io.Reader }

func (n nonSized) Read(p []byte) (int, error) { return n.r.Read(p) }

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream bool
		comp   string
		sized  bool
	}{
		{"file", false, "", true},
		{"file-unsized", false, "", false},
		{"stream", true, "", true},
		{"stream-unsized", true, "", false},
		{"file-zstd", false, "zstd", true},
		{"stream-lz4", true, "lz4", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			want := kitchenRecord(t, mem, 25) // 100 rows
			defer want.Release()
			data := write(t, mem, want, tc.stream, format.WriteOptions{Compression: tc.comp})
			if tc.stream {
				assert.False(t, bytes.HasPrefix(data, magic))
			} else {
				assert.True(t, bytes.HasPrefix(data, magic))
				assert.True(t, bytes.HasSuffix(data, magic))
			}
			var in io.Reader = bytes.NewReader(data)
			if !tc.sized {
				in = nonSized{in}
			}
			got, schema, batches := readAll(t, mem, in, 30)
			defer got.Release()
			assert.Equal(t, 4, batches, "100 rows in batches of at most 30")
			assert.True(t, schema.Equal(want.Schema()), "schema\n got %s\nwant %s", schema, want.Schema())
			assert.True(t, schema.Metadata().Equal(want.Schema().Metadata()))
			assert.True(t, array.RecordEqual(want, got), "values differ")
		})
	}
}

func TestWriterMetadataAndEmpty(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := kitchenSchema()
	for _, stream := range []bool{false, true} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, schema, format.WriteOptions{Allocator: mem, Metadata: map[string]string{"veil.job": "42", "origin": "masked"}}, stream)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		require.NoError(t, w.Close(), "second Close is a no-op")

		rd, err := NewReader(bytes.NewReader(buf.Bytes()), format.ReadOptions{Source: "empty", Allocator: mem})
		require.NoError(t, err)
		md := rd.Schema().Metadata()
		assert.Equal(t, "42", md.Values()[md.FindKey("veil.job")])
		assert.Equal(t, "masked", md.Values()[md.FindKey("origin")], "options win over the schema's metadata")
		assert.Equal(t, "1", md.Values()[md.FindKey("veil.test")])
		_, err = rd.Next()
		assert.Equal(t, io.EOF, err)
		require.NoError(t, rd.Close())
	}
}

func TestWriterRejects(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	_, err := NewWriter(io.Discard, kitchenSchema(), format.WriteOptions{Compression: "snappy"}, false)
	assert.ErrorContains(t, err, "snappy")
	_, err = NewWriter(io.Discard, nil, format.WriteOptions{}, false)
	assert.Error(t, err)

	rec := kitchenRecord(t, mem, 1)
	defer rec.Release()
	other := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil)
	w, err := NewWriter(io.Discard, other, format.WriteOptions{Allocator: mem}, false)
	require.NoError(t, err)
	assert.ErrorContains(t, w.Write(rec), "schema differs")
	require.NoError(t, w.Close())
	assert.Error(t, w.Write(rec), "write after close")
}

func TestOpener(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := kitchenRecord(t, mem, 1)
	defer rec.Release()
	for _, o := range []*Opener{NewOpener(), NewOpener(WithStream())} {
		assert.Equal(t, "arrow", o.Name())
		var buf bytes.Buffer
		w, err := o.NewWriter(&buf, rec.Schema(), format.WriteOptions{Allocator: mem})
		require.NoError(t, err)
		require.NoError(t, w.Write(rec))
		require.NoError(t, w.Close())
		assert.Equal(t, !o.stream, bytes.HasPrefix(buf.Bytes(), magic))
		r, err := o.NewReader(bytes.NewReader(buf.Bytes()), format.ReadOptions{Allocator: mem})
		require.NoError(t, err)
		got, err := r.Next()
		require.NoError(t, err)
		assert.True(t, array.RecordEqual(rec, got))
		got.Release()
		assert.Equal(t, int64(0), r.Skipped())
		require.NoError(t, r.Close())
	}
}

// TestFixtures reads the committed files (written by an earlier run with
// -update) and checks they still decode to the kitchen-sink rows.
func TestFixtures(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	want := kitchenRecord(t, mem, 1)
	defer want.Release()
	files := map[string]bool{"kitchen.arrow": false, "kitchen.arrows": true}
	if *update {
		require.NoError(t, os.MkdirAll(fixtureDir, 0o755))
		for name, stream := range files {
			require.NoError(t, os.WriteFile(filepath.Join(fixtureDir, name), write(t, mem, want, stream, format.WriteOptions{}), 0o644))
		}
	}
	for name := range files {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(fixtureDir, name))
			require.NoError(t, err)
			defer f.Close()
			st, err := f.Stat()
			require.NoError(t, err)
			got, schema, _ := readAll(t, mem, io.NewSectionReader(f, 0, st.Size()), 0)
			defer got.Release()
			assert.True(t, schema.Equal(want.Schema()))
			assert.True(t, array.RecordEqual(want, got))
		})
	}
}

func TestCorrupt(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := kitchenRecord(t, mem, 3)
	defer rec.Release()
	file := write(t, mem, rec, false, format.WriteOptions{})
	stream := write(t, mem, rec, true, format.WriteOptions{})

	inputs := map[string][]byte{
		"empty":      nil,
		"text":       []byte("id,name\n1,Ada\n"),
		"magic":      []byte("ARROW1"),
		"magicpad":   []byte("ARROW1\x00\x00garbage garbage"),
		"bad-footer": append(append([]byte{}, file[:len(file)-10]...), []byte("\xff\xff\xff\x7fARROW1")...),
	}
	for _, cut := range []int{8, 16, 100, len(file) / 2} {
		inputs["file-cut-"+strconv.Itoa(cut)] = file[:cut]
	}
	// Cut inside the footer: only a reader with random access notices, one
	// reading front to back has every batch before the footer.
	for _, cut := range []int{len(file) - 12, len(file) - 1} {
		inputs["footer-cut-"+strconv.Itoa(cut)] = file[:cut]
	}
	for _, cut := range []int{4, 12, 100, len(stream) / 2, len(stream) - 9} {
		inputs["stream-cut-"+strconv.Itoa(cut)] = stream[:cut]
	}
	for name, in := range inputs {
		for _, sized := range []bool{true, false} {
			if (name == "bad-footer" || strings.HasPrefix(name, "footer-cut")) && !sized {
				continue // read front to back, the footer is never reached
			}
			var r io.Reader = bytes.NewReader(in)
			if !sized {
				r = nonSized{r}
			}
			err := readErr(mem, r, "s3://bucket/"+name)
			require.Error(t, err, "%s sized=%v", name, sized)
			assert.ErrorIs(t, err, format.ErrCorrupt, "%s sized=%v: %v", name, sized, err)
			assert.Contains(t, err.Error(), "s3://bucket/"+name)
		}
	}
}

// readErr reads r to the end and returns the first error (nil at EOF).
func readErr(mem memory.Allocator, r io.Reader, src string) error {
	rd, err := NewReader(r, format.ReadOptions{Source: src, Allocator: mem})
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		touch(rec)
		rec.Release()
	}
}

// touch reads every value of rec, so that a batch that passed validation
// but still addressed memory out of bounds would panic here.
func touch(rec arrow.RecordBatch) {
	for _, c := range rec.Columns() {
		for i := range c.Len() {
			_ = c.ValueStr(i)
		}
	}
}

var errDisk = errors.New("disk on fire")

func TestInputErrorIsNotCorrupt(t *testing.T) {
	err := readErr(memory.DefaultAllocator, formattest.FailAfter(bytes.Repeat([]byte{0xff}, 4), errDisk), "pipe")
	require.Error(t, err)
	assert.ErrorIs(t, err, errDisk)
	assert.NotErrorIs(t, err, format.ErrCorrupt)
}

func TestErrorsHoldNoValues(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := kitchenRecord(t, mem, 1)
	defer rec.Release()
	data := write(t, mem, rec, true, format.WriteOptions{})
	// Corrupt every byte in turn (a cheap sweep) and check no error ever
	// quotes a value from the data.
	secrets := []string{"Ada", "10115", "E1 6AN", "Grüße"}
	for i := 0; i < len(data); i += 7 {
		c := bytes.Clone(data)
		c[i] ^= 0x5a
		err := readErr(mem, bytes.NewReader(c), "x")
		if err == nil {
			continue
		}
		for _, s := range secrets {
			assert.NotContains(t, err.Error(), s)
		}
	}
}

// TestHighlyCompressed: a batch whose compressed body is tiny next to its
// row count (a long run of one boolean) is legitimate, not corrupt.
func TestHighlyCompressed(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "b", Type: arrow.FixedWidthTypes.Boolean}}, nil)
	bb := array.NewBooleanBuilder(mem)
	for range 1 << 20 {
		bb.Append(true)
	}
	col := bb.NewArray()
	bb.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 1<<20)
	col.Release()
	defer rec.Release()
	for _, stream := range []bool{false, true} {
		data := write(t, mem, rec, stream, format.WriteOptions{Compression: "zstd"})
		require.Less(t, len(data), 8<<10)
		got, _, _ := readAll(t, mem, bytes.NewReader(data), 1<<20)
		assert.True(t, array.RecordEqual(rec, got))
		got.Release()
	}
}
