package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var _ = addCases("MAC_ADDRESS",
	tc{in: "ether 00:1a:2b:3c:4d:5e brd", want: []string{"00:1a:2b:3c:4d:5e"}, why: "colon form (ip link)"},
	tc{in: "Physical Address. . : 00-1A-2B-3C-4D-5E", want: []string{"00-1A-2B-3C-4D-5E"}, why: "hyphen form (Windows ipconfig)"},
	tc{in: "mac 001a.2b3c.4d5e", want: []string{"001a.2b3c.4d5e"}, why: "Cisco dotted form"},
	tc{in: "mac:aa:bb:cc:dd:ee:0f.", want: []string{"aa:bb:cc:dd:ee:0f"}, why: "after the word mac and a colon, before a full stop"},
	tc{in: `{"mac":"3C:22:FB:01:02:03"}`, want: []string{"3C:22:FB:01:02:03"}, why: "in JSON"},
	tc{in: "00:00:00:00:00:00", why: "all zeros is a placeholder"},
	tc{in: "ff:ff:ff:ff:ff:FF and FF-FF-FF-FF-FF-FF", why: "broadcast address"},
	tc{in: "00:1a:2b-3c:4d:5e", why: "mixed separators"},
	tc{in: "00:1a:2b:3c:4d", why: "five pairs"},
	tc{in: "00:1a:2b:3c:4d:5e:6f", why: "seven pairs: part of a longer hex string"},
	tc{in: "fe80::00:1a:2b:3c:4d:5e", why: "tail of an IPv6 address"},
	tc{in: "2001:00:1a:2b:3c:4d:5e", why: "after another hex group"},
	tc{in: "x00:1a:2b:3c:4d:5e", why: "letter before"},
	tc{in: "00:1a:2b:3c:4d:5eg", why: "letter after"},
	tc{in: "0:1a:2b:3c:4d:5e", why: "single-digit group"},
	tc{in: "001a.2b3c.4d5e.6f70", why: "four dotted groups"},
	tc{in: "id 123e4567-e89b-12d3-a456-426614174000", why: "UUID"},
	tc{in: "12:30:45 and 2024-01-02", why: "time and date"},
)

func TestMAC(t *testing.T) { runCases(t, "MAC_ADDRESS") }

func TestMACConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "MAC_ADDRESS", "x 00:1a:2b:3c:4d:5e", ""))
}

func FuzzMAC(f *testing.F) {
	fuzzDetector(f, "MAC_ADDRESS", "00:1a:2b:3c:4d:5e 00-1A-2B-3C-4D-5E 001a.2b3c.4d5e", "a:00:11:22:33:44:55:b", "::00:11:22:33:44:55.")
}
