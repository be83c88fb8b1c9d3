package scanner

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
)

type located struct {
	Type       string
	Start, End int
	Line       int64
	Value      string
}

func streamAll(t *testing.T, s *Scanner, r io.Reader) []located {
	t.Helper()
	var out []located
	require.NoError(t, s.Stream(r, Context{}, 2, func(f Finding) error {
		out = append(out, located{f.Type, f.Start, f.End, f.Line, string(f.Value)})
		return nil
	}))
	return out
}

func TestStreamOffsetsAndLinesAcrossBlocks(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	// Enough lines to span several blocks; a planted SSN every 50,000 lines.
	var b strings.Builder
	var want []located
	filler := "2024-01-15T10:23:45Z INFO request served in 23ms status=200 path=/api/v1/orders\n"
	for i := 0; i < 200_000; i++ {
		if i%50_000 == 7 {
			start := b.Len() + len("ssn ")
			want = append(want, located{"US_SSN", start, start + 11, int64(i + 1), "536-22-1234"})
			b.WriteString("ssn 536-22-1234 seen\n")
			continue
		}
		b.WriteString(filler)
	}
	in := b.String()
	require.Greater(t, len(in), 2*BlockSize)
	got := streamAll(t, s, strings.NewReader(in))
	var ssn []located
	for _, g := range got {
		if g.Type == "US_SSN" {
			ssn = append(ssn, g)
		}
	}
	assert.Equal(t, want, ssn)
	// A reader that returns one byte at a time must give the same answer.
	prefix := in[:300_000]
	assert.Equal(t, streamAll(t, s, strings.NewReader(prefix)),
		streamAll(t, s, iotest.OneByteReader(strings.NewReader(prefix))),
		"input arriving byte by byte gives other findings")
}

func TestStreamNoTrailingNewlineAndLongLine(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	long := bytes.Repeat([]byte("x"), BlockSize+100)
	in := append(append([]byte{}, long...), " ssn 536-22-1234"...)
	got := streamAll(t, s, bytes.NewReader(in))
	require.Len(t, got, 1)
	assert.Equal(t, located{"US_SSN", len(long) + 5, len(long) + 16, 1, "536-22-1234"}, got[0])
}

func TestStreamReadError(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	boom := io.ErrUnexpectedEOF
	err = s.Stream(iotest.ErrReader(boom), Context{}, 1, func(Finding) error { return nil })
	assert.ErrorIs(t, err, boom)
}
