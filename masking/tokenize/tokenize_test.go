package tokenize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/masking/fpe"
)

func testKey(seed byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

func newTok(t testing.TB, seed byte) *Tokenizer {
	t.Helper()
	tk, err := New(testKey(seed))
	require.NoError(t, err)
	return tk
}

type sample struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// samples are realistic values of every detector type, shared by the
// masking packages' tests.
func samples(t testing.TB) []sample {
	t.Helper()
	data, err := os.ReadFile("../testdata/values.json")
	require.NoError(t, err)
	var s []sample
	require.NoError(t, json.Unmarshal(data, &s))
	require.NotEmpty(t, s)
	return s
}

// assertFormat checks that token keeps value's format: same length, digits
// for digits, letters of the same case for letters, every other byte kept.
func assertFormat(t *testing.T, value, token []byte) {
	t.Helper()
	require.Len(t, token, len(value))
	for i, b := range value {
		c := token[i]
		switch {
		case '0' <= b && b <= '9':
			assert.True(t, '0' <= c && c <= '9', "position %d: digit became %q", i, c)
		case 'a' <= b && b <= 'z':
			assert.True(t, 'a' <= c && c <= 'z', "position %d: lower-case letter became %q", i, c)
		case 'A' <= b && b <= 'Z':
			assert.True(t, 'A' <= c && c <= 'Z', "position %d: upper-case letter became %q", i, c)
		default:
			assert.Equal(t, b, c, "position %d: a separator or non-ASCII byte changed", i)
		}
	}
}

func TestTokenizeSamples(t *testing.T) {
	tk := newTok(t, 1)
	for _, s := range samples(t) {
		t.Run(s.Type+"/"+s.Why, func(t *testing.T) {
			v := []byte(s.Value)
			tok, err := tk.Tokenize(nil, v, s.Type)
			require.NoError(t, err)
			assertFormat(t, v, tok)
			assert.NotContains(t, string(tok), s.Value, "no plaintext left")

			again, err := tk.Tokenize(nil, v, s.Type)
			require.NoError(t, err)
			assert.Equal(t, tok, again, "deterministic")

			back, err := tk.Detokenize(nil, tok, s.Type)
			require.NoError(t, err)
			assert.Equal(t, s.Value, string(back), "round trip")

			other, err := newTok(t, 2).Tokenize(nil, v, s.Type)
			require.NoError(t, err)
			assert.NotEqual(t, tok, other, "a different key gives a different token")

			otherType, err := tk.Tokenize(nil, v, s.Type+"_OTHER")
			require.NoError(t, err)
			assert.NotEqual(t, tok, otherType, "a different type gives a different token")
		})
	}
}

// TestTokenizeShapes pins the formats the issue names.
func TestTokenizeShapes(t *testing.T) {
	tk := newTok(t, 1)
	for _, tc := range []struct {
		typ, value, pattern string // pattern: 9 digit, a lower, A upper, other bytes literal
	}{
		{"US_SSN", "123-45-6789", "999-99-9999"},
		{"CREDIT_CARD", "4111 1111 1111 1111", "9999 9999 9999 9999"},
		{"CREDIT_CARD", "4539-1488-0343-6467", "9999-9999-9999-9999"},
		{"CREDIT_CARD", "3714 496353 98431", "9999 999999 99999"},
		{"EMAIL_ADDRESS", "john.smith@example.com", "aaaa.aaaaa@aaaaaaa.aaa"},
		{"US_MBI", "1EG4-TE5-MK73", "9AA9-AA9-AA99"},
		{"PHONE_NUMBER", "(415) 555-0132", "(999) 999-9999"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			tok, err := tk.Tokenize(nil, []byte(tc.value), tc.typ)
			require.NoError(t, err)
			got := make([]byte, len(tok))
			for i, c := range tok {
				switch {
				case '0' <= c && c <= '9':
					got[i] = '9'
				case 'a' <= c && c <= 'z':
					got[i] = 'a'
				case 'A' <= c && c <= 'Z':
					got[i] = 'A'
				default:
					got[i] = c
				}
			}
			assert.Equal(t, tc.pattern, string(got))
		})
	}
}

func TestTooShort(t *testing.T) {
	tk := newTok(t, 1)
	for _, tc := range []struct {
		value string
		short bool
		why   string
	}{
		{"", true, "nothing to encipher"},
		{"---", true, "separators only"},
		{"12-34", true, "10^4 values"},
		{"12345", true, "10^5 values"},
		{"10.0.0.1", true, "five digits"},
		{"abcd", true, "26^4 = 456,976"},
		{"1234a", true, "260,000"},
		{"123ab", true, "676,000"},
		{"ééééééé", true, "non-ASCII is not enciphered"},
		{"123456", false, "10^6: the minimum"},
		{"abcde", false, "26^5 = 11,881,376"},
		{"1234ab", false, "6,760,000"},
		{"12-34-56", false, "six digits with separators"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			dst := []byte("prefix:")
			out, err := tk.Tokenize(dst, []byte(tc.value), "T")
			if !tc.short {
				require.NoError(t, err, tc.why)
				assertFormat(t, []byte(tc.value), out[len("prefix:"):])
				return
			}
			require.ErrorIs(t, err, ErrTooShort, tc.why)
			require.ErrorIs(t, err, fpe.ErrTooShort)
			assert.Equal(t, "prefix:", string(out), "dst unchanged on error")
			_, err = tk.Detokenize(nil, []byte(tc.value), "T")
			require.ErrorIs(t, err, ErrTooShort)
		})
	}
}

func TestTypeTooLong(t *testing.T) {
	tk := newTok(t, 1)
	_, err := tk.Tokenize(nil, []byte("123-45-6789"), string(bytes.Repeat([]byte("A"), MaxTypeLen+1)))
	require.ErrorIs(t, err, ErrTypeTooLong)
	_, err = tk.Tokenize(nil, []byte("123-45-6789"), string(bytes.Repeat([]byte("A"), MaxTypeLen)))
	require.NoError(t, err)
}

// TestSeparatorsAndCaseIgnored: only the letters and digits (case aside)
// enter the computation, so normalised forms tokenize alike.
func TestSeparatorsAndCaseIgnored(t *testing.T) {
	tk := newTok(t, 1)
	strip := func(b []byte) string {
		return string(bytes.Map(func(r rune) rune {
			if r == '-' || r == ' ' {
				return -1
			}
			return r
		}, b))
	}
	a, err := tk.Tokenize(nil, []byte("123-45-6789"), "US_SSN")
	require.NoError(t, err)
	b, err := tk.Tokenize(nil, []byte("123456789"), "US_SSN")
	require.NoError(t, err)
	assert.Equal(t, strip(a), string(b))

	c, err := tk.Tokenize(nil, []byte("Alice.Smith@Example.com"), "EMAIL_ADDRESS")
	require.NoError(t, err)
	d, err := tk.Tokenize(nil, []byte("alice.smith@example.com"), "EMAIL_ADDRESS")
	require.NoError(t, err)
	assert.Equal(t, string(bytes.ToLower(c)), string(d))
	assert.NotEqual(t, c, d)
}

// TestShapeInTweak: two values with the same domain and the same number
// but different letter/digit patterns go through unrelated permutations,
// because the pattern is in the tweak.
func TestShapeInTweak(t *testing.T) {
	tk := newTok(t, 1)
	v1 := []byte("ab1234") // letter, letter, digit ×4
	x1, d1, _ := read(v1)
	v2 := []byte("12ab34") // digit ×2, letter ×2, digit ×2: same domain
	write(v2, x1)
	x2, d2, _ := read(v2)
	require.Equal(t, d1, d2)
	require.Equal(t, x1, x2)

	t1, err := tk.Tokenize(nil, v1, "T")
	require.NoError(t, err)
	t2, err := tk.Tokenize(nil, v2, "T")
	require.NoError(t, err)
	y1, _, _ := read(t1)
	y2, _, _ := read(t2)
	assert.NotEqual(t, y1, y2)
}

func TestU128(t *testing.T) {
	// 26^26 - 1 fits in 123 bits.
	_, d, shape := read(bytes.Repeat([]byte("z"), maxRun))
	assert.Equal(t, 123, d.bitLenMinus1())
	assert.Equal(t, uint32(1<<maxRun|(1<<maxRun-1)), shape)
	_, d, _ = read([]byte("123456"))
	assert.Equal(t, 20, d.bitLenMinus1())
	_, d, _ = read([]byte("1234567"))
	assert.Equal(t, 24, d.bitLenMinus1())
	x := u128{1, 0}
	assert.Equal(t, 64, x.bitLenMinus1()) // 2^64 - 1 needs 64 bits
	assert.Equal(t, 65, u128{1, 1}.bitLenMinus1())
	q, r := u128{5, 7}.divMod(10)
	assert.Equal(t, u128{5, 7}, q.mulAdd(10, r))
}

// TestDiffusion: in a chained value, changing the first or the last
// character changes every run of the token.
func TestDiffusion(t *testing.T) {
	tk := newTok(t, 1)
	base := bytes.Repeat([]byte("1234567890"), 8) // 80 digits: four runs of 20
	tok0, err := tk.Tokenize(nil, base, "T")
	require.NoError(t, err)
	for _, pos := range []int{0, 25, 50, 79} {
		v := bytes.Clone(base)
		v[pos] = '0' + (v[pos]-'0'+1)%10
		tok, err := tk.Tokenize(nil, v, "T")
		require.NoError(t, err)
		for r := 0; r < 4; r++ {
			assert.NotEqual(t, tok0[r*20:r*20+20], tok[r*20:r*20+20], "change at %d, run %d", pos, r)
		}
	}
}

// TestPermutation: on the smallest domain, distinct values give distinct
// tokens, each of which maps back.
func TestPermutation(t *testing.T) {
	tk := newTok(t, 1)
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	seen := make(map[[6]byte]bool, n)
	var v, tok, back [6]byte
	for i := range n {
		copy(v[:], fmt.Sprintf("%06d", i*5))
		out, err := tk.Tokenize(tok[:0], v[:], "T")
		require.NoError(t, err)
		require.False(t, seen[tok], "collision at %s", v)
		seen[tok] = true
		got, err := tk.Detokenize(back[:0], out, "T")
		require.NoError(t, err)
		require.Equal(t, v[:], got)
	}
}

// TestRandomRoundTrip covers single runs, chained runs, and more than 16
// runs (the heap path for run bounds).
func TestRandomRoundTrip(t *testing.T) {
	tk := newTok(t, 1)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.@ é"
	for range 2000 {
		n := rng.IntN(400)
		v := make([]byte, n)
		for i := range v {
			v[i] = alphabet[rng.IntN(len(alphabet))]
		}
		tok, err := tk.Tokenize([]byte("x"), v, "T")
		if err != nil {
			require.ErrorIs(t, err, ErrTooShort)
			continue
		}
		assertFormat(t, v, tok[1:])
		back, err := tk.Detokenize(nil, tok[1:], "T")
		require.NoError(t, err)
		require.Equal(t, v, back)
	}
}

func TestConcurrent(t *testing.T) {
	tk := newTok(t, 1)
	ss := samples(t)
	want := make([][]byte, len(ss))
	for i, s := range ss {
		var err error
		want[i], err = tk.Tokenize(nil, []byte(s.Value), s.Type)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			dst := make([]byte, 0, 256)
			for range 50 {
				for i, s := range ss {
					got, err := tk.Tokenize(dst[:0], []byte(s.Value), s.Type)
					if !assert.NoError(t, err) || !assert.Equal(t, want[i], got) {
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestReadWrite(t *testing.T) {
	for _, s := range []string{"123-45-6789", "AbC9z", "Z9Z9Z9Z9Z9Z9Z", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "99999999999999999999999999"} {
		seg := []byte(s)
		x, d, _ := read(seg)
		require.True(t, x.less(d))
		out := bytes.Clone(seg)
		write(out, x)
		assert.Equal(t, s, string(out))
	}
}

func TestNoKeyInString(t *testing.T) {
	tk := newTok(t, 0x41) // key bytes are printable: "ABCD…"
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(verb, tk)
		assert.NotContains(t, s, "ABCD", verb)
	}
}

func TestNewBadKey(t *testing.T) {
	_, err := New(make([]byte, 7))
	require.Error(t, err)
}
