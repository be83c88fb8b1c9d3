package fpe

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sync/atomic"
)

// The word-sized paths. When radix^v < 2^64 (the uint64 path) or < 2^128
// (the two-word path) the halves, NUM_radix, the round's y and the modular
// sums all fit one or two machine words, so a round is one AES call (two or
// three for the longest two-word inputs) and a few multiplications. They
// compute exactly what cryptBig computes; the tests compare the two.

// tables holds what the word-sized paths precompute for one cipher.
type tables struct {
	// div64[k] divides by radix^k for 1 <= k <= fastV; div128[k] reduces by
	// radix^k for fastV < k <= fastV128.
	div64  []div64
	div128 []div128
	// ps caches AES_K(P), the CBC-MAC state after FF1's first block, per
	// length and tweak length (see pState).
	ps [psSlots]atomic.Pointer[pEntry]
}

// psSlots is the size of the direct-mapped AES_K(P) cache.
const psSlots = 128

// pEntry is one cached AES_K(P). It is immutable once published.
type pEntry struct {
	key    uint32 // n<<16 | t
	h0, h1 uint64
}

// initTables fills the fast-path fields of c; pow and fastV are set.
func (c *FF1) initTables() {
	r := c.radix
	c.pow2 = r&(r-1) == 0
	c.log2 = uint(bits.TrailingZeros64(r))
	c.recip32 = ^uint64(0)/r + 1 // ceil(2^64/r); unused for powers of two
	c.k32 = 1
	for c.k32 < c.fastV && c.pow[c.k32+1] < 1<<32 {
		c.k32++
	}

	t := &tables{div64: make([]div64, c.fastV+1)}
	for k := 1; k <= c.fastV; k++ {
		t.div64[k] = newDiv64(c.pow[k])
	}
	// radix^k for k > fastV, while it stays below 2^128.
	hi, lo := uint64(0), c.pow[c.fastV]
	c.fastV128 = c.fastV
	var d128 []div128
	for k := c.fastV + 1; ; k++ {
		h, l := bits.Mul64(lo, r)
		carry, h2 := bits.Mul64(hi, r)
		h2, cc := bits.Add64(h2, h, 0)
		if carry != 0 || cc != 0 {
			break
		}
		hi, lo = h2, l
		if d128 == nil {
			d128 = make([]div128, c.fastV+1, 2*c.fastV+2)
		}
		d128 = append(d128, newDiv128(hi, lo))
		c.fastV128 = k
	}
	t.div128 = d128
	c.tab = t
}

// enc enciphers the block hi:lo (big-endian words) with AES, through s.blk.
func (c *FF1) enc(s *scratch, hi, lo uint64) (uint64, uint64) {
	binary.BigEndian.PutUint64(s.blk[0:8], hi)
	binary.BigEndian.PutUint64(s.blk[8:16], lo)
	c.block.Encrypt(s.blk[:], s.blk[:])
	return binary.BigEndian.Uint64(s.blk[0:8]), binary.BigEndian.Uint64(s.blk[8:16])
}

// pState returns AES_K(P), the PRF's chaining value after its first block
//
//	P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4,
//
// which depends only on the key, the radix, the length n (u is n/2) and the
// tweak length t. It is cached per (n, t): the cache holds no numerals and
// no tweak bytes.
func (c *FF1) pState(s *scratch, n, t int) (uint64, uint64) {
	key := uint32(n)<<16 | uint32(t)
	slot := &c.tab.ps[(uint32(n)*7+uint32(t))%psSlots]
	if e := slot.Load(); e != nil && e.key == key {
		return e.h0, e.h1
	}
	p0 := 1<<56 | 2<<48 | 1<<40 | c.radix<<16 | rounds<<8 | uint64(byte(n/2))
	p1 := uint64(n)<<32 | uint64(t)
	h0, h1 := c.enc(s, p0, p1)
	slot.Store(&pEntry{key: key, h0: h0, h1: h1})
	return h0, h1
}

// macPrefix runs the PRF over P and over the blocks of
//
//	Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM(B)]^b
//
// that are the same in every round, and returns the chaining value XORed
// with the constant leading bytes (tweak tail, zeros) of the first block
// that changes per round: a round XORs in [i] and NUM(B) and enciphers.
func (c *FF1) macPrefix(s *scratch, tweak []byte, n, b int) (uint64, uint64) {
	t := len(tweak)
	h0, h1 := c.pState(s, n, t)
	pad := (16 - (t+b+1)%16) % 16
	start := (t + pad) &^ 15
	for off := 0; off < start; off += 16 {
		w0, w1 := load16(tweak, off)
		h0, h1 = c.enc(s, h0^w0, h1^w1)
	}
	w0, w1 := load16(tweak, start)
	return h0 ^ w0, h1 ^ w1
}

// load16 returns the 16 bytes of p from off, zero past its end, as two
// big-endian words.
func load16(p []byte, off int) (uint64, uint64) {
	var blk [16]byte
	if off < len(p) {
		copy(blk[:], p[off:])
	}
	return binary.BigEndian.Uint64(blk[0:8]), binary.BigEndian.Uint64(blk[8:16])
}

// cryptFast64 handles radix^v < 2^64 on numerals.
func (c *FF1) cryptFast64(s *scratch, dst, x []uint16, tweak []byte, u, v int, encrypt bool) []uint16 {
	n := u + v
	a, b := c.rounds64(s, c.num64(x[:u]), c.num64(x[u:]), tweak, u, v, encrypt)
	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	c.str64(out[:u], a)
	c.str64(out[u:], b)
	return dst[:len(dst)+n]
}

// rounds64 runs the ten rounds for radix^v < 2^64 on a = NUM(A) and b =
// NUM(B). Then b <= 8 and d <= 12: one AES call a round, on a block of Q
// that holds [i] and NUM(B).
func (c *FF1) rounds64(s *scratch, a, b uint64, tweak []byte, u, v int, encrypt bool) (uint64, uint64) {
	n := u + v
	nb := byteLen(bits.Len64(c.pow[v] - 1))
	h0, h1 := c.macPrefix(s, tweak, n, nb)
	du, dv := &c.tab.div64[u], &c.tab.div64[v]
	wide := nb > 4 // d = 12 rather than 8
	pow2 := c.pow2
	block, blk := c.block, &s.blk

	// y returns NUM(S) mod m for round i, NUM(B) being num.
	y := func(i int, num uint64, m *div64) uint64 {
		hi, lo := h0, h1^num
		if nb < 8 {
			lo ^= uint64(i) << (8 * nb)
		} else {
			hi ^= uint64(i)
		}
		binary.BigEndian.PutUint64(blk[0:8], hi)
		binary.BigEndian.PutUint64(blk[8:16], lo)
		block.Encrypt(blk[:], blk[:])
		r0 := binary.BigEndian.Uint64(blk[0:8])
		if wide {
			r1 := binary.BigEndian.Uint64(blk[8:16])
			if pow2 {
				return (r0<<32 | r1>>32) & (m.m - 1)
			}
			return m.rem96(r0>>32, r0<<32|r1>>32)
		}
		if pow2 {
			return r0 & (m.m - 1)
		}
		return m.rem64(r0)
	}

	if encrypt {
		for i := 0; i < rounds; i += 2 {
			a = addMod(a, y(i, b, du), du.m) // m = u
			b = addMod(b, y(i+1, a, dv), dv.m)
		}
	} else {
		for i := rounds - 1; i > 0; i -= 2 {
			b = subMod(b, y(i, a, dv), dv.m)
			a = subMod(a, y(i-1, b, du), du.m)
		}
	}
	return a, b
}

// cryptFast128 handles 2^64 <= radix^v < 2^128 on numerals.
func (c *FF1) cryptFast128(s *scratch, dst, x []uint16, tweak []byte, u, v int, encrypt bool) []uint16 {
	n := u + v
	a1, a0 := c.num128(x[:u])
	b1, b0 := c.num128(x[u:])
	a1, a0, b1, b0 = c.rounds128(s, a1, a0, b1, b0, tweak, u, v, encrypt)
	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	c.str128(out[:u], a1, a0)
	c.str128(out[u:], b1, b0)
	return dst[:len(dst)+n]
}

// rounds128 runs the ten rounds for 2^64 <= radix^v < 2^128 on a1:a0 =
// NUM(A) and b1:b0 = NUM(B). Then b <= 16 and d <= 20: a round is one AES
// call, one more when b = 16 (the round's part of Q spans two blocks) and
// one more when d = 20 (S takes a second block).
func (c *FF1) rounds128(s *scratch, a1, a0, b1, b0 uint64, tweak []byte, u, v int, encrypt bool) (uint64, uint64, uint64, uint64) {
	n := u + v
	dv := &c.tab.div128[v]
	// b: bytes of radix^v - 1, which is at least 2^64 - 1.
	m1 := dv.m1
	if dv.m0 == 0 {
		m1--
	}
	nb := 8
	if m1 != 0 {
		nb = byteLen(64 + bits.Len64(m1))
	}
	d := 4*((nb+3)/4) + 4
	h0, h1 := c.macPrefix(s, tweak, n, nb)

	// mu1:mu0 = radix^u, which may be below 2^64 (u = fastV).
	var mu1, mu0 uint64
	var du64 *div64
	var du128 *div128
	if u <= c.fastV {
		du64 = &c.tab.div64[u]
		mu0 = du64.m
	} else {
		du128 = &c.tab.div128[u]
		mu1, mu0 = du128.m1, du128.m0
	}

	// y returns NUM(S) mod radix^m (m = u for even rounds, v for odd) for
	// round i, NUM(B) being num1:num0.
	y := func(i int, num1, num0 uint64) (uint64, uint64) {
		var r0, r1 uint64
		if nb < 16 {
			hi, lo := h0^num1, h1^num0
			if nb < 8 {
				lo ^= uint64(i) << (8 * nb)
			} else {
				hi ^= uint64(i) << (8*nb - 64)
			}
			r0, r1 = c.enc(s, hi, lo)
		} else {
			r0, r1 = c.enc(s, h0, h1^uint64(i))
			r0, r1 = c.enc(s, r0^num1, r1^num0)
		}
		// NUM(S) for S the first d bytes of R || CIPH(R xor [1]^16). For
		// d = 20 that is R*2^32 + e with e the top 32 bits of the second
		// block: R*2^32 is reduced while that block is enciphered (the two
		// do not depend on each other), and e added after.
		var x2, x1, x0, e uint64
		switch d {
		case 8:
			x0 = r0
		case 12:
			x1, x0 = r0>>32, r0<<32|r1>>32
		case 16:
			x1, x0 = r0, r1
		default: // 20
			e0, _ := c.enc(s, r0, r1^1)
			e = e0 >> 32
			x2, x1, x0 = r0>>32, r0<<32|r1>>32, r1<<32
		}
		m1, m0 := mu1, mu0
		if i%2 == 1 {
			m1, m0 = dv.m1, dv.m0
		}
		var y1, y0 uint64
		switch {
		case c.pow2:
			return x1 & (m1 - borrow(m0)), (x0 | e) & (m0 - 1)
		case i%2 == 1:
			y1, y0 = dv.rem192(x2, x1, x0)
		case du64 != nil:
			y0 = du64.rem192(x2, x1, x0)
		default:
			y1, y0 = du128.rem192(x2, x1, x0)
		}
		// e < 2^32 < radix^m (m >= fastV here), so one subtraction of
		// radix^m at most reduces the sum.
		return addMod128(y1, y0, 0, e, m1, m0)
	}

	if encrypt {
		for i := 0; i < rounds; i += 2 {
			y1, y0 := y(i, b1, b0)
			a1, a0 = addMod128(a1, a0, y1, y0, mu1, mu0)
			y1, y0 = y(i+1, a1, a0)
			b1, b0 = addMod128(b1, b0, y1, y0, dv.m1, dv.m0)
		}
	} else {
		for i := rounds - 1; i > 0; i -= 2 {
			y1, y0 := y(i, a1, a0)
			b1, b0 = subMod128(b1, b0, y1, y0, dv.m1, dv.m0)
			y1, y0 = y(i-1, b1, b0)
			a1, a0 = subMod128(a1, a0, y1, y0, mu1, mu0)
		}
	}
	return a1, a0, b1, b0
}

// borrow is 1 if x is 0, else 0: the borrow out of the low word of m - 1.
func borrow(x uint64) uint64 {
	_, b := bits.Sub64(x, 1, 0)
	return b
}

// num64 returns NUM_radix(x), for radix^len(x) < 2^64.
func (c *FF1) num64(x []uint16) uint64 {
	var z uint64
	if c.pow2 {
		for _, d := range x {
			z = z<<c.log2 | uint64(d)
		}
		return z
	}
	for _, d := range x {
		z = z*c.radix + uint64(d)
	}
	return z
}

// num128 returns NUM_radix(x), for radix^len(x) < 2^128.
func (c *FF1) num128(x []uint16) (hi, lo uint64) {
	if c.pow2 {
		sh := c.log2
		for _, d := range x {
			hi = hi<<sh | lo>>(64-sh)
			lo = lo<<sh | uint64(d)
		}
		return hi, lo
	}
	for _, d := range x {
		h, l := bits.Mul64(lo, c.radix)
		var cc uint64
		lo, cc = bits.Add64(l, uint64(d), 0)
		hi = hi*c.radix + h + cc
	}
	return hi, lo
}

// str64 writes STR^len(out)_radix(z) into out, for z < radix^len(out).
func (c *FF1) str64(out []uint16, z uint64) {
	if c.pow2 {
		mask := c.radix - 1
		for j := len(out) - 1; j >= 0; j-- {
			out[j] = uint16(z & mask)
			z >>= c.log2
		}
		return
	}
	// Peel off k32 numerals at a time, then convert each 32-bit piece.
	k := c.k32
	m := len(out)
	dk := &c.tab.div64[k]
	for m > k {
		var r uint64
		z, r = dk.divmod64(z)
		c.str32(out[m-k:m], r)
		m -= k
	}
	c.str32(out[:m], z)
}

// str128 writes STR^len(out)_radix(hi:lo) into out, for hi:lo <
// radix^len(out).
func (c *FF1) str128(out []uint16, hi, lo uint64) {
	if c.pow2 {
		mask, sh := c.radix-1, c.log2
		for j := len(out) - 1; j >= 0; j-- {
			out[j] = uint16(lo & mask)
			lo = lo>>sh | hi<<(64-sh)
			hi >>= sh
		}
		return
	}
	k := c.k32
	m := len(out)
	dk := &c.tab.div64[k]
	for m > c.fastV {
		var r uint64
		hi, lo, r = dk.divmod128(hi, lo)
		c.str32(out[m-k:m], r)
		m -= k
	}
	c.str64(out[:m], lo)
}

// str32 writes STR^len(out)_radix(z) into out, for z < 2^32, dividing by
// the radix with a multiplication by recip32 = ceil(2^64/radix): Lemire,
// Kaser and Kurz, "Faster remainder by direct computation" (2019), exact for
// 32-bit z.
func (c *FF1) str32(out []uint16, z uint64) {
	r, rc := c.radix, c.recip32
	for j := len(out) - 1; j >= 0; j-- {
		q, _ := bits.Mul64(rc, z)
		out[j] = uint16(z - q*r)
		z = q
	}
}
