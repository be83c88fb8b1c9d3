package detectors

import (
	"unicode"
	"unicode/utf8"
)

func init() {
	register(&Detector{
		ID:          "EMAIL_ADDRESS",
		Sensitivity: SensitivityModerate,
		Base:        Likely,
		Anchor:      AtEmail,
		MatchAt:     matchEmail,
	})
}

// Limits from RFC 5321 (and its errata): a local part of at most 64 bytes, a
// domain label of at most 63, a whole address of at most 254.
const (
	emailMaxLocal = 64
	emailMaxLabel = 63
	emailMaxTotal = 254
)

// emailFileExt lists file extensions that are not top-level domains, so that
// asset names such as "logo@2x.png" or "notes@v2.txt" are not addresses.
// Extensions that are also real TLDs (.md, .sh, .py, .zip, ...) are absent.
var emailFileExt = [...]string{
	"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff",
	"heic", "avif", "css", "js", "jsx", "ts", "tsx", "json", "yaml", "yml",
	"txt", "log", "csv", "html", "htm", "xml", "pdf", "wav", "ttf", "otf",
	"eot", "toml", "ini", "cfg", "conf", "lock", "php", "java", "exe", "dll",
	"cpp", "tgz",
}

// isEmailDomainByte reports whether c may appear inside a domain label.
func isEmailDomainByte(c byte) bool { return IsAlnum(c) || c == '-' }

// matchEmail finds local@domain.tld starting at b[i]. The local part is the
// whole run of local-part characters before the '@' (see emailLocalAt), so
// the character before b[i] must not be one; the domain runs to the first
// byte that cannot continue it, so a sentence-ending '.' is left out.
func matchEmail(b []byte, i int) (int, Flags) {
	if i < 0 || i >= len(b) || emailLocalBefore(b, i) > 0 {
		return -1, 0
	}
	// Local part: ASCII bytes from the table, the rest by emailLocalAt.
	j := i
	for j < len(b) {
		n := 1
		if !IsEmailLocal(b[j]) {
			if n = emailLocalAt(b, j); n == 0 {
				break
			}
		}
		j += n
		if j-i > emailMaxLocal {
			return -1, 0
		}
	}
	if j == i || at(b, j) != '@' {
		return -1, 0
	}
	if b[i] == '.' || b[j-1] == '.' {
		return -1, 0
	}
	for k := i + 1; k < j; k++ {
		if b[k] == '.' && b[k-1] == '.' {
			return -1, 0
		}
	}
	// Domain: labels separated by single dots.
	k := j + 1
	labels := 0
	last := k // start of the last label
	for {
		s := k
		for k < len(b) && isEmailDomainByte(b[k]) {
			k++
			if k-i > emailMaxTotal+16 { // bounds the work; exact limit below
				return -1, 0
			}
		}
		if k == s {
			return -1, 0 // empty label: "a@.com"
		}
		if b[s] == '-' || k-s > emailMaxLabel {
			return -1, 0
		}
		labels++
		last = s
		if at(b, k) == '.' && isEmailDomainByte(at(b, k+1)) {
			k++
			continue
		}
		break
	}
	// A "..": sentence punctuation after a complete address is fine, but a
	// dot run inside a domain ("a@b.co..uk") is a malformed address.
	if at(b, k) == '.' && at(b, k+1) == '.' && IsAlnum(at(b, k+2)) {
		return -1, 0
	}
	// Hyphens at the very end ("a@b.com--") are punctuation, not part of
	// the last label; inside the domain they make the label invalid.
	for k > last && b[k-1] == '-' {
		k--
	}
	if k == last || labels < 2 {
		return -1, 0
	}
	for s := j + 1; s < k; s++ {
		if b[s] == '-' && (b[s-1] == '.' || at(b, s+1) == '.') {
			return -1, 0 // label with a leading or trailing hyphen
		}
	}
	if !emailTLD(b[last:k]) {
		return -1, 0
	}
	if k-i > emailMaxTotal {
		return -1, 0
	}
	return k, 0
}

// emailTLD reports whether t is a plausible top-level domain: two or more
// letters, or an IDN A-label "xn--…", and not a common file extension.
func emailTLD(t []byte) bool {
	if len(t) > 4 && emailLower(t[0]) == 'x' && emailLower(t[1]) == 'n' && t[2] == '-' && t[3] == '-' {
		return true
	}
	if len(t) < 2 {
		return false
	}
	for _, c := range t {
		if !IsLetter(c) {
			return false
		}
	}
	for _, e := range emailFileExt {
		if len(e) == len(t) && emailEqualFold(t, e) {
			return false
		}
	}
	return true
}

// emailLower folds an ASCII upper-case letter to lower case.
func emailLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// emailEqualFold reports whether b equals the lower-case ASCII string s,
// ignoring the case of b.
func emailEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for k := range b {
		if emailLower(b[k]) != s[k] {
			return false
		}
	}
	return true
}

// The local part of an address is a run of local-part characters:
//
//   - the ASCII bytes IsEmailLocal accepts (letters, digits, "._%+-");
//   - an apostrophe, ASCII "'" or the typographic U+2019 that word
//     processors put in names, between two letters ("o'connor",
//     "O’Brien"): a quote with no letter on one side ("email='jane@…'")
//     is punctuation around the address, not part of it;
//   - a non-ASCII letter, digit or combining mark ("müller", "josé",
//     "иван"), decoded from UTF-8 as a rune (RFC 6531 lets them in local
//     parts), except in the scripts written without spaces between words
//     (see emailUnspaced), where the letters before an address are the
//     sentence around it ("联系john@example.cn" is "contact john@…").
//
// Whether a character belongs depends on its neighbours only, and the run
// is the same read forwards from its start (matchEmail) or backwards from
// the '@' (EmailLocalStart): the engine finds the start one way and
// MatchAt checks it the other.

// EmailLocalStart returns where the run of local-part characters that ends
// just before b[at] (an '@') starts. It looks back no further than the
// longest local part allows, so when the run is longer it returns a
// position inside it, where matchEmail finds nothing, as it does at the
// run's real start.
func EmailLocalStart(b []byte, at int) int {
	k := at
	for at-k <= emailMaxLocal && k > 0 {
		n := 1
		if !IsEmailLocal(b[k-1]) {
			if n = emailLocalBefore(b, k); n == 0 {
				break
			}
		}
		k -= n
	}
	return k
}

// rightQuote is U+2019, the typographic apostrophe.
const rightQuote = '\u2019'

// emailLocalAt returns the length of the local-part character that starts
// at b[j], or 0 when none does.
func emailLocalAt(b []byte, j int) int {
	if j < 0 || j >= len(b) {
		return 0
	}
	c := b[j]
	if c < utf8.RuneSelf {
		if IsEmailLocal(c) || c == '\'' && emailLetterBefore(b, j) && emailLetterAt(b, j+1) {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRune(b[j:])
	if r == rightQuote {
		if emailLetterBefore(b, j) && emailLetterAt(b, j+n) {
			return n
		}
		return 0
	}
	if emailRuneLocal(r) {
		return n
	}
	return 0
}

// emailLocalBefore returns the length of the local-part character that
// ends just before b[k], or 0 when none does.
func emailLocalBefore(b []byte, k int) int {
	if k <= 0 || k > len(b) {
		return 0
	}
	c := b[k-1]
	if c < utf8.RuneSelf {
		if IsEmailLocal(c) || c == '\'' && emailLetterBefore(b, k-1) && emailLetterAt(b, k) {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeLastRune(b[:k])
	if r == rightQuote {
		if emailLetterBefore(b, k-n) && emailLetterAt(b, k) {
			return n
		}
		return 0
	}
	if emailRuneLocal(r) {
		return n
	}
	return 0
}

// emailLetterAt reports whether a letter of a local part starts at b[j].
func emailLetterAt(b []byte, j int) bool {
	if j < 0 || j >= len(b) {
		return false
	}
	if c := b[j]; c < utf8.RuneSelf {
		return IsLetter(c)
	}
	r, _ := utf8.DecodeRune(b[j:])
	return emailRuneLetter(r)
}

// emailLetterBefore reports whether a letter of a local part ends just
// before b[k].
func emailLetterBefore(b []byte, k int) bool {
	if k <= 0 || k > len(b) {
		return false
	}
	if c := b[k-1]; c < utf8.RuneSelf {
		return IsLetter(c)
	}
	r, _ := utf8.DecodeLastRune(b[:k])
	return emailRuneLetter(r)
}

// emailRuneLocal reports whether the non-ASCII rune r may appear in a local
// part: a letter, digit or combining mark (the accent of a decomposed "é",
// an Indic vowel sign) outside the unspaced scripts. utf8.RuneError, what
// invalid UTF-8 decodes to, is none of these.
func emailRuneLocal(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !emailUnspaced(r)
}

// emailRuneLetter is emailRuneLocal without the digits: what may stand on
// either side of an apostrophe.
func emailRuneLetter(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsMark(r)) && !emailUnspaced(r)
}

// emailUnspaced reports whether r belongs to a script written without
// spaces between words, where letters run straight into an address: Thai,
// Lao, Myanmar, Khmer, and the CJK blocks (radicals, kana, Bopomofo,
// ideographs, Yi, compatibility ideographs, the half- and full-width forms,
// the supplementary ideographs). The kana length mark "ー" and the
// iteration mark "々" count as letters to unicode.IsLetter, so the blocks,
// not the script tables, draw the line.
func emailUnspaced(r rune) bool {
	switch {
	case r >= 0x0E00 && r <= 0x0EFF: // Thai, Lao
		return true
	case r >= 0x1000 && r <= 0x109F: // Myanmar
		return true
	case r >= 0x1780 && r <= 0x17FF: // Khmer
		return true
	case r >= 0x2E80 && r <= 0xA4CF: // CJK radicals … ideographs, Yi
		return true
	case r >= 0xF900 && r <= 0xFAFF: // CJK compatibility ideographs
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // half- and full-width forms
		return true
	case r >= 0x20000: // supplementary ideographic planes
		return true
	}
	return false
}
