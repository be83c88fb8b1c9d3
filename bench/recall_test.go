package bench

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

func newScanner(tb testing.TB) *scanner.Scanner {
	tb.Helper()
	s, err := scanner.New(detectors.Builtins())
	require.NoError(tb, err)
	// Warm up: detectors build their tables (libphonenumber's metadata) on
	// first use, once per process; benchmarks measure the steady state.
	require.NotEmpty(tb, s.Find(nil, []byte("call +44 20 7946 0958"), s.Column("")))
	return s
}

// score counts, for one type, planted values, how many a match of that type
// overlaps (found) or covers exactly (exact), and matches that overlap no
// plant of the type: cross when they overlap a plant of another type,
// spurious otherwise.
type score struct {
	plants, found, exact int
	matches, cross, spur int
	missed, fps          []string
}

// evaluate scores matches against plants over text b.
func evaluate(b []byte, plants []Plant, matches []detectors.Match) map[string]*score {
	scores := map[string]*score{}
	get := func(typ string) *score {
		if scores[typ] == nil {
			scores[typ] = &score{}
		}
		return scores[typ]
	}
	byType := map[string][]detectors.Match{}
	for _, m := range matches {
		byType[m.Type] = append(byType[m.Type], m)
	}
	plantsByType := map[string][]Plant{}
	for _, p := range plants {
		plantsByType[p.Type] = append(plantsByType[p.Type], p)
	}
	all := append([]Plant(nil), plants...)
	sort.Slice(all, func(i, j int) bool { return all[i].Start < all[j].Start })

	// overlapping returns the spans in xs (sorted by start, not
	// overlapping each other) that overlap [start, end).
	type span struct{ s, e int }
	find := func(xs []span, start, end int) []span {
		i := sort.Search(len(xs), func(i int) bool { return xs[i].e > start })
		var out []span
		for ; i < len(xs) && xs[i].s < end; i++ {
			out = append(out, xs[i])
		}
		return out
	}
	spansM := func(ms []detectors.Match) []span {
		out := make([]span, len(ms))
		for i, m := range ms {
			out[i] = span{m.Start, m.End}
		}
		return out
	}
	spansP := func(ps []Plant) []span {
		out := make([]span, len(ps))
		for i, p := range ps {
			out[i] = span{p.Start, p.End}
		}
		return out
	}
	allSpans := spansP(all)
	snippet := func(start, end int) string {
		lo, hi := max(0, start-40), min(len(b), end+10)
		return fmt.Sprintf("%q in …%s…", b[start:end], strings.ReplaceAll(string(b[lo:hi]), "\n", "⏎"))
	}
	for typ, ps := range plantsByType {
		sc := get(typ)
		ms := spansM(byType[typ])
		for _, p := range ps {
			sc.plants++
			hits := find(ms, p.Start, p.End)
			if len(hits) == 0 {
				sc.missed = append(sc.missed, snippet(p.Start, p.End))
				continue
			}
			sc.found++
			for _, h := range hits {
				if h.s == p.Start && h.e == p.End {
					sc.exact++
					break
				}
			}
		}
	}
	for typ, ms := range byType {
		sc := get(typ)
		ps := spansP(plantsByType[typ])
		for _, m := range ms {
			sc.matches++
			if len(find(ps, m.Start, m.End)) > 0 {
				continue
			}
			if len(find(allSpans, m.Start, m.End)) > 0 {
				sc.cross++
			} else {
				sc.spur++
			}
			sc.fps = append(sc.fps, snippet(m.Start, m.End))
		}
	}
	return scores
}

// report logs the scores and checks recall for the types the scanner
// implements that have at least minPlants plants.
func report(t *testing.T, s *scanner.Scanner, scores map[string]*score, minRecall float64, minPlants int) {
	t.Helper()
	known := map[string]bool{}
	for _, typ := range s.Types() {
		known[typ] = true
	}
	types := make([]string, 0, len(scores))
	for typ := range scores {
		types = append(types, typ)
	}
	sort.Strings(types)
	var plants, found int
	for _, typ := range types {
		sc := scores[typ]
		recall := float64(sc.found) / float64(max(sc.plants, 1))
		note := ""
		if !known[typ] {
			note = " (type not implemented yet: skipped)"
		}
		t.Logf("%-16s plants %5d found %5d (%.3f, %d exact)  matches %5d, outside plants %d (+%d on other types' plants)%s",
			typ, sc.plants, sc.found, recall, sc.exact, sc.matches, sc.spur, sc.cross, note)
		for i, m := range sc.missed {
			if i == 3 {
				break
			}
			t.Logf("    missed %s", m)
		}
		for i, m := range sc.fps {
			if i == 3 {
				break
			}
			t.Logf("    extra  %s", m)
		}
		if !known[typ] || sc.plants == 0 {
			continue
		}
		plants += sc.plants
		found += sc.found
		if sc.plants >= minPlants {
			assert.GreaterOrEqual(t, recall, minRecall, "recall of %s", typ)
		}
		if sc.matches >= minPlants {
			// Hard negatives should stay negative: few matches outside
			// the plants of their type.
			extra := float64(sc.spur+sc.cross) / float64(sc.matches)
			assert.LessOrEqual(t, extra, 0.02, "share of %s matches outside its plants", typ)
		}
	}
	if plants > 0 {
		t.Logf("overall recall over implemented types: %d/%d = %.3f", found, plants, float64(found)/float64(plants))
		assert.GreaterOrEqual(t, float64(found)/float64(plants), minRecall, "overall recall")
	}
}

func TestRecallLogText(t *testing.T) {
	s := newScanner(t)
	b, plants := LogTextPlanted(1, 8<<20)
	report(t, s, evaluate(b, plants, s.Find(nil, b, s.Column(""))), 0.9, 50)
}

// TestRecallLogTextRich scans log text with many more identifier lines, so
// that every type has enough plants to measure.
func TestRecallLogTextRich(t *testing.T) {
	s := newScanner(t)
	g := newGen(1, streamLog, 4<<20)
	g.logs(4<<20, 0.25, 0.03)
	report(t, s, evaluate(g.b, g.plants, s.Find(nil, g.b, s.Column(""))), 0.9, 50)
}

func TestRecallDenseText(t *testing.T) {
	s := newScanner(t)
	b, plants := DenseTextPlanted(1, 2<<20)
	report(t, s, evaluate(b, plants, s.Find(nil, b, s.Column(""))), 0.9, 50)
}

// TestBlocksAgree checks that scanning 64 KB line-aligned blocks, as the
// benchmarks do, finds what a scan of the whole text finds.
func TestBlocksAgree(t *testing.T) {
	s := newScanner(t)
	b := LogText(4, 2<<20)
	whole := s.Find(nil, b, s.Column(""))
	var parts []detectors.Match
	off := 0
	for _, blk := range Blocks(b, 64<<10) {
		n := len(parts)
		parts = s.Find(parts, blk, s.Column(""))
		for i := n; i < len(parts); i++ {
			parts[i].Start += off
			parts[i].End += off
		}
		off += len(blk)
	}
	require.Equal(t, len(b), off)
	assert.Equal(t, whole, parts)
}

// TestTableClassification scans every cell with its column name as context
// and checks each column would be classified as TableColumns says, at the
// 10% threshold: a typed column's values nearly all hold a match of its
// type, and no column holds 10% of any other implemented type.
func TestTableClassification(t *testing.T) {
	s := newScanner(t)
	header, rows := Table(1, 3000)
	cols := TableColumns()
	known := map[string]bool{}
	for _, typ := range s.Types() {
		known[typ] = true
	}
	var dst []detectors.Match
	for j, c := range cols {
		ctx := s.Column(header[j])
		nonEmpty := 0
		hits := map[string]int{}
		var missed []string
		for _, r := range rows {
			v := r[j]
			if v == "" {
				continue
			}
			nonEmpty++
			dst = s.Find(dst[:0], []byte(v), ctx)
			seen := map[string]bool{}
			for _, m := range dst {
				if !seen[m.Type] {
					seen[m.Type] = true
					hits[m.Type]++
				}
			}
			if c.Type != "" && !seen[c.Type] && len(missed) < 3 {
				missed = append(missed, v)
			}
		}
		t.Logf("%-15s want %-16q non-empty %4d, values with a match per type: %v", c.Name, c.Type, nonEmpty, hits)
		for _, m := range missed {
			t.Logf("    missed %q", m)
		}
		for typ, n := range hits {
			share := float64(n) / float64(nonEmpty)
			switch {
			case !known[typ]:
			case typ == c.Type:
				assert.GreaterOrEqual(t, share, 0.9, "column %s: share of %s", c.Name, typ)
			case c.FreeText:
				assert.Less(t, share, 0.1, "column %s: free text would be classified %s", c.Name, typ)
			default:
				assert.Less(t, share, 0.1, "column %s would be classified %s", c.Name, typ)
			}
		}
		if c.Type != "" && known[c.Type] {
			assert.GreaterOrEqual(t, float64(hits[c.Type])/float64(nonEmpty), 0.9, "column %s: share of %s", c.Name, c.Type)
		}
	}
}
