package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

// tc is one true- or false-positive example for a detector: the text, an
// optional column name (context), the matched texts of the type under test
// expected at the default confidence floor (LIKELY), and why.
type tc struct {
	in   string
	col  string
	want []string
	why  string
}

// casesByType collects every detector's examples, so a test can check that
// each built-in has some.
var casesByType = map[string][]tc{}

func addCases(typ string, cases ...tc) bool {
	casesByType[typ] = append(casesByType[typ], cases...)
	return true
}

func newScanner(t testing.TB, opts ...scanner.Option) *scanner.Scanner {
	t.Helper()
	s, err := scanner.New(detectors.Builtins(), opts...)
	require.NoError(t, err)
	return s
}

// found returns the texts of the matches of type typ in in.
func found(s *scanner.Scanner, typ, in, col string, reference bool) []string {
	ctx := s.Column(col)
	var ms []detectors.Match
	if reference {
		ms = s.FindReference(nil, []byte(in), ctx)
	} else {
		ms = s.Find(nil, []byte(in), ctx)
	}
	var out []string
	for _, m := range ms {
		if m.Type == typ {
			out = append(out, in[m.Start:m.End])
		}
	}
	return out
}

func runCases(t *testing.T, typ string) {
	t.Helper()
	s := newScanner(t)
	cases := casesByType[typ]
	require.NotEmpty(t, cases, "no examples for %s", typ)
	for _, c := range cases {
		t.Run(c.why, func(t *testing.T) {
			got := found(s, typ, c.in, c.col, false)
			assert.Equal(t, c.want, got, "%s in %q (column %q): %s", typ, c.in, c.col, c.why)
			assert.Equal(t, got, found(s, typ, c.in, c.col, true), "fast path and reference differ")
		})
	}
}

// confidenceOf returns the confidence of the first match of typ, scanning at
// the lowest floor, or 0.
func confidenceOf(t *testing.T, typ, in, col string) detectors.Likelihood {
	t.Helper()
	s := newScanner(t, scanner.WithMinConfidence(detectors.VeryUnlikely))
	for _, m := range s.Find(nil, []byte(in), s.Column(col)) {
		if m.Type == typ {
			return m.Confidence
		}
	}
	return 0
}

func TestEveryBuiltinHasExamples(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range detectors.Builtins() {
		assert.False(t, seen[d.ID], "duplicate ID %s", d.ID)
		seen[d.ID] = true
		var pos, neg int
		for _, c := range casesByType[d.ID] {
			if len(c.want) > 0 {
				pos++
			} else {
				neg++
			}
		}
		assert.GreaterOrEqual(t, pos, 2, "%s needs true-positive examples", d.ID)
		assert.GreaterOrEqual(t, neg, 2, "%s needs false-positive examples", d.ID)
	}
}
