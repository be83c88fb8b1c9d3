package fpe

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"

func toNumerals(t testing.TB, s string) []uint16 {
	t.Helper()
	out := make([]uint16, len(s))
	for i := range len(s) {
		j := strings.IndexByte(base36, s[i])
		if j < 0 {
			t.Fatalf("bad test numeral %q", s[i])
		}
		out[i] = uint16(j)
	}
	return out
}

func fromNumerals(x []uint16) string {
	var sb strings.Builder
	for _, d := range x {
		sb.WriteByte(base36[d])
	}
	return sb.String()
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustFF1(t testing.TB, key []byte, radix int) *FF1 {
	t.Helper()
	c, err := NewFF1(key, radix)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The nine FF1 samples of NIST's "FF1samples.pdf" (Cryptographic Standards
// and Guidelines, examples with intermediate values).
var nistSamples = []struct {
	name, key          string
	radix              int
	tweak, plain, want string
}{
	{"Sample1/AES-128/radix10/no-tweak", "2B7E151628AED2A6ABF7158809CF4F3C", 10, "", "0123456789", "2433477484"},
	{"Sample2/AES-128/radix10/tweak", "2B7E151628AED2A6ABF7158809CF4F3C", 10, "39383736353433323130", "0123456789", "6124200773"},
	{"Sample3/AES-128/radix36/tweak", "2B7E151628AED2A6ABF7158809CF4F3C", 36, "3737373770717273373737", "0123456789abcdefghi", "a9tv40mll9kdu509eum"},
	{"Sample4/AES-192/radix10/no-tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", 10, "", "0123456789", "2830668132"},
	{"Sample5/AES-192/radix10/tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", 10, "39383736353433323130", "0123456789", "2496655549"},
	{"Sample6/AES-192/radix36/tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", 36, "3737373770717273373737", "0123456789abcdefghi", "xbj3kv35jrawxv32ysr"},
	{"Sample7/AES-256/radix10/no-tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", 10, "", "0123456789", "6657667009"},
	{"Sample8/AES-256/radix10/tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", 10, "39383736353433323130", "0123456789", "1001623463"},
	{"Sample9/AES-256/radix36/tweak", "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", 36, "3737373770717273373737", "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"},
}

func TestNISTSamples(t *testing.T) {
	for _, tc := range nistSamples {
		t.Run(tc.name, func(t *testing.T) {
			key := mustHex(t, tc.key)
			tweak := mustHex(t, tc.tweak)
			c := mustFF1(t, key, tc.radix)
			pt := toNumerals(t, tc.plain)
			for _, path := range []struct {
				name string
				fast bool
			}{{"fast", true}, {"big", false}} {
				ct, err := c.crypt(nil, pt, tweak, true, path.fast)
				if err != nil {
					t.Fatalf("%s encrypt: %v", path.name, err)
				}
				if got := fromNumerals(ct); got != tc.want {
					t.Errorf("%s encrypt = %s, want %s", path.name, got, tc.want)
				}
				back, err := c.crypt(nil, ct, tweak, false, path.fast)
				if err != nil {
					t.Fatalf("%s decrypt: %v", path.name, err)
				}
				if got := fromNumerals(back); got != tc.plain {
					t.Errorf("%s decrypt = %s, want %s", path.name, got, tc.plain)
				}
			}
			if got := fromNumerals(refFF1(key, tc.radix, tweak, pt, true)); got != tc.want {
				t.Errorf("reference encrypt = %s, want %s", got, tc.want)
			}
		})
	}
}

var testRadixes = []int{2, 3, 7, 10, 16, 26, 36, 62, 100, 255, 256, 257, 1000, 4096, 65535, 65536}

func randNumerals(rng *rand.Rand, radix, n int) []uint16 {
	x := make([]uint16, n)
	for i := range x {
		x[i] = uint16(rng.IntN(radix))
	}
	return x
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestAgainstReference compares both arithmetic paths with the literal
// reference across radixes, key sizes, tweak lengths (crossing the 16-byte
// boundaries that shape Q) and lengths on both sides of the fast-path limit.
func TestAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tweakLens := []int{0, 1, 5, 6, 7, 8, 11, 14, 15, 16, 17, 31, 32, 33, 100, MaxTweakLen}
	for _, radix := range testRadixes {
		for _, keyLen := range []int{16, 24, 32} {
			key := randBytes(rng, keyLen)
			c := mustFF1(t, key, radix)
			limit := 2*c.fastV + 4
			for n := c.MinLen(); n <= limit; n++ {
				tweak := randBytes(rng, tweakLens[rng.IntN(len(tweakLens))])
				x := randNumerals(rng, radix, n)
				want := refFF1(key, radix, tweak, x, true)
				for _, fast := range []bool{true, false} {
					got, err := c.crypt(nil, x, tweak, true, fast)
					if err != nil {
						t.Fatalf("radix %d n %d: %v", radix, n, err)
					}
					if !slices.Equal(got, want) {
						t.Fatalf("radix %d key %d n %d tweak %d fast=%v: encrypt disagrees with reference",
							radix, keyLen, n, len(tweak), fast)
					}
					back, err := c.crypt(nil, got, tweak, false, fast)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(back, x) {
						t.Fatalf("radix %d n %d fast=%v: decrypt does not invert", radix, n, fast)
					}
				}
				if !slices.Equal(refFF1(key, radix, tweak, want, false), x) {
					t.Fatalf("reference decrypt does not invert (radix %d n %d)", radix, n)
				}
			}
		}
	}
}

// The fast path must hold exactly up to radix^v < 2^64.
func TestFastPathBoundary(t *testing.T) {
	for _, tc := range []struct{ radix, fastV int }{
		{2, 63}, {10, 19}, {26, 13}, {36, 12}, {62, 10}, {256, 7}, {65536, 3},
	} {
		c := mustFF1(t, make([]byte, 16), tc.radix)
		if c.fastV != tc.fastV {
			t.Errorf("radix %d: fastV = %d, want %d", tc.radix, c.fastV, tc.fastV)
		}
	}
}

func TestLongInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, radix := range []int{10, 36, 65536} {
		key := randBytes(rng, 32)
		c := mustFF1(t, key, radix)
		for _, n := range []int{100, 257, 1000, MaxLen} {
			x := randNumerals(rng, radix, n)
			tweak := randBytes(rng, 13)
			ct, err := c.Encrypt(nil, x, tweak)
			if err != nil {
				t.Fatal(err)
			}
			if n <= 257 && !slices.Equal(ct, refFF1(key, radix, tweak, x, true)) {
				t.Fatalf("radix %d n %d disagrees with reference", radix, n)
			}
			pt, err := c.Decrypt(nil, ct, tweak)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pt, x) {
				t.Fatalf("radix %d n %d: round trip failed", radix, n)
			}
		}
	}
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	iters := 3000
	if testing.Short() {
		iters = 300
	}
	for range iters {
		radix := 2 + rng.IntN(MaxRadix-1)
		if rng.IntN(2) == 0 {
			radix = testRadixes[rng.IntN(len(testRadixes))]
		}
		key := randBytes(rng, []int{16, 24, 32}[rng.IntN(3)])
		c := mustFF1(t, key, radix)
		n := c.MinLen() + rng.IntN(60)
		x := randNumerals(rng, radix, n)
		tweak := randBytes(rng, rng.IntN(40))
		ct, err := c.Encrypt(nil, x, tweak)
		if err != nil {
			t.Fatal(err)
		}
		if len(ct) != n {
			t.Fatalf("length %d, want %d", len(ct), n)
		}
		for _, d := range ct {
			if int(d) >= radix {
				t.Fatalf("numeral %d out of radix %d", d, radix)
			}
		}
		pt, err := c.Decrypt(nil, ct, tweak)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pt, x) {
			t.Fatalf("radix %d n %d: round trip failed", radix, n)
		}
	}
}

func TestDstAndAliasing(t *testing.T) {
	c := mustFF1(t, make([]byte, 16), 10)
	tweak := []byte("col")
	for _, n := range []int{9, 16, 50} { // fast and big paths
		x := randNumerals(rand.New(rand.NewPCG(7, uint64(n))), 10, n)
		want, err := c.Encrypt(nil, x, tweak)
		if err != nil {
			t.Fatal(err)
		}
		// Appends after a prefix.
		got, err := c.Encrypt([]uint16{7, 7}, x, tweak)
		if err != nil || !slices.Equal(got[:2], []uint16{7, 7}) || !slices.Equal(got[2:], want) {
			t.Fatalf("n %d: append form wrong: %v %v", n, got, err)
		}
		// In place.
		buf := slices.Clone(x)
		got, err = c.Encrypt(buf[:0], buf, tweak)
		if err != nil || !slices.Equal(got, want) || &got[0] != &buf[0] {
			t.Fatalf("n %d: in-place encrypt wrong", n)
		}
		got, err = c.Decrypt(buf[:0], buf, tweak)
		if err != nil || !slices.Equal(got, x) {
			t.Fatalf("n %d: in-place decrypt wrong", n)
		}
		// Overlapping by an offset still works: input is read first.
		buf = append(slices.Clone(x), 0)
		got, err = c.Encrypt(buf[1:1], buf[:n], tweak)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("n %d: shifted-alias encrypt wrong", n)
		}
	}
}

func TestDeterministicAndKeyed(t *testing.T) {
	x := toNumerals(t, "4111111111111111")
	k1 := bytes.Repeat([]byte{1}, 16)
	k2 := bytes.Repeat([]byte{1}, 16)
	k2[15] = 2
	c1, c1b, c2 := mustFF1(t, k1, 10), mustFF1(t, k1, 10), mustFF1(t, k2, 10)
	a, _ := c1.Encrypt(nil, x, nil)
	b, _ := c1b.Encrypt(nil, x, nil)
	again, _ := c1.Encrypt(nil, x, nil)
	if !slices.Equal(a, b) || !slices.Equal(a, again) {
		t.Fatal("same key, tweak and input gave different outputs")
	}
	other, _ := c2.Encrypt(nil, x, nil)
	if slices.Equal(a, other) {
		t.Fatal("different keys gave the same output")
	}
	tweaked, _ := c1.Encrypt(nil, x, []byte{0})
	if slices.Equal(a, tweaked) {
		t.Fatal("different tweaks gave the same output")
	}
	if slices.Equal(a, x) {
		t.Fatal("ciphertext equals plaintext")
	}
	// A different radix over the same numerals is a different permutation.
	c36 := mustFF1(t, k1, 36)
	r36, _ := c36.Encrypt(nil, x, nil)
	if slices.Equal(a, r36) {
		t.Fatal("radix 10 and 36 agreed")
	}
}

// Over a small domain FF1 is a permutation: radix 10, length 6 has 10^6
// inputs; check a slice of them map to distinct outputs and invert.
func TestPermutationSlice(t *testing.T) {
	c := mustFF1(t, make([]byte, 16), 10)
	seen := make(map[[6]uint16]bool)
	x := make([]uint16, 6)
	for i := range 20000 {
		v := i * 49
		for j := 5; j >= 0; j-- {
			x[j] = uint16(v % 10)
			v /= 10
		}
		ct, err := c.Encrypt(nil, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		k := [6]uint16(ct)
		if seen[k] {
			t.Fatalf("collision at input %d", i)
		}
		seen[k] = true
	}
}

func TestMinLen(t *testing.T) {
	for _, tc := range []struct{ radix, min int }{
		{2, 20}, {3, 13}, {10, 6}, {16, 5}, {26, 5}, {36, 4}, {62, 4},
		{100, 3}, {999, 3}, {1000, 2}, {65536, 2},
	} {
		c := mustFF1(t, make([]byte, 16), tc.radix)
		if c.MinLen() != tc.min {
			t.Errorf("radix %d: MinLen %d, want %d", tc.radix, c.MinLen(), tc.min)
		}
		if c.Radix() != tc.radix || c.MaxLen() != MaxLen {
			t.Errorf("radix %d: accessors wrong", tc.radix)
		}
	}
}

func TestErrors(t *testing.T) {
	key := make([]byte, 16)
	c10 := mustFF1(t, key, 10)
	c36 := mustFF1(t, key, 36)
	c2 := mustFF1(t, key, 2)
	digits := func(n int) []uint16 { return make([]uint16, n) }
	for _, tc := range []struct {
		name  string
		c     *FF1
		x     []uint16
		tweak []byte
		want  error
	}{
		{"empty", c10, nil, nil, ErrTooShort},
		{"radix10 len1", c10, digits(1), nil, ErrTooShort},
		{"radix10 len5", c10, digits(5), nil, ErrTooShort},
		{"radix10 len6 ok", c10, digits(6), nil, nil},
		{"radix36 len3", c36, digits(3), nil, ErrTooShort},
		{"radix36 len4 ok", c36, digits(4), nil, nil},
		{"radix2 len19", c2, digits(19), nil, ErrTooShort},
		{"radix2 len20 ok", c2, digits(20), nil, nil},
		{"too long", c10, digits(MaxLen + 1), nil, ErrTooLong},
		{"max len ok", c10, digits(MaxLen), nil, nil},
		{"tweak too long", c10, digits(9), make([]byte, MaxTweakLen+1), ErrTweakTooLong},
		{"max tweak ok", c10, digits(9), make([]byte, MaxTweakLen), nil},
		{"numeral = radix", c10, []uint16{0, 1, 2, 3, 4, 10}, nil, ErrInvalidNumeral},
		{"numeral > radix", c36, []uint16{0, 1, 2, 300}, nil, ErrInvalidNumeral},
		{"too short wins over bad numeral", c10, []uint16{99}, nil, ErrTooShort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, op := range []func([]uint16, []uint16, []byte) ([]uint16, error){tc.c.Encrypt, tc.c.Decrypt} {
				dst := []uint16{1, 2, 3}
				got, err := op(dst, tc.x, tc.tweak)
				if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if tc.want != nil {
					if err != tc.want {
						t.Fatalf("err is wrapped; want the bare sentinel")
					}
					if !slices.Equal(got, dst) {
						t.Fatalf("dst changed on error: %v", got)
					}
				} else if len(got) != len(dst)+len(tc.x) {
					t.Fatalf("len %d, want %d", len(got), len(dst)+len(tc.x))
				}
			}
		})
	}
}

func TestNewFF1Errors(t *testing.T) {
	for _, radix := range []int{-1, 0, 1, MaxRadix + 1, 1 << 20} {
		if _, err := NewFF1(make([]byte, 16), radix); !errors.Is(err, ErrInvalidRadix) {
			t.Errorf("radix %d: err = %v", radix, err)
		}
	}
	for _, n := range []int{0, 1, 15, 17, 23, 31, 33, 64} {
		key := bytes.Repeat([]byte{0xAB}, n)
		_, err := NewFF1(key, 10)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("key len %d: err = %v", n, err)
		}
		if n > 0 && err != nil && strings.Contains(strings.ToLower(err.Error()), "ab") {
			t.Errorf("error message quotes key bytes: %v", err)
		}
	}
	for _, n := range []int{16, 24, 32} {
		for _, radix := range []int{MinRadix, MaxRadix} {
			if _, err := NewFF1(make([]byte, n), radix); err != nil {
				t.Errorf("key %d radix %d: %v", n, radix, err)
			}
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	key := make([]byte, 32)
	c := mustFF1(t, key, 10)
	type job struct{ x, want []uint16 }
	rng := rand.New(rand.NewPCG(8, 9))
	var jobs []job
	for i := range 64 {
		n := 6 + i%50 // both paths
		x := randNumerals(rng, 10, n)
		jobs = append(jobs, job{x, refFF1(key, 10, []byte("t"), x, true)})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []uint16
			for r := range 50 {
				j := jobs[(g*7+r)%len(jobs)]
				var err error
				buf, err = c.Encrypt(buf[:0], j.x, []byte("t"))
				if err != nil || !slices.Equal(buf, j.want) {
					errs <- "wrong ciphertext under concurrency"
					return
				}
				buf, err = c.Decrypt(buf[:0], buf, []byte("t"))
				if err != nil || !slices.Equal(buf, j.x) {
					errs <- "wrong plaintext under concurrency"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestZeroAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under -race or -cover")
	}
	tweak := []byte("customers.ssn")
	for _, tc := range []struct{ radix, n int }{
		{10, 9}, {10, 16}, {10, 38}, // uint64 halves
		{10, 40}, {10, 76}, {62, 40}, {2, 200}, // two-word halves
		{2, 30}, {36, 12}, {65536, 6},
	} {
		c := mustFF1(t, make([]byte, 16), tc.radix)
		x := make([]uint16, tc.n)
		dst := make([]uint16, 0, tc.n)
		if a := testing.AllocsPerRun(200, func() { _, _ = c.Encrypt(dst, x, tweak) }); a != 0 {
			t.Errorf("Encrypt radix %d n=%d: %v allocs, want 0", tc.radix, tc.n, a)
		}
		if a := testing.AllocsPerRun(200, func() { _, _ = c.Decrypt(dst, x, tweak) }); a != 0 {
			t.Errorf("Decrypt radix %d n=%d: %v allocs, want 0", tc.radix, tc.n, a)
		}
	}
	c := mustFF1(t, make([]byte, 16), 10)
	short := make([]uint16, 3)
	if a := testing.AllocsPerRun(200, func() { _, _ = c.Encrypt(nil, short, nil) }); a != 0 {
		t.Errorf("ErrTooShort path: %v allocs, want 0", a)
	}
}

func TestFormattingHidesKey(t *testing.T) {
	c := mustFF1(t, bytes.Repeat([]byte{0x5A}, 16), 36)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{c, *c} {
			if got := fmt.Sprintf(verb, v); got != "fpe.FF1{radix: 36}" {
				t.Errorf("%s printed %q", verb, got)
			}
		}
	}
}
