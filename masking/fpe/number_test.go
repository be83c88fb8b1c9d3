package fpe

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// toNum and fromNum convert with math/big, independently of the package's
// word arithmetic.
func toNum(radix int, x []uint16) (hi, lo uint64) {
	z := new(big.Int)
	for _, d := range x {
		z.Mul(z, big.NewInt(int64(radix))).Add(z, big.NewInt(int64(d)))
	}
	w := words(z, 2)
	return w[0], w[1]
}

func fromNum(radix, n int, hi, lo uint64) []uint16 {
	z := bigOf(hi, lo)
	out := make([]uint16, n)
	r, m := big.NewInt(int64(radix)), new(big.Int)
	for i := n - 1; i >= 0; i-- {
		z.QuoRem(z, r, m)
		out[i] = uint16(m.Uint64())
	}
	return out
}

// TestUint128MatchesNumerals checks that EncryptUint128 and DecryptUint128
// agree with Encrypt and Decrypt (on the math/big path) for every length
// they accept, on every kind of radix.
func TestUint128MatchesNumerals(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, radix := range append([]int{4, 52, 62, 1024}, testRadixes...) {
		key := randBytes(rng, []int{16, 24, 32}[rng.IntN(3)])
		c := mustFF1(t, key, radix)
		for n := c.MinLen(); n <= c.MaxLenUint128(); n++ {
			x := randNumerals(rng, radix, n)
			tweak := randBytes(rng, rng.IntN(40))
			hi, lo := toNum(radix, x)

			ehi, elo, err := c.EncryptUint128(hi, lo, n, tweak)
			require.NoError(t, err)
			want := viaBig(t, c, x, tweak, true)
			require.Equal(t, want, fromNum(radix, n, ehi, elo), "encrypt: radix %d n %d", radix, n)

			dhi, dlo, err := c.DecryptUint128(ehi, elo, n, tweak)
			require.NoError(t, err)
			require.Equal(t, []uint64{hi, lo}, []uint64{dhi, dlo}, "round trip: radix %d n %d", radix, n)
			phi, plo := mustDecrypt(t, c, hi, lo, n, tweak)
			require.Equal(t, viaBig(t, c, x, tweak, false), fromNum(radix, n, phi, plo), "decrypt: radix %d n %d", radix, n)
		}
	}
}

func mustDecrypt(t testing.TB, c *FF1, hi, lo uint64, n int, tweak []byte) (uint64, uint64) {
	t.Helper()
	dhi, dlo, err := c.DecryptUint128(hi, lo, n, tweak)
	require.NoError(t, err)
	return dhi, dlo
}

func TestUint128Errors(t *testing.T) {
	c10 := mustFF1(t, make([]byte, 16), 10)
	c2 := mustFF1(t, make([]byte, 16), 2)
	for _, tc := range []struct {
		name   string
		c      *FF1
		hi, lo uint64
		n      int
		tweak  []byte
		want   error
	}{
		{"too short", c10, 0, 0, 5, nil, ErrTooShort},
		{"shortest", c10, 0, 999_999, 6, nil, nil},
		{"value = radix^n", c10, 0, 1_000_000, 6, nil, ErrInvalidNumeral},
		{"high word set, n small", c10, 1, 0, 19, nil, ErrInvalidNumeral},
		{"10^19 - 1", c10, 0, 9_999_999_999_999_999_999, 19, nil, nil},
		{"10^20 - 1", c10, 5, 0x6bc75e2d630fffff, 20, nil, nil},
		{"10^20", c10, 5, 0x6bc75e2d63100000, 20, nil, ErrInvalidNumeral},
		{"longest radix 10", c10, 0, 1, 38, nil, nil},
		{"too long radix 10", c10, 0, 1, 39, nil, ErrTooLong},
		{"all ones, radix 2", c2, 1<<63 - 1, ^uint64(0), 127, nil, nil},
		{"2^127, radix 2", c2, 1 << 63, 0, 127, nil, ErrInvalidNumeral},
		{"too long radix 2", c2, 0, 0, 128, nil, ErrTooLong},
		{"tweak too long", c10, 0, 0, 9, make([]byte, MaxTweakLen+1), ErrTweakTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range []func(uint64, uint64, int, []byte) (uint64, uint64, error){
				tc.c.EncryptUint128, tc.c.DecryptUint128,
			} {
				hi, lo, err := f(tc.hi, tc.lo, tc.n, tc.tweak)
				if tc.want != nil {
					require.Equal(t, tc.want, err) // the bare sentinel
					assert.Equal(t, []uint64{0, 0}, []uint64{hi, lo})
					continue
				}
				require.NoError(t, err)
			}
		})
	}
	assert.Equal(t, 127, c2.MaxLenUint128())
	assert.Equal(t, 38, c10.MaxLenUint128())
}

func TestUint128ZeroAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under -race or -cover")
	}
	tweak := []byte("\x01\x00\x00\x00\x02\x00US_SSN")
	for _, tc := range []struct{ radix, n int }{{2, 30}, {2, 123}, {10, 16}, {62, 21}} {
		c := mustFF1(t, make([]byte, 32), tc.radix)
		allocs := testing.AllocsPerRun(200, func() {
			hi, lo, _ := c.EncryptUint128(0, 12345, tc.n, tweak)
			_, _, _ = c.DecryptUint128(hi, lo, tc.n, tweak)
		})
		assert.Zero(t, allocs, "radix %d n %d", tc.radix, tc.n)
	}
}
