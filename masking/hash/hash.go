package hash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	gohash "hash"
	"sync"
)

// Length bounds, in hex characters. They match the policy's bounds for the
// hash action's length parameter.
const (
	MinLength     = 8
	MaxLength     = 64 // the whole 256-bit digest
	DefaultLength = MaxLength
	// MaxTypeLen is the longest type name accepted, in bytes (its length is
	// one byte of the message).
	MaxTypeLen = 255
)

// ErrTypeTooLong is returned by Hash for a type name longer than MaxTypeLen.
var ErrTypeTooLong = errors.New("hash: type name longer than 255 bytes")

// Hasher computes keyed digests under one key and length. It is immutable
// and safe for concurrent use; build one per job and share it.
type Hasher struct {
	length int
	pool   sync.Pool // of *state
}

// state is one HMAC with its scratch, reused across calls: hmac.New keeps
// the keyed inner and outer states, so Reset costs no key schedule.
type state struct {
	mac gohash.Hash
	sum [sha256.Size]byte
	hdr [1 + MaxTypeLen]byte
}

// New returns a Hasher for a key (a keyset's HashKey, 32 bytes; at least 16
// are required) and a length in hex characters (MinLength to MaxLength; 0
// means DefaultLength). The key is copied.
func New(key []byte, length int) (*Hasher, error) {
	if len(key) < 16 {
		return nil, fmt.Errorf("hash: key must be at least 16 bytes, got %d", len(key))
	}
	if length == 0 {
		length = DefaultLength
	}
	if length < MinLength || length > MaxLength {
		return nil, fmt.Errorf("hash: length must be %d to %d hex characters, got %d", MinLength, MaxLength, length)
	}
	k := append([]byte(nil), key...)
	h := &Hasher{length: length}
	h.pool.New = func() any { return &state{mac: hmac.New(sha256.New, k)} }
	return h, nil
}

// Length returns the number of hex characters Hash writes.
func (h *Hasher) Length() int { return h.length }

// String describes the hasher without its key.
func (h *Hasher) String() string {
	return fmt.Sprintf("hash.Hasher{HMAC-SHA256, length: %d}", h.length)
}

// Hash appends the digest of value, for values of type typ, to dst as
// Length lowercase hex characters and returns the extended slice. It does
// not allocate once dst has room (after the first calls warm the pool).
func (h *Hasher) Hash(dst, value []byte, typ string) ([]byte, error) {
	if len(typ) > MaxTypeLen {
		return dst, ErrTypeTooLong
	}
	s := h.pool.Get().(*state)
	s.mac.Reset()
	s.hdr[0] = byte(len(typ))
	n := copy(s.hdr[1:], typ)
	s.mac.Write(s.hdr[:1+n])
	s.mac.Write(value)
	sum := s.mac.Sum(s.sum[:0])
	dst = hex.AppendEncode(dst, sum[:(h.length+1)/2])
	dst = dst[:len(dst)-h.length%2] // an odd length drops the last nibble
	s.mac.Reset()                   // drop the value's bytes from the hash's buffer
	clear(s.sum[:])
	h.pool.Put(s)
	return dst, nil
}
