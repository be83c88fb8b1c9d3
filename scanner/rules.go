package scanner

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner/policy"
)

// CustomIdentifier is a user-defined type, shaped like Macie's custom data
// identifiers: a pattern, optional keywords that must precede a match, words
// that disqualify a match, and a sensitivity.
type CustomIdentifier struct {
	ID          string
	Pattern     *regexp.Regexp
	Keywords    []string // one must end within MaxDistance bytes before a match, or be in the column name
	MaxDistance int      // default 50
	IgnoreWords []string // a match containing one of these is dropped
	Sensitivity detectors.Sensitivity
}

// DefaultMaxDistance is how far before a custom match a keyword may end when
// the policy does not say.
const DefaultMaxDistance = policy.DefaultMaxDistance

type customDetector struct {
	id          string
	re          *regexp.Regexp
	keywords    keywordSet
	ignore      [][]byte
	sensitivity detectors.Sensitivity
}

func newCustom(c CustomIdentifier) (*customDetector, error) {
	if c.ID == "" || c.Pattern == nil {
		return nil, fmt.Errorf("scanner: custom identifier %q needs an ID and a pattern", c.ID)
	}
	d := &customDetector{
		id:          c.ID,
		re:          c.Pattern,
		keywords:    newKeywordSet(lowerAll(c.Keywords), distance(c.MaxDistance)),
		sensitivity: c.Sensitivity,
	}
	for _, w := range c.IgnoreWords {
		d.ignore = append(d.ignore, []byte(strings.ToLower(w)))
	}
	return d, nil
}

func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

// findCustom runs the custom identifiers over the whole value. Go's regexp
// is the right tool here: the patterns are the user's.
func (s *Scanner) findCustom(dst []Match, b []byte, ctx *Context) []Match {
	for j, cd := range s.custom {
		inColumn := ctx.hasKeyword(len(s.dets) + j)
		for _, loc := range cd.re.FindAllIndex(b, -1) {
			start, end := loc[0], loc[1]
			if start == end {
				continue
			}
			if len(cd.keywords.kws) > 0 && !inColumn && !cd.keywords.near(b, start) {
				continue
			}
			if cd.ignored(b[start:end]) || s.allow.allows(b[start:end]) {
				continue
			}
			conf := detectors.Likely
			if len(cd.keywords.kws) > 0 {
				conf = detectors.VeryLikely
			}
			if conf < s.min {
				continue
			}
			dst = append(dst, Match{Type: cd.id, Start: start, End: end, Confidence: conf})
		}
	}
	return dst
}

// distance is a custom identifier's keyword distance, DefaultMaxDistance
// when unset.
func distance(d int) int {
	if d <= 0 {
		return DefaultMaxDistance
	}
	return d
}

func (cd *customDetector) ignored(m []byte) bool {
	for _, w := range cd.ignore {
		if len(w) > 0 && containsFold(m, w) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains lower (already lower case),
// ignoring ASCII case in s.
func containsFold(s, lower []byte) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		k := 0
		for k < len(lower) && norm[s[i+k]] == norm[lower[k]] {
			k++
		}
		if k == len(lower) {
			return true
		}
	}
	return false
}

// allowList holds values that are never reported.
type allowList struct {
	exact    map[string]struct{} // lower case
	patterns []*regexp.Regexp
}

func newAllowList(exact []string, patterns []*regexp.Regexp) allowList {
	a := allowList{}
	for _, p := range patterns {
		// Anchor the pattern so it must match the whole matched text.
		a.patterns = append(a.patterns, regexp.MustCompile(`^(?:`+p.String()+`)$`))
	}
	if len(exact) > 0 {
		a.exact = make(map[string]struct{}, len(exact))
		for _, e := range exact {
			a.exact[strings.ToLower(e)] = struct{}{}
		}
	}
	return a
}

func (a *allowList) allows(m []byte) bool {
	if a.exact != nil {
		var buf [256]byte
		if len(m) <= len(buf) {
			l := buf[:len(m)]
			for i, c := range m {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				l[i] = c
			}
			if _, ok := a.exact[string(l)]; ok {
				return true
			}
		} else if _, ok := a.exact[string(bytes.ToLower(m))]; ok {
			return true
		}
	}
	for _, p := range a.patterns {
		if p.Match(m) {
			return true
		}
	}
	return false
}
