package fpe

import (
	"encoding/binary"
	"math/bits"
)

// Uint128Job is one EncryptUint128 or DecryptUint128 call, for
// CryptUint128s.
type Uint128Job struct {
	Hi, Lo uint64 // the value; the result once run (0 on error)
	N      int    // numerals
	Tweak  []byte
	Err    error
}

// CryptUint128s runs EncryptUint128 (encrypt) or DecryptUint128 on every
// job, in place, with the same results and errors as one call each. The ten
// rounds of up to eight jobs run side by side, so their AES calls overlap:
// a round of one FF1 call must wait for its AES result, but eight such
// rounds cost little more than one. Jobs on a radix that is not a power of
// two, or too long for one machine word a half, run one by one.
func (c *FF1) CryptUint128s(jobs []Uint128Job, encrypt bool) {
	var ls [lanes]lane
	n := 0
	s := scratchPool.Get().(*scratch)
	for k := range jobs {
		j := &jobs[k]
		if !c.laneFits(j) {
			j.Hi, j.Lo, j.Err = c.cryptUint128(j.Hi, j.Lo, j.N, j.Tweak, encrypt)
			continue
		}
		ls[n] = c.newLane(s, j)
		if n++; n == lanes {
			c.runLanes(s, ls[:n], encrypt)
			n = 0
		}
	}
	if n > 0 {
		c.runLanes(s, ls[:n], encrypt)
	}
	clear(ls[:])
	s.wipe(false)
	scratchPool.Put(s)
}

// laneFits reports whether j is valid and takes the lanes' path: a radix
// that is a power of two, halves of at most fastV numerals.
func (c *FF1) laneFits(j *Uint128Job) bool {
	if !c.pow2 || j.N < c.minLen || j.N > c.fastV128 || len(j.Tweak) > MaxTweakLen || j.N-j.N/2 > c.fastV {
		return false
	}
	// The value must be below radix^n, as cryptUint128 checks.
	sh := c.log2 * uint(j.N)
	if sh >= 128 {
		return true
	}
	if sh >= 64 {
		return j.Hi>>(sh-64) == 0
	}
	return j.Hi == 0 && j.Lo>>sh == 0
}

// lane is one job's state in runLanes: the halves A and B as numbers, the
// PRF's state before a round's block, and the sizes.
type lane struct {
	job    *Uint128Job
	a, b   uint64
	h0, h1 uint64 // macPrefix
	mu, mv uint64 // radix^u, radix^v
	nb     int    // bytes of NUM(B)
	sh     uint   // bits of B
}

func (c *FF1) newLane(s *scratch, j *Uint128Job) lane {
	u := j.N / 2
	v := j.N - u
	l := lane{job: j, mu: c.pow[u], mv: c.pow[v], sh: c.log2 * uint(v)}
	l.a, l.b = j.Lo>>l.sh|j.Hi<<(64-l.sh), j.Lo&(1<<l.sh-1)
	l.nb = byteLen(bits.Len64(l.mv - 1))
	l.h0, l.h1 = c.macPrefix(s, j.Tweak, j.N, l.nb)
	return l
}

// runLanes runs the ten rounds of every lane side by side, as rounds64 runs
// those of one (power-of-two radix), and stores the results in the jobs.
func (c *FF1) runLanes(s *scratch, ls []lane, encrypt bool) {
	blk := &s.lanes
	for r := range rounds {
		i := r
		if !encrypt {
			i = rounds - 1 - r
		}
		for k := range ls {
			l := &ls[k]
			num := l.b // even rounds change A from B, odd ones B from A
			if i%2 == 1 {
				num = l.a
			}
			hi, lo := l.h0, l.h1^num
			if l.nb < 8 {
				lo ^= uint64(i) << (8 * l.nb)
			} else {
				hi ^= uint64(i)
			}
			binary.BigEndian.PutUint64(blk[k][0:8], hi)
			binary.BigEndian.PutUint64(blk[k][8:16], lo)
		}
		c.aes.encrypt(blk, len(ls))
		for k := range ls {
			l := &ls[k]
			m := l.mu
			if i%2 == 1 {
				m = l.mv
			}
			y := binary.BigEndian.Uint64(blk[k][0:8])
			if l.nb > 4 { // d = 12: the first 96 bits, reduced mod m
				y = y<<32 | binary.BigEndian.Uint64(blk[k][8:16])>>32
			}
			y &= m - 1
			switch {
			case i%2 == 0 && encrypt:
				l.a = addMod(l.a, y, m)
			case i%2 == 0:
				l.a = subMod(l.a, y, m)
			case encrypt:
				l.b = addMod(l.b, y, m)
			default:
				l.b = subMod(l.b, y, m)
			}
		}
	}
	for k := range ls {
		l := &ls[k]
		l.job.Hi, l.job.Lo, l.job.Err = l.a>>(64-l.sh), l.a<<l.sh|l.b, nil
	}
}
