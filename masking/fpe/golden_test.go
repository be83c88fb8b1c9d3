package fpe

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoldenDigest pins ciphertexts across radixes, key sizes, tweak lengths
// and lengths on every arithmetic path (uint64, 128-bit and math/big): it
// hashes the Encrypt output of a fixed pseudo-random corpus and compares the
// digest with the one recorded before the word-sized paths were rewritten.
func TestGoldenDigest(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	h := sha256.New()
	var buf []uint16
	for _, radix := range []int{2, 3, 7, 10, 16, 26, 36, 52, 62, 100, 255, 256, 1000, 4096, 65535, 65536} {
		for _, keyLen := range []int{16, 24, 32} {
			key := randBytes(rng, keyLen)
			c, err := NewFF1(key, radix)
			require.NoError(t, err)
			for range 40 {
				n := c.MinLen() + rng.IntN(4*c.fastV+12-c.MinLen())
				x := randNumerals(rng, radix, n)
				tweak := randBytes(rng, rng.IntN(40))
				buf, err = c.Encrypt(buf[:0], x, tweak)
				require.NoError(t, err)
				for _, d := range buf {
					h.Write(binary.BigEndian.AppendUint16(nil, d))
				}
			}
		}
	}
	require.Equal(t, "4f68797973a2f89ebeaf7cdaaadf953963981d739f4c6628fda934c693b37f76", hex.EncodeToString(h.Sum(nil)))
}
