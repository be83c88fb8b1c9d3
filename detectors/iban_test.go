package detectors_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

var _ = addCases("IBAN_CODE",
	tc{in: "IBAN DE89370400440532013000", want: []string{"DE89370400440532013000"}, why: "Germany compact, check digits run into a numeric BBAN"},
	tc{in: "pay to DE89 3704 0044 0532 0130 00.", want: []string{"DE89 3704 0044 0532 0130 00"}, why: "Germany in groups of four, short last group"},
	tc{in: "GB82WEST12345698765432", want: []string{"GB82WEST12345698765432"}, why: "UK compact, letters right after the check digits"},
	tc{in: "acct: GB82 WEST 1234 5698 7654 32", want: []string{"GB82 WEST 1234 5698 7654 32"}, why: "UK grouped"},
	tc{in: "FR1420041010050500013M02606", want: []string{"FR1420041010050500013M02606"}, why: "France, a letter inside the BBAN"},
	tc{in: "(NL91ABNA0417164300)", want: []string{"NL91ABNA0417164300"}, why: "Netherlands in parentheses"},
	tc{in: "BE68 5390 0754 7034", want: []string{"BE68 5390 0754 7034"}, why: "Belgium, 16 characters ending on a full group"},
	tc{in: "NO93 8601 1117 947", want: []string{"NO93 8601 1117 947"}, why: "Norway, the shortest IBAN (15)"},
	tc{in: "MT84MALT011000012345MTLCAST001S", want: []string{"MT84MALT011000012345MTLCAST001S"}, why: "Malta, 31 characters"},
	tc{in: "LC55HEMM000100010012001200023015", want: []string{"LC55HEMM000100010012001200023015"}, why: "Saint Lucia, 32 characters"},
	tc{in: "RU0204452560040702810412345678901", want: []string{"RU0204452560040702810412345678901"}, why: "Russia, the longest registered (33)"},
	tc{in: `{"iban":"CH9300762011623852957","x":1}`, want: []string{"CH9300762011623852957"}, why: "Switzerland in JSON"},
	tc{in: "SA0380000000608010167519 BR1800360305000010009795493C1", want: []string{"SA0380000000608010167519", "BR1800360305000010009795493C1"}, why: "two in one value"},

	tc{in: "IBAN DE89370400440532013001", why: "checksum fails"},
	tc{in: "IBAN DE88 3704 0044 0532 0130 00", why: "grouped, checksum fails"},
	tc{in: "IBAN DE8937040044053201300", why: "one character short for Germany"},
	tc{in: "IBAN DE893704004405320130000", why: "one character long for Germany"},
	tc{in: "IBAN XX89370400440532013000", why: "not a registry country"},
	tc{in: "IBAN US89370400440532013000", why: "the US has no IBANs"},
	tc{in: "IBAN de89370400440532013000", why: "lower case"},
	tc{in: "IBAN ADE89370400440532013000", why: "a letter attached before"},
	tc{in: "IBAN DE89370400440532013000X", why: "a letter attached after"},
	tc{in: "IBAN DE89 3704 0044 0532 0130 00X", why: "grouped, a letter attached after"},
	tc{in: "IBAN 1DE89370400440532013000", why: "a digit attached before"},
	tc{in: "IBAN DE89 37040044 0532 0130 00", why: "groups not of four"},
	tc{in: "IBAN DE89  3704 0044 0532 0130 00", why: "double space"},
	tc{in: "IBAN DE89-3704-0044-0532-0130-00", why: "hyphens are not an IBAN grouping"},
	tc{in: "IBAN DE99370400440000000024", why: "check digits 99 pass mod 97 but are never issued"},
	tc{in: "IBAN DE01370400440000000042", why: "check digits 01 pass mod 97 but are never issued"},
	tc{in: "sha GB82WEST12345698765432a1", why: "inside a longer token"},
)

func TestIBAN(t *testing.T) { runCases(t, "IBAN_CODE") }

func TestIBANConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "IBAN_CODE", "x DE89370400440532013000", ""))
	s := newScanner(t)
	ms := s.Find(nil, []byte("GB82 WEST 1234 5698 7654 32"), s.Column(""))
	if assert.Len(t, ms, 1) {
		assert.True(t, ms[0].Validated)
	}
}

func FuzzIBAN(f *testing.F) {
	fuzzDetector(f, "IBAN_CODE",
		"DE89370400440532013000 GB82 WEST 1234 5698 7654 32", "NO93 8601 1117 947 BE68 5390 0754 7034",
		"DE89 3704 0044 0532 0130 00X", "XDE89370400440532013000", "GB82WEST1234569876543")
}

// TestCardPhoneIBANNoAlloc checks that these detectors allocate nothing
// (international phone candidates, which call libphonenumber, excepted).
func TestCardPhoneIBANNoAlloc(t *testing.T) {
	in := []byte("card 4111 1111 1111 1111 4539148803436467 3714 496353 98431 4111 1111 1111 1111 123 " +
		"(212) 555-1234 +1 212 555 1234 1-800-555-0199 2125551234 12125551234 " +
		"DE89370400440532013000 GB82 WEST 1234 5698 7654 32 XX12 FR1420041010050500013M02606")
	for _, d := range detectors.Builtins() {
		switch d.ID {
		case "CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE":
		default:
			continue
		}
		n := testing.AllocsPerRun(20, func() {
			for i := range in {
				d.MatchAt(in, i)
			}
		})
		assert.Zero(t, n, "%s allocates", d.ID)
	}
}

// TestCardPhoneIBANRandomAgreement feeds these detectors dense random text
// made of valid identifiers, their pieces and the bytes their grammars use,
// and checks that the fast scan agrees with the reference scan; plain
// fuzzing rarely builds such inputs.
func TestCardPhoneIBANRandomAgreement(t *testing.T) {
	s := newScanner(t, scanner.WithMinConfidence(detectors.VeryUnlikely))
	pieces := []string{
		"4539 1488 0343 6467", "4539148803436467", "4539-1488-0343-6467", "3714 496353 98431",
		"4716 1257 4936 0120 579", "4111 1111 1111 1111", "135412345678911", "501812345673",
		"(212) 555-1234", "212-555-1234", "212.555.1234", "212 555 1234", "2125551234", "1-800-555-0199",
		"+1 212 555 1234", "+12125551234", "+44 20 7123 4567", "+44 (0)20 7123 4567", "+33 1 42 68 53 00",
		"+49 30 1234567", "+442071234567", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00",
		"GB82 WEST 1234 5698 7654 32", "NO93 8601 1117 947",
		"0", "1", "4", "12", "123", "1234", " ", " ", "-", ".", "(", ")", "+", "+1", "a", "Z", "DE", ",",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var buf []byte
	n := 20000
	if testing.Short() {
		n = 2000
	}
	counts := map[string]int{}
	for k := 0; k < n; k++ {
		buf = buf[:0]
		for len(buf) < 60 {
			buf = append(buf, pieces[rng.IntN(len(pieces))]...)
		}
		fast := s.Find(nil, buf, s.Column(""))
		ref := s.FindReference(nil, buf, s.Column(""))
		for _, typ := range []string{"CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE"} {
			f := ofType(fast, typ)
			require.Equal(t, ofType(ref, typ), f, "%s in %q", typ, buf)
			counts[typ] += len(f)
		}
	}
	for typ, c := range counts {
		assert.Positive(t, c, "%s never matched: the test exercises nothing", typ)
	}
}
