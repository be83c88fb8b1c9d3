package detectors

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intlSeeds are international numbers of many countries, with and without
// a written trunk 0, and near misses.
var intlSeeds = []string{
	"442071234567", "4402071234567", "33612345678", "330612345678", "4930123456",
	"49030123456", "61291122698", "819012345678", "8613812345678", "5491123456789",
	"390612345678", "3933554877", "7912345678", "79123456789", "80012345678",
	"8823456789", "35312345678", "2348012345678", "97150123456", "999123456",
	"0123456789", "12125551234", "4420712345", "442071234567890",
}

// possibleIntlAgrees checks the table path against libphonenumber's parser
// wherever the table path is sure.
func possibleIntlAgrees(t *testing.T, digits []byte, cc int) (sure bool) {
	t.Helper()
	fast, sure := possibleIntlFast(digits, cc)
	if sure {
		require.Equal(t, possibleIntlParse(digits, cc), fast, "+%s (cc %d)", digits, cc)
	}
	return sure
}

func TestPossibleIntlMatchesParse(t *testing.T) {
	for _, s := range intlSeeds {
		for _, cc := range []int{0, 44, 1} {
			possibleIntlAgrees(t, []byte(s), cc)
		}
	}
	// Random numbers of every length, and every calling code as a
	// prefix: the table path must be sure almost always, and right.
	r := rand.New(rand.NewPCG(1, 2))
	sure, total := 0, 0
	for cc := 1; cc < 1000; cc++ {
		for range 20 {
			n := 7 + r.IntN(10)
			d := []byte(itoa(cc))
			for len(d) < n {
				d = append(d, byte('0'+r.IntN(10)))
			}
			total++
			if possibleIntlAgrees(t, d, 0) {
				sure++
			}
		}
	}
	assert.Greater(t, float64(sure)/float64(total), 0.8, "the table path decides most numbers")
}

func TestPossibleIntlAllocatesNothing(t *testing.T) {
	d := []byte("442071234567")
	assert.Zero(t, testing.AllocsPerRun(100, func() { possibleIntl(d, 44) }))
}

func FuzzPossibleIntl(f *testing.F) {
	for _, s := range intlSeeds {
		f.Add(s, uint16(0))
	}
	f.Fuzz(func(t *testing.T, s string, cc uint16) {
		if len(s) > phoneMaxDigits {
			return
		}
		for i := 0; i < len(s); i++ {
			if !IsDigit(s[i]) {
				return
			}
		}
		possibleIntlAgrees(t, []byte(s), int(cc%1000))
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
