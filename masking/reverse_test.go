package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner/policy"
)

func TestReverseUndoesTokenizeAndEncrypt(t *testing.T) {
	ks, err := keys.Generate()
	require.NoError(t, err)
	for _, kind := range []policy.ActionKind{policy.ActionTokenize, policy.ActionEncrypt} {
		m, err := New(policy.Action{Kind: kind}, ks)
		require.NoError(t, err)
		u, ok := m.(Unmasker)
		require.True(t, ok, "%s is reversible", kind)
		c := Column{Name: "ssn", Type: "US_SSN"}
		masked, err := m.Mask(nil, []byte("536-22-1234"), c)
		require.NoError(t, err)
		assert.NotEqual(t, "536-22-1234", string(masked))
		back, err := Reverse(u).Mask(nil, masked, c)
		require.NoError(t, err)
		assert.Equal(t, "536-22-1234", string(back), string(kind))
	}
	out, err := Identity().Mask([]byte("x:"), []byte("abc"), Column{})
	require.NoError(t, err)
	assert.Equal(t, "x:abc", string(out))
}
