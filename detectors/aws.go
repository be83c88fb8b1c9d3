package detectors

import "bytes"

func init() {
	register(&Detector{
		ID:          "AWS_ACCESS_KEY",
		Sensitivity: SensitivityHigh,
		Base:        VeryLikely,
		Anchor:      AtLiteral,
		Literals:    []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		MatchAt:     matchAWSAccessKey,
	})
	register(&Detector{
		ID:          "AWS_SECRET_KEY",
		Sensitivity: SensitivityHigh,
		// The names in DETECTORS.md, plus their run-together forms as
		// written in camelCase JSON keys ("secretAccessKey" normalizes to
		// "secretaccesskey", which does not contain "secret access key"),
		// and the AWS_SECRET=... form some tools use.
		Keywords: []string{
			"aws secret access key", "secret access key", "secret key",
			"secretaccesskey", "secretkey", "aws secret",
		},
		Base:        Likely,
		ContextOnly: true,
		// A secret holds a digit (all but 0.1% of random keys do), so the
		// engine finds candidates from digit runs, never by searching text.
		Anchor:  TokenBeforeDigits,
		MatchAt: matchAWSSecretKey,
	})
}

// awsAccessKeyLen is the length of an access key ID: a four-letter prefix
// and sixteen base32 characters.
const awsAccessKeyLen = 20

// awsSecretKeyLen is the length of a secret access key.
const awsSecretKeyLen = 40

// isAWSBase32 reports whether c is in the alphabet of key IDs: A-Z, 2-7.
func isAWSBase32(c byte) bool { return isUpper(c) || (c >= '2' && c <= '7') }

// matchAWSAccessKey finds AKIA/ASIA/ABIA/ACCA followed by exactly sixteen
// characters of A-Z2-7, with no letter or digit on either side.
func matchAWSAccessKey(b []byte, i int) (int, Flags) {
	if i < 0 || i+awsAccessKeyLen > len(b) || IsAlnum(at(b, i-1)) {
		return -1, 0
	}
	if b[i] != 'A' {
		return -1, 0
	}
	switch string(b[i+1 : i+4]) {
	case "KIA", "SIA", "BIA", "CCA":
	default:
		return -1, 0
	}
	for k := i + 4; k < i+awsAccessKeyLen; k++ {
		if !isAWSBase32(b[k]) {
			return -1, 0
		}
	}
	end := i + awsAccessKeyLen
	if IsAlnum(at(b, end)) {
		return -1, 0
	}
	// The AWS documentation's example IDs (AKIAIOSFODNN7EXAMPLE and the
	// temporary-credential ASIA… forms) all end in EXAMPLE.
	if bytes.HasSuffix(b[i:end], []byte("EXAMPLE")) {
		return end, IsExample
	}
	return end, 0
}

// isAWSSecretBoundary reports whether c may sit next to a secret key: not a
// base64 character, and not '-' or '_', which would make the 40 characters
// a slice of a longer base64url token. ('=' may come before, as in
// AWS_SECRET_ACCESS_KEY=...; after, it is padding and matchAWSSecretKey
// rejects it.)
func isAWSSecretBoundary(c byte) bool {
	return !isB64(c) && c != '-' && c != '_'
}

// matchAWSSecretKey finds exactly forty characters of A-Za-z0-9/+ standing
// alone. It is reported only with context. A hex string (a SHA-1 digest or
// a git commit id is also forty characters) is never a secret key: real
// keys are random base64 and so mix upper and lower case. We also require a
// digit, '/' or '+': a random 40-character key has none with probability
// (52/64)^40, about 0.0002, while a 40-letter identifier or placeholder
// ("ThisIsNotARealAwsSecretKey…") never has one.
func matchAWSSecretKey(b []byte, i int) (int, Flags) {
	if i < 0 || i+awsSecretKeyLen > len(b) || !isAWSSecretBoundary(at(b, i-1)) {
		return -1, 0
	}
	end := i + awsSecretKeyLen
	if c := at(b, end); !isAWSSecretBoundary(c) || c == '=' {
		return -1, 0
	}
	var upper, lower, digit, nonHex bool
	for _, c := range b[i:end] {
		switch {
		case isUpper(c):
			upper = true
		case class[c]&cLower != 0:
			lower = true
		case IsDigit(c):
			digit = true
		case c == '/' || c == '+':
		default:
			return -1, 0
		}
		if !IsHex(c) {
			nonHex = true
		}
	}
	if !nonHex || !upper || !lower || !digit {
		return -1, 0
	}
	// The AWS documentation's example secrets end in EXAMPLEKEY
	// (wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and others).
	if bytes.HasSuffix(b[i:end], []byte("EXAMPLEKEY")) {
		return end, NeedsContext | IsExample
	}
	return end, NeedsContext
}
