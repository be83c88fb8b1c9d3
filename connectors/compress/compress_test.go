package compress

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format/formattest"
)

func TestOpen(t *testing.T) {
	plain := []byte("ssn 536-22-1234\nline two\n")
	cases := []struct {
		name string
		in   []byte
		kind Kind
	}{
		{"plain", plain, None},
		{"gzip", formattest.Gzip(t, plain), Gzip},
		{"zstd", formattest.Zstd(t, plain), Zstd},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, k, err := Open(bytes.NewReader(c.in))
			require.NoError(t, err)
			defer r.Close()
			assert.Equal(t, c.kind, k)
			got, err := io.ReadAll(r)
			require.NoError(t, err)
			assert.Equal(t, plain, got)
		})
	}
}

func TestOpenShortAndEmpty(t *testing.T) {
	for _, in := range [][]byte{nil, {0x1f}, []byte("ab")} {
		r, k, err := Open(bytes.NewReader(in))
		require.NoError(t, err)
		assert.Equal(t, None, k)
		got, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, string(in), string(got))
	}
}

func TestOpenCorruptGzip(t *testing.T) {
	bad := formattest.Gzip(t, []byte("hello world, hello world"))
	bad = bad[:len(bad)-6] // cut the trailer
	r, _, err := Open(bytes.NewReader(bad))
	require.NoError(t, err)
	_, err = io.ReadAll(r)
	assert.Error(t, err, "a truncated gzip stream must not read as complete")
}

func FuzzOpen(f *testing.F) {
	f.Add([]byte("plain text"))
	f.Add(formattest.Gzip(f, []byte("zipped")))
	f.Add(formattest.Zstd(f, []byte("zstd")))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, k, err := Open(bytes.NewReader(in))
		if err != nil {
			return
		}
		defer r.Close()
		got, err := io.ReadAll(io.LimitReader(r, 1<<20))
		if k == None {
			require.NoError(t, err)
			require.True(t, bytes.Equal(in, got), "uncompressed input must pass through unchanged")
		}
	})
}
