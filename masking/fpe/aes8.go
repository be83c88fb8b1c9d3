package fpe

import (
	"crypto/cipher"
	"encoding/binary"
)

// lanes is how many independent AES blocks aes8 enciphers in one call.
// AES-NI takes several cycles per round of one block but can start a round
// of another block every cycle, so eight blocks cost little more than one.
const lanes = 8

// aes8 enciphers up to eight independent blocks at once: the rounds of
// several FF1 calls, run side by side (see cryptLanes).
type aes8 struct {
	rk    []byte // the expanded key: 16 bytes per round key, FIPS 197 order
	nr    int    // rounds: 10, 12 or 14
	block cipher.Block
}

// newAES8 expands key (16, 24 or 32 bytes) for aes8; block is the same key
// as crypto/aes holds it, for the portable path.
func newAES8(key []byte, block cipher.Block) *aes8 {
	nk := len(key) / 4
	nr := nk + 6
	w := make([]uint32, 4*(nr+1))
	for i := range nk {
		w[i] = binary.BigEndian.Uint32(key[4*i:])
	}
	rcon := uint32(1)
	for i := nk; i < len(w); i++ {
		t := w[i-1]
		switch {
		case i%nk == 0:
			t = subWord(t<<8|t>>24) ^ rcon<<24
			rcon = uint32(xtime(byte(rcon)))
		case nk > 6 && i%nk == 4:
			t = subWord(t)
		}
		w[i] = w[i-nk] ^ t
	}
	rk := make([]byte, 4*len(w))
	for i, x := range w {
		binary.BigEndian.PutUint32(rk[4*i:], x)
	}
	clear(w)
	return &aes8{rk: rk, nr: nr, block: block}
}

// encrypt enciphers the first n blocks of b in place.
func (a *aes8) encrypt(b *[lanes][16]byte, n int) {
	if useAES8 {
		encrypt8(&a.rk[0], a.nr, b)
		return
	}
	for i := range n {
		a.block.Encrypt(b[i][:], b[i][:])
	}
}

// xtime multiplies by x in GF(2^8).
func xtime(b byte) byte {
	if b&0x80 != 0 {
		return b<<1 ^ 0x1b
	}
	return b << 1
}

func subWord(x uint32) uint32 {
	return uint32(sbox[x>>24])<<24 | uint32(sbox[x>>16&0xff])<<16 | uint32(sbox[x>>8&0xff])<<8 | uint32(sbox[x&0xff])
}

// sbox is the AES S-box, computed (inverse in GF(2^8), then the affine map)
// rather than typed in.
var sbox = func() (s [256]byte) {
	rotl := func(x byte, k uint) byte { return x<<k | x>>(8-k) }
	p, q := byte(1), byte(1)
	for {
		p ^= xtime(p) // p * 3
		q ^= q << 1   // q / 3
		q ^= q << 2
		q ^= q << 4
		if q&0x80 != 0 {
			q ^= 0x09
		}
		s[p] = q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63
		if p == 1 {
			break
		}
	}
	s[0] = 0x63
	return s
}()
