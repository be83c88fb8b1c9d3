package policy_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/scanner/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/policy")

// TestGolden loads every policy in testdata/policy and compares the result
// with its .golden file: the canonical rendering and digest for a valid
// policy, the lint output for a broken one.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(policyDir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			var got string
			p, err := policy.Load(file, builtins)
			switch le := (*policy.LintError)(nil); {
			case err == nil:
				got = string(p.Canonical()) + p.Digest() + "\n"
			case errors.As(err, &le):
				le.File = name // not the relative path the test runs with
				got = le.Error() + "\n"
			default:
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./scanner/policy -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}
