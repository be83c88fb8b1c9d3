package jsonl

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/formattest"
)

// TestMemoryBounded streams 16 MB through the reader: what it holds at
// once stays near one batch however long the input.
func TestMemoryBounded(t *testing.T) {
	body := genJSONL(2, 1<<20)
	src := formattest.Repeat(nil, body, (16<<20)/len(body)*len(body))
	mem := &formattest.PeakAllocator{Allocator: checked(t)}
	const batchBytes = 256 << 10
	r, err := New(Options{}).NewReader(src, format.ReadOptions{Allocator: mem, BatchBytes: batchBytes})
	require.NoError(t, err)
	defer r.Close()
	rd := r.(*reader)
	rows := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		rows += int(rec.NumRows())
		rec.Release()
	}
	assert.Greater(t, rows, 30000)
	t.Logf("allocator peak %d bytes for batches of %d", mem.Peak(), batchBytes)
	assert.Less(t, mem.Peak(), int64(6*batchBytes), "allocator peak")
	assert.LessOrEqual(t, len(rd.lines.buf), 256<<10, "read buffer")
}

// TestToCSV: the CSV writer leaves the template column out.
func TestToCSV(t *testing.T) {
	_, recs, err := readAll(t, []byte(`{"a":{"b":"x,y"},"n":1}`+"\n"+`{"n":2}`), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	var buf bytes.Buffer
	w, err := csv.New(csv.Options{}).NewWriter(&buf, recs[0].Schema(), format.WriteOptions{})
	require.NoError(t, err)
	require.NoError(t, w.Write(recs[0]))
	require.NoError(t, w.Close())
	assert.Equal(t, "a.b,n\n\"x,y\",1\n,2\n", buf.String())
}
