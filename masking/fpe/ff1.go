package fpe

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// Limits. MinRadix, MaxRadix and the minimum domain size come from NIST SP
// 800-38G Rev. 1; MaxLen and MaxTweakLen are this package's own bounds (the
// standard allows up to 2^32-1 numerals and leaves the tweak bound to the
// implementation) so that one call's cost is bounded.
const (
	MinRadix = 2
	MaxRadix = 1 << 16

	// MinDomain is the smallest domain FF1 may encipher: radix^minlen must
	// be at least this, which fixes the minimum length for each radix.
	MinDomain = 1_000_000

	// MaxLen is the most numerals one call accepts.
	MaxLen = 4096

	// MaxTweakLen is the longest tweak, in bytes, one call accepts. Tweaks
	// are short context labels; hash anything longer down first.
	MaxTweakLen = 256

	rounds = 10
)

// Errors returned by Encrypt and Decrypt. They are fixed sentinel values:
// they carry no part of the input, and returning them allocates nothing.
var (
	// ErrTooShort: the input has fewer numerals than MinLen for the radix,
	// so its domain is below MinDomain. The caller must not encipher such a
	// value any other way; redact it instead.
	ErrTooShort = errors.New("fpe: input shorter than the minimum length for its radix")
	// ErrTooLong: the input has more than MaxLen numerals.
	ErrTooLong = errors.New("fpe: input longer than the maximum length")
	// ErrTweakTooLong: the tweak is longer than MaxTweakLen bytes.
	ErrTweakTooLong = errors.New("fpe: tweak longer than the maximum tweak length")
	// ErrInvalidNumeral: some numeral is not below the radix.
	ErrInvalidNumeral = errors.New("fpe: numeral not below the radix")
)

// Errors returned by NewFF1.
var (
	ErrInvalidRadix = errors.New("fpe: radix out of range")
	ErrInvalidKey   = errors.New("fpe: key must be 16, 24 or 32 bytes")
)

// FF1 is the FF1 mode of NIST SP 800-38G on AES with one key and one radix.
// Build it once (NewFF1) and share it: it is immutable, and its methods are
// safe for concurrent use.
type FF1 struct {
	block  cipher.Block
	radix  uint64
	minLen int
	// fastV is the largest k with radix^k < 2^64. A call whose longer half
	// has at most fastV numerals runs on uint64 arithmetic (cryptFast64),
	// up to fastV128 on two words (cryptFast128); longer ones use math/big
	// (cryptBig). It is also the chunk size for big-number conversions.
	fastV int
	pow   [64]uint64 // pow[k] = radix^k for 0 <= k <= fastV
	// fastV128 is the largest k with radix^k < 2^128: up to there the
	// two-word path runs.
	fastV128 int
	// k32 is the largest k with radix^k < 2^32, and recip32 is
	// ceil(2^64/radix): STR works on 32-bit pieces of k32 numerals.
	k32     int
	recip32 uint64
	pow2    bool // radix is 2^log2
	log2    uint
	tab     *tables // precomputed divisors and the AES_K(P) cache
	aes     *aes8   // the key again, for rounds run side by side (lanes.go)
}

// NewFF1 returns an FF1 cipher for an AES key (16, 24 or 32 bytes, selecting
// AES-128, -192 or -256) and a radix in [MinRadix, MaxRadix]. The key is
// expanded once; the caller may clear its copy afterwards.
func NewFF1(key []byte, radix int) (*FF1, error) {
	if radix < MinRadix || radix > MaxRadix {
		return nil, fmt.Errorf("%w: %d (want %d to %d)", ErrInvalidRadix, radix, MinRadix, MaxRadix)
	}
	switch len(key) {
	case 16, 24, 32:
	default:
		// Report the length only, never key material.
		return nil, fmt.Errorf("%w: got %d bytes", ErrInvalidKey, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("fpe: %w", err)
	}
	c := &FF1{block: block, radix: uint64(radix), aes: newAES8(key, block)}
	c.pow[0] = 1
	for k := 1; k < len(c.pow); k++ {
		hi, lo := bits.Mul64(c.pow[k-1], c.radix)
		if hi != 0 {
			break
		}
		c.pow[k] = lo
		c.fastV = k
	}
	c.initTables()
	// Smallest length n >= 2 with radix^n >= MinDomain.
	c.minLen = 2
	for d := uint64(radix) * uint64(radix); d < MinDomain; d *= uint64(radix) {
		c.minLen++
	}
	return c, nil
}

// String describes the cipher by its radix only: formatting an FF1 with
// %v must never print the expanded key it holds.
func (c FF1) String() string { return "fpe.FF1{radix: " + strconv.Itoa(int(c.radix)) + "}" }

// GoString is String, for %#v.
func (c FF1) GoString() string { return c.String() }

// Radix returns the radix the cipher was built for.
func (c *FF1) Radix() int { return int(c.radix) }

// MinLen returns the fewest numerals Encrypt and Decrypt accept for this
// radix: the smallest n >= 2 with radix^n >= MinDomain (6 for radix 10, 5 for
// 26, 4 for 36 and 62, 20 for 2).
func (c *FF1) MinLen() int { return c.minLen }

// MaxLen returns the most numerals Encrypt and Decrypt accept (MaxLen).
func (c *FF1) MaxLen() int { return MaxLen }

// Encrypt enciphers numerals (each below the radix) under tweak and appends
// the result, the same number of numerals, to dst, returning the extended
// slice. dst may alias numerals (pass numerals[:0] to encipher in place): the
// input is read in full before anything is written. On error dst is returned
// unchanged, and the error is one of the package's sentinels.
//
// Neither numerals nor tweak is retained, logged, or quoted in an error.
func (c *FF1) Encrypt(dst, numerals []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, numerals, tweak, true, true)
}

// Decrypt inverts Encrypt: given the same key, radix and tweak it returns the
// original numerals, appended to dst. Aliasing and errors are as for Encrypt.
func (c *FF1) Decrypt(dst, numerals []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, numerals, tweak, false, true)
}

// scratch is per-call working memory. Slices handed to cipher.Block escape
// (the compiler cannot see through the interface), so rather than allocating
// them each call they live in a pooled scratch and are wiped before reuse.
type scratch struct {
	blk   [16]byte
	lanes [lanes][16]byte // runLanes' blocks
	// Big path only.
	tail, s                        []byte
	x, y, q, r, t, w, mu, mv, pmod big.Int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func (s *scratch) wipe(usedBig bool) {
	clear(s.blk[:])
	clear(s.lanes[:])
	if !usedBig {
		return
	}
	clear(s.tail)
	clear(s.s)
	for _, z := range []*big.Int{&s.x, &s.y, &s.q, &s.r, &s.t, &s.w, &s.mu, &s.mv, &s.pmod} {
		w := z.Bits()
		clear(w[:cap(w)])
		z.SetInt64(0)
	}
}

// crypt checks the input and runs the path that fits it. allowFast = false
// forces the math/big path, which the tests use as the reference for the
// word-sized ones: it shares none of their arithmetic and does not use the
// AES_K(P) cache.
func (c *FF1) crypt(dst, x []uint16, tweak []byte, encrypt, allowFast bool) ([]uint16, error) {
	n := len(x)
	switch {
	case n < c.minLen:
		return dst, ErrTooShort
	case n > MaxLen:
		return dst, ErrTooLong
	case len(tweak) > MaxTweakLen:
		return dst, ErrTweakTooLong
	}
	if c.radix < MaxRadix {
		r := uint16(c.radix)
		for _, d := range x {
			if d >= r {
				return dst, ErrInvalidNumeral
			}
		}
	}
	u := n / 2
	v := n - u

	s := scratchPool.Get().(*scratch)
	fast := allowFast && v <= c.fastV128
	switch {
	case fast && v <= c.fastV:
		dst = c.cryptFast64(s, dst, x, tweak, u, v, encrypt)
	case fast:
		dst = c.cryptFast128(s, dst, x, tweak, u, v, encrypt)
	default:
		dst = c.cryptBig(s, dst, x, tweak, u, v, encrypt)
	}
	s.wipe(!fast)
	scratchPool.Put(s)
	return dst, nil
}

// head runs the CBC-MAC PRF of FF1 over P and over the leading blocks of Q
// that are the same in every round (tweak bytes and zero padding), leaving
// the chaining value in s.blk. It returns where the per-round part of Q
// starts: the block holding the round number.
func (c *FF1) head(s *scratch, tweak []byte, n, u, b int) (start int) {
	t := len(tweak)
	blk := &s.blk
	// P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
	blk[0], blk[1], blk[2] = 1, 2, 1
	blk[3], blk[4], blk[5] = byte(c.radix>>16), byte(c.radix>>8), byte(c.radix)
	blk[6] = rounds
	blk[7] = byte(u)
	binary.BigEndian.PutUint32(blk[8:12], uint32(n))
	binary.BigEndian.PutUint32(blk[12:16], uint32(t))
	c.block.Encrypt(blk[:], blk[:])

	// Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM(B)]^b
	pad := (16 - (t+b+1)%16) % 16
	start = (t + pad) &^ 15
	for off := 0; off < start; off += 16 {
		if off < t {
			xorInto(blk[:], tweak[off:min(off+16, t)])
		}
		c.block.Encrypt(blk[:], blk[:])
	}
	return start
}

func xorInto(dst, src []byte) {
	for i, v := range src {
		dst[i] ^= v
	}
}

// byteLen is b of the spec, ceil(ceil(v*log2(radix))/8), computed exactly as
// the byte length of radix^v - 1.
func byteLen(bitLen int) int { return (bitLen + 7) / 8 }

// cryptBig is the general path, on math/big, for any length up to MaxLen.
func (c *FF1) cryptBig(s *scratch, dst, x []uint16, tweak []byte, u, v int, encrypt bool) []uint16 {
	n := u + v
	// a and b hold the halves; spare takes each round's result, and the
	// three rotate.
	a, b, spare := &s.x, &s.y, &s.q
	c.num(a, &s.t, &s.w, x[:u])
	c.num(b, &s.t, &s.w, x[u:])

	// radix^v, fastV factors at a time (big.Int.Exp allocates).
	s.mv.SetUint64(1)
	for e := v; e > 0; {
		k := min(c.fastV, e)
		s.w.SetUint64(c.pow[k])
		s.t.Mul(&s.mv, &s.w)
		s.mv.Set(&s.t)
		e -= k
	}
	s.w.SetUint64(c.radix)
	if u == v {
		s.mu.Set(&s.mv)
	} else {
		s.mu.Quo(&s.mv, &s.w) // radix^u
	}
	s.w.SetUint64(1)
	s.t.Sub(&s.mv, &s.w)
	nb := byteLen(s.t.BitLen())
	d := 4*((nb+3)/4) + 4

	start := c.head(s, tweak, n, u, nb)
	var h [16]byte
	copy(h[:], s.blk[:])

	// Per-round part of Q: lead (tweak tail, zeros), [i], NUM(B).
	tailLen := (nb + 1 + 15) &^ 15
	lead := tailLen - 1 - nb
	s.tail = grow(s.tail, tailLen)
	clear(s.tail)
	if start < len(tweak) {
		copy(s.tail, tweak[start:])
	}
	s.s = grow(s.s, (d+15)&^15)

	// y computes NUM(S) for round i into s.r, from NUM_radix(half) = num.
	y := func(i int, num *big.Int) *big.Int {
		s.tail[lead] = byte(i)
		num.FillBytes(s.tail[lead+1:])
		copy(s.blk[:], h[:])
		for off := 0; off < tailLen; off += 16 {
			xorInto(s.blk[:], s.tail[off:off+16])
			c.block.Encrypt(s.blk[:], s.blk[:])
		}
		// S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) || ...
		copy(s.s[:16], s.blk[:])
		for j := 1; j*16 < d; j++ {
			blk := s.s[16*j : 16*j+16]
			copy(blk, s.blk[:])
			binary.BigEndian.PutUint64(blk[8:], binary.BigEndian.Uint64(blk[8:])^uint64(j))
			c.block.Encrypt(blk, blk)
		}
		return s.r.SetBytes(s.s[:d])
	}

	if encrypt {
		for i := 0; i < rounds; i++ {
			m := &s.mv
			if i%2 == 0 {
				m = &s.mu
			}
			s.t.Add(a, y(i, b))
			s.pmod.QuoRem(&s.t, m, spare) // spare = (A + y) mod radix^m
			a, b, spare = b, spare, a
		}
	} else {
		for i := rounds - 1; i >= 0; i-- {
			m := &s.mv
			if i%2 == 0 {
				m = &s.mu
			}
			s.t.Sub(b, y(i, a))
			s.pmod.QuoRem(&s.t, m, spare)
			if spare.Sign() < 0 {
				spare.Add(spare, m)
			}
			b, a, spare = a, spare, b
		}
	}

	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	c.str(out[:u], a, spare, &s.r, &s.w)
	c.str(out[u:], b, spare, &s.r, &s.w)
	return dst[:len(dst)+n]
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// num sets z to NUM_radix(x), taking fastV numerals at a time. t and w are
// temporaries.
func (c *FF1) num(z, t, w *big.Int, x []uint16) {
	z.SetUint64(0)
	for len(x) > 0 {
		k := min(c.fastV, len(x))
		var chunk uint64
		for _, d := range x[:k] {
			chunk = chunk*c.radix + uint64(d)
		}
		w.SetUint64(c.pow[k])
		t.Mul(z, w)
		w.SetUint64(chunk)
		z.Add(t, w)
		x = x[k:]
	}
}

// str writes STR^len(out)_radix(z) into out, most significant numeral
// first. z is consumed; q, r and w are temporaries.
func (c *FF1) str(out []uint16, z, q, r, w *big.Int) {
	for end := len(out); end > 0; {
		k := min(c.fastV, end)
		w.SetUint64(c.pow[k])
		q.QuoRem(z, w, r)
		z.Set(q)
		rem := r.Uint64()
		for p := end - 1; p >= end-k; p-- {
			out[p] = uint16(rem % c.radix)
			rem /= c.radix
		}
		end -= k
	}
}
