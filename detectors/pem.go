package detectors

import "bytes"

func init() {
	register(&Detector{
		ID:          "PRIVATE_KEY",
		Sensitivity: SensitivityHigh,
		Base:        VeryLikely,
		Anchor:      AtLiteral,
		Literals:    []string{pemBegin},
		Multiline:   true,
		MatchAt:     matchPEM,
	})
}

const (
	pemBegin    = "-----BEGIN "
	pemEnd      = "-----END "
	pemDashes   = "-----"
	pemMaxLabel = 40 // "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK", ...
	// pemMinRun is the shortest run of base64 characters a real key body
	// holds: PEM wraps at 64, OpenSSH at 70; the smallest key (Ed25519 in
	// PKCS#8) is 64 characters on one line.
	pemMinRun = 40
)

// matchPEM finds a PEM private key block at b[i]:
// "-----BEGIN <label>-----", the body, "-----END <label>-----" with the
// same label, where the label is "PRIVATE KEY" or ends in " PRIVATE KEY"
// (RSA, EC, DSA, OPENSSH, ENCRYPTED, ...) or is "PGP PRIVATE KEY BLOCK".
// The body may use real line breaks, spaces (a key flattened onto one line)
// or the two characters `\n` (a key inside a JSON string or .env value). The
// first "-----" after the BEGIN line must start the matching END line, so a
// truncated block is not joined to the next one, and the body must look like
// base64 rather than prose (a README that names both marker lines).
func matchPEM(b []byte, i int) (int, Flags) {
	if i < 0 || !bytes.HasPrefix(b[i:], []byte(pemBegin)) || at(b, i-1) == '-' {
		return -1, 0
	}
	ls := i + len(pemBegin)
	le := ls
	for le < len(b) && le-ls <= pemMaxLabel && (isUpper(b[le]) || IsDigit(b[le]) || b[le] == ' ') {
		le++
	}
	label := b[ls:le]
	if !pemLabel(label) || !bytes.HasPrefix(b[le:], []byte(pemDashes)) {
		return -1, 0
	}
	body := le + len(pemDashes)
	k := bytes.Index(b[body:], []byte(pemDashes))
	if k < 0 {
		return -1, 0
	}
	es := body + k
	if !bytes.HasPrefix(b[es:], []byte(pemEnd)) {
		return -1, 0
	}
	ll := es + len(pemEnd)
	if len(b)-ll < len(label) || !bytes.Equal(b[ll:ll+len(label)], label) ||
		!bytes.HasPrefix(b[ll+len(label):], []byte(pemDashes)) {
		return -1, 0
	}
	if !pemBody(b[body:es]) {
		return -1, 0
	}
	return ll + len(label) + len(pemDashes), 0
}

// pemLabel reports whether l names a private key block.
func pemLabel(l []byte) bool {
	const pk = "PRIVATE KEY"
	switch {
	case len(l) == 0 || l[0] == ' ':
		return false
	case string(l) == pk || string(l) == "PGP PRIVATE KEY BLOCK":
		return true
	}
	return len(l) > len(pk) && bytes.HasSuffix(l, []byte(" "+pk))
}

// pemBody reports whether body looks like an encoded key: a run of at least
// pemMinRun base64 characters, and few runs of white space. A key body has
// one per line (a line break, perhaps with YAML indentation, or the single
// space of a key flattened onto one line) plus a few in headers such as
// "Proc-Type: 4,ENCRYPTED"; prose has one every few letters.
func pemBody(body []byte) bool {
	run, longest, gaps := 0, 0, 0
	space := false
	for _, c := range body {
		if isB64(c) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
		ws := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if ws && !space {
			gaps++
		}
		space = ws
	}
	return longest >= pemMinRun && gaps <= 4+len(body)/24
}
