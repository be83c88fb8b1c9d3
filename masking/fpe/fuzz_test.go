package fpe

import (
	"encoding/binary"
	"slices"
	"testing"
)

// FuzzFF1RoundTrip derives a key, a radix and numerals from the fuzz input
// and checks that Decrypt inverts Encrypt, that the output keeps length and
// radix, and that the uint64 and math/big paths agree.
func FuzzFF1RoundTrip(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), uint16(10), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte{})
	f.Add([]byte("0123456789abcdef01234567"), uint16(36), []byte("0123456789abcdefghi"), []byte("7777pqr777"))
	f.Add([]byte("0123456789abcdef0123456789abcdef"), uint16(62), []byte("some identifier 1234"), []byte("tweak"))
	f.Add([]byte("k"), uint16(2), make([]byte, 70), []byte("t"))
	f.Add([]byte("k"), uint16(65535), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, []byte(""))
	f.Fuzz(func(t *testing.T, keySeed []byte, radixSeed uint16, data, tweak []byte) {
		key := make([]byte, []int{16, 24, 32}[len(keySeed)%3])
		copy(key, keySeed)
		radix := int(radixSeed)%(MaxRadix-1) + MinRadix
		c, err := NewFF1(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		if len(tweak) > MaxTweakLen {
			tweak = tweak[:MaxTweakLen]
		}
		// Two bytes a numeral when the radix needs them.
		var x []uint16
		if radix <= 256 {
			for _, b := range data {
				x = append(x, uint16(int(b)%radix))
			}
		} else {
			for i := 0; i+1 < len(data); i += 2 {
				x = append(x, uint16(int(binary.BigEndian.Uint16(data[i:]))%radix))
			}
		}
		if len(x) > 300 {
			x = x[:300]
		}
		ct, err := c.Encrypt(nil, x, tweak)
		if len(x) < c.MinLen() {
			if err != ErrTooShort {
				t.Fatalf("len %d radix %d: err %v, want ErrTooShort", len(x), radix, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(ct) != len(x) {
			t.Fatalf("length changed: %d -> %d", len(x), len(ct))
		}
		for _, d := range ct {
			if int(d) >= radix {
				t.Fatalf("numeral %d outside radix %d", d, radix)
			}
		}
		viaBig, err := c.crypt(nil, x, tweak, true, false)
		if err != nil || !slices.Equal(viaBig, ct) {
			t.Fatalf("radix %d len %d: fast and big paths disagree", radix, len(x))
		}
		pt, err := c.Decrypt(nil, ct, tweak)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pt, x) {
			t.Fatalf("radix %d len %d: round trip failed", radix, len(x))
		}
	})
}
