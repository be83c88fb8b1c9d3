package arrowipc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
)

// stringColumn builds a column of type dt from vals (nil is null).
func stringColumn(t *testing.T, mem memory.Allocator, dt arrow.DataType, vals []*string) arrow.Array {
	t.Helper()
	b := array.NewBuilder(mem, dt)
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.StringBuilder:
			bb.Append(*v)
		case *array.LargeStringBuilder:
			bb.Append(*v)
		case *array.StringViewBuilder:
			bb.Append(*v)
		default:
			t.Fatalf("no builder for %s", dt)
		}
	}
	return b.NewArray()
}

func strs(vs ...string) []*string {
	out := make([]*string, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// writeBatches writes one IPC batch per element of cols (each a list of
// columns, one per field).
func writeBatches(t *testing.T, mem memory.Allocator, schema *arrow.Schema, stream bool, batches ...[]arrow.Array) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, schema, format.WriteOptions{Allocator: mem}, stream)
	require.NoError(t, err)
	for _, cols := range batches {
		rec := array.NewRecordBatch(schema, cols, int64(cols[0].Len()))
		require.NoError(t, w.Write(rec))
		rec.Release()
		for _, c := range cols {
			c.Release()
		}
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// readUntilError reads every batch and returns the rows read before the
// first error, and that error (nil at the end).
func readUntilError(t *testing.T, mem memory.Allocator, r io.Reader, opts format.ReadOptions) (int64, error) {
	t.Helper()
	opts.Allocator = mem
	rd, err := NewReader(r, opts)
	require.NoError(t, err)
	defer rd.Close()
	var rows int64
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows += rec.NumRows()
		rec.Release()
	}
}

// TestInvalidUTF8: a string column holding bytes that are not UTF-8 fails
// the input as CSV and Parquet do: a *format.RowError naming the source,
// the 1-based row over the whole input and the column, never the value;
// SkipBadRows does not apply (no bad batch is split).
func TestInvalidUTF8(t *testing.T) {
	const secret = "secret-536-22-1234\xff"
	for _, dt := range []arrow.DataType{arrow.BinaryTypes.String, arrow.BinaryTypes.LargeString, arrow.BinaryTypes.StringView} {
		for _, stream := range []bool{false, true} {
			for _, sized := range []bool{true, false} {
				t.Run(fmt.Sprintf("%s/stream=%v/sized=%v", dt, stream, sized), func(t *testing.T) {
					mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
					defer mem.AssertSize(t, 0)
					schema := arrow.NewSchema([]arrow.Field{
						{Name: "id", Type: arrow.PrimitiveTypes.Int64},
						{Name: "ok", Type: dt, Nullable: true},
						{Name: "note", Type: dt, Nullable: true},
					}, nil)
					ids := func(from int64, n int) arrow.Array {
						b := array.NewInt64Builder(mem)
						defer b.Release()
						for i := range n {
							b.Append(from + int64(i))
						}
						return b.NewArray()
					}
					// Two IPC batches of 4 rows; the bad value is the third row
					// of the second: row 7 of the input.
					data := writeBatches(t, mem, schema, stream,
						[]arrow.Array{ids(1, 4), stringColumn(t, mem, dt, strs("a", "b", "Grüße", "")), stringColumn(t, mem, dt, strs("x", "y", "z", "w"))},
						[]arrow.Array{ids(5, 4), stringColumn(t, mem, dt, strs("c", "世界", "d", "e")), stringColumn(t, mem, dt, []*string{strs("fine")[0], nil, strs(secret)[0], strs("also fine")[0]})},
					)
					for _, skip := range []bool{false, true} {
						var r io.Reader = bytes.NewReader(data)
						if !sized {
							r = nonSized{r}
						}
						rows, err := readUntilError(t, mem, r, format.ReadOptions{Source: "data/in.arrow", BatchRows: 3, SkipBadRows: skip})
						var re *format.RowError
						require.ErrorAs(t, err, &re)
						assert.ErrorIs(t, err, ErrInvalidUTF8)
						assert.NotErrorIs(t, err, format.ErrCorrupt)
						assert.Equal(t, "data/in.arrow", re.Source)
						assert.EqualValues(t, 7, re.Row)
						assert.Equal(t, "note", re.Column)
						assert.Equal(t, `data/in.arrow: row 7, column "note": invalid UTF-8 in a string column`, err.Error())
						assert.NotContains(t, err.Error(), "secret")
						assert.EqualValues(t, 4, rows, "the first batch was read")
					}
				})
			}
		}
	}
}

// TestInvalidUTF8Located covers what the fast check over a whole buffer
// could get wrong: a character split between two values (the bytes
// together are UTF-8, neither value is), bad bytes under a null (which
// mean nothing), several bad columns (the earliest row wins, then the
// leftmost column), and an array that is a slice of its buffers.
func TestInvalidUTF8Located(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	raw := func(dt arrow.DataType, offs []int32, data string, valid []bool, offset, n int) arrow.Array {
		var bm *memory.Buffer
		nulls := 0
		if valid != nil {
			bits := make([]byte, (len(valid)+7)/8)
			for i, v := range valid {
				if v {
					bits[i/8] |= 1 << (i % 8)
				} else if i >= offset && i < offset+n {
					nulls++
				}
			}
			bm = memory.NewBufferBytes(bits)
		}
		ob := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offs))
		d := array.NewData(dt, n, []*memory.Buffer{bm, ob, memory.NewBufferBytes([]byte(data))}, nil, nulls, offset)
		defer d.Release()
		return array.MakeFromData(d)
	}
	batch := func(cols ...arrow.Array) arrow.RecordBatch {
		fields := make([]arrow.Field, len(cols))
		for i, c := range cols {
			fields[i] = arrow.Field{Name: string(rune('a' + i)), Type: c.DataType(), Nullable: true}
		}
		rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(cols[0].Len()))
		for _, c := range cols {
			c.Release()
		}
		return rec
	}
	str := arrow.BinaryTypes.String
	for _, tc := range []struct {
		name     string
		rec      arrow.RecordBatch
		row, col int
	}{
		{"split character", batch(raw(str, []int32{0, 2, 4}, "a\xc3\xa9b", nil, 0, 2)), 0, 0},
		{"split, later row", batch(raw(str, []int32{0, 1, 3, 5}, "xa\xc3\xa9b", nil, 0, 3)), 1, 0},
		{"bad bytes under a null", batch(raw(str, []int32{0, 2, 4}, "\xff\xffok", []bool{false, true}, 0, 2)), -1, -1},
		{"bad bytes under a null, then a bad value", batch(raw(str, []int32{0, 2, 4, 5}, "\xff\xffok\xfe", []bool{false, true, true}, 0, 3)), 2, 0},
		{"earliest row wins", batch(
			raw(str, []int32{0, 1, 2, 3}, "ab\xff", nil, 0, 3),
			raw(str, []int32{0, 1, 2, 3}, "a\xffc", nil, 0, 3),
			raw(str, []int32{0, 1, 2, 3}, "\xffbc", nil, 0, 3)), 0, 2},
		{"then the leftmost column", batch(
			raw(str, []int32{0, 1, 2, 3}, "a\xffc", nil, 0, 3),
			raw(str, []int32{0, 1, 2, 3}, "a\xffc", nil, 0, 3)), 1, 0},
		{"a slice: bad bytes outside it", batch(raw(str, []int32{0, 1, 2, 3, 4}, "\xffab\xfe", nil, 1, 2)), -1, -1},
		{"a slice: bad value inside it", batch(raw(str, []int32{0, 1, 2, 3, 4}, "a\xffb\xfe", nil, 1, 2)), 0, 0},
		{"all valid", batch(raw(str, []int32{0, 2, 2, 7}, "éa€x", nil, 0, 3)), -1, -1},
		{"empty", batch(raw(str, []int32{0}, "", nil, 0, 0)), -1, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer tc.rec.Release()
			require.NoError(t, validateRecord(tc.rec))
			row, col := firstInvalidUTF8(tc.rec)
			assert.Equal(t, tc.row, row, "row")
			assert.Equal(t, tc.col, col, "column")
		})
	}
}

// BenchmarkValidUTF8 measures the check on a batch of valid strings.
func BenchmarkValidUTF8(b *testing.B) {
	sb := array.NewStringBuilder(memory.DefaultAllocator)
	for i := range 8192 {
		sb.Append("Grüße aus Berlin, customer " + string(rune('a'+i%26)) + " 536-22-1234 über alles")
	}
	col := sb.NewArray()
	sb.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "s", Type: col.DataType()}}, nil), []arrow.Array{col}, int64(col.Len()))
	col.Release()
	defer rec.Release()
	b.SetBytes(int64(len(col.(*array.String).ValueBytes())))
	for b.Loop() {
		if row, _ := firstInvalidUTF8(rec); row >= 0 {
			b.Fatal("valid data reported invalid")
		}
	}
}
