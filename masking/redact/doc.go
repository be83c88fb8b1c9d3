// Package redact implements Veil's two keyless, irreversible masking
// methods: redact, which replaces a value with fixed text, and partial,
// which keeps a few characters at either end and masks the rest.
//
// Redact writes its text with every "{type}" replaced by the detected type,
// so the default text "[{type}]" turns an SSN into "[US_SSN]"; a value with
// no type (a column rule applied to a column nothing was detected in) gets
// "REDACTED" there. Redact is also the fallback of every other method: a
// value that cannot be masked as asked is redacted, never passed through.
//
// Partial counts characters (runes), not bytes. It keeps the first
// keep_first and last keep_last characters and, between them, replaces each
// letter or digit (any script) with one '*' while keeping punctuation,
// spaces and symbols, so "4111 1111 1111 1234" with keep_last 4 reads
// "**** **** **** 1234" and "jane.doe@example.com" with keep_first 1 reads
// "j***.***@*******.***". When the kept characters would cover the whole
// value (keep_first + keep_last ≥ its length) nothing is kept and every
// letter and digit is masked: partial never returns a value unchanged. A
// byte that is not valid UTF-8 counts as one character and, outside the
// kept ends, becomes '*'.
//
// # What this package must never do
//
// Never log, print or put into an error any value. It does no I/O, uses no
// key, and keeps nothing between calls.
package redact
