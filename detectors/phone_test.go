package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("PHONE_NUMBER",
	// North American forms.
	tc{in: "call (212) 555-1234 today", want: []string{"(212) 555-1234"}, why: "(NPA) NXX-XXXX"},
	tc{in: "x (212)555-1234 y", want: []string{"(212)555-1234"}, why: "(NPA)NXX-XXXX needs no context"},
	tc{in: "office: (415) 555.0199", want: []string{"(415) 555.0199"}, why: "parenthesized area code with a dot before the line"},
	tc{in: "reach me at 212-555-1234.", want: []string{"212-555-1234"}, why: "NPA-NXX-XXXX"},
	tc{in: "212.555.1234", want: []string{"212.555.1234"}, why: "NPA.NXX.XXXX"},
	tc{in: "Phone: 212 555 1234", want: []string{"212 555 1234"}, why: "space form with a keyword"},
	tc{in: "id +1 212 555 1234", want: []string{"+1 212 555 1234"}, why: "space form after +1 needs no context"},
	tc{in: "+1-212-555-1234", want: []string{"+1-212-555-1234"}, why: "+1 and hyphens"},
	tc{in: "+1.212.555.1234", want: []string{"+1.212.555.1234"}, why: "+1 and dots"},
	tc{in: "+1 (212) 555-1234", want: []string{"+1 (212) 555-1234"}, why: "+1 and parentheses"},
	tc{in: "+1(212)555-1234", want: []string{"+1(212)555-1234"}, why: "+1 with nothing between the parts"},
	tc{in: "from +12125551234 via sms", want: []string{"+12125551234"}, why: "E.164 NANP number"},
	tc{in: "1-800-555-0199", want: []string{"1-800-555-0199"}, why: "1- prefix"},
	tc{in: "1 (800) 555-0199", want: []string{"1 (800) 555-0199"}, why: "1 and parentheses"},
	tc{in: "tel: 2125551234", want: []string{"2125551234"}, why: "bare ten digits with a keyword"},
	tc{in: "2125551234", col: "mobile_number", want: []string{"2125551234"}, why: "bare ten digits with column context"},
	tc{in: "cell 12125551234", want: []string{"12125551234"}, why: "1 and ten bare digits with a keyword"},
	tc{in: "fax 1 212 555 1234", want: []string{"1 212 555 1234"}, why: "1 and the space form with a keyword"},
	tc{in: `{"contact":"212-555-1234"}`, want: []string{"212-555-1234"}, why: "in JSON"},
	// Other countries.
	tc{in: "London +44 20 7123 4567", want: []string{"+44 20 7123 4567"}, why: "UK with spaces"},
	tc{in: "London +44 (20) 7123 4567", want: []string{"+44 (20) 7123 4567"}, why: "UK with the area code in parentheses"},
	tc{in: "+44 (0)20 7123 4567", want: []string{"+44 (0)20 7123 4567"}, why: "UK with a written trunk 0"},
	tc{in: "Paris +33 1 42 68 53 00", want: []string{"+33 1 42 68 53 00"}, why: "France in pairs"},
	tc{in: "Berlin +49 30 1234567", want: []string{"+49 30 1234567"}, why: "Germany"},
	tc{in: "+442071234567", want: []string{"+442071234567"}, why: "E.164 contiguous"},
	tc{in: "Tokyo +81 3-1234-5678", want: []string{"+81 3-1234-5678"}, why: "Japan with mixed separators"},
	tc{in: "+91 98765 43210", want: []string{"+91 98765 43210"}, why: "India mobile"},
	tc{in: "+61 2 9876 5432", want: []string{"+61 2 9876 5432"}, why: "Australia"},
	tc{in: "+86 138 0013 8000", want: []string{"+86 138 0013 8000"}, why: "China mobile"},
	tc{in: "+7 495 123-45-67", want: []string{"+7 495 123-45-67"}, why: "Russia"},
	tc{in: "+353.1.234.5678", want: []string{"+353.1.234.5678"}, why: "Ireland with dots"},
	tc{in: "(800)555-0199x123", want: []string{"(800)555-0199"}, why: "an extension written straight after"},
	tc{in: "+44 20 7123 4567x89", want: []string{"+44 20 7123 4567"}, why: "an international number with an extension"},
	tc{in: "+44 20 7123 4567 2 rooms", want: []string{"+44 20 7123 4567"}, why: "longest valid reading: a trailing number after a space is not taken"},

	// False positives.
	tc{in: "call (112) 555-1234", why: "area code 1xx"},
	tc{in: "call 012-555-1234", why: "area code 0xx"},
	tc{in: "call 295-555-1234", why: "area code second digit 9"},
	tc{in: "call 212-155-1234", why: "exchange starting 1"},
	tc{in: "call 212-055-1234", why: "exchange starting 0"},
	tc{in: "call 212-911-1234", why: "N11 exchange"},
	tc{in: "call +1 112 555 1234", why: "+1 with area code 1xx"},
	tc{in: "ref 2125551234", why: "bare ten digits without context"},
	tc{in: "ref 212 555 1234", why: "space form without context"},
	tc{in: "ref 12125551234", why: "1 and ten bare digits without context"},
	tc{in: "phone 42125551234", why: "eleven digits not starting 1"},
	tc{in: "phone 212555123456", why: "inside a longer digit run"},
	tc{in: "phone 212-555-1234-5678", why: "hyphen-joined to a further group"},
	tc{in: "phone 99-212-555-1234", why: "a later part of a hyphen-joined number"},
	tc{in: "phone 212-555-12345", why: "line number of five digits"},
	tc{in: "phone 212-555 1234", why: "mixed separators in the NPA-NXX-XXXX form"},
	tc{in: "date 2024-01-15", why: "an ISO date"},
	tc{in: "host 192.168.100.200", why: "an IPv4 address"},
	tc{in: "ver 1.212.555.12345", why: "a dotted version with a five-digit part"},
	tc{in: "ver v1.212.555.1234", why: "a version string"},
	tc{in: "amount 3.2125551234", why: "decimal fraction"},
	tc{in: "phone 555-1234", why: "seven digits without an area code"},
	tc{in: "ab2125551234cd", col: "phone", why: "digits inside a token"},
	tc{in: "x+442071234567", why: "'+' attached to a word"},
	tc{in: "phone +999 1234 5678", why: "999 is not a country calling code"},
	tc{in: "phone +44 20 71", why: "too short for the UK"},
	tc{in: "phone +4420712345678901", why: "too long for the UK"},
	tc{in: "phone +44 20 7123", why: "too short for the UK"},
	tc{in: "diff +1234567", why: "a diff line count"},
	tc{in: "phone +33 1 42 68 53 00-12", why: "a shorter reading may not end at a hyphen joining more digits"},
)

func TestPhoneNumber(t *testing.T) { runCases(t, "PHONE_NUMBER") }

func TestPhoneNumberConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "PHONE_NUMBER", "x 212-555-1234", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "PHONE_NUMBER", "Phone: 212-555-1234", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "PHONE_NUMBER", "212-555-1234", "contact_phone"))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "PHONE_NUMBER", "x 2125551234", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "PHONE_NUMBER", "x 2125551234", "telephone"))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "PHONE_NUMBER", "x 212 555 1234", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "PHONE_NUMBER", "x +1 212 555 1234", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "PHONE_NUMBER", "x +44 20 7123 4567", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "PHONE_NUMBER", "mobile +44 7911 123456", ""))
}

func FuzzPhoneNumber(f *testing.F) {
	fuzzDetector(f, "PHONE_NUMBER",
		"call (212) 555-1234 or +1 212 555 1234, 1-800-555-0199", "+44 (0)20 7123 4567 +33 1 42 68 53 00",
		"+49-30-1234567-89 +81 3-1234-5678", "+1(212)555-1234(212)555-1234", "12125551234 2125551234",
		"+44 20 7123 4567 8901 2345", "(212) 555-1234-5678")
}
