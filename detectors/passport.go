package detectors

func init() {
	register(&Detector{
		ID:             "US_PASSPORT",
		Sensitivity:    SensitivityHigh,
		Keywords:       []string{"passport", "passports", "travel document"},
		Base:           Likely,
		AllNeedContext: true,
		Anchor:         AtDigits | BeforeDigits1,
		Runs:           Runs(8, 9),
		MatchAt:        matchPassport,
		Preceded:       NumberStart,
		Follows:        func(a Anchor, n int, _ byte) bool { return a == AtDigits && n == 9 || a == BeforeDigits1 && n == 8 },
		Leads:          func(a Anchor, c byte) bool { return a == AtDigits || IsLetter(c) },
	})
}

// matchPassport accepts a US passport book number: nine digits (older
// books) or one letter and eight digits (next-generation books), not all
// one digit. The shape says little on its own, so context is required.
func matchPassport(b []byte, i int) (int, Flags) {
	if !pidBoundaryBefore(b, i) {
		return -1, 0
	}
	var digits []byte
	c := at(b, i)
	switch {
	case IsLetter(c):
		if digitRun(b, i+1) != 8 {
			return -1, 0
		}
		digits = b[i+1 : i+9]
	case IsDigit(c):
		if digitRun(b, i) != 9 {
			return -1, 0
		}
		digits = b[i : i+9]
	default:
		return -1, 0
	}
	end := i + 9
	if !pidBoundaryAfter(b, end) || groupedAround(b, i, end) || allSame(digits) {
		return -1, 0
	}
	return end, NeedsContext
}
