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

// builtin returns the built-in detector with the given ID.
func builtin(t testing.TB, id string) *detectors.Detector {
	t.Helper()
	for _, d := range detectors.Builtins() {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no built-in %s", id)
	return nil
}

// ofType keeps the matches of one type.
func ofType(ms []detectors.Match, typ string) []detectors.Match {
	var out []detectors.Match
	for _, m := range ms {
		if m.Type == typ {
			out = append(out, m)
		}
	}
	return out
}

// fuzzDetector is the fuzz body every detector shares: seeded with its
// examples and seeds, MatchAt never panics and returns -1 or an end in
// (i, len(b)], and the fast scan reports exactly what the reference scan
// reports for typ at every confidence level, without column context, with
// the type as column name, and with its first keyword as column name.
func fuzzDetector(f *testing.F, typ string, seeds ...string) {
	d := builtin(f, typ)
	s := newScanner(f, scanner.WithMinConfidence(detectors.VeryUnlikely))
	for _, c := range casesByType[typ] {
		f.Add(c.in)
	}
	for _, x := range seeds {
		f.Add(x)
	}
	cols := []string{"", typ}
	if len(d.Keywords) > 0 {
		cols = append(cols, d.Keywords[0])
	}
	def := newScanner(f)
	f.Fuzz(func(t *testing.T, in string) {
		b := []byte(in)
		for i := range b {
			end, _ := d.MatchAt(b, i)
			if end != -1 && (end <= i || end > len(b)) {
				t.Fatalf("%s.MatchAt(%q, %d) = %d", typ, in, i, end)
			}
		}
		checkDeclared(t, d, b)
		for _, sc := range []*scanner.Scanner{s, def} {
			for _, col := range cols {
				ctx := sc.Column(col)
				fast := ofType(sc.Find(nil, b, ctx), typ)
				ref := ofType(sc.FindReference(nil, b, ctx), typ)
				require.Equal(t, ref, fast, "%s in %q (column %q): fast and reference differ", typ, in, col)
			}
		}
	})
}

// checkDeclared checks, at every position of b, what d declares for the
// engine's shortcuts: AllNeedContext (every match carries NeedsContext) and
// Preceded (no match follows bytes it rules out).
func checkDeclared(t *testing.T, d *detectors.Detector, b []byte) {
	t.Helper()
	for i := range b {
		end, f := d.MatchAt(b, i)
		if end < 0 {
			continue
		}
		if d.AllNeedContext && f&detectors.NeedsContext == 0 {
			t.Fatalf("%s declares AllNeedContext but matches %d..%d of %q without NeedsContext", d.ID, i, end, b)
		}
		if d.Leads != nil && d.Anchor&detectors.AtDigits != 0 && detectors.IsDigit(b[i]) && !d.Leads(detectors.AtDigits, b[i]) {
			t.Fatalf("%s matches %d..%d of %q starting with %q, which its Leads rules out", d.ID, i, end, b, b[i])
		}
		if d.NotJoined && joinedBefore(b, i) {
			t.Fatalf("%s declares NotJoined but matches %d..%d of %q after a joined hex group", d.ID, i, end, b)
		}
		if d.Preceded == nil {
			continue
		}
		var c1, c2, sep byte
		if i > 0 {
			c1 = b[i-1]
		}
		if i > 1 {
			c2 = b[i-2]
		}
		switch {
		case d.Anchor&detectors.AtDigits != 0 && detectors.IsDigit(b[i]):
		case d.Anchor&detectors.AtHexSep != 0:
			j := i
			for j < len(b) && detectors.IsHex(b[j]) {
				j++
			}
			if j < len(b) {
				sep = b[j]
			}
		default:
			continue
		}
		if !d.Preceded(sep, c1, c2) {
			t.Fatalf("%s matches %d..%d of %q after %q %q, which its Preceded rules out", d.ID, i, end, b, c2, c1)
		}
	}
}

// joinedBefore reports whether b[i] follows ':', '-' or '.' after a group of
// hex digits with no letter or digit before it.
func joinedBefore(b []byte, i int) bool {
	if i < 2 || (b[i-1] != ':' && b[i-1] != '-' && b[i-1] != '.') {
		return false
	}
	k := i - 2
	for k >= 0 && detectors.IsHex(b[k]) {
		k--
	}
	return k < i-2 && (k < 0 || !detectors.IsAlnum(b[k]))
}

// TestDeclaredShortcutsHold runs checkDeclared over every detector's
// examples, with bytes glued before each so Preceded is put to the test.
func TestDeclaredShortcutsHold(t *testing.T) {
	for _, d := range detectors.Builtins() {
		for _, c := range casesByType[d.ID] {
			for _, pre := range []string{"", "x", "1.", ":", "::", "a:", "ab-", " 12:", "g1:"} {
				checkDeclared(t, d, []byte(pre+c.in))
			}
		}
	}
}
