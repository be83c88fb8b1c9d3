package scanner

import (
	"bytes"

	"github.com/veil-data/veil/detectors"
)

// norm maps a byte to its keyword-matching form: ASCII lower case, with '_',
// '-' and '.' read as a space so "social_security", "Social-Security" and
// "social security" are one keyword.
var norm = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c - 'A' + 'a')
	}
	t['_'], t['-'], t['.'] = ' ', ' ', ' '
	return t
}()

// keyword is a context word in normalized form.
type keyword struct {
	text  []byte
	whole bool // short keywords count only as whole words
}

// fits reports whether the keyword found at b[p:end] counts: it starts a
// word (so "cell" in "cancelled" and "itin" in "waiting" do not count), and
// a short one is a whole word ("dob" but not "dobby"). A longer one may go
// on ("phones", "birthdate"). Bytes outside b count as boundaries.
func (kw *keyword) fits(b []byte, p, end int) bool {
	if !wordStart(b, p) {
		return false
	}
	return !kw.whole || (!detectors.IsDigit(at(b, p-1)) && wordEnd(b, end))
}

// wordStart reports whether a word starts at b[p]: no letter before it, or
// a camelCase step ("abaRouting").
func wordStart(b []byte, p int) bool {
	prev := at(b, p-1)
	return !detectors.IsLetter(prev) || isLower(prev) && isUpper(at(b, p))
}

// wordEnd reports whether a word ends just before b[end]: no letter or
// digit follows, or a camelCase step ("ssnNumber").
func wordEnd(b []byte, end int) bool {
	next := at(b, end)
	return !detectors.IsAlnum(next) || isLower(at(b, end-1)) && isUpper(next)
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func newKeywords(words []string) []keyword {
	out := make([]keyword, 0, len(words))
	for _, w := range words {
		n := make([]byte, len(w))
		for i := 0; i < len(w); i++ {
			n[i] = norm[w[i]]
		}
		out = append(out, keyword{text: n, whole: len(n) <= 3})
	}
	return out
}

// containsKeyword reports whether kw occurs in s with its last byte at
// index >= minEnd-1 (so at most KeywordReach bytes before the match).
// Bytes outside s count as word boundaries.
func containsKeyword(s []byte, kw keyword, minEnd int) bool {
	from := 0
	if lo := minEnd - len(kw.text); lo > from {
		from = lo
	}
	for from <= len(s)-len(kw.text) {
		j := bytes.Index(s[from:], kw.text)
		if j < 0 {
			return false
		}
		p := from + j
		if kw.fits(s, p, p+len(kw.text)) {
			return true
		}
		from = p + 1
	}
	return false
}

func at(b []byte, i int) byte {
	if i < 0 || i >= len(b) {
		return 0
	}
	return b[i]
}

// normalizeColumn turns a column name or JSON path into keyword form, also
// splitting camelCase ("ccNumber" reads "cc number"), an acronym from the
// word after it ("NPINumber" reads "npi number") and letters from digits
// ("ssn2" reads "ssn 2").
func normalizeColumn(name string) []byte {
	out := make([]byte, 0, len(name)+8)
	upper := func(i int) bool { return i >= 0 && i < len(name) && name[i] >= 'A' && name[i] <= 'Z' }
	lower := func(i int) bool { return i >= 0 && i < len(name) && name[i] >= 'a' && name[i] <= 'z' }
	digit := func(i int) bool { return i >= 0 && i < len(name) && name[i] >= '0' && name[i] <= '9' }
	letter := func(i int) bool { return upper(i) || lower(i) }
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case upper(i) && lower(i-1), // camelCase
			upper(i) && upper(i-1) && lower(i+1), // ACRONYMWord
			digit(i) && letter(i-1), letter(i) && digit(i-1):
			out = append(out, ' ')
		}
		switch c {
		case '/', '$', '[', ']', '"', '\'':
			c = ' '
		}
		out = append(out, norm[c])
	}
	return out
}

// Context is a prepared scanning context: which detectors' keywords the
// column name or JSON path holds. Make one per column with Scanner.Column
// and reuse it for every value of that column.
type Context struct {
	name string
	has  []bool // indexed like Scanner.dets, then custom identifiers
}

// Name is the column name or JSON path the context was made for.
func (c Context) Name() string { return c.name }

func (c Context) hasKeyword(i int) bool { return i < len(c.has) && c.has[i] }

// keywordSet is one detector's keywords, indexed by first byte so a window
// is checked in one pass without copying it.
type keywordSet struct {
	kws     []keyword
	reach   int          // how many bytes before a match a keyword may end
	byFirst [256][]uint8 // normalized first byte -> indexes into kws
	// pairs[c1] has bit c2&63 set when a keyword starts with normalized
	// bytes c1, c2 (all bits for a one-byte keyword): a cheap first test.
	pairs  [256]uint64
	maxLen int
}

func newKeywordSet(words []string, reach int) keywordSet {
	ks := keywordSet{kws: newKeywords(words), reach: reach}
	for i, k := range ks.kws {
		if len(k.text) == 0 || i > 255 {
			continue
		}
		ks.byFirst[k.text[0]] = append(ks.byFirst[k.text[0]], uint8(i))
		ks.maxLen = max(ks.maxLen, len(k.text))
		if len(k.text) == 1 {
			ks.pairs[k.text[0]] = ^uint64(0)
		} else {
			ks.pairs[k.text[0]] |= 1 << (k.text[1] & 63)
		}
	}
	return ks
}

// near reports whether a keyword ends at most reach bytes before
// b[start] (and not after it). Short keywords must stand as whole words.
func (ks *keywordSet) near(b []byte, start int) bool {
	for p := max(0, start-ks.reach-ks.maxLen); p < start; p++ {
		if ks.pairs[norm[b[p]]]&(1<<(norm[at(b, p+1)]&63)) == 0 {
			continue
		}
		cand := ks.byFirst[norm[b[p]]]
		for _, k := range cand {
			kw := &ks.kws[k]
			end := p + len(kw.text)
			if end > start || end < start-ks.reach {
				continue
			}
			if !equalNorm(b[p:end], kw.text) {
				continue
			}
			if kw.fits(b, p, end) {
				return true
			}
		}
	}
	return false
}

// equalNorm reports whether raw, normalized, equals text.
func equalNorm(raw, text []byte) bool {
	for i, c := range raw {
		if norm[c] != text[i] {
			return false
		}
	}
	return true
}
