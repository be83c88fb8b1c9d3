package csv

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/formattest"
)

// stringRecord builds a utf8 record from rows; nil entries are nulls.
func stringRecord(t testing.TB, mem memory.Allocator, names []string, rows [][]*string) arrow.RecordBatch {
	fs := make([]arrow.Field, len(names))
	for i, n := range names {
		fs[i] = arrow.Field{Name: n, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	b := array.NewRecordBuilder(mem, arrow.NewSchema(fs, nil))
	defer b.Release()
	for _, row := range rows {
		for j, v := range row {
			sb := b.Field(j).(*array.StringBuilder)
			if v == nil {
				sb.AppendNull()
			} else {
				sb.Append(*v)
			}
		}
	}
	return b.NewRecordBatch()
}

func sp(s string) *string { return &s }

func write(t testing.TB, co Options, wo format.WriteOptions, schema *arrow.Schema, recs ...arrow.RecordBatch) string {
	var buf bytes.Buffer
	w, err := New(co).NewWriter(&buf, schema, wo)
	require.NoError(t, err)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "Close twice is harmless")
	return buf.String()
}

func TestWriteQuoting(t *testing.T) {
	mem := checked(t)
	rec := stringRecord(t, mem, []string{"a", "b,c", "d"}, [][]*string{
		{sp("plain"), sp("with,comma"), sp(`with "quote"`)},
		{sp("line\nbreak"), sp("cr\rhere"), sp("crlf\r\nhere")},
		{sp(""), nil, sp(" leading space")},
		{sp("#hash"), sp("#hash"), sp("é ü 日本")},
	})
	defer rec.Release()
	got := write(t, Options{}, format.WriteOptions{}, rec.Schema(), rec)
	assert.Equal(t, "a,\"b,c\",d\n"+
		"plain,\"with,comma\",\"with \"\"quote\"\"\"\n"+
		"\"line\nbreak\",\"cr\rhere\",\"crlf\r\nhere\"\n"+
		",, leading space\n"+
		"#hash,#hash,é ü 日本\n", got)

	// With a comment character, a first field that starts with it is quoted.
	got = write(t, Options{Comment: '#', Delimiter: ';'}, format.WriteOptions{}, rec.Schema(), rec)
	assert.Contains(t, got, "\n\"#hash\";#hash;")
	assert.Contains(t, got, "a;b,c;d\n")

	// WriteOptions.Delimiter wins.
	got = write(t, Options{Delimiter: ';'}, format.WriteOptions{Delimiter: '\t'}, rec.Schema(), rec)
	assert.True(t, strings.HasPrefix(got, "a\tb,c\td\n"), got)
}

func TestWriteOneColumnEmpty(t *testing.T) {
	mem := checked(t)
	rec := stringRecord(t, mem, []string{"only"}, [][]*string{{sp("x")}, {sp("")}, {nil}, {sp("y")}})
	defer rec.Release()
	got := write(t, Options{}, format.WriteOptions{}, rec.Schema(), rec)
	assert.Equal(t, "only\nx\n\"\"\n\"\"\ny\n", got)
	tb, err := read(t, []byte(got), Options{}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"x"}, {""}, {""}, {"y"}}, tb.Rows)
}

func TestWriteBOMHeader(t *testing.T) {
	mem := checked(t)
	rec := stringRecord(t, mem, []string{"\ufeffid", "x"}, [][]*string{{sp("1"), sp("2")}})
	defer rec.Release()
	got := write(t, Options{}, format.WriteOptions{}, rec.Schema(), rec)
	tb, err := read(t, []byte(got), Options{}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	assert.Equal(t, []string{"\ufeffid", "x"}, tb.Columns)
}

func TestWriteTypes(t *testing.T) {
	mem := checked(t)
	ts := time.Date(2024, 3, 9, 13, 4, 5, 120000000, time.UTC)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data")
	}
	_ = ny
	type col struct {
		name  string
		build func(memory.Allocator) arrow.Array
		want  []string
	}
	cols := []col{
		{"i8", func(m memory.Allocator) arrow.Array {
			b := array.NewInt8Builder(m)
			b.AppendValues([]int8{-128, 0}, nil)
			b.AppendNull()
			return b.NewArray()
		}, []string{"-128", "0", ""}},
		{"u64", func(m memory.Allocator) arrow.Array {
			b := array.NewUint64Builder(m)
			b.AppendValues([]uint64{math.MaxUint64, 7, 0}, nil)
			return b.NewArray()
		}, []string{"18446744073709551615", "7", "0"}},
		{"i64", func(m memory.Allocator) arrow.Array {
			b := array.NewInt64Builder(m)
			b.AppendValues([]int64{536221234, -1, math.MinInt64}, nil)
			return b.NewArray()
		}, []string{"536221234", "-1", "-9223372036854775808"}},
		{"f32", func(m memory.Allocator) arrow.Array {
			b := array.NewFloat32Builder(m)
			b.AppendValues([]float32{0.1, 1e20, float32(math.Inf(-1))}, nil)
			return b.NewArray()
		}, []string{"0.1", "1e+20", "-Inf"}},
		{"f64", func(m memory.Allocator) arrow.Array {
			b := array.NewFloat64Builder(m)
			b.AppendValues([]float64{12.5, 4111111111111111, math.NaN()}, nil)
			return b.NewArray()
		}, []string{"12.5", "4.111111111111111e+15", "NaN"}},
		{"bool", func(m memory.Allocator) arrow.Array {
			b := array.NewBooleanBuilder(m)
			b.AppendValues([]bool{true, false}, nil)
			b.AppendNull()
			return b.NewArray()
		}, []string{"true", "false", ""}},
		{"date32", func(m memory.Allocator) arrow.Array {
			b := array.NewDate32Builder(m)
			b.AppendValues([]arrow.Date32{arrow.Date32FromTime(ts), 0, -1}, nil)
			return b.NewArray()
		}, []string{"2024-03-09", "1970-01-01", "1969-12-31"}},
		{"ts_naive", func(m memory.Allocator) arrow.Array {
			b := array.NewTimestampBuilder(m, &arrow.TimestampType{Unit: arrow.Millisecond})
			b.Append(arrow.Timestamp(ts.UnixMilli()))
			b.Append(0)
			b.AppendNull()
			return b.NewArray()
		}, []string{"2024-03-09T13:04:05.12", "1970-01-01T00:00:00", ""}},
		{"ts_utc", func(m memory.Allocator) arrow.Array {
			b := array.NewTimestampBuilder(m, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"})
			b.Append(arrow.Timestamp(ts.UnixMicro()))
			b.Append(arrow.Timestamp(ts.UnixMicro() + 1))
			b.AppendNull()
			return b.NewArray()
		}, []string{"2024-03-09T13:04:05.12Z", "2024-03-09T13:04:05.120001Z", ""}},
		{"ts_ny", func(m memory.Allocator) arrow.Array {
			b := array.NewTimestampBuilder(m, &arrow.TimestampType{Unit: arrow.Second, TimeZone: "America/New_York"})
			b.Append(arrow.Timestamp(ts.Unix()))
			b.AppendNull()
			b.AppendNull()
			return b.NewArray()
		}, []string{"2024-03-09T08:04:05-05:00", "", ""}},
		{"time64", func(m memory.Allocator) arrow.Array {
			b := array.NewTime64Builder(m, &arrow.Time64Type{Unit: arrow.Nanosecond})
			b.AppendValues([]arrow.Time64{arrow.Time64((13*3600+4*60+5)*1e9 + 5), 0, 1e9}, nil)
			return b.NewArray()
		}, []string{"13:04:05.000000005", "00:00:00", "00:00:01"}},
		{"dec", func(m memory.Allocator) arrow.Array {
			b := array.NewDecimal128Builder(m, &arrow.Decimal128Type{Precision: 10, Scale: 2})
			b.Append(decimal128.FromI64(-12345))
			b.Append(decimal128.FromI64(5))
			b.Append(decimal128.FromI64(9920))
			b.AppendNull()
			return b.NewArray()
		}, []string{"-123.45", "0.05", "99.20", ""}},
		{"bin", func(m memory.Allocator) arrow.Array {
			b := array.NewBinaryBuilder(m, arrow.BinaryTypes.Binary)
			b.Append([]byte{0, 1, 0xff})
			b.Append(nil)
			b.AppendNull()
			return b.NewArray()
		}, []string{"AAH/", "", ""}},
		{"list", func(m memory.Allocator) arrow.Array {
			b := array.NewListBuilder(m, arrow.PrimitiveTypes.Int32)
			defer b.Release()
			vb := b.ValueBuilder().(*array.Int32Builder)
			b.Append(true)
			vb.AppendValues([]int32{1, 2}, nil)
			b.Append(true)
			b.AppendNull()
			return b.NewArray()
		}, []string{"[1,2]", "[]", ""}},
		{"dict", func(m memory.Allocator) arrow.Array {
			b := array.NewDictionaryBuilder(m, &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}).(*array.BinaryDictionaryBuilder)
			defer b.Release()
			require.NoError(t, b.AppendString("red"))
			require.NoError(t, b.AppendString("blue, green"))
			require.NoError(t, b.AppendString("red"))
			return b.NewArray()
		}, []string{"red", "blue, green", "red"}},
		{"null", func(m memory.Allocator) arrow.Array {
			return array.NewNull(3)
		}, []string{"", "", ""}},
	}
	fs := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	for i, c := range cols {
		arrs[i] = c.build(mem)
		defer arrs[i].Release()
		fs[i] = arrow.Field{Name: c.name, Type: arrs[i].DataType(), Nullable: true}
	}
	schema := arrow.NewSchema(fs, nil)
	rec := array.NewRecordBatch(schema, arrs, 3)
	defer rec.Release()
	out := write(t, Options{}, format.WriteOptions{}, schema, rec)
	tb, err := read(t, []byte(out), Options{}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err, out)
	for j, c := range cols {
		assert.Equal(t, c.name, tb.Columns[j])
		for i := range 3 {
			assert.Equal(t, c.want[i], tb.Rows[i][j], "%s row %d", c.name, i)
		}
	}
}

func TestWriteColumnMismatch(t *testing.T) {
	mem := checked(t)
	rec := stringRecord(t, mem, []string{"a", "b"}, [][]*string{{sp("1"), sp("2")}})
	defer rec.Release()
	w, err := New(Options{}).NewWriter(io.Discard, arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.BinaryTypes.String}}, nil), format.WriteOptions{})
	require.NoError(t, err)
	assert.Error(t, w.Write(rec))
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriteError(t *testing.T) {
	mem := checked(t)
	rec := stringRecord(t, mem, []string{"a"}, [][]*string{{sp("1")}})
	defer rec.Release()
	boom := errors.New("disk full")
	w, err := New(Options{}).NewWriter(failWriter{boom}, rec.Schema(), format.WriteOptions{})
	require.NoError(t, err)
	require.NoError(t, w.Write(rec))
	assert.ErrorIs(t, w.Close(), boom)
	assert.ErrorIs(t, w.Write(rec), boom)
}

// roundTrip reads in, writes what it read with the same options, reads that
// back and checks the two reads are equal.
func roundTrip(t testing.TB, in []byte, co Options) table {
	mem := checked(t)
	rd, err := New(co).NewReader(bytes.NewReader(in), format.ReadOptions{Allocator: mem, BatchRows: 100})
	require.NoError(t, err)
	defer rd.Close()
	recs := readAllRecords(t, rd)
	defer releaseAll(recs)
	out := write(t, co, format.WriteOptions{}, rd.Schema(), recs...)
	first, err := read(t, in, co, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	second, err := read(t, []byte(out), co, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	first.Batches, second.Batches = 0, 0
	require.Equal(t, first, second)
	// Writing is deterministic: the output reads and writes to itself.
	again := roundTripOnce(t, []byte(out), co, mem)
	require.Equal(t, out, again)
	return first
}

func roundTripOnce(t testing.TB, in []byte, co Options, mem memory.Allocator) string {
	rd, err := New(co).NewReader(bytes.NewReader(in), format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	defer rd.Close()
	recs := readAllRecords(t, rd)
	defer releaseAll(recs)
	return write(t, co, format.WriteOptions{}, rd.Schema(), recs...)
}

func TestRoundTrip(t *testing.T) {
	gen := bench.CSV(11, 200<<10)
	tb := roundTrip(t, gen, Options{})
	assert.Greater(t, len(tb.Rows), 500)
	for _, d := range []rune{';', '\t', '|'} {
		in := roundTripOnce(t, gen, Options{}, checked(t))
		// Re-delimit through the writer, then round-trip that.
		rd, err := New(Options{}).NewReader(strings.NewReader(in), format.ReadOptions{Allocator: checked(t)})
		require.NoError(t, err)
		recs := readAllRecords(t, rd)
		out := write(t, Options{Delimiter: d}, format.WriteOptions{}, rd.Schema(), recs...)
		releaseAll(recs)
		rd.Close()
		got := roundTrip(t, []byte(out), Options{Delimiter: d, Comment: '#'})
		assert.Equal(t, tb.Rows, got.Rows)
	}
	for _, s := range splitSeeds {
		for _, lazy := range []bool{false, true} {
			if _, err := read(t, []byte(s), Options{LazyQuotes: lazy}, format.ReadOptions{}); err == nil {
				roundTrip(t, []byte(s), Options{LazyQuotes: lazy})
			}
		}
	}
}

// FuzzReader: the reader never panics or leaks, fails only with row errors
// or corrupt-input errors, and whatever it reads writes out and reads back
// the same.
func FuzzReader(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s), uint8(0), false, false)
	}
	f.Add(formattest.Gzip(f, []byte("a,b\n1,2\n")), uint8(0), false, false)
	f.Add(formattest.Zstd(f, []byte("a;b\n1;\"2\n3\"\n")), uint8(1), true, true)
	f.Add([]byte("a,b\n1,2\n3\n\"x\"y,4\n5,\xff\n"), uint8(0), false, true)
	f.Fuzz(func(t *testing.T, in []byte, d uint8, lazy, skip bool) {
		co := Options{Delimiter: rune([]byte{',', ';', '\t', '|'}[int(d)%4]), LazyQuotes: lazy}
		if d&0x80 != 0 {
			co.Comment = '#'
		}
		tb, err := read(t, in, co, format.ReadOptions{SkipBadRows: skip, BatchRows: 3, BatchBytes: 64})
		if err != nil {
			var re *format.RowError
			if !errors.As(err, &re) && !errors.Is(err, format.ErrCorrupt) {
				t.Fatalf("error is neither a row error nor corrupt input: %v", err)
			}
			if skip && !errors.Is(err, ErrHeader) && !errors.Is(err, ErrRecordTooLong) && !errors.Is(err, format.ErrCorrupt) {
				t.Fatalf("a bad row failed the read under SkipBadRows: %v", err)
			}
			return
		}
		if skip {
			// What was read is good; rewriting it must round-trip.
			mem := checked(t)
			var recs []arrow.RecordBatch
			for _, row := range tb.Rows {
				ps := make([]*string, len(row))
				for i := range row {
					ps[i] = &row[i]
				}
				recs = append(recs, stringRecord(t, mem, tb.Columns, [][]*string{ps}))
			}
			if len(tb.Columns) == 0 {
				return
			}
			schema := stringRecord(t, mem, tb.Columns, nil)
			out := write(t, co, format.WriteOptions{}, schema.Schema(), recs...)
			schema.Release()
			releaseAll(recs)
			back, err := read(t, []byte(out), co, format.ReadOptions{})
			require.NoError(t, err)
			require.Equal(t, tb.Rows, back.Rows)
			return
		}
		roundTrip(t, in, co)
	})
}
