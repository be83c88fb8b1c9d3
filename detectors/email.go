package detectors

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
// whole run of local-part bytes before the '@' (so the byte before b[i] must
// not be one); the domain runs to the first byte that cannot continue it, so
// a sentence-ending '.' is left out.
func matchEmail(b []byte, i int) (int, Flags) {
	if i < 0 || i >= len(b) || IsEmailLocal(at(b, i-1)) {
		return -1, 0
	}
	// Local part.
	j := i
	for j < len(b) && IsEmailLocal(b[j]) {
		j++
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
