package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/masking/keys"
)

func TestKeygen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "veil.key")
	code, out, errs := veil(t, "", "keygen", "--out", p)
	require.Equal(t, exitOK, code, errs)
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	ks, err := keys.Load(p)
	require.NoError(t, err)
	assert.Contains(t, out, ks.ID(), "the key id is printed")

	raw, err := os.ReadFile(p)
	require.NoError(t, err)
	code, _, errs = veil(t, "", "keygen", "--out", p)
	assert.Equal(t, exitError, code, "an existing keyset is never overwritten")
	assert.NotEmpty(t, errs)
	after, _ := os.ReadFile(p)
	assert.Equal(t, raw, after)

	code, _, _ = veil(t, "", "keygen")
	assert.Equal(t, exitError, code)
}
