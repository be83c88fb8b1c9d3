package hash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testKey(seed byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

// reference computes the documented construction with crypto/hmac directly.
func reference(key []byte, typ, value string, length int) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte{byte(len(typ))})
	m.Write([]byte(typ))
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))[:length]
}

func TestHash(t *testing.T) {
	key := testKey(1)
	for _, length := range []int{0, MinLength, 16, 32, 63, MaxLength} {
		h, err := New(key, length)
		require.NoError(t, err)
		want := length
		if want == 0 {
			want = DefaultLength
		}
		assert.Equal(t, want, h.Length())
		for _, tc := range []struct{ typ, value string }{
			{"US_SSN", "123-45-6789"},
			{"EMAIL_ADDRESS", "john.smith@example.com"},
			{"", ""},
			{"T", strings.Repeat("x", 1000)},
		} {
			got, err := h.Hash([]byte("p:"), []byte(tc.value), tc.typ)
			require.NoError(t, err)
			assert.Equal(t, "p:"+reference(key, tc.typ, tc.value, want), string(got))
		}
	}
}

func TestHashProperties(t *testing.T) {
	h, err := New(testKey(1), 0)
	require.NoError(t, err)
	other, err := New(testKey(2), 0)
	require.NoError(t, err)
	v := []byte("123-45-6789")
	a, _ := h.Hash(nil, v, "US_SSN")
	b, _ := h.Hash(nil, v, "US_SSN")
	assert.Equal(t, a, b, "deterministic")
	c, _ := h.Hash(nil, v, "US_ITIN")
	assert.NotEqual(t, a, c, "types are separated")
	d, _ := other.Hash(nil, v, "US_SSN")
	assert.NotEqual(t, a, d, "keyed")
	// The length prefix keeps type and value apart: ("AB", "C") ≠ ("A", "BC").
	e, _ := h.Hash(nil, []byte("C"), "AB")
	f, _ := h.Hash(nil, []byte("BC"), "A")
	assert.NotEqual(t, e, f)
	assert.NotContains(t, string(a), "123456789")
}

func TestHashErrors(t *testing.T) {
	_, err := New(make([]byte, 8), 0)
	require.Error(t, err)
	for _, l := range []int{-1, 7, 65} {
		_, err := New(testKey(1), l)
		require.Error(t, err, "length %d", l)
	}
	h, err := New(testKey(1), 0)
	require.NoError(t, err)
	out, err := h.Hash([]byte("p"), []byte("v"), strings.Repeat("T", MaxTypeLen+1))
	require.ErrorIs(t, err, ErrTypeTooLong)
	assert.Equal(t, "p", string(out))
}

func TestHashConcurrent(t *testing.T) {
	h, err := New(testKey(1), 0)
	require.NoError(t, err)
	want, _ := h.Hash(nil, []byte("john.smith@example.com"), "EMAIL_ADDRESS")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			dst := make([]byte, 0, 64)
			for i := range 500 {
				got, _ := h.Hash(dst[:0], []byte("john.smith@example.com"), "EMAIL_ADDRESS")
				if !assert.Equal(t, want, got, "goroutine %d call %d", g, i) {
					return
				}
				// Interleave other values to catch state leaking between calls.
				_, _ = h.Hash(dst[:0], []byte(fmt.Sprint(i)), "X")
			}
		})
	}
	wg.Wait()
}

func TestNoKeyInString(t *testing.T) {
	h, err := New([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), 0)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, h), "ABCDEF")
	}
}
