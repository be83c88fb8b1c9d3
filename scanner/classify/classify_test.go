package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
	. "github.com/veil-data/veil/scanner/classify"
)

func sens(s *scanner.Scanner) func(string) detectors.Sensitivity {
	return func(t string) detectors.Sensitivity { v, _ := s.Sensitivity(t); return v }
}

// observeAll scans values as one column and returns its result.
func observeAll(t *testing.T, name string, values []string) Result {
	t.Helper()
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	ctx := s.Column(name)
	c := NewColumn(name, "string")
	for i, v := range values {
		c.Observe(int64(i), []byte(v), s.Find(nil, []byte(v), ctx))
	}
	return c.Result(DefaultThreshold, sens(s))
}

func TestClassifiesStructuredColumn(t *testing.T) {
	vals := []string{"536-22-1234", "", "412-55-9876", "not given", "301-44-5555", "N/A"}
	r := observeAll(t, "ssn", vals)
	require.NotNil(t, r.Classification)
	assert.Equal(t, "US_SSN", *r.Classification)
	assert.Equal(t, "high", r.Sensitivity)
	assert.False(t, r.FreeText)
	assert.InDelta(t, 0.6, r.Confidence, 1e-9, "3 of 5 non-empty values")
	assert.Equal(t, int64(6), r.Values)
	assert.Equal(t, int64(5), r.NonEmpty)
	require.Len(t, r.Detections, 1)
	assert.Equal(t, []Example{{0, 0, 11}, {2, 0, 11}, {4, 0, 11}}, r.Detections[0].Examples)
}

func TestColumnNameCountsAsContext(t *testing.T) {
	vals := []string{"536221234", "412559876", "301445555"}
	r := observeAll(t, "customer_ssn", vals)
	require.NotNil(t, r.Classification, "bare 9-digit values classify with the column name as context")
	assert.Equal(t, "US_SSN", *r.Classification)
	r = observeAll(t, "order_id", vals)
	assert.Nil(t, r.Classification, "without context they are just numbers")
	assert.Equal(t, "none", r.Sensitivity)
}

func TestBelowThreshold(t *testing.T) {
	vals := make([]string, 20)
	for i := range vals {
		vals[i] = "ok"
	}
	vals[3] = "jane@example.org" // 1 of 20 = 5% < 10%
	r := observeAll(t, "status", vals)
	assert.Nil(t, r.Classification)
	require.Len(t, r.Detections, 1)
	assert.Equal(t, 0.05, r.Detections[0].Ratio)
	assert.Equal(t, "moderate", r.Sensitivity, "the column still holds an identifier")
}

func TestFreeText(t *testing.T) {
	vals := []string{
		"Customer called about the refund, all fine now",
		"Please reach me at jane.doe@example.org after five",
		"Card ending 1111 was declined twice at checkout today",
		"SSN 536-22-1234 was given over the phone, verified",
		"No issues reported by the customer on this order",
	}
	r := observeAll(t, "notes", vals)
	assert.True(t, r.FreeText)
	assert.Nil(t, r.Classification, "free text is not classified as one type")
	assert.Equal(t, "high", r.Sensitivity, "the worst type found")
	var types []string
	for _, d := range r.Detections {
		types = append(types, d.Type)
	}
	assert.ElementsMatch(t, []string{"EMAIL_ADDRESS", "US_SSN"}, types)
}

func TestEmptyColumnAndMerge(t *testing.T) {
	r := NewColumn("x", "string").Result(DefaultThreshold, func(string) detectors.Sensitivity { return 0 })
	assert.Nil(t, r.Classification)
	assert.Equal(t, "none", r.Sensitivity)
	assert.NotNil(t, r.Detections)

	a, b := NewColumn("e", "string"), NewColumn("e", "string")
	m := []detectors.Match{{Type: "EMAIL_ADDRESS", Start: 0, End: 5}}
	b.Observe(9, []byte("a@b.c"), m)
	a.Observe(1, []byte("a@b.c"), m)
	a.Observe(2, []byte("zzz"), nil)
	a.Merge(b)
	r = a.Result(0.5, func(string) detectors.Sensitivity { return detectors.SensitivityModerate })
	require.NotNil(t, r.Classification)
	assert.Equal(t, int64(2), r.Detections[0].Count)
	assert.Equal(t, []Example{{1, 0, 5}, {9, 0, 5}}, r.Detections[0].Examples)
	assert.InDelta(t, 2.0/3, r.Confidence, 1e-3)
}
