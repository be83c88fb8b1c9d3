package parquet

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

func TestBatchesAndRowGroups(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	want := allTypesRecord(t, mem, 100) // 300 rows
	defer want.Release()
	data := writeParquet(t, mem, []arrow.RecordBatch{want}, veilfmt.WriteOptions{RowGroupRows: 70})

	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var sizes []int64
	for _, g := range f.RowGroups() {
		sizes = append(sizes, g.NumRows())
	}
	assert.Equal(t, []int64{70, 70, 70, 70, 20}, sizes)

	rd, err := NewReader(bytes.NewReader(data), veilfmt.ReadOptions{Allocator: mem, BatchRows: 32})
	require.NoError(t, err)
	var got []int64
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		got = append(got, rec.NumRows())
		rec.Release()
	}
	// Batches stay within a row group.
	assert.Equal(t, []int64{32, 32, 6, 32, 32, 6, 32, 32, 6, 32, 32, 6, 20}, got)
	assert.Equal(t, int64(300), rd.Rows())
	require.NoError(t, rd.Close())
	require.NoError(t, rd.Close())
	_, err = rd.Next()
	assert.Error(t, err, "Next after Close")

	all, batches := readParquet(t, mem, data, veilfmt.ReadOptions{BatchRows: 1})
	defer all.Release()
	assert.Equal(t, 300, batches)
	assert.True(t, array.RecordEqual(want, all))
}

func TestBatchBytes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "blob", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(mem)
	for i := range 1000 {
		b.Append(strings.Repeat(string(rune('a'+i%26)), 1000))
	}
	col := b.NewArray()
	b.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 1000)
	col.Release()
	defer rec.Release()
	data := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{})

	rd, err := NewReader(bytes.NewReader(data), veilfmt.ReadOptions{Allocator: mem, BatchBytes: 64 << 10})
	require.NoError(t, err)
	defer rd.Close()
	n := 0
	for {
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		assert.LessOrEqual(t, r.NumRows(), int64(70), "about 64 KiB of 1 KB values")
		n += int(r.NumRows())
		r.Release()
	}
	assert.Equal(t, 1000, n)
}

type named struct {
	ID   int64  `parquet:"id"`
	Name string `parquet:"name"`
}

func badUTF8File(t *testing.T) []byte {
	t.Helper()
	rows := make([]named, 100)
	for i := range rows {
		rows[i] = named{ID: int64(i + 1), Name: "ok"}
	}
	rows[41].Name = "secret\xff\xfe"
	rows[76].Name = "\xc3" // a cut two-byte character
	var buf bytes.Buffer
	w := pq.NewGenericWriter[named](&buf)
	_, err := w.Write(rows)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestInvalidUTF8(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := badUTF8File(t)

	rd, err := NewReader(bytes.NewReader(data), veilfmt.ReadOptions{Source: "people.parquet", Allocator: mem, BatchRows: 30})
	require.NoError(t, err)
	var rows int64
	for {
		rec, err := rd.Next()
		if err != nil {
			var re *veilfmt.RowError
			require.True(t, errors.As(err, &re), "%v", err)
			assert.Equal(t, "people.parquet", re.Source)
			assert.Equal(t, int64(42), re.Row)
			assert.Equal(t, "name", re.Column)
			assert.ErrorIs(t, err, ErrInvalidUTF8)
			assert.NotContains(t, err.Error(), "secret")
			break
		}
		rows += rec.NumRows()
		rec.Release()
	}
	assert.Equal(t, int64(30), rows, "the batch with the bad row is not returned")
	require.NoError(t, rd.Close())

	rd, err = NewReader(bytes.NewReader(data), veilfmt.ReadOptions{Allocator: mem, BatchRows: 30, SkipBadRows: true})
	require.NoError(t, err)
	var ids []int64
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		ids = append(ids, rec.Column(0).(*array.Int64).Int64Values()...)
		for i := range int(rec.NumRows()) {
			assert.Equal(t, "ok", rec.Column(1).(*array.String).Value(i))
		}
		rec.Release()
	}
	assert.Equal(t, int64(2), rd.Skipped())
	assert.Equal(t, int64(98), rd.Rows())
	assert.Len(t, ids, 98)
	assert.NotContains(t, ids, int64(42))
	assert.NotContains(t, ids, int64(77))
	require.NoError(t, rd.Close())
}

func TestOpener(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var o veilfmt.Opener = Opener{}
	assert.Equal(t, "parquet", o.Name())
	rec := allTypesRecord(t, mem, 1)
	defer rec.Release()
	var buf bytes.Buffer
	w, err := o.NewWriter(&buf, rec.Schema(), veilfmt.WriteOptions{Allocator: mem})
	require.NoError(t, err)
	require.NoError(t, w.Write(rec))
	require.NoError(t, w.Close())
	r, err := o.NewReader(bytes.NewReader(buf.Bytes()), veilfmt.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	got, err := r.Next()
	require.NoError(t, err)
	assert.True(t, array.RecordEqual(rec, got))
	got.Release()
	assert.Equal(t, int64(0), r.Skipped())
	require.NoError(t, r.Close())
}

func TestEmptyFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, allTypesSchema(), veilfmt.WriteOptions{Allocator: mem})
	require.NoError(t, err)
	require.NoError(t, w.Close())
	rd, err := NewReader(bytes.NewReader(buf.Bytes()), veilfmt.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	assert.True(t, allTypesSchema().Equal(rd.Schema()))
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
	require.NoError(t, rd.Close())
}
