package detectors

// Byte classes shared by the detectors. Tables, not unicode calls, keep the
// hot path branch-light.
const (
	cDigit = 1 << iota
	cUpper
	cLower
	cHex
	cB64 // A-Z a-z 0-9 + /
	cEmailLocal
	cEmailDomain
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit | cHex | cB64 | cEmailLocal | cEmailDomain
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= cUpper | cB64 | cEmailLocal | cEmailDomain
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLower | cB64 | cEmailLocal | cEmailDomain
	}
	for _, c := range "abcdefABCDEF" {
		t[c] |= cHex
	}
	t['+'] |= cB64 | cEmailLocal
	t['/'] |= cB64
	for _, c := range "._%+-" {
		t[c] |= cEmailLocal
	}
	t['-'] |= cEmailDomain
	t['.'] |= cEmailDomain
	return t
}()

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return class[c]&cDigit != 0 }

// IsHex reports whether c is an ASCII hex digit.
func IsHex(c byte) bool { return class[c]&cHex != 0 }

// IsAlnum reports whether c is an ASCII letter or digit.
func IsAlnum(c byte) bool { return class[c]&(cDigit|cUpper|cLower) != 0 }

// IsLetter reports whether c is an ASCII letter.
func IsLetter(c byte) bool { return class[c]&(cUpper|cLower) != 0 }

// IsEmailLocal reports whether the ASCII byte c may appear anywhere in the
// local part of an address; an apostrophe between letters and non-ASCII
// letters may too (see EmailLocalStart).
func IsEmailLocal(c byte) bool { return class[c]&cEmailLocal != 0 }

func isUpper(c byte) bool { return class[c]&cUpper != 0 }
func isB64(c byte) bool   { return class[c]&cB64 != 0 }

// IsBase64 reports whether c is in the standard base-64 alphabet
// (A-Z a-z 0-9 + /).
func IsBase64(c byte) bool { return class[c]&cB64 != 0 }

// at returns b[i], or 0 when i is outside b, so boundary checks need no
// bounds arithmetic.
func at(b []byte, i int) byte {
	if i < 0 || i >= len(b) {
		return 0
	}
	return b[i]
}

// digitRun returns the number of ASCII digits starting at b[i].
func digitRun(b []byte, i int) int {
	j := i
	for j < len(b) && class[b[j]]&cDigit != 0 {
		j++
	}
	return j - i
}

// digitBoundaryBefore reports whether b[i] starts a number: the byte before
// is not a digit, and not a '.' that follows a digit (a decimal part). A
// ',' between digits is not read as a decimal comma: in CSV rows and JSON
// arrays ("1001,536-22-8714,42") it separates values far more often.
func digitBoundaryBefore(b []byte, i int) bool {
	p := at(b, i-1)
	if IsDigit(p) {
		return false
	}
	if p == '.' && IsDigit(at(b, i-2)) {
		return false
	}
	return true
}

// digitBoundaryAfter reports whether a number may end just before b[j]: the
// byte there is not a digit, and not a '.' followed by a digit.
func digitBoundaryAfter(b []byte, j int) bool {
	n := at(b, j)
	if IsDigit(n) {
		return false
	}
	if n == '.' && IsDigit(at(b, j+1)) {
		return false
	}
	return true
}

// val returns the value of n digits starting at b[i]; the caller has checked
// they are digits.
func val(b []byte, i, n int) int {
	v := 0
	for k := 0; k < n; k++ {
		v = v*10 + int(b[i+k]-'0')
	}
	return v
}
