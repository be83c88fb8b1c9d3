package scanner

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/veil-data/veil/detectors"
)

// Match is re-exported so callers need only this package.
type Match = detectors.Match

// maxDetectors bounds the built-in detectors one scanner runs, so per-value
// cursors live on the stack.
const maxDetectors = 64

// Scanner finds identifiers in values. It is immutable after New and safe
// for concurrent use.
type Scanner struct {
	dets     []*detectors.Detector
	keywords []keywordSet                   // per detector
	rare     [maxDetectors][maxLiterals]int // per detector: rareBytes of its literals
	rareSet  [maxDetectors]byteSet          // per detector: those bytes

	custom []*customDetector
	allow  allowList

	min          detectors.Likelihood
	dropExamples bool

	// Dispatch tables for the single pass, built once by New. A mask has
	// bit i set for detector i.
	// runs[n*ncls+nextClass[c]][a]: detectors anchored by digit anchor a
	// (see digitAnchors) on a run of n digits followed by byte c. Bytes that
	// no detector tells apart share a class, which keeps the table small
	// enough for the L1 cache.
	runs      []runEntry
	nextClass [256]uint8
	ncls      int
	// lead[a][c]: detectors whose match, anchored by a, may start with c.
	lead [len(digitAnchors)][256]uint64
	// after[c2 is a digit][c1]: detectors whose AtDigits match may follow
	// the bytes c2 c1 (see detectors.Detector.Preceded).
	after [2][256]uint64
	// hexAfter[separator][c1]: the same for AtHexSep (separators as in
	// hexSeps), whatever c2 is.
	hexAfter  [len(hexSeps)][256]uint64
	hexMask   [detectors.DecimalRun + 5][len(hexSeps)]uint64 // hex run length (+DecimalRun when all decimal; 0: "::"), separator index
	notJoined uint64                                         // detectors with NotJoined set
	email     []int
	literal   []int
	multiline []int // detectors run over the whole value, never per chunk

	// The keyword gate (gate.go).
	gated      uint64 // detectors skipped where no keyword is near
	gateReach  int    // how far before a try its keywords may start
	gateProbes []gateProbe
	probeOf    [256]uint8 // byte -> 1 + index into gateProbes, or 0
	anchor     [256]uint8 // anchorClass, plus aGate for the probe bytes
}

// Option configures a Scanner.
type Option func(*Scanner) error

// WithMinConfidence drops matches below l. The default is Likely: what is
// checksum-validated, or a distinctive pattern, or a pattern with context.
func WithMinConfidence(l detectors.Likelihood) Option {
	return func(s *Scanner) error {
		if l < detectors.VeryUnlikely || l > detectors.VeryLikely {
			return fmt.Errorf("scanner: confidence level %d out of range", l)
		}
		s.min = l
		return nil
	}
}

// WithDropExamples drops well-known example values (issuer test cards, the
// AWS documentation keys) instead of reporting them with Example set.
func WithDropExamples(drop bool) Option {
	return func(s *Scanner) error { s.dropExamples = drop; return nil }
}

// WithAllowList never reports a match whose text equals one of exact
// (case-insensitively) or matches one of the patterns in full.
func WithAllowList(exact []string, patterns []*regexp.Regexp) Option {
	return func(s *Scanner) error {
		s.allow = newAllowList(exact, patterns)
		return nil
	}
}

// WithCustom adds user-defined identifiers.
func WithCustom(ids ...CustomIdentifier) Option {
	return func(s *Scanner) error {
		for _, c := range ids {
			cd, err := newCustom(c)
			if err != nil {
				return err
			}
			s.custom = append(s.custom, cd)
		}
		return nil
	}
}

// ErrTooManyDetectors is returned by New when more than 64 built-in
// detectors are given.
var ErrTooManyDetectors = errors.New("scanner: more than 64 detectors")

// New builds a scanner over the given detectors (usually
// detectors.Builtins()) and options.
func New(dets []*detectors.Detector, opts ...Option) (*Scanner, error) {
	if len(dets) > maxDetectors {
		return nil, ErrTooManyDetectors
	}
	s := &Scanner{dets: dets, min: detectors.Likely}
	seen := map[string]bool{}
	table := new(digitTable)
	for i, d := range dets {
		if d.MatchAt == nil || d.ID == "" || d.Anchor == 0 {
			return nil, fmt.Errorf("scanner: detector %d (%q) is incomplete", i, d.ID)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("scanner: detector ID %q given twice", d.ID)
		}
		seen[d.ID] = true
		s.rare[i] = rareBytes(d.Literals)
		for k, lit := range d.Literals[:min(len(d.Literals), maxLiterals)] {
			s.rareSet[i].add(lit[s.rare[i][k]])
		}
		s.keywords = append(s.keywords, newKeywordSet(d.Keywords, detectors.KeywordReach))
		s.index(table, i, d)
	}
	s.compress(table)
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	s.anchor = anchorClass
	s.buildGate()
	for _, c := range s.custom {
		if seen[c.id] {
			return nil, fmt.Errorf("scanner: custom identifier %q clashes with another type of that name", c.id)
		}
		seen[c.id] = true
	}
	return s, nil
}

// digitAnchors are the digit anchors in the order the engine tries them at
// one digit run: leftmost start first.
var digitAnchors = [...]detectors.Anchor{detectors.TokenBeforeDigits, detectors.WordBeforeDigits, detectors.BeforeDigits2, detectors.BeforeDigits1, detectors.AtDigits}

// runEntry holds, per digit anchor, the detectors to try.
type runEntry [len(digitAnchors)]uint64

// digitTable is the uncompressed form of Scanner.runs, built by New.
type digitTable [detectors.MaxRun + 1][256]runEntry

// compress turns the full table into byte classes and the flat runs table.
func (s *Scanner) compress(t *digitTable) {
	classOf := map[[detectors.MaxRun + 1]runEntry]uint8{}
	var cols [256][detectors.MaxRun + 1]runEntry
	for c := 0; c < 256; c++ {
		for n := range t {
			cols[c][n] = t[n][c]
		}
		id, ok := classOf[cols[c]]
		if !ok {
			id = uint8(len(classOf))
			classOf[cols[c]] = id
		}
		s.nextClass[c] = id
	}
	s.ncls = len(classOf)
	s.runs = make([]runEntry, (detectors.MaxRun+1)*s.ncls)
	for c := 0; c < 256; c++ {
		for n := range t {
			s.runs[n*s.ncls+int(s.nextClass[c])] = t[n][c]
		}
	}
}

func (s *Scanner) index(t *digitTable, i int, d *detectors.Detector) {
	bit := uint64(1) << i
	follows := func(a detectors.Anchor, n int, c byte) bool { return d.Follows == nil || d.Follows(a, n, c) }
	s.indexPreceded(i, d)
	for k, a := range digitAnchors {
		if d.Anchor&a == 0 {
			continue
		}
		for c := 0; c < 256; c++ {
			if d.Leads == nil || d.Leads(a, byte(c)) {
				s.lead[k][c] |= bit
			}
		}
		for n := 1; n <= detectors.MaxRun; n++ {
			if d.Runs != 0 && d.Runs&(1<<n) == 0 {
				continue
			}
			for c := 0; c < 256; c++ {
				if follows(a, n, byte(c)) {
					t[n][c][k] |= bit
				}
			}
		}
	}
	if d.Anchor&detectors.AtHexSep != 0 {
		for n := 0; n < len(s.hexMask); n++ {
			if n > 4 && n <= detectors.DecimalRun {
				continue
			}
			for k, c := range hexSeps {
				if (n > 0 || c == ':') && follows(detectors.AtHexSep, n, c) {
					s.hexMask[n][k] |= bit
				}
			}
		}
	}
	if d.NotJoined {
		s.notJoined |= bit
	}
	if d.Anchor&detectors.AtEmail != 0 {
		s.email = append(s.email, i)
	}
	if d.Anchor&detectors.AtLiteral != 0 {
		if d.Multiline {
			s.multiline = append(s.multiline, i)
		} else {
			s.literal = append(s.literal, i)
		}
	}
}

// indexPreceded fills after and hexAfter for detector i.
func (s *Scanner) indexPreceded(i int, d *detectors.Detector) {
	bit := uint64(1) << i
	t := precededTable(d)
	for c1 := 0; c1 < 256; c1++ {
		for dig := range t.after {
			if t.after[dig][c1] {
				s.after[dig][c1] |= bit
			}
		}
		for k := range t.hex {
			if t.hex[k][c1] {
				s.hexAfter[k][c1] |= bit
			}
		}
	}
}

// preceded is a detector's Preceded by byte class: after[c2 is a digit][c1]
// and hex[separator][c1], where every c2 is one class. A class of c2 admits
// c1 when Preceded admits it after any byte of the class.
type preceded struct {
	after [2][256]bool
	hex   [len(hexSeps)][256]bool
}

// precededTables caches preceded per detector: asking Preceded of every
// pair of bytes takes a millisecond, and scanners are built often.
var precededTables sync.Map // *detectors.Detector -> *preceded

func precededTable(d *detectors.Detector) *preceded {
	if t, ok := precededTables.Load(d); ok {
		return t.(*preceded)
	}
	t := new(preceded)
	for c1 := 0; c1 < 256; c1++ {
		for c2 := 0; c2 < 256; c2++ {
			dig := 0
			if detectors.IsDigit(byte(c2)) {
				dig = 1
			}
			t.after[dig][c1] = t.after[dig][c1] || d.Preceded == nil || d.Preceded(0, byte(c1), byte(c2))
			for k, sep := range hexSeps {
				t.hex[k][c1] = t.hex[k][c1] || d.Preceded == nil || d.Preceded(sep, byte(c1), byte(c2))
			}
		}
	}
	precededTables.Store(d, t)
	return t
}

// hexSeps are the separators of AtHexSep, in hexAfter's order.
var hexSeps = [3]byte{':', '-', '.'}

// Column prepares the context for values of the named column or JSON path.
// Call it once per column, not per value.
func (s *Scanner) Column(name string) Context {
	c := Context{name: name}
	if name == "" {
		return c
	}
	n := normalizeColumn(name)
	c.has = make([]bool, len(s.dets)+len(s.custom))
	for i, ks := range s.keywords {
		for _, k := range ks.kws {
			if containsKeyword(n, k, 0) {
				c.has[i] = true
				break
			}
		}
	}
	for j, cd := range s.custom {
		for _, k := range cd.keywords.kws {
			if containsKeyword(n, k, 0) {
				c.has[len(s.dets)+j] = true
				break
			}
		}
	}
	return c
}

// Types lists every type this scanner reports, built-in then custom.
func (s *Scanner) Types() []string {
	out := make([]string, 0, len(s.dets)+len(s.custom))
	for _, d := range s.dets {
		out = append(out, d.ID)
	}
	for _, c := range s.custom {
		out = append(out, c.id)
	}
	return out
}

// Sensitivity returns how sensitive a type is, and false for an unknown type.
func (s *Scanner) Sensitivity(typ string) (detectors.Sensitivity, bool) {
	for _, d := range s.dets {
		if d.ID == typ {
			return d.Sensitivity, true
		}
	}
	for _, c := range s.custom {
		if c.id == typ {
			return c.sensitivity, true
		}
	}
	return 0, false
}

// emit turns an accepted candidate into a Match, applying context, the
// confidence floor, the example switch and the allow list.
func (s *Scanner) emit(dst []Match, b []byte, di, start, end int, f detectors.Flags, ctx *Context) []Match {
	d := s.dets[di]
	hasCtx := false
	if ks := &s.keywords[di]; len(ks.kws) > 0 {
		hasCtx = ctx.hasKeyword(di) || ks.near(b, start)
	}
	if d.ContextOnly && !hasCtx {
		return dst
	}
	var conf detectors.Likelihood
	switch {
	case f&detectors.NeedsContext != 0 && !hasCtx:
		conf = detectors.Unlikely
	case f&detectors.NeedsContext != 0 && f&detectors.Checksum != 0:
		conf = detectors.VeryLikely
	case f&detectors.NeedsContext != 0:
		conf = detectors.Likely
	default:
		conf = d.Base
		if hasCtx && conf < detectors.VeryLikely {
			conf++
		}
	}
	if conf < s.min {
		return dst
	}
	if f&detectors.IsExample != 0 && s.dropExamples {
		return dst
	}
	if s.allow.allows(b[start:end]) {
		return dst
	}
	return append(dst, Match{
		Type:       d.ID,
		Start:      start,
		End:        end,
		Confidence: conf,
		Validated:  f&detectors.Checksum != 0,
		Example:    f&detectors.IsExample != 0,
	})
}

// finish sorts the matches appended after n0 by position and drops any match
// lying inside another match of the same type.
func finish(dst []Match, n0 int) []Match {
	m := dst[n0:]
	slices.SortFunc(m, func(x, y Match) int {
		if x.Start != y.Start {
			return cmp.Compare(x.Start, y.Start)
		}
		if x.End != y.End {
			return cmp.Compare(y.End, x.End)
		}
		return strings.Compare(x.Type, y.Type)
	})
	// Per type, the furthest end seen so far: a match ending no later lies
	// inside an earlier one (which starts no later, by the sort).
	var types [maxDetectors]string
	var ends [maxDetectors]int
	nt := 0
	out := m[:0]
	for _, x := range m {
		k := 0
		for k < nt && types[k] != x.Type {
			k++
		}
		if k < nt && ends[k] >= x.End {
			continue
		}
		if k == nt && nt < maxDetectors {
			types[k] = x.Type
			nt++
		}
		if k < maxDetectors {
			ends[k] = max(ends[k], x.End)
		}
		out = append(out, x)
	}
	return dst[:n0+len(out)]
}

// FindReference is the slow, obviously-correct scan: every detector is tried
// at every byte, left to right, skipping past each match it accepts. Find
// must report exactly what this reports.
func (s *Scanner) FindReference(dst []Match, b []byte, ctx Context) []Match {
	n0 := len(dst)
	for di, d := range s.dets {
		for i := 0; i < len(b); {
			end, f := d.MatchAt(b, i)
			if end < 0 {
				i++
				continue
			}
			n := len(dst)
			dst = s.emit(dst, b, di, i, end, f, &ctx)
			if len(dst) == n {
				i++ // a dropped match hides nothing
				continue
			}
			i = max(end, i+1)
		}
	}
	dst = s.findCustom(dst, b, &ctx)
	return finish(dst, n0)
}

// String describes the scanner without any data.
func (s *Scanner) String() string {
	return fmt.Sprintf("scanner{%s; min=%s}", strings.Join(s.Types(), ","), s.min)
}
