package masking

import (
	"fmt"
	"testing"

	"github.com/veil-data/veil/scanner/policy"
)

// BenchmarkMask runs every method through the Masker interface on an 11-byte
// SSN and a 20-byte email with a reused dst; SetBytes counts input bytes.
func BenchmarkMask(b *testing.B) {
	ks := testKeyset(b, 1)
	values := []struct{ name, typ, value string }{
		{"SSN11", "US_SSN", "123-45-6789"},
		{"Email20", "EMAIL_ADDRESS", "jsmith42@example.com"},
	}
	for _, a := range actions {
		m, err := New(a, ks)
		if err != nil {
			b.Fatal(err)
		}
		name := a.Kind
		if a.Kind == policy.ActionHash {
			name = policy.ActionKind(fmt.Sprintf("hash%d", a.Length))
		}
		for _, v := range values {
			val := []byte(v.value)
			c := Column{Name: "col", Type: v.typ}
			dst := make([]byte, 0, 256)
			b.Run(fmt.Sprintf("%s/%s", name, v.name), func(b *testing.B) {
				b.SetBytes(int64(len(val)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := m.Mask(dst[:0], val, c); err != nil {
						b.Fatal(err)
					}
				}
			})
			u, ok := m.(Unmasker)
			if !ok {
				continue
			}
			masked, err := m.Mask(nil, val, c)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("un%s/%s", name, v.name), func(b *testing.B) {
				b.SetBytes(int64(len(val)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := u.Unmask(dst[:0], masked, c); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkMaskParallel shows how the keyed methods scale across workers.
func BenchmarkMaskParallel(b *testing.B) {
	ks := testKeyset(b, 1)
	val := []byte("123-45-6789")
	for _, a := range actions {
		m, err := New(a, ks)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s%d/SSN11", a.Kind, a.Length), func(b *testing.B) {
			b.SetBytes(int64(len(val)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				dst := make([]byte, 0, 256)
				c := Column{Type: "US_SSN"}
				for pb.Next() {
					if _, err := m.Mask(dst[:0], val, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
