package checksum_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors/checksum"
)

func TestLuhn(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
		why  string
	}{
		{"4111111111111111", true, "Visa test card"},
		{"4111 1111 1111 1111", true, "separators are skipped"},
		{"4111-1111-1111-1111", true, "hyphens are skipped"},
		{"79927398713", true, "the textbook example"},
		{"378282246310005", true, "Amex test card, odd length"},
		{"00", true, "two zeros sum to zero"},
		{"18", true, "shortest non-trivial valid value"},
		{"79927398710", false, "wrong check digit"},
		{"4111111111111112", false, "one digit off"},
		{"0", false, "fewer than two digits"},
		{"", false, "empty"},
		{"abc", false, "no digits"},
		{"a0", false, "one digit only"},
	} {
		assert.Equal(t, c.want, checksum.Luhn([]byte(c.in)), "%q: %s", c.in, c.why)
	}
}

func TestLuhnCheckDigit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want byte
	}{
		{"7992739871", '3'},
		{"411111111111111", '1'},
		{"37828224631000", '5'},
		{"80840123456789", '3'}, // the NPI example 123456789 with prefix 80840
		{"0", '0'},
		{"", '0'},
		{"1", '8'},
		{"4111 1111 1111 111", '1'},
	} {
		assert.Equal(t, string(c.want), string(checksum.LuhnCheckDigit([]byte(c.in))), "%q", c.in)
	}
}

func TestNPI(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
		why  string
	}{
		{"1234567893", true, "the CMS specification example"},
		{"1987654328", true, "valid check digit"},
		{"2456789017", true, "starts with 2"},
		{"1508143264", true, "valid check digit"},
		{"1234567890", false, "wrong check digit"},
		{"1234567894", false, "one off"},
		{"123456789", false, "nine digits"},
		{"12345678930", false, "eleven digits"},
		{"123456789A", false, "a letter"},
		{"1234-56789", false, "a separator counts as a non-digit"},
		{"", false, "empty"},
	} {
		assert.Equal(t, c.want, checksum.NPI([]byte(c.in)), "%q: %s", c.in, c.why)
	}
}

func TestNPIMatchesLuhnWithPrefix(t *testing.T) {
	for _, s := range []string{"1234567893", "1234567890", "2456789017", "1000000004", "9999999999"} {
		assert.Equal(t, checksum.Luhn([]byte("80840"+s)), checksum.NPI([]byte(s)), s)
	}
}

func TestMod97(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
		why  string
	}{
		{"GB82WEST12345698765432", true, "UK example"},
		{"DE89370400440532013000", true, "German example"},
		{"FR1420041010050500013M02606", true, "French example with a letter in the BBAN"},
		{"gb82west12345698765432", true, "lower case letters"},
		{"GB82WEST12345698765433", false, "last digit changed"},
		{"GB28WEST12345698765432", false, "check digits swapped"},
		{"GB82 WEST 1234 5698 7654 32", false, "spaces are not skipped"},
		{"GB82", false, "too short"},
		{"", false, "empty"},
		{"GB82WEST1234569876543!", false, "punctuation"},
	} {
		assert.Equal(t, c.want, checksum.Mod97([]byte(c.in)), "%q: %s", c.in, c.why)
	}
}

func TestABA(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
		why  string
	}{
		{"011000015", true, "Federal Reserve Bank of Boston"},
		{"021000021", true, "JPMorgan Chase"},
		{"026009593", true, "Bank of America"},
		{"322271627", true, "Chase California"},
		{"091000019", true, "Wells Fargo Minnesota"},
		{"000000000", true, "all zeros sum to zero (the detector rejects it)"},
		{"021000022", false, "wrong check digit"},
		{"011000016", false, "one off"},
		{"02100002", false, "eight digits"},
		{"0210000210", false, "ten digits"},
		{"02100002a", false, "a letter"},
		{"", false, "empty"},
	} {
		assert.Equal(t, c.want, checksum.ABA([]byte(c.in)), "%q: %s", c.in, c.why)
	}
}

func TestDEA(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
		why  string
	}{
		{"1234563", true, "digits of AB1234563"},
		{"4567890", true, "sum ending in zero"},
		{"3141594", true, "valid check digit"},
		{"0000000", true, "all zeros (the detector's letters make it rare)"},
		{"1234564", false, "wrong check digit"},
		{"7654321", false, "wrong check digit"},
		{"123456", false, "six digits"},
		{"12345630", false, "eight digits"},
		{"AB12345", false, "letters"},
		{"", false, "empty"},
	} {
		assert.Equal(t, c.want, checksum.DEA([]byte(c.in)), "%q: %s", c.in, c.why)
	}
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

// FuzzLuhnCheckDigit checks that appending the computed check digit always
// yields a value that passes Luhn.
func FuzzLuhnCheckDigit(f *testing.F) {
	for _, s := range []string{"7992739871", "411111111111111", "0", "", "4111 1111-1111 111", "x9y"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c := checksum.LuhnCheckDigit(b)
		if c < '0' || c > '9' {
			t.Fatalf("check digit %q is not a digit", c)
		}
		if !hasDigit(b) {
			return // one digit alone never passes
		}
		s := append(append([]byte(nil), b...), c)
		if !checksum.Luhn(s) {
			t.Fatalf("Luhn(%q + %q) = false", b, c)
		}
	})
}

// FuzzChecksums feeds arbitrary bytes to every function: none may panic, and
// each agrees with its definition where one is easy to restate.
func FuzzChecksums(f *testing.F) {
	for _, s := range []string{"1234567893", "GB82WEST12345698765432", "011000015", "1234563", "", "\xff\x00", "80840"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checksum.Luhn(b)
		checksum.LuhnCheckDigit(b)
		checksum.Mod97(b)
		checksum.DEA(b)
		checksum.ABA(b)
		if checksum.NPI(b) {
			if len(b) != 10 || !checksum.Luhn(append([]byte("80840"), b...)) {
				t.Fatalf("NPI(%q) true but Luhn over 80840 prefix false", b)
			}
		}
		if len(b) == 10 && allDigits(b) && checksum.NPI(b) != checksum.Luhn(append([]byte("80840"), b...)) {
			t.Fatalf("NPI(%q) disagrees with Luhn over 80840 prefix", b)
		}
	})
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
