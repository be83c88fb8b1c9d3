package redact

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct {
		text, typ, want string
	}{
		{"", "US_SSN", "[US_SSN]"},
		{DefaultText, "EMAIL_ADDRESS", "[EMAIL_ADDRESS]"},
		{DefaultText, "", "[REDACTED]"},
		{"***", "US_SSN", "***"},
		{"<{type}:{type}>", "X", "<X:X>"},
		{"{type}", "CREDIT_CARD", "CREDIT_CARD"},
		{"{typ}", "X", "{typ}"},
	} {
		r := New(tc.text)
		got := r.Redact([]byte("p:"), tc.typ)
		assert.Equal(t, "p:"+tc.want, string(got), "%q %q", tc.text, tc.typ)
	}
}

func TestPartial(t *testing.T) {
	for _, tc := range []struct {
		first, last int
		in, want    string
		why         string
	}{
		{0, 4, "4111 1111 1111 1234", "**** **** **** 1234", "card: last four"},
		{0, 4, "4111-1111-1111-1234", "****-****-****-1234", "separators kept"},
		{0, 4, "123-45-6789", "***-**-6789", "SSN"},
		{1, 0, "jane.doe@example.com", "j***.***@*******.***", "email: first letter"},
		{2, 2, "José García", "Jo** ****ía", "runes, not bytes"},
		{0, 2, "日本語テキスト", "*****スト", "CJK letters masked one per rune"},
		{0, 4, "1234", "****", "would keep everything: keep nothing"},
		{3, 3, "12345", "*****", "first+last > length"},
		{0, 1, "", "", "empty"},
		{0, 4, "(415) 555-0132", "(***) ***-0132", "phone"},
		{1, 1, "a\xffb\xfec", "a***c", "invalid UTF-8 in the middle becomes *"},
		{0, 1, "ab\xff", "**\xff", "invalid UTF-8 in a kept end is copied"},
		{0, 3, "€100 + ½", "€*** + ½", "symbols kept, last runes kept"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			p, err := NewPartial(tc.first, tc.last)
			require.NoError(t, err)
			got := p.Mask([]byte("p:"), []byte(tc.in))
			assert.Equal(t, "p:"+tc.want, string(got))
		})
	}
}

func TestPartialErrors(t *testing.T) {
	_, err := NewPartial(0, 0)
	require.ErrorIs(t, err, ErrNothingKept)
	for _, tc := range [][2]int{{-1, 1}, {1, -1}, {MaxKeep + 1, 0}, {0, MaxKeep + 1}} {
		_, err := NewPartial(tc[0], tc[1])
		require.Error(t, err, "%v", tc)
	}
}
