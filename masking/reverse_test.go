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

// TestReverseLeavesFallbacksAlone: a value masking could not mask as asked
// was redacted to "[TYPE]"; unmasking it gives ErrRedacted (the caller
// keeps it) instead of "detokenizing" the placeholder's letters, one by one
// and in a batch beside real tokens.
func TestReverseLeavesFallbacksAlone(t *testing.T) {
	ks, err := keys.Generate()
	require.NoError(t, err)
	m, err := New(policy.Action{Kind: policy.ActionTokenize}, ks)
	require.NoError(t, err)
	c := Column{Name: "email", Type: "EMAIL_ADDRESS"}
	placeholder, fell, _ := MaskOrRedact(nil, []byte("e@x.io"), c, m, NewRedact(""))
	require.True(t, fell, "too short to tokenize")
	require.Equal(t, "[EMAIL_ADDRESS]", string(placeholder))
	r := Reverse(m.(Unmasker))
	_, err = r.Mask(nil, placeholder, c)
	assert.ErrorIs(t, err, ErrRedacted)

	token, err := m.Mask(nil, []byte("mary.jones@example.com"), c)
	require.NoError(t, err)
	values := [][]byte{token, placeholder, token}
	ends := make([]int, 3)
	errs := make([]error, 3)
	out := MaskAll(r, nil, values, c, ends, errs)
	assert.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], ErrRedacted)
	assert.NoError(t, errs[2])
	assert.Equal(t, "mary.jones@example.com", string(out[:ends[0]]))
	assert.Equal(t, ends[0], ends[1], "nothing written for the placeholder")
	assert.Equal(t, "mary.jones@example.com", string(out[ends[1]:ends[2]]))
}
