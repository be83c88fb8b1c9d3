package tokenize

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkAll holds TokenizeAll and DetokenizeAll to Tokenize and Detokenize,
// value by value, errors included.
func checkAll(t *testing.T, tk *Tokenizer, values [][]byte, typ string) {
	t.Helper()
	for _, encrypt := range []bool{true, false} {
		ends := make([]int, len(values))
		errs := make([]error, len(values))
		prefix := []byte("kept")
		var out []byte
		if encrypt {
			out = tk.TokenizeAll(append([]byte(nil), prefix...), values, typ, ends, errs)
		} else {
			out = tk.DetokenizeAll(append([]byte(nil), prefix...), values, typ, ends, errs)
		}
		require.Equal(t, prefix, out[:len(prefix)])
		start := len(prefix)
		for i, v := range values {
			var want []byte
			var err error
			if encrypt {
				want, err = tk.Tokenize(nil, v, typ)
			} else {
				want, err = tk.Detokenize(nil, v, typ)
			}
			require.Equal(t, err, errs[i], "value %d %q", i, v)
			require.Equal(t, string(want), string(out[start:ends[i]]), "value %d %q (encrypt %v)", i, v, encrypt)
			start = ends[i]
		}
		assert.Equal(t, len(out), start)
	}
}

// TestTokenizeAllMatchesTokenize: values of every kind (the shared samples,
// too-short values, values longer than one run, letters and digits of
// every length) tokenize in a batch exactly as one by one, in batches of
// every size, and under an over-long type name fail alike.
func TestTokenizeAllMatchesTokenize(t *testing.T) {
	tk := newTok(t, 7)
	var values [][]byte
	for _, s := range samples(t) {
		values = append(values, []byte(s.Value))
	}
	values = append(values, []byte(""), []byte("12"), []byte("ab-1"), []byte("-- --"))
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		n := 1 + r.IntN(40)
		v := make([]byte, n)
		for j := range v {
			switch r.IntN(4) {
			case 0:
				v[j] = 'a' + byte(r.IntN(26))
			case 1:
				v[j] = 'A' + byte(r.IntN(26))
			case 2:
				v[j] = '-'
			default:
				v[j] = '0' + byte(r.IntN(10))
			}
		}
		values = append(values, v)
	}
	for _, size := range []int{1, 5, 8, 64, len(values)} {
		for lo := 0; lo < len(values); lo += size {
			checkAll(t, tk, values[lo:min(lo+size, len(values))], "US_SSN")
		}
	}
	checkAll(t, tk, values[:20], "A_TYPE_NAME_LONG_ENOUGH_TO_TAKE_A_SECOND_TWEAK_BLOCK")
	long := string(make([]byte, MaxTypeLen+1))
	checkAll(t, tk, values[:3], long)
}

// BenchmarkTokenizeAll tokenizes batches of SSNs (one run each) and of
// e-mail addresses longer than one run (two chained runs, four FF1 calls).
func BenchmarkTokenizeAll(b *testing.B) {
	tk := newTok(b, 1)
	kinds := []struct {
		name, typ string
		value     func(i int) []byte
	}{
		{"SSN", "US_SSN", func(i int) []byte { return fmt.Appendf(nil, "%03d-%02d-%04d", 100+i, 10+i%90, 1000+i) }},
		{"LongEmail", "EMAIL_ADDRESS", func(i int) []byte { return fmt.Appendf(nil, "firstname.lastname%d@example-company.com", i) }},
	}
	for _, kind := range kinds {
		for _, size := range []int{1, 8, 64} {
			values := make([][]byte, size)
			n := 0
			for i := range values {
				values[i] = kind.value(i)
				n += len(values[i])
			}
			ends := make([]int, size)
			errs := make([]error, size)
			var dst []byte
			b.Run(fmt.Sprintf("%s/batch=%d", kind.name, size), func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				for b.Loop() {
					dst = tk.TokenizeAll(dst[:0], values, kind.typ, ends, errs)
				}
			})
		}
	}
}
