package detectors

func init() {
	register(&Detector{
		ID:          "MAC_ADDRESS",
		Sensitivity: SensitivityLow,
		Base:        Likely,
		Anchor:      AtHexSep,
		MatchAt:     matchMAC,
		NotJoined:   true,
		Preceded: func(_, c1, c2 byte) bool {
			return !IsAlnum(c1) && !(c1 == ':' && c2 == ':')
		},
		Follows: func(_ Anchor, n int, c byte) bool {
			n %= DecimalRun
			return n == 2 && (c == ':' || c == '-') || n == 4 && c == '.'
		},
	})
}

// matchMAC finds a MAC address at b[i]: six hex pairs joined by one
// separator used throughout (':' or '-'), or three groups of four hex digits
// joined by '.' (Cisco style). It must stand alone: no letter or digit on
// either side, and no neighbouring hex group joined by a separator, so it is
// not a piece of an IPv6 address, an EUI-64 or a longer hex string. The
// all-zero and broadcast (all FF) addresses are placeholders, not devices.
func matchMAC(b []byte, i int) (int, Flags) {
	if !IsHex(at(b, i)) || !IsHex(at(b, i+1)) {
		return -1, 0
	}
	var end int
	if IsHex(at(b, i+2)) {
		// xxxx.xxxx.xxxx
		for g := 0; g < 3; g++ {
			s := i + 5*g
			if g > 0 && at(b, s-1) != '.' {
				return -1, 0
			}
			for k := 0; k < 4; k++ {
				if !IsHex(at(b, s+k)) {
					return -1, 0
				}
			}
		}
		end = i + 14
	} else {
		sep := at(b, i+2)
		if sep != ':' && sep != '-' {
			return -1, 0
		}
		for g := 1; g < 6; g++ {
			s := i + 3*g
			if at(b, s-1) != sep || !IsHex(at(b, s)) || !IsHex(at(b, s+1)) {
				return -1, 0
			}
		}
		end = i + 17
	}
	if macJoinedBefore(b, i) || macJoinedAfter(b, end) {
		return -1, 0
	}
	zero, ones := true, true
	for _, c := range b[i:end] {
		if !IsHex(c) {
			continue
		}
		if c != '0' {
			zero = false
		}
		if c != 'f' && c != 'F' {
			ones = false
		}
	}
	if zero || ones {
		return -1, 0
	}
	return end, 0
}

// isMACSep reports whether c joins hex groups in MAC or IPv6 notation.
func isMACSep(c byte) bool { return c == ':' || c == '-' || c == '.' }

// macJoinedBefore reports whether b[i] is not the start of a hex sequence of
// its own: a letter or digit before it, a "::", or a separator after a
// standalone hex group ("ab:" but not the word "mac:").
func macJoinedBefore(b []byte, i int) bool {
	p := at(b, i-1)
	if IsAlnum(p) {
		return true
	}
	if !isMACSep(p) {
		return false
	}
	if p == ':' && at(b, i-2) == ':' {
		return true
	}
	k := i - 2
	for k >= 0 && IsAlnum(b[k]) {
		if !IsHex(b[k]) {
			return false
		}
		k--
	}
	return k < i-2
}

// macJoinedAfter is macJoinedBefore for the end of a candidate at b[j].
func macJoinedAfter(b []byte, j int) bool {
	n := at(b, j)
	if IsAlnum(n) {
		return true
	}
	if !isMACSep(n) {
		return false
	}
	if n == ':' && at(b, j+1) == ':' {
		return true
	}
	k := j + 1
	for k < len(b) && IsAlnum(b[k]) {
		if !IsHex(b[k]) {
			return false
		}
		k++
	}
	return k > j+1
}
