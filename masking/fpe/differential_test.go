package fpe

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// viaBig runs the math/big path, the reference the word-sized paths must
// match bit for bit.
func viaBig(t testing.TB, c *FF1, x []uint16, tweak []byte, encrypt bool) []uint16 {
	t.Helper()
	out, err := c.crypt(nil, x, tweak, encrypt, false)
	require.NoError(t, err)
	return out
}

// viaFast runs Encrypt or Decrypt, which take a word-sized path whenever the
// input allows.
func viaFast(t testing.TB, c *FF1, x []uint16, tweak []byte, encrypt bool) []uint16 {
	t.Helper()
	f := c.Decrypt
	if encrypt {
		f = c.Encrypt
	}
	out, err := f(nil, x, tweak)
	require.NoError(t, err)
	return out
}

// diffLengths returns the lengths worth checking for c: around each path's
// limits (2*fastV and 2*fastV128, where the longer half stops fitting), the
// short lengths Veil uses, and a few random ones.
func diffLengths(rng *rand.Rand, c *FF1) []int {
	var ns []int
	add := func(n int) {
		if n >= c.MinLen() && n <= MaxLen {
			ns = append(ns, n)
		}
	}
	for _, limit := range []int{2 * c.fastV, 2 * c.fastV128} {
		for n := limit - 2; n <= limit+2; n++ {
			add(n)
		}
	}
	for n := c.MinLen(); n <= c.MinLen()+4; n++ {
		add(n)
	}
	for _, n := range []int{9, 16, 20, 30, 40} {
		add(n)
	}
	for range 4 {
		add(c.MinLen() + rng.IntN(2*c.fastV128+4-c.MinLen()))
	}
	return ns
}

// TestFastMatchesBig is the differential test of the word-sized paths
// against the math/big path: random keys of every size, tweaks whose
// lengths cross the 16-byte boundaries that shape Q, and lengths on both
// sides of each path's limit, in both directions.
func TestFastMatchesBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	tweakLens := []int{0, 1, 2, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 31, 32, 33, 47, 100, MaxTweakLen}
	radixes := append([]int{4, 5, 8, 11, 52, 64, 94, 128, 1024, 9973, 32768}, testRadixes...)
	for range 12 {
		radixes = append(radixes, 2+rng.IntN(MaxRadix-1))
	}
	for _, radix := range radixes {
		for _, keyLen := range []int{16, 24, 32} {
			key := randBytes(rng, keyLen)
			c := mustFF1(t, key, radix)
			for _, n := range diffLengths(rng, c) {
				x := randNumerals(rng, radix, n)
				tweak := randBytes(rng, tweakLens[rng.IntN(len(tweakLens))])
				ct := viaFast(t, c, x, tweak, true)
				require.Equal(t, viaBig(t, c, x, tweak, true), ct,
					"encrypt: radix %d key %d n %d tweak %d", radix, keyLen, n, len(tweak))
				require.Equal(t, viaBig(t, c, ct, tweak, false), viaFast(t, c, ct, tweak, false),
					"decrypt: radix %d key %d n %d tweak %d", radix, keyLen, n, len(tweak))
				require.Equal(t, x, viaFast(t, c, ct, tweak, false), "round trip: radix %d n %d", radix, n)
			}
		}
	}
}

// TestPStateCache runs many (length, tweak length) pairs through one cipher
// from several goroutines, so that cache slots are shared and replaced
// concurrently, and checks every result against the math/big path, which
// does not use the cache.
func TestPStateCache(t *testing.T) {
	c := mustFF1(t, make([]byte, 32), 2)
	type job struct {
		x     []uint16
		tweak []byte
		want  []uint16
	}
	rng := rand.New(rand.NewPCG(33, 34))
	jobs := make([]job, 400)
	for i := range jobs {
		n := c.MinLen() + rng.IntN(2*c.fastV128-c.MinLen())
		x := randNumerals(rng, 2, n)
		tweak := randBytes(rng, rng.IntN(64))
		jobs[i] = job{x, tweak, viaBig(t, c, x, tweak, true)}
	}
	const workers = 4
	mismatches := make(chan int, workers)
	for g := range workers {
		go func() {
			bad := 0
			var buf []uint16
			for i := range jobs {
				j := jobs[(i*7+g*101)%len(jobs)]
				var err error
				buf, err = c.Encrypt(buf[:0], j.x, j.tweak)
				if err != nil || !slices.Equal(buf, j.want) {
					bad++
				}
			}
			mismatches <- bad
		}()
	}
	for range workers {
		require.Zero(t, <-mismatches, "results differ from the math/big path")
	}
}

// FuzzFF1FastVsBig compares the word-sized paths with the math/big path on
// fuzzer-chosen keys, radixes, lengths, numerals and tweaks, in both
// directions, and EncryptUint128 and DecryptUint128 with both. Lengths are folded into the range where the word-sized paths
// run (and a little beyond), which is where they can differ.
func FuzzFF1FastVsBig(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), uint16(10), uint16(9), uint64(1), []byte("customers.ssn"))
	f.Add([]byte("0123456789abcdef0123456789abcdef"), uint16(10), uint16(16), uint64(2), []byte("customers.account_number"))
	f.Add([]byte("k"), uint16(62), uint16(40), uint64(3), []byte(""))
	f.Add([]byte("0123456789abcdef01234567"), uint16(2), uint16(128), uint64(4), make([]byte, 17))
	f.Add([]byte("k"), uint16(65535), uint16(16), uint64(5), []byte("t"))
	f.Fuzz(func(t *testing.T, keySeed []byte, radixSeed, nSeed uint16, seed uint64, tweak []byte) {
		key := make([]byte, []int{16, 24, 32}[len(keySeed)%3])
		copy(key, keySeed)
		radix := int(radixSeed)%(MaxRadix-1) + MinRadix
		c, err := NewFF1(key, radix)
		require.NoError(t, err)
		span := 2*c.fastV128 + 3 - c.MinLen()
		n := c.MinLen() + int(nSeed)%span
		if len(tweak) > MaxTweakLen {
			tweak = tweak[:MaxTweakLen]
		}
		x := randNumerals(rand.New(rand.NewPCG(seed, uint64(n))), radix, n)
		ct := viaFast(t, c, x, tweak, true)
		require.Equal(t, viaBig(t, c, x, tweak, true), ct, "encrypt: radix %d n %d", radix, n)
		pt := viaFast(t, c, ct, tweak, false)
		require.Equal(t, viaBig(t, c, ct, tweak, false), pt, "decrypt: radix %d n %d", radix, n)
		require.Equal(t, x, pt, "round trip: radix %d n %d", radix, n)
		if n <= c.MaxLenUint128() {
			hi, lo := toNum(radix, x)
			chi, clo, err := c.EncryptUint128(hi, lo, n, tweak)
			require.NoError(t, err)
			require.Equal(t, ct, fromNum(radix, n, chi, clo), "EncryptUint128: radix %d n %d", radix, n)
			phi, plo := mustDecrypt(t, c, chi, clo, n, tweak)
			require.Equal(t, []uint64{hi, lo}, []uint64{phi, plo}, "DecryptUint128: radix %d n %d", radix, n)
		}
	})
}
