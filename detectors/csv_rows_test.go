package detectors_test

// Identifiers in CSV rows and JSON arrays, where a ',' between numbers
// separates values: it is not a decimal comma.
var (
	_ = addCases("US_SSN",
		tc{in: "1001,John Smith,536-22-8714,42", want: []string{"536-22-8714"}, why: "CSV row: a number on either side, joined by commas"},
		tc{in: "[536221234,412679012]", col: "ssn", want: []string{"536221234", "412679012"}, why: "JSON array of bare SSNs under an ssn key"},
	)
	_ = addCases("CREDIT_CARD",
		tc{in: "1001,4744311485456234,12,2027", want: []string{"4744311485456234"}, why: "CSV row: card between numbers"},
	)
	_ = addCases("PHONE_NUMBER",
		tc{in: "1,415-555-0132,10001", want: []string{"415-555-0132"}, why: "CSV row: phone between numbers"},
		tc{in: "Jo,+44 20 7946 0958,10001", want: []string{"+44 20 7946 0958"}, why: "CSV row: international number before a number"},
	)
)
