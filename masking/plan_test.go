package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner/policy"
)

func TestPlanDefaultPolicy(t *testing.T) {
	ks, err := keys.Generate()
	require.NoError(t, err)
	cols := []ColumnInfo{
		{Name: "ssn", Classification: "US_SSN", Detected: []string{"US_SSN"}, Sensitive: true},
		{Name: "notes", FreeText: true, Detected: []string{"EMAIL_ADDRESS"}},
		{Name: "status"},
		{Name: "ref", Detected: []string{"CREDIT_CARD"}},
		{Name: "sparse", Unobserved: true},
	}
	pl, err := NewPlan(policy.Default(), ks, cols, []string{"US_SSN", "EMAIL_ADDRESS", "CREDIT_CARD"})
	require.NoError(t, err)
	modes := map[string]Mode{}
	for _, c := range pl.Columns {
		modes[c.Name] = c.Mode
	}
	assert.Equal(t, map[string]Mode{"ssn": ModeWhole, "notes": ModeSpans, "status": ModeKeep, "ref": ModeSpans, "sparse": ModeSpans}, modes,
		"a column the sample never saw a value of is scanned, not kept")
	assert.Equal(t, Tokenize, pl.Columns[0].Masker.Method(), "the default policy tokenizes")
	assert.Equal(t, Tokenize, pl.SpanMasker("EMAIL_ADDRESS").Method())
	assert.Equal(t, Redact, pl.SpanMasker("NEVER_SEEN").Method(), "an unknown type is redacted, never kept")
}

func TestPlanPolicyRules(t *testing.T) {
	p, err := policy.Parse([]byte(`version: 1
masking:
  columns:
    - {match: "internal_*", action: drop}
    - {match: "id", action: keep}
    - {match: "dob", action: "null"}
  types:
    - {type: EMAIL_ADDRESS, action: hash, length: 16}
    - {type: IP_ADDRESS, action: keep}
    - {type: US_SSN, action: drop}
`), policy.BuiltinIDs())
	require.NoError(t, err)
	ks, err := keys.Generate()
	require.NoError(t, err)
	cols := []ColumnInfo{
		{Name: "internal_score"},
		{Name: "id", Classification: "US_SSN", Sensitive: true},
		{Name: "dob", Classification: "DATE_OF_BIRTH", Sensitive: true},
		{Name: "email", Classification: "EMAIL_ADDRESS", Sensitive: true},
		{Name: "ssn", Classification: "US_SSN", Sensitive: true},
		{Name: "notes", FreeText: true, Detected: []string{"IP_ADDRESS", "US_SSN"}},
	}
	pl, err := NewPlan(p, ks, cols, policy.BuiltinIDs())
	require.NoError(t, err)
	got := map[string]Mode{}
	for _, c := range pl.Columns {
		got[c.Name] = c.Mode
	}
	assert.Equal(t, map[string]Mode{"internal_score": ModeDrop, "id": ModeKeep, "dob": ModeNull, "email": ModeWhole, "ssn": ModeDrop, "notes": ModeSpans}, got)
	assert.Equal(t, Hash, pl.Columns[3].Masker.Method())
	assert.Nil(t, pl.SpanMasker("IP_ADDRESS"), "keep leaves the span")
	assert.Equal(t, Redact, pl.SpanMasker("US_SSN").Method(), "drop of a span redacts it")

	_, err = NewPlan(policy.Default(), nil, cols[3:4], nil)
	assert.ErrorIs(t, err, ErrNoKeyset, "tokenize without a keyset is refused up front")
}
