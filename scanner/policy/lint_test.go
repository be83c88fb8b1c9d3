package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/scanner/policy"
)

// lint parses in and returns its problems, failing the test when in parses.
func lint(t *testing.T, in string) []policy.Problem {
	t.Helper()
	p, err := policy.Parse([]byte(in), builtins)
	require.Error(t, err, "policy should not parse:\n%s", in)
	assert.Nil(t, p, "no policy comes back with problems")
	var le *policy.LintError
	require.ErrorAs(t, err, &le)
	require.NotEmpty(t, le.Problems)
	return le.Problems
}

func TestProblems(t *testing.T) {
	// want is "line:col: path: message-substring"; each case has exactly one problem.
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty file", "", "1: the policy is empty"},
		{"comments only", "# nothing\n", "1: the policy is empty"},
		{"null document", "~\n", "1:1: the policy is empty"},
		{"not a mapping", "- version: 1\n", "1:1: must be a mapping"},
		{"syntax error", "version: 1\ndetection: [\n", "2: YAML: did not find expected node content"},
		{"unclosed flow sequence", "version: 1\ndetection:\n  disabled: [US_SSN\n  min_confidence: LIKELY\n", "3: YAML: did not find expected ',' or ']'"},
		{"tab indentation", "version: 1\ndetection:\n\tdisabled: []\n", "3: YAML: found character that cannot start any token"},
		{"two documents", "version: 1\n---\nversion: 1\n", "2:1: a second YAML document"},
		{"missing version", "detection: {}\n", "1:1: version: missing; a policy starts with \"version: 1\""},
		{"unsupported version", "version: 2\n", "1:10: version: unsupported version 2; this Veil reads version 1"},
		{"version zero", "version: 0\n", "1:10: version: unsupported version 0"},
		{"version as string", "version: \"1\"\n", "1:10: version: must be a whole number, not a string"},
		{"version as float", "version: 1.0\n", "1:10: version: must be a whole number, not 1.0"},
		{"version empty", "version:\n", "1:9: version: needs a value"},
		{"version huge", "version: 99999999999999999999999\n", "1:10: version: must be a whole number, not 99999999999999999999999"},
		{"unknown top key", "version: 1\nmaskng: {}\n", "2:1: maskng: unknown key; did you mean masking?"},
		{"key at wrong level", "version: 1\ncustom: []\n", "2:1: custom: unknown key; custom belongs in detection.custom"},
		{"wrong case key", "Version: 1\nversion: 1\n", "1:1: Version: unknown key; did you mean version?"},
		{"far-off key", "version: 1\nzzzzzz: 1\n", "2:1: zzzzzz: unknown key (known keys here: version, detection, masking)"},
		{"repeated key", "version: 1\nversion: 1\n", "2:1: version: repeated key (first at line 1)"},
		{"merge key", "version: 1\nx: &x {min_confidence: LIKELY}\n", "2:1: x: unknown key"},
		{"merge key use", "version: 1\ndetection:\n  <<: {drop_examples: true}\n", "3:3: detection: merge keys (<<) are not supported"},
		{"non-scalar key", "version: 1\n? [a]\n: 1\n", "2:3: keys must be plain names, not a list"},
		{"detection not a mapping", "version: 1\ndetection: [a]\n", "2:12: detection: must be a mapping (key: value lines), not a list"},
		{"bad confidence", "version: 1\ndetection: {min_confidence: LIKLY}\n", "2:29: detection.min_confidence: unknown confidence level \"LIKLY\"; did you mean LIKELY?"},
		{"confidence as number", "version: 1\ndetection: {min_confidence: 3}\n", "2:29: detection.min_confidence: unknown confidence level \"3\""},
		{"drop_examples yes", "version: 1\ndetection: {drop_examples: yes}\n", "2:28: detection.drop_examples: must be true or false, not a string"},
		{"disabled not a list", "version: 1\ndetection: {disabled: US_SSN}\n", "2:23: detection.disabled: must be a list of type names, such as [a, b], not a string"},
		{"disabled unknown type", "version: 1\ndetection: {disabled: [US_SNN]}\n", "2:24: detection.disabled[0]: unknown built-in type \"US_SNN\"; did you mean US_SSN?"},
		{"disabled wrong case", "version: 1\ndetection: {disabled: [us_ssn]}\n", "2:24: detection.disabled[0]: unknown built-in type \"us_ssn\"; did you mean US_SSN?"},
		{"disabled twice", "version: 1\ndetection:\n  disabled:\n    - US_SSN\n    - US_SSN\n", "5:7: detection.disabled[1]: US_SSN listed twice (first at line 4)"},
		{"disabled custom id", "version: 1\ndetection:\n  disabled: [EMPLOYEE_ID]\n  custom: [{id: EMPLOYEE_ID, pattern: x}]\n", "3:14: detection.disabled[0]: unknown built-in type \"EMPLOYEE_ID\""},
		{"disabled list of lists", "version: 1\ndetection: {disabled: [[US_SSN]]}\n", "2:24: detection.disabled[0]: must be a string, not a list"},
		{"allow empty value", "version: 1\ndetection: {allow: {values: ['']}}\n", "2:30: detection.allow.values[0]: empty value"},
		{"allow null value", "version: 1\ndetection: {allow: {values: [~]}}\n", "2:30: detection.allow.values[0]: needs a value"},
		{"allow bad regexp", "version: 1\ndetection: {allow: {patterns: ['(a']}}\n", "2:32: detection.allow.patterns[0]: invalid regular expression: missing closing ): `(a`"},
		{"allow pattern matches empty", "version: 1\ndetection: {allow: {patterns: ['\\d*']}}\n", "2:32: detection.allow.patterns[0]: matches the empty text"},
		{"allow unknown key", "version: 1\ndetection: {allow: {value: [a]}}\n", "2:21: detection.allow.value: unknown key; did you mean values?"},
		{"custom not a list", "version: 1\ndetection: {custom: {id: A}}\n", "2:21: detection.custom: must be a list (lines starting with \"- \"), not a mapping"},
		{"custom empty entry", "version: 1\ndetection:\n  custom:\n    -\n", "4:6: detection.custom[0]: empty custom identifier"},
		{"custom missing id", "version: 1\ndetection:\n  custom:\n    - pattern: x\n", "4:7: detection.custom[0].id: missing"},
		{"custom missing pattern", "version: 1\ndetection:\n  custom:\n    - id: A_B\n", "4:7: detection.custom[0].pattern: missing"},
		{"custom lower id", "version: 1\ndetection:\n  custom:\n    - {id: employee-id, pattern: x}\n", "4:12: detection.custom[0].id: \"employee-id\" is not UPPER_SNAKE_CASE (letters A-Z, digits and single underscores, starting with a letter); did you mean EMPLOYEE_ID?"},
		{"custom id starts with digit", "version: 1\ndetection:\n  custom:\n    - {id: 1ST, pattern: x}\n", "4:12: detection.custom[0].id: \"1ST\" is not UPPER_SNAKE_CASE"},
		{"custom id too long", "version: 1\ndetection:\n  custom:\n    - {id: " + strings.Repeat("A", 65) + ", pattern: x}\n", "4:12: detection.custom[0].id: longer than 64 characters"},
		{"custom id clashes", "version: 1\ndetection:\n  custom:\n    - {id: US_SSN, pattern: x}\n", "4:12: detection.custom[0].id: US_SSN is a built-in type"},
		{"custom id twice", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x}\n    - {id: A_B, pattern: y}\n", "5:12: detection.custom[1].id: A_B is defined twice (first at line 4)"},
		{"custom empty pattern", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: ''}\n", "4:26: detection.custom[0].pattern: empty pattern"},
		{"custom bad pattern", "version: 1\ndetection:\n  custom:\n    - id: A_B\n      pattern: 'EMP-(\\d{6}'\n", "5:16: detection.custom[0].pattern: invalid regular expression: missing closing ): `EMP-(\\d{6}`"},
		{"custom lookahead", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: 'a(?=b)'}\n", "4:26: detection.custom[0].pattern: invalid regular expression: invalid or unsupported Perl syntax: `(?=`"},
		{"custom pattern list", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: [a]}\n", "4:26: detection.custom[0].pattern: must be a string, not a list"},
		{"custom keywords string", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keywords: emp}\n", "4:39: detection.custom[0].keywords: must be a list of keywords, such as [a, b], not a string"},
		{"custom empty keyword", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keywords: [' ']}\n", "4:40: detection.custom[0].keywords[0]: empty keyword"},
		{"custom negative distance", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keywords: [k], max_distance: -5}\n", "4:58: detection.custom[0].max_distance: must not be negative (-5); use 1 to 300"},
		{"custom zero distance", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keywords: [k], max_distance: 0}\n", "4:58: detection.custom[0].max_distance: 0 is out of range; use 1 to 300"},
		{"custom distance too far", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keywords: [k], max_distance: 301}\n", "4:58: detection.custom[0].max_distance: 301 is out of range"},
		{"custom distance without keywords", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, max_distance: 20}\n", "4:29: detection.custom[0].max_distance: has no effect without keywords"},
		{"custom bad sensitivity", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, sensitivity: hihg}\n", "4:42: detection.custom[0].sensitivity: unknown sensitivity \"hihg\"; did you mean high?"},
		{"custom unknown key", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, keyword: [k]}\n", "4:29: detection.custom[0].keyword: unknown key; did you mean keywords?"},
		{"custom ignore word empty", "version: 1\ndetection:\n  custom:\n    - {id: A_B, pattern: x, ignore_words: ['']}\n", "4:44: detection.custom[0].ignore_words[0]: empty ignore word"},
		{"masking not a mapping", "version: 1\nmasking: tokenize\n", "2:10: masking: must be a mapping"},
		{"unknown default action", "version: 1\nmasking: {default_action: tokenise}\n", "2:27: masking.default_action: unknown action \"tokenise\"; did you mean tokenize?"},
		{"default action list", "version: 1\nmasking: {default_action: [redact]}\n", "2:27: masking.default_action: must be a string, not a list"},
		{"default partial without keeps", "version: 1\nmasking: {default_action: partial}\n", "2:27: masking.default_action: partial needs keep_first, keep_last or both"},
		{"default action mapping unknown key", "version: 1\nmasking: {default_action: {action: keep, keep: 1}}\n", "2:42: masking.default_action.keep: unknown key; did you mean keep_first?"},
		{"column missing match", "version: 1\nmasking:\n  columns:\n    - action: drop\n", "4:7: masking.columns[0].match: missing"},
		{"column missing action", "version: 1\nmasking:\n  columns:\n    - match: a\n", "4:7: masking.columns[0].action: missing; one of keep, redact, partial, hash, tokenize, encrypt, drop, null"},
		{"column bad glob", "version: 1\nmasking:\n  columns:\n    - {match: 'a[', action: drop}\n", "4:15: masking.columns[0].match: bad glob \"a[\": syntax error in pattern"},
		{"column empty match", "version: 1\nmasking:\n  columns:\n    - {match: '', action: drop}\n", "4:15: masking.columns[0].match: empty column name"},
		{"column match twice", "version: 1\nmasking:\n  columns:\n    - {match: a, action: drop}\n    - {match: A, action: keep}\n", "5:15: masking.columns[1].match: \"A\" is matched by an earlier rule (line 4)"},
		{"param for another action", "version: 1\nmasking:\n  columns:\n    - {match: a, action: hash, keep_last: 4}\n", "4:32: masking.columns[0].keep_last: applies only to action partial, not hash"},
		{"text for keep", "version: 1\nmasking:\n  columns:\n    - {match: a, action: keep, text: x}\n", "4:32: masking.columns[0].text: applies only to action redact, not keep"},
		{"negative keep_first", "version: 1\nmasking:\n  columns:\n    - {match: a, action: partial, keep_first: -1}\n", "4:47: masking.columns[0].keep_first: must not be negative (-1); use 0 to 1024"},
		{"keep_last too big", "version: 1\nmasking:\n  columns:\n    - {match: a, action: partial, keep_last: 5000}\n", "4:46: masking.columns[0].keep_last: 5000 is out of range; use 0 to 1024"},
		{"keep_last string", "version: 1\nmasking:\n  columns:\n    - {match: a, action: partial, keep_last: four}\n", "4:46: masking.columns[0].keep_last: must be a whole number, not a string"},
		{"hash too short", "version: 1\nmasking:\n  columns:\n    - {match: a, action: hash, length: 4}\n", "4:40: masking.columns[0].length: 4 is out of range; use 8 to 64"},
		{"redact text list", "version: 1\nmasking:\n  columns:\n    - {match: a, action: redact, text: [x]}\n", "4:40: masking.columns[0].text: must be a string, not a list"},
		{"type unknown", "version: 1\nmasking:\n  types:\n    - {type: EMAIL_ADRESS, action: hash}\n", "4:14: masking.types[0].type: unknown type \"EMAIL_ADRESS\"; did you mean EMAIL_ADDRESS?"},
		{"type unknown custom", "version: 1\ndetection:\n  custom: [{id: EMPLOYEE_ID, pattern: x}]\nmasking:\n  types:\n    - {type: EMPLOYE_ID, action: hash}\n", "6:14: masking.types[0].type: unknown type \"EMPLOYE_ID\"; did you mean EMPLOYEE_ID?"},
		{"type disabled", "version: 1\ndetection: {disabled: [US_SSN]}\nmasking:\n  types:\n    - {type: US_SSN, action: hash}\n", "5:14: masking.types[0].type: US_SSN is switched off in detection.disabled, so this rule never applies"},
		{"type twice", "version: 1\nmasking:\n  types:\n    - {type: US_SSN, action: hash}\n    - {type: US_SSN, action: drop}\n", "5:14: masking.types[1].type: US_SSN has a rule already (line 4)"},
		{"type missing", "version: 1\nmasking:\n  types:\n    - {action: hash}\n", "4:7: masking.types[0].type: missing"},
		{"null action unquoted", "version: 1\nmasking:\n  types:\n    - {type: US_SSN, action: null}\n", "4:30: masking.types[0].action: needs a value"},
		{"unknown masking key", "version: 1\nmasking: {rules: []}\n", "2:11: masking.rules: unknown key (known keys here: default_action, columns, types)"},
		{"alias bomb", "version: 1\ndetection:\n  allow:\n    values: &a [x, x, x, x, x, x, x, x, x, x]\n  custom:\n" + aliasBomb(), "the policy is too large once its aliases are expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := lint(t, tt.in)
			got := make([]string, len(ps))
			for i, p := range ps {
				got[i] = p.String()
			}
			require.Len(t, ps, 1, "problems: %q", got)
			assert.Contains(t, got[0], tt.want)
			if !strings.HasPrefix(tt.want, "the policy is too large") {
				assert.True(t, strings.HasPrefix(got[0], tt.want), "want prefix %q, got %q", tt.want, got[0])
			}
		})
	}
}

// aliasBomb builds custom identifiers that each repeat a long alias many
// times over.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("    - id: A_B\n      pattern: x\n      keywords: &k [")
	for i := range 2000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("k")
	}
	b.WriteString("]\n")
	for i := range 200 {
		fmt.Fprintf(&b, "    - {id: ID_%d, pattern: x, keywords: *k, ignore_words: *k}\n", i)
	}
	return b.String()
}

func TestManyProblemsAtOnce(t *testing.T) {
	in := `detection:
  min_confidence: SURE
  disabled: [NOPE]
  custom:
    - id: bad id
      pattern: '('
masking:
  default_action: scramble
  types:
    - type: WHAT
      action: keep
`
	ps := lint(t, in)
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Path))
	}
	assert.Equal(t, []string{
		"1:1 version",
		"2:19 detection.min_confidence",
		"3:14 detection.disabled[0]",
		"5:11 detection.custom[0].id",
		"6:16 detection.custom[0].pattern",
		"8:19 masking.default_action",
		"10:13 masking.types[0].type",
	}, got)
}

func TestLintErrorRendering(t *testing.T) {
	e := &policy.LintError{File: "p.yaml", Problems: []policy.Problem{
		{Line: 3, Column: 5, Path: "detection.custom[0].id", Message: "bad"},
		{Line: 7, Message: "YAML: oops"},
	}}
	assert.Equal(t, "p.yaml:3:5: detection.custom[0].id: bad\np.yaml:7: YAML: oops", e.Error())
	e.File = ""
	assert.Equal(t, "3:5: detection.custom[0].id: bad\n7: YAML: oops", e.Error())
}

func TestNoBuiltinsMeansNoneKnown(t *testing.T) {
	_, err := policy.Parse([]byte("version: 1\ndetection: {disabled: [US_SSN]}\n"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown built-in type "US_SSN"`)
}

func TestLongValuesAreShortened(t *testing.T) {
	long := strings.Repeat("K", 5000)
	ps := lint(t, "version: 1\nmasking:\n  types: [{type: "+long+", action: keep}]\ndetection:\n  custom: [{id: A_B, pattern: '("+long+"'}]\n")
	require.Len(t, ps, 2)
	for _, p := range ps {
		assert.Less(t, len(p.Message), 200, "message repeats at most a prefix of the user's text: %s", p.Message)
		assert.Contains(t, p.Message, "…")
	}
}

func TestProblemCap(t *testing.T) {
	in := "version: 1\ndetection:\n  disabled: [" + strings.Repeat("NOPE, ", policy.MaxProblems+50) + "]\n"
	ps := lint(t, in)
	require.Len(t, ps, policy.MaxProblems+1)
	assert.Equal(t, "50 more problems not shown", ps[policy.MaxProblems].Message)
}
