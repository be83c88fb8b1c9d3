package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"abc", "", 3, 3},
		{"", "abc", 3, 3},
		{"kitten", "sitting", 5, 3},
		{"high", "hihg", 3, 1},
		{"ab", "ba", 3, 1},
		{"likely", "likly", 3, 1},
		{"abcdef", "uvwxyz", 2, 3},
		{"a", "abcdefgh", 2, 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, editDistance(tt.a, tt.b, tt.limit), "%q %q", tt.a, tt.b)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"min_confidence", "drop_examples", "disabled", "allow", "custom"}
	tests := []struct{ word, want string }{
		{"min_confidance", "min_confidence"},
		{"dissabled", "disabled"},
		{"min_conf", "min_confidence"},
		{"Custom", "custom"},
		{"alow", "allow"},
		{"zzz", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, suggest(tt.word, known), tt.word)
	}
}
