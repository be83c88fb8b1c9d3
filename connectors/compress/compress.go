// Package compress opens possibly-compressed input transparently: gzip and
// zstd are recognised by their magic bytes, anything else passes through.
package compress

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Kind names the compression of a stream.
type Kind string

// The kinds Open recognises.
const (
	None Kind = "none"
	Gzip Kind = "gzip"
	Zstd Kind = "zstd"
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Detect names the compression whose magic bytes head starts with.
func Detect(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		return Gzip
	case bytes.HasPrefix(head, zstdMagic):
		return Zstd
	}
	return None
}

// Open returns a reader of the decompressed bytes of r and the compression
// it found. Closing the result releases the decoder, not r.
func Open(r io.Reader) (io.ReadCloser, Kind, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF {
		return nil, None, err
	}
	switch k := Detect(head); k {
	case Gzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, k, fmt.Errorf("gzip header: %w", err)
		}
		return zr, k, nil
	case Zstd:
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, k, fmt.Errorf("zstd header: %w", err)
		}
		return zstdCloser{zr}, k, nil
	default:
		return io.NopCloser(br), None, nil
	}
}

type zstdCloser struct{ *zstd.Decoder }

func (z zstdCloser) Close() error { z.Decoder.Close(); return nil }

// Tracker wraps the raw input of Open and remembers its last error, so a
// reader can tell an error the input itself returned (passed through the
// decompressor) from one the decompressor raised about corrupt or truncated
// data.
type Tracker struct {
	r   io.Reader
	err error
}

// NewTracker wraps r.
func NewTracker(r io.Reader) *Tracker { return &Tracker{r: r} }

// Read reads from the wrapped input, remembering any error.
func (t *Tracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil {
		t.err = err
	}
	return n, err
}

// Passed reports whether err is the raw input's own error passed through,
// rather than one the decompressor made up or a truncation it found.
func (t *Tracker) Passed(err error) bool {
	return t.err != nil && t.err != io.EOF && errors.Is(err, t.err)
}
