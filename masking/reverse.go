package masking

import (
	"errors"

	"github.com/veil-data/veil/masking/redact"
)

// Reverse returns a Masker that undoes u: its Mask is u's Unmask. veil
// unmask runs the masking pipeline with these.
func Reverse(u Unmasker) Masker { return reversed{u} }

type reversed struct{ u Unmasker }

// ErrRedacted is the error a reversed Masker gives for a value masking
// redacted because it could not mask it as asked: there is nothing to
// reverse, and the caller keeps it as it is.
var ErrRedacted = errors.New("masking: a redacted value, not a token")

func (r reversed) Mask(dst, value []byte, c Column) ([]byte, error) {
	if isFallback(value, c) {
		return dst, ErrRedacted
	}
	return r.u.Unmask(dst, value, c)
}
func (r reversed) Method() Method { return r.u.Method() }

// MaskAll unmasks many values at once when u can (tokenize), else one at a
// time. Redacted values are left out, with ErrRedacted.
func (r reversed) MaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte {
	bu, ok := r.u.(interface {
		UnmaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte
	})
	redacted := false
	for _, v := range values {
		redacted = redacted || isFallback(v, c)
	}
	if !ok || redacted {
		for i, v := range values {
			dst, errs[i] = r.Mask(dst, v, c)
			ends[i] = len(dst)
		}
		return dst
	}
	return bu.UnmaskAll(dst, values, c, ends, errs)
}

// fallbackRedactor writes what a value becomes when it cannot be masked as
// asked (NewPlan's Fallback).
var fallbackRedactor = redact.New("")

// isFallback reports whether value is what the fallback made of a value of
// c's type: "[US_SSN]", say. Unmasking it would turn the placeholder's
// letters into nonsense.
func isFallback(value []byte, c Column) bool {
	var buf [maxPlaceholder]byte
	return len(value) <= len(buf) && string(value) == string(fallbackRedactor.Redact(buf[:0], c.Type))
}

// maxPlaceholder bounds the length of a fallback placeholder worth
// comparing: longer values are never one.
const maxPlaceholder = 160

// Identity returns a Masker that writes values unchanged. It is the
// fallback when unmasking: a value that is not a token of this key is left
// as it is (it is masked data already), never replaced by guesswork.
func Identity() Masker { return identity{} }

type identity struct{}

func (identity) Mask(dst, value []byte, _ Column) ([]byte, error) { return append(dst, value...), nil }
func (identity) Method() Method                                   { return Keep }
