// Package encrypt implements Veil's encrypt masking method: deterministic
// authenticated encryption with AES-SIV (RFC 5297; Tink's daead/subtle, a
// 512-bit key), rendered as text that unmask can recognise:
//
//	veil:v1:US_SSN:<base64url, no padding, of the 16-byte SIV and the ciphertext>
//
// The header "veil:v1:TYPE:" is the associated data, so the type is bound to
// the ciphertext: the same value of the same type under the same key always
// gives the same text (joins work), equal values of different types give
// unrelated texts, and a token whose type, header or ciphertext was changed
// fails to decrypt (ErrDecrypt) rather than yielding a wrong value. Carrying
// the type in the token lets unmask reverse tokens found inside free text,
// where no column type tells it what was detected; Index finds them.
//
// Unlike tokenize, encrypt changes the format and length (a value of L
// bytes becomes 8 + len(type) + 1 + ceil((L+16)·4/3) characters) but works on
// any value, however short, and detects tampering.
//
// # Security caveats
//
// Deterministic by design: equal values (of one type, under one key) give
// equal tokens, which reveals equality and frequencies, and the token's
// length reveals the value's length. The type is visible in clear. AES-SIV
// is misuse-resistant, so determinism is its intended mode, not a nonce
// reuse.
//
// # What this package must never do
//
// Never log, print or put into an error any value, token or key; errors are
// fixed sentinels. It does no I/O and keeps nothing between calls. Only this
// package imports Tink.
package encrypt
