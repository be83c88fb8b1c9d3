package detectors

func init() {
	register(&Detector{
		ID:          "US_SSN",
		Sensitivity: SensitivityHigh,
		Keywords:    []string{"ssn", "ss#", "ssns", "social security", "soc sec", "tax id", "taxid", "taxpayer"},
		Base:        Likely,
		Anchor:      AtDigits,
		Runs:        Runs(3, 9),
		MatchAt:     matchSSN,
		Leads:       func(_ Anchor, c byte) bool { return c != '9' }, // no area 900-999
		Preceded:    NumberStart,
		Follows:     followsSSN,
	})
	register(&Detector{
		ID:          "US_ITIN",
		Sensitivity: SensitivityHigh,
		Keywords:    []string{"itin", "taxpayer", "tax id", "taxid"},
		Base:        Likely,
		Anchor:      AtDigits,
		Runs:        Runs(3, 9),
		MatchAt:     matchITIN,
		Leads:       func(_ Anchor, c byte) bool { return c == '9' },
		Preceded:    NumberStart,
		Follows:     followsSSN,
	})
}

// ssnShape finds the SSN-shaped number AAA-GG-SSSS (one separator of '-',
// ' ' or '.', used twice) or nine bare digits starting at b[i], with no
// letter or digit before it, a digit boundary after it, and not inside a
// longer group of numbers joined by the same separator. It returns the end, the nine digits, and the
// separator (0 for bare).
func ssnShape(b []byte, i int) (end int, d [9]byte, sep byte, ok bool) {
	if !pidBoundaryBefore(b, i) { // not the tail of a token ("x536-22-1234")
		return -1, d, 0, false
	}
	switch digitRun(b, i) {
	case 9:
		if !digitBoundaryAfter(b, i+9) || groupedAround(b, i, i+9) {
			return -1, d, 0, false
		}
		copy(d[:], b[i:i+9])
		return i + 9, d, 0, true
	case 3:
		sep = at(b, i+3)
		if sep != '-' && sep != ' ' && sep != '.' {
			return -1, d, 0, false
		}
		if digitRun(b, i+4) != 2 || at(b, i+6) != sep || digitRun(b, i+7) != 4 {
			return -1, d, 0, false
		}
		end = i + 11
		if !digitBoundaryAfter(b, end) {
			return -1, d, 0, false
		}
		// A longer run of groups joined the same way is some other number.
		if (at(b, end) == sep && IsDigit(at(b, end+1))) || (at(b, i-1) == sep && IsDigit(at(b, i-2))) {
			return -1, d, 0, false
		}
		copy(d[0:3], b[i:i+3])
		copy(d[3:5], b[i+4:i+6])
		copy(d[5:9], b[i+7:i+11])
		return end, d, sep, true
	}
	return -1, d, 0, false
}

// groupedAround reports whether the digits b[i:j] are one group of a longer
// hyphen-joined number such as 123456789-01.
func groupedAround(b []byte, i, j int) bool {
	return (at(b, j) == '-' && IsDigit(at(b, j+1))) || (at(b, i-1) == '-' && IsDigit(at(b, i-2)))
}

// allSame reports whether every byte of d is the same.
func allSame(d []byte) bool {
	for _, c := range d[1:] {
		if c != d[0] {
			return false
		}
	}
	return true
}

func matchSSN(b []byte, i int) (int, Flags) {
	end, d, sep, ok := ssnShape(b, i)
	if !ok || !validSSN(d) {
		return -1, 0
	}
	if sep == '-' {
		return end, 0
	}
	return end, NeedsContext
}

// validSSN applies the SSA's rules for numbers that are never issued.
func validSSN(d [9]byte) bool {
	area := val(d[:], 0, 3)
	if area == 0 || area == 666 || area >= 900 {
		return false
	}
	if val(d[:], 3, 2) == 0 || val(d[:], 5, 4) == 0 {
		return false
	}
	if s := string(d[:]); s == "078051120" || s == "219099999" {
		return false
	}
	return !allSame(d[:])
}

func matchITIN(b []byte, i int) (int, Flags) {
	end, d, sep, ok := ssnShape(b, i)
	if !ok || d[0] != '9' {
		return -1, 0
	}
	g := val(d[:], 3, 2)
	if !(g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94 && g <= 99) {
		return -1, 0
	}
	if sep == '-' {
		return end, 0
	}
	return end, NeedsContext
}

// followsSSN: the dashed, spaced or dotted form starts with a 3-digit run
// and its separator; the bare form is one run of nine.
func followsSSN(_ Anchor, n int, c byte) bool {
	return n == 9 || n == 3 && (c == '-' || c == ' ' || c == '.')
}
