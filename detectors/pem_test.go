package detectors_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

// pemTestBody is base64 text standing in for key bytes.
const pemTestBody = "gbG68j47+e71958rSTSvh/VSC2m5Sw2YLoW7VbZyqHJjes10Zvy2Dg6P8YRjsOSyuilwNHTwZKxo9wD1sCs9xmb0W96qLMrtzStRV0EOTe5K8rNPQwoHNEfeY2wOgGyVe6aE1kMfterXQk0J4V0CTFhI8j0fpvc2HX9hjRUy5w4g4qZmjef0foRn5UbVPsjioSV72yVs"

// testPEM builds a block with the given label, lines of 64 joined by nl.
func testPEM(label, nl string) string {
	var lines []string
	for s := pemTestBody; s != ""; {
		n := min(64, len(s))
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return "-----BEGIN " + label + "-----" + nl + strings.Join(lines, nl) + nl + "-----END " + label + "-----"
}

var (
	pemRSA      = testPEM("RSA PRIVATE KEY", "\n")
	pemCRLF     = testPEM("PRIVATE KEY", "\r\n")
	pemEscaped  = testPEM("EC PRIVATE KEY", `\n`)
	pemOpenSSH  = testPEM("OPENSSH PRIVATE KEY", "\n")
	pemFlat     = testPEM("ENCRYPTED PRIVATE KEY", " ")
	pemRSAEnc   = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n" + pemTestBody + "\n-----END RSA PRIVATE KEY-----"
	pemPGP      = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: Alice <alice@example.com>\n\n" + pemTestBody + "\n=nX6d\n-----END PGP PRIVATE KEY BLOCK-----"
	pemDSA      = testPEM("DSA PRIVATE KEY", "\n")
	pemPublic   = testPEM("PUBLIC KEY", "\n")
	pemCert     = testPEM("CERTIFICATE", "\n")
	pemMismatch = strings.Replace(pemRSA, "-----END RSA", "-----END EC", 1)
	pemYAML     = strings.ReplaceAll(pemOpenSSH, "\n", "\n            ")
)

var _ = addCases("PRIVATE_KEY",
	tc{in: "key:\n" + pemRSA + "\n", want: []string{pemRSA}, why: "RSA PEM block"},
	tc{in: pemCRLF, want: []string{pemCRLF}, why: "PKCS#8 with CRLF line ends"},
	tc{in: `{"private_key": "` + pemEscaped + `\n"}`, want: []string{pemEscaped}, why: "escaped newlines inside a JSON string"},
	tc{in: pemOpenSSH, want: []string{pemOpenSSH}, why: "OpenSSH key"},
	tc{in: "KEY=" + pemFlat, want: []string{pemFlat}, why: "flattened onto one line with spaces"},
	tc{in: pemRSAEnc, want: []string{pemRSAEnc}, why: "encrypted legacy PEM with headers"},
	tc{in: pemPGP, want: []string{pemPGP}, why: "PGP private key block with armor headers and checksum"},
	tc{in: "ssh:\n  keys:\n    - name: deploy\n      value: |\n            " + pemYAML + "\n", want: []string{pemYAML}, why: "deeply indented YAML block scalar"},
	tc{in: pemDSA + "\n" + pemRSA, want: []string{pemDSA, pemRSA}, why: "two blocks"},
	tc{in: pemPublic, why: "public key"},
	tc{in: pemCert, why: "certificate"},
	tc{in: pemMismatch, why: "END label does not match BEGIN"},
	tc{in: strings.TrimSuffix(pemRSA, "-----END RSA PRIVATE KEY-----"), why: "no END line"},
	tc{in: "Keys start with -----BEGIN RSA PRIVATE KEY----- and end with -----END RSA PRIVATE KEY----- lines.", why: "prose naming the marker lines"},
	tc{in: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg...\n-----END PRIVATE KEY-----", why: "elided documentation placeholder"},
	tc{in: "-----BEGIN RSA PRIVATE KEY-----\n" + pemTestBody[:100] + "\n" + pemRSA, want: []string{pemRSA}, why: "a truncated block is not joined to the next one"},
)

func TestPEM(t *testing.T) { runCases(t, "PRIVATE_KEY") }

func TestPEMConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "PRIVATE_KEY", pemRSA, ""))
}

func FuzzPEM(f *testing.F) {
	fuzzDetector(f, "PRIVATE_KEY", pemRSA, pemEscaped, "-----BEGIN PRIVATE KEY-----"+pemTestBody+"-----END PRIVATE KEY-----")
}
