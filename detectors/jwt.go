package detectors

func init() {
	register(&Detector{
		ID:          "JSON_WEB_TOKEN",
		Sensitivity: SensitivityHigh,
		Base:        VeryLikely,
		Anchor:      AtLiteral,
		Literals:    []string{"eyJ"},
		MatchAt:     matchJWT,
	})
}

// jwtMaxHeader caps the encoded header. Headers are short, but one carrying
// an x5c certificate chain or an embedded jwk runs to a few kilobytes; the
// header is decoded as a stream, so the cap only bounds work.
const jwtMaxHeader = 16 << 10

// jwtB64 maps a base64url character to its value, and anything else to 0xFF.
var jwtB64 = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// isJWTChar reports whether c is a base64url character.
func isJWTChar(c byte) bool { return jwtB64[c] != 0xFF }

// jwtPart returns the end of the run of base64url characters at b[i].
func jwtPart(b []byte, i int) int {
	for i < len(b) && jwtB64[b[i]] != 0xFF {
		i++
	}
	return i
}

// matchJWT finds a JSON Web Token at b[i]: "eyJ" (base64url of `{"`), then
// header.payload.signature in base64url without padding. The header must
// decode to a JSON object with an "alg" member. The signature may be empty
// only when alg is "none" (an unsecured JWT, which still ends in '.'). A
// five-part JWE (header with "enc") is matched whole. The token must stand
// alone: no base64url character before it, nor a "x." that would make it
// a later part of some other dotted string, nor a further ".part" after it
// (a '.' ending the sentence is fine).
func matchJWT(b []byte, i int) (int, Flags) {
	if i < 0 || at(b, i) != 'e' || at(b, i+1) != 'y' || at(b, i+2) != 'J' {
		return -1, 0
	}
	if p := at(b, i-1); isJWTChar(p) || (p == '.' && isJWTChar(at(b, i-2))) {
		return -1, 0
	}
	he := jwtPart(b, i)
	if he-i > jwtMaxHeader || at(b, he) != '.' || (he-i)%4 == 1 {
		return -1, 0
	}
	h := jwtHeader(b[i:he])
	if !h.ok || !h.hasAlg {
		return -1, 0
	}
	// Three parts (JWS) or five (JWE); record each part's end.
	var ends [5]int
	ends[0] = he
	n := 1
	for n < 5 && at(b, ends[n-1]) == '.' {
		s := ends[n-1] + 1
		ends[n] = jwtPart(b, s)
		n++
		if n == 3 && !(h.hasEnc && at(b, ends[2]) == '.') {
			break
		}
	}
	var size [5]int // length of each part after the header
	for k := 1; k < n; k++ {
		size[k] = ends[k] - ends[k-1] - 1
		if size[k]%4 == 1 {
			return -1, 0
		}
	}
	var end int
	switch {
	case n == 3:
		// An empty signature leaves the match ending in the second '.',
		// as an unsecured JWT is written.
		if size[1] == 0 || (size[2] == 0 && !h.algNone) {
			return -1, 0
		}
		end = ends[2]
	case n == 5 && h.hasEnc:
		// Encrypted key may be empty ("dir"); IV, ciphertext and tag not.
		if size[2] == 0 || size[3] == 0 || size[4] == 0 {
			return -1, 0
		}
		end = ends[4]
	default:
		return -1, 0
	}
	if at(b, end) == '.' && isJWTChar(at(b, end+1)) {
		return -1, 0 // more dotted parts: not a token of its own
	}
	return end, 0
}

// jwtHeaderInfo is what matchJWT needs to know about a header.
type jwtHeaderInfo struct {
	ok      bool // a JSON object, and nothing after it
	hasAlg  bool // with a top-level "alg" member whose value is a string
	algNone bool // ... equal to "none" in any case
	hasEnc  bool // with a top-level "enc" member (a JWE)
}

// jwtHeader decodes the base64url text s as a stream and checks it is a
// JSON object, noting its "alg" and "enc" members. It keeps only a few
// bytes of state: no buffer, no allocation, whatever the header's length.
func jwtHeader(s []byte) jwtHeaderInfo {
	var j jwtJSON
	var acc uint32
	bits := 0
	for _, c := range s {
		acc = acc<<6 | uint32(jwtB64[c])
		bits += 6
		if bits >= 8 {
			bits -= 8
			if !j.feed(byte(acc >> bits)) {
				return jwtHeaderInfo{}
			}
		}
	}
	if !j.done {
		return jwtHeaderInfo{}
	}
	return jwtHeaderInfo{ok: true, hasAlg: j.alg, algNone: j.algNone, hasEnc: j.enc}
}

// jwtJSON is a minimal streaming JSON object scanner: it tracks strings,
// nesting and which top-level strings are member names, which is enough to
// find "alg" and "enc" without being fooled by those words as values.
type jwtJSON struct {
	started, done bool
	depth         int
	inStr, esc    bool
	keyNext       bool    // at depth 1, the next string is a member name
	isKey         bool    // the current string is a top-level member name
	strVal        bool    // the current string is a top-level member value
	buf           [8]byte // the current string's first bytes
	n             int     // its length (may exceed len(buf))
	escaped       bool    // it contained an escape
	last          uint8   // 1 after the name "alg", 2 after "enc"
	alg, algNone  bool
	enc           bool
}

// feed takes one decoded byte and reports whether the text can still be
// a JSON object.
func (j *jwtJSON) feed(c byte) bool {
	if c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
		return false
	}
	if j.inStr {
		switch {
		case j.esc:
			j.esc = false
		case c == '\\':
			j.esc, j.escaped = true, true
		case c == '"':
			j.inStr = false
			j.endString()
		default:
			if j.n < len(j.buf) {
				j.buf[j.n] = c
			}
			j.n++
		}
		return true
	}
	if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
		return true
	}
	if j.done {
		return false
	}
	if !j.started {
		if c != '{' {
			return false
		}
		j.started, j.depth, j.keyNext = true, 1, true
		return true
	}
	switch c {
	case '"':
		j.inStr, j.n, j.escaped = true, 0, false
		j.isKey = j.depth == 1 && j.keyNext
		j.strVal = j.depth == 1 && !j.keyNext
		j.keyNext = false
	case '{', '[':
		j.depth++
		j.keyNext = false
	case '}', ']':
		j.depth--
		if j.depth == 0 {
			j.done = true
		}
	case ',':
		if j.depth == 1 {
			j.keyNext, j.last = true, 0
		}
	case ':':
	default:
		// numbers, true, false, null: nothing to note
	}
	return true
}

// endString notes a finished top-level member name or the value of "alg".
func (j *jwtJSON) endString() {
	s := j.buf[:min(j.n, len(j.buf))]
	switch {
	case j.isKey:
		j.last = 0
		if !j.escaped && j.n == 3 {
			switch string(s) {
			case "alg":
				j.last = 1
			case "enc":
				j.last = 2
				j.enc = true
			}
		}
	case j.strVal && j.last == 1:
		j.alg = true
		j.algNone = !j.escaped && j.n == 4 && emailEqualFold(s, "none")
	}
}
