package detectors

func init() {
	register(&Detector{
		ID:          "US_MBI",
		Sensitivity: SensitivityHigh,
		Keywords:    []string{"mbi", "mbis", "medicare"},
		Base:        Likely,
		Anchor:      AtDigits, // position 1 is a digit followed by a letter
		Runs:        Runs(1),
		MatchAt:     matchMBI,
		Leads:       func(_ Anchor, c byte) bool { return c != '0' },
		Preceded:    NumberStart,
		Follows:     func(_ Anchor, _ int, c byte) bool { return IsLetter(c) },
	})
}

// mbiLetter marks the upper-case letters a Medicare Beneficiary Identifier
// uses: A-Z without S, L, O, I, B and Z.
var mbiLetter = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for _, c := range "SLOIBZ" {
		t[c] = false
	}
	return t
}()

// mbiKinds gives, per position of an MBI, what it holds: 'L' a letter, 'A' a
// letter or digit, 'D' a digit (position 1, a digit 1-9, is checked apart).
const mbiKinds = "DLADLADLLDD"

// matchMBI accepts a Medicare Beneficiary Identifier (CMS format sheet):
// eleven characters CAN ANA NAA NN, bare or dashed 4-3-4, with word
// boundaries. Upper case is the printed form; an all-lower-case MBI is
// accepted only with context (it is a plausible shape for other tokens), and
// mixed case is rejected.
func matchMBI(b []byte, i int) (int, Flags) {
	c := at(b, i)
	if c < '1' || c > '9' || !pidBoundaryBefore(b, i) {
		return -1, 0
	}
	var s [11]byte
	s[0] = c
	dashed := at(b, i+4) == '-'
	j := i + 1
	upper, lower := false, false
	for n := 1; n < 11; n++ {
		if dashed && (n == 4 || n == 7) {
			if at(b, j) != '-' {
				return -1, 0
			}
			j++
		}
		x := at(b, j)
		j++
		if x >= 'a' && x <= 'z' {
			x -= 'a' - 'A'
			lower = true
		} else if x >= 'A' && x <= 'Z' {
			upper = true
		}
		switch mbiKinds[n] {
		case 'L':
			if !mbiLetter[x] {
				return -1, 0
			}
		case 'A':
			if !mbiLetter[x] && !IsDigit(x) {
				return -1, 0
			}
		default:
			if !IsDigit(x) {
				return -1, 0
			}
		}
		s[n] = x
	}
	if IsAlnum(at(b, j)) || !digitBoundaryAfter(b, j) || (upper && lower) {
		return -1, 0
	}
	if dashed && ((at(b, j) == '-' && IsAlnum(at(b, j+1))) || (at(b, i-1) == '-' && IsAlnum(at(b, i-2)))) {
		return -1, 0 // one part of a longer dashed token
	}
	var f Flags
	if lower {
		f = NeedsContext
	}
	if string(s[:]) == "1EG4TE5MK73" { // the CMS format sheet's example
		f |= IsExample
	}
	return j, f
}
