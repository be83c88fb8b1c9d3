package keys

import (
	"encoding/base64"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParseFile: any bytes either parse into a checked keyset file or fail
// with ErrInvalid; nothing panics.
func FuzzParseFile(f *testing.F) {
	f.Add([]byte(validJSON(nil)))
	f.Add([]byte(validJSON(map[string]any{"master_key": nil, "wrapped": map[string]any{"provider": "aws-kms", "key": "k", "ciphertext": "AAAA"}})))
	f.Add([]byte(`{"format":"veil-keyset","version":1}`))
	f.Add([]byte(`{"master_key":"` + base64.StdEncoding.EncodeToString(testMaster()) + `"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile(data)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalid)
			return
		}
		require.True(t, ValidKeyID(file.KeyID))
		require.True(t, file.Local() != (file.Wrapped != nil))
		ks, err := file.Keyset()
		if file.Local() {
			require.NoError(t, err)
			require.Equal(t, file.KeyID, ks.ID())
		} else {
			require.True(t, errors.Is(err, ErrWrapped))
		}
	})
}
