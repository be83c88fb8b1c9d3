package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_DEA_NUMBER",
	tc{in: "DEA# BJ3141594", want: []string{"BJ3141594"}, why: "keyword and valid check digit"},
	tc{in: "prescriber FM4567890 signed", want: []string{"FM4567890"}, why: "no context needed"},
	tc{in: "A91234563", want: []string{"A91234563"}, why: "second character 9"},
	tc{in: "(XR2718281)", want: []string{"XR2718281"}, why: "X for narcotic treatment programs"},
	tc{in: "dea: AB1234563", want: []string{"AB1234563"}, why: "documentation example is still reported"},
	tc{in: "dea AB1234564", why: "wrong check digit"},
	tc{in: "dea IB3141594", why: "I is not a registrant type"},
	tc{in: "dea NB3141594", why: "N is not a registrant type"},
	tc{in: "dea bj3141594", why: "lower case"},
	tc{in: "dea Bj3141594", why: "lower-case second letter"},
	tc{in: "dea XBJ3141594", why: "inside a longer word"},
	tc{in: "dea BJ31415940", why: "eight digits"},
	tc{in: "dea BJ3141594X", why: "letter after"},
	tc{in: "dea B83141594", why: "second character a digit other than 9"},
	tc{in: "dea BJ3141594.5", why: "decimal"},
)

func TestDEA(t *testing.T) { runCases(t, "US_DEA_NUMBER") }

func TestDEAConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_DEA_NUMBER", "id BJ3141594", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_DEA_NUMBER", "DEA number: BJ3141594", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_DEA_NUMBER", "BJ3141594", "dea_no"))
}

func TestDEAExample(t *testing.T) {
	s := newScanner(t)
	ms := s.Find(nil, []byte("AB1234563"), s.Column(""))
	if assert.Len(t, ms, 1) {
		assert.True(t, ms[0].Example)
		assert.True(t, ms[0].Validated)
	}
}

func FuzzDEA(f *testing.F) {
	fuzzDetector(f, "US_DEA_NUMBER", "AB1234563 A91234563 A9123456", "AA9123456", "9A91234563")
}
