package fpe

import (
	"math/big"
	"math/bits"
)

// Word arithmetic for the fast paths. Reducing modulo radix^m and writing a
// number out in radix r both divide by a divisor fixed when the cipher is
// built, so the divisions use precomputed reciprocals (two multiplications
// each) instead of the hardware divide, which is slow and, on many CPUs,
// takes a time that depends on its operands. The steps are branch-free.

// div64 divides by a fixed m, 0 < m < 2^64, with Algorithm 4 (div_2by1) of
// Möller and Granlund, "Improved division by invariant integers", IEEE
// Trans. Computers 60(2), 2011.
// For one word modulo m it uses Barrett reduction instead, which is shorter.
type div64 struct {
	m  uint64 // the divisor
	d  uint64 // m << s: the top bit is set
	v  uint64 // floor((2^128-1)/d) - 2^64
	s  uint   // leading zero bits of m
	mu uint64 // floor(2^64/m), for m >= 2
}

func newDiv64(m uint64) div64 {
	s := uint(bits.LeadingZeros64(m))
	d := m << s
	v, _ := bits.Div64(^d, ^uint64(0), d)
	q := div64{m: m, d: d, v: v, s: s}
	if m >= 2 {
		q.mu, _ = bits.Div64(1, 0, m)
	}
	return q
}

// step divides u1:u0 by d (the normalized divisor), for u1 < d.
func (q *div64) step(u1, u0 uint64) (quo, rem uint64) {
	q1, q0 := bits.Mul64(q.v, u1)
	q0, c := bits.Add64(q0, u0, 0)
	q1, _ = bits.Add64(q1, u1, c)
	q1++
	r := u0 - q1*q.d
	// If r > q0 the estimate was one too large.
	_, b := bits.Sub64(q0, r, 0)
	mask := -b
	q1 += mask
	r += q.d & mask
	// If r >= d it was one too small (rare).
	r2, b := bits.Sub64(r, q.d, 0)
	mask = b - 1
	q1 -= mask
	r = r2&mask | r&^mask
	return q1, r
}

// divmod64 returns x / m and x % m.
func (q *div64) divmod64(x uint64) (quo, rem uint64) {
	quo, rem = q.step(x>>(64-q.s), x<<q.s)
	return quo, rem >> q.s
}

// rem64 returns x % m, for m >= 2. The Barrett estimate floor(x*mu/2^64)
// is the quotient or one less, so one conditional subtraction corrects it.
func (q *div64) rem64(x uint64) uint64 {
	h, _ := bits.Mul64(x, q.mu)
	r := x - h*q.m
	r2, b := bits.Sub64(r, q.m, 0)
	mask := b - 1 // r >= m
	return r2&mask | r&^mask
}

// rem96 returns hi:lo % m for hi < 2^32: one division step, after a
// Barrett reduction of hi when m may not exceed it. The step is written out
// here rather than calling step, which is too large to inline.
func (q *div64) rem96(hi, lo uint64) uint64 {
	if q.m <= 1<<32 {
		hi = q.rem64(hi)
	}
	s := q.s
	u1, u0 := hi<<s|lo>>(64-s), lo<<s // u1 < d, as hi < m
	q1, q0 := bits.Mul64(q.v, u1)
	q0, c := bits.Add64(q0, u0, 0)
	q1, _ = bits.Add64(q1, u1, c)
	r := u0 - (q1+1)*q.d
	_, b := bits.Sub64(q0, r, 0)
	r += q.d & -b
	r2, b := bits.Sub64(r, q.d, 0)
	mask := b - 1
	return (r2&mask | r&^mask) >> s
}

// rem128 returns hi:lo % m.
func (q *div64) rem128(hi, lo uint64) uint64 {
	s := q.s
	_, r := q.step(hi>>(64-s), hi<<s|lo>>(64-s))
	_, r = q.step(r, lo<<s)
	return r >> s
}

// divmod128 returns hi:lo / m (as two words) and hi:lo % m.
func (q *div64) divmod128(hi, lo uint64) (qhi, qlo, rem uint64) {
	s := q.s
	qhi, r := q.step(hi>>(64-s), hi<<s|lo>>(64-s))
	qlo, r = q.step(r, lo<<s)
	return qhi, qlo, r >> s
}

// rem192 returns x2:x1:x0 % m.
func (q *div64) rem192(x2, x1, x0 uint64) uint64 {
	s := q.s
	_, r := q.step(x2>>(64-s), x2<<s|x1>>(64-s))
	_, r = q.step(r, x1<<s|x0>>(64-s))
	_, r = q.step(r, x0<<s)
	return r >> s
}

// div128 reduces modulo a fixed m1:m0, 2^64 <= m < 2^128, with Algorithm 5
// (div_3by2) of Möller and Granlund.
type div128 struct {
	m1, m0 uint64 // the divisor
	d1, d0 uint64 // m << s: the top bit of d1 is set
	v      uint64 // floor((2^192-1)/d) - 2^64
	s      uint   // leading zero bits of m1
}

func newDiv128(m1, m0 uint64) div128 {
	s := uint(bits.LeadingZeros64(m1))
	d1, d0 := m1<<s|m0>>(64-s), m0<<s
	// The reciprocal is computed once per cipher; math/big keeps it plain.
	d := new(big.Int).SetUint64(d1)
	d.Lsh(d, 64).Or(d, new(big.Int).SetUint64(d0))
	one := big.NewInt(1)
	v := new(big.Int).Lsh(one, 192)
	v.Sub(v, one).Quo(v, d).Sub(v, new(big.Int).Lsh(one, 64))
	return div128{m1: m1, m0: m0, d1: d1, d0: d0, v: v.Uint64(), s: s}
}

// step divides u2:u1:u0 by d1:d0 (the normalized divisor), for u2:u1 <
// d1:d0, returning the quotient (which fits a word) and the remainder.
func (q *div128) step(u2, u1, u0 uint64) (quo, r1, r0 uint64) {
	d1, d0 := q.d1, q.d0
	q1, q0 := bits.Mul64(q.v, u2)
	q0, c := bits.Add64(q0, u1, 0)
	q1, _ = bits.Add64(q1, u2, c)
	r1 = u1 - q1*d1
	t1, t0 := bits.Mul64(d0, q1)
	var b uint64
	r0, b = bits.Sub64(u0, t0, 0)
	r1, _ = bits.Sub64(r1, t1, b)
	r0, b = bits.Sub64(r0, d0, 0)
	r1, _ = bits.Sub64(r1, d1, b)
	q1++
	// If r1 >= q0 the estimate was one too large: add d back.
	_, b = bits.Sub64(r1, q0, 0)
	mask := b - 1
	q1 += mask
	r0, c = bits.Add64(r0, d0&mask, 0)
	r1, _ = bits.Add64(r1, d1&mask, c)
	// If r >= d it was one too small (rare): subtract d.
	s0, b := bits.Sub64(r0, d0, 0)
	s1, b := bits.Sub64(r1, d1, b)
	mask = b - 1
	q1 -= mask
	return q1, s1&mask | r1&^mask, s0&mask | r0&^mask
}

// divmod128 returns hi:lo / m, a word since m >= 2^64, and hi:lo % m.
func (q *div128) divmod128(hi, lo uint64) (quo, r1, r0 uint64) {
	s := q.s
	quo, r1, r0 = q.step(hi>>(64-s), hi<<s|lo>>(64-s), lo<<s)
	return quo, r1 >> s, r0>>s | r1<<(64-s)
}

// rem192 returns x2:x1:x0 % m, as two words.
func (q *div128) rem192(x2, x1, x0 uint64) (r1, r0 uint64) {
	s := q.s
	_, r1, r0 = q.step(x2>>(64-s), x2<<s|x1>>(64-s), x1<<s|x0>>(64-s))
	_, r1, r0 = q.step(r1, r0, x0<<s)
	// Shift back. For s == 0 the shift by 64 gives 0, as wanted.
	return r1 >> s, r0>>s | r1<<(64-s)
}

// addMod returns (a + y) mod m for a, y < m < 2^64.
func addMod(a, y, m uint64) uint64 {
	s, c := bits.Add64(a, y, 0)
	d, b := bits.Sub64(s, m, 0)
	mask := -(c | (b ^ 1)) // s >= m, counting the carry
	return d&mask | s&^mask
}

// subMod returns (a - y) mod m for a, y < m < 2^64.
func subMod(a, y, m uint64) uint64 {
	d, b := bits.Sub64(a, y, 0)
	return d + m&-b
}

// addMod128 returns (a + y) mod m for a, y < m < 2^128.
func addMod128(a1, a0, y1, y0, m1, m0 uint64) (uint64, uint64) {
	s0, c := bits.Add64(a0, y0, 0)
	s1, c := bits.Add64(a1, y1, c)
	d0, b := bits.Sub64(s0, m0, 0)
	d1, b := bits.Sub64(s1, m1, b)
	mask := -(c | (b ^ 1))
	return d1&mask | s1&^mask, d0&mask | s0&^mask
}

// subMod128 returns (a - y) mod m for a, y < m < 2^128.
func subMod128(a1, a0, y1, y0, m1, m0 uint64) (uint64, uint64) {
	d0, b := bits.Sub64(a0, y0, 0)
	d1, b := bits.Sub64(a1, y1, b)
	mask := -b
	d0, c := bits.Add64(d0, m0&mask, 0)
	d1, _ = bits.Add64(d1, m1&mask, c)
	return d1, d0
}
