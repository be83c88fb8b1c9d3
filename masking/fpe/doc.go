// Package fpe implements format-preserving encryption: the FF1 mode of NIST
// SP 800-38G (Rev. 1), on AES-128, AES-192 or AES-256 from crypto/aes.
//
// # What FF1 is
//
// FF1 enciphers a string of numerals in some radix (base) into another string
// of the same length in the same radix: a 9-digit SSN becomes another 9-digit
// number, a 16-character base-36 code another such code. For a given key,
// radix, tweak and length it is a keyed pseudorandom permutation, so it is
// reversible with the key (Decrypt) and deterministic: equal inputs give
// equal outputs, which keeps joins and group-bys working on masked data.
// Internally it is a 10-round Feistel network whose round function is an AES
// CBC-MAC over the round number, the tweak and one half of the input.
//
// The tweak is public, non-secret context (say, "customers.ssn") that
// selects an independent permutation: the same value under different tweaks
// enciphers differently. Use it to keep columns or tenants from being linked
// through equal ciphertexts. The tweak goes with each call, not with the
// cipher, so one FF1 value serves every column.
//
// # Using it
//
// Build one *FF1 per key and radix with NewFF1, once, and share it: it is
// immutable and safe for concurrent use. Encrypt and Decrypt take numerals as
// []uint16 (each below the radix) and append the result to dst, in the manner
// of crypto/cipher.AEAD.Seal; with a dst of sufficient capacity they do not
// allocate. Mapping characters to numerals (digits to 0-9, letters to 0-25,
// and so on) is the caller's business; the alphabet's order is part of the
// format and must not change between encryption and decryption.
//
// A caller that holds the value as a number rather than as numerals (a
// radix-2 caller with a bit string, say) can use EncryptUint128 and
// DecryptUint128, which take and return NUM_radix of the numerals, for
// radix^n below 2^128, and give the same results without the conversions.
//
// Numerals are uint16 so that every radix the standard allows, 2 to 65536,
// works; Veil's own alphabets (10, 26, 36, 62) need far less, but the cost is
// two bytes a numeral and nothing in speed.
//
// # Limits
//
//   - Radix: 2 to 65536 (MinRadix, MaxRadix).
//   - Minimum length: the domain radix^n must be at least 1,000,000
//     (MinDomain, per SP 800-38G Rev. 1), and n at least 2. That is 6 numerals
//     for radix 10, 5 for 26, 4 for 36 and 62, 20 for radix 2; FF1.MinLen
//     reports it. Shorter inputs get ErrTooShort. Small domains are open to
//     known attacks on Feistel ciphers, so such a value must be redacted, not
//     enciphered some other way and not enciphered with padding.
//   - Maximum length: MaxLen (4096) numerals, ErrTooLong beyond. The standard
//     allows up to 2^32-1; this bound is ours, to cap a call's cost.
//   - Tweak: at most MaxTweakLen (256) bytes, ErrTweakTooLong beyond.
//   - Every numeral must be below the radix, or ErrInvalidNumeral.
//
// The errors are fixed sentinels, comparable with == or errors.Is, carrying
// nothing of the input.
//
// # Performance
//
// When the longer half of the input is below 2^64 (radix^ceil(n/2) < 2^64:
// up to 38 digits in radix 10, 26 letters in radix 26, 24 in 36, 20 in 62)
// the rounds run on machine words, one AES block per round; below 2^128 (76
// digits, 54 letters, 48 in radix 36, 42 in 62) on pairs of words, with one
// or two more AES blocks per round only for the longest of those; longer
// inputs fall back to math/big. Reductions modulo radix^m and conversions to
// numerals use precomputed reciprocals instead of hardware divisions, and
// the encryption of FF1's first block (P, which depends only on the key, the
// radix, the length and the tweak length) is cached per cipher. A short
// value so costs ten AES blocks, one a round, plus one for every 16 bytes of
// tweak beyond the first 15-b (b is the byte length of radix^ceil(n/2)-1: 3
// for a 9-digit SSN, 4 for a 16-digit card), and those dependent block
// encryptions are most of the time a call takes. Per-call working memory
// comes from a sync.Pool and is wiped before it goes back.
//
// # What this package must never do
//
//   - Never log, print, trace or put into an error message any input,
//     output, tweak or key, nor anything derived from them. Errors report
//     only which limit was hit. FF1's String and GoString methods print the
//     radix only, so formatting a cipher cannot leak its key schedule.
//   - Never encipher a value shorter than MinLen by any other means (padding,
//     a smaller radix, a fallback transform): the caller redacts instead.
//   - Never keep inputs: scratch memory is cleared before reuse (best
//     effort; Go does not promise to erase every copy). The one thing kept
//     between calls is the per-cipher cache of AES_K(P) above, keyed by
//     input length and tweak length; it holds no numerals and no tweak
//     bytes.
//   - Never pick or derive keys: key management belongs to the caller.
//
// FF1 provides confidentiality of the value only. It is deterministic, so it
// reveals equality of values under the same key and tweak, and it provides
// no integrity: a changed ciphertext decrypts to some other valid-looking
// value, not to an error.
package fpe
