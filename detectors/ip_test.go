package detectors_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("IP_ADDRESS",
	tc{in: "client 192.168.1.10 connected", want: []string{"192.168.1.10"}, why: "private IPv4"},
	tc{in: "from 8.8.8.8:53/udp", want: []string{"8.8.8.8"}, why: "IPv4 with port"},
	tc{in: "route 10.0.0.0/8 via 0.0.0.0", want: []string{"10.0.0.0", "0.0.0.0"}, why: "CIDR and the unspecified address"},
	tc{in: "peer 255.255.255.255.", want: []string{"255.255.255.255"}, why: "sentence-ending dot"},
	tc{in: "host:10.1.2.3", want: []string{"10.1.2.3"}, why: "after a word and a colon"},
	tc{in: "(203.0.113.7)", want: []string{"203.0.113.7"}, why: "in parentheses"},
	tc{in: `"ip":"172.16.0.1"`, want: []string{"172.16.0.1"}, why: "in JSON"},
	tc{in: "addr 2001:db8:85a3:0:0:8a2e:370:7334 up", want: []string{"2001:db8:85a3:0:0:8a2e:370:7334"}, why: "full IPv6"},
	tc{in: "addr 2001:0DB8:0000:0000:0000:FF00:0042:8329", want: []string{"2001:0DB8:0000:0000:0000:FF00:0042:8329"}, why: "full IPv6, upper case, leading zeros are normal in IPv6"},
	tc{in: "gw fe80::1%eth0 metric 1", want: []string{"fe80::1%eth0"}, why: "link-local with zone"},
	tc{in: "lo ::1", want: []string{"::1"}, why: "loopback, leading ::"},
	tc{in: "mapped ::ffff:192.0.2.128 ok", want: []string{"::ffff:192.0.2.128"}, why: "v4-mapped IPv6 is one match"},
	tc{in: "http://[2001:db8::1]:8080/", want: []string{"2001:db8::1"}, why: "bracketed IPv6 in a URL"},
	tc{in: "net 2001:db8::/32", want: []string{"2001:db8::"}, why: "IPv6 prefix ending in ::"},
	tc{in: "fe80::1: unreachable", want: []string{"fe80::1"}, why: "colon after the address is punctuation"},
	tc{in: "oid 1.3.6.1.4.1.9", why: "longer dotted number (SNMP OID)"},
	tc{in: "x 1.2.3.4.5", why: "five parts"},
	tc{in: "x 10.0.0.1.2", why: "IPv4 followed by .digit"},
	tc{in: "x 1.10.0.0.1", why: "IPv4 preceded by digit and dot"},
	tc{in: "pkg v1.2.3.4", why: "version string: a letter before the first octet"},
	tc{in: "256.1.1.1 1.2.3.300", why: "octet over 255"},
	tc{in: "010.001.002.003", why: "leading zeros: net/netip rejects them (octal ambiguity), and they are mostly dates or section numbers"},
	tc{in: "1.2.3", why: "three parts"},
	tc{in: "id a1.2.3.4 1.2.3.4b", why: "inside a hex word"},
	tc{in: "at 10:23:45 today", why: "time: three groups without ::"},
	tc{in: "mac 00:1a:2b:3c:4d:5e", why: "MAC address: six groups without ::"},
	tc{in: "wwn 10:00:00:00:c9:22:fc:01", why: "Fibre Channel WWN / EUI-64: eight two-digit groups"},
	tc{in: "1:2:3:4:5:6:7:8:9", why: "nine groups"},
	tc{in: "2001:db8::1::2", why: "two ::"},
	tc{in: "1:2:3:4:5:6:7::8", why: ":: standing for no group"},
	tc{in: "2001:db8:0:0:0:0:0:12345", why: "five-digit group"},
	tc{in: "using a::b; cc::add(x)", why: "C++ / Rust paths with hex-letter names"},
	tc{in: "std::vector<int>", why: "C++ scope: a letter before ::"},
	tc{in: "x :: y", why: ":: alone"},
	tc{in: "deadbeef::1", why: "group longer than four hex digits"},
	tc{in: "ratio 16:9 and 4:3", why: "ratios"},
	tc{in: "::ffff:1.2.3.400", why: "bad embedded IPv4"},
	tc{in: "1:2:3:4:5:6:7:1.2.3.4", want: []string{"1.2.3.4"}, why: "too many groups before an embedded IPv4: the IPv4 part is still an address"},
	tc{in: "text::ffff:192.0.2.1", want: []string{"192.0.2.1"}, why: "IPv6 glued to a word is not matched, its IPv4 part is"},
	tc{in: "fe80::1text text2001:db8::1", why: "IPv6 glued to text"},
	tc{in: "Time 12:34:56, Ratio 1:2:3:4, Port 80:443, abc:def:ghi, 123:abc, :::", why: "colon-separated non-addresses"},
	tc{in: "MyClass::toString file:///path/to/file", why: "scope operator and URL scheme"},
	tc{in: "12345:db8::1 2001::db8::1 gggg:hhhh::1234", why: "invalid IPv6 (five-digit group, two ::, non-hex)"},
	tc{in: "Use 2001:db8::/32. 64:ff9b::192.0.2.1 0:0:0:0:0:FFFF:129.144.52.38", want: []string{"2001:db8::", "64:ff9b::192.0.2.1", "0:0:0:0:0:FFFF:129.144.52.38"}, why: "prefix, NAT64 and expanded forms with embedded IPv4"},
	tc{in: "fe80::1%eth0/64 2001:db8::%eth0/128 192.168.2.1@eth0", want: []string{"fe80::1%eth0", "2001:db8::%eth0", "192.168.2.1"}, why: "zones before a prefix length; no zone on IPv4"},
	tc{in: "sha 3f786850e387550fdab836ed7e6dc881de23001b", why: "hash"},
	tc{in: "uuid 123e4567-e89b-12d3-a456-426614174000", why: "UUID"},
)

func TestIP(t *testing.T) { runCases(t, "IP_ADDRESS") }

func TestIPConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "IP_ADDRESS", "ip 10.0.0.1", ""))
}

// ipOracle says whether s alone (between spaces) should be reported: it
// parses with net/netip, and is not IPv6 text our plausibility rules drop.
func ipOracle(s string) bool {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return false
	}
	if a.Is4() {
		return true
	}
	if !strings.ContainsAny(s, "0123456789") {
		return false // "a::b", "::"
	}
	if len(s) == 23 && !strings.Contains(s, "::") && strings.Count(s, ":") == 7 {
		return false // eight two-digit groups: EUI-64 / WWN
	}
	return true
}

// TestIPMatchesNetip checks the hand parsers against net/netip on a range
// of tricky texts.
func TestIPMatchesNetip(t *testing.T) {
	d := builtin(t, "IP_ADDRESS")
	for _, s := range []string{
		"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1.2.3.4.5", "1.2.3",
		"::", "::1", "1::", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "1:2:3:4:5:6::7",
		"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":1::2", "1:::2", "1::2::3",
		"::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1::2:3:4:5:6:1.2.3.4",
		"1::2:3:4:5:1.2.3.4", "::ffff:01.2.3.4", "::ffff:1.2.3", "::abcd:1.2.3.4", "::1.2.3.4.5",
		"12345::1", "1:2:3:4:5:6:7:10000", "fe80::1", "FE80::A", "2001:db8::", "a:b:c:d:e:f:0:1",
	} {
		in := " " + s + " "
		end, _ := d.MatchAt([]byte(in), 1)
		assert.Equal(t, ipOracle(s), end == len(s)+1, "%q: MatchAt end %d", s, end)
	}
}

// FuzzIPNetip fuzzes the same agreement with net/netip.
func FuzzIPNetip(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "::ffff:1.2.3.4", "1:2:3:4:5:6:7::", "fe80::1", "1::2:3:4:5:6:1.2.3.4"} {
		f.Add(s)
	}
	d := builtin(f, "IP_ADDRESS")
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || len(s) > 60 || strings.Trim(s, "0123456789abcdefABCDEF:.") != "" {
			return
		}
		in := " " + s + " "
		end, _ := d.MatchAt([]byte(in), 1)
		if ipOracle(s) != (end == len(s)+1) {
			t.Fatalf("%q: MatchAt end %d, netip says %v", s, end, ipOracle(s))
		}
	})
}

func FuzzIP(f *testing.F) {
	fuzzDetector(f, "IP_ADDRESS", "1.2.3.4 ::1 fe80::1%eth0 a:b::c1 1.2.3.4.5 ::ffff:1.2.3.4", "10:20::30:40:1.2.3.4%z. x", "0:0:0:0:0:0:0:0 1::")
}
