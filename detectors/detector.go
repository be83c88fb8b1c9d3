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
	// at a ':', '-' or '.', or at a ':' itself.
	AtHexSep
	// AtEmail: at the first byte of the run of local-part bytes that ends
	// at an '@'.
	AtEmail
	// AtLiteral: where one of the detector's Literals occurs.
	AtLiteral
	// AfterKeyword: near an occurrence of one of the detector's Literals
	// (which locate its keywords), or anywhere in a value whose column names
	// a keyword. Such a detector is reported only with context.
	AfterKeyword
)

// DigitAnchors are the anchors the engine finds from digit runs.
const DigitAnchors = AtDigits | BeforeDigits1 | BeforeDigits2 | WordBeforeDigits

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
	// Literals are the byte strings AtLiteral anchors on; for AfterKeyword,
	// the byte strings that locate a keyword (the engine then checks the
	// keyword itself).
	Literals []string
	// Multiline detectors may match across line breaks; the engine runs
	// them over a whole value rather than per chunk.
	Multiline bool
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
