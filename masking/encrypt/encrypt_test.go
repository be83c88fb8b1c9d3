package encrypt

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testKey(seed byte) []byte {
	k := make([]byte, KeySize)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

func newEnc(t testing.TB, seed byte) *Encrypter {
	t.Helper()
	e, err := New(testKey(seed))
	require.NoError(t, err)
	return e
}

func TestRoundTrip(t *testing.T) {
	e := newEnc(t, 1)
	for _, tc := range []struct{ typ, value string }{
		{"US_SSN", "123-45-6789"},
		{"EMAIL_ADDRESS", "john.smith@example.com"},
		{"US_SSN", ""},
		{"X", "a"},
		{"", "no type"},
		{"custom.id-1", "12-34"},
		{"PRIVATE_KEY", strings.Repeat("-----BEGIN RSA PRIVATE KEY-----\nMIIE", 50)},
		{"PERSON", "José \xff binary \x00 ok"},
	} {
		tok, err := e.Encrypt([]byte("p:"), []byte(tc.value), tc.typ)
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(tok, []byte("p:veil:v1:"+tc.typ+":")), "%s", tok)
		tok = tok[2:]
		assert.Equal(t, len(Prefix)+len(tc.typ)+1+base64.RawURLEncoding.EncodedLen(len(tc.value)+16), len(tok))
		if len(tc.value) >= 6 {
			assert.NotContains(t, string(tok), tc.value, "no plaintext left")
		}
		typ, ok := Type(tok)
		require.True(t, ok)
		assert.Equal(t, tc.typ, string(typ))

		again, err := e.Encrypt(nil, []byte(tc.value), tc.typ)
		require.NoError(t, err)
		assert.Equal(t, tok, again, "deterministic")

		back, err := e.Decrypt([]byte("q:"), tok)
		require.NoError(t, err)
		assert.Equal(t, "q:"+tc.value, string(back))
	}
}

func TestKeyAndTypeSeparation(t *testing.T) {
	e, other := newEnc(t, 1), newEnc(t, 2)
	v := []byte("123-45-6789")
	a, _ := e.Encrypt(nil, v, "US_SSN")
	b, _ := other.Encrypt(nil, v, "US_SSN")
	c, _ := e.Encrypt(nil, v, "US_ITIN")
	assert.NotEqual(t, a, b)
	assert.NotEqual(t, a[len("veil:v1:US_SSN:"):], c[len("veil:v1:US_ITIN:"):])

	_, err := other.Decrypt(nil, a)
	require.ErrorIs(t, err, ErrDecrypt, "another key")

	// Relabelling the type breaks authentication.
	relabelled := append([]byte("veil:v1:US_ITIN:"), a[len("veil:v1:US_SSN:"):]...)
	_, err = e.Decrypt(nil, relabelled)
	require.ErrorIs(t, err, ErrDecrypt)
}

func TestTampering(t *testing.T) {
	e := newEnc(t, 1)
	tok, err := e.Encrypt(nil, []byte("john.smith@example.com"), "EMAIL_ADDRESS")
	require.NoError(t, err)
	body := len("veil:v1:EMAIL_ADDRESS:")
	for i := body; i < len(tok); i++ {
		bad := bytes.Clone(tok)
		if bad[i] == 'A' {
			bad[i] = 'B'
		} else {
			bad[i] = 'A'
		}
		out, err := e.Decrypt([]byte("p"), bad)
		require.Error(t, err, "byte %d", i)
		assert.Equal(t, "p", string(out), "dst unchanged")
	}
}

func TestNotToken(t *testing.T) {
	e := newEnc(t, 1)
	good, _ := e.Encrypt(nil, []byte("x"), "T")
	for _, in := range []string{
		"", "veil:v1:", "veil:v1:T", "veil:v1:T:", "veil:v2:T:" + string(good[len("veil:v1:T:"):]),
		"veil:v1:T:short", "veil:v1:T:" + string(good[len("veil:v1:T:"):]) + "!", "veil:v1:T T:" + string(good[len("veil:v1:T:"):]),
		"123-45-6789",
	} {
		_, err := e.Decrypt(nil, []byte(in))
		require.ErrorIs(t, err, ErrNotToken, "%q", in)
	}
}

func TestInvalidType(t *testing.T) {
	e := newEnc(t, 1)
	for _, typ := range []string{"A:B", "A B", "é", strings.Repeat("A", MaxTypeLen+1)} {
		out, err := e.Encrypt([]byte("p"), []byte("123-45-6789"), typ)
		require.ErrorIs(t, err, ErrInvalidType, "%q", typ)
		assert.Equal(t, "p", string(out))
	}
	_, err := e.Encrypt(nil, []byte("v"), strings.Repeat("A", MaxTypeLen))
	require.NoError(t, err)
}

func TestIndex(t *testing.T) {
	e := newEnc(t, 1)
	ssn, _ := e.Encrypt(nil, []byte("123-45-6789"), "US_SSN")
	mail, _ := e.Encrypt(nil, []byte("a@b.io"), "EMAIL_ADDRESS")
	text := []byte("call veil:v1: me, ssn " + string(ssn) + ", mail <" + string(mail) + ">. veil:v1:X:tooShort")
	var found []string
	for rest, off := text, 0; ; {
		s, end := Index(rest)
		if s < 0 {
			break
		}
		found = append(found, string(text[off+s:off+end]))
		back, err := e.Decrypt(nil, rest[s:end])
		require.NoError(t, err)
		assert.Contains(t, []string{"123-45-6789", "a@b.io"}, string(back))
		rest, off = rest[end:], off+end
	}
	assert.Equal(t, []string{string(ssn), string(mail)}, found)
	s, end := Index([]byte("nothing here"))
	assert.Equal(t, -1, s)
	assert.Equal(t, -1, end)
}

func TestConcurrent(t *testing.T) {
	e := newEnc(t, 1)
	want, _ := e.Encrypt(nil, []byte("123-45-6789"), "US_SSN")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				got, err := e.Encrypt(nil, []byte("123-45-6789"), "US_SSN")
				if !assert.NoError(t, err) || !assert.Equal(t, want, got) {
					return
				}
				back, err := e.Decrypt(nil, got)
				if !assert.NoError(t, err) || !assert.Equal(t, "123-45-6789", string(back)) {
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestNewAndString(t *testing.T) {
	_, err := New(make([]byte, 32))
	require.Error(t, err)
	key := []byte(strings.Repeat("ABCDEFGH", 8))
	e, err := New(key)
	require.NoError(t, err)
	tok, _ := e.Encrypt(nil, []byte("value"), "T")
	clear(key)
	back, err := e.Decrypt(nil, tok)
	require.NoError(t, err, "the key was copied")
	assert.Equal(t, "value", string(back))

	e2, _ := New([]byte(strings.Repeat("ABCDEFGH", 8)))
	for _, verb := range []string{"%v", "%+v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, e2), "ABCDEFGH")
	}
}
