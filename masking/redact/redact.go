package redact

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text defaults, matching the policy file's.
const (
	// DefaultText is what Redactor writes when given no text.
	DefaultText = "[{type}]"
	// Placeholder in the text stands for the detected type.
	Placeholder = "{type}"
	// NoType replaces Placeholder for a value with no detected type.
	NoType = "REDACTED"
	// MaxKeep bounds keep_first and keep_last, as the policy does.
	MaxKeep = 1024
	// Mask is the character partial writes over a letter or digit.
	Mask = '*'
)

// Redactor replaces every value with fixed text. It is immutable and safe
// for concurrent use.
type Redactor struct {
	parts []string // the text split at Placeholder; the type goes between parts
}

// New returns a Redactor writing text, in which every Placeholder becomes
// the value's type. An empty text means DefaultText.
func New(text string) *Redactor {
	if text == "" {
		text = DefaultText
	}
	return &Redactor{parts: strings.Split(text, Placeholder)}
}

// String describes the redactor (its text holds no value).
func (r *Redactor) String() string {
	return "redact.Redactor{text: " + strings.Join(r.parts, Placeholder) + "}"
}

// Redact appends the redaction text for a value of type typ to dst and
// returns the extended slice. The value itself is not read. It does not
// allocate when dst has room.
func (r *Redactor) Redact(dst []byte, typ string) []byte {
	if typ == "" {
		typ = NoType
	}
	dst = append(dst, r.parts[0]...)
	for _, p := range r.parts[1:] {
		dst = append(dst, typ...)
		dst = append(dst, p...)
	}
	return dst
}

// ErrNothingKept is returned by NewPartial when both counts are zero: that
// is redaction with asterisks, and the policy requires at least one count.
var ErrNothingKept = errors.New("redact: partial needs keep_first or keep_last above zero")

// Partial keeps the first and last characters of a value and masks the
// letters and digits between them. It is immutable and safe for concurrent
// use.
type Partial struct {
	first, last int
}

// NewPartial returns a Partial keeping keepFirst and keepLast characters
// (each 0 to MaxKeep, not both 0).
func NewPartial(keepFirst, keepLast int) (*Partial, error) {
	if keepFirst < 0 || keepFirst > MaxKeep || keepLast < 0 || keepLast > MaxKeep {
		return nil, fmt.Errorf("redact: keep_first and keep_last must be 0 to %d", MaxKeep)
	}
	if keepFirst == 0 && keepLast == 0 {
		return nil, ErrNothingKept
	}
	return &Partial{first: keepFirst, last: keepLast}, nil
}

// String describes the partial mask.
func (p *Partial) String() string {
	return fmt.Sprintf("redact.Partial{keep_first: %d, keep_last: %d}", p.first, p.last)
}

// Mask appends the partially masked value to dst and returns the extended
// slice (see the package documentation for the rules). It does not allocate
// when dst has room.
func (p *Partial) Mask(dst, value []byte) []byte {
	n := utf8.RuneCount(value)
	first, last := p.first, p.last
	if first+last >= n {
		first, last = 0, 0 // would keep everything: keep nothing
	}
	for i, c := 0, 0; i < len(value); c++ {
		if b := value[i]; b < utf8.RuneSelf { // ASCII fast path
			if c >= first && c < n-last && ('0' <= b && b <= '9' || 'a' <= b|0x20 && b|0x20 <= 'z') {
				b = Mask
			}
			dst = append(dst, b)
			i++
			continue
		}
		r, size := utf8.DecodeRune(value[i:])
		switch {
		case c < first || c >= n-last:
			dst = append(dst, value[i:i+size]...)
		case r == utf8.RuneError && size <= 1, unicode.IsLetter(r), unicode.IsNumber(r), unicode.IsMark(r):
			dst = append(dst, Mask)
		default:
			dst = append(dst, value[i:i+size]...)
		}
		i += size
	}
	return dst
}
