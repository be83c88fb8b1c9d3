// Package masking owns how Veil rewrites a sensitive value: the Masker and
// Unmasker interfaces, the Method vocabulary of the policy's actions, and New,
// which builds a Masker from a policy action and a keyset.
//
// # Layout
//
// Each method lives in its own package, which knows nothing of this one:
//
//	masking/redact    redact (fixed text) and partial (keep first/last characters)
//	masking/hash      keyed HMAC-SHA256 digest, truncated hex
//	masking/tokenize  deterministic format-preserving tokens (FF1), reversible
//	masking/encrypt   deterministic AES-SIV, text-encoded, reversible
//	masking/fpe       the FF1 cipher tokenize is built on
//	masking/keys      the keyset, its file, and the Provider seam for KMS
//
// This package adapts them to Masker. keep, drop and null are structural:
// the pipeline applies them (copy the value, remove the column, write null),
// so New refuses them with ErrStructural and Method says which they are.
//
// # Free text
//
// In a free-text column the pipeline calls Mask on each detected span, with
// that span's type, and keeps the text around it. Unmask can reverse
// encrypt's spans there (encrypt.Index finds its self-describing tokens),
// but not tokenize's: a format-preserving token looks like data and carries
// no marker, so tokenize is reversed only in whole columns whose type the
// manifest records.
//
// # Contract of every Masker
//
//   - CPU only: no I/O, no network, no logging. Keys come from a
//     keys.Provider once per job, before the first value, and are expanded
//     in New; nothing is fetched per value.
//   - Append-style: Mask appends to dst and returns the extended slice; with
//     a reused dst of sufficient capacity redact, partial, hash and tokenize
//     do not allocate (encrypt allocates inside Tink).
//   - Safe for concurrent use by every worker.
//   - Deterministic: the same value of the same Column.Type under the same
//     keyset gives the same output in every row, column, file and run, which
//     keeps joins working; Column.Name never affects the output.
//   - Fail closed: on error Mask returns dst unchanged and the value must not
//     be written. The caller redacts it instead and counts it (MaskOrRedact
//     does exactly that); tokenize's ErrTooShort is the common case.
//   - Never leak: no value, output or key appears in an error, a String, or
//     a log. Errors are sentinels the caller wraps with the location (file,
//     row, column), never with the value.
package masking
