// Package tokenize turns values into deterministic, format-preserving,
// reversible tokens with NIST SP 800-38G FF1 (package masking/fpe): digits
// stay digits, ASCII letters stay letters of the same case, and every other
// byte — separators, '@', '.', spaces, non-ASCII — stays where it is, so the
// token of 123-45-6789 reads NNN-NN-NNNN and the token of an email address
// keeps its '@' and dots. The key holder maps a token back with Detokenize.
//
// # Construction
//
// The value's ASCII letters and digits, read left to right, are its
// positions; the other bytes are its format and are copied unchanged. Each
// position has a radix, 10 for a digit and 26 for a letter (case is kept
// aside and restored). A run of positions is read as one mixed-radix number
// X in [0, D), D being the product of the radices, and enciphered as a whole:
//
//  1. X is written as n = bitlen(D-1) bits and enciphered with FF1 over
//     radix 2 (AES-256, the tokenize key of the keyset); the bit string is
//     handed to FF1 as the number it spells (fpe.EncryptUint128), which is
//     the same thing without the conversion;
//  2. while the result is D or more it is enciphered again (cycle-walking),
//     which keeps it inside [0, D) and stays a permutation of [0, D). Since
//     2^n < 2D, this takes fewer than two FF1 calls on average;
//  3. the result is written back position by position, most significant
//     first, each in its own radix and case.
//
// The tweak of every FF1 call holds the detected type (US_SSN …) and the
// shape of the run (which positions are letters), so the same value gives
// the same token for the same type and key — in every row, column, file and
// run, which keeps joins working — while equal values of different types
// give unrelated tokens.
//
// A value of up to 26 positions (26^26 < 2^123) is one run: one FF1
// permutation over its whole domain, so an SSN, a card number, an IBAN or an
// ordinary email address is enciphered as a whole. A longer value is cut
// into k = ceil(n/26) runs of near-equal size (14 to 26 positions each, so
// every run has at least 10^14 values) that are chained in two passes: left
// to right, each run's tweak also holding the enciphered value of the run
// before it; then right to left, each run's tweak holding the run after it
// as enciphered in this pass. After the first pass the last run depends on
// the whole value; after the second, every run does, so changing any
// character changes the whole token. Detokenize undoes the second pass, then
// the first.
//
// Separators never enter the computation, so 123-45-6789 and 123456789 give
// tokens with the same digits; case does not either, so Alice and alice give
// tokens that differ only in case.
//
// # Too short to tokenize
//
// FF1 is not safe on small domains (SP 800-38G Rev. 1 requires at least
// 10^6 values), and a value with fewer than 10^6 possible contents (five
// digits, "12-34", "10.0.0.1") cannot be tokenized at all: Tokenize returns
// ErrTooShort and writes nothing. The caller must then redact the value and
// count it (fail closed) — never pass it through or encipher it some other
// way.
//
// # Security caveats
//
//   - Deterministic by design: equal values of one type under one key give
//     equal tokens, so tokens reveal equality and frequencies (the most common
//     token in a column is the most common value).
//   - The format is revealed: length, where separators and non-ASCII bytes
//     are, which positions are letters or digits, and letter case. Non-ASCII
//     characters are not enciphered at all (a name like "José" keeps its
//     "é").
//   - Short values sit near FF1's minimum domain; a value of 6 digits has
//     only a million possible tokens, and anyone who can have chosen values
//     tokenized can build a dictionary. Use hash or encrypt where that
//     matters.
//   - No integrity: any string of the right shape detokenizes to some value.
//   - The chained construction for values longer than 26 positions is this
//     package's own composition of FF1 calls, not a standardised wide-block
//     mode; each FF1 call is standard, and the chaining gives full
//     diffusion, but it has no security proof of its own.
//   - Not constant-time: the number of cycle-walking rounds depends on the
//     value (an attacker who can time single calls learns a little about it).
//   - Tokens keep digits as digits but do not keep checksums or validity: a
//     tokenized card number fails Luhn, a tokenized date may read month 47.
//
// # What this package must never do
//
// Never log, print or put into an error any value, token, tweak or key;
// errors are fixed sentinels. It does no I/O and keeps nothing between calls
// (per-call state lives on the stack; the tweak buffer, which can hold a
// neighbouring run's value, is cleared). Never encipher a value that is too
// short by any other means.
//
// # Cost
//
// A single run costs on average fewer than two FF1 calls (2^n/D of them: 1.07
// for an SSN, 1.8 for a 16-digit card), each about 0.3 µs, AES block
// encryptions most of it; averaged over values, an SSN takes about 0.35 µs
// and a card number 0.65 µs on a 2.6 GHz Xeon. A chained value costs about
// 2·k·1.5 calls. With a reused dst and up to 416 letters and digits,
// nothing is allocated.
package tokenize
