package detectors

import "github.com/veil-data/veil/detectors/checksum"

func init() {
	register(&Detector{
		ID:             "US_NPI",
		Sensitivity:    SensitivityModerate,
		Keywords:       []string{"npi", "npis", "national provider", "provider id"},
		Base:           Likely,
		AllNeedContext: true,
		Anchor:         AtDigits,
		Runs:           Runs(4, 10),
		MatchAt:        matchNPI,
		Leads:          func(_ Anchor, c byte) bool { return c == '1' || c == '2' },
		Preceded:       NumberStart,
		Follows:        func(_ Anchor, n int, c byte) bool { return n != 4 || c == ' ' || c == '-' },
	})
}

// pidBoundaryBefore reports whether an identifier may start at b[i]: the byte
// before is neither a letter nor a digit, nor the '.' of a decimal.
// Letters count so that digits inside hashes and other tokens are skipped.
func pidBoundaryBefore(b []byte, i int) bool {
	return digitBoundaryBefore(b, i) && !IsLetter(at(b, i-1))
}

// pidBoundaryAfter reports whether an identifier may end just before b[j]:
// the byte there is neither a letter nor a digit, nor a decimal part.
func pidBoundaryAfter(b []byte, j int) bool {
	return digitBoundaryAfter(b, j) && !IsLetter(at(b, j))
}

// joinedBy reports whether the groups b[i:end] continue, before or after,
// with another digit group joined by the same separator, as in a longer
// grouped number.
func joinedBy(b []byte, i, end int, sep byte) bool {
	return (at(b, end) == sep && IsDigit(at(b, end+1))) || (at(b, i-1) == sep && IsDigit(at(b, i-2)))
}

// matchNPI accepts a National Provider Identifier: ten digits starting with
// 1 or 2, bare or grouped 4-3-3 by one kind of separator ('-' or ' '), that
// pass the Luhn check over 80840 and the ten digits.
func matchNPI(b []byte, i int) (int, Flags) {
	if !pidBoundaryBefore(b, i) {
		return -1, 0
	}
	var d [10]byte
	var end int
	switch digitRun(b, i) {
	case 10:
		end = i + 10
		if groupedAround(b, i, end) {
			return -1, 0
		}
		copy(d[:], b[i:end])
	case 4:
		sep := at(b, i+4)
		if sep != '-' && sep != ' ' {
			return -1, 0
		}
		if digitRun(b, i+5) != 3 || at(b, i+8) != sep || digitRun(b, i+9) != 3 {
			return -1, 0
		}
		end = i + 12
		if joinedBy(b, i, end, sep) {
			return -1, 0
		}
		copy(d[0:4], b[i:i+4])
		copy(d[4:7], b[i+5:i+8])
		copy(d[7:10], b[i+9:i+12])
	default:
		return -1, 0
	}
	if !pidBoundaryAfter(b, end) || (d[0] != '1' && d[0] != '2') || allSame(d[:]) || !checksum.NPI(d[:]) {
		return -1, 0
	}
	f := NeedsContext | Checksum
	if string(d[:]) == "1234567893" { // the CMS check-digit specification's example
		f |= IsExample
	}
	return end, f
}
