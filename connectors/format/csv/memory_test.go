package csv

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/formattest"
)

// TestMemoryBounded streams 16 MB through the reader: what it holds at
// once stays near one batch however long the input.
func TestMemoryBounded(t *testing.T) {
	gen := bench.CSV(2, 1<<20)
	nl := bytes.IndexByte(gen, '\n') + 1
	src := formattest.Repeat(gen[:nl], gen[nl:], (16<<20)/(len(gen)-nl)*(len(gen)-nl))
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
	assert.Greater(t, rows, 50000)
	t.Logf("allocator peak %d bytes for batches of %d", mem.Peak(), batchBytes)
	assert.Less(t, mem.Peak(), int64(4*batchBytes), "allocator peak")
	assert.LessOrEqual(t, len(rd.sp.buf), minBuffer, "read buffer")
}
