package policy

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"

	"github.com/veil-data/veil/detectors"
)

// Version is the policy file version this package reads.
const Version = 1

// MaxSize is the largest policy file Parse accepts. Real policies are a few
// kilobytes; the bound keeps a stray multi-gigabyte file from being read.
const MaxSize = 1 << 20

// Policy is a checked policy. Parse fills in every default, so two files
// that mean the same thing give equal Policies and the same Digest. Treat a
// Policy as read-only once built.
type Policy struct {
	Version   int
	Detection Detection
	Masking   Masking

	// Source is the file the policy was loaded from, or "" (not part of
	// the digest).
	Source string
}

// Detection is what the scanner finds.
type Detection struct {
	MinConfidence detectors.Likelihood
	DropExamples  bool
	Disabled      []string // built-in types switched off
	Allow         Allow
	Custom        []Custom
}

// Allow holds what is never reported.
type Allow struct {
	Values   []string // exact, case-insensitive
	Patterns []string // regular expressions (RE2 syntax) that must match a whole match
}

// Custom is a user-defined identifier.
type Custom struct {
	ID          string
	Pattern     string // RE2 syntax
	Keywords    []string
	MaxDistance int // bytes before a match a keyword may end; only with Keywords
	IgnoreWords []string
	Sensitivity detectors.Sensitivity
}

// Defaults of the fields a policy may leave out.
const (
	DefaultMinConfidence = detectors.Likely
	DefaultSensitivity   = detectors.SensitivityModerate
	DefaultMaxDistance   = 50 // bytes, as Macie's default
	// MaxMaxDistance bounds max_distance, as Macie does: a keyword further
	// away says little about a match.
	MaxMaxDistance = 300
)

// DefaultAction is the masking default_action when the policy gives none:
// deterministic, format-preserving tokenization, so masked data still joins
// and a holder of the key can reverse it.
var DefaultAction = Action{Kind: ActionTokenize}

// Default returns the policy used when no policy file is given: every
// built-in detector on at LIKELY, example values reported, nothing allowed,
// no custom identifiers, and sensitive columns tokenized.
func Default() *Policy {
	return &Policy{
		Version:   Version,
		Detection: Detection{MinConfidence: DefaultMinConfidence},
		Masking:   Masking{DefaultAction: DefaultAction},
	}
}

// BuiltinIDs lists the IDs of the built-in detectors, the usual second
// argument of Parse and Load.
func BuiltinIDs() []string {
	var ids []string
	for _, d := range detectors.Builtins() {
		ids = append(ids, d.ID)
	}
	return ids
}

// Parse reads and checks a policy. builtinIDs are the built-in type names
// the policy may refer to (in detection.disabled and masking.types) and that
// custom ids must not reuse; pass BuiltinIDs(). On any problem Parse returns
// a nil Policy and a *LintError holding every problem found.
func Parse(data []byte, builtinIDs []string) (*Policy, error) {
	return parse("", data, builtinIDs)
}

// Load reads and checks the policy file at path, like Parse; problems carry
// the file name. An unreadable file gives the os error, wrapped.
func Load(path string, builtinIDs []string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("policy: reading %s: %w", path, err)
	}
	p, err := parse(path, data, builtinIDs)
	if err != nil {
		return nil, err
	}
	p.Source = path
	return p, nil
}

func parse(file string, data []byte, builtinIDs []string) (p *Policy, err error) {
	defer func() {
		// The YAML library has panicked on odd input before; a policy that
		// cannot be read is a policy with a problem, never a crash.
		if r := recover(); r != nil {
			p, err = nil, &LintError{File: file, Problems: []Problem{{
				Line: 1, Message: fmt.Sprintf("cannot read the policy (internal error: %v)", r),
			}}}
		}
	}()
	c := newChecker(builtinIDs)
	p = c.check(data)
	if len(c.probs) > 0 {
		return nil, &LintError{File: file, Problems: sortProblems(c.probs)}
	}
	return p, nil
}

// CompileWhole compiles an allow pattern so that it can only match a whole
// text: leftmost-first matching would otherwise let `a|ab` stop at "a" and
// miss "ab".
func CompileWhole(src string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(src); err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + src + `)$`)
}

// Detectors returns the detectors of all that the policy does not disable.
func (p *Policy) Detectors(all []*detectors.Detector) []*detectors.Detector {
	out := make([]*detectors.Detector, 0, len(all))
	for _, d := range all {
		if !slices.Contains(p.Detection.Disabled, d.ID) {
			out = append(out, d)
		}
	}
	return out
}
