package fpe

import "math/bits"

// EncryptUint128 is Encrypt for a caller that holds the number rather than
// the numerals: it enciphers the n numerals whose value NUM_radix (most
// significant numeral first) is hi:lo, and returns the value of the n
// numerals Encrypt would return. The result is the same; the conversions
// to and from numerals are skipped. A radix-2 caller, say, passes a bit
// string as the integer it spells.
//
// radix^n must be below 2^128 (n at most MaxLenUint128), else the error is
// ErrTooLong; a value not below radix^n gets ErrInvalidNumeral. Other errors
// are as for Encrypt; on error the result is 0. Neither the value nor the
// tweak is retained, logged, or quoted in an error.
func (c *FF1) EncryptUint128(hi, lo uint64, n int, tweak []byte) (uint64, uint64, error) {
	return c.cryptUint128(hi, lo, n, tweak, true)
}

// DecryptUint128 inverts EncryptUint128, as Decrypt inverts Encrypt.
func (c *FF1) DecryptUint128(hi, lo uint64, n int, tweak []byte) (uint64, uint64, error) {
	return c.cryptUint128(hi, lo, n, tweak, false)
}

// MaxLenUint128 returns the most numerals EncryptUint128 and DecryptUint128
// accept: the largest n with radix^n < 2^128 (127 for radix 2, 38 for 10, 21
// for 62).
func (c *FF1) MaxLenUint128() int { return c.fastV128 }

func (c *FF1) cryptUint128(hi, lo uint64, n int, tweak []byte, encrypt bool) (uint64, uint64, error) {
	switch {
	case n < c.minLen:
		return 0, 0, ErrTooShort
	case n > c.fastV128:
		return 0, 0, ErrTooLong
	case len(tweak) > MaxTweakLen:
		return 0, 0, ErrTweakTooLong
	}
	// The value must be below radix^n.
	m1, m0 := uint64(0), c.pow[min(n, c.fastV)]
	if n > c.fastV {
		m1, m0 = c.tab.div128[n].m1, c.tab.div128[n].m0
	}
	_, b := bits.Sub64(lo, m0, 0)
	if _, b = bits.Sub64(hi, m1, b); b == 0 { // no borrow: hi:lo >= radix^n
		return 0, 0, ErrInvalidNumeral
	}
	u := n / 2
	v := n - u

	// Split x = A*radix^v + B, run the rounds on NUM(A) and NUM(B), join.
	// NUM(A) < radix^u < 2^64 in both cases, as radix^n < 2^128.
	s := scratchPool.Get().(*scratch)
	if v <= c.fastV {
		var a, b uint64
		if c.pow2 {
			sh := c.log2 * uint(v) // < 64
			a, b = lo>>sh|hi<<(64-sh), lo&(1<<sh-1)
			a, b = c.rounds64(s, a, b, tweak, u, v, encrypt)
			hi, lo = a>>(64-sh), a<<sh|b
		} else {
			_, a, b = c.tab.div64[v].divmod128(hi, lo)
			a, b = c.rounds64(s, a, b, tweak, u, v, encrypt)
			var cc uint64
			hi, lo = bits.Mul64(a, c.pow[v])
			lo, cc = bits.Add64(lo, b, 0)
			hi += cc
		}
	} else {
		dv := &c.tab.div128[v]
		var a, b1, b0 uint64
		if c.pow2 {
			sh := c.log2*uint(v) - 64 // < 64
			a, b1, b0 = hi>>sh, hi&(1<<sh-1), lo
			_, a, b1, b0 = c.rounds128(s, 0, a, b1, b0, tweak, u, v, encrypt)
			hi, lo = a<<sh|b1, b0
		} else {
			a, b1, b0 = dv.divmod128(hi, lo)
			_, a, b1, b0 = c.rounds128(s, 0, a, b1, b0, tweak, u, v, encrypt)
			var cc uint64
			hi, lo = bits.Mul64(a, dv.m0)
			hi += a * dv.m1
			lo, cc = bits.Add64(lo, b0, 0)
			hi += b1 + cc
		}
	}
	s.wipe(false)
	scratchPool.Put(s)
	return hi, lo, nil
}
