package scanner

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
)

func texts(in string, ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Type+":"+in[m.Start:m.End])
	}
	return out
}

func only(typ string, ms []Match) []Match {
	var out []Match
	for _, m := range ms {
		if m.Type == typ {
			out = append(out, m)
		}
	}
	return out
}

func TestKeywordContext(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	cases := []struct {
		in, col string
		found   bool
		why     string
	}{
		{"SSN: 536221234", "", true, "keyword right before"},
		{"Social_Security-number 536221234", "", true, "'_' and '-' read as spaces"},
		{"ssn was given long ago, and then the number 536221234", "", false, "keyword more than 30 bytes before"},
		{"lessnumbers 536221234", "", false, "short keyword inside a word does not count"},
		{"id 536221234", "customerSSN", true, "camelCase column name"},
		{"id 536221234", "customer_ssn", true, "snake_case column name"},
		{"id 536221234", "$.person.ssn", true, "JSON path"},
		{"id 536221234", "classname", false, "short keyword inside a column word"},
		{"536221234 ssn", "", false, "keyword after the match does not count"},
		{"id 536221234", "SSNNumber", true, "an acronym before a capitalised word"},
		{"id 536221234", "ssn2", true, "a digit after the keyword"},
		{"id 536221234", "TAXID", true, "run-together tax id"},
		{"patientSSN 536221234", "", true, "camelCase step in text"},
	}
	for _, c := range cases {
		got := only("US_SSN", s.Find(nil, []byte(c.in), s.Column(c.col)))
		assert.Equal(t, c.found, len(got) == 1, "%q col %q: %s", c.in, c.col, c.why)
	}
}

// TestKeywordStartsAWord: a keyword inside another word is not context, in
// text or in a column name; at the start of one it is.
func TestKeywordStartsAWord(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	cases := []struct {
		typ, in, col string
		found        bool
		why          string
	}{
		{"US_ITIN", "INFO waiting for job 975812345 to finish", "", false, "itin inside waiting"},
		{"US_ITIN", "itin 975812345", "", true, "itin as a word"},
		{"PHONE_NUMBER", "order cancelled: 4155550123", "", false, "cell inside cancelled"},
		{"PHONE_NUMBER", "syscall 4155550123 returned", "", false, "call at the end of syscall"},
		{"PHONE_NUMBER", "telephone 4155550123", "", true, "a keyword of its own"},
		{"PHONE_NUMBER", "phones: 4155550123", "", true, "a keyword that goes on"},
		{"PHONE_NUMBER", "id 4155550123", "cancelled_order_id", false, "cell inside a column word"},
		{"PHONE_NUMBER", "id 4155550123", "cellPhone", true, "column word that starts with the keyword"},
		{"DATE_OF_BIRTH", "stubborn bug since 2023-11-02", "", false, "born at the end of a word"},
		{"DATE_OF_BIRTH", "Dr. Osborne saw patient on 2024-01-10", "", false, "born inside a name"},
		{"DATE_OF_BIRTH", "dateofbirth=1985-03-05", "", true, "run-together date of birth"},
		{"US_NPI", "id 1234567893", "NPINumber", true, "an acronym before a word in a column name"},
		{"US_BANK_ROUTING", "id 021000021", "ABANumber", true, "an acronym before a word in a column name"},
	}
	for _, c := range cases {
		got := only(c.typ, s.Find(nil, []byte(c.in), s.Column(c.col)))
		assert.Equal(t, c.found, len(got) == 1, "%s in %q col %q: %s", c.typ, c.in, c.col, c.why)
		assert.Equal(t, got, only(c.typ, s.FindReference(nil, []byte(c.in), s.Column(c.col))), "fast path and reference differ")
	}
}

func TestMinConfidence(t *testing.T) {
	in := []byte("id 536221234 and 536-22-1234")
	for _, c := range []struct {
		min  detectors.Likelihood
		want int
	}{{detectors.VeryUnlikely, 2}, {detectors.Unlikely, 2}, {detectors.Possible, 1}, {detectors.Likely, 1}, {detectors.VeryLikely, 0}} {
		s, err := New(detectors.Builtins(), WithMinConfidence(c.min))
		require.NoError(t, err)
		assert.Len(t, only("US_SSN", s.Find(nil, in, Context{})), c.want, "floor %s", c.min)
	}
	_, err := New(detectors.Builtins(), WithMinConfidence(0))
	assert.Error(t, err)
}

func TestAllowList(t *testing.T) {
	s, err := New(detectors.Builtins(), WithAllowList([]string{"536-22-1234"}, []*regexp.Regexp{regexp.MustCompile(`5\d\d-22-9999`)}))
	require.NoError(t, err)
	in := "a 536-22-1234 b 537-22-9999 c 538-22-1234 d 537-22-99999"
	assert.Equal(t, []string{"US_SSN:538-22-1234"}, texts(in, only("US_SSN", s.Find(nil, []byte(in), Context{}))))
}

func TestCustomIdentifier(t *testing.T) {
	s, err := New(detectors.Builtins(), WithCustom(
		CustomIdentifier{ID: "EMPLOYEE_ID", Pattern: regexp.MustCompile(`EMP-\d{6}`), Keywords: []string{"Employee"}, MaxDistance: 20, IgnoreWords: []string{"000000"}, Sensitivity: detectors.SensitivityModerate},
		CustomIdentifier{ID: "TICKET", Pattern: regexp.MustCompile(`TCK\d{4}`)},
	))
	require.NoError(t, err)
	cases := []struct {
		in, col string
		want    []string
	}{
		{"employee EMP-123456", "", []string{"EMPLOYEE_ID:EMP-123456"}},
		{"EMP-123456", "employee_id", []string{"EMPLOYEE_ID:EMP-123456"}},
		{"EMP-123456 employee", "", nil},
		{"employee record (see archive) EMP-123456", "", nil},
		{"employee EMP-000000", "", nil},
		{"TCK1234 and TCK99", "", []string{"TICKET:TCK1234"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, texts(c.in, s.Find(nil, []byte(c.in), s.Column(c.col))), "%q", c.in)
	}
	sens, ok := s.Sensitivity("EMPLOYEE_ID")
	assert.True(t, ok)
	assert.Equal(t, detectors.SensitivityModerate, sens)
	_, err = New(detectors.Builtins(), WithCustom(CustomIdentifier{ID: "US_SSN", Pattern: regexp.MustCompile(`x`)}))
	assert.Error(t, err, "a custom ID may not shadow a built-in")
}

func TestNewRejectsBadDetectors(t *testing.T) {
	d := detectors.Builtins()[0]
	_, err := New([]*detectors.Detector{d, d})
	assert.Error(t, err)
	_, err = New([]*detectors.Detector{{ID: "X"}})
	assert.Error(t, err)
}

func TestFindAllocatesNothing(t *testing.T) {
	s, err := New(detectors.Builtins())
	require.NoError(t, err)
	in := []byte("2024-01-15T10:23:45Z user=jane@example.com ssn=536-22-1234 card 4111-1111-1111-1111 ip 10.1.2.3 mac 00:1a:2b:3c:4d:5e tel +44 20 7946 0958 or +33 6 12 34 56 78\n")
	ctx := s.Column("notes")
	dst := make([]Match, 0, 64)
	allocs := testing.AllocsPerRun(100, func() { dst = s.Find(dst[:0], in, ctx) })
	assert.Zero(t, allocs)
	assert.NotEmpty(t, dst)
}
