package scanner

import (
	"bytes"
	"errors"
	"io"
)

// Stream block sizes: blocks end at a line break; a line longer than
// MaxLine is cut at its last blank before the limit.
const (
	BlockSize = 4 << 20
	MaxLine   = 64 << 20
)

// Finding is a match in a stream, with its position in the whole stream.
type Finding struct {
	Match
	Line  int64  // 1-based line of Start
	Value []byte // the matched bytes; valid only during the callback
}

// Stream scans everything r yields in line-aligned blocks of about
// BlockSize, on up to workers goroutines, and calls fn for each finding in
// order, with Start and End as offsets into the whole stream. It stops at
// the first error from r or fn.
func (s *Scanner) Stream(r io.Reader, ctx Context, workers int, fn func(Finding) error) error {
	buf := make([]byte, 0, BlockSize+BlockSize/4)
	var ms []Match
	var base int64
	line := int64(1)
	for {
		eof, err := readAtLeast(r, &buf, BlockSize)
		if err != nil {
			return err
		}
		if len(buf) == 0 {
			return nil
		}
		cut := len(buf)
		if !eof {
			nl := bytes.LastIndexByte(buf, '\n')
			for nl < 0 && !eof && len(buf) < MaxLine { // a long line: read on
				if eof, err = readAtLeast(r, &buf, len(buf)+BlockSize); err != nil {
					return err
				}
				nl = bytes.LastIndexByte(buf, '\n')
			}
			switch {
			case nl >= 0:
				cut = nl + 1
			case !eof:
				if sp := bytes.LastIndexAny(buf, " \t"); sp > 0 {
					cut = sp + 1
				}
			}
		}
		block := buf[:cut]
		ms = s.FindParallel(ms[:0], block, ctx, workers)
		last := 0
		for _, m := range ms {
			line += int64(bytes.Count(block[last:m.Start], newline))
			last = m.Start
			f := Finding{Match: m, Line: line, Value: block[m.Start:m.End]}
			f.Start += int(base)
			f.End += int(base)
			if err := fn(f); err != nil {
				return err
			}
		}
		line += int64(bytes.Count(block[last:], newline))
		base += int64(cut)
		buf = buf[:copy(buf, buf[cut:])]
		if eof && len(buf) == 0 {
			return nil
		}
	}
}

var newline = []byte{'\n'}

// readAtLeast reads from r into *buf until it holds n bytes or r ends,
// growing it as needed. It reports whether r ended.
func readAtLeast(r io.Reader, buf *[]byte, n int) (eof bool, err error) {
	b := *buf
	if cap(b) < n {
		b = append(make([]byte, 0, n), b...)
	}
	for len(b) < n {
		k, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+k]
		if errors.Is(err, io.EOF) {
			*buf = b
			return true, nil
		}
		if err != nil {
			*buf = b
			return false, err
		}
	}
	*buf = b
	return false, nil
}
