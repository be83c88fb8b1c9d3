package detectors

import "github.com/veil-data/veil/detectors/checksum"

func init() {
	register(&Detector{
		ID:          "IBAN_CODE",
		Sensitivity: SensitivityHigh,
		Base:        VeryLikely,
		Anchor:      BeforeDigits2,
		// The check digits may run on into a numeric BBAN
		// (DE89370400440532013000) or stop at a letter (GB82WEST...).
		Runs:    RunRange(2, MaxRun),
		MatchAt: matchIBAN,
		Leads:   func(_ Anchor, c byte) bool { return isUpper(c) },
	})
}

// ibanMax is the longest IBAN ISO 13616 allows.
const ibanMax = 34

// matchIBAN finds an IBAN starting at b[i]: two upper-case letters naming a
// country of the ISO 13616 registry, two check digits (02 to 98), then the
// BBAN of upper-case letters and digits, written compact or in groups of four
// separated by single spaces (the last group may be shorter). The total
// length must be the country's registered length and the whole must pass
// mod 97-10. Neither a letter nor a digit may touch it on either side.
func matchIBAN(b []byte, i int) (int, Flags) {
	c0, c1 := b[i], at(b, i+1)
	if !isUpper(c0) || !isUpper(c1) || IsAlnum(at(b, i-1)) ||
		!IsDigit(at(b, i+2)) || !IsDigit(at(b, i+3)) {
		return -1, 0
	}
	n := int(ibanLengths[int(c0-'A')*26+int(c1-'A')])
	if n == 0 {
		return -1, 0
	}
	if cd := val(b, i+2, 2); cd < 2 || cd > 98 {
		return -1, 0
	}
	var buf [ibanMax]byte
	copy(buf[:4], b[i:i+4])
	k, p := 4, i+4
	grouped := at(b, p) == ' '
	for k < n {
		if grouped {
			if k%4 == 0 {
				if at(b, p) != ' ' {
					return -1, 0
				}
				p++
			}
		}
		c := at(b, p)
		if !isUpper(c) && !IsDigit(c) {
			return -1, 0
		}
		buf[k] = c
		k++
		p++
	}
	if IsAlnum(at(b, p)) || !checksum.Mod97(buf[:n]) {
		return -1, 0
	}
	return p, Checksum
}

// ibanLengths maps a country code (first letter*26 + second) to the IBAN
// length of that country in the ISO 13616 IBAN registry (SWIFT), release
// 100 of October 2025; 0 for a code without IBANs. Territories that use
// their parent's code (Åland: FI; Guernsey, Jersey, Isle of Man: GB; the
// French overseas departments and collectivities: FR) have no entry of
// their own, as in the registry.
var ibanLengths = func() (t [26 * 26]uint8) {
	for _, e := range []struct {
		cc string
		n  uint8
	}{
		{"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28},
		{"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22}, {"BI", 27},
		{"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28},
		{"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28},
		{"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18},
		{"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
		{"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21},
		{"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
		{"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
		{"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
		{"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
		{"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28},
		{"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
		{"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22},
		{"RU", 33}, {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24},
		{"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
		{"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
		{"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
	} {
		t[int(e.cc[0]-'A')*26+int(e.cc[1]-'A')] = e.n
	}
	return t
}()
