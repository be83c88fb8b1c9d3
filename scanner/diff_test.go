package scanner

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
)

// diffSeeds are realistic fragments: identifiers, near misses, separators
// and keywords, so the fuzzer starts where detectors have work to do.
var diffSeeds = []string{
	"2024-01-15T10:23:45.123Z INFO ssn=536-22-1234 card 4111 1111 1111 1111 ip 10.0.3.17\n",
	"user jane.doe+x@mail.example.co.uk called (212) 555-0143, +44 20 7946 0958 or 1-800-555-0199\n",
	"IBAN DE89 3704 0044 0532 0130 00 / GB82WEST12345698765432, routing 011000015, npi 1234567893\n",
	"mac 00:1A:2B:3C:4D:5E fe80::1%eth0 ::ffff:192.0.2.1 2001:db8::8a2e:370:7334 0a1b.2c3d.4e5f\n",
	"AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig dob: March 5, 1985 born 1985-03-05 DEA AB1234563\n",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n",
	"medicare 1EG4-TE5-MK73 hicn 536221234A passport C12345678 itin 912-70-3456\n",
	"order 4111111111111112 ts 1700000000123 v1.2.3.4 pkg@1.2.3 id 123456789 0.536221234\n",
	"dob bday born 12/11/10/09 Birth_Date=1985-03-05 NPI 1234567893 Passport: C12345678 secretKey wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
}

var diffColumns = []string{"", "ssn", "phone_number", "notes", "aws_secret_access_key", "routingNumber", "dob"}

func FuzzFindMatchesReference(f *testing.F) {
	for i, s := range diffSeeds {
		f.Add([]byte(s), uint8(i))
	}
	scanners := diffScanners(f)
	old := minChunk
	minChunk = 16
	f.Cleanup(func() { minChunk = old })
	f.Fuzz(func(t *testing.T, b []byte, col uint8) {
		for _, s := range scanners {
			ctx := s.Column(diffColumns[int(col)%len(diffColumns)])
			want := s.FindReference(nil, b, ctx)
			require.Equal(t, want, s.Find(nil, b, ctx), "%s: fast path differs from reference on %q", s, b)
			require.Equal(t, want, s.FindParallel(nil, b, ctx, 3), "%s: parallel path differs from reference on %q", s, b)
			for _, m := range want {
				require.True(t, 0 <= m.Start && m.Start < m.End && m.End <= len(b), "match %+v out of bounds", m)
			}
		}
	})
}

// diffScanners are the scanners the differential tests hold to the
// reference: the lowest floor (every candidate reported) and the default
// floor (matches without context dropped).
func diffScanners(t testing.TB) []*Scanner {
	all, err := New(detectors.Builtins(), WithMinConfidence(detectors.VeryUnlikely))
	require.NoError(t, err)
	def, err := New(detectors.Builtins())
	require.NoError(t, err)
	return []*Scanner{all, def}
}

func TestFindMatchesReferenceOnSeeds(t *testing.T) {
	for _, s := range diffScanners(t) {
		findMatchesReferenceOnSeeds(t, s)
	}
}

func findMatchesReferenceOnSeeds(t *testing.T, s *Scanner) {
	old := minChunk
	minChunk = 16
	defer func() { minChunk = old }()
	var all []byte
	for _, seed := range diffSeeds {
		all = append(all, seed...)
	}
	for _, col := range diffColumns {
		ctx := s.Column(col)
		want := s.FindReference(nil, all, ctx)
		require.NotEmpty(t, want)
		require.Equal(t, want, s.Find(nil, all, ctx), "column %q", col)
		require.Equal(t, want, s.FindParallel(nil, all, ctx, 4), "column %q", col)
	}
}
