// Package formattest holds what the tests and benchmarks of the format
// readers and writers share: compressed inputs, an allocator that records
// its peak, and an endless input that never sits in memory whole.
package formattest

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/require"
)

// Gzip returns p gzip-compressed.
func Gzip(t testing.TB, p []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(p)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// Zstd returns p zstd-compressed.
func Zstd(t testing.TB, p []byte) []byte {
	t.Helper()
	w, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	defer w.Close()
	return w.EncodeAll(p, nil)
}

// PeakAllocator passes allocations to Allocator and records the most
// memory held at once. It is safe for concurrent use.
type PeakAllocator struct {
	memory.Allocator
	cur, peak atomic.Int64
}

func (p *PeakAllocator) note(d int) {
	c := p.cur.Add(int64(d))
	for {
		old := p.peak.Load()
		if c <= old || p.peak.CompareAndSwap(old, c) {
			return
		}
	}
}

// Peak is the most memory held at once so far, in bytes.
func (p *PeakAllocator) Peak() int64 { return p.peak.Load() }

// Allocate allocates and records.
func (p *PeakAllocator) Allocate(n int) []byte {
	b := p.Allocator.Allocate(n)
	p.note(len(b))
	return b
}

// Reallocate reallocates and records the change.
func (p *PeakAllocator) Reallocate(n int, b []byte) []byte {
	old := len(b)
	b = p.Allocator.Reallocate(n, b)
	p.note(len(b) - old)
	return b
}

// Free frees and records.
func (p *PeakAllocator) Free(b []byte) {
	p.note(-len(b))
	p.Allocator.Free(b)
}

// Repeat returns a reader that yields head, then body over and over until
// total bytes of body have been read.
func Repeat(head, body []byte, total int) io.Reader {
	return &repeatReader{head: head, body: body, left: total}
}

type repeatReader struct {
	head, body []byte
	off, left  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if len(r.head) > 0 {
		n := copy(p, r.head)
		r.head = r.head[n:]
		return n, nil
	}
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.left)], r.body[r.off:])
	r.off = (r.off + n) % len(r.body)
	r.left -= n
	return n, nil
}

// FailAfter returns a reader that yields data, then err: an input that
// breaks partway (a disk or network error, not corrupt data).
func FailAfter(data []byte, err error) io.Reader {
	return &failingReader{data: data, err: err}
}

type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}
