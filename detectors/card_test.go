package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

var _ = addCases("CREDIT_CARD",
	// True positives: every issuer and layout.
	tc{in: "card 4539 1488 0343 6467 exp 12/27", want: []string{"4539 1488 0343 6467"}, why: "Visa 4-4-4-4 with spaces"},
	tc{in: "pan=4539148803436467;", want: []string{"4539148803436467"}, why: "Visa contiguous"},
	tc{in: "x 4539-1488-0343-6467 y", want: []string{"4539-1488-0343-6467"}, why: "Visa with hyphens needs no keyword"},
	tc{in: "visa 4929 4047 9386 7", want: []string{"4929 4047 9386 7"}, why: "13-digit Visa as 4-4-4-1"},
	tc{in: "visa 4716 1257 4936 0120 579", want: []string{"4716 1257 4936 0120 579"}, why: "19-digit Visa as 4-4-4-4-3"},
	tc{in: "mc 5425 2334 3010 9903", want: []string{"5425 2334 3010 9903"}, why: "Mastercard 51-55 test number (reported as an example)"},
	tc{in: "mc 2720 9945 1234 5678", want: []string{"2720 9945 1234 5678"}, why: "Mastercard 2-series upper bound 2720"},
	tc{in: "amex 3714 496353 98431", want: []string{"3714 496353 98431"}, why: "Amex 4-6-5"},
	tc{in: "amex: 378282246310005", want: []string{"378282246310005"}, why: "Amex contiguous test number"},
	tc{in: "diners 3056 930902 5904", want: []string{"3056 930902 5904"}, why: "Diners 4-6-4"},
	tc{in: "card 6011 0009 9013 9424", want: []string{"6011 0009 9013 9424"}, why: "Discover 6011"},
	tc{in: "card 6445 6445 6445 6445", want: []string{"6445 6445 6445 6445"}, why: "Discover 644-649"},
	tc{in: "jcb 3530111333300000", want: []string{"3530111333300000"}, why: "JCB 3528-3589"},
	tc{in: "unionpay 6212 3456 7890 1232", want: []string{"6212 3456 7890 1232"}, why: "UnionPay 62, 16 digits"},
	tc{in: "maestro 501812345673", want: []string{"501812345673"}, why: "Maestro 5018 with 12 digits"},
	tc{in: "mir 2204 9876 5432 1015", want: []string{"2204 9876 5432 1015"}, why: "Mir 2200-2204"},
	tc{in: "dankort 5019 7170 1010 3742", want: []string{"5019 7170 1010 3742"}, why: "Dankort 5019"},
	tc{in: "uatp card 135412345678911", want: []string{"135412345678911"}, why: "UATP 15 digits with context"},
	tc{in: "card 4111 1111 1111 1111 123", want: []string{"4111 1111 1111 1111"}, why: "4-4-4-4-3 whose 19 digits fail: the 16-digit reading wins"},
	tc{in: "3714 4963 5398 431", want: []string{"3714 4963 5398 431"}, why: "15 digits as 4-4-4-3 is a layout too"},
	tc{in: "unionpay 6234567890123456780", want: []string{"6234567890123456780"}, why: "UnionPay 19 digits"},
	tc{in: "maestro 630412345674", want: []string{"630412345674"}, why: "Maestro 6304 with 12 digits"},
	tc{in: "card 6763123456789012344", want: []string{"6763123456789012344"}, why: "Maestro 6763 with 19 digits"},
	tc{in: "jcb 3530 1234 5678 9018", want: []string{"3530 1234 5678 9018"}, why: "JCB 16 digits"},
	tc{in: "diners 36123456789013", want: []string{"36123456789013"}, why: "Diners 36 with 14 digits"},
	tc{in: "diners 3800123456789012347", want: []string{"3800123456789012347"}, why: "Diners 38 with 19 digits"},
	tc{in: "discover 650123456789012349", want: []string{"650123456789012349"}, why: "Discover 65 with 18 digits"},
	tc{in: "discover 6011 1234 5678 9012 348", want: []string{"6011 1234 5678 9012 348"}, why: "Discover 19 digits as 4-4-4-4-3"},
	tc{in: "cc:4539148803436467.", want: []string{"4539148803436467"}, why: "sentence full stop after the number"},
	tc{in: `{"pan":"4539148803436467"}`, want: []string{"4539148803436467"}, why: "quoted in JSON"},
	tc{in: "card_4539148803436467", want: []string{"4539148803436467"}, why: "underscore is not a letter"},

	// A grouped card next to other numbers. A token that is not a bare
	// digit group (a time, a date, an expiry "12/27") never joins the
	// card's chain; in a space-joined chain the longest layout at its start
	// that validates wins when a short group or an MMYY expiry follows it.
	tc{in: "card 4410 9466 8523 4700 12/27 cvv 123", want: []string{"4410 9466 8523 4700"}, why: "an expiry glued by '/' right after the card does not continue it"},
	tc{in: "my card is 4410 9466 8523 4700 12 27 123", want: []string{"4410 9466 8523 4700"}, why: "expiry month, year and CVV as bare groups after the card: the 16-digit reading wins"},
	tc{in: "4410 9466 8523 4700 1227", want: []string{"4410 9466 8523 4700"}, why: "a fifth group of four that reads as an MMYY expiry (12/27) follows the card"},
	tc{in: "4539 1488 0343 6467 1234", want: []string{"4539 1488 0343 6467"}, why: "1234 reads as an MMYY expiry (12/34) too: a card with its expiry, not one 20-digit number"},
	tc{in: "visa 4410 9466 8523 4700 2 tickets", want: []string{"4410 9466 8523 4700"}, why: "a one-digit count after the card"},
	tc{in: "card 3731 702409 07675 12/27", want: []string{"3731 702409 07675"}, why: "Amex 4-6-5 followed by an expiry"},
	tc{in: "amex 3731 702409 07675 1227", want: []string{"3731 702409 07675"}, why: "Amex 4-6-5 followed by a bare MMYY expiry"},
	tc{in: "2024-05-01 10:00:00 4410 9466 8523 4700 declined", want: []string{"4410 9466 8523 4700"}, why: "a time right before the card is not a digit group of it"},
	tc{in: "paid on 12/05 4410 9466 8523 4700", want: []string{"4410 9466 8523 4700"}, why: "a date right before the card is not a digit group of it"},
	tc{in: "2024-05-01 10:00:00 3731 702409 07675 ok", want: []string{"3731 702409 07675"}, why: "Amex after a timestamp"},
	tc{in: "log 2024-05-01 4410-9466-8523-4700 ok", want: []string{"4410-9466-8523-4700"}, why: "a hyphenated date before a space-separated hyphen-grouped card"},
	tc{in: "total 12.50 4410 9466 8523 4700", want: []string{"4410 9466 8523 4700"}, why: "an amount with decimals before the card is a token of its own"},
	tc{in: "ref A12 4410 9466 8523 4700", want: []string{"4410 9466 8523 4700"}, why: "digits glued to letters before the card are no digit group"},
	tc{in: "card 4410 9466 8523 4700 2nd try", want: []string{"4410 9466 8523 4700"}, why: "digits glued to letters after the card do not continue it"},
	tc{in: "discover 6011 0009 9013 9424 12 27", want: []string{"6011 0009 9013 9424"}, why: "4-4-4-4-2 whose 18 digits fail: the 16-digit reading before the expiry wins"},
	tc{in: "card 5018 2639 7967", want: []string{"5018 2639 7967"}, why: "Maestro 12 digits as 4-4-4"},
	tc{in: "maestro 6304 1234 5674", want: []string{"6304 1234 5674"}, why: "Maestro 6304 12 digits as 4-4-4"},
	tc{in: "maestro 6759-1234-5674 exp 12/27", want: []string{"6759-1234-5674"}, why: "Maestro 12 digits as hyphenated 4-4-4"},
	tc{in: "card 5018 2639 7967 12/27", want: []string{"5018 2639 7967"}, why: "Maestro 4-4-4 followed by an expiry"},
	tc{in: "discover 6011 1234 5678 9012 31", want: []string{"6011 1234 5678 9012 31"}, why: "Discover 18 digits as 4-4-4-4-2"},
	tc{in: "maestro 5038 1111 2222 3333 41", want: []string{"5038 1111 2222 3333 41"}, why: "Maestro 18 digits as 4-4-4-4-2"},
	tc{in: "unionpay 6212-3456-7890-1234-57", want: []string{"6212-3456-7890-1234-57"}, why: "UnionPay 18 digits as hyphenated 4-4-4-4-2"},
	tc{in: "card 6763 1234 5678 9012 344 12/27", want: []string{"6763 1234 5678 9012 344"}, why: "Maestro 19 digits as 4-4-4-4-3 followed by an expiry"},

	// False positives.
	tc{in: "order 1234567812345670", why: "Luhn-valid but no issuer prefix (starts 1, not UATP length)"},
	tc{in: "ts 7000000000000005", why: "Luhn-valid 16 digits with prefix 7: no issuer"},
	tc{in: "diners 3056930902597", why: "Diners prefix with 13 digits"},
	tc{in: "visa 4111 1111 1111 1111 128", want: []string{"4111 1111 1111 1111 128"}, why: "4-4-4-4-3 that validates as 19 digits is read whole"},
	tc{in: "id 4539148803436468", why: "Visa prefix, Luhn fails"},
	tc{in: "uatp card 1354123456789119", why: "UATP is 15 digits only"},
	tc{in: "ref 135412345678911", why: "UATP without context is only Unlikely"},
	tc{in: "amex 3782822463100052", why: "Amex prefix with 16 digits"},
	tc{in: "mc 5425233430109903122", why: "Mastercard with 19 digits"},
	tc{in: "mc 2721 0000 0000 0004", why: "2721 is past the Mastercard 2-series"},
	tc{in: "visa 45391488034364678", why: "Visa prefix with 17 digits"},
	tc{in: "n 14539148803436467", why: "a valid card inside a longer digit run"},
	tc{in: "iban GB34 LOYD 3093 7505 9682 45", why: "Luhn-valid Diners digits inside an IBAN printed in groups of four"},
	tc{in: "pay to AB12 CDEF 4539 1488 0343 6467 now", why: "the groups before it start like an IBAN: part of one"},
	tc{in: "VISA 4539 1488 0343 6467", want: []string{"4539 1488 0343 6467"}, why: "a four-letter word before the card is no IBAN"},
	tc{in: "ref XY1Z 4539 1488 0343 6467", want: []string{"4539 1488 0343 6467"}, why: "a group of four that does not start like an IBAN"},
	tc{in: "n 45391488034364671234567", why: "digits run on past 19"},
	tc{in: "4539 1488 0343 6467 5678", why: "five groups of four whose fifth is no MMYY expiry: one longer number"},
	tc{in: "4410 9466 8523 4700 12345", why: "a group of five digits after a card: one longer number"},
	tc{in: "1234 4539 1488 0343 6467", why: "a later part of a longer space-joined number"},
	tc{in: "4539-1488-0343-6467-99", why: "hyphen-joined to more digits"},
	tc{in: "99-4539148803436467", why: "contiguous number hyphen-joined on the left"},
	tc{in: "4539 1488-0343 6467", why: "mixed separators"},
	tc{in: "4539  1488  0343  6467", why: "double spaces are not a grouping"},
	tc{in: "45391 488 0343 6467", why: "groups not in a card layout"},
	tc{in: "v 0.4539148803436467", why: "decimal fraction"},
	tc{in: "sum 4539148803436467.25", why: "number with a decimal part"},
	tc{in: "hash a4539148803436467f", why: "digits inside a hex string"},
	tc{in: "id ab4539148803436467", why: "letters attached before"},
	tc{in: "550e8400-e29b-41d4-a716-453914880343", why: "UUID tail: hyphen-joined to hex groups"},
	tc{in: "t 1700000000000000", why: "millisecond timestamp"},
	tc{in: "qty 2 4410 9466 8523 4700", why: "a start right after a bare digit group is the tail of a chain and stays rejected (a known miss: \"2 4410 ...\" cannot be told from a longer number)"},
	tc{in: "10:00:00 1234 4539 1488 0343 6467", why: "a bare group after a time starts the chain: 1234 4539 ... is one longer number"},
	tc{in: "4410-9466-8523-4700-12", why: "a hyphen-joined chain is one token: no prefix reading"},
	tc{in: "4410-9466-8523-4700-12/27", why: "a hyphen-joined token runs on into the expiry: read whole, not a card layout"},
	tc{in: "4539-1488-0343-6467-12ab", why: "a hyphen-joined token that ends glued to letters"},
	tc{in: "id a716-4539-1488-0343-6467", why: "hyphenated after a hex group (a UUID-like token): part of one token"},
	tc{in: "4410 9466 8528", why: "Visa 12 digits as 4-4-4: only Maestro has 12-digit cards"},
	tc{in: "card 5018 2639 7968", why: "Maestro 4-4-4 failing Luhn"},
	tc{in: "2024-05-01 10:00:00 4410 9466 8523 4701 declined", why: "Luhn still required after a timestamp"},
	tc{in: "paid 12/05 4410 9466 8523 4700.50", why: "the last group has a decimal part: 4410 9466 8523 alone is no Visa"},
	tc{in: "card 4410 9466 8523 4700 5678 1227", why: "the group right after the card must be an expiry or short: 5678 makes one longer number"},
)

func TestCreditCard(t *testing.T) { runCases(t, "CREDIT_CARD") }

func TestCreditCardConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "CREDIT_CARD", "x 4539 1488 0343 6467", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "CREDIT_CARD", "Credit card: 4539 1488 0343 6467", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "CREDIT_CARD", "4539148803436467", "cc_number"))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "CREDIT_CARD", "4539148803436467", "paymentCard"))
	// UATP needs context; with it the checksum makes it VeryLikely.
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "CREDIT_CARD", "x 135412345678911", ""))
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "CREDIT_CARD", "card 135412345678911", ""))
}

// TestCreditCardExamples checks that issuer test numbers are reported,
// validated, with the example flag, and that a policy can drop them.
func TestCreditCardExamples(t *testing.T) {
	s := newScanner(t)
	drop := newScanner(t, scanner.WithDropExamples(true))
	for _, n := range []string{
		"4111111111111111", "4111 1111 1111 1111", "4012888888881881", "4242424242424242",
		"4222222222222", "4000056655665556", "4000000000000002", "4917610000000000",
		"5555555555554444", "5555-5555-5555-4444", "5105105105105100", "5200828282828210",
		"5454545454545454", "2223003122003222", "2222400010000008", "5425233430109903",
		"378282246310005", "3782 822463 10005", "371449635398431", "378734493671000",
		"340000000000009", "370000000000002",
		"6011111111111117", "6011000990139424", "6011000400000000", "6011981111111113",
		"6445644564456445", "3530111333300000", "3566002020360505", "3566111111111113",
		"30569309025904", "3056 930902 5904", "38520000023237", "36227206271667",
		"6200000000000005", "6205500000000000004", "6759649826438453",
	} {
		in := "card " + n
		ms := s.Find(nil, []byte(in), s.Column(""))
		var got *detectors.Match
		for k := range ms {
			if ms[k].Type == "CREDIT_CARD" {
				got = &ms[k]
			}
		}
		if assert.NotNil(t, got, "%s not found", n) {
			assert.Equal(t, n, in[got.Start:got.End])
			assert.True(t, got.Example, "%s should be flagged as an example", n)
			assert.True(t, got.Validated, n)
		}
		assert.Empty(t, found(drop, "CREDIT_CARD", in, "", false), "%s should be dropped", n)
	}
	// A real-looking number is not an example.
	ms := s.Find(nil, []byte("card 4539 1488 0343 6467"), s.Column(""))
	require.Len(t, ms, 1)
	assert.False(t, ms[0].Example)
	assert.True(t, ms[0].Validated)
}

func FuzzCreditCard(f *testing.F) {
	fuzzDetector(f, "CREDIT_CARD",
		"card 4539 1488 0343 6467 exp 12/27", "4716 1257 4936 0120 579", "3714 496353 98431",
		"4111 1111 1111 1111 123", "4539-1488-0343-6467-99", "1234 4539 1488 0343 6467",
		"uatp 135412345678911", "a4539148803436467f 0.4539148803436467", "501812345673 45391488034364671",
		"2024-05-01 10:00:00 4410 9466 8523 4700 12 27 123", "x1 5018 2639 7967 1227 9:1 4410-9466-8523-4700-12/27",
		"6011 1234 5678 9012 31 5678 1.5 3731 702409 07675 1227a")
}
