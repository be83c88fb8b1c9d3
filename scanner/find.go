package scanner

import (
	"bytes"

	"github.com/veil-data/veil/detectors"
)

// Anchor classes of the single pass.
const (
	aNone = iota
	aDigit
	aHexSep
	aAt
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
	for _, di := range s.multiline {
		dst = s.findLiterals(dst, b, 0, len(b), di, ctx)
	}
	return s.findCustom(dst, b, ctx)
}

// findRange appends the matches of every single-line detector that start in
// b[lo:hi]. Matches may extend past hi; detectors may look anywhere in b.
func (s *Scanner) findRange(dst []Match, b []byte, lo, hi int, ctx *Context) []Match {
	var cur [maxDetectors]int // per detector: where its last match ended
	try := func(di, p int) {
		if p < lo || p >= hi || p < cur[di] {
			return
		}
		if end, f := s.dets[di].MatchAt(b, p); end >= 0 {
			dst = s.emit(dst, b, di, p, end, f, ctx)
			cur[di] = max(end, p+1)
		}
	}
	i := lo
	for i < hi {
		c := anchorClass[b[i]]
		if c == aNone {
			i++
			continue
		}
		switch c {
		case aDigit:
			d := i
			j := i + 1
			for j < len(b) && anchorClass[b[j]] == aDigit {
				j++
			}
			if d > 0 && anchorClass[b[d-1]] == aDigit {
				i = j // lo fell inside a run; its start belongs to the chunk before
				continue
			}
			w := wordBefore(b, d)
			for _, di := range s.byRun[min(j-d, detectors.MaxRun)] {
				a := s.dets[di].Anchor
				if a&detectors.WordBeforeDigits != 0 && w >= 0 {
					try(di, w)
				}
				if a&detectors.BeforeDigits2 != 0 {
					try(di, d-2)
				}
				if a&detectors.BeforeDigits1 != 0 {
					try(di, d-1)
				}
				if a&detectors.AtDigits != 0 {
					try(di, d)
				}
			}
			i = j
		case aHexSep:
			if len(s.hexSep) > 0 {
				k := 0
				for k < 5 && i-1-k >= 0 && detectors.IsHex(b[i-1-k]) {
					k++
				}
				for _, di := range s.hexSep {
					if k >= 1 && k <= 4 {
						try(di, i-k)
					}
					if b[i] == ':' {
						try(di, i)
					}
				}
			}
			i++
		case aAt:
			if len(s.email) > 0 {
				k := i
				for k > 0 && i-k <= 65 && detectors.IsEmailLocal(b[k-1]) {
					k--
				}
				for _, di := range s.email {
					try(di, k)
				}
			}
			i++
		}
	}
	for _, di := range s.literal {
		dst = s.findLiterals(dst, b, lo, hi, di, ctx)
	}
	for _, di := range s.keyword {
		dst = s.findAfterKeyword(dst, b, lo, hi, di, ctx)
	}
	return dst
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

// findLiterals tries detector di wherever one of its literals starts in
// b[lo:hi], in order.
func (s *Scanner) findLiterals(dst []Match, b []byte, lo, hi, di int, ctx *Context) []Match {
	d := s.dets[di]
	cur := lo
	for p := lo; p < hi; {
		q := -1
		for _, lit := range d.Literals {
			if j := bytes.Index(b[p:hi], []byte(lit)); j >= 0 && (q < 0 || p+j < q) {
				q = p + j
			}
		}
		if q < 0 {
			break
		}
		if q >= cur {
			if end, f := d.MatchAt(b, q); end >= 0 {
				dst = s.emit(dst, b, di, q, end, f, ctx)
				cur = max(end, q+1)
			}
		}
		p = q + 1
	}
	return dst
}

// findAfterKeyword tries detector di at every position near one of its
// literals, or everywhere when the column names a keyword. Matches without
// context are not reported for such detectors.
func (s *Scanner) findAfterKeyword(dst []Match, b []byte, lo, hi, di int, ctx *Context) []Match {
	d := s.dets[di]
	cur := lo
	tryRange := func(from, to int) {
		for p := max(from, cur, lo); p < min(to, hi); p++ {
			if end, f := d.MatchAt(b, p); end >= 0 {
				if s.hasContext(b, di, p, ctx) {
					dst = s.emit(dst, b, di, p, end, f, ctx)
				}
				cur = max(end, p+1)
				p = cur - 1
			}
		}
	}
	if ctx.hasKeyword(di) {
		tryRange(lo, hi)
		return dst
	}
	for p := lo; p < hi; {
		q := -1
		for _, lit := range d.Literals {
			if j := bytes.Index(b[p:hi], []byte(lit)); j >= 0 && (q < 0 || p+j < q) {
				q = p + j
			}
		}
		if q < 0 {
			break
		}
		tryRange(q-s.reach, q+s.reach+detectors.KeywordReach)
		p = q + 1
	}
	return dst
}

// hasContext reports whether detector di has a keyword in the column name or
// within reach before b[start].
func (s *Scanner) hasContext(b []byte, di, start int, ctx *Context) bool {
	return ctx.hasKeyword(di) || s.keywordNear(b, start, s.keywords[di])
}
