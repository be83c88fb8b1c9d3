package jsonl

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Leaf kinds, as they appear in a template.
const (
	kindString = 's'
	kindNumber = 'n'
	kindBool   = 'b'
	kindNull   = 'z'
)

// leaf is one scalar of a line: its kind and its text (a string's decoded
// value, a number's literal, true or false; nil for null).
type leaf struct {
	kind byte
	val  []byte
}

// syntaxError is a line that is not one JSON object; it names a byte
// offset in the line, never the text there.
type syntaxError struct {
	off int
	err error
}

func (e *syntaxError) Error() string { return fmt.Sprintf("byte %d: %v", e.off+1, e.err) }

func (e *syntaxError) Unwrap() error { return e.err }

// parser turns a line into its template and its leaves. It accepts exactly
// RFC 8259 JSON (FuzzReader holds it to encoding/json), allocates nothing
// once warm, and never recurses.
type parser struct {
	maxDepth int
	tmpl     []byte // the template: the line's structure, keys as written, leaves as kind letters
	leaves   []leaf
	scratch  []byte // decoded strings that had escapes
	stack    []byte // open containers: '{' or '['
}

// isSpace is JSON whitespace; a '\n' cannot occur inside a line.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// blank reports whether a line holds nothing but whitespace.
func blank(b []byte) bool { return skipSpace(b, 0) == len(b) }

// parse reads line, which must be valid UTF-8, into p.tmpl and p.leaves.
func (p *parser) parse(line []byte) error {
	p.tmpl = p.tmpl[:0]
	p.leaves = p.leaves[:0]
	p.scratch = p.scratch[:0]
	p.stack = p.stack[:0]

	i := skipSpace(line, 0)
	if i == len(line) || line[i] != '{' {
		return &syntaxError{i, ErrNotObject}
	}
	const (
		wantValue  = iota // a value starts at i
		wantKey           // a key (and ':') starts at i
		afterValue        // a value just ended
	)
	state := wantValue
	for {
		i = skipSpace(line, i)
		switch state {
		case wantKey:
			if i == len(line) || line[i] != '"' {
				return &syntaxError{i, ErrSyntax}
			}
			end, _, err := p.scanString(line, i, false)
			if err != nil {
				return err
			}
			p.tmpl = append(p.tmpl, line[i:end]...)
			i = skipSpace(line, end)
			if i == len(line) || line[i] != ':' {
				return &syntaxError{i, ErrSyntax}
			}
			p.tmpl = append(p.tmpl, ':')
			i++
			state = wantValue

		case wantValue:
			if i == len(line) {
				return &syntaxError{i, ErrSyntax}
			}
			switch c := line[i]; {
			case c == '{' || c == '[':
				if len(p.stack) >= p.maxDepth {
					return &syntaxError{i, ErrTooDeep}
				}
				p.stack = append(p.stack, c)
				p.tmpl = append(p.tmpl, c)
				i = skipSpace(line, i+1)
				if i < len(line) && line[i] == c+2 { // '}' or ']'
					p.tmpl = append(p.tmpl, c+2)
					p.stack = p.stack[:len(p.stack)-1]
					i++
					state = afterValue
				} else if c == '{' {
					state = wantKey
				}
				continue
			case c == '"':
				end, val, err := p.scanString(line, i, true)
				if err != nil {
					return err
				}
				p.leaves = append(p.leaves, leaf{kindString, val})
				p.tmpl = append(p.tmpl, kindString)
				i = end
			case c == '-' || c >= '0' && c <= '9':
				end := scanNumber(line, i)
				if end < 0 {
					return &syntaxError{i, ErrSyntax}
				}
				p.leaves = append(p.leaves, leaf{kindNumber, line[i:end]})
				p.tmpl = append(p.tmpl, kindNumber)
				i = end
			case hasWord(line, i, "true"):
				p.leaves = append(p.leaves, leaf{kindBool, line[i : i+4]})
				p.tmpl = append(p.tmpl, kindBool)
				i += 4
			case hasWord(line, i, "false"):
				p.leaves = append(p.leaves, leaf{kindBool, line[i : i+5]})
				p.tmpl = append(p.tmpl, kindBool)
				i += 5
			case hasWord(line, i, "null"):
				p.leaves = append(p.leaves, leaf{kindNull, nil})
				p.tmpl = append(p.tmpl, kindNull)
				i += 4
			default:
				return &syntaxError{i, ErrSyntax}
			}
			state = afterValue

		case afterValue:
			if len(p.stack) == 0 {
				if i != len(line) {
					return &syntaxError{i, ErrSyntax}
				}
				return nil
			}
			if i == len(line) {
				return &syntaxError{i, ErrSyntax}
			}
			open := p.stack[len(p.stack)-1]
			switch c := line[i]; {
			case c == ',':
				p.tmpl = append(p.tmpl, ',')
				i++
				state = wantValue
				if open == '{' {
					state = wantKey
				}
			case c == open+2:
				p.tmpl = append(p.tmpl, c)
				p.stack = p.stack[:len(p.stack)-1]
				i++
			default:
				return &syntaxError{i, ErrSyntax}
			}
		}
	}
}

func hasWord(b []byte, i int, w string) bool {
	return len(b)-i >= len(w) && string(b[i:i+len(w)]) == w
}

// scanNumber returns the end of the JSON number at b[i:], or -1.
func scanNumber[T string | []byte](b T, i int) int {
	if b[i] == '-' {
		i++
	}
	switch {
	case i == len(b):
		return -1
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i == len(b) || !isDigit(b[i]) {
			return -1
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i == len(b) || !isDigit(b[i]) {
			return -1
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// validNumber reports whether s is exactly one JSON number.
func validNumber[T string | []byte](s T) bool { return len(s) > 0 && scanNumber(s, 0) == len(s) }

// plain marks the bytes a string can hold without an escape: not '"', not
// '\\', not a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanString checks the JSON string starting at b[i] (a quote) and returns
// the index after its closing quote; with decode, also its decoded value
// (a slice of b when it has no escape, else of p.scratch).
func (p *parser) scanString(b []byte, i int, decode bool) (int, []byte, error) {
	start := i + 1
	j := plainRun(b, start)
	if j < len(b) && b[j] == '"' {
		return j + 1, b[start:j], nil
	}
	// Escapes (or an error) ahead.
	var out []byte
	if decode {
		out = p.scratch[len(p.scratch):]
		out = append(out, b[start:j]...)
	}
	for {
		if j == len(b) {
			return 0, nil, &syntaxError{j, ErrSyntax}
		}
		c := b[j]
		switch {
		case c == '"':
			if decode {
				p.scratch = append(p.scratch[:len(p.scratch)], out...)
				out = p.scratch[len(p.scratch)-len(out):]
			}
			return j + 1, out, nil
		case c < 0x20:
			return 0, nil, &syntaxError{j, ErrSyntax}
		case c != '\\':
			k := plainRun(b, j+1)
			if decode {
				out = append(out, b[j:k]...)
			}
			j = k
			continue
		}
		// An escape.
		if j+1 == len(b) {
			return 0, nil, &syntaxError{j, ErrSyntax}
		}
		e := b[j+1]
		var r byte
		switch e {
		case '"', '\\', '/':
			r = e
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			u, ok := hex4(b, j+2)
			if !ok {
				return 0, nil, &syntaxError{j, ErrSyntax}
			}
			j += 6
			rn := rune(u)
			if utf16.IsSurrogate(rn) {
				// A valid pair makes one rune; anything else is U+FFFD, and
				// what follows is read on its own (as encoding/json does).
				if j+1 < len(b) && b[j] == '\\' && b[j+1] == 'u' {
					if u2, ok := hex4(b, j+2); ok {
						if dec := utf16.DecodeRune(rn, rune(u2)); dec != utf8.RuneError {
							rn = dec
							j += 6
						} else {
							rn = utf8.RuneError
						}
					} else {
						rn = utf8.RuneError
					}
				} else {
					rn = utf8.RuneError
				}
			}
			if decode {
				out = utf8.AppendRune(out, rn)
			}
			continue
		default:
			return 0, nil, &syntaxError{j, ErrSyntax}
		}
		if decode {
			out = append(out, r)
		}
		j += 2
	}
}

// Word-at-a-time byte tests (SWAR) over eight bytes at once.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	lows  = 0x7f7f7f7f7f7f7f7f
)

// eqMask has 0x80 in each byte of w equal to that of pat (a byte times
// ones), and 0 elsewhere; exact, no carry crosses bytes.
func eqMask(w, pat uint64) uint64 {
	x := w ^ pat
	return ^(((x & lows) + lows) | x) & highs
}

// plainRun returns the index of the first byte at or after i that a JSON
// string cannot hold as it is ('"', '\\' or a control character), or
// len(b). Eight bytes at a time while none is.
func plainRun(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		// A byte below 0x20 sets its high bit in w-0x20.., unless it is
		// already set in w; the test may also flag a byte after one that
		// truly is, which the byte loop below sorts out.
		if eqMask(w, '"'*ones)|eqMask(w, '\\'*ones)|((w-0x20*ones)&^w&highs) != 0 {
			break
		}
	}
	for i < len(b) && plain[b[i]] {
		i++
	}
	return i
}

func hex4(b []byte, i int) (uint16, bool) {
	if len(b)-i < 4 {
		return 0, false
	}
	var v uint16
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	return v, true
}
