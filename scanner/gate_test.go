package scanner

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
)

// TestKeywordGate holds the gated fast path to the reference where the gate
// decides: keywords just in and just out of reach, keywords in either case
// and spelling, a keyword inside a longer word, more keywords than the ring
// holds, and ranges that start after their keywords (FindParallel).
func TestKeywordGate(t *testing.T) {
	pad := strings.Repeat(" ", detectors.KeywordReach)
	cases := []struct {
		name string
		in   string
		col  string
		want []string // DATE_OF_BIRTH texts at the default floor
	}{
		{"keyword just before", "dob 1985-03-05", "", []string{"1985-03-05"}},
		{"keyword in upper case", "DOB: 03/05/1985", "", []string{"03/05/1985"}},
		{"keyword with separators", "date_of_birth=19850305", "", []string{"19850305"}},
		{"keyword exactly at reach", "birth" + pad + "1985-03-05", "", []string{"1985-03-05"}},
		{"keyword one byte out of reach", "birth" + pad + " 1985-03-05", "", nil},
		{"no keyword", "created 1985-03-05 by job 42", "", nil},
		{"short keyword inside a word", "adobe 1985-03-05", "", nil},
		{"keyword in the column name", "1985-03-05", "dob", []string{"1985-03-05"}},
		{"keyword after the date", "1985-03-05 is her birthday", "", nil},
		{"many keywords in a row", strings.Repeat("dob bday born ", 6) + "1985-03-05 and 1990-01-02", "", []string{"1985-03-05", "1990-01-02"}},
		{"keywords far apart", "born 1985-03-05 " + strings.Repeat("filler ", 40) + "2001-07-08 born 1990-01-02", "", []string{"1985-03-05", "1990-01-02"}},
	}
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := []byte(c.in)
			ctx := s.Column(c.col)
			want := s.FindReference(nil, b, ctx)
			require.Equal(t, want, s.Find(nil, b, ctx), "fast path and reference differ")
			var got []string
			for _, m := range want {
				if m.Type == "DATE_OF_BIRTH" {
					got = append(got, c.in[m.Start:m.End])
				}
			}
			assert.Equal(t, c.want, got)
		})
	}
}

// TestKeywordGateAcrossChunks puts keywords right before chunk boundaries,
// so a range must see keywords that lie before its start.
func TestKeywordGateAcrossChunks(t *testing.T) {
	old := minChunk
	minChunk = 16
	defer func() { minChunk = old }()
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	var sb strings.Builder
	for i := range 200 {
		switch i % 3 {
		case 0:
			sb.WriteString("patient dob\n1985-03-05 npi\n1234567893\n")
		case 1:
			sb.WriteString("aws_secret_access_key\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
		default:
			sb.WriteString("no context 1985-03-05 1234567893\n")
		}
	}
	b := []byte(sb.String())
	want := s.FindReference(nil, b, s.Column(""))
	require.NotEmpty(t, want)
	assert.Equal(t, want, s.Find(nil, b, s.Column("")))
	for _, w := range []int{2, 3, 7} {
		assert.Equal(t, want, s.FindParallel(nil, b, s.Column(""), w), "%d workers", w)
	}
}

// TestGateOffAtLowFloor: below Likely a match without context is reported
// (as Unlikely), so detectors that need context are not gated.
func TestGateOffAtLowFloor(t *testing.T) {
	low, err := New(detectors.Builtins(), WithMinConfidence(detectors.Unlikely))
	require.NoError(t, err)
	def, err := New(detectors.Builtins())
	require.NoError(t, err)
	assert.NotZero(t, def.gated&(1<<detectorIndex(t, def, "DATE_OF_BIRTH")))
	assert.Zero(t, low.gated&(1<<detectorIndex(t, low, "DATE_OF_BIRTH")), "not gated below Likely")
	assert.NotZero(t, low.gated&(1<<detectorIndex(t, low, "AWS_SECRET_KEY")), "ContextOnly is gated at any floor")
	ms := low.Find(nil, []byte("created 1985-03-05"), low.Column(""))
	require.Len(t, ms, 1)
	assert.Equal(t, detectors.Unlikely, ms[0].Confidence)
}

// TestDroppedMatchHidesNothing: a candidate dropped for want of context
// does not stop a later, overlapping candidate of the same type that has
// context from being reported.
func TestDroppedMatchHidesNothing(t *testing.T) {
	d := &detectors.Detector{
		ID: "TEST_PAIR", Keywords: []string{"key"}, Base: detectors.Likely, AllNeedContext: true,
		Anchor: detectors.AtDigits,
		MatchAt: func(b []byte, i int) (int, detectors.Flags) {
			// A digit run and the next seven bytes, the sixth of them a
			// digit: "12 key 34" and "34 key 56" overlap.
			j := i
			for j < len(b) && detectors.IsDigit(b[j]) {
				j++
			}
			if j == i || j+7 > len(b) || !detectors.IsDigit(b[j+5]) {
				return -1, 0
			}
			return j + 7, detectors.NeedsContext
		},
	}
	s, err := New([]*detectors.Detector{d})
	require.NoError(t, err)
	b := []byte("12 key 34 key 56 x")
	want := s.FindReference(nil, b, s.Column(""))
	require.Len(t, want, 1, "the match at 34 has the keyword before it; the one at 12 does not")
	assert.Equal(t, 7, want[0].Start)
	assert.Equal(t, want, s.Find(nil, b, s.Column("")))
}

func detectorIndex(t *testing.T, s *Scanner, id string) int {
	for i, d := range s.dets {
		if d.ID == id {
			return i
		}
	}
	t.Fatalf("no detector %s", id)
	return -1
}
