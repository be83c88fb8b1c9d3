package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_HICN",
	tc{in: "HICN: 536221234A", want: []string{"536221234A"}, why: "bare SSN and beneficiary code A"},
	tc{in: "Medicare claim number 123-45-6789A", want: []string{"123-45-6789A"}, why: "dashed SSN part"},
	tc{in: "medicare 123-45-6789-A", want: []string{"123-45-6789-A"}, why: "as printed on the old card"},
	tc{in: "HIC# 536221234B1,", want: []string{"536221234B1"}, why: "letter and digit code"},
	tc{in: "536221234T", col: "hicn", want: []string{"536221234T"}, why: "column context"},
	tc{in: "health insurance claim no 536221234c2", want: []string{"536221234c2"}, why: "lower-case code with context"},
	tc{in: "ref 536221234A", why: "no context"},
	tc{in: "hicn 000221234A", why: "area 000 is not a valid SSN"},
	tc{in: "hicn 666221234A", why: "area 666"},
	tc{in: "hicn 536001234A", why: "group 00"},
	tc{in: "hicn 536221234", why: "no beneficiary code"},
	tc{in: "hicn 536221234AB", why: "two letters is not a beneficiary code here"},
	tc{in: "hicn 536221234A12", why: "letter and two digits"},
	tc{in: "hicn 536 22 1234A", why: "space-separated SSN part"},
	tc{in: "hicn X536221234A", why: "inside a longer token"},
	tc{in: "hicn 1536221234A", why: "inside a longer digit run"},
)

func TestHICN(t *testing.T) { runCases(t, "US_HICN") }

func TestHICNConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_HICN", "medicare 536221234A", ""))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_HICN", "x 536221234A", ""))
}

func FuzzHICN(f *testing.F) {
	fuzzDetector(f, "US_HICN", "hicn 536221234A 123-45-6789-B1", "536221234-a", "123-45-6789AA")
}
