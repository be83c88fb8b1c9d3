package fpe

import (
	"fmt"
	"testing"
)

// BenchmarkFF1 measures one Encrypt or Decrypt with a reused dst; SetBytes
// counts numerals, so MB/s reads as millions of numerals a second.
func BenchmarkFF1(b *testing.B) {
	key := []byte("0123456789abcdef")
	tweak := []byte("customers.account_number")
	for _, tc := range []struct {
		radix, n int
	}{
		{10, 9},  // SSN-sized
		{10, 16}, // card-sized
		{2, 30},  // tokenize's bit string for an SSN
		{36, 12},
		{62, 20},
		{62, 40},  // a long name: two-word halves, two AES blocks a round
		{10, 64},  // two-word halves
		{10, 100}, // beyond two-word halves: the math/big path
	} {
		c, err := NewFF1(key, tc.radix)
		if err != nil {
			b.Fatal(err)
		}
		x := make([]uint16, tc.n)
		for i := range x {
			x[i] = uint16((i*7 + 3) % tc.radix)
		}
		dst := make([]uint16, 0, tc.n)
		for _, op := range []struct {
			name string
			f    func([]uint16, []uint16, []byte) ([]uint16, error)
		}{{"Encrypt", c.Encrypt}, {"Decrypt", c.Decrypt}} {
			b.Run(fmt.Sprintf("%s/radix%d/len%d", op.name, tc.radix, tc.n), func(b *testing.B) {
				b.SetBytes(int64(tc.n))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := op.f(dst, x, tweak); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFF1Parallel runs card-sized encryptions on every P.
func BenchmarkFF1Parallel(b *testing.B) {
	c, err := NewFF1([]byte("0123456789abcdef"), 10)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(16)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		x := make([]uint16, 16)
		dst := make([]uint16, 0, 16)
		for pb.Next() {
			if _, err := c.Encrypt(dst, x, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFF1BigPath runs the short inputs down the math/big path, to show
// what the word-sized paths save.
func BenchmarkFF1BigPath(b *testing.B) {
	c, err := NewFF1([]byte("0123456789abcdef"), 10)
	if err != nil {
		b.Fatal(err)
	}
	tweak := []byte("customers.account_number")
	for _, n := range []int{9, 16} {
		x := make([]uint16, n)
		dst := make([]uint16, 0, n)
		b.Run(fmt.Sprintf("Encrypt/radix10/len%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.crypt(dst, x, tweak, true, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
