package masking

// Reverse returns a Masker that undoes u: its Mask is u's Unmask. veil
// unmask runs the masking pipeline with these.
func Reverse(u Unmasker) Masker { return reversed{u} }

type reversed struct{ u Unmasker }

func (r reversed) Mask(dst, value []byte, c Column) ([]byte, error) { return r.u.Unmask(dst, value, c) }
func (r reversed) Method() Method                                   { return r.u.Method() }

// MaskAll unmasks many values at once when u can (tokenize), else one at a
// time.
func (r reversed) MaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte {
	if bu, ok := r.u.(interface {
		UnmaskAll(dst []byte, values [][]byte, c Column, ends []int, errs []error) []byte
	}); ok {
		return bu.UnmaskAll(dst, values, c, ends, errs)
	}
	for i, v := range values {
		dst, errs[i] = r.u.Unmask(dst, v, c)
		ends[i] = len(dst)
	}
	return dst
}

// Identity returns a Masker that writes values unchanged. It is the
// fallback when unmasking: a value that is not a token of this key is left
// as it is (it is masked data already), never replaced by guesswork.
func Identity() Masker { return identity{} }

type identity struct{}

func (identity) Mask(dst, value []byte, _ Column) ([]byte, error) { return append(dst, value...), nil }
func (identity) Method() Method                                   { return Keep }
