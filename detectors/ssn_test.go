package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_SSN",
	tc{in: "ssn 123-45-6789", want: []string{"123-45-6789"}, why: "dashed with keyword"},
	tc{in: "emp 536-22-1234 ok", want: []string{"536-22-1234"}, why: "dashed needs no context"},
	tc{in: "536221234", col: "customer_ssn", want: []string{"536221234"}, why: "bare digits with column context"},
	tc{in: "Social Security: 536 22 1234", want: []string{"536 22 1234"}, why: "space form with keyword"},
	tc{in: "SSN#536.22.1234", want: []string{"536.22.1234"}, why: "dot form with ss# keyword"},
	tc{in: "ref 536221234 done", why: "bare 9 digits without context"},
	tc{in: "ref 536 22 1234", why: "space form without context"},
	tc{in: "ssn 000-12-3456", why: "area 000 never issued"},
	tc{in: "ssn 666-12-3456", why: "area 666 never issued"},
	tc{in: "ssn 912-70-3456", why: "area 9xx is an ITIN, not an SSN"},
	tc{in: "ssn 123-00-4567", why: "group 00"},
	tc{in: "ssn 123-45-0000", why: "serial 0000"},
	tc{in: "ssn 078-05-1120", why: "the Woolworth wallet-card number"},
	tc{in: "ssn 219-09-9999", why: "the SSA advertisement number"},
	tc{in: "ssn 111-11-1111", why: "all one digit"},
	tc{in: "order 1536-22-12345", why: "inside a longer digit run"},
	tc{in: "ref x536-22-1234", why: "the tail of a token"},
	tc{in: "ssn 536-22-1234-99", why: "one group of a longer hyphenated number"},
	tc{in: "amount 0.536221234", col: "ssn", why: "decimal fraction, not a number on its own"},
	tc{in: "ssn 536-22.1234", why: "mixed separators"},
)

var _ = addCases("US_ITIN",
	tc{in: "itin 912-70-3456", want: []string{"912-70-3456"}, why: "dashed ITIN with keyword"},
	tc{in: "id 912-94-3456", want: []string{"912-94-3456"}, why: "dashed ITIN needs no context"},
	tc{in: "taxpayer 912703456", want: []string{"912703456"}, why: "bare with keyword"},
	tc{in: "id 912703456", why: "bare without context"},
	tc{in: "itin 912-93-3456", why: "group 93 is not an ITIN range"},
	tc{in: "itin 912-45-3456", why: "group 45 is not an ITIN range"},
	tc{in: "itin 812-70-3456", why: "first digit must be 9"},
)

func TestSSN(t *testing.T)  { runCases(t, "US_SSN") }
func TestITIN(t *testing.T) { runCases(t, "US_ITIN") }

func TestSSNConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_SSN", "x 536-22-1234", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_SSN", "SSN: 536-22-1234", ""))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_SSN", "x 536221234", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_SSN", "x 536221234", "ssn"))
}

func FuzzSSN(f *testing.F) {
	fuzzDetector(f, "US_SSN", "536-22-1234-5", "1536-22-1234", "ssn 536 22 1234", "536221234.5")
}

func FuzzITIN(f *testing.F) {
	fuzzDetector(f, "US_ITIN", "912-70-3456", "itin 912 94 3456", "9127034561")
}
