package masking

import (
	"errors"
	"fmt"

	"github.com/veil-data/veil/masking/encrypt"
	"github.com/veil-data/veil/masking/hash"
	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/masking/redact"
	"github.com/veil-data/veil/masking/tokenize"
	"github.com/veil-data/veil/scanner/policy"
)

// Column is what a Masker knows about where a value comes from.
type Column struct {
	// Name is the column name or JSON path. No built-in method uses it in
	// its output (determinism is per type, not per column); it is there for
	// callers' error messages.
	Name string
	// Type is the detected type of the value, such as "US_SSN", or "" when
	// a column rule applies to a column nothing was detected in. It selects
	// the permutation (tokenize), the message prefix (hash), the associated
	// data (encrypt) and the {type} of a redact text.
	Type string
}

// Masker rewrites values by one method. See the package documentation for
// the contract every Masker keeps.
type Masker interface {
	// Mask appends the masked form of value to dst and returns the extended
	// slice. On error dst is returned unchanged and the value must not be
	// written anywhere; the caller redacts it instead.
	Mask(dst, value []byte, c Column) ([]byte, error)
	// Method says which method this is, for manifests.
	Method() Method
}

// BatchMasker is a Masker that masks many values of one column at once
// faster than one at a time: tokenize runs their FF1 calls side by side.
type BatchMasker interface {
	Masker
	// MaskAll appends the masked form of every value to dst, in order, and
	// sets ends[i] to where value i's ends. On an error errs[i] is set and
	// nothing is appended for value i (ends[i] is then the end of the one
	// before); the caller redacts it. ends and errs are as long as values.
	MaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte
}

// MaskAll masks values with m as BatchMasker.MaskAll does, through m's own
// MaskAll when it has one, else one value at a time.
func MaskAll(m Masker, dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte {
	if bm, ok := m.(BatchMasker); ok {
		return bm.MaskAll(dst, values, c, ends, errs)
	}
	for i, v := range values {
		dst, errs[i] = m.Mask(dst, v, c)
		ends[i] = len(dst)
	}
	return dst
}

// Unmasker is a Masker whose output the key holder can reverse: tokenize and
// encrypt.
type Unmasker interface {
	Masker
	// Unmask appends the original of masked, a Mask output for the same
	// Column.Type, to dst. On error dst is returned unchanged.
	Unmask(dst, masked []byte, c Column) ([]byte, error)
}

// Method is a masking method: one per policy action.
type Method uint8

// The methods, in the policy's documentation order. The zero Method is
// invalid.
const (
	Keep     Method = iota + 1 // structural: the value is written as it is
	Redact                     // fixed text
	Partial                    // keep first/last characters, mask the rest
	Hash                       // keyed digest
	Tokenize                   // format-preserving token, reversible
	Encrypt                    // deterministic encryption, reversible
	Drop                       // structural: the column is removed
	Null                       // structural: null is written
)

var methodKinds = [...]policy.ActionKind{
	Keep: policy.ActionKeep, Redact: policy.ActionRedact, Partial: policy.ActionPartial,
	Hash: policy.ActionHash, Tokenize: policy.ActionTokenize, Encrypt: policy.ActionEncrypt,
	Drop: policy.ActionDrop, Null: policy.ActionNull,
}

// MethodOf returns the method of a policy action kind.
func MethodOf(k policy.ActionKind) (Method, error) {
	for m, kind := range methodKinds {
		if m != 0 && kind == k {
			return Method(m), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownMethod, string(k))
}

// String returns the policy's name for the method ("tokenize").
func (m Method) String() string {
	if m == 0 || int(m) >= len(methodKinds) {
		return fmt.Sprintf("Method(%d)", uint8(m))
	}
	return string(methodKinds[m])
}

// Structural reports whether the pipeline applies the method itself
// (keep, drop, null) rather than a Masker.
func (m Method) Structural() bool { return m == Keep || m == Drop || m == Null }

// Reversible reports whether the key holder can unmask the method's output
// (tokenize, encrypt).
func (m Method) Reversible() bool { return m == Tokenize || m == Encrypt }

// Keyed reports whether the method needs a keyset (hash, tokenize, encrypt).
func (m Method) Keyed() bool { return m == Hash || m == Tokenize || m == Encrypt }

// Errors of New and of Maskers. Method packages' own sentinels (such as
// ErrTooShort) come back unwrapped so errors.Is works on them.
var (
	// ErrUnknownMethod: a policy action kind this version does not know.
	ErrUnknownMethod = errors.New("masking: unknown method")
	// ErrStructural: New was asked for keep, drop or null, which the
	// pipeline applies itself.
	ErrStructural = errors.New("masking: keep, drop and null are applied by the pipeline, not by a Masker")
	// ErrNoKeyset: a keyed method (hash, tokenize, encrypt) without a keyset.
	ErrNoKeyset = errors.New("masking: method needs a keyset")
	// ErrTooShort: tokenize cannot mask a value whose format admits fewer
	// than 10^6 contents; redact it instead. Same value as
	// tokenize.ErrTooShort and fpe.ErrTooShort.
	ErrTooShort = tokenize.ErrTooShort
)

// New builds the Masker for a policy action (as Parse fills it in: every
// parameter set) under a keyset, which may be nil for redact and partial.
// Keys are expanded here, once; the Masker does no I/O. For tokenize and
// encrypt the Masker is also an Unmasker.
func New(a policy.Action, ks *keys.Keyset) (Masker, error) {
	m, err := MethodOf(a.Kind)
	if err != nil {
		return nil, err
	}
	if m.Structural() {
		return nil, fmt.Errorf("%w: %s", ErrStructural, m)
	}
	if m.Keyed() && ks == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoKeyset, m)
	}
	switch m {
	case Redact:
		return NewRedact(a.Text), nil
	case Partial:
		p, err := redact.NewPartial(a.KeepFirst, a.KeepLast)
		if err != nil {
			return nil, fmt.Errorf("masking: %w", err)
		}
		return partialMasker{p}, nil
	case Hash:
		key := ks.HashKey()
		defer clear(key)
		h, err := hash.New(key, a.Length)
		if err != nil {
			return nil, fmt.Errorf("masking: %w", err)
		}
		return hashMasker{h}, nil
	case Tokenize:
		key := ks.TokenizeKey()
		defer clear(key)
		t, err := tokenize.New(key)
		if err != nil {
			return nil, fmt.Errorf("masking: %w", err)
		}
		return tokenizeMasker{t}, nil
	case Encrypt:
		key := ks.EncryptKey()
		defer clear(key)
		e, err := encrypt.New(key)
		if err != nil {
			return nil, fmt.Errorf("masking: %w", err)
		}
		return encryptMasker{e}, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnknownMethod, m)
}

// NewRedact returns the redact Masker writing text ("" means the default
// "[{type}]"). It is also the fallback for values another method cannot
// mask.
func NewRedact(text string) Masker { return redactMasker{redact.New(text)} }

// MaskOrRedact masks value with m and, if m fails, redacts it with fallback
// instead, reporting that it did (for the manifest's counts) and why. The
// value is never written in clear: fallback's output is used, and fallback
// should be a redact Masker, which cannot fail.
func MaskOrRedact(dst, value []byte, c Column, m, fallback Masker) (out []byte, fellBack bool, why error) {
	out, why = m.Mask(dst, value, c)
	if why == nil {
		return out, false, nil
	}
	out, err := fallback.Mask(dst, value, c)
	if err != nil {
		// A failing fallback is a programming error; write nothing of the
		// value rather than something half-masked.
		return dst, true, err
	}
	return out, true, why
}

// The adapters: each method package is a leaf that knows nothing of Column.

type redactMasker struct{ r *redact.Redactor }

func (m redactMasker) Mask(dst, _ []byte, c Column) ([]byte, error) {
	return m.r.Redact(dst, c.Type), nil
}
func (redactMasker) Method() Method   { return Redact }
func (m redactMasker) String() string { return m.r.String() }

type partialMasker struct{ p *redact.Partial }

func (m partialMasker) Mask(dst, value []byte, _ Column) ([]byte, error) {
	return m.p.Mask(dst, value), nil
}
func (partialMasker) Method() Method   { return Partial }
func (m partialMasker) String() string { return m.p.String() }

type hashMasker struct{ h *hash.Hasher }

func (m hashMasker) Mask(dst, value []byte, c Column) ([]byte, error) {
	return m.h.Hash(dst, value, c.Type)
}
func (hashMasker) Method() Method   { return Hash }
func (m hashMasker) String() string { return m.h.String() }

type tokenizeMasker struct{ t *tokenize.Tokenizer }

func (m tokenizeMasker) Mask(dst, value []byte, c Column) ([]byte, error) {
	return m.t.Tokenize(dst, value, c.Type)
}
func (m tokenizeMasker) Unmask(dst, masked []byte, c Column) ([]byte, error) {
	return m.t.Detokenize(dst, masked, c.Type)
}
func (m tokenizeMasker) MaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte {
	return m.t.TokenizeAll(dst, values, c.Type, ends, errs)
}
func (m tokenizeMasker) UnmaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte {
	return m.t.DetokenizeAll(dst, values, c.Type, ends, errs)
}
func (tokenizeMasker) Method() Method   { return Tokenize }
func (m tokenizeMasker) String() string { return m.t.String() }

type encryptMasker struct{ e *encrypt.Encrypter }

func (m encryptMasker) Mask(dst, value []byte, c Column) ([]byte, error) {
	return m.e.Encrypt(dst, value, c.Type)
}

// Unmask reads the type from the token itself (it is authenticated), so it
// also works on tokens found in free text, where no Column.Type is known.
func (m encryptMasker) Unmask(dst, masked []byte, _ Column) ([]byte, error) {
	return m.e.Decrypt(dst, masked)
}
func (encryptMasker) Method() Method   { return Encrypt }
func (m encryptMasker) String() string { return m.e.String() }

// Compile-time checks.
var (
	_ Masker   = redactMasker{}
	_ Masker   = partialMasker{}
	_ Masker   = hashMasker{}
	_ Unmasker = tokenizeMasker{}
	_ Unmasker = encryptMasker{}
)
