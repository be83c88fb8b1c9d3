package tokenize

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoldenDigest pins the tokens themselves, not just their round trip: it
// tokenizes a fixed pseudo-random corpus (single runs, chained runs, every
// shape of letters and digits, several types) under two keys and compares a
// SHA-256 of all the tokens with the digest the implementation produced when
// the test was written. Any change to the construction, the tweak layout or
// FF1 changes the digest; an optimisation must not.
func TestGoldenDigest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		seed   byte
		digest string
	}{
		{"key1", 1, "a3413effc2f78318b8241f41c76476475df90a29ac79a53f898b59c404c12eb3"},
		{"key2", 0x7f, "85022011a67b9bb1fba7afc3e78fb14607c03b31fb3bb4780bc58599cce592b5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tk := newTok(t, tc.seed)
			require.Equal(t, tc.digest, goldenDigest(t, tk))
		})
	}
}

// goldenDigest hashes the tokens of a fixed corpus, checking that each maps
// back.
func goldenDigest(t *testing.T, tk *Tokenizer) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(42, 43))
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-.@ "
	types := []string{"US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS", "PERSON", "T"}
	h := sha256.New()
	for i := range 3000 {
		n := 6 + rng.IntN(30)
		if i%10 == 0 {
			n = rng.IntN(200)
		}
		v := make([]byte, n)
		for j := range v {
			switch i % 3 {
			case 0: // digits only, the SSN and card shape
				v[j] = alphabet[rng.IntN(10)]
			default:
				v[j] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		typ := types[i%len(types)]
		tok, err := tk.Tokenize(nil, v, typ)
		if err != nil {
			require.ErrorIs(t, err, ErrTooShort)
			h.Write([]byte{0})
			continue
		}
		back, err := tk.Detokenize(nil, tok, typ)
		require.NoError(t, err)
		require.Equal(t, v, back)
		h.Write(tok)
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestZeroAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under -race or -cover")
	}
	tk := newTok(t, 1)
	for _, tc := range []struct{ typ, value string }{
		{"US_SSN", "123-45-6789"},
		{"CREDIT_CARD", "4111 1111 1111 1111"},
		{"EMAIL_ADDRESS", "john.smith@example.com"},
		{"PERSON", "Maximilian Alexander Rutherford-Worthington"},
	} {
		v := []byte(tc.value)
		dst := make([]byte, 0, len(v))
		tok, err := tk.Tokenize(nil, v, tc.typ)
		require.NoError(t, err)
		require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = tk.Tokenize(dst[:0], v, tc.typ) }), "Tokenize %s", tc.typ)
		require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = tk.Detokenize(dst[:0], tok, tc.typ) }), "Detokenize %s", tc.typ)
	}
}
