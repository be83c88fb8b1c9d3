package checksum

// Luhn reports whether the ASCII digits in s pass the Luhn (mod 10) check.
// Bytes other than digits are skipped, so "4111 1111 1111 1111" works. It
// reports false when s holds fewer than two digits.
func Luhn(s []byte) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 2 && sum%10 == 0
}

// LuhnCheckDigit returns the digit that, appended to the digits in s, makes
// them pass Luhn. Non-digits are skipped.
func LuhnCheckDigit(s []byte) byte {
	sum, n := 0, 1 // the check digit will be position 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return byte('0' + (10-sum%10)%10)
}

// NPI reports whether a 10-digit National Provider Identifier passes its
// check: Luhn over the prefix 80840 followed by the ten digits.
func NPI(s []byte) bool {
	if len(s) != 10 {
		return false
	}
	// 80840 contributes a fixed 24 to the Luhn sum with these parities.
	sum, n := 0, 0
	for i := 9; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return (sum+24)%10 == 0
}

// Mod97 reports whether an IBAN written without separators passes ISO 7064
// mod 97-10: the first four characters moved to the end, letters as 10..35,
// the whole number mod 97 equal to 1. Letters may be either case.
func Mod97(iban []byte) bool {
	if len(iban) < 5 {
		return false
	}
	r := 0
	add := func(c byte) bool {
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			r = (r*100 + int(c-'A'+10)) % 97
		case c >= 'a' && c <= 'z':
			r = (r*100 + int(c-'a'+10)) % 97
		default:
			return false
		}
		return true
	}
	for _, c := range iban[4:] {
		if !add(c) {
			return false
		}
	}
	for _, c := range iban[:4] {
		if !add(c) {
			return false
		}
	}
	return r == 1
}

// ABA reports whether nine digits pass the ABA routing number checksum:
// 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
func ABA(s []byte) bool {
	if len(s) != 9 {
		return false
	}
	w := [3]int{3, 7, 1}
	sum := 0
	for i, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		sum += w[i%3] * int(c-'0')
	}
	return sum%10 == 0
}

// DEA reports whether the seven digits of a DEA registration number pass its
// check: (d1+d3+d5) + 2(d2+d4+d6) ≡ d7 (mod 10).
func DEA(digits []byte) bool {
	if len(digits) != 7 {
		return false
	}
	var d [7]int
	for i, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
		d[i] = int(c - '0')
	}
	return (d[0]+d[2]+d[4]+2*(d[1]+d[3]+d[5]))%10 == d[6]
}
