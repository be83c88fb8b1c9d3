package fpe

import (
	"crypto/rand"
	"math/big"
	oldrand "math/rand"
	mrand "math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCryptUint128sMatchesOneByOne: jobs run side by side give exactly what
// one EncryptUint128 or DecryptUint128 call each gives, errors included, for
// every batch size, for radixes that take the lanes and one that does not.
func TestCryptUint128sMatchesOneByOne(t *testing.T) {
	for _, asm := range []bool{true, false} {
		if asm && !useAES8 {
			continue
		}
		old := useAES8
		useAES8 = asm
		checkLanes(t)
		useAES8 = old
	}
}

func checkLanes(t *testing.T) {
	r := mrand.New(mrand.NewPCG(1, 2))
	for _, radix := range []int{2, 4, 16, 10} {
		key := make([]byte, 16+8*r.IntN(3))
		rand.Read(key)
		c, err := NewFF1(key, radix)
		require.NoError(t, err)
		for _, size := range []int{1, 3, 8, 9, 17, 40} {
			jobs := make([]Uint128Job, size)
			for k := range jobs {
				jobs[k] = randomJob(r, c)
			}
			for _, encrypt := range []bool{true, false} {
				got := append([]Uint128Job(nil), jobs...)
				c.CryptUint128s(got, encrypt)
				for k, j := range jobs {
					var hi, lo uint64
					var err error
					if encrypt {
						hi, lo, err = c.EncryptUint128(j.Hi, j.Lo, j.N, j.Tweak)
					} else {
						hi, lo, err = c.DecryptUint128(j.Hi, j.Lo, j.N, j.Tweak)
					}
					require.Equal(t, err, got[k].Err, "radix %d job %d (n %d)", radix, k, j.N)
					require.Equal(t, [2]uint64{hi, lo}, [2]uint64{got[k].Hi, got[k].Lo}, "radix %d job %d (n %d, tweak %d bytes)", radix, k, j.N, len(j.Tweak))
				}
			}
			// And back.
			enc := append([]Uint128Job(nil), jobs...)
			c.CryptUint128s(enc, true)
			var valid []Uint128Job
			var orig []Uint128Job
			for k, j := range enc {
				if j.Err == nil {
					valid = append(valid, j)
					orig = append(orig, jobs[k])
				}
			}
			c.CryptUint128s(valid, false)
			for k, j := range orig {
				if assert.NoError(t, valid[k].Err) {
					assert.Equal(t, [2]uint64{j.Hi, j.Lo}, [2]uint64{valid[k].Hi, valid[k].Lo})
				}
			}
		}
	}
}

// randomJob is a job for c, now and then an invalid one (too short, too
// long, a value out of range).
func randomJob(r *mrand.Rand, c *FF1) Uint128Job {
	n := c.minLen + r.IntN(c.MaxLenUint128()-c.minLen+1)
	switch r.IntN(20) {
	case 0:
		n = c.minLen - 1
	case 1:
		n = c.MaxLenUint128() + 1
	}
	tw := make([]byte, r.IntN(40))
	for i := range tw {
		tw[i] = byte(r.Uint32())
	}
	lim := new(big.Int).Exp(big.NewInt(int64(c.Radix())), big.NewInt(int64(max(n, 0))), nil)
	x := new(big.Int).Rand(oldrand.New(oldrand.NewSource(r.Int64())), lim)
	if r.IntN(20) == 0 {
		x.Set(lim) // one too many
	}
	lo := new(big.Int).And(x, new(big.Int).SetUint64(^uint64(0))).Uint64()
	hi := new(big.Int).Rsh(x, 64)
	if hi.BitLen() > 64 {
		hi.SetUint64(^uint64(0))
	}
	return Uint128Job{Hi: hi.Uint64(), Lo: lo, N: n, Tweak: tw}
}

// FuzzCryptUint128s holds jobs run side by side to one call each.
func FuzzCryptUint128s(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(8), []byte("tweak"))
	c, err := NewFF1([]byte("0123456789abcdef0123456789abcdef"), 2)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, seed1, seed2 uint64, size uint8, tweak []byte) {
		r := mrand.New(mrand.NewPCG(seed1, seed2))
		jobs := make([]Uint128Job, int(size)%20)
		for k := range jobs {
			jobs[k] = randomJob(r, c)
			if k%2 == 0 && len(tweak) <= MaxTweakLen {
				jobs[k].Tweak = tweak
			}
		}
		got := append([]Uint128Job(nil), jobs...)
		c.CryptUint128s(got, true)
		for k, j := range jobs {
			hi, lo, err := c.EncryptUint128(j.Hi, j.Lo, j.N, j.Tweak)
			require.Equal(t, err, got[k].Err)
			require.Equal(t, [2]uint64{hi, lo}, [2]uint64{got[k].Hi, got[k].Lo})
		}
	})
}
