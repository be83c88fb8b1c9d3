// Package keys owns Veil's masking keys: the keyset a masking job runs under,
// its file format, and the Provider seam through which a job obtains it.
//
// # One master key, one key per purpose
//
// A keyset holds one random 256-bit master key and derives every working key
// from it with HKDF-SHA256 (RFC 5869, crypto/hkdf), each under its own
// purpose label:
//
//	tokenize  32 bytes  AES-256 key for FF1 format-preserving tokens
//	hash      32 bytes  HMAC-SHA256 key for keyed digests
//	encrypt   64 bytes  AES-SIV key (two AES-256 keys) for deterministic encryption
//
// Deriving rather than storing three keys is deliberate: there is exactly one
// secret to protect, back up and wrap. An AWS KMS data key (GenerateDataKey
// with KeySpec AES_256) is exactly a 32-byte master, so a KMS-wrapped keyset
// file stores its CiphertextBlob in place of the master and unwraps it with
// one Decrypt call per job (see Provider and Wrapped). The labels are fixed
// for version 1; a key derived for one purpose is never usable for another,
// so, say, hash digests give nothing away about tokens.
//
// # Key id
//
// Every keyset has a key id, "vk_" and 20 base32 characters drawn at random
// when the keyset is generated, independent of the key material. It is safe
// to log and is what manifests record. It names the keyset; it is not a
// fingerprint and reveals nothing about the keys.
//
// # The file
//
// A keyset file is a small JSON object, written with permissions 0600:
//
//	{
//	  "format": "veil-keyset",
//	  "version": 1,
//	  "key_id": "vk_2m4xq7cdbzh3k5n6pwra",
//	  "created": "2026-03-01T12:00:00Z",
//	  "master_key": "<base64 of 32 random bytes>"
//	}
//
// A KMS-wrapped file has "wrapped" (provider, KMS key, ciphertext, encryption
// context) instead of "master_key"; Load refuses it with ErrWrapped, since
// unwrapping it is a KMS provider's job. Load also refuses a file that group
// or others may read or write (ErrPermissions): the master key unlocks every
// token ever made with it. Parse reads a keyset from bytes obtained some
// other way (a secret manager, say) and makes no permission check.
//
// # What this package must never do
//
//   - Never print, log or put into an error any key material. Keyset, File
//     and Wrapped render, under every fmt verb, through slog and through
//     encoding/json, as their key id and creation time only; errors about a
//     file name the file and the problem, never its contents (JSON syntax
//     errors are reported by offset, not by the offending character).
//   - Never fetch keys per value. A Provider is asked once per job, before
//     the first value; what it returns is cached and shared by every worker.
//   - No I/O besides reading and writing keyset files. Talking to a KMS
//     lives in its own provider package, the only one that imports the SDK.
package keys
