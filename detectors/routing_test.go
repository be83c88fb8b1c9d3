package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("US_BANK_ROUTING",
	tc{in: "Routing number: 021000021", want: []string{"021000021"}, why: "keyword routing"},
	tc{in: "ABA 011000015", want: []string{"011000015"}, why: "keyword aba"},
	tc{in: "RTN#322271627 acct 12345", want: []string{"322271627"}, why: "keyword rtn, prefix 32"},
	tc{in: "transit no. 026009593", want: []string{"026009593"}, why: "keyword transit"},
	tc{in: "026009593", col: "bank_routing_number", want: []string{"026009593"}, why: "column context"},
	tc{in: "abaRouting 210000010", want: []string{"210000010"}, why: "thrift prefix 21"},
	tc{in: "routing 800000006", want: []string{"800000006"}, why: "traveler's cheque prefix 80"},
	tc{in: "ref 021000021 paid", why: "valid but no context"},
	tc{in: "routing 021000022", why: "wrong checksum"},
	tc{in: "routing 130000006", why: "prefix 13 is unassigned although the checksum passes"},
	tc{in: "routing 730000008", why: "prefix 73 is unassigned"},
	tc{in: "routing 000000000", why: "all zeros"},
	tc{in: "routing 0210000210", why: "inside a longer digit run"},
	tc{in: "routing 021000021-4", why: "hyphen-joined longer number"},
	tc{in: "routing 3.021000021", why: "decimal"},
	tc{in: "routing sha e021000021b", why: "inside a hex token"},
	tc{in: "routing 021-000-021", why: "grouped form is not a routing number as written"},
)

func TestRouting(t *testing.T) { runCases(t, "US_BANK_ROUTING") }

func TestRoutingConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_BANK_ROUTING", "ABA routing 021000021", ""))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "US_BANK_ROUTING", "id 021000021", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "US_BANK_ROUTING", "021000021", "RoutingNumber"))
}

func FuzzRouting(f *testing.F) {
	fuzzDetector(f, "US_BANK_ROUTING", "aba 021000021 011000015", "x021000021", "021000021021000021")
}
