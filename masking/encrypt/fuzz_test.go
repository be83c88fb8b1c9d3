package encrypt

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzEncryptRoundTrip: every value encrypts to a token that Index finds in
// surrounding text and Decrypt maps back; a valid type never fails.
func FuzzEncryptRoundTrip(f *testing.F) {
	for _, s := range []string{"123-45-6789", "", "john.smith@example.com", "\x00\xff", "veil:v1:T:AAAA"} {
		f.Add([]byte(s), "US_SSN")
	}
	f.Add([]byte("x"), "bad:type")
	e := newEnc(f, 1)
	f.Fuzz(func(t *testing.T, value []byte, typ string) {
		tok, err := e.Encrypt(nil, value, typ)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidType)
			require.False(t, validType([]byte(typ)))
			return
		}
		again, err := e.Encrypt(nil, value, typ)
		require.NoError(t, err)
		require.Equal(t, tok, again)
		back, err := e.Decrypt(nil, tok)
		require.NoError(t, err)
		require.True(t, bytes.Equal(value, back))

		text := append(append([]byte("<<"), tok...), ">>"...)
		s, end := Index(text)
		require.Equal(t, 2, s)
		require.Equal(t, len(text)-2, end)
		require.True(t, bytes.Equal(tok, text[s:end]))
	})
}

// FuzzDecrypt: arbitrary input never panics and never decrypts unless it
// is a token this key made.
func FuzzDecrypt(f *testing.F) {
	e := newEnc(f, 1)
	tok, _ := e.Encrypt(nil, []byte("123-45-6789"), "US_SSN")
	f.Add(tok)
	f.Add([]byte("veil:v1::AAAAAAAAAAAAAAAAAAAAAA"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := e.Decrypt([]byte("p"), in)
		if err != nil {
			require.Equal(t, "p", string(out))
			return
		}
		// It decrypted: re-encrypting must give the input back.
		typ, ok := Type(in)
		require.True(t, ok)
		re, err := e.Encrypt(nil, out[1:], string(typ))
		require.NoError(t, err)
		require.Equal(t, in, re)
	})
}
