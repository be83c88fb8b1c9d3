package detectors

func init() {
	register(&Detector{
		ID:             "US_HICN",
		Sensitivity:    SensitivityHigh,
		Keywords:       []string{"hicn", "hic", "health insurance claim", "medicare"},
		Base:           Likely,
		AllNeedContext: true,
		Anchor:         AtDigits,
		Runs:           Runs(3, 9),
		MatchAt:        matchHICN,
		Leads:          func(_ Anchor, c byte) bool { return c != '9' }, // an SSN's area
		Preceded:       NumberStart,
		Follows: func(_ Anchor, n int, c byte) bool {
			return n == 3 && c == '-' || n == 9 && (c == '-' || IsLetter(c))
		},
	})
}

// matchHICN accepts a Medicare Health Insurance Claim Number: a valid SSN
// (nine bare digits, or dashed AAA-GG-SSSS as printed on the old red, white
// and blue cards) followed by a beneficiary identification code of a letter
// or a letter and a digit, optionally after a '-' ("123-45-6789-A"). Letters
// of either case are accepted, since context is required anyway.
func matchHICN(b []byte, i int) (int, Flags) {
	if IsLetter(at(b, i-1)) {
		return -1, 0
	}
	end, d, sep, ok := ssnShape(b, i)
	if !ok || (sep != 0 && sep != '-') || !validSSN(d) {
		return -1, 0
	}
	j := end
	if at(b, j) == '-' && IsLetter(at(b, j+1)) {
		j++
	}
	if !IsLetter(at(b, j)) {
		return -1, 0
	}
	j++
	if IsDigit(at(b, j)) {
		j++
	}
	if !pidBoundaryAfter(b, j) {
		return -1, 0
	}
	return j, NeedsContext
}
