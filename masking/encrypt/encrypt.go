package encrypt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/daead/subtle"
)

const (
	// Prefix starts every token; the type and a ':' follow it.
	Prefix = "veil:v1:"
	// KeySize is the AES-SIV key size: a keyset's EncryptKey.
	KeySize = subtle.AESSIVKeySize
	// MaxTypeLen is the longest type name a token may carry, in bytes.
	MaxTypeLen = 128
	sivSize    = 16
	// minB64 is the length of the shortest ciphertext (the SIV of an empty
	// value) in base64url without padding.
	minB64 = (sivSize*8 + 5) / 6
)

var (
	// ErrInvalidType: a type name that is longer than MaxTypeLen or has a
	// character other than A-Z a-z 0-9 _ . - (a ':' would make tokens
	// ambiguous).
	ErrInvalidType = errors.New("encrypt: type name must be up to 128 characters of A-Z a-z 0-9 _ . -")
	// ErrNotToken: the input is not a token of this format (no prefix, a
	// bad type, base64 or length). Such a value was not made by Encrypt.
	ErrNotToken = errors.New("encrypt: not a veil:v1 token")
	// ErrDecrypt: the token is well formed but does not decrypt under this
	// key: it was made with another key, or altered.
	ErrDecrypt = errors.New("encrypt: token does not decrypt under this key (other key, or altered)")
)

// b64 is strict so every ciphertext has exactly one text form: a token with
// stray bits in its last character is not a token (and cannot pose as one).
var b64 = base64.RawURLEncoding.Strict()

// Encrypter encrypts and decrypts under one key. It is immutable and safe
// for concurrent use; build one per job and share it.
type Encrypter struct {
	siv *subtle.AESSIV
}

// New returns an Encrypter for a 64-byte AES-SIV key (a keyset's
// EncryptKey). The key is copied.
func New(key []byte) (*Encrypter, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("encrypt: key must be %d bytes, got %d", KeySize, len(key))
	}
	// Tink keeps the slice it is given, so give it a copy of its own.
	siv, err := subtle.NewAESSIV(append([]byte(nil), key...))
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	return &Encrypter{siv: siv}, nil
}

// String describes the encrypter without its key.
func (e *Encrypter) String() string { return "encrypt.Encrypter{AES-SIV-512}" }

func validType(typ []byte) bool {
	if len(typ) > MaxTypeLen {
		return false
	}
	for _, c := range typ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '.', c == '-':
		default:
			return false
		}
	}
	return true
}

// header writes "veil:v1:TYPE:" into buf and returns it.
func header(buf []byte, typ []byte) []byte {
	buf = append(buf[:0], Prefix...)
	buf = append(buf, typ...)
	return append(buf, ':')
}

// Encrypt appends the token of value, for values of type typ, to dst and
// returns the extended slice. On error dst is returned unchanged.
func (e *Encrypter) Encrypt(dst, value []byte, typ string) ([]byte, error) {
	if len(typ) > MaxTypeLen {
		return dst, ErrInvalidType
	}
	var hb [len(Prefix) + MaxTypeLen + 1]byte
	ad := append(hb[:0], Prefix...)
	ad = append(ad, typ...)
	if !validType(ad[len(Prefix):]) {
		return dst, ErrInvalidType
	}
	ad = append(ad, ':')
	ct, err := e.siv.EncryptDeterministically(value, ad)
	if err != nil {
		return dst, ErrInvalidType // only for absurd lengths; say nothing of the value
	}
	dst = append(dst, ad...)
	dst = b64.AppendEncode(dst, ct)
	clear(ct)
	return dst, nil
}

// Decrypt appends the value of a token made by Encrypt to dst and returns
// the extended slice. The type is read from the token (and authenticated).
// It returns ErrNotToken for input that is not a token and ErrDecrypt for a
// token that does not decrypt under this key; dst is then unchanged.
func (e *Encrypter) Decrypt(dst, token []byte) ([]byte, error) {
	typ, body, ok := split(token)
	if !ok {
		return dst, ErrNotToken
	}
	var cb [256]byte
	ct, err := b64.AppendDecode(cb[:0], body)
	if err != nil || len(ct) < sivSize {
		return dst, ErrNotToken
	}
	var hb [len(Prefix) + MaxTypeLen + 1]byte
	pt, err := e.siv.DecryptDeterministically(ct, header(hb[:0], typ))
	clear(ct)
	if err != nil {
		return dst, ErrDecrypt
	}
	dst = append(dst, pt...)
	clear(pt)
	return dst, nil
}

// Type returns the type a token carries, or ok false if token is not one.
// The type is authenticated only by a successful Decrypt.
func Type(token []byte) (typ []byte, ok bool) {
	typ, _, ok = split(token)
	return typ, ok
}

// split parses "veil:v1:TYPE:BODY", checking the type and that BODY is
// plausible base64url.
func split(token []byte) (typ, body []byte, ok bool) {
	rest, ok := bytes.CutPrefix(token, []byte(Prefix))
	if !ok {
		return nil, nil, false
	}
	typ, body, ok = bytes.Cut(rest, []byte{':'})
	if !ok || !validType(typ) || len(body) < minB64 || tokenLen(body) != len(body) {
		return nil, nil, false
	}
	return typ, body, true
}

// tokenLen returns how many leading bytes of b are base64url characters.
func tokenLen(b []byte) int {
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return i
		}
	}
	return len(b)
}

// Index returns the byte range [start, end) of the first token in text, or
// -1, -1 if there is none, so unmask can reverse tokens inside free text. A
// token ends at the first byte that is not base64url; a base64url character
// written right after a token would therefore be taken as part of it (and
// Decrypt would then fail, closed).
func Index(text []byte) (start, end int) {
	for off := 0; ; {
		i := bytes.Index(text[off:], []byte(Prefix))
		if i < 0 {
			return -1, -1
		}
		s := off + i
		rest := text[s+len(Prefix):]
		j := 0
		for j < len(rest) && j < MaxTypeLen && validType(rest[j:j+1]) {
			j++
		}
		if j < len(rest) && rest[j] == ':' {
			n := tokenLen(rest[j+1:])
			if n >= minB64 {
				return s, s + len(Prefix) + j + 1 + n
			}
		}
		off = s + 1
	}
}
