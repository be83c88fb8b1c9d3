package policy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner/policy"
)

// builtins are the built-in type names DETECTORS.md fixes. Tests pass this
// list rather than policy.BuiltinIDs() so they do not depend on which
// detectors happen to be registered yet.
var builtins = []string{
	"US_SSN", "US_ITIN", "CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE",
	"IP_ADDRESS", "MAC_ADDRESS", "US_NPI", "US_DEA_NUMBER", "US_MBI", "US_HICN",
	"US_BANK_ROUTING", "US_PASSPORT", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
	"JSON_WEB_TOKEN", "PRIVATE_KEY", "DATE_OF_BIRTH",
}

const policyDir = "../../testdata/policy"

func TestParseGood(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, p *policy.Policy)
	}{
		{
			name: "version only gives the defaults",
			in:   "version: 1\n",
			check: func(t *testing.T, p *policy.Policy) {
				assert.Equal(t, policy.Default().Canonical(), p.Canonical())
			},
		},
		{
			name: "empty sections are left-out sections",
			in:   "version: 1\ndetection:\nmasking:\n",
			check: func(t *testing.T, p *policy.Policy) {
				assert.Equal(t, policy.Default().Digest(), p.Digest())
			},
		},
		{
			name: "detection fields",
			in: `version: 1
detection:
  min_confidence: very_likely
  drop_examples: true
  disabled: [US_PASSPORT, DATE_OF_BIRTH]
  allow:
    values: [Jane@Example.com, 4111111111111111]
    patterns: ['.*@example\.com']
`,
			check: func(t *testing.T, p *policy.Policy) {
				d := p.Detection
				assert.Equal(t, detectors.VeryLikely, d.MinConfidence)
				assert.True(t, d.DropExamples)
				assert.Equal(t, []string{"US_PASSPORT", "DATE_OF_BIRTH"}, d.Disabled)
				assert.Equal(t, []string{"Jane@Example.com", "4111111111111111"}, d.Allow.Values, "a number is kept as written")
				assert.Equal(t, []string{`.*@example\.com`}, d.Allow.Patterns)
			},
		},
		{
			name: "custom identifier defaults",
			in: `version: 1
detection:
  custom:
    - id: EMPLOYEE_ID
      pattern: 'EMP-\d{6}'
`,
			check: func(t *testing.T, p *policy.Policy) {
				require.Len(t, p.Detection.Custom, 1)
				assert.Equal(t, policy.Custom{
					ID: "EMPLOYEE_ID", Pattern: `EMP-\d{6}`,
					MaxDistance: 50, Sensitivity: detectors.SensitivityModerate,
				}, p.Detection.Custom[0])
			},
		},
		{
			name: "short and long default_action, action defaults",
			in: `version: 1
masking:
  default_action: {action: partial, keep_last: 4}
  types:
    - {type: US_SSN, action: redact}
    - {type: EMAIL_ADDRESS, action: hash}
    - {type: CREDIT_CARD, action: "null"}
`,
			check: func(t *testing.T, p *policy.Policy) {
				m := p.Masking
				assert.Equal(t, policy.Action{Kind: policy.ActionPartial, KeepLast: 4}, m.DefaultAction)
				a, ok := m.ForType("US_SSN")
				assert.True(t, ok)
				assert.Equal(t, policy.Action{Kind: policy.ActionRedact, Text: "[{type}]"}, a)
				a, _ = m.ForType("EMAIL_ADDRESS")
				assert.Equal(t, policy.Action{Kind: policy.ActionHash, Length: 64}, a)
				a, _ = m.ForType("CREDIT_CARD")
				assert.Equal(t, policy.ActionNull, a.Kind, `"null" quoted is the action, not YAML null`)
				a, ok = m.ForType("IP_ADDRESS")
				assert.False(t, ok)
				assert.Equal(t, m.DefaultAction, a)
			},
		},
		{
			name: "column rules: first match wins, case-insensitive globs",
			in: `version: 1
masking:
  default_action: tokenize
  columns:
    - {match: id, action: keep}
    - {match: "notes*", action: drop}
    - {match: "*", action: redact, text: ""}
`,
			check: func(t *testing.T, p *policy.Policy) {
				r, ok := p.Masking.ForColumn("Notes_2024")
				require.True(t, ok)
				assert.Equal(t, policy.ActionDrop, r.Action.Kind)
				r, _ = p.Masking.ForColumn("ID")
				assert.Equal(t, policy.ActionKeep, r.Action.Kind)
				r, _ = p.Masking.ForColumn("anything")
				assert.Equal(t, policy.Action{Kind: policy.ActionRedact, Text: ""}, r.Action, "an explicit empty text is kept")
			},
		},
		{
			name: "a custom id can be masked by type",
			in: `version: 1
detection:
  custom: [{id: EMPLOYEE_ID, pattern: 'EMP-\d+'}]
masking:
  types: [{type: EMPLOYEE_ID, action: encrypt}]
`,
			check: func(t *testing.T, p *policy.Policy) {
				a, ok := p.Masking.ForType("EMPLOYEE_ID")
				assert.True(t, ok)
				assert.Equal(t, policy.ActionEncrypt, a.Kind)
			},
		},
		{
			name: "aliases repeat a list",
			in: `version: 1
detection:
  custom:
    - id: A_ID
      pattern: 'A\d+'
      keywords: &kw [account, acct]
    - id: B_ID
      pattern: 'B\d+'
      keywords: *kw
`,
			check: func(t *testing.T, p *policy.Policy) {
				assert.Equal(t, []string{"account", "acct"}, p.Detection.Custom[1].Keywords)
			},
		},
		{
			name: "comments and document marker",
			in:   "---\n# a comment\nversion: 1 # trailing\n",
			check: func(t *testing.T, p *policy.Policy) {
				assert.Equal(t, 1, p.Version)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Parse([]byte(tt.in), builtins)
			require.NoError(t, err)
			require.NotNil(t, p)
			tt.check(t, p)
		})
	}
}

func TestExampleParses(t *testing.T) {
	p, err := policy.Load(filepath.Join(policyDir, "example.yaml"), builtins)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(policyDir, "example.yaml"), p.Source)
	assert.Len(t, p.Detection.Custom, 2)
	assert.Len(t, p.Masking.Columns, 3)
	assert.Len(t, p.Masking.Types, 5)
}

func TestDefault(t *testing.T) {
	p := policy.Default()
	assert.Equal(t, policy.Version, p.Version)
	assert.Equal(t, detectors.Likely, p.Detection.MinConfidence)
	assert.False(t, p.Detection.DropExamples)
	assert.Equal(t, policy.ActionTokenize, p.Masking.DefaultAction.Kind)
	assert.NotSame(t, p, policy.Default(), "each call returns a fresh policy")
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("version: 1\ndetection:\n  min_confidence: maybe\n"), 0o600))

	p, err := policy.Load(bad, builtins)
	assert.Nil(t, p)
	var le *policy.LintError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, bad, le.File)
	assert.Equal(t, bad+`:3:19: detection.min_confidence: unknown confidence level "maybe" (want one of VERY_UNLIKELY, UNLIKELY, POSSIBLE, LIKELY, VERY_LIKELY)`, err.Error())

	_, err = policy.Load(filepath.Join(dir, "missing.yaml"), builtins)
	require.ErrorIs(t, err, os.ErrNotExist)

	big := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(big, make([]byte, policy.MaxSize+10), 0o600))
	_, err = policy.Load(big, builtins)
	require.ErrorAs(t, err, &le)
	assert.Contains(t, err.Error(), "larger than")
}

func TestDigest(t *testing.T) {
	digest := func(in string) string {
		t.Helper()
		p, err := policy.Parse([]byte(in), builtins)
		require.NoError(t, err)
		return p.Digest()
	}
	base := digest("version: 1\ndetection:\n  disabled: [US_SSN, US_ITIN]\n  allow: {values: [a, B]}\n")
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, base)

	same := []string{
		"version: 1\ndetection:\n  disabled: [US_ITIN, US_SSN]\n  allow: {values: [b, A]}\n",
		"# comment\nversion: 1\ndetection:\n  min_confidence: likely\n  drop_examples: false\n  disabled: [US_ITIN, US_SSN]\n  allow: {values: [B, a, a]}\nmasking:\n  default_action: tokenize\n",
		"version: 1\ndetection: {disabled: [US_SSN, US_ITIN], allow: {values: [a, B]}}\nmasking: {default_action: {action: tokenize}}\n",
	}
	for _, in := range same {
		assert.Equal(t, base, digest(in), "same meaning, same digest:\n%s", in)
	}
	different := []string{
		"version: 1\ndetection:\n  disabled: [US_SSN]\n  allow: {values: [a, B]}\n",
		"version: 1\ndetection:\n  disabled: [US_SSN, US_ITIN]\n  allow: {values: [a, C]}\n",
		"version: 1\ndetection:\n  disabled: [US_SSN, US_ITIN]\n  allow: {values: [a, B]}\n  drop_examples: true\n",
		"version: 1\ndetection:\n  disabled: [US_SSN, US_ITIN]\n  allow: {values: [a, B]}\nmasking: {default_action: hash}\n",
	}
	for _, in := range different {
		assert.NotEqual(t, base, digest(in), "different meaning, different digest:\n%s", in)
	}

	// Column rules are ordered (the first match wins): order changes the digest.
	a := digest("version: 1\nmasking:\n  columns: [{match: a*, action: keep}, {match: ab, action: drop}]\n")
	b := digest("version: 1\nmasking:\n  columns: [{match: ab, action: drop}, {match: a*, action: keep}]\n")
	assert.NotEqual(t, a, b)
}
