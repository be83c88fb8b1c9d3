package detectors

import "github.com/veil-data/veil/detectors/checksum"

func init() {
	register(&Detector{
		ID:          "CREDIT_CARD",
		Sensitivity: SensitivityHigh,
		Keywords: []string{"card", "cc", "credit", "debit", "visa", "amex", "american express",
			"mastercard", "discover", "jcb", "diners", "unionpay", "maestro", "pan", "payment", "cvv"},
		Base:     Likely,
		Anchor:   AtDigits,
		Runs:     Runs(4) | RunRange(12, 19),
		MatchAt:  matchCard,
		Leads:    func(_ Anchor, c byte) bool { return c >= '1' && c <= '6' }, // UATP, Mir and Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard/Maestro, Discover/UnionPay
		Preceded: NumberStart,
		Follows:  func(_ Anchor, n int, c byte) bool { return n != 4 || c == ' ' || c == '-' },
	})
}

// matchCard finds a payment card number starting at b[i]: 12 to 19
// contiguous digits, or digits grouped by single spaces or single hyphens
// (one separator throughout) in a card layout: 4-4-4 (12 digits, Maestro),
// 4-4-4-1..4 (13 to 16), 4-4-4-4-2 (18), 4-4-4-4-3 (19), 4-6-5 (Amex) or
// 4-6-4 (Diners). The digits must pass Luhn and start with an issuer prefix
// for a length that issuer uses.
//
// The number must stand alone: no digit, letter or decimal part on either
// side. A grouped number is read from its chain: the digit groups joined to
// it by the same separator.
//
// Space-joined groups are separate tokens, and only bare digit groups make
// up a chain: a group glued to a letter or, through punctuation, to another
// word or number (the "00" of "10:00:00", the "05" of "12/05" or
// "2024-05-01", the "12" of an expiry "12/27") is a token of its own, so it
// neither continues the chain after a card nor makes the card a later part
// of a longer number. When the whole chain is a card layout that validates,
// it is the card. Otherwise the longest layout at the start of the chain
// that validates wins (19 digits before 18, 16, 15 ...), provided the group
// after it reads as what follows a card in logs and forms: one to three
// digits (an expiry month, a CVV, a quantity) or four digits that read as an
// MMYY expiry ("1227"). Any other group after it (a fifth group of four such
// as "5678", a group of five or more digits) makes the chain one longer
// number, which is not a card.
//
// A hyphen-joined chain is one token ("4539-1488-0343-6467-99", a reference,
// a serial, the tail of a UUID), read whole, whatever is glued to it: any
// digit group joined by a hyphen belongs to it, and a digit group hyphenated
// before the start makes the start part of it. The one exception is
// 4-4-4-4-3, which is plausibly a 16-digit card followed by a three-digit
// CVV: 19 digits, else 16.
//
// A start in the middle of a chain ("qty 2 4410 9466 8523 4700", "1234 4539
// 1488 0343 6467") is rejected: the number there cannot be told from the
// tail of a longer one.
func matchCard(b []byte, i int) (int, Flags) {
	if !digitBoundaryBefore(b, i) || IsLetter(at(b, i-1)) {
		return -1, 0
	}
	var d [19]byte
	n := digitRun(b, i)
	if n >= 12 && n <= 19 {
		end := i + n
		if !cardEnd(b, end) || groupedAround(b, i, end) {
			return -1, 0
		}
		copy(d[:], b[i:end])
		if f, ok := validCard(d[:n]); ok {
			return end, f
		}
		return -1, 0
	}
	if n != 4 {
		return -1, 0
	}
	sep := at(b, i+4)
	if sep != ' ' && sep != '-' {
		return -1, 0
	}
	if at(b, i-1) == sep && IsDigit(at(b, i-2)) && (sep == '-' || bareGroupBefore(b, i-1)) {
		return -1, 0 // a later group of a longer number
	}
	if inGroupedIBAN(b, i, sep) {
		return -1, 0
	}
	// Collect the chain of groups joined by sep (bare ones only when sep is
	// a space): at most six, the five of the longest layout and the group
	// after it.
	var start, size [6]int
	k := 0
	for p := i; ; {
		r := digitRun(b, p)
		start[k], size[k] = p, r
		k++
		q := p + r
		if k == len(size) || at(b, q) != sep || !IsDigit(at(b, q+1)) {
			break
		}
		if sep == ' ' && !bareGroupAfter(b, q+1+digitRun(b, q+1)) {
			break // a time, date or expiry: a token of its own
		}
		p = q + 1
	}
	// In a space-joined chain the last group collected is bare (or the
	// first, a run of four followed by sep), so the number ends at a
	// boundary; a hyphen-joined token must end at one.
	if sep == '-' && !cardEnd(b, start[k-1]+size[k-1]) {
		return -1, 0
	}
	if cardLayout(size[:k]) {
		nd := gatherDigits(b, &start, &size, k, &d)
		if f, ok := validCard(d[:nd]); ok {
			return start[k-1] + size[k-1], f
		}
	}
	lo := 3 // the shortest layout has three groups
	if sep == '-' {
		if k != 5 || size[4] != 3 {
			return -1, 0 // one hyphen-joined token longer than a card
		}
		lo = 4 // 4-4-4-4-3: a 16-digit card and a CVV
	}
	for g := min(k-1, 5); g >= lo; g-- {
		if !cardLayout(size[:g]) || !cardCompanion(b, start[g], size[g]) {
			continue
		}
		nd := gatherDigits(b, &start, &size, g, &d)
		if f, ok := validCard(d[:nd]); ok {
			return start[g-1] + size[g-1], f
		}
	}
	return -1, 0
}

// cardLayout reports whether digit groups of these sizes are a layout
// printed on cards: 4-4-4 (12 digits), 4-4-4-1..4 (13 to 16), 4-4-4-4-2
// (18), 4-4-4-4-3 (19), 4-6-5 (Amex) and 4-6-4 (Diners).
func cardLayout(size []int) bool {
	switch len(size) {
	case 3:
		return size[0] == 4 && (size[1] == 4 && size[2] == 4 || size[1] == 6 && (size[2] == 5 || size[2] == 4))
	case 4:
		return size[0] == 4 && size[1] == 4 && size[2] == 4 && size[3] >= 1 && size[3] <= 4
	case 5:
		return size[0] == 4 && size[1] == 4 && size[2] == 4 && size[3] == 4 && (size[4] == 2 || size[4] == 3)
	}
	return false
}

// cardCompanion reports whether the n-digit group at b[p], which follows a
// card in the same chain, reads as what stands after a card number rather
// than as more of it: one to three digits (an expiry month, a CVV, a count)
// or an MMYY expiry (month 01 to 12).
func cardCompanion(b []byte, p, n int) bool {
	if n >= 1 && n <= 3 {
		return true
	}
	if n == 4 {
		m := val(b, p, 2)
		return m >= 1 && m <= 12
	}
	return false
}

// bareGroupAfter reports whether the digit group ending just before b[j]
// ends a bare token: no letter follows, nor punctuation glued to a letter
// or digit ("12/27", "2024-05", "10:00", "12.5"). A sentence's full stop or
// comma after it is not glue.
func bareGroupAfter(b []byte, j int) bool {
	c := at(b, j)
	if IsLetter(c) {
		return false
	}
	return !(isPunct(c) && IsAlnum(at(b, j+1)))
}

// bareGroupBefore reports whether the digit group ending just before b[e]
// (the space before a card's first group) is a bare token: no letter stands
// before it, nor punctuation glued to a letter or digit (the "00" of
// "10:00:00" and the "05" of "12/05" or "2024-05" are not bare).
func bareGroupBefore(b []byte, e int) bool {
	s := e
	for s > 0 && IsDigit(b[s-1]) {
		s--
	}
	c := at(b, s-1)
	if IsLetter(c) {
		return false
	}
	return !(isPunct(c) && IsAlnum(at(b, s-2)))
}

// isPunct reports whether c is ASCII punctuation: printable, not a letter,
// digit or space.
func isPunct(c byte) bool { return c > ' ' && c < 0x7f && !IsAlnum(c) }

// gatherDigits copies the first k groups into d and returns the digit count.
func gatherDigits(b []byte, start, size *[6]int, k int, d *[19]byte) int {
	nd := 0
	for g := 0; g < k; g++ {
		nd += copy(d[nd:], b[start[g]:start[g]+size[g]])
	}
	return nd
}

// cardEnd reports whether a card number may end just before b[j]: no digit,
// decimal part or letter follows.
func cardEnd(b []byte, j int) bool {
	return digitBoundaryAfter(b, j) && !IsLetter(at(b, j))
}

// validCard applies Luhn and the issuer table to the digits d (12 to 19 of
// them) and returns the flags of a valid number.
func validCard(d []byte) (Flags, bool) {
	n := len(d)
	if n < 12 || n > 19 || !checksum.Luhn(d) {
		return 0, false
	}
	p2 := val(d, 0, 2)
	p3 := val(d, 0, 3)
	p4 := val(d, 0, 4)
	in := func(lo, hi int) bool { return n >= lo && n <= hi }
	ok := false
	switch {
	case d[0] == '4': // Visa
		ok = n == 13 || n == 16 || n == 19
	case d[0] == '1': // UATP: only with context
		if n == 15 {
			return cardFlags(d) | NeedsContext, true
		}
		return 0, false
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		ok = n == 16
	case p2 == 34 || p2 == 37: // American Express
		ok = n == 15
	}
	if !ok {
		switch {
		case p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65: // Discover
			ok = in(16, 19)
		case p4 >= 3528 && p4 <= 3589: // JCB
			ok = in(16, 19)
		case p2 == 30 || p2 == 36 || p2 == 38 || p2 == 39: // Diners Club
			ok = in(14, 19)
		case p2 == 62: // UnionPay
			ok = in(16, 19)
		case p4 >= 2200 && p4 <= 2204: // Mir
			ok = in(16, 19)
		case p4 == 5019: // Dankort
			ok = n == 16
		}
	}
	if !ok {
		switch p4 { // Maestro
		case 5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763:
			ok = in(12, 19)
		}
	}
	if !ok {
		return 0, false
	}
	return cardFlags(d), true
}

// cardFlags returns Checksum, plus IsExample for an issuer test number.
func cardFlags(d []byte) Flags {
	if _, ok := testCards[string(d)]; ok || patternedCard(d) {
		return Checksum | IsExample
	}
	return Checksum
}

// patternedCard reports whether the account digits of d (after the
// four-digit issuer prefix, before the check digit) repeat with a period of
// one to three digits over at least eight comparisons: 4111 1111 1111 1111,
// 4242 4242 4242 4242, 5105 1051 0510 5100, 4000 0000 0000 0002. These are
// the shapes of the documented test numbers; a real account number takes
// this shape about once in 10^8.
func patternedCard(d []byte) bool {
	body := d[4 : len(d)-1]
	for p := 1; p <= 3; p++ {
		if len(body)-p < 8 {
			break
		}
		same := true
		for j := p; j < len(body); j++ {
			if body[j] != body[j-p] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// testCards are published issuer and payment-processor test numbers (the
// repeating ones among them patternedCard would catch anyway).
var testCards = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, s := range []string{
		// Visa
		"4012888888881881", "4222222222222", "4000056655665556", "4012000033330026",
		"4012000077777777", "4005519200000004", "4009348888881881", "4217651111111119",
		"4500600000000061", "4917610000000000", "4988438843884305", "4166676667666746",
		"4646464646464644", "4000620000000007", "4000060000000006", "4000002500003155",
		"4000002760003184", "4000008260003178", "4000000000003220", "4000000000009995",
		// Mastercard
		"5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
		"2222400010000008", "2223000048410010", "5425233430109903", "2222420000001113",
		"2223000010309703", "5500005555555559", "5555444433331111", "5577000055770004",
		// American Express
		"378282246310005", "371449635398431", "378734493671000", "374245455400126",
		"370000000000002", "340000000000009",
		// Discover
		"6011111111111117", "6011000990139424", "6011000400000000", "6011981111111113",
		"6011601160116611", "6445644564456445",
		// JCB
		"3530111333300000", "3566002020360505", "3566111111111113", "3528000700000000",
		// Diners Club
		"30569309025904", "38520000023237", "36227206271667", "3056930009020004",
		"36006666333344", "36148900647913", "36700102000000",
		// UnionPay
		"6200000000000005", "6205500000000000004", "6250941006528599",
		// Maestro
		"6759649826438453",
	} {
		m[s] = struct{}{}
	}
	return m
}()

// inGroupedIBAN reports whether the digit groups at b[i] continue an IBAN
// printed in groups of four ("GB34 LOYD 3093 7505 9682 45"): one of the
// groups of four letters or digits joined to it by sep reads as a country
// code and check digits. Its digits may pass Luhn; they are not a card.
func inGroupedIBAN(b []byte, i int, sep byte) bool {
	for j := i; at(b, j-1) == sep && j-5 >= 0; j -= 5 {
		g := j - 5
		for q := g; q < j-1; q++ {
			if !IsAlnum(b[q]) {
				return false
			}
		}
		if IsAlnum(at(b, g-1)) {
			return false // a longer word
		}
		if IsLetter(b[g]) && IsLetter(b[g+1]) && IsDigit(b[g+2]) && IsDigit(b[g+3]) {
			return true
		}
	}
	return false
}
