package detectors

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

func init() {
	register(&Detector{
		ID:          "PHONE_NUMBER",
		Sensitivity: SensitivityModerate,
		Keywords:    []string{"phone", "tel", "telephone", "homephone", "workphone", "mobile", "cell", "fax", "call", "contact"},
		Base:        Likely,
		Anchor:      AtDigits | BeforeDigits1,
		// '+' before a country code (1 to 3 digits) or a whole E.164
		// number (up to 15 digits, 16 with a written trunk 0); '(' before a
		// 3-digit area code; a digit run of 1 ("1-"), 3, 10 or 11 digits
		// for North American forms.
		Runs:     RunRange(1, phoneMaxDigits),
		MatchAt:  matchPhone,
		Preceded: NumberStart,
		Follows:  followsPhone,
		Leads:    func(a Anchor, c byte) bool { return a == AtDigits && c != '0' || c == '(' || c == '+' },
	})
}

// phoneMaxDigits bounds the digits of an international candidate: E.164
// allows 15, and a trunk 0 may be written in ("+4402071234567").
const phoneMaxDigits = 16

// matchPhone finds a telephone number starting at b[i]:
//
//   - North American (NANP): (NPA) NXX-XXXX, (NPA)NXX-XXXX, NPA-NXX-XXXX,
//     NPA.NXX.XXXX, NPA NXX XXXX or ten bare digits, optionally after +1 or
//     1 and a space, hyphen, dot or nothing (nothing only before '(' or ten
//     bare digits: "+12125551234", "1(212)555-1234"). After "(NPA)" the
//     exchange and line may be joined by '-', '.' or ' '. NPA starts 2-9
//     and its second digit is not 9; NXX starts 2-9 and is not N11; there
//     is no list of assigned area codes. Checked by hand, allocation-free.
//   - Elsewhere: '+', then digit groups joined by single spaces, hyphens or
//     dots, one group possibly in parentheses ("+44 (20) 7123 4567",
//     "+49 (0)30 1234567"; a "(0)" trunk prefix is not part of the number).
//     The country calling code must be real and the national number of a
//     length that country uses (libphonenumber's possible-number check).
//
// Digit boundaries hold on both sides: no digit, decimal part or letter
// touches the number (an extension written straight after, "x123", is
// allowed and left out), and a NANP number is not one group of a longer
// number joined by the same separator. Ten bare digits (with or without a
// leading 1) and the space-separated form need context unless written after
// "+1".
func matchPhone(b []byte, i int) (int, Flags) {
	c := b[i]
	switch {
	case c == '+':
		if IsAlnum(at(b, i-1)) || at(b, i-1) == '+' {
			return -1, 0
		}
		r := digitRun(b, i+1)
		if r == 0 || r > phoneMaxDigits {
			return -1, 0
		}
		if b[i+1] != '1' {
			return phoneIntl(b, i, r)
		}
		switch r {
		case 1: // +1 212 555 1234, +1-212-555-1234, +1(212)555-1234
			q := i + 2
			if isPhoneSep(at(b, q)) {
				q++
			}
			if end, _, _, ok := nanpBody(b, q); ok {
				return end, 0
			}
		case 11: // +12125551234
			if end, _, _, ok := nanpBody(b, i+2); ok {
				return end, 0
			}
		}
		return -1, 0
	case c == '(':
		if IsAlnum(at(b, i-1)) {
			return -1, 0
		}
		if end, _, _, ok := nanpBody(b, i); ok {
			return end, 0
		}
		return -1, 0
	case !IsDigit(c) || !digitBoundaryBefore(b, i) || IsLetter(at(b, i-1)):
		return -1, 0
	}
	r := digitRun(b, i)
	if c == '1' && (r == 1 || r == 11) {
		// A leading 1 is a prefix only when it stands apart ("1-800-...")
		// or heads eleven digits; it must not continue a longer number.
		q := i + 1
		if r == 1 {
			s := at(b, q)
			if at(b, i-1) == s && isPhoneSep(s) && IsDigit(at(b, i-2)) {
				return -1, 0
			}
			if isPhoneSep(s) {
				q++
			} else if s != '(' {
				return -1, 0
			}
		}
		end, sep, bare, ok := nanpBody(b, q)
		if !ok {
			return -1, 0
		}
		if bare || sep == ' ' {
			return end, NeedsContext
		}
		return end, 0
	}
	if r != 3 && r != 10 {
		return -1, 0
	}
	end, sep, bare, ok := nanpBody(b, i)
	if !ok {
		return -1, 0
	}
	if sep != 0 && at(b, i-1) == sep && IsDigit(at(b, i-2)) {
		return -1, 0 // a later group of a longer number
	}
	if bare || sep == ' ' {
		return end, NeedsContext
	}
	return end, 0
}

// phoneEnd reports whether a phone number may end just before b[j]: no
// digit, decimal part or letter follows, except an extension written
// straight after it ("x123").
func phoneEnd(b []byte, j int) bool {
	c := at(b, j)
	if (c == 'x' || c == 'X') && IsDigit(at(b, j+1)) {
		return true
	}
	return digitBoundaryAfter(b, j) && !IsLetter(c)
}

// isPhoneSep reports whether c may separate the groups of a phone number.
func isPhoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' }

// nanpBody reads a North American number without its +1 or 1 prefix at
// b[p]: "(NPA) NXX-XXXX" (after the parenthesis: a space or nothing; between
// exchange and line: '-', '.' or ' '), "NPA-NXX-XXXX" with one separator of
// '-', '.' or ' ' used twice, or ten bare digits. It returns the end, the
// separator of the unparenthesized form (0 otherwise), whether the digits
// were bare, and whether the number is well formed and valid.
func nanpBody(b []byte, p int) (end int, sep byte, bare, ok bool) {
	var npa, nxx int
	switch {
	case at(b, p) == '(':
		if digitRun(b, p+1) != 3 || at(b, p+4) != ')' {
			return -1, 0, false, false
		}
		npa = p + 1
		q := p + 5
		if at(b, q) == ' ' {
			q++
		}
		if digitRun(b, q) != 3 {
			return -1, 0, false, false
		}
		nxx = q
		s := at(b, q+3)
		if !isPhoneSep(s) || digitRun(b, q+4) != 4 {
			return -1, 0, false, false
		}
		end = q + 8
		if at(b, end) == s && IsDigit(at(b, end+1)) {
			return -1, 0, false, false
		}
	case !IsDigit(at(b, p)):
		return -1, 0, false, false
	default:
		switch digitRun(b, p) {
		case 10:
			npa, nxx, end, bare = p, p+3, p+10, true
		case 3:
			sep = at(b, p+3)
			if !isPhoneSep(sep) || digitRun(b, p+4) != 3 || at(b, p+7) != sep || digitRun(b, p+8) != 4 {
				return -1, 0, false, false
			}
			npa, nxx, end = p, p+4, p+12
			if at(b, end) == sep && IsDigit(at(b, end+1)) {
				return -1, 0, false, false
			}
		default:
			return -1, 0, false, false
		}
	}
	if !phoneEnd(b, end) {
		return -1, 0, false, false
	}
	// NPA: [2-9][0-8]X. NXX: [2-9]XX, not N11.
	if b[npa] < '2' || b[npa+1] == '9' {
		return -1, 0, false, false
	}
	if b[nxx] < '2' || (b[nxx+1] == '1' && b[nxx+2] == '1') {
		return -1, 0, false, false
	}
	return end, sep, bare, true
}

// phoneIntl reads an international number at the '+' b[i], whose first
// digit run is r long. It gathers the chain of digit groups (dropping a
// "(0)" trunk prefix) and, longest first, takes the first reading whose
// digits libphonenumber accepts as a possible number. A shorter reading
// must be followed by a space (the next group may be other text), never by
// a hyphen or dot joining more digits. Only these candidates reach
// libphonenumber, whose parser allocates; they are rare.
func phoneIntl(b []byte, i, r int) (int, Flags) {
	var digits [phoneMaxDigits]byte
	var ends, counts [phoneMaxDigits]int
	nd := copy(digits[:], b[i+1:i+1+r])
	p := i + 1 + r
	ends[0], counts[0] = p, nd
	ne := 1
	parens := false
	for {
		q := p
		if isPhoneSep(at(b, q)) {
			q++
		}
		if at(b, q) == '(' {
			if parens {
				break
			}
			parens = true
			pr := digitRun(b, q+1)
			if pr == 0 || pr > 4 || at(b, q+1+pr) != ')' {
				break
			}
			if !(pr == 1 && b[q+1] == '0') {
				if nd+pr > phoneMaxDigits {
					break
				}
				nd += copy(digits[nd:], b[q+1:q+1+pr])
			}
			q += pr + 2
			if isPhoneSep(at(b, q)) {
				q++
			}
		} else if q == p {
			break
		}
		gr := digitRun(b, q)
		if gr == 0 || nd+gr > phoneMaxDigits {
			break
		}
		nd += copy(digits[nd:], b[q:q+gr])
		p = q + gr
		ends[ne], counts[ne] = p, nd
		ne++
	}
	for k := ne - 1; k >= 0; k-- {
		end, n := ends[k], counts[k]
		if n < 7 {
			break
		}
		if !phoneEnd(b, end) || at(b, end) == '(' {
			continue
		}
		if s := at(b, end); (s == '-' || s == '.') && (IsDigit(at(b, end+1)) || at(b, end+1) == '(') {
			continue
		}
		// With the country code written as its own group, it must be one.
		cc := 0
		if k > 0 && r <= 3 {
			cc = val(b, i+1, r)
			if phonenumbers.GetRegionCodeForCountryCode(cc) == phonenumbers.UNKNOWN_REGION {
				return -1, 0
			}
		}
		if possibleIntl(digits[:n], cc) {
			return end, 0
		}
	}
	return -1, 0
}

// possibleIntl reports whether the digits (country code first) form a
// number with a real country calling code (cc, when not 0) and a national
// number of a length that country uses: what libphonenumber's Parse and
// IsPossibleNumberWithReason say of "+digits". It answers from tables built
// once from libphonenumber's metadata, without allocating, and asks
// libphonenumber itself only when the national number may begin with a
// national prefix that Parse would strip ("+44 0…").
func possibleIntl(digits []byte, cc int) bool {
	if ok, sure := possibleIntlFast(digits, cc); sure {
		return ok
	}
	return possibleIntlParse(digits, cc)
}

// possibleIntlFast is possibleIntl from the tables; sure is false when only
// libphonenumber can tell.
func possibleIntlFast(digits []byte, cc int) (ok, sure bool) {
	if len(digits) == 0 || digits[0] == '0' || len(digits) > 17+3 {
		return false, false
	}
	tab := phoneTables()
	code, k := 0, 0
	for i := 1; i <= 3 && i <= len(digits); i++ {
		if c := val(digits, 0, i); tab.known[c] {
			code, k = c, i
			break
		}
	}
	if code == 0 || (cc != 0 && code != cc) {
		return false, true
	}
	national := digits[k:]
	n := len(national)
	if n < 2 || n > 17 {
		return false, true
	}
	for _, lit := range tab.literal[code] {
		if bytes.HasPrefix(national, lit) {
			return false, false // a national prefix Parse may strip
		}
	}
	if re := tab.prefix[code]; re != nil && prefixMatch(re, national) {
		return false, false
	}
	return tab.lengths[code]&(1<<n) != 0, true
}

// prefixMatch runs re on a pooled copy of national, so that the caller's
// stack buffer does not escape into the regexp machinery (and allocate).
func prefixMatch(re *regexp.Regexp, national []byte) bool {
	bp := nationalBufs.Get().(*[32]byte)
	ok := re.Match(append(bp[:0], national...))
	nationalBufs.Put(bp)
	return ok
}

var nationalBufs = sync.Pool{New: func() any { return new([32]byte) }}

// possibleIntlParse is possibleIntl through libphonenumber's parser, which
// allocates and runs regular expressions.
func possibleIntlParse(digits []byte, cc int) bool {
	var buf [phoneMaxDigits + 5]byte
	buf[0] = '+'
	n := 1 + copy(buf[1:], digits)
	num, err := phonenumbers.Parse(string(buf[:n]), phonenumbers.UNKNOWN_REGION)
	if err != nil {
		return false
	}
	if cc != 0 && int(num.GetCountryCode()) != cc {
		return false
	}
	return phonenumbers.IsPossibleNumberWithReason(num) == phonenumbers.IS_POSSIBLE
}

// phoneTable holds, per country calling code, what possibleIntlFast needs
// of libphonenumber's metadata for the code's main region: whether the
// code exists, the national-prefix pattern Parse strips (a literal, or an
// anchored expression), and the
// national number lengths (bit n) IsPossibleNumberWithReason calls
// possible (not local-only).
type phoneTable struct {
	known   [1000]bool
	literal [1000][][]byte       // national prefixes of digits only ("0", "0|180020"): most of them
	prefix  [1000]*regexp.Regexp // any other national-prefix pattern
	lengths [1000]uint32
}

var phoneTables = sync.OnceValue(func() *phoneTable {
	t := &phoneTable{}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		panic("detectors: libphonenumber metadata: " + err.Error())
	}
	for _, md := range coll.GetMetadata() {
		cc := int(md.GetCountryCode())
		if cc <= 0 || cc >= 1000 {
			continue
		}
		main := phonenumbers.GetRegionCodeForCountryCode(cc)
		if md.GetId() != main && !(main == "001" && md.GetId() == "001") {
			continue
		}
		t.known[cc] = true
		switch p := md.GetNationalPrefixForParsing(); {
		case p == "":
		case strings.Trim(p, "0123456789|") == "" && !strings.Contains("|"+p+"|", "||"):
			for _, alt := range strings.Split(p, "|") {
				t.literal[cc] = append(t.literal[cc], []byte(alt))
			}
		default:
			t.prefix[cc] = regexp.MustCompile("^(?:" + p + ")")
		}
		gd := md.GetGeneralDesc()
		if gd.GetNationalNumberPattern() == "" {
			t.lengths[cc] = (1<<18 - 1) &^ 3 // 2 to 17 digits
			continue
		}
		pl := gd.GetPossibleLength()
		if len(pl) == 0 || pl[0] == -1 {
			continue
		}
		for _, l := range pl {
			if l > 0 && l < 32 {
				t.lengths[cc] |= 1 << l
			}
		}
		for _, l := range gd.GetPossibleLengthLocalOnly() {
			if l > 0 && l < 32 {
				t.lengths[cc] &^= 1 << l
			}
		}
	}
	for cc := 1; cc < 1000; cc++ {
		if phonenumbers.GetRegionCodeForCountryCode(cc) != phonenumbers.UNKNOWN_REGION && !t.known[cc] {
			panic(fmt.Sprintf("detectors: no libphonenumber metadata for calling code %d", cc))
		}
	}
	return t
})

// followsPhone narrows where the engine tries matchPhone. At a digit run:
// "1" before a separator or '(' ("1-800…", "1 (212)…"), an area code before
// a separator, or 10 or 11 bare digits. One byte before a run: '(' before a
// 3-digit area code, or '+' before any country code or whole number.
func followsPhone(a Anchor, n int, c byte) bool {
	if a == BeforeDigits1 {
		return n <= phoneMaxDigits
	}
	switch n {
	case 1:
		return isPhoneSep(c) || c == '('
	case 3:
		return isPhoneSep(c)
	}
	return n == 10 || n == 11
}
