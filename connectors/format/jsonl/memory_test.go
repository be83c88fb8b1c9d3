package jsonl

import (
	"bytes"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
)

// peakAllocator records the most memory allocated at once.
type peakAllocator struct {
	memory.Allocator
	cur, peak int
}

func (p *peakAllocator) note(d int) {
	p.cur += d
	p.peak = max(p.peak, p.cur)
}

func (p *peakAllocator) Allocate(n int) []byte {
	b := p.Allocator.Allocate(n)
	p.note(len(b))
	return b
}

func (p *peakAllocator) Reallocate(n int, b []byte) []byte {
	old := len(b)
	b = p.Allocator.Reallocate(n, b)
	p.note(len(b) - old)
	return b
}

func (p *peakAllocator) Free(b []byte) {
	p.note(-len(b))
	p.Allocator.Free(b)
}

// repeatReader yields body over and over up to total bytes.
type repeatReader struct {
	body      []byte
	off, left int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.left)], r.body[r.off:])
	r.off = (r.off + n) % len(r.body)
	r.left -= n
	return n, nil
}

// TestMemoryBounded streams 16 MB through the reader: what it holds at
// once stays near one batch however long the input.
func TestMemoryBounded(t *testing.T) {
	body := genJSONL(2, 1<<20)
	src := &repeatReader{body: body, left: (16 << 20) / len(body) * len(body)}
	mem := &peakAllocator{Allocator: checked(t)}
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
	t.Logf("allocator peak %d bytes for batches of %d", mem.peak, batchBytes)
	assert.Less(t, mem.peak, 6*batchBytes, "allocator peak")
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
