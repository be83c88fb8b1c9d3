// Package hash implements Veil's hash masking method: a value is replaced by
// its keyed HMAC-SHA256 digest in lowercase hex, truncated to a chosen number
// of characters (8 to 64, default 64).
//
// The digest is HMAC-SHA256(K, len(type) ‖ type ‖ value), K being the
// keyset's hash key (derived for this purpose only) and len(type) one byte.
// The type (US_SSN, EMAIL_ADDRESS …) is part of the message, so:
//
//   - the same value of the same type under the same key gives the same
//     digest in every row, column, file and run, and hashed columns still
//     join;
//   - equal values of different types give unrelated digests, as with
//     tokenize and encrypt, so a phone number and an account number that
//     happen to share digits cannot be linked;
//   - without the key, a digest cannot be checked against guesses, unlike a
//     plain SHA-256 of an SSN, whose billion possible values are hashed in
//     seconds.
//
// Hashing is one-way: there is no unmask. Truncation trades collisions for
// length: with L hex characters two distinct values collide with probability
// 16^-L, so a column of a million values is likely to hold a collision below
// about 10 characters; keep the default unless the column is small.
//
// # What this package must never do
//
// Never log, print or put into an error any value, digest or key. It does no
// I/O and keeps nothing between calls.
package hash
