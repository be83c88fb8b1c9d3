package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicyLint(t *testing.T) {
	ok := filepath.Join("..", "..", "testdata", "policy", "example.yaml")
	code, out, errs := veil(t, "", "policy", "lint", ok)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "ok (sha256:")

	bad := filepath.Join("..", "..", "testdata", "policy", "broken-detection.yaml")
	code, out, errs = veil(t, "", "policy", "lint", bad)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "broken-detection.yaml:3:19: detection.min_confidence")
	assert.Contains(t, out, "detection.custom[0].pattern", "every problem is reported, not just the first")
	assert.Contains(t, errs, "problem(s)")

	code, _, errs = veil(t, "", "policy", "lint", filepath.Join(t.TempDir(), "nope.yaml"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "nope.yaml")
}

func TestFindWithPolicy(t *testing.T) {
	pol := writeFile(t, "p.yaml", []byte(`version: 1
detection:
  drop_examples: true
  allow:
    values: ["536-22-1234"]
  custom:
    - id: EMPLOYEE_ID
      pattern: 'EMP-\d{6}'
`))
	in := "a 536-22-1234 b 537-22-1234 card 4111 1111 1111 1111 EMP-123456\n"
	code, out, errs := veil(t, in, "find", "--policy", pol)
	require.Equal(t, exitFindings, code, errs)
	var types []string
	for _, r := range records(t, out) {
		types = append(types, r["type"].(string)+"@"+in[int(r["start"].(float64)):int(r["end"].(float64))])
	}
	assert.Equal(t, []string{"US_SSN@537-22-1234", "EMPLOYEE_ID@EMP-123456"}, types,
		"allow-listed SSN and the example card are dropped; the custom type is found")

	broken := writeFile(t, "bad.yaml", []byte("version: 1\ndetection:\n  min_confidence: SURE\n"))
	code, _, errs = veil(t, in, "find", "--policy", broken)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "bad.yaml:3")
}
