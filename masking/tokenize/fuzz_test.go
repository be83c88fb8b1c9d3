package tokenize

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzTokenizeRoundTrip: any value either is too short (and nothing is
// written) or tokenizes to a same-format token that maps back.
func FuzzTokenizeRoundTrip(f *testing.F) {
	for _, s := range []string{
		"123-45-6789", "4111 1111 1111 1111", "john.smith@example.com", "12-34", "",
		"GB82 WEST 1234 5698 7654 32", "1EG4-TE5-MK73", "José García 12345",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"\xff\xfe123456", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	} {
		f.Add([]byte(s), "US_SSN")
	}
	tk := newTok(f, 1)
	f.Fuzz(func(t *testing.T, value []byte, typ string) {
		orig := bytes.Clone(value)
		tok, err := tk.Tokenize([]byte("p"), value, typ)
		require.Equal(t, orig, value, "input not modified")
		if err != nil {
			require.Equal(t, "p", string(tok), "dst unchanged on error")
			require.True(t, err == ErrTooShort || err == ErrTypeTooLong, "unexpected error %v", err)
			return
		}
		tok = tok[1:]
		assertFormat(t, value, tok)
		again, err := tk.Tokenize(nil, value, typ)
		require.NoError(t, err)
		require.Equal(t, tok, again, "deterministic")
		back, err := tk.Detokenize(nil, tok, typ)
		require.NoError(t, err)
		require.Equal(t, value, back, "round trip")
	})
}
