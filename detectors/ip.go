package detectors

func init() {
	register(&Detector{
		ID:          "IP_ADDRESS",
		Sensitivity: SensitivityModerate,
		Base:        Likely,
		Anchor:      AtHexSep,
		MatchAt:     matchIP,
		// No letter, digit or '.' before either form; IPv6 (after a ':') not
		// a ':' either, while IPv4 may follow one ("::ffff:192.0.2.1").
		Preceded: func(sep, c1, _ byte) bool {
			return !IsAlnum(c1) && c1 != '.' && !(sep == ':' && c1 == ':')
		},
		Follows: func(_ Anchor, n int, c byte) bool {
			return c == ':' || c == '.' && n >= DecimalRun+1 && n <= DecimalRun+3
		},
	})
}

// ipv6MaxText bounds the text of an IPv6 address without a zone:
// "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45 bytes.
const ipv6MaxText = 45

// ipv6MaxZone bounds a zone ("%eth0"); interface names are short.
const ipv6MaxZone = 32

// matchIP finds an IPv4 dotted quad or an IPv6 address starting at b[i].
// Both start where AtHexSep looks: an IPv4 address at its first octet (one
// to three digits before a '.'), an IPv6 address at its first group (one to
// four hex digits before a ':') or at the ':' of a leading "::".
func matchIP(b []byte, i int) (int, Flags) {
	if i < 0 || i >= len(b) {
		return -1, 0
	}
	if IsDigit(b[i]) {
		if n := digitRun(b, i); n <= 3 && at(b, i+n) == '.' {
			return matchIPv4(b, i), 0
		}
	}
	return matchIPv6(b, i), 0
}

// ipv4At parses a dotted quad at b[i] with net/netip's rules: four decimal
// octets of at most 255, no leading zeros. It returns the end or -1.
// Leading zeros ("010.001.002.003") are rejected as net/netip rejects them:
// inet_aton reads 010 as octal 8 while most tools read decimal 10, so such
// text names no single address, and zero-padded dotted numbers are far more
// often dates, versions or section numbers.
func ipv4At(b []byte, i int) int {
	j := i
	for k := 0; k < 4; k++ {
		if k > 0 {
			if at(b, j) != '.' {
				return -1
			}
			j++
		}
		n := digitRun(b, j)
		if n == 0 || n > 3 || (n > 1 && b[j] == '0') || val(b, j, n) > 255 {
			return -1
		}
		j += n
	}
	return j
}

// matchIPv4 finds a dotted quad at b[i] that is a number of its own: not
// part of a longer dotted number (1.2.3.4.5, 10.0.0.1.2), a decimal, or a
// word ("v1.2.3.4" is a version; "IP192.168.1.1text" is glued to text).
// After a ':' it is reported even when what precedes looks like IPv6 groups
// that did not form a valid address ("text::ffff:192.0.2.1"): the IPv4
// part is an address either way.
func matchIPv4(b []byte, i int) int {
	p := at(b, i-1)
	if IsAlnum(p) || p == '.' {
		return -1
	}
	end := ipv4At(b, i)
	if end < 0 {
		return -1
	}
	if n := at(b, end); IsAlnum(n) || (n == '.' && IsDigit(at(b, end+1))) {
		return -1
	}
	return end
}

// matchIPv6 finds an IPv6 address at b[i]: the run of hex digits, ':' and
// '.' is cut where punctuation ends it (a trailing '.' or single ':'), then
// validated exactly as net/netip does, then an optional zone is taken.
func matchIPv6(b []byte, i int) int {
	p := at(b, i-1)
	if IsAlnum(p) || p == ':' || p == '.' {
		return -1
	}
	if b[i] == ':' && at(b, i+1) != ':' {
		return -1
	}
	e := i
	for e < len(b) && (IsHex(b[e]) || b[e] == ':' || b[e] == '.') {
		e++
		if e-i > ipv6MaxText+2 {
			return -1
		}
	}
	if e > i && b[e-1] == '.' {
		e-- // sentence punctuation
		if e > i && b[e-1] == '.' {
			return -1
		}
	} else if e-i >= 2 && b[e-1] == ':' && b[e-2] != ':' {
		e-- // "fe80::1: unreachable"
	}
	if e-i > ipv6MaxText || !validIPv6(b[i:e]) || !ipv6Plausible(b[i:e]) {
		return -1
	}
	if at(b, e) == '%' {
		z := e + 1
		for z < len(b) && z-e <= ipv6MaxZone && (IsAlnum(b[z]) || b[z] == '_' || b[z] == '-' || b[z] == '.') {
			z++
		}
		for z > e+1 && (b[z-1] == '.' || b[z-1] == '-') {
			z--
		}
		if z-e > ipv6MaxZone {
			return -1
		}
		if z > e+1 {
			e = z
		}
	}
	if IsAlnum(at(b, e)) {
		return -1 // inside a hex word: "deadbeef::1x"
	}
	return e
}

// validIPv6 reports whether s is an IPv6 address in text form, without a
// zone, by the rules of net/netip's parser (which allocates on error, so it
// is not called here; the tests check the two agree): one to eight groups of
// one to four hex digits, at most one "::" standing for at least one zero
// group, and an optional trailing dotted quad taking the last two groups.
func validIPv6(s []byte) bool {
	i := 0 // bytes of the 16-byte address filled
	ellipsis := false
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis = true
		s = s[2:]
		if len(s) == 0 {
			return true
		}
	}
	for i < 16 {
		off := 0
		for off < len(s) && IsHex(s[off]) {
			off++
			if off > 4 {
				return false
			}
		}
		if off == 0 {
			return false
		}
		if off < len(s) && s[off] == '.' {
			if (!ellipsis && i != 12) || i+4 > 16 {
				return false
			}
			if ipv4At(s, 0) != len(s) {
				return false
			}
			s = s[len(s):]
			i += 4
			break
		}
		i += 2
		s = s[off:]
		if len(s) == 0 {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis {
				return false
			}
			ellipsis = true
			s = s[1:]
			if len(s) == 0 {
				break
			}
		}
	}
	if len(s) != 0 {
		return false
	}
	if i < 16 {
		return ellipsis
	}
	return !ellipsis
}

// ipv6Plausible rejects valid IPv6 text that is far more often something
// else: no decimal digit at all ("a::b", "cc::add" in C++ or Rust paths,
// "::" alone), or eight groups of exactly two hex digits with no "::"
// (EUI-64 identifiers and Fibre Channel WWNs such as 10:00:00:00:c9:22:fc:01).
func ipv6Plausible(s []byte) bool {
	digit := false
	for _, c := range s {
		if IsDigit(c) {
			digit = true
			break
		}
	}
	if !digit {
		return false
	}
	if len(s) != 23 {
		return true
	}
	for k, c := range s {
		if k%3 == 2 {
			if c != ':' {
				return true
			}
		} else if !IsHex(c) {
			return true
		}
	}
	return false
}
