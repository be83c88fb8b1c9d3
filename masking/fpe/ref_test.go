package fpe

import (
	"crypto/aes"
	"math/big"
)

// refFF1 is a deliberately literal transcription of Algorithms 7 and 8 of
// NIST SP 800-38G (FF1.Encrypt, FF1.Decrypt): whole byte strings, math/big
// throughout, no precomputation. It shares no code with the package, so the
// optimised paths are checked against an independent reading of the spec.
func refFF1(key []byte, radix int, tweak []byte, x []uint16, encrypt bool) []uint16 {
	blk, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	ciph := func(in []byte) []byte {
		out := make([]byte, 16)
		blk.Encrypt(out, in)
		return out
	}
	prf := func(x []byte) []byte { // CBC-MAC, zero IV
		y := make([]byte, 16)
		for j := 0; j < len(x); j += 16 {
			for k := 0; k < 16; k++ {
				y[k] ^= x[j+k]
			}
			y = ciph(y)
		}
		return y
	}
	bigRadix := big.NewInt(int64(radix))
	numRadix := func(x []uint16) *big.Int {
		z := new(big.Int)
		for _, d := range x {
			z.Mul(z, bigRadix)
			z.Add(z, big.NewInt(int64(d)))
		}
		return z
	}
	strRadix := func(m int, z *big.Int) []uint16 {
		out := make([]uint16, m)
		z = new(big.Int).Set(z)
		r := new(big.Int)
		for i := m - 1; i >= 0; i-- {
			z.QuoRem(z, bigRadix, r)
			out[i] = uint16(r.Int64())
		}
		return out
	}
	pow := func(e int) *big.Int { return new(big.Int).Exp(bigRadix, big.NewInt(int64(e)), nil) }

	n, t := len(x), len(tweak)
	u := n / 2
	v := n - u
	A := append([]uint16(nil), x[:u]...)
	B := append([]uint16(nil), x[u:]...)
	// b = ceil(ceil(v*log2(radix))/8): ceil(v*log2(radix)) is the least k
	// with 2^k >= radix^v.
	rv := pow(v)
	k := 0
	for new(big.Int).Lsh(big.NewInt(1), uint(k)).Cmp(rv) < 0 {
		k++
	}
	b := (k + 7) / 8
	d := 4*((b+3)/4) + 4
	P := []byte{1, 2, 1, byte(radix >> 16), byte(radix >> 8), byte(radix), 10, byte(u % 256),
		byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n),
		byte(t >> 24), byte(t >> 16), byte(t >> 8), byte(t)}
	padLen := ((-t-b-1)%16 + 16) % 16

	roundY := func(i int, half []uint16) *big.Int {
		Q := append([]byte(nil), tweak...)
		Q = append(Q, make([]byte, padLen)...)
		Q = append(Q, byte(i))
		nb := numRadix(half).Bytes()
		Q = append(Q, make([]byte, b-len(nb))...)
		Q = append(Q, nb...)
		R := prf(append(append([]byte(nil), P...), Q...))
		S := append([]byte(nil), R...)
		for j := 1; len(S) < d; j++ {
			xj := make([]byte, 16)
			big.NewInt(int64(j)).FillBytes(xj)
			for k := range xj {
				xj[k] ^= R[k]
			}
			S = append(S, ciph(xj)...)
		}
		return new(big.Int).SetBytes(S[:d])
	}
	mFor := func(i int) int {
		if i%2 == 0 {
			return u
		}
		return v
	}
	if encrypt {
		for i := 0; i < 10; i++ {
			m := mFor(i)
			c := new(big.Int).Add(numRadix(A), roundY(i, B))
			c.Mod(c, pow(m))
			A, B = B, strRadix(m, c)
		}
	} else {
		for i := 9; i >= 0; i-- {
			m := mFor(i)
			c := new(big.Int).Sub(numRadix(B), roundY(i, A))
			c.Mod(c, pow(m))
			B, A = A, strRadix(m, c)
		}
	}
	return append(A, B...)
}
