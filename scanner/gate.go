package scanner

import (
	"math/bits"

	"github.com/veil-data/veil/detectors"
)

// The keyword gate. A detector none of whose matches can be reported
// without a keyword (ContextOnly, or AllNeedContext under a floor above
// Unlikely) need not be tried where no keyword is near. The single pass
// also stops at a byte each of its keywords holds that is rare in text (a
// probe byte), tests the two bytes beside it (trigrams), confirms the
// keywords there (meet) and remembers where they end; the detector is tried
// only where one ends within reach, instead of at every date, number and
// token. A skipped try changes nothing: the match would have been dropped,
// and a dropped match hides nothing (see rangeState.try).

// gateMaxRank is the highest byteRank a gate byte may have: a keyword whose
// every byte is commoner than this ("rtn", "npi") leaves its detector
// ungated: searching for such a byte costs more than the tries it saves.
var gateMaxRank = byteRank['w']

// gateProbe is what the gate knows of one raw probe byte (Scanner.probeOf
// maps the byte to it): the keywords that hold it, and the bytes beside it
// in them.
type gateProbe struct {
	hits []gateHit
	tri  trigrams
}

// trigrams is mayMeet's first test of an occurrence of a probe byte: the
// two normalized bytes a keyword has beside it, folded to six bits. mid[x]
// has bit y when a keyword has x before the probe byte and y after it;
// first[y] has bit z for y, z after it (a keyword starting there); last[w]
// has bit x for w, x before it (a keyword ending there).
type trigrams struct {
	mid, first, last [64]uint64
}

// add records the bytes beside t[off].
func (tr *trigrams) add(t []byte, off int) {
	switch {
	case off > 0 && off+1 < len(t):
		tr.mid[t[off-1]&63] |= 1 << (t[off+1] & 63)
	case off+2 < len(t):
		tr.first[t[off+1]&63] |= 1 << (t[off+2] & 63)
	case off+1 < len(t):
		tr.first[t[off+1]&63] = ^uint64(0)
	case off >= 2:
		tr.last[t[off-2]&63] |= 1 << (t[off-1] & 63)
	case off == 1:
		for w := range tr.last {
			tr.last[w] |= 1 << (t[0] & 63)
		}
	default:
		for x := range tr.mid {
			tr.mid[x] = ^uint64(0)
		}
	}
}

// has reports whether the bytes around b[q] can be a keyword's.
func (tr *trigrams) has(b []byte, q int) bool {
	p1, n1 := norm[at(b, q-1)]&63, norm[at(b, q+1)]&63
	return (tr.mid[p1]>>n1|tr.first[n1]>>(norm[at(b, q+2)]&63)|tr.last[norm[at(b, q-2)]&63]>>p1)&1 != 0
}

// gateHit is a keyword of a gated detector whose gate byte sits at off.
type gateHit struct {
	di  int
	kw  *keyword
	off int
}

// buildGate chooses the gated detectors and their probes. New calls it once
// the options (the floor) are known.
func (s *Scanner) buildGate() {
	byByte := map[byte][]gateHit{}
	var order []byte
	for di, d := range s.dets {
		ks := &s.keywords[di]
		if !(d.ContextOnly || d.AllNeedContext && s.min > detectors.Unlikely) || len(ks.kws) == 0 {
			continue
		}
		var hits []gateHit
		for k := range ks.kws {
			kw := &ks.kws[k]
			off := gateOffset(kw.text)
			if off < 0 {
				hits = nil
				break
			}
			hits = append(hits, gateHit{di: di, kw: kw, off: off})
		}
		if hits == nil {
			continue
		}
		s.gated |= 1 << di
		s.gateReach = max(s.gateReach, ks.reach+ks.maxLen)
		for _, h := range hits {
			c := h.kw.text[h.off]
			for _, raw := range []byte{c, c &^ 0x20} {
				if norm[raw] != c {
					continue
				}
				if _, ok := byByte[raw]; !ok {
					order = append(order, raw)
				}
				byByte[raw] = append(byByte[raw], h)
			}
		}
	}
	for _, c := range order {
		pr := gateProbe{hits: byByte[c]}
		for _, h := range pr.hits {
			pr.tri.add(h.kw.text, h.off)
		}
		s.gateProbes = append(s.gateProbes, pr)
		s.probeOf[c] = uint8(len(s.gateProbes))
		s.anchor[c] = aGate
	}
}

// gateOffset returns the index of the rarest letter or digit of a
// normalized keyword, or -1 when even that one is too common to search for.
func gateOffset(text []byte) int {
	best := -1
	for j, c := range text {
		if !detectors.IsAlnum(c) {
			continue
		}
		if best < 0 || byteRank[c] < byteRank[text[best]] {
			best = j
		}
	}
	if best < 0 || byteRank[text[best]] > gateMaxRank {
		return -1
	}
	return best
}

// gateRing is how many recent keyword occurrences a range remembers.
const gateRing = 8

// gateBack is how far before the single pass's position a try can be (a
// token start) plus how far before a try a keyword may end: an occurrence
// ending earlier can no longer matter.
const gateBack = 66 + detectors.KeywordReach

// gateState is a range's view of the gate: which detectors it skips where
// no keyword is near, and the keywords the single pass has met.
type gateState struct {
	on   uint64 // gated detectors without a keyword in the column name
	n    int    // occurrences met so far
	last int    // the furthest end among them
	ends [gateRing]int
	dets [gateRing]uint8
}

// gateOn returns the gated detectors for a value in ctx.
func (s *Scanner) gateOn(ctx *Context) uint64 {
	on := s.gated
	for m := on; m != 0; m &= m - 1 {
		di := bits.TrailingZeros64(m)
		if ctx.hasKeyword(di) {
			on &^= 1 << di
		}
	}
	return on
}

// live returns the detectors a try from the single pass at i may need:
// all but the gated ones when no keyword has ended recently enough.
func (g *gateState) live(i int) uint64 {
	if g.on == 0 || g.last >= i-gateBack {
		return ^uint64(0)
	}
	return ^g.on
}

// skip reports whether the try of detector di at p can be left out: it is
// gated and no keyword of it ends within reach before p.
func (st *rangeState) skip(di, p int) bool {
	g := &st.gate
	if g.on&(1<<di) == 0 {
		return false
	}
	reach := st.s.keywords[di].reach
	for k := max(0, g.n-gateRing); k < g.n; k++ {
		e := g.ends[k%gateRing]
		if int(g.dets[k%gateRing]) == di && e <= p && e >= p-reach {
			return false
		}
	}
	return true
}

// gateFrom meets the probe bytes in b[from:to], for a range that starts
// after keywords its tries may see.
func (st *rangeState) gateFrom(from, to int) {
	for q := from; q < to; q++ {
		if st.s.probeOf[st.b[q]] != 0 && st.s.mayMeet(st.b, q) {
			st.meet(q)
		}
	}
}

// mayMeet is the first test of a probe byte at q: the bytes beside it are
// those a keyword has beside it.
func (s *Scanner) mayMeet(b []byte, q int) bool {
	return s.gateProbes[s.probeOf[b[q]]-1].tri.has(b, q)
}

// meet records the keywords of gated detectors that hold the probe byte at
// q. When the ring would lose an occurrence a try may still need, the gate
// turns off for the rest of the range.
func (st *rangeState) meet(q int) {
	g, b := &st.gate, st.b
	pr := &st.s.gateProbes[st.s.probeOf[b[q]]-1]
	for _, h := range pr.hits {
		if g.on&(1<<h.di) == 0 {
			continue
		}
		start := q - h.off
		end := start + len(h.kw.text)
		if start < 0 || end > len(b) || !equalNorm(b[start:end], h.kw.text) {
			continue
		}
		if !h.kw.fits(b, start, end) {
			continue
		}
		k := g.n % gateRing
		if g.n >= gateRing && g.ends[k] >= q-gateBack {
			g.on = 0
			return
		}
		g.ends[k], g.dets[k] = end, uint8(h.di)
		g.n++
		g.last = max(g.last, end)
	}
}
