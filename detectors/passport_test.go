package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_PASSPORT",
	tc{in: "Passport No: 912803456", want: []string{"912803456"}, why: "nine digits with keyword"},
	tc{in: "passport number A12345678", want: []string{"A12345678"}, why: "next-generation letter form"},
	tc{in: "travel document: C03005988.", want: []string{"C03005988"}, why: "travel document keyword"},
	tc{in: "e12345678", col: "passport_no", want: []string{"e12345678"}, why: "column context, lower-case letter"},
	tc{in: "order 912803456", why: "nine digits without context"},
	tc{in: "ref A12345678", why: "letter form without context"},
	tc{in: "passport 111111111", why: "all one digit"},
	tc{in: "passport A00000000", why: "letter form with all one digit"},
	tc{in: "passport 9128034567", why: "ten digits"},
	tc{in: "passport AB1234567", why: "two letters"},
	tc{in: "passport A1234567", why: "seven digits after the letter"},
	tc{in: "passport xA12345678", why: "inside a longer token"},
	tc{in: "passport 912803456-1", why: "hyphen-joined longer number"},
)

func TestPassport(t *testing.T) { runCases(t, "US_PASSPORT") }

func TestPassportConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_PASSPORT", "passport 912803456", ""))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_PASSPORT", "x 912803456", ""))
}

func FuzzPassport(f *testing.F) {
	fuzzDetector(f, "US_PASSPORT", "passport A12345678 912803456", "AA12345678", "A123456789")
}
