package scanner

import (
	"bytes"
	"math/bits"

	"github.com/veil-data/veil/detectors"
)

// Anchor classes of the single pass.
const (
	aNone   = 0
	aDigit  = 1
	aHexSep = 2
	aAt     = 4
	aGate   = 8 // a probe byte of the keyword gate (Scanner.anchor only)
)

var anchorClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = aDigit
	}
	t[':'], t['-'], t['.'] = aHexSep, aHexSep, aHexSep
	t['@'] = aAt
	return t
}()

// Find appends to dst every match in b, sorted by start. It allocates
// nothing when dst has room.
func (s *Scanner) Find(dst []Match, b []byte, ctx Context) []Match {
	n0 := len(dst)
	dst = s.findRange(dst, b, 0, len(b), &ctx)
	dst = s.findWhole(dst, b, &ctx)
	return finish(dst, n0)
}

// findWhole runs what cannot be split at line breaks: multi-line detectors
// and custom identifiers.
func (s *Scanner) findWhole(dst []Match, b []byte, ctx *Context) []Match {
	dst = s.findAllLiterals(dst, b, 0, len(b), s.multiline, ctx)
	return s.findCustom(dst, b, ctx)
}

// findRange appends the matches of every single-line detector that start in
// b[lo:hi]. Matches may extend past hi; detectors may look anywhere in b.
func (s *Scanner) findRange(dst []Match, b []byte, lo, hi int, ctx *Context) []Match {
	st := rangeState{s: s, b: b, lo: lo, hi: hi, ctx: *ctx, dst: dst, joined: -1}
	if s.gated != 0 {
		st.gate.on = s.gateOn(ctx)
		if st.gate.on != 0 {
			st.gateFrom(max(0, lo-s.gateReach), lo)
		}
	}
	for i := range st.cur {
		st.cur[i] = lo
	}
	i := lo
	if i > 0 {
		// lo may fall inside a digit run: its start belongs to the chunk
		// before. Every later digit the loop meets starts a run.
		for i < hi && anchorClass[b[i]] == aDigit && anchorClass[b[i-1]] == aDigit {
			i++
		}
	}
	in := b[:hi]
	for ; i < len(in); i++ {
		switch s.anchor[in[i]] {
		case aNone:
		case aDigit:
			i = st.digitRun(i) - 1
		case aHexSep:
			// Every hex-separated form goes on with a hex digit, or is "::".
			if i+1 < len(b) && (detectors.IsHex(b[i+1]) || b[i+1] == ':' && in[i] == ':') {
				st.hexSep(i)
			}
		case aAt:
			st.email(i)
		case aGate:
			if st.gate.on != 0 && s.mayMeet(b, i) {
				st.meet(i)
			}
		}
	}
	return s.findAllLiterals(st.dst, b, lo, hi, s.literal, ctx)
}

// shortRange is the longest range whose bytes findAllLiterals gathers
// first: a cell of a table, say, where most literal detectors can be ruled
// out at once instead of being searched for one by one.
const shortRange = 256

// findAllLiterals runs the literal detectors dis over b[lo:hi]. In a short
// range a detector none of whose literals' rarest bytes occurs is skipped.
func (s *Scanner) findAllLiterals(dst []Match, b []byte, lo, hi int, dis []int, ctx *Context) []Match {
	var seen byteSet
	short := hi-lo <= shortRange
	if short {
		for _, c := range b[lo:hi] {
			seen.add(c)
		}
	}
	for _, di := range dis {
		if short && !seen.meets(&s.rareSet[di]) {
			continue
		}
		dst = s.findLiterals(dst, b, lo, hi, di, ctx)
	}
	return dst
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (bs *byteSet) add(c byte) { bs[c>>6] |= 1 << (c & 63) }

// meets reports whether bs and o share a byte.
func (bs *byteSet) meets(o *byteSet) bool {
	return bs[0]&o[0]|bs[1]&o[1]|bs[2]&o[2]|bs[3]&o[3] != 0
}

// rangeState is the per-call state of findRange.
type rangeState struct {
	s      *Scanner
	b      []byte
	lo, hi int
	ctx    Context
	dst    []Match
	cur    [maxDetectors]int // per detector: where its last reported match ended
	joined int               // where a hex group joined to a standalone one starts
	gate   gateState
}

// try runs detector di at p, unless p is outside the range, inside the
// detector's last reported match, or where the keyword gate rules it out.
// A match emit drops (for want of context, say) hides nothing: a later
// candidate inside it is still tried.
func (st *rangeState) try(di, p int) {
	if p < st.lo || p >= st.hi || p < st.cur[di] || st.skip(di, p) {
		return
	}
	if end, f := st.s.dets[di].MatchAt(st.b, p); end >= 0 {
		n := len(st.dst)
		st.dst = st.s.emit(st.dst, st.b, di, p, end, f, &st.ctx)
		if len(st.dst) > n {
			st.cur[di] = max(end, p+1)
		}
	}
}

// digitRun handles the digit run starting at d and returns its end.
func (st *rangeState) digitRun(d int) int {
	s, b := st.s, st.b
	j := d + 1
	for j < len(b) && anchorClass[b[j]] == aDigit {
		j++
	}
	var next, b1, b2 byte
	if j < len(b) {
		next = b[j]
	}
	if d >= 1 {
		b1 = b[d-1]
	}
	if d >= 2 {
		b2 = b[d-2]
	}
	r := &s.runs[min(j-d, detectors.MaxRun)*s.ncls+int(s.nextClass[next])]
	live := st.gate.live(d)
	dig := 0
	if detectors.IsDigit(b2) {
		dig = 1
	}
	// The bytes before the run are known here, so the anchors on them are
	// narrowed by what their detectors' matches may start with now.
	e0, e1 := r[0]&live, r[1]&live
	e2 := r[2] & live & s.lead[2][b2]
	e3 := r[3] & live & s.lead[3][b1]
	e4 := r[4] & live & s.after[dig][b1] & s.lead[4][b[d]]
	if e0|e1|e2|e3|e4 == 0 {
		return j
	}
	// Leftmost starts first, so each detector sees its candidates in order.
	if e0 != 0 && (d > 0 && detectors.IsBase64(b1) || detectors.IsBase64(next)) {
		if t := tokenStart(b, d); t >= 0 {
			st.tryAll(e0&s.lead[0][b[t]], t)
		}
	}
	if e1 != 0 && b1 == ' ' {
		if w := wordBefore(b, d); w >= 0 {
			st.tryAll(e1&s.lead[1][b[w]], w)
		}
	}
	if e2 != 0 && d >= 2 {
		st.tryAll(e2, d-2)
	}
	if e3 != 0 && d >= 1 {
		st.tryAll(e3, d-1)
	}
	st.tryAll(e4, d)
	return j
}

// hexSep handles the separator at i, which findRange has seen followed by
// a hex digit, or by ':' when it is ':' itself.
func (st *rangeState) hexSep(i int) {
	s, b := st.s, st.b
	next := b[i+1]
	k, dec := 0, detectors.DecimalRun
	for k < 5 && i-1-k >= 0 && detectors.IsHex(b[i-1-k]) {
		if !detectors.IsDigit(b[i-1-k]) {
			dec = 0
		}
		k++
	}
	if k >= 1 && k <= 4 {
		var c1 byte
		if i-k > 0 {
			c1 = b[i-k-1]
		}
		sep := hexSepIndex(b[i])
		m := s.hexMask[k+dec][sep] & s.hexAfter[sep][c1]
		if i-k == st.joined {
			m &^= s.notJoined
		}
		st.tryAll(m, i-k)
		if !detectors.IsAlnum(c1) {
			// The group stands alone: one starting after this separator
			// is joined to it.
			st.joined = i + 1
		}
	}
	if next == ':' {
		var c1 byte
		if i > 0 {
			c1 = b[i-1]
		}
		st.tryAll(s.hexMask[0][0]&s.hexAfter[0][c1], i)
	}
}

// hexSepIndex maps a hex separator to its index in hexSeps.
func hexSepIndex(c byte) int {
	switch c {
	case ':':
		return 0
	case '-':
		return 1
	}
	return 2
}

// email handles the '@' at i: AtEmail detectors are tried where the run of
// local-part characters before it starts (ASCII, apostrophes between
// letters, UTF-8 letters), found the way EMAIL_ADDRESS reads it.
func (st *rangeState) email(i int) {
	s := st.s
	if len(s.email) > 0 {
		k := detectors.EmailLocalStart(st.b, i)
		for _, di := range s.email {
			st.try(di, k)
		}
	}
}

// tryAll runs every detector in mask at p.
func (st *rangeState) tryAll(mask uint64, p int) {
	for ; mask != 0; mask &= mask - 1 {
		st.try(bits.TrailingZeros64(mask), p)
	}
}

// tokenStart returns the start of the run of base-64 bytes that holds the
// digit run at d, or -1 when an earlier digit run of the same token has
// already produced it or the token is longer than any detector needs.
func tokenStart(b []byte, d int) int {
	t := d
	for t > 0 && d-t <= 64 && detectors.IsBase64(b[t-1]) {
		t--
		if detectors.IsDigit(b[t]) {
			return -1
		}
	}
	if t > 0 && detectors.IsBase64(b[t-1]) {
		return -1
	}
	return t
}

// wordBefore returns the start of the run of 3 to 9 letters that ends, after
// an optional '.', one space before the digit run at d, or -1.
func wordBefore(b []byte, d int) int {
	q := d - 2
	if d < 2 || b[d-1] != ' ' {
		return -1
	}
	if b[q] == '.' {
		q--
	}
	k := q
	for k >= 0 && q-k < 10 && detectors.IsLetter(b[k]) {
		k--
	}
	if n := q - k; n < 3 || n > 9 {
		return -1
	}
	return k + 1
}

// literals finds the occurrences of a detector's literals in order. Each
// literal is located through its rarest byte (IndexByte runs at memory
// speed on a rare byte, where bytes.Index on a common first byte such as
// the 'e' of "eyJ" crawls), and each keeps its next position so it is
// searched once per occurrence.
type literals struct {
	b      []byte
	hi     int
	lits   []string
	rare   [maxLiterals]int // index of the rarest byte of each literal
	next   [maxLiterals]int // -2: not searched yet; -1: no more
	shared bool             // every literal has the same byte at the same rare index
}

// maxLiterals bounds the literals one detector may have.
const maxLiterals = 8

func newLiterals(b []byte, hi int, lits []string, rare *[maxLiterals]int) literals {
	l := literals{b: b, hi: hi, lits: lits[:min(len(lits), maxLiterals)], rare: *rare}
	l.shared = len(l.lits) > 1
	for k, lit := range l.lits {
		l.next[k] = -2
		if l.rare[k] != l.rare[0] || lit[l.rare[k]] != l.lits[0][l.rare[0]] {
			l.shared = false
		}
	}
	return l
}

// rareBytes returns, per literal, the index of its rarest byte; or, when
// every literal has the same byte at one index and that byte is rare enough
// (an upper-case letter, say), that index for all, so one search serves
// them all.
func rareBytes(lits []string) (rare [maxLiterals]int) {
	lits = lits[:min(len(lits), maxLiterals)]
	for k, lit := range lits {
		for j := 1; j < len(lit); j++ {
			if byteRank[lit[j]] < byteRank[lit[rare[k]]] {
				rare[k] = j
			}
		}
	}
	if len(lits) < 2 {
		return rare
	}
	best := -1
	for j := 0; j < len(lits[0]); j++ {
		same := true
		for _, lit := range lits {
			same = same && j < len(lit) && lit[j] == lits[0][j]
		}
		if same && byteRank[lits[0][j]] <= sharedMaxRank && (best < 0 || byteRank[lits[0][j]] < byteRank[lits[0][best]]) {
			best = j
		}
	}
	if best >= 0 {
		for k := range lits {
			rare[k] = best
		}
	}
	return rare
}

// sharedMaxRank is the commonest byte rareBytes shares among literals:
// upper-case letters qualify, lower-case ones do not.
var sharedMaxRank = byteRank['E']

// byteRank orders bytes by how often they occur in logs and text: lower is
// rarer. Rough, and only used to pick which byte of a literal to look for.
var byteRank = func() (r [256]uint8) {
	for i := range r {
		r[i] = 1
	}
	common := " etaoinsrhldcumfpgwybvk0123456789-.:/=_\"\n,ETAOINSRHLDCUMFPGWYB[]{}()"
	for i := 0; i < len(common); i++ {
		r[common[i]] = uint8(255 - i)
	}
	return r
}()

// from returns the first occurrence at or after p of any literal, or -1.
func (l *literals) from(p int) int {
	if l.shared {
		return l.fromShared(p)
	}
	q := -1
	for k, lit := range l.lits {
		if l.next[k] == -2 || (l.next[k] >= 0 && l.next[k] < p) {
			l.next[k] = l.index(p, lit, l.rare[k])
		}
		if n := l.next[k]; n >= 0 && (q < 0 || n < q) {
			q = n
		}
	}
	return q
}

// fromShared is from when all literals share their rare byte and index.
func (l *literals) fromShared(p int) int {
	r := l.rare[0]
	c := l.lits[0][r]
	for p+r < l.hi {
		j := bytes.IndexByte(l.b[p+r:l.hi], c)
		if j < 0 {
			return -1
		}
		q := p + j
		for _, lit := range l.lits {
			if q+len(lit) <= l.hi && string(l.b[q:q+len(lit)]) == lit {
				return q
			}
		}
		p = q + 1
	}
	return -1
}

// index finds lit at or after p, searching for its byte at offset r.
func (l *literals) index(p int, lit string, r int) int {
	c := lit[r]
	for p+len(lit) <= l.hi {
		j := bytes.IndexByte(l.b[p+r:l.hi], c)
		if j < 0 {
			return -1
		}
		q := p + j
		if q+len(lit) <= l.hi && string(l.b[q:q+len(lit)]) == lit {
			return q
		}
		p = q + 1
	}
	return -1
}

// findLiterals tries detector di wherever one of its literals starts in
// b[lo:hi], in order.
func (s *Scanner) findLiterals(dst []Match, b []byte, lo, hi, di int, ctx *Context) []Match {
	d := s.dets[di]
	cur := lo
	l := newLiterals(b, hi, d.Literals, &s.rare[di])
	for q := l.from(lo); q >= 0; q = l.from(q + 1) {
		if q >= cur {
			if end, f := d.MatchAt(b, q); end >= 0 {
				n := len(dst)
				dst = s.emit(dst, b, di, q, end, f, ctx)
				if len(dst) > n {
					cur = max(end, q+1)
				}
			}
		}
	}
	return dst
}
