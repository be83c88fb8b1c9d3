package policy_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

// scan builds a scanner from the policy text and returns "TYPE:text" for
// every match in each input, scanning with both Find and FindReference.
func scan(t *testing.T, pol, col string, inputs ...string) [][]string {
	t.Helper()
	p, err := policy.Parse([]byte(pol), policy.BuiltinIDs())
	require.NoError(t, err)
	s, err := scanner.NewFromPolicy(p, detectors.Builtins())
	require.NoError(t, err)
	ctx := s.Column(col)
	out := make([][]string, len(inputs))
	for i, in := range inputs {
		fast := s.Find(nil, []byte(in), ctx)
		ref := s.FindReference(nil, []byte(in), ctx)
		require.Equal(t, ref, fast, "Find and FindReference disagree on %q", in)
		for _, m := range fast {
			out[i] = append(out[i], m.Type+":"+in[m.Start:m.End])
		}
	}
	return out
}

func TestScannerOptionsCustom(t *testing.T) {
	const pol = `version: 1
detection:
  custom:
    - id: EMPLOYEE_ID
      pattern: 'EMP-\w{6}'
      keywords: [employee, emp id]
      max_distance: 20
      ignore_words: [test]
      sensitivity: high
    - id: ORDER_REF
      pattern: 'ORD-\d{4}'
`
	got := scan(t, pol, "",
		"employee EMP-123456 joined",
		"EMP-123456 has no keyword before it",
		"employee number, as recorded on the badge: EMP-123456",
		"employee EMP-test01",
		"order ORD-1234 shipped",
	)
	assert.Equal(t, []string{"EMPLOYEE_ID:EMP-123456"}, got[0], "keyword before the match")
	assert.Empty(t, got[1], "a keyword is required")
	assert.Empty(t, got[2], "the keyword is further than max_distance")
	assert.Empty(t, got[3], "an ignore word drops the match")
	assert.Equal(t, []string{"ORDER_REF:ORD-1234"}, got[4], "no keywords: every match")

	inCol := scan(t, pol, "emp_id", "EMP-654321")
	assert.Equal(t, []string{"EMPLOYEE_ID:EMP-654321"}, inCol[0], "the column name is context")

	p, err := policy.Parse([]byte(pol), policy.BuiltinIDs())
	require.NoError(t, err)
	s, err := scanner.NewFromPolicy(p, detectors.Builtins())
	require.NoError(t, err)
	sens, ok := s.Sensitivity("EMPLOYEE_ID")
	assert.True(t, ok)
	assert.Equal(t, detectors.SensitivityHigh, sens)
	sens, _ = s.Sensitivity("ORDER_REF")
	assert.Equal(t, detectors.SensitivityModerate, sens, "the default sensitivity")
}

func TestScannerOptionsAllowList(t *testing.T) {
	const in = "ssn 123-45-6789 and ssn 234-56-7890 and ssn 321-65-4329 and ORD-1234 and ORD-9999"
	before := scan(t, "version: 1\ndetection:\n  custom: [{id: ORDER_REF, pattern: 'ORD-\\d{4}'}]\n", "", in)
	require.Equal(t, []string{"US_SSN:123-45-6789", "US_SSN:234-56-7890", "US_SSN:321-65-4329", "ORDER_REF:ORD-1234", "ORDER_REF:ORD-9999"},
		filter(before[0], "US_SSN", "ORDER_REF"))

	after := scan(t, `version: 1
detection:
  allow:
    values: ["123-45-6789", "ord-9999"]
    patterns: ['321-65-\d{4}', '234|234-56-7890']
  custom: [{id: ORDER_REF, pattern: 'ORD-\d{4}'}]
`, "", in)
	assert.Equal(t, []string{"ORDER_REF:ORD-1234"}, filter(after[0], "US_SSN", "ORDER_REF"),
		"exact values (case-insensitive) and whole-text patterns are never reported, for built-in and custom types")

	partial := scan(t, "version: 1\ndetection:\n  allow:\n    patterns: ['123-45']\n", "", in)
	assert.Contains(t, partial[0], "US_SSN:123-45-6789", "a pattern must match the whole text")
}

func TestScannerOptionsMinConfidence(t *testing.T) {
	const in = "id 123456789 end"
	def := scan(t, "version: 1\n", "", in)
	assert.NotContains(t, def[0], "US_SSN:123456789", "bare 9 digits without context are UNLIKELY")
	low := scan(t, "version: 1\ndetection: {min_confidence: UNLIKELY}\n", "", in)
	assert.Contains(t, low[0], "US_SSN:123456789")

	high := scan(t, "version: 1\ndetection:\n  min_confidence: VERY_LIKELY\n  custom: [{id: ORDER_REF, pattern: 'ORD-\\d{4}'}, {id: KEYED_REF, pattern: 'KEY-\\d{4}', keywords: [ref]}]\n", "",
		"ORD-1234 ref KEY-1234")
	assert.Equal(t, []string{"KEYED_REF:KEY-1234"}, high[0], "custom matches are LIKELY, VERY_LIKELY with a keyword")
}

func TestDisabled(t *testing.T) {
	const in = "ssn 123-45-6789"
	on := scan(t, "version: 1\n", "", in)
	assert.Contains(t, on[0], "US_SSN:123-45-6789")
	off := scan(t, "version: 1\ndetection: {disabled: [US_SSN]}\n", "", in)
	assert.NotContains(t, off[0], "US_SSN:123-45-6789")

	p, err := policy.Parse([]byte("version: 1\ndetection: {disabled: [US_SSN]}\n"), policy.BuiltinIDs())
	require.NoError(t, err)
	var ids []string
	for _, d := range p.Detectors(detectors.Builtins()) {
		ids = append(ids, d.ID)
	}
	assert.NotContains(t, ids, "US_SSN")
	assert.Contains(t, ids, "US_ITIN")
}

// exampleValues are well-known example values some built-in detector should
// flag; the test uses those the detectors registered so far do flag.
var exampleValues = []string{
	"card 4111 1111 1111 1111",
	"key AKIAIOSFODNN7EXAMPLE",
	"aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

func TestScannerOptionsDropExamples(t *testing.T) {
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	var examples []string
	for _, in := range exampleValues {
		for _, m := range s.Find(nil, []byte(in), scanner.Context{}) {
			if m.Example {
				examples = append(examples, in)
				break
			}
		}
	}
	if len(examples) == 0 {
		t.Skip("no registered detector flags the known example values yet")
	}
	kept := scan(t, "version: 1\n", "", examples...)
	dropped := scan(t, "version: 1\ndetection: {drop_examples: true}\n", "", examples...)
	for i, in := range examples {
		assert.NotEmpty(t, kept[i], "reported by default: %q", in)
		assert.Less(t, len(dropped[i]), len(kept[i]), "dropped with drop_examples: %q", in)
	}
}

func TestScannerOptionsFailClosed(t *testing.T) {
	p := policy.Default()
	p.Detection.Custom = []policy.Custom{{ID: "BAD_ONE", Pattern: "("}}
	_, err := scanner.New(nil, scanner.PolicyOptions(p)...)
	require.Error(t, err, "a hand-built policy with a bad pattern must not build a scanner")

	p = policy.Default()
	p.Detection.Allow.Patterns = []string{"("}
	_, err = scanner.New(nil, scanner.PolicyOptions(p)...)
	require.Error(t, err)
}

func TestDefaultScannerOptions(t *testing.T) {
	s, err := scanner.NewFromPolicy(policy.Default(), detectors.Builtins())
	require.NoError(t, err)
	plain, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	assert.Equal(t, plain.String(), s.String(), "the default policy is the scanner's default")
}

func filter(ms []string, types ...string) []string {
	var out []string
	for _, m := range ms {
		typ := regexp.MustCompile(`^[A-Z_]+`).FindString(m)
		if slices.Contains(types, typ) {
			out = append(out, m)
		}
	}
	return out
}
