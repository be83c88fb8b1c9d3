package detectors_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

var _ = addCases("US_NPI",
	tc{in: "NPI: 1234567893", want: []string{"1234567893"}, why: "bare ten digits with keyword"},
	tc{in: "national provider identifier 1987654328", want: []string{"1987654328"}, why: "long keyword"},
	tc{in: "provider id 2456-789-017", want: []string{"2456-789-017"}, why: "4-3-3 with hyphens, starts with 2"},
	tc{in: "npi 1508 143 264.", want: []string{"1508 143 264"}, why: "4-3-3 with spaces"},
	tc{in: "1508143264", col: "billing_npi", want: []string{"1508143264"}, why: "column context"},
	tc{in: "NPIs: 1987654328, 1508143264", want: []string{"1987654328", "1508143264"}, why: "list"},
	tc{in: "order 1234567893 shipped", why: "valid NPI but no context"},
	tc{in: "npi 1234567890", why: "wrong check digit"},
	tc{in: "npi 3234567891", why: "must start with 1 or 2"},
	tc{in: "npi 2222222222", why: "one digit repeated"},
	tc{in: "npi 12345678934", why: "inside a longer digit run"},
	tc{in: "npi 1234-567893", why: "mixed grouping"},
	tc{in: "npi 1508-143 264", why: "inconsistent separators"},
	tc{in: "npi 1508-143-264-1", why: "one part of a longer grouped number"},
	tc{in: "npi 0.1234567893", why: "decimal fraction"},
	tc{in: "npi sha a1234567893f", why: "inside a hex token"},
	tc{in: "npi 1234567893-01", why: "hyphen-joined longer number"},
)

func TestNPI(t *testing.T) { runCases(t, "US_NPI") }

func TestNPIConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_NPI", "NPI 1987654328", ""), "context and checksum")
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_NPI", "1987654328", "provider_npi"), "column context")
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_NPI", "id 1987654328", ""), "no context")
}

func TestNPIExample(t *testing.T) {
	s := newScanner(t)
	ms := s.Find(nil, []byte("npi 1234567893"), s.Column(""))
	require.Len(t, ms, 1)
	assert.True(t, ms[0].Example, "the CMS example NPI")
	assert.True(t, ms[0].Validated)
}

func FuzzNPI(f *testing.F) {
	fuzzDetector(f, "US_NPI", "1234567893 1234-567-893 1234 567 893", "x1987654328y", "npi:2456789017")
}

// TestMatchAtNoAlloc checks this group of detectors allocates nothing.
func TestMatchAtNoAlloc(t *testing.T) {
	in := []byte("npi 1234567893 aba 021000021 passport A12345678 hicn 123-45-6789A dea AB1234563 mbi 1EG4-TE5-MK73 dob March 5, 1985 1985-03-05T10:00:00Z 05MAR1985")
	for _, id := range []string{"US_NPI", "US_BANK_ROUTING", "US_PASSPORT", "US_HICN", "US_DEA_NUMBER", "US_MBI", "DATE_OF_BIRTH"} {
		d := builtin(t, id)
		n := testing.AllocsPerRun(20, func() {
			for i := range in {
				d.MatchAt(in, i)
			}
		})
		assert.Zero(t, n, "%s allocates", id)
	}
}

// TestRandomTokensFastEqualsReference strings together fragments of the
// shapes this group of detectors accepts, so that near misses are common,
// and checks the fast scan against the reference scan.
func TestRandomTokensFastEqualsReference(t *testing.T) {
	frags := []string{
		"0", "1", "2", "9", "12", "05", "31", "1985", "2000", "19850305", "1234567893", "021000021",
		"536221234", "123", "45", "6789", "1234", "567", "893", "3141594", "1234563",
		"-", "/", ".", ",", " ", ":", "T", "Z", "+", "A", "B", "AB", "A9", "E", "G", "K", "M", "x", "th", "st",
		"Mar", "March", "Sept", "May", "mar", "EG", "TE5", "MK73", "1EG4", "5KW7XG2NA48",
		"dob ", "npi ", "aba ", "passport ", "hicn ", "dea ", "mbi ",
	}
	ids := []string{"US_NPI", "US_BANK_ROUTING", "US_PASSPORT", "US_HICN", "US_DEA_NUMBER", "US_MBI", "DATE_OF_BIRTH"}
	s := newScanner(t, scanner.WithMinConfidence(detectors.VeryUnlikely))
	ctx := s.Column("")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b []byte
		for k := rng.IntN(12) + 1; k > 0; k-- {
			b = append(b, frags[rng.IntN(len(frags))]...)
		}
		fast, ref := s.Find(nil, b, ctx), s.FindReference(nil, b, ctx)
		for _, id := range ids {
			assert.Equal(t, ofType(ref, id), ofType(fast, id), "%s in %q", id, b)
		}
	}
}
