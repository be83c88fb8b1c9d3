package detectors

import "github.com/veil-data/veil/detectors/checksum"

func init() {
	register(&Detector{
		ID:          "US_DEA_NUMBER",
		Sensitivity: SensitivityHigh,
		Keywords:    []string{"dea"},
		Base:        Likely,
		// Two letters then seven digits: the run starts two bytes after the
		// match. When the second character is '9' it belongs to the run,
		// which then has eight digits and starts one byte after the match.
		Anchor:  BeforeDigits1 | BeforeDigits2,
		Runs:    Runs(7, 8),
		MatchAt: matchDEA,
		Follows: func(a Anchor, n int, c byte) bool {
			return !IsAlnum(c) && (a == BeforeDigits2 && n == 7 || a == BeforeDigits1 && n == 8)
		},
		Leads: func(_ Anchor, c byte) bool { return isUpper(c) },
	})
}

// deaFirst holds the registrant-type letters a DEA number may start with.
var deaFirst = func() (t [256]bool) {
	for _, c := range "ABCDEFGHJKLMPRSTUX" {
		t[c] = true
	}
	return t
}()

// matchDEA accepts a DEA registration number: a registrant-type letter, an
// upper-case letter or '9', and seven digits passing the DEA check digit,
// with word boundaries on both sides.
func matchDEA(b []byte, i int) (int, Flags) {
	if !deaFirst[at(b, i)] || IsAlnum(at(b, i-1)) {
		return -1, 0
	}
	if c := at(b, i+1); !isUpper(c) && c != '9' {
		return -1, 0
	}
	if digitRun(b, i+2) != 7 {
		return -1, 0
	}
	end := i + 9
	if !pidBoundaryAfter(b, end) || !checksum.DEA(b[i+2:end]) {
		return -1, 0
	}
	if string(b[i:end]) == "AB1234563" { // the usual documentation example
		return end, Checksum | IsExample
	}
	return end, Checksum
}
