package keys

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testCreated = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func testMaster() []byte {
	m := make([]byte, MasterKeySize)
	for i := range m {
		m[i] = byte(i)
	}
	return m
}

func testKeyset(t *testing.T) *Keyset {
	t.Helper()
	ks, err := FromMaster("vk_test", testCreated, testMaster())
	require.NoError(t, err)
	return ks
}

func TestGenerate(t *testing.T) {
	a, err := Generate()
	require.NoError(t, err)
	b, err := Generate()
	require.NoError(t, err)

	assert.Regexp(t, `^vk_[a-z2-7]{20}$`, a.ID())
	assert.True(t, ValidKeyID(a.ID()))
	assert.NotEqual(t, a.ID(), b.ID())
	assert.NotEqual(t, a.TokenizeKey(), b.TokenizeKey())
	assert.WithinDuration(t, time.Now(), a.Created(), time.Minute)

	assert.Len(t, a.TokenizeKey(), TokenizeKeySize)
	assert.Len(t, a.HashKey(), HashKeySize)
	assert.Len(t, a.EncryptKey(), EncryptKeySize)
	// Every purpose has its own key.
	assert.NotEqual(t, a.TokenizeKey(), a.HashKey())
	assert.NotEqual(t, a.TokenizeKey(), a.EncryptKey()[:32])
	assert.NotEqual(t, a.HashKey(), a.EncryptKey()[32:])
}

// TestDerivationPinned pins the HKDF labels: changing one would silently
// change every token, digest and ciphertext ever made.
func TestDerivationPinned(t *testing.T) {
	ks := testKeyset(t)
	for _, tc := range []struct {
		name string
		got  []byte
		want string
	}{
		{"tokenize", ks.TokenizeKey(), goldenTokenize},
		{"hash", ks.HashKey(), goldenHash},
		{"encrypt", ks.EncryptKey(), goldenEncrypt},
	} {
		assert.Equal(t, tc.want, hex.EncodeToString(tc.got), tc.name)
	}
}

// Derived from master 00 01 … 1f with the version 1 labels; checked against
// an independent RFC 5869 implementation (Python hmac/hashlib).
const (
	goldenTokenize = "79d35c67f4b974f49f506bc296bbdcc0b75bec74afb2945f8e9d382966ed3f27"
	goldenHash     = "0404f585a2ebd9f00c86354340eeefb3c1d3febefc463405cc1a45677b4dd61a"
	goldenEncrypt  = "f6a2992bf3149896976b39d4541ce9eb698959a10c8584be294f83f7d75d2193a3e19013227ebd3ae6808f4b0f2a08bfb9c0037739d2a7815cc70ac1ce2e5dac"
)

func TestKeyAccessorsCopy(t *testing.T) {
	ks := testKeyset(t)
	k := ks.TokenizeKey()
	clear(k)
	assert.NotEqual(t, k, ks.TokenizeKey(), "clearing a returned key must not touch the keyset")
}

func TestFromMaster(t *testing.T) {
	for _, tc := range []struct {
		id     string
		master []byte
	}{
		{"", testMaster()},
		{"has space", testMaster()},
		{strings.Repeat("a", 65), testMaster()},
		{"vk_ok", make([]byte, 16)},
		{"vk_ok", nil},
	} {
		_, err := FromMaster(tc.id, testCreated, tc.master)
		assert.ErrorIs(t, err, ErrInvalid, "%q / %d bytes", tc.id, len(tc.master))
	}
	m := testMaster()
	ks, err := FromMaster("vk_ok", testCreated, m)
	require.NoError(t, err)
	want := ks.HashKey()
	clear(m)
	assert.Equal(t, want, ks.HashKey(), "the master is copied")
}

func TestWriteLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "veil.key")
	ks := testKeyset(t)
	require.NoError(t, ks.Write(path))

	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), st.Mode().Perm())

	got, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, ks.ID(), got.ID())
	assert.True(t, ks.Created().Equal(got.Created()))
	assert.Equal(t, ks.TokenizeKey(), got.TokenizeKey())
	assert.Equal(t, ks.HashKey(), got.HashKey())
	assert.Equal(t, ks.EncryptKey(), got.EncryptKey())

	// The file is the documented shape.
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	assert.Equal(t, "veil-keyset", m["format"])
	assert.EqualValues(t, 1, m["version"])
	assert.Equal(t, "vk_test", m["key_id"])
	assert.Equal(t, "2026-03-01T12:00:00Z", m["created"])
	assert.Equal(t, base64.StdEncoding.EncodeToString(testMaster()), m["master_key"])

	// Never overwrite a key.
	other, err := Generate()
	require.NoError(t, err)
	err = other.Write(path)
	require.ErrorIs(t, err, fs.ErrExist)
	again, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, ks.ID(), again.ID(), "the existing file is untouched")
}

func TestWriteUnderUmask(t *testing.T) {
	// Even in a world-writable directory the file is 0600.
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o777))
	path := filepath.Join(dir, "k.json")
	require.NoError(t, testKeyset(t).Write(path))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), st.Mode().Perm())
}

func writeRaw(t *testing.T, content string, mode fs.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "k.json")
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode))
	return path
}

func validJSON(fields map[string]any) string {
	m := map[string]any{
		"format":     "veil-keyset",
		"version":    1,
		"key_id":     "vk_test",
		"created":    "2026-03-01T12:00:00Z",
		"master_key": base64.StdEncoding.EncodeToString(testMaster()),
	}
	for k, v := range fields {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestLoadErrors(t *testing.T) {
	secret := base64.StdEncoding.EncodeToString(testMaster())
	for _, tc := range []struct {
		name    string
		content string
		mode    fs.FileMode
		want    error
		msg     string
	}{
		{"group readable", validJSON(nil), 0o640, ErrPermissions, "chmod 600"},
		{"world readable", validJSON(nil), 0o604, ErrPermissions, "mode 0604"},
		{"empty", "", 0o600, ErrInvalid, "empty file"},
		{"syntax", `{"format": "veil-keyset", "master_key": "` + secret + `" x}`, 0o600, ErrInvalid, "JSON syntax error at byte"},
		{"truncated", `{"format": "veil-keyset", "master_key": "` + secret[:10], 0o600, ErrInvalid, "truncated"},
		{"not base64", validJSON(map[string]any{"master_key": "!!!!" + secret[4:]}), 0o600, ErrInvalid, "base64"},
		{"wrong type", validJSON(map[string]any{"version": "1"}), 0o600, ErrInvalid, `field "version"`},
		{"unknown field", validJSON(map[string]any{"mastr_key": secret}), 0o600, ErrInvalid, "unknown field"},
		{"format", validJSON(map[string]any{"format": "other"}), 0o600, ErrInvalid, "format"},
		{"version", validJSON(map[string]any{"version": 2}), 0o600, ErrInvalid, "unsupported version 2"},
		{"key id", validJSON(map[string]any{"key_id": "a b"}), 0o600, ErrInvalid, "key_id"},
		{"no created", validJSON(map[string]any{"created": nil}), 0o600, ErrInvalid, "created"},
		{"short master", validJSON(map[string]any{"master_key": secret[:20]}), 0o600, ErrInvalid, "32 bytes"},
		{"no key", validJSON(map[string]any{"master_key": nil}), 0o600, ErrInvalid, "neither"},
		{"both", validJSON(map[string]any{"wrapped": map[string]any{"provider": "aws-kms", "key": "alias/veil", "ciphertext": "AAAA"}}), 0o600, ErrInvalid, "both"},
		{"wrapped", validJSON(map[string]any{"master_key": nil, "wrapped": map[string]any{"provider": "aws-kms", "key": "alias/veil", "ciphertext": "AAAA"}}), 0o600, ErrWrapped, "KMS"},
		{"wrapped incomplete", validJSON(map[string]any{"master_key": nil, "wrapped": map[string]any{"provider": "aws-kms"}}), 0o600, ErrInvalid, "wrapped needs"},
		{"trailing", validJSON(nil) + "{}", 0o600, ErrInvalid, "after the keyset"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeRaw(t, tc.content, tc.mode)
			_, err := Load(path)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Contains(t, err.Error(), path, "the error names the file")
			assertNoSecret(t, err.Error())
		})
	}

	_, err := Load(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "missing.json")

	_, err = Load(t.TempDir())
	require.Error(t, err, "a directory is not a keyset")
}

func TestParse(t *testing.T) {
	ks, err := Parse([]byte(validJSON(nil)))
	require.NoError(t, err)
	assert.Equal(t, testKeyset(t).HashKey(), ks.HashKey())
	_, err = Parse([]byte("{"))
	require.ErrorIs(t, err, ErrInvalid)
}

func TestWrappedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kms.json")
	f := &File{KeyID: "vk_kms", Created: testCreated, Wrapped: &Wrapped{
		Provider: "aws-kms", Key: "alias/veil", Ciphertext: []byte("opaque-blob"),
		Context: map[string]string{"veil:key_id": "vk_kms"},
	}}
	require.NoError(t, f.Write(path))
	got, err := ReadFile(path)
	require.NoError(t, err)
	require.NotNil(t, got.Wrapped)
	assert.Equal(t, f.Wrapped.Ciphertext, got.Wrapped.Ciphertext)
	assert.Equal(t, f.Wrapped.Context, got.Wrapped.Context)
	_, err = got.Keyset()
	require.ErrorIs(t, err, ErrWrapped)
	_, err = Load(path)
	require.ErrorIs(t, err, ErrWrapped)

	// What a KMS provider does with the unwrapped plaintext.
	ks, err := FromMaster(got.KeyID, got.Created, testMaster())
	require.NoError(t, err)
	assert.Equal(t, "vk_kms", ks.ID())

	bad := &File{KeyID: "vk_x", Created: testCreated}
	require.ErrorIs(t, bad.Write(filepath.Join(t.TempDir(), "x")), ErrInvalid)
}

// secrets returns every rendering of the test key material a leak could
// take.
func secrets() []string {
	ks, _ := FromMaster("vk_test", testCreated, testMaster())
	var out []string
	for _, k := range [][]byte{testMaster(), ks.TokenizeKey(), ks.HashKey(), ks.EncryptKey()} {
		out = append(out,
			hex.EncodeToString(k[:8]), strings.ToUpper(hex.EncodeToString(k[:8])),
			base64.StdEncoding.EncodeToString(k)[:12], base64.RawURLEncoding.EncodeToString(k)[:12],
			strings.Trim(fmt.Sprint(k[:8]), "[]"), // "0 1 2 3 …" as %v of a byte slice prints
			string(k[8:16]),
		)
	}
	return out
}

func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	for _, sec := range secrets() {
		if strings.Contains(s, sec) {
			t.Fatalf("key material %q found in %q", sec, s)
		}
	}
}

func TestNoKeyMaterialInFormatting(t *testing.T) {
	ks := testKeyset(t)
	f := ks.File()
	w := &Wrapped{Provider: "aws-kms", Key: "alias/veil", Ciphertext: []byte("opaque")}
	fw := &File{KeyID: "vk_w", Created: testCreated, Wrapped: w}
	values := map[string]any{
		"*Keyset": ks, "Keyset": *ks, "*File": f, "File": *f, "*Wrapped": w, "Wrapped": *w,
		"File with wrapped": fw, "[]*Keyset": []*Keyset{ks}, "map": map[string]any{"k": ks},
		"struct": struct{ K *Keyset }{ks},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%o", "%b", "%c", "%U", "%e", "%T", "%p"}
	for name, v := range values {
		for _, verb := range verbs {
			s := fmt.Sprintf(verb, v)
			assertNoSecret(t, s)
		}
		j, err := json.Marshal(v)
		require.NoError(t, err, name)
		assertNoSecret(t, string(j))

		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("keys", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("keys", "v", v)
		assertNoSecret(t, buf.String())
	}
	// The key id is what does print.
	assert.Contains(t, fmt.Sprintf("%v", ks), "vk_test")
	assert.Contains(t, fmt.Sprintf("%+v", *ks), "vk_test")
	j, _ := json.Marshal(ks)
	assert.JSONEq(t, `{"key_id":"vk_test","created":"2026-03-01T12:00:00Z"}`, string(j))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("job", "keyset", ks)
	assert.Contains(t, buf.String(), `"keyset":{"key_id":"vk_test"`)
}

func TestProviders(t *testing.T) {
	ctx := context.Background()
	ks := testKeyset(t)
	got, err := Static(ks).Keys(ctx)
	require.NoError(t, err)
	assert.Same(t, ks, got)

	path := filepath.Join(t.TempDir(), "k.json")
	require.NoError(t, ks.Write(path))
	p := FileProvider(path)
	first, err := p.Keys(ctx)
	require.NoError(t, err)
	require.NoError(t, os.Remove(path))
	second, err := p.Keys(ctx)
	require.NoError(t, err, "loaded once, cached")
	assert.Same(t, first, second)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = FileProvider(path).Keys(cancelled)
	require.ErrorIs(t, err, context.Canceled)
}

func TestCacheRetriesErrorsAndIsShared(t *testing.T) {
	ks := testKeyset(t)
	calls := 0
	fail := true
	p := Cache(ProviderFunc(func(context.Context) (*Keyset, error) {
		calls++
		if fail {
			return nil, errors.New("kms unavailable")
		}
		return ks, nil
	}))
	_, err := p.Keys(context.Background())
	require.Error(t, err)
	fail = false
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := p.Keys(context.Background())
			assert.NoError(t, err)
			assert.Same(t, ks, got)
		})
	}
	wg.Wait()
	assert.Equal(t, 2, calls, "one failed call, then one successful call for all")
}
