package detectors

import (
	"strings"

	"github.com/veil-data/veil/detectors/checksum"
)

func init() {
	register(&Detector{
		ID:             "US_BANK_ROUTING",
		Sensitivity:    SensitivityModerate,
		Keywords:       []string{"routing", "aba", "abartn", "rtn", "transit", "routing number", "aba number"},
		Base:           Likely,
		AllNeedContext: true,
		Anchor:         AtDigits,
		Runs:           Runs(9),
		MatchAt:        matchRouting,
		Leads:          func(_ Anchor, c byte) bool { return strings.IndexByte("0123678", c) >= 0 }, // Federal Reserve prefixes 00-12, 21-32, 61-72, 80
		Preceded:       NumberStart,
	})
}

// matchRouting accepts a nine-digit ABA routing transit number whose first
// two digits are a Federal Reserve routing symbol (00-12, 21-32 thrift,
// 61-72 electronic, 80 traveler's cheques) and that passes the ABA checksum.
func matchRouting(b []byte, i int) (int, Flags) {
	if !pidBoundaryBefore(b, i) || digitRun(b, i) != 9 {
		return -1, 0
	}
	end := i + 9
	if !pidBoundaryAfter(b, end) || groupedAround(b, i, end) {
		return -1, 0
	}
	p := val(b, i, 2)
	if !(p <= 12 || p >= 21 && p <= 32 || p >= 61 && p <= 72 || p == 80) {
		return -1, 0
	}
	if allSame(b[i:end]) || !checksum.ABA(b[i:end]) {
		return -1, 0
	}
	return end, NeedsContext | Checksum
}
