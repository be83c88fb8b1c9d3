package detectors_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

var _ = addCases("EMAIL_ADDRESS",
	tc{in: "mail jane.doe@example.com today", want: []string{"jane.doe@example.com"}, why: "plain address"},
	tc{in: "mail me at a.b@example.com.", want: []string{"a.b@example.com"}, why: "sentence-ending dot is not part of the domain"},
	tc{in: "<John.Smith+news@Mail.Example.CO.UK>", want: []string{"John.Smith+news@Mail.Example.CO.UK"}, why: "plus tag, subdomains, upper case, in angle brackets"},
	tc{in: "mailto:x_y%z-w@sub-domain.example.org?subject=hi", want: []string{"x_y%z-w@sub-domain.example.org"}, why: "mailto URL, every local-part punctuation byte, hyphenated label"},
	tc{in: `{"email":"ops@example.io"}`, want: []string{"ops@example.io"}, why: "inside JSON"},
	tc{in: "user@example.xn--p1ai", want: []string{"user@example.xn--p1ai"}, why: "punycode TLD"},
	tc{in: "git clone git@github.com:org/repo.git", want: []string{"git@github.com"}, why: "scp-style git remote is a real user@host address; reported"},
	tc{in: "a@b.com, c@d.org", want: []string{"a@b.com", "c@d.org"}, why: "two addresses"},
	tc{in: "联系john@example.cn谢谢", want: []string{"john@example.cn"}, why: "CJK text without spaces around the address"},
	tc{in: "ends a@b.com--", want: []string{"a@b.com"}, why: "trailing dashes are punctuation"},
	tc{in: "to first.o'connor@example.ie", want: []string{"first.o'connor@example.ie"}, why: "apostrophe between letters is part of the local part"},
	tc{in: "user=o'brien@example.ie", want: []string{"o'brien@example.ie"}, why: "apostrophe inside the name; '=' is not a local-part byte"},
	tc{in: "mail rock'n'roll@example.com", want: []string{"rock'n'roll@example.com"}, why: "several apostrophes, each between letters"},
	tc{in: "to O’Brien@example.ie", want: []string{"O’Brien@example.ie"}, why: "typographic apostrophe U+2019 between letters"},
	tc{in: "kontakt: müller@example.de", want: []string{"müller@example.de"}, why: "non-ASCII Latin letter in the local part (UTF-8)"},
	tc{in: "josé@example.com", want: []string{"josé@example.com"}, why: "accented letter at the end of the local part"},
	tc{in: "jose\u0301@example.com", want: []string{"jose\u0301@example.com"}, why: "decomposed accent: a combining mark continues the name"},
	tc{in: "от иван.петров@example.ru", want: []string{"иван.петров@example.ru"}, why: "Cyrillic local part"},
	tc{in: "d'Éva@example.fr", want: []string{"d'Éva@example.fr"}, why: "apostrophe before a non-ASCII letter"},
	tc{in: "email='jane@example.com'", want: []string{"jane@example.com"}, why: "quote after '=' is not between letters: outside the match"},
	tc{in: "“jane@example.com”", want: []string{"jane@example.com"}, why: "curly quotes around the address stay outside"},
	tc{in: "it's ‘jane@example.com’", want: []string{"jane@example.com"}, why: "curly single quotes around the address stay outside"},
	tc{in: "(o'brien@example.ie)", want: []string{"o'brien@example.ie"}, why: "in parentheses"},
	tc{in: "ติดต่อjohn@example.co.th", want: []string{"john@example.co.th"}, why: "Thai is written without spaces: the letters before are the sentence"},
	tc{in: "メールはデーターjohn@example.jp", want: []string{"john@example.jp"}, why: "Japanese text, kana length mark included, runs into the address"},
	tc{in: "€jane@example.com", want: []string{"jane@example.com"}, why: "a currency sign is no letter"},
	tc{in: "\xffjane@example.com", want: []string{"jane@example.com"}, why: "invalid UTF-8 is no letter"},
	tc{in: strings.Repeat("é", 32) + "@example.com", want: []string{strings.Repeat("é", 32) + "@example.com"}, why: "64-byte local part of two-byte letters"},
	tc{in: "wait...bob@example.com", why: "the local-part run starts with dots: not a valid local part"},
	tc{in: "npm i lodash@4.17.21", why: "package@version"},
	tc{in: "name@1.2.3", why: "package@version, numeric TLD"},
	tc{in: "user@localhost", why: "no TLD"},
	tc{in: "a@b", why: "no dot in the domain"},
	tc{in: "a@b.c", why: "one-letter TLD"},
	tc{in: "a@b.c0m", why: "TLD not alphabetic"},
	tc{in: "x@-bad.com", why: "label starts with a hyphen"},
	tc{in: "x@bad-.com", why: "label ends with a hyphen"},
	tc{in: "x@a..com", why: "consecutive dots in the domain"},
	tc{in: "x@ex.co..uk", why: "dot run inside the domain"},
	tc{in: "x..y@example.com", why: "consecutive dots in the local part"},
	tc{in: ".x@example.com", why: "local part starts with a dot"},
	tc{in: "x.@example.com", why: "local part ends with a dot"},
	tc{in: "@example.com", why: "empty local part"},
	tc{in: strings.Repeat("a", 65) + "@example.com", why: "local part over 64 bytes"},
	tc{in: "x@" + strings.Repeat("a", 64) + ".com", why: "label over 63 bytes"},
	tc{in: "x@" + strings.Repeat("abcdefghi.", 26) + "com", why: "address over 254 bytes"},
	tc{in: `<img src="logo@2x.png">`, why: "retina asset name: png is a file extension, not a TLD"},
	tc{in: "docker pull img@sha256:abcdef", why: "image digest"},
	tc{in: "@decorator.route", why: "Python decorator"},
	tc{in: "ref user@example.com_backup", want: []string{"user@example.com"}, why: "domain ends at the first byte that cannot continue it"},
	tc{in: "x " + strings.Repeat("é", 33) + "@example.com", why: "local part of 66 bytes (33 two-byte letters) is over 64: no match, and no tail of it either"},
	tc{in: "o'@example.com", why: "apostrophe before the '@' is not between letters: empty local part"},
	tc{in: "'@example.com", why: "a lone quote is no local part"},
	tc{in: "m\xc3@example.de", why: "a truncated UTF-8 sequence before the '@' is no letter"},
	tc{in: "café@example.c0m", why: "non-ASCII local part does not relax the TLD"},
	tc{in: "ü@例子.广告", why: "domain rules unchanged: a non-ASCII domain needs its xn-- form"},
)

func TestEmail(t *testing.T) { runCases(t, "EMAIL_ADDRESS") }

func TestEmailConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "EMAIL_ADDRESS", "x jane@example.com", ""))
}

func TestEmailLengthLimits(t *testing.T) {
	s := newScanner(t)
	local64 := strings.Repeat("a", 64) + "@example.com"
	assert.Equal(t, []string{local64}, found(s, "EMAIL_ADDRESS", local64, "", false), "64-byte local part is allowed")
	label63 := "x@" + strings.Repeat("b", 63) + ".com"
	assert.Equal(t, []string{label63}, found(s, "EMAIL_ADDRESS", label63, "", false), "63-byte label is allowed")
	// 254 bytes exactly: x@ + labels + com
	long := "x@" + strings.Repeat("abcdefghi.", 24) + "abcdefgh.com"
	require.Len(t, long, 254)
	assert.Equal(t, []string{long}, found(s, "EMAIL_ADDRESS", long, "", false), "254-byte address is allowed")
	assert.Empty(t, found(s, "EMAIL_ADDRESS", "x"+long, "", false), "255-byte address is not")
}

func FuzzEmail(f *testing.F) {
	fuzzDetector(f, "EMAIL_ADDRESS", "a@b.co x.y+z@e-f.g.hi", "..a@b.com a@@b.com a@b.com.", "k@xn--abc.xn--p1ai",
		"o'b'@x.io 'a'b@c.de ‘o’b’@x.io", "é\xc3\xa9\xa9@x.io 系ü@x.io \xe2\x80\x99a@x.io", "a’\xc3@x.io ー'a@x.io")
}

// TestNetSecretNoAlloc checks the network and credential detectors
// allocate nothing in MatchAt, at every position of inputs that reach their
// deepest paths.
func TestNetSecretNoAlloc(t *testing.T) {
	in := []byte("a.b+c@mail.example.co.uk o'brien@example.ie müller@example.de x@1.2.3 10.0.0.1 fe80::1%eth0 ::ffff:192.0.2.1 2001:db8::/32 " +
		"00:1a:2b:3c:4d:5e 001a.2b3c.4d5e AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY " +
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c " +
		testPEM("RSA PRIVATE KEY", "\n"))
	for _, id := range []string{"EMAIL_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "JSON_WEB_TOKEN", "PRIVATE_KEY"} {
		d := builtin(t, id)
		hits := 0
		n := testing.AllocsPerRun(20, func() {
			hits = 0
			for i := range in {
				if end, _ := d.MatchAt(in, i); end >= 0 {
					hits++
				}
			}
		})
		assert.Zero(t, n, "%s allocates", id)
		assert.Positive(t, hits, "%s found nothing in the allocation test input", id)
	}
}

// TestNetSecretRandomEquivalence builds many inputs from fragments of the
// network and credential formats (so they come close to matching far more
// often than random bytes) and checks the fast scan equals the reference
// scan for each of these types, with and without column context.
func TestNetSecretRandomEquivalence(t *testing.T) {
	frags := []string{
		"1", "25", "255", "0", "01", "300", ".", ".", ":", ":", "::", "-", "a", "f", "ff", "fe80", "db8", "%", "eth0",
		" ", " ", "\n", "@", "x", "b", "com", "xn--p1ai", "_", "+", "/", "=", "..",
		"AKIA", "ASIA", "7EXAMPLE", "QRST", "2345",
		"secret key ", "SECRET_KEY=", "seCret key ", "aws_secret_access_key: ", awsTestSecret, awsTestSecret[:20],
		"eyJ", jwtHS256, jwtNone, jwtDirEnc, jwtClaims, jwtSig,
		"-----BEGIN ", "-----END ", "RSA PRIVATE KEY", "PRIVATE KEY", "-----", pemTestBody[:64], `\n`,
		"00:1a:2b:3c:4d:5e", "00-1A-2B", "-3C-4D-5E", "001a.2b3c", ".4d5e", awsTestID, "john.doe", "example.com",
		jwtFull, jwtNone + "." + jwtClaims + ".", pemRSA, pemEscaped, pemFlat,
	}
	types := []string{"EMAIL_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "JSON_WEB_TOKEN", "PRIVATE_KEY"}
	s := newScanner(t, scanner.WithMinConfidence(detectors.VeryUnlikely))
	cols := []scanner.Context{s.Column(""), s.Column("aws_secret_access_key")}
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for iter := 0; iter < 8000; iter++ {
		sb.Reset()
		for n := rng.IntN(40); n >= 0; n-- {
			sb.WriteString(frags[rng.IntN(len(frags))])
		}
		in := []byte(sb.String())
		for _, ctx := range cols {
			fast := s.Find(nil, in, ctx)
			ref := s.FindReference(nil, in, ctx)
			for _, typ := range types {
				f, r := ofType(fast, typ), ofType(ref, typ)
				if !assert.Equal(t, r, f, "%s in %q (column %q)", typ, in, ctx.Name()) {
					return
				}
			}
		}
	}
}

// TestEmailLocalRandomEquivalence builds inputs from fragments of local
// parts (apostrophes, typographic quotes, multi-byte letters, marks,
// unspaced scripts, broken UTF-8) and checks that the engine, which walks
// back from each '@' to find where to try EMAIL_ADDRESS, reports exactly
// what the reference scan (MatchAt at every byte) reports.
func TestEmailLocalRandomEquivalence(t *testing.T) {
	frags := []string{
		"a", "o", "B", "1", ".", "_", "+", "-", "'", "''", "’", "‘", "“", "”", "é", "ü", "И", "\u0301",
		"٣", "系", "ー", "ก", "€", "\xc3", "\xa9", "\xe2\x80", "\x99", "\xff", " ", "=", "@", "@", "@",
		"example.com", "x.io", "ex.de", "o'brien", "müller", "@example.com", "@x.io", "@ex.de",
	}
	s := newScanner(t, scanner.WithMinConfidence(detectors.VeryUnlikely))
	ctx := s.Column("")
	d := builtin(t, "EMAIL_ADDRESS")
	rng := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	hits := 0
	for iter := 0; iter < 20000; iter++ {
		sb.Reset()
		for n := rng.IntN(24); n >= 0; n-- {
			sb.WriteString(frags[rng.IntN(len(frags))])
		}
		in := []byte(sb.String())
		for i := range in {
			if end, _ := d.MatchAt(in, i); end >= 0 {
				hits++
				at := strings.IndexByte(string(in[i:]), '@') + i
				require.Equal(t, i, detectors.EmailLocalStart(in, at), "%q: match at %d, but the walk back from %d disagrees", in, i, at)
			}
		}
		f, r := ofType(s.Find(nil, in, ctx), "EMAIL_ADDRESS"), ofType(s.FindReference(nil, in, ctx), "EMAIL_ADDRESS")
		require.Equal(t, r, f, "%q", in)
	}
	assert.Greater(t, hits, 2000, "the fragments should make addresses often")
}
