package detectors

import (
	"fmt"
	"sort"
	"strings"
)

// Likelihood is a confidence level on the scale Google's DLP uses.
type Likelihood uint8

// The likelihood levels, lowest first. The zero value is not a level.
const (
	VeryUnlikely Likelihood = iota + 1
	Unlikely
	Possible
	Likely
	VeryLikely
)

var likelihoodNames = [...]string{"", "VERY_UNLIKELY", "UNLIKELY", "POSSIBLE", "LIKELY", "VERY_LIKELY"}

// String returns the DLP name of the level, such as "LIKELY".
func (l Likelihood) String() string {
	if int(l) < len(likelihoodNames) && l != 0 {
		return likelihoodNames[l]
	}
	return fmt.Sprintf("Likelihood(%d)", uint8(l))
}

// MarshalText renders the level by name.
func (l Likelihood) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLikelihood reads a level name, case-insensitively ("likely", "VERY_LIKELY").
func ParseLikelihood(s string) (Likelihood, error) {
	u := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_"))
	for i := 1; i < len(likelihoodNames); i++ {
		if likelihoodNames[i] == u {
			return Likelihood(i), nil
		}
	}
	return 0, fmt.Errorf("unknown confidence level %q (want one of %s)", s, strings.Join(likelihoodNames[1:], ", "))
}

// Sensitivity says how harmful a leak of a type is.
type Sensitivity uint8

// The sensitivity levels, lowest first.
const (
	SensitivityNone Sensitivity = iota
	SensitivityLow
	SensitivityModerate
	SensitivityHigh
)

var sensitivityNames = [...]string{"none", "low", "moderate", "high"}

// String returns "none", "low", "moderate" or "high".
func (s Sensitivity) String() string {
	if int(s) < len(sensitivityNames) {
		return sensitivityNames[s]
	}
	return fmt.Sprintf("Sensitivity(%d)", uint8(s))
}

// MarshalText renders the level by name.
func (s Sensitivity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSensitivity reads "none", "low", "moderate" or "high".
func ParseSensitivity(s string) (Sensitivity, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	for i, n := range sensitivityNames {
		if n == l {
			return Sensitivity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown sensitivity %q (want none, low, moderate or high)", s)
}

// Match is one identifier found in a value. It carries positions, never the
// value itself.
type Match struct {
	Type       string     // detector ID, such as "US_SSN"
	Start, End int        // byte offsets into the scanned value, End exclusive
	Confidence Likelihood // how sure the engine is
	Validated  bool       // a checksum or structural validator confirmed it
	Example    bool       // a well-known documentation or test value
}

// Flags describe a candidate that MatchAt accepted.
type Flags uint8

const (
	// NeedsContext marks a form reported only when a keyword is near or
	// in the column name (a bare 9-digit SSN, say). Without context the
	// engine gives it Unlikely.
	NeedsContext Flags = 1 << iota
	// Checksum marks a candidate confirmed by a check digit or checksum.
	Checksum
	// IsExample marks a well-known documentation or test value.
	IsExample
)

// Anchor is a set of places, relative to what the engine's single pass sees,
// where a detector's matches can start. The engine calls MatchAt only there.
type Anchor uint16

const (
	// AtDigits: at the first digit of a run of ASCII digits (position d).
	AtDigits Anchor = 1 << iota
	// BeforeDigits1: one byte before a digit run (d-1), e.g. '(' '+' or a letter.
	BeforeDigits1
	// BeforeDigits2: two bytes before a digit run (d-2), e.g. two letters.
	BeforeDigits2
	// WordBeforeDigits: at the first letter of a word that ends, perhaps
	// with a '.', one space before a digit run ("March 5").
	WordBeforeDigits
	// AtHexSep: at the start of a run of one to four hex digits that ends
	// at a ':', '-' or '.' followed by a hex digit, or at the first ':' of a
	// "::".
	AtHexSep
	// AtEmail: at the start of the run of local-part characters that ends
	// at an '@' (see EmailLocalStart).
	AtEmail
	// AtLiteral: where one of the detector's Literals occurs.
	AtLiteral
	// TokenBeforeDigits: at the start of the run of base-64 bytes
	// (A-Z a-z 0-9 + /) whose first digit run is at d, when that run holds
	// more than the digits.
	TokenBeforeDigits
)

// NumberStart is a Preceded for identifiers that start a number of their
// own: no letter or digit before them, nor a decimal point after a digit.
func NumberStart(_, c1, c2 byte) bool {
	return !IsAlnum(c1) && !(c1 == '.' && IsDigit(c2))
}

// DigitAnchors are the anchors the engine finds from digit runs.
const DigitAnchors = AtDigits | BeforeDigits1 | BeforeDigits2 | WordBeforeDigits | TokenBeforeDigits

// DecimalRun is added to n in Follows for AtHexSep when the hex run is all
// decimal digits, so a detector can ask for digits before a '.'.
const DecimalRun = 8

// KeywordReach is how many bytes before a match a context keyword may end.
const KeywordReach = 30

// MaxRun is the digit-run length that stands for "this long or longer" in
// Detector.Runs.
const MaxRun = 31

// Runs builds a Detector.Runs mask from run lengths; n >= MaxRun means MaxRun.
func Runs(lengths ...int) uint32 {
	var m uint32
	for _, n := range lengths {
		m |= 1 << min(n, MaxRun)
	}
	return m
}

// RunRange builds a Detector.Runs mask for every length from lo to hi.
func RunRange(lo, hi int) uint32 {
	var m uint32
	for n := lo; n <= hi; n++ {
		m |= 1 << min(n, MaxRun)
	}
	return m
}

// Detector is one built-in identifier type.
type Detector struct {
	// ID is the stable type name used in reports, policies and tokens.
	ID string
	// Sensitivity of the type: SPII is high, PII moderate.
	Sensitivity Sensitivity
	// Keywords are context words: lower case, with spaces where users
	// write '_', '-' or ' '. Keywords of three letters or fewer count only
	// as whole words.
	Keywords []string
	// Base is the confidence of a match in a form that needs no context,
	// when no keyword is near. A keyword raises it one level.
	Base Likelihood
	// Anchor says where MatchAt can succeed.
	Anchor Anchor
	// Runs limits digit anchors to digit runs of these lengths (bit n set
	// for length n; MaxRun for longer). Zero means any length.
	Runs uint32
	// Literals are the byte strings AtLiteral anchors on.
	Literals []string
	// ContextOnly detectors are reported only with context; without it
	// their matches are dropped, not given a low confidence.
	ContextOnly bool
	// AllNeedContext says every match MatchAt accepts carries NeedsContext,
	// so without a keyword none reaches Likely. The engine then skips the
	// detector where no keyword is near, unless a lower floor is asked for.
	AllNeedContext bool
	// Multiline detectors may match across line breaks; the engine runs
	// them over a whole value rather than per chunk.
	Multiline bool
	// Follows, when set, narrows digit and hex-separator anchors: for a
	// digit anchor a it says whether a match can be anchored on a digit run
	// of length n (MaxRun for longer) followed by byte c (0 at the end of
	// the input); for AtHexSep, whether a match can start with a hex run of
	// length n (0 for a "::" start) followed by separator c. The engine asks
	// once per (n, c) when a scanner is built, never while scanning, so it
	// costs nothing per value. It must be true wherever MatchAt can succeed.
	Follows func(a Anchor, n int, c byte) bool
	// Leads, when set, says whether byte c can be the first byte of a match
	// anchored at a (AtDigits, where c is a digit, BeforeDigits1,
	// BeforeDigits2 or WordBeforeDigits). Like Follows it is asked only
	// when a scanner is built.
	Leads func(a Anchor, c byte) bool
	// Preceded, when set, says whether a match anchored AtDigits (sep 0) or
	// AtHexSep (sep the separator after its first hex run) may start right
	// after byte c1, which itself follows c2 (0 before the input): most
	// identifiers follow no letter, digit or decimal point. Like Follows it
	// is asked only when a scanner is built, and must be true wherever
	// MatchAt can succeed.
	Preceded func(sep, c1, c2 byte) bool
	// NotJoined says no match starts at a hex group joined by ':', '-' or
	// '.' to a group of hex digits standing before it (the "01" of
	// "2024-01" or "12:01"), so the engine does not try one there.
	NotJoined bool
	// MatchAt reports whether a match starts exactly at b[i], returning its
	// end (exclusive) and flags, or end < 0 when there is none. It may look
	// at any byte of b (for boundaries), must not allocate, and must give the
	// same answer wherever it is called from.
	MatchAt func(b []byte, i int) (end int, f Flags)
}

var builtins []*Detector

// register adds a built-in detector; called from init functions.
func register(d *Detector) { builtins = append(builtins, d) }

// Builtins returns every built-in detector, sorted by ID. The slice is new;
// the detectors are shared and immutable.
func Builtins() []*Detector {
	out := append([]*Detector(nil), builtins...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
