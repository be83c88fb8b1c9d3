package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_MBI",
	tc{in: "MBI: 2A93-C45-DE67", want: []string{"2A93-C45-DE67"}, why: "dashed with keyword"},
	tc{in: "member 5KW7XG2NA48 active", want: []string{"5KW7XG2NA48"}, why: "bare, no context needed"},
	tc{in: "medicare id 1EG4-TE5-MK73", want: []string{"1EG4-TE5-MK73"}, why: "CMS example is still reported"},
	tc{in: "mbi 5kw7xg2na48", want: []string{"5kw7xg2na48"}, why: "lower case with context"},
	tc{in: "id 5kw7xg2na48", why: "lower case without context"},
	tc{in: "id 5Kw7xG2nA48", why: "mixed case"},
	tc{in: "mbi 1SG4TE5MK73", why: "S is excluded"},
	tc{in: "mbi 1EG4TE5MK7B", why: "last position must be a digit"},
	tc{in: "mbi 1EG4TE5ML73", why: "L is excluded"},
	tc{in: "mbi 1EO4TE5MK73", why: "O is excluded in the letter-or-digit position"},
	tc{in: "mbi 0EG4TE5MK73", why: "first digit 0"},
	tc{in: "mbi 1EG4-TE5MK73", why: "inconsistent dashes"},
	tc{in: "mbi 1EG4TE5MK734", why: "twelve characters"},
	tc{in: "mbi X1EG4TE5MK73", why: "inside a longer token"},
	tc{in: "mbi AB12-1EG4-TE5-MK73", why: "part of a longer dashed token"},
)

func TestMBI(t *testing.T) { runCases(t, "US_MBI") }

func TestMBIConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_MBI", "id 5KW7XG2NA48", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_MBI", "Medicare: 5KW7XG2NA48", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_MBI", "5KW7-XG2-NA48", "patient_mbi"))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_MBI", "id 5kw7xg2na48", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "US_MBI", "mbi 5kw7xg2na48", ""))
}

func TestMBIExample(t *testing.T) {
	s := newScanner(t)
	ms := s.Find(nil, []byte("1EG4-TE5-MK73"), s.Column(""))
	if assert.Len(t, ms, 1) {
		assert.True(t, ms[0].Example)
	}
}

func FuzzMBI(f *testing.F) {
	fuzzDetector(f, "US_MBI", "1EG4-TE5-MK73 5KW7XG2NA48", "1eg4te5mk73-", "9999-AAA-9999")
}
