package masking

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner/policy"
)

func testKeyset(t testing.TB, seed byte) *keys.Keyset {
	t.Helper()
	m := make([]byte, keys.MasterKeySize)
	for i := range m {
		m[i] = seed + byte(i)
	}
	ks, err := keys.FromMaster(fmt.Sprintf("vk_test%d", seed), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), m)
	require.NoError(t, err)
	return ks
}

type sample struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

func samples(t testing.TB) []sample {
	t.Helper()
	data, err := os.ReadFile("testdata/values.json")
	require.NoError(t, err)
	var s []sample
	require.NoError(t, json.Unmarshal(data, &s))
	return s
}

// actions are the value-rewriting actions as policy.Parse fills them in.
var actions = []policy.Action{
	{Kind: policy.ActionRedact, Text: policy.DefaultRedactText},
	{Kind: policy.ActionPartial, KeepLast: 4},
	{Kind: policy.ActionHash, Length: policy.MaxHashLength},
	{Kind: policy.ActionHash, Length: 16},
	{Kind: policy.ActionTokenize},
	{Kind: policy.ActionEncrypt},
}

func TestMethods(t *testing.T) {
	for _, k := range policy.ActionKinds {
		m, err := MethodOf(k)
		require.NoError(t, err, k)
		assert.Equal(t, string(k), m.String())
	}
	_, err := MethodOf("scramble")
	require.ErrorIs(t, err, ErrUnknownMethod)
	assert.Equal(t, "Method(0)", Method(0).String())

	assert.True(t, Keep.Structural() && Drop.Structural() && Null.Structural())
	assert.False(t, Redact.Structural() || Tokenize.Structural())
	assert.True(t, Tokenize.Reversible() && Encrypt.Reversible())
	assert.False(t, Hash.Reversible() || Partial.Reversible())
	assert.True(t, Hash.Keyed() && Tokenize.Keyed() && Encrypt.Keyed())
	assert.False(t, Redact.Keyed() || Partial.Keyed())
}

func TestNew(t *testing.T) {
	ks := testKeyset(t, 1)
	for _, a := range actions {
		m, err := New(a, ks)
		require.NoError(t, err, a)
		want, _ := MethodOf(a.Kind)
		assert.Equal(t, want, m.Method())
		_, reversible := m.(Unmasker)
		assert.Equal(t, want.Reversible(), reversible, a)
	}
	for _, k := range []policy.ActionKind{policy.ActionKeep, policy.ActionDrop, policy.ActionNull} {
		_, err := New(policy.Action{Kind: k}, ks)
		require.ErrorIs(t, err, ErrStructural, k)
	}
	for _, k := range []policy.ActionKind{policy.ActionHash, policy.ActionTokenize, policy.ActionEncrypt} {
		_, err := New(policy.Action{Kind: k}, nil)
		require.ErrorIs(t, err, ErrNoKeyset, k)
	}
	_, err := New(policy.Action{Kind: policy.ActionRedact}, nil)
	require.NoError(t, err, "redact needs no keys")
	_, err = New(policy.Action{Kind: policy.ActionPartial}, nil)
	require.Error(t, err, "partial with nothing kept")
	_, err = New(policy.Action{Kind: policy.ActionHash, Length: 4}, ks)
	require.Error(t, err)
	_, err = New(policy.Action{Kind: "scramble"}, ks)
	require.ErrorIs(t, err, ErrUnknownMethod)
}

// TestConformance holds every method to the masking contract on realistic
// values of every detector type.
func TestConformance(t *testing.T) {
	ks := testKeyset(t, 1)
	otherKeys := testKeyset(t, 2)
	for _, a := range actions {
		m, err := New(a, ks)
		require.NoError(t, err)
		other, err := New(a, otherKeys)
		require.NoError(t, err)
		method := m.Method()
		t.Run(fmt.Sprintf("%s/%d", method, a.Length), func(t *testing.T) {
			for _, s := range samples(t) {
				c := Column{Name: "col", Type: s.Type}
				v := []byte(s.Value)
				out, err := m.Mask([]byte("keep:"), v, c)
				require.NoError(t, err, s.Why)
				require.True(t, bytes.HasPrefix(out, []byte("keep:")), "appends to dst")
				out = out[len("keep:"):]
				assert.Equal(t, s.Value, string(v), "input untouched")

				// No plaintext left (partial keeps its ends by design).
				if method != Partial && len(s.Value) >= 6 {
					assert.NotContains(t, string(out), s.Value, s.Why)
				}

				// Deterministic across calls, and across column names.
				again, err := m.Mask(nil, v, Column{Name: "another_table.col", Type: s.Type})
				require.NoError(t, err)
				assert.Equal(t, out, again, "deterministic: %s", s.Why)

				// Keyed methods depend on the key.
				if method.Keyed() {
					o, err := other.Mask(nil, v, c)
					require.NoError(t, err)
					assert.NotEqual(t, out, o, "another key: %s", s.Why)
				}

				// Reversible methods round-trip.
				if u, ok := m.(Unmasker); ok {
					back, err := u.Unmask([]byte("x"), out, c)
					require.NoError(t, err, s.Why)
					assert.Equal(t, "x"+s.Value, string(back), s.Why)
				}
			}
		})
	}
}

// TestDeterministicAcrossRuns: a keyset written and loaded again (another
// run) gives the same outputs, so joins work across files and runs.
func TestDeterministicAcrossRuns(t *testing.T) {
	ks, err := keys.Generate()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "veil.key")
	require.NoError(t, ks.Write(path))
	loaded, err := keys.Load(path)
	require.NoError(t, err)
	for _, a := range actions {
		m1, err := New(a, ks)
		require.NoError(t, err)
		m2, err := New(a, loaded)
		require.NoError(t, err)
		for _, s := range samples(t) {
			c := Column{Type: s.Type}
			x, err := m1.Mask(nil, []byte(s.Value), c)
			require.NoError(t, err)
			y, err := m2.Mask(nil, []byte(s.Value), c)
			require.NoError(t, err)
			assert.Equal(t, x, y, "%s %s", a.Kind, s.Why)
		}
	}
}

func TestConcurrentDeterminism(t *testing.T) {
	ks := testKeyset(t, 1)
	ss := samples(t)
	for _, a := range actions {
		m, err := New(a, ks)
		require.NoError(t, err)
		want := make([][]byte, len(ss))
		for i, s := range ss {
			want[i], err = m.Mask(nil, []byte(s.Value), Column{Type: s.Type})
			require.NoError(t, err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				dst := make([]byte, 0, 512)
				for range 20 {
					for i, s := range ss {
						got, err := m.Mask(dst[:0], []byte(s.Value), Column{Type: s.Type})
						if !assert.NoError(t, err) || !assert.Equal(t, want[i], got, "%s %s", a.Kind, s.Why) {
							return
						}
					}
				}
			})
		}
		wg.Wait()
	}
}

func TestTypeSeparation(t *testing.T) {
	ks := testKeyset(t, 1)
	for _, k := range []policy.ActionKind{policy.ActionHash, policy.ActionTokenize, policy.ActionEncrypt} {
		m, err := New(policy.Action{Kind: k, Length: 64}, ks)
		require.NoError(t, err)
		a, _ := m.Mask(nil, []byte("123456789"), Column{Type: "US_SSN"})
		b, _ := m.Mask(nil, []byte("123456789"), Column{Type: "US_BANK_ROUTING"})
		assert.NotEqual(t, a, b, k)
	}
}

func TestRedactText(t *testing.T) {
	m := NewRedact("")
	out, _ := m.Mask(nil, []byte("123-45-6789"), Column{Type: "US_SSN"})
	assert.Equal(t, "[US_SSN]", string(out))
	out, _ = m.Mask(nil, []byte("x"), Column{Name: "notes"})
	assert.Equal(t, "[REDACTED]", string(out))
	m, err := New(policy.Action{Kind: policy.ActionRedact, Text: "<{type} removed>"}, nil)
	require.NoError(t, err)
	out, _ = m.Mask(nil, []byte("x"), Column{Type: "EMAIL_ADDRESS"})
	assert.Equal(t, "<EMAIL_ADDRESS removed>", string(out))
}

// TestFailClosed: a value tokenize cannot mask is redacted, never passed
// through, and the fallback is reported.
func TestFailClosed(t *testing.T) {
	ks := testKeyset(t, 1)
	tok, err := New(policy.Action{Kind: policy.ActionTokenize}, ks)
	require.NoError(t, err)
	fallback := NewRedact(policy.DefaultRedactText)
	c := Column{Name: "zip", Type: "US_ZIP"}

	out, err := tok.Mask([]byte("p:"), []byte("12-34"), c)
	require.ErrorIs(t, err, ErrTooShort)
	assert.Equal(t, "p:", string(out), "dst unchanged on error")
	assert.NotContains(t, err.Error(), "12-34")

	out, fell, why := MaskOrRedact([]byte("p:"), []byte("12-34"), c, tok, fallback)
	assert.True(t, fell)
	require.ErrorIs(t, why, ErrTooShort)
	assert.Equal(t, "p:[US_ZIP]", string(out))

	out, fell, why = MaskOrRedact(nil, []byte("123-45-6789"), c, tok, fallback)
	assert.False(t, fell)
	require.NoError(t, why)
	assert.Len(t, out, 11)
}

func TestUnmaskErrors(t *testing.T) {
	ks := testKeyset(t, 1)
	enc, err := New(policy.Action{Kind: policy.ActionEncrypt}, ks)
	require.NoError(t, err)
	u := enc.(Unmasker)
	out, err := u.Unmask([]byte("p"), []byte("not a token"), Column{Type: "US_SSN"})
	require.Error(t, err)
	assert.Equal(t, "p", string(out))

	// A token made under another keyset does not decrypt.
	other, _ := New(policy.Action{Kind: policy.ActionEncrypt}, testKeyset(t, 2))
	tok, _ := other.Mask(nil, []byte("123-45-6789"), Column{Type: "US_SSN"})
	_, err = u.Unmask(nil, tok, Column{Type: "US_SSN"})
	require.Error(t, err)
}

// TestNoKeyInMaskers: formatting a Masker never prints key bytes.
func TestNoKeyInMaskers(t *testing.T) {
	ks := testKeyset(t, 0x41) // key bytes derived; check their hex and raw forms
	var secrets []string
	for _, k := range [][]byte{ks.TokenizeKey(), ks.HashKey(), ks.EncryptKey()} {
		secrets = append(secrets, fmt.Sprintf("%x", k[:6]), string(k[:6]), strings.Trim(fmt.Sprint(k[:6]), "[]"))
	}
	for _, a := range actions {
		m, err := New(a, ks)
		require.NoError(t, err)
		for _, verb := range []string{"%v", "%+v", "%s", "%x", "%d"} {
			s := fmt.Sprintf(verb, m)
			for _, sec := range secrets {
				assert.NotContains(t, s, sec, "%s %s", a.Kind, verb)
			}
		}
	}
}

// TestAllocs pins the allocation budget per value with a reused dst: none
// for every method but encrypt, whose Tink AES-SIV allocates inside.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	ks := testKeyset(t, 1)
	for _, a := range actions {
		m, err := New(a, ks)
		require.NoError(t, err)
		for _, v := range []string{"123-45-6789", "jsmith42@example.com"} {
			val := []byte(v)
			dst := make([]byte, 0, 256)
			c := Column{Type: "T"}
			allocs := testing.AllocsPerRun(100, func() { _, _ = m.Mask(dst[:0], val, c) })
			if m.Method() == Encrypt {
				assert.LessOrEqual(t, allocs, 8.0, "%s %s", a.Kind, v)
			} else {
				assert.Zero(t, allocs, "%s %s", a.Kind, v)
			}
		}
	}
}
