package tokenize

import (
	"fmt"
	"testing"
)

// BenchmarkTokenize covers single runs (SSN, card), two runs (email), and
// many runs (a JWT); the masking package benchmarks every method side by
// side.
func BenchmarkTokenize(b *testing.B) {
	tk := newTok(b, 1)
	for _, tc := range []struct{ name, typ, value string }{
		{"SSN", "US_SSN", "123-45-6789"},
		{"Card", "CREDIT_CARD", "4111 1111 1111 1111"},
		{"Email", "EMAIL_ADDRESS", "john.smith@example.com"},
		{"JWT", "JSON_WEB_TOKEN", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
	} {
		v := []byte(tc.value)
		dst := make([]byte, 0, len(v))
		b.Run("Tokenize/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tk.Tokenize(dst[:0], v, tc.typ); err != nil {
					b.Fatal(err)
				}
			}
		})
		tok, err := tk.Tokenize(nil, v, tc.typ)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("Detokenize/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tk.Detokenize(dst[:0], tok, tc.typ); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTokenizeVaried cycles through 1024 distinct values: cycle-walking
// makes the cost of one value depend on the value, so a single-value
// benchmark can be unluckily slow or fast; this is the average.
func BenchmarkTokenizeVaried(b *testing.B) {
	tk := newTok(b, 1)
	for _, tc := range []struct {
		name, typ string
		gen       func(i int) string
	}{
		{"SSN", "US_SSN", func(i int) string {
			return fmt.Sprintf("%03d-%02d-%04d", (i*7919)%1000, (i*31)%100, (i*104729)%10000)
		}},
		{"Card", "CREDIT_CARD", func(i int) string {
			return fmt.Sprintf("4%03d %04d %04d %04d", (i*7919)%1000, (i*31)%10000, (i*104729)%10000, (i*13)%10000)
		}},
		{"Email", "EMAIL_ADDRESS", func(i int) string {
			return fmt.Sprintf("user%05d.smith@example.com", (i*7919)%100000)[:20]
		}},
	} {
		vals := make([][]byte, 1024)
		for i := range vals {
			vals[i] = []byte(tc.gen(i))
		}
		dst := make([]byte, 0, 64)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(vals[0])))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := tk.Tokenize(dst[:0], vals[i&1023], tc.typ); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
