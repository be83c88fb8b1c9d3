package keys

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// Sizes of the master key and of each derived key, in bytes.
const (
	MasterKeySize   = 32 // AES-256 strength; also the size of a KMS AES_256 data key
	TokenizeKeySize = 32 // AES-256 for FF1
	HashKeySize     = 32 // HMAC-SHA256
	EncryptKeySize  = 64 // AES-SIV: a 256-bit MAC key and a 256-bit CTR key
)

// HKDF info labels, one per purpose. They are part of the version 1 format:
// changing one changes every token, digest and ciphertext made with it.
const (
	infoTokenize = "veil keyset v1: tokenize (FF1, AES-256)"
	infoHash     = "veil keyset v1: hash (HMAC-SHA256)"
	infoEncrypt  = "veil keyset v1: encrypt (AES-SIV, 512-bit)"
)

// Errors of this package. They never carry key material.
var (
	// ErrInvalid: a keyset file or a FromMaster argument is malformed (bad
	// JSON, wrong format or version, missing field, wrong key size). The
	// returned error wraps it with the file and the field.
	ErrInvalid = errors.New("keys: invalid keyset")
	// ErrPermissions: Load or ReadFile found a keyset file that group or
	// others may read or write. Restrict it with chmod 600.
	ErrPermissions = errors.New("keys: keyset file is accessible to group or others (chmod 600 it)")
	// ErrWrapped: the file's master key is wrapped by a key management
	// service, so it can only be opened through that service's Provider.
	ErrWrapped = errors.New("keys: keyset master key is wrapped by a KMS; open it with a KMS key provider")
)

// Keyset is the key material a masking job runs under: a key id, a creation
// time and one key per purpose, all derived from a single master key.
//
// A Keyset is immutable and safe for concurrent use. It never renders its key
// material: fmt (every verb), slog and encoding/json show only the key id and
// the creation time. The key accessors return copies, meant to be handed to
// a method's constructor once per job and then discarded.
type Keyset struct {
	id      string
	created time.Time
	m       *material // behind a pointer so copying a Keyset copies no key bytes
}

type material struct {
	master   [MasterKeySize]byte
	tokenize [TokenizeKeySize]byte
	hash     [HashKeySize]byte
	encrypt  [EncryptKeySize]byte
}

// Generate returns a new keyset: a random master key from crypto/rand, a
// fresh random key id and the current time (UTC, whole seconds).
func Generate() (*Keyset, error) {
	var master [MasterKeySize]byte
	if _, err := rand.Read(master[:]); err != nil {
		return nil, fmt.Errorf("keys: reading random bytes: %w", err)
	}
	defer clear(master[:])
	return FromMaster(NewKeyID(), time.Now().UTC().Truncate(time.Second), master[:])
}

// FromMaster builds a keyset from its parts: a key id (see ValidKeyID), a
// creation time and a 32-byte master key. A KMS provider calls it with the
// plaintext of an unwrapped data key. The master is copied; the caller may
// clear its slice afterwards.
func FromMaster(id string, created time.Time, master []byte) (*Keyset, error) {
	if !ValidKeyID(id) {
		return nil, fmt.Errorf("%w: key id must be 1 to 64 characters of A-Z a-z 0-9 . _ -", ErrInvalid)
	}
	if len(master) != MasterKeySize {
		return nil, fmt.Errorf("%w: master key must be %d bytes, got %d", ErrInvalid, MasterKeySize, len(master))
	}
	m := new(material)
	copy(m.master[:], master)
	for _, d := range []struct {
		info string
		dst  []byte
	}{
		{infoTokenize, m.tokenize[:]},
		{infoHash, m.hash[:]},
		{infoEncrypt, m.encrypt[:]},
	} {
		k, err := hkdf.Key(sha256.New, m.master[:], nil, d.info, len(d.dst))
		if err != nil {
			return nil, fmt.Errorf("keys: deriving a key: %w", err)
		}
		copy(d.dst, k)
		clear(k)
	}
	return &Keyset{id: id, created: created, m: m}, nil
}

// keyIDEncoding is lowercase base32 without padding: unambiguous, safe in
// file names, logs and JSON.
var keyIDEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewKeyID returns a fresh random key id: "vk_" and 20 base32 characters
// (100 random bits). It is independent of any key material.
func NewKeyID() string {
	var b [13]byte // 104 bits; the encoding's 21st character is dropped
	_, _ = io.ReadFull(rand.Reader, b[:])
	return "vk_" + keyIDEncoding.EncodeToString(b[:])[:20]
}

// ValidKeyID reports whether id can name a keyset: 1 to 64 characters, each
// an ASCII letter, digit, '.', '_' or '-', so it prints and logs safely.
func ValidKeyID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// ID returns the key id, which is safe to log and record in manifests.
func (k *Keyset) ID() string { return k.id }

// Created returns when the keyset was generated.
func (k *Keyset) Created() time.Time { return k.created }

// TokenizeKey returns a copy of the AES-256 key for FF1 tokenization.
func (k *Keyset) TokenizeKey() []byte { return clone(k.m.tokenize[:]) }

// HashKey returns a copy of the HMAC-SHA256 key for the hash method.
func (k *Keyset) HashKey() []byte { return clone(k.m.hash[:]) }

// EncryptKey returns a copy of the 64-byte AES-SIV key for the encrypt method.
func (k *Keyset) EncryptKey() []byte { return clone(k.m.encrypt[:]) }

func clone(b []byte) []byte { return append(make([]byte, 0, len(b)), b...) }

// File returns the keyset as a local (unwrapped) keyset file, ready to
// Write. The file holds a copy of the master key.
func (k *Keyset) File() *File {
	m := k.m.master
	return &File{KeyID: k.id, Created: k.created, master: &m}
}

// Write writes the keyset to a new local keyset file at path, with
// permissions 0600. It never overwrites an existing file (the error then
// wraps fs.ErrExist): losing a key loses every token made with it.
func (k *Keyset) Write(path string) error {
	f := k.File()
	defer f.wipe()
	return f.Write(path)
}

// String renders the keyset by its key id and creation time only.
func (k Keyset) String() string {
	return "keys.Keyset{key_id: " + k.id + ", created: " + k.created.Format(time.RFC3339) + "}"
}

// GoString is String, for %#v.
func (k Keyset) GoString() string { return k.String() }

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %x, %d …) print String,
// so no verb can reach the key material through reflection.
func (k Keyset) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// LogValue renders the keyset for log/slog as its key id and creation time.
func (k Keyset) LogValue() slog.Value {
	return slog.GroupValue(slog.String("key_id", k.id), slog.Time("created", k.created))
}

// MarshalJSON renders the keyset as {"key_id":…,"created":…}, for reports
// and logs. It never includes key material; use Write to save a keyset.
func (k Keyset) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		KeyID   string    `json:"key_id"`
		Created time.Time `json:"created"`
	}{k.id, k.created})
}
