package jsonl

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// reservedPrefix starts the names of Veil's own columns; a key that starts
// with it is always bracketed, so no leaf can be named like one.
const reservedPrefix = "__veil_"

// simpleKey reports whether key k can stand bare in a path: not empty, none
// of . [ ] " \ nor a control character, and not Veil's reserved prefix.
func simpleKey(k []byte) bool {
	if len(k) == 0 || bytes.HasPrefix(k, []byte(reservedPrefix)) {
		return false
	}
	for _, c := range k {
		if c < 0x20 || c == 0x7f || c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// appendKey appends the step for object key k (decoded) to path:
// ".k", or just "k" at the start, when k is simple; otherwise ["k"], the
// key as a JSON string in brackets.
func appendKey(path, k []byte) []byte {
	if simpleKey(k) {
		if len(path) > 0 {
			path = append(path, '.')
		}
		return append(path, k...)
	}
	path = append(path, '[')
	path = appendString(path, k)
	return append(path, ']')
}

// appendIndex appends the step for array element i: [i].
func appendIndex(path []byte, i int) []byte {
	path = append(path, '[')
	path = strconv.AppendInt(path, int64(i), 10)
	return append(path, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD (as encoding/json
// does), everything else as it is.
func appendString[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
