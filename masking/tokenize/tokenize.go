package tokenize

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"github.com/veil-data/veil/masking/fpe"
)

const (
	// maxRun is the most positions in one run: 26^26 < 2^123, so a run's
	// domain fits 128 bits and its bit string (at most 123 bits, halves of
	// at most 62) takes FF1's word-sized fast path.
	maxRun = 26
	// MaxTypeLen is the longest type name Tokenize accepts, in bytes.
	MaxTypeLen = 128
	// tweakVersion is the first byte of every tweak; a new tweak layout
	// gets a new version rather than silently different tokens.
	tweakVersion = 1
	tweakHeader  = 34 // bytes before the type in a chained run's tweak, see run
)

var (
	// ErrTooShort is returned when a value has fewer than fpe.MinDomain
	// (10^6) possible contents given its format, so FF1 cannot safely
	// encipher it. It is fpe.ErrTooShort, so errors.Is works with either.
	// The caller must redact the value instead.
	ErrTooShort = fpe.ErrTooShort
	// ErrTypeTooLong is returned for a type name longer than MaxTypeLen.
	ErrTypeTooLong = errors.New("tokenize: type name longer than 128 bytes")
)

// Tokenizer makes and reverses tokens under one key. It is immutable and safe
// for concurrent use; build one per job and share it.
type Tokenizer struct {
	ff1 *fpe.FF1
}

// New returns a Tokenizer for an AES key of 16, 24 or 32 bytes (a keyset's
// TokenizeKey is 32: AES-256). The key is expanded at once; the caller may
// clear its copy afterwards.
func New(key []byte) (*Tokenizer, error) {
	c, err := fpe.NewFF1(key, 2)
	if err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	return &Tokenizer{ff1: c}, nil
}

// String describes the tokenizer without its key.
func (t *Tokenizer) String() string { return "tokenize.Tokenizer{FF1-AES, radix 2, mixed-radix runs}" }

// Tokenize appends the token of value, for values of type typ, to dst and
// returns the extended slice. The token has value's length and format (see
// the package documentation). On error dst is returned unchanged: the error
// is ErrTooShort when the value's format admits fewer than 10^6 contents,
// ErrTypeTooLong for an over-long type. With a dst of sufficient capacity and
// a value of up to 416 letters and digits, Tokenize does not allocate.
func (t *Tokenizer) Tokenize(dst, value []byte, typ string) ([]byte, error) {
	return t.crypt(dst, value, typ, true)
}

// Detokenize inverts Tokenize for the same key and type, appending the
// original value to dst. Errors are as for Tokenize. A token that was not
// made by Tokenize still detokenizes, to some value of the same format:
// tokens carry no integrity check.
func (t *Tokenizer) Detokenize(dst, token []byte, typ string) ([]byte, error) {
	return t.crypt(dst, token, typ, false)
}

func isDigit(b byte) bool  { return '0' <= b && b <= '9' }
func isLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

func (t *Tokenizer) crypt(dst, value []byte, typ string, encrypt bool) ([]byte, error) {
	if len(typ) > MaxTypeLen {
		return dst, ErrTypeTooLong
	}
	n := 0
	for _, b := range value {
		if isDigit(b) || isLetter(b) {
			n++
		}
	}
	start := len(dst)
	var err error
	if n <= maxRun {
		// One run: read it once, for the size check and for the run.
		x, d, shape := read(value)
		if d.hi == 0 && d.lo < fpe.MinDomain {
			return dst, ErrTooShort
		}
		dst = append(dst, value...)
		err = t.runValue(dst[start:], x, d, shape, typ, 0, 0, 1, nil, encrypt)
	} else {
		dst = append(dst, value...)
		err = t.runs(dst[start:], n, typ, encrypt)
	}
	if err != nil {
		clear(dst[start:])
		return dst[:start], err
	}
	return dst, nil
}

// runs enciphers (or deciphers) out, holding n > maxRun positions, in place
// as chained runs in two passes (see the package documentation).
func (t *Tokenizer) runs(out []byte, n int, typ string, encrypt bool) error {
	k := runCount(n)
	var bbuf [2 * 16]int
	bounds := bbuf[:0]
	if 2*k > len(bbuf) {
		bounds = make([]int, 0, 2*k)
	}
	bounds = appendRuns(bounds, out, 0, n)
	seg := func(i int) []byte { return out[bounds[2*i]:bounds[2*i+1]] }
	before := func(i int) []byte { // run i-1, or nil for the first run
		if i == 0 {
			return nil
		}
		return seg(i - 1)
	}
	after := func(i int) []byte { // run i+1, or nil for the last run
		if i == k-1 {
			return nil
		}
		return seg(i + 1)
	}

	if encrypt {
		// Pass 1, left to right: each run's tweak holds the run before it,
		// already enciphered in this pass.
		for i := range k {
			if err := t.run(seg(i), typ, 1, i, k, before(i), true); err != nil {
				return err
			}
		}
		// Pass 2, right to left: each run's tweak holds the run after it,
		// already enciphered in this pass.
		for i := k - 1; i >= 0; i-- {
			if err := t.run(seg(i), typ, 2, i, k, after(i), true); err != nil {
				return err
			}
		}
		return nil
	}
	// Undo pass 2 left to right: run i+1 still holds its pass-2 value.
	for i := range k {
		if err := t.run(seg(i), typ, 2, i, k, after(i), false); err != nil {
			return err
		}
	}
	// Undo pass 1 right to left: run i-1 still holds its pass-1 value.
	for i := k - 1; i >= 0; i-- {
		if err := t.run(seg(i), typ, 1, i, k, before(i), false); err != nil {
			return err
		}
	}
	return nil
}

// runCount is how many chained runs hold n positions.
func runCount(n int) int { return (n + maxRun - 1) / maxRun }

// appendRuns appends to bounds where each run of out (n positions) starts
// and ends, plus base: runs of near-equal size, the first n%k one position
// longer, each from a letter or digit to just after its last one.
func appendRuns(bounds []int, out []byte, base, n int) []int {
	k := runCount(n)
	size, extra := n/k, n%k
	pos := 0
	for i := range k {
		m := size
		if i < extra {
			m++
		}
		for !isDigit(out[pos]) && !isLetter(out[pos]) {
			pos++
		}
		lo := pos
		for seen := 0; seen < m; pos++ {
			if isDigit(out[pos]) || isLetter(out[pos]) {
				seen++
			}
		}
		bounds = append(bounds, base+lo, base+pos)
	}
	return bounds
}

// u128 is an unsigned 128-bit integer: a run's value or domain size.
type u128 struct{ hi, lo uint64 }

// mulAdd returns x*r + a; the caller keeps the result below 2^128.
func (x u128) mulAdd(r, a uint64) u128 {
	hi, lo := bits.Mul64(x.lo, r)
	lo, c := bits.Add64(lo, a, 0)
	return u128{x.hi*r + hi + c, lo}
}

// divMod returns x / r and x % r.
func (x u128) divMod(r uint64) (u128, uint64) {
	qhi, rem := bits.Div64(0, x.hi, r)
	qlo, rem := bits.Div64(rem, x.lo, r)
	return u128{qhi, qlo}, rem
}

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

// bitLenMinus1 returns the length of x-1 in bits, for x >= 1: the number of bits
// that hold every value below x.
func (x u128) bitLenMinus1() int {
	hi, lo := x.hi, x.lo-1
	if x.lo == 0 {
		hi--
	}
	if hi != 0 {
		return 64 + bits.Len64(hi)
	}
	return bits.Len64(lo)
}

// read returns a run's mixed-radix value, its domain size, and its shape: a
// leading 1 and then a bit per position, 1 for a letter, first position
// highest (so runs of different lengths have different shapes).
func read(seg []byte) (x, d u128, shape uint32) {
	d, shape = u128{0, 1}, 1
	for _, b := range seg {
		switch {
		case isDigit(b):
			x = x.mulAdd(10, uint64(b-'0'))
			d = d.mulAdd(10, 0)
			shape <<= 1
		case isLetter(b):
			x = x.mulAdd(26, uint64((b|0x20)-'a'))
			d = d.mulAdd(26, 0)
			shape = shape<<1 | 1
		}
	}
	return x, d, shape
}

// write stores x into a run's positions, least significant last, keeping
// each letter's case. x is split once, x = h*p + l with p the product of the
// radices of the trailing positions that fits a word, so that each position
// then costs a division of a word by a constant (a multiplication), not two
// 128-bit divisions. The split depends only on the run's shape.
func write(seg []byte, x u128) {
	p := uint64(1)
	split := len(seg)
	for ; split > 0; split-- {
		var r uint64
		switch b := seg[split-1]; {
		case isDigit(b):
			r = 10
		case isLetter(b):
			r = 26
		default:
			continue
		}
		hi, lo := bits.Mul64(p, r)
		if hi != 0 {
			break
		}
		p = lo
	}
	h, l := x.divMod(p)
	// x < 26^26 < 2^123 and p > 2^64/26 unless every position fits, so
	// h < 2^64.
	writeWord(seg[split:], l)
	writeWord(seg[:split], h.lo)
}

// writeWord stores x, below the product of seg's radices, into seg's
// positions, least significant last.
func writeWord(seg []byte, x uint64) {
	for j := len(seg) - 1; j >= 0; j-- {
		switch b := seg[j]; {
		case isDigit(b):
			seg[j] = '0' + byte(x%10)
			x /= 10
		case isLetter(b):
			seg[j] = (b & 0x20) | ('A' + byte(x%26)) // keep the case bit
			x /= 26
		}
	}
}

// run enciphers (or deciphers) one run in place, under a tweak that holds
// everything that selects its permutation. For a value that is a single run
// (pass 0) the tweak is short, so for short types (US_SSN) it fits FF1's
// per-round block and each call costs one AES block fewer:
//
//	[0] tweak version  [1] pass 0  [2:6] shape  [6:] type
//
// For a run of a chained value (pass 1 or 2) it also holds the run's place
// and its neighbour:
//
//	[0] tweak version  [1] pass  [2:6] shape
//	[6:10] run index  [10:14] run count
//	[14:30] neighbour's value  [30:34] neighbour's shape
//	        (all zero without a neighbour)
//	[34:] type
//
// FF1 binds the tweak's length, so the type needs no length prefix.
func (t *Tokenizer) run(seg []byte, typ string, pass byte, i, k int, neighbour []byte, encrypt bool) error {
	x, d, shape := read(seg)
	return t.runValue(seg, x, d, shape, typ, pass, i, k, neighbour, encrypt)
}

// runValue is run for a segment already read: x, d and shape are read(seg).
func (t *Tokenizer) runValue(seg []byte, x, d u128, shape uint32, typ string, pass byte, i, k int, neighbour []byte, encrypt bool) error {
	var tw [tweakHeader + MaxTypeLen]byte
	tw[0] = tweakVersion
	tw[1] = pass
	binary.BigEndian.PutUint32(tw[2:6], shape)
	var tweak []byte
	if pass == 0 {
		tweak = tw[:6+copy(tw[6:], typ)]
	} else {
		binary.BigEndian.PutUint32(tw[6:10], uint32(i))
		binary.BigEndian.PutUint32(tw[10:14], uint32(k))
		if neighbour != nil {
			nx, _, nshape := read(neighbour)
			binary.BigEndian.PutUint64(tw[14:22], nx.hi)
			binary.BigEndian.PutUint64(tw[22:30], nx.lo)
			binary.BigEndian.PutUint32(tw[30:34], nshape)
		}
		tweak = tw[:tweakHeader+copy(tw[tweakHeader:], typ)]
	}

	// FF1 over radix 2 on the nbits-bit string spelling x, which is the
	// number x itself: EncryptUint128 skips the bits.
	nbits := d.bitLenMinus1() // 20 to 123, since 10^6 <= d < 2^123
	for {
		var err error
		if encrypt {
			x.hi, x.lo, err = t.ff1.EncryptUint128(x.hi, x.lo, nbits, tweak)
		} else {
			x.hi, x.lo, err = t.ff1.DecryptUint128(x.hi, x.lo, nbits, tweak)
		}
		if err != nil {
			// Unreachable: the length, value and tweak are within FF1's
			// limits by construction. Fail closed all the same.
			clear(tw[:])
			return err
		}
		if x.less(d) {
			break
		}
	}
	clear(tw[:]) // it may hold a neighbour's value
	write(seg, x)
	return nil
}
