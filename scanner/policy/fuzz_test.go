package policy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

// FuzzParse: Parse never panics, reports problems with positions inside
// the file, and any policy it accepts builds a scanner and renders the same
// digest twice.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(policyDir, "*.yaml"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte("version: 1\n"))
	f.Add([]byte("version: 1\ndetection: {custom: [{id: A, pattern: 'a*', keywords: &k [x], ignore_words: *k}]}\n"))
	f.Add([]byte("version: 1\nmasking: {default_action: {action: partial, keep_first: 1}}\n"))
	all := detectors.Builtins()
	ids := policy.BuiltinIDs()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse(data, ids)
		if err != nil {
			le, ok := err.(*policy.LintError)
			require.True(t, ok, "error of type %T", err)
			require.NotEmpty(t, le.Problems)
			require.Nil(t, p)
			lines := 1
			for _, c := range data {
				if c == '\n' {
					lines++
				}
			}
			for _, pr := range le.Problems {
				require.LessOrEqual(t, pr.Line, lines+1, "problem past the end: %v", pr)
				require.NotEmpty(t, pr.Message)
			}
			return
		}
		require.NotNil(t, p)
		_, err = scanner.NewFromPolicy(p, all)
		require.NoError(t, err, "an accepted policy must build a scanner")
		require.Equal(t, p.Digest(), p.Digest())
	})
}
