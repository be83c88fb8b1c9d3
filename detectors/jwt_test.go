package detectors_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

const (
	jwtHS256  = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"    // {"alg":"HS256","typ":"JWT"}
	jwtNone   = "eyJhbGciOiJub25lIn0"                     // {"alg":"none"}
	jwtDirEnc = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0" // {"alg":"dir","enc":"A128GCM"}
	jwtClaims = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
	jwtSig    = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	jwtFull   = jwtHS256 + "." + jwtClaims + "." + jwtSig
)

var _ = addCases("JSON_WEB_TOKEN",
	tc{in: "Authorization: Bearer " + jwtFull, want: []string{jwtFull}, why: "bearer token (jwt.io example)"},
	tc{in: "https://app/cb?id_token=" + jwtFull + "&state=x", want: []string{jwtFull}, why: "in a URL query"},
	tc{in: `{"token":"` + jwtFull + `"}`, want: []string{jwtFull}, why: "in JSON"},
	tc{in: "t=" + jwtNone + "." + jwtClaims + ". next", want: []string{jwtNone + "." + jwtClaims + "."}, why: "unsecured JWT (alg none) ends in an empty signature"},
	tc{in: "jwe " + jwtDirEnc + "..48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ", want: []string{jwtDirEnc + "..48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ"}, why: "five-part JWE with direct encryption (empty key part)"},
	tc{in: "The token is " + jwtFull + ".", want: []string{jwtFull}, why: "sentence-ending dot"},
	tc{in: "x " + jwtHS256 + "." + jwtClaims + ".", why: "HS256 with an empty signature: stripped token"},
	tc{in: "x " + jwtHS256 + "." + jwtClaims, why: "two parts"},
	tc{in: "x " + jwtFull + ".abc", why: "four parts"},
	tc{in: "x " + "eyJ0eXAiOiJKV1QifQ" + "." + jwtClaims + "." + jwtSig, why: "header without alg"},
	tc{in: "x " + "eyJ0eXAiOiJhbGciLCJraWQiOiJ4In0" + "." + jwtClaims + "." + jwtSig, why: `"alg" only as a value`},
	tc{in: "x " + "eyJ4Ijp7ImFsZyI6IkhTMjU2In19" + "." + jwtClaims + "." + jwtSig, why: "alg only in a nested object"},
	tc{in: "x " + "eyJhbGciOiJIUzI1NiJ9IHg" + "." + jwtClaims + "." + jwtSig, why: "text after the header object"},
	tc{in: "x " + "eyJhbGciOiJIUzI1NiI" + "." + jwtClaims + "." + jwtSig, why: "header object not closed"},
	tc{in: "x " + "eyJhbGciOjV9" + "." + jwtClaims + "." + jwtSig, why: "alg not a string"},
	tc{in: "x a" + jwtFull, why: "letter before"},
	tc{in: "x a." + jwtFull, why: "a later part of some other dotted string"},
	tc{in: "eyJhbGciOiJ ok", why: "prefix only"},
	tc{in: "x " + jwtHS256 + "A." + jwtClaims + "." + jwtSig, why: "header length not valid base64 (4n+1)"},
)

func TestJWT(t *testing.T) { runCases(t, "JSON_WEB_TOKEN") }

func TestJWTConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "JSON_WEB_TOKEN", "x "+jwtFull, ""))
}

// TestJWTLongHeader checks a header far longer than usual (an x5c chain)
// is decoded without a buffer.
func TestJWTLongHeader(t *testing.T) {
	s := newScanner(t)
	hdr := `{"alg":"RS256","x5c":["` + strings.Repeat("MIIC", 1500) + `"]}`
	tok := jwtEncode(hdr) + "." + jwtClaims + "." + jwtSig
	assert.Equal(t, []string{tok}, found(s, "JSON_WEB_TOKEN", "t "+tok, "", false))
}

// jwtEncode is base64url without padding.
func jwtEncode(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var out []byte
	for i := 0; i < len(s); i += 3 {
		var v uint32
		n := min(3, len(s)-i)
		for k := 0; k < 3; k++ {
			v <<= 8
			if k < n {
				v |= uint32(s[i+k])
			}
		}
		for k := 0; k <= n; k++ {
			out = append(out, alphabet[(v>>(18-6*k))&63])
		}
	}
	return string(out)
}

func FuzzJWT(f *testing.F) {
	fuzzDetector(f, "JSON_WEB_TOKEN", jwtFull, jwtNone+"."+jwtClaims+".", jwtDirEnc+"..a.b.c", "eyJ"+jwtFull)
}
