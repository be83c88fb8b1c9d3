package formattest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompressRoundTrip(t *testing.T) {
	p := []byte("ssn 536-22-1234\n")
	zr, err := gzip.NewReader(bytes.NewReader(Gzip(t, p)))
	require.NoError(t, err)
	got, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, p, got)
	d, err := zstd.NewReader(nil)
	require.NoError(t, err)
	defer d.Close()
	got, err = d.DecodeAll(Zstd(t, p), nil)
	require.NoError(t, err)
	assert.Equal(t, p, got)
}

func TestPeakAllocator(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	p := &PeakAllocator{Allocator: mem}
	a := p.Allocate(100)
	b := p.Allocate(50)
	p.Free(a)
	b = p.Reallocate(70, b)
	assert.EqualValues(t, 150, p.Peak(), "100 and 50 were held at once")
	p.Free(b)
	assert.EqualValues(t, 150, p.Peak())
}

func TestRepeat(t *testing.T) {
	got, err := io.ReadAll(Repeat([]byte("h\n"), []byte("ab"), 5))
	require.NoError(t, err)
	assert.Equal(t, "h\nababa", string(got))
}

func TestFailAfter(t *testing.T) {
	boom := errors.New("disk on fire")
	got, err := io.ReadAll(FailAfter([]byte("abc"), boom))
	assert.Equal(t, "abc", string(got))
	assert.ErrorIs(t, err, boom)
}
