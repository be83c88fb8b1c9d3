package fpe

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func bigOf(words ...uint64) *big.Int {
	z := new(big.Int)
	for _, w := range words {
		z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(w))
	}
	return z
}

// words splits z (below 2^(64*n)) into n words, most significant first.
func words(z *big.Int, n int) []uint64 {
	out := make([]uint64, n)
	mask := new(big.Int).SetUint64(^uint64(0))
	z = new(big.Int).Set(z)
	for i := n - 1; i >= 0; i-- {
		out[i] = new(big.Int).And(z, mask).Uint64()
		z.Rsh(z, 64)
	}
	return out
}

// randWord returns a word whose magnitude is spread over all bit lengths,
// with the extreme values common.
func randWord(rng *rand.Rand) uint64 {
	switch rng.IntN(8) {
	case 0:
		return 0
	case 1:
		return ^uint64(0)
	case 2:
		return 1 << rng.IntN(64)
	default:
		return rng.Uint64() >> rng.IntN(64)
	}
}

func TestDiv64(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	divisors := []uint64{1, 2, 3, 7, 10, 26, 36, 62, 1 << 31, 1<<32 - 1, 1 << 32, 1e9, 1e18, 1e19,
		1<<63 - 1, 1 << 63, 1<<63 + 1, ^uint64(0) - 1, ^uint64(0)}
	for range 200 {
		divisors = append(divisors, randWord(rng)|1, rng.Uint64())
	}
	for _, m := range divisors {
		if m == 0 {
			continue
		}
		q := newDiv64(m)
		bm := new(big.Int).SetUint64(m)
		for range 200 {
			x2, x1, x0 := randWord(rng), randWord(rng), randWord(rng)

			quo, rem := q.divmod64(x0)
			require.Equal(t, x0/m, quo, "divmod64 %d / %d", x0, m)
			require.Equal(t, x0%m, rem, "divmod64 %d %% %d", x0, m)
			if m >= 2 {
				require.Equal(t, x0%m, q.rem64(x0), "rem64 %d %% %d", x0, m)
			}

			_, want := new(big.Int).QuoRem(bigOf(x1, x0), bm, new(big.Int))
			require.Equal(t, want.Uint64(), q.rem128(x1, x0), "rem128 mod %d", m)
			if m >= 2 {
				h := x1 >> 32
				_, want = new(big.Int).QuoRem(bigOf(h, x0), bm, new(big.Int))
				require.Equal(t, want.Uint64(), q.rem96(h, x0), "rem96 mod %d", m)
			}
			if x1 < m { // the quotient fits two words in any case
				qhi, qlo, r := q.divmod128(x1, x0)
				wq, wr := new(big.Int).QuoRem(bigOf(x1, x0), bm, new(big.Int))
				require.Equal(t, words(wq, 2), []uint64{qhi, qlo}, "divmod128 quotient mod %d", m)
				require.Equal(t, wr.Uint64(), r, "divmod128 remainder mod %d", m)
			}
			_, want = new(big.Int).QuoRem(bigOf(x2, x1, x0), bm, new(big.Int))
			require.Equal(t, want.Uint64(), q.rem192(x2, x1, x0), "rem192 mod %d", m)
		}
	}
}

func TestDiv128(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	type pair struct{ m1, m0 uint64 }
	divisors := []pair{{1, 0}, {1, 1}, {1, ^uint64(0)}, {^uint64(0), ^uint64(0)}, {1 << 63, 0},
		{1<<63 - 1, ^uint64(0)}, {0x4b3b4ca85a86c47a, 0x098a224000000000} /* 10^38 */}
	for range 300 {
		divisors = append(divisors, pair{randWord(rng) | 1, randWord(rng)})
	}
	for _, d := range divisors {
		q := newDiv128(d.m1, d.m0)
		bm := bigOf(d.m1, d.m0)
		for range 200 {
			x2, x1, x0 := randWord(rng), randWord(rng), randWord(rng)
			_, want := new(big.Int).QuoRem(bigOf(x2, x1, x0), bm, new(big.Int))
			r1, r0 := q.rem192(x2, x1, x0)
			require.Equal(t, words(want, 2), []uint64{r1, r0}, "rem192 mod %x:%x", d.m1, d.m0)
		}
	}
}

func TestModArith(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for range 20000 {
		m1, m0 := randWord(rng), randWord(rng)|1
		if rng.IntN(2) == 0 {
			m1 = 0
		}
		bm := bigOf(m1, m0)
		pick := func() *big.Int {
			z := bigOf(randWord(rng), randWord(rng))
			return z.Mod(z, bm)
		}
		a, y := pick(), pick()
		sum := new(big.Int).Add(a, y)
		sum.Mod(sum, bm)
		diff := new(big.Int).Sub(a, y)
		diff.Mod(diff, bm)
		aw, yw := words(a, 2), words(y, 2)

		s1, s0 := addMod128(aw[0], aw[1], yw[0], yw[1], m1, m0)
		require.Equal(t, words(sum, 2), []uint64{s1, s0}, "addMod128")
		d1, d0 := subMod128(aw[0], aw[1], yw[0], yw[1], m1, m0)
		require.Equal(t, words(diff, 2), []uint64{d1, d0}, "subMod128")
		if m1 == 0 {
			require.Equal(t, sum.Uint64(), addMod(aw[1], yw[1], m0), "addMod")
			require.Equal(t, diff.Uint64(), subMod(aw[1], yw[1], m0), "subMod")
		}
	}
}

// TestStrNum checks the word-sized NUM and STR against math/big for every
// radix kind (power of two or not, k32 chunking) and length.
func TestStrNum(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for _, radix := range testRadixes {
		c := mustFF1(t, make([]byte, 16), radix)
		for n := 1; n <= c.fastV128; n++ {
			x := randNumerals(rng, radix, n)
			want := new(big.Int)
			for _, d := range x {
				want.Mul(want, big.NewInt(int64(radix))).Add(want, big.NewInt(int64(d)))
			}
			hi, lo := c.num128(x)
			require.Equal(t, words(want, 2), []uint64{hi, lo}, "num128 radix %d n %d", radix, n)
			out := make([]uint16, n)
			c.str128(out, hi, lo)
			require.Equal(t, x, out, "str128 radix %d n %d", radix, n)
			if n <= c.fastV {
				require.Equal(t, lo, c.num64(x), "num64 radix %d n %d", radix, n)
				clear(out)
				c.str64(out, lo)
				require.Equal(t, x, out, "str64 radix %d n %d", radix, n)
			}
		}
	}
}

func TestTierLimits(t *testing.T) {
	for _, tc := range []struct{ radix, fastV, fastV128, k32 int }{
		{2, 63, 127, 31}, {3, 40, 80, 20}, {10, 19, 38, 9}, {26, 13, 27, 6}, {36, 12, 24, 6},
		{52, 11, 22, 5}, {62, 10, 21, 5}, {256, 7, 15, 3}, {65535, 4, 8, 2}, {65536, 3, 7, 1},
	} {
		c := mustFF1(t, make([]byte, 16), tc.radix)
		require.Equal(t, tc.fastV, c.fastV, "radix %d fastV", tc.radix)
		require.Equal(t, tc.fastV128, c.fastV128, "radix %d fastV128", tc.radix)
		require.Equal(t, tc.k32, c.k32, "radix %d k32", tc.radix)
		// The limits are exact: radix^k fits, radix^(k+1) does not.
		r := big.NewInt(int64(tc.radix))
		p := new(big.Int).Exp(r, big.NewInt(int64(tc.fastV128)), nil)
		require.LessOrEqual(t, p.BitLen(), 128)
		require.Greater(t, p.Mul(p, r).BitLen(), 128)
		require.LessOrEqual(t, bits.Len64(c.pow[c.k32]), 32)
	}
}
