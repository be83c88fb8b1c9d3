package fpe

import (
	"crypto/aes"
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAES8MatchesCryptoAES: for every key size, the side-by-side path
// enciphers random blocks exactly as crypto/aes does, on both paths.
func TestAES8MatchesCryptoAES(t *testing.T) {
	for _, size := range []int{16, 24, 32} {
		for range 20 {
			key := make([]byte, size)
			rand.Read(key)
			block, err := aes.NewCipher(key)
			require.NoError(t, err)
			a := newAES8(key, block)
			var in, got [lanes][16]byte
			for i := range in {
				rand.Read(in[i][:])
			}
			for _, asm := range []bool{true, false} {
				if asm && !useAES8 {
					continue
				}
				got = in
				if asm {
					encrypt8(&a.rk[0], a.nr, &got)
				} else {
					for i := range got {
						a.block.Encrypt(got[i][:], got[i][:])
					}
				}
				for i := range in {
					var want [16]byte
					block.Encrypt(want[:], in[i][:])
					require.Equal(t, want, got[i], "key size %d, block %d, asm %v", size, i, asm)
				}
			}
		}
	}
}

// TestSbox checks the computed S-box against FIPS 197's first and last
// entries and a few in between.
func TestSbox(t *testing.T) {
	for in, want := range map[byte]byte{0x00: 0x63, 0x01: 0x7c, 0x53: 0xed, 0x10: 0xca, 0xff: 0x16} {
		require.Equal(t, want, sbox[in], "S(%#x)", in)
	}
}

func BenchmarkAES8(b *testing.B) {
	key := make([]byte, 32)
	block, _ := aes.NewCipher(key)
	a := newAES8(key, block)
	var blk [lanes][16]byte
	b.Run("eight-at-once", func(b *testing.B) {
		b.SetBytes(lanes * 16)
		for b.Loop() {
			a.encrypt(&blk, lanes)
		}
	})
	b.Run("one-by-one", func(b *testing.B) {
		b.SetBytes(lanes * 16)
		for b.Loop() {
			for i := range blk {
				block.Encrypt(blk[i][:], blk[i][:])
			}
		}
	})
}
