// Package policy reads and checks Veil's policy file, the one YAML file that
// says what to detect and how to mask it (scanner.PolicyOptions turns it
// into scanner options).
//
// It owns the file format: its schema, its defaults, its checks, and its
// canonical rendering (Digest). It checks a whole file before anything runs
// and reports every problem at once, each with its line, column and path, so
// `veil policy lint` can print them all. It never reads data, never logs, and
// never returns a partly valid policy: a file with any problem gives a nil
// *Policy and a *LintError. It imports no other Veil package but
// detectors, so the scanner and masking can both import it.
//
// This comment is the reference for the file format.
//
// # An example
//
//	version: 1
//	detection:
//	  min_confidence: LIKELY
//	  drop_examples: true
//	  disabled: [US_PASSPORT]
//	  allow:
//	    values: ["jane@example.com"]
//	    patterns: ['.*@example\.com']
//	  custom:
//	    - id: EMPLOYEE_ID
//	      pattern: 'EMP-\d{6}'
//	      keywords: [employee, emp id]
//	      max_distance: 50
//	      ignore_words: [test]
//	      sensitivity: moderate
//	masking:
//	  default_action: tokenize
//	  columns:
//	    - match: "notes*"
//	      action: partial
//	      keep_last: 4
//	  types:
//	    - type: EMAIL_ADDRESS
//	      action: hash
//
// testdata/policy/example.yaml in the repository is a complete, commented
// example that is checked by the tests.
//
// # General rules
//
// Every key is optional except version. A key left out takes the default
// given below; an empty section (`detection:` with nothing under it) is the
// same as leaving it out. Keys are lower_snake_case; an unknown or repeated
// key is an error (with a "did you mean" suggestion), because a misspelt
// rule that were silently ignored would leave data unmasked. Built-in type
// names are case-sensitive (US_SSN, not us_ssn).
//
// The file is a single YAML document (YAML 1.2 core schema: yes/no are
// strings, not booleans). Anchors and aliases may be used to repeat a list;
// merge keys (<<) may not. A file is at most 1 MiB.
//
// Regular expressions use Go's RE2 syntax (https://golang.org/s/re2syntax):
// no backreferences or lookaround, and matching time is linear in the input,
// so no pattern can stall a scan. Write them in single quotes in YAML so
// backslashes stay as written. They are case-sensitive unless they start
// with (?i).
//
// # version (required)
//
// The schema version, the number 1. A file of another version is rejected
// with no further checks. Within version 1 a file never changes meaning: a
// later Veil may add keys and actions, but never changes what a version 1
// key or default means. A file that uses a key a given Veil does not know is
// rejected by that Veil rather than half-applied.
//
// # detection
//
// What the scanner reports.
//
//   - min_confidence: the lowest confidence reported, one of VERY_UNLIKELY,
//     UNLIKELY, POSSIBLE, LIKELY, VERY_LIKELY (case-insensitive). Default
//     LIKELY: checksum-validated matches, distinctive formats, and formats
//     that need context when their context is present. UNLIKELY and lower
//     add matches found without the context they need (nine bare digits
//     with no "ssn" near, say).
//   - drop_examples: true or false, default false. Well-known example
//     values (issuer test card numbers such as 4111 1111 1111 1111, the AWS
//     documentation keys) are normally reported with an example flag; true
//     drops them instead.
//   - disabled: a list of built-in type names to switch off, such as
//     [US_PASSPORT, DATE_OF_BIRTH]. Each must be a built-in type, listed
//     once. (To remove a custom identifier, delete it.)
//   - allow: what is never reported, whatever its type.
//   - allow.values: a list of exact values, compared with the whole matched
//     text case-insensitively ("Jane@Example.com" allows
//     "jane@example.com").
//   - allow.patterns: a list of regular expressions. A match is allowed
//     when a pattern matches its whole text, as if the pattern were wrapped
//     in ^(?:...)$, so '.*@example\.com' allows every address at
//     example.com and nothing longer. A pattern that matches the empty text
//     (such as '\d*') is rejected: it would allow far more than intended.
//   - custom: a list of custom identifiers, reported like built-in types.
//
// Each custom identifier has:
//
//   - id (required): the type name used in reports, masking.types and
//     tokens. UPPER_SNAKE_CASE (A-Z, 0-9, single underscores, starting
//     with a letter), at most 64 characters, unique in the file, and not
//     the name of a built-in type.
//   - pattern (required): a non-empty regular expression. It is run over
//     the whole value; an empty match is never reported.
//   - keywords: a list of words or phrases. When given, a match is
//     reported only if one of them (case-insensitively, with _, -, . and
//     space treated alike; one of three letters or fewer only as a whole
//     word) ends at most max_distance bytes before it, or appears in the
//     column name or JSON path. A match with a keyword is reported
//     at VERY_LIKELY; without keywords, every match is reported at LIKELY.
//   - max_distance: 1 to 300 bytes, default 50. Only with keywords.
//   - ignore_words: a list of words; a match whose text contains one
//     (case-insensitively) is dropped.
//   - sensitivity: none, low, moderate or high; default moderate (the
//     level of ordinary PII; high is for SSNs, card numbers, credentials).
//
// # masking
//
// How `veil mask` rewrites what was found. For each column (or JSON path):
//
//  1. The first rule in masking.columns (in file order) whose match fits
//     the column name decides for the whole column, whatever was or was
//     not detected in it.
//  2. Otherwise, each type detected in the column uses its rule in
//     masking.types, and a type without a rule uses default_action, except
//     types of sensitivity none, which are reported but left alone. A
//     column holding free text is masked span by span, each span by its
//     type's action.
//
// Keys:
//
//   - default_action: an action name (default_action: tokenize) or an
//     action with parameters (default_action: {action: partial,
//     keep_last: 4}). Default tokenize.
//   - columns: a list of column rules, each a match key and an action. match
//     is a column name or a glob in path.Match syntax (* any run of
//     characters, ? one character, [a-z] a class, \ escapes), compared
//     case-insensitively with the whole name. Each match is listed once.
//   - types: a list of type rules, each a type key and an action. type is a
//     built-in type or the id of a custom identifier in this file, listed
//     once and not disabled.
//
// An action is written as an action key plus the parameters that action
// takes, side by side with match or type:
//
//	columns:
//	  - match: card_number
//	    action: partial
//	    keep_last: 4
//
// The actions:
//
//   - keep: leave the value as it is (to exempt a column).
//   - redact: replace the value with text. Optional text, default
//     "[{type}]"; {type} becomes the detected type (such as
//     [EMAIL_ADDRESS]), or REDACTED when a column rule applies to a value
//     nothing was detected in.
//   - partial: keep the first keep_first and last keep_last characters and
//     mask the rest. keep_first and keep_last are 0 to 1024, default 0; at
//     least one must be given.
//   - hash: replace the value with a one-way digest, the same for the same
//     value within a key, so hashed columns still join. Optional length:
//     the number of hex characters kept, 8 to 64, default 64.
//   - tokenize: replace the value with a deterministic token that the key
//     holder can map back.
//   - encrypt: replace the value with its encryption under the job's key.
//   - drop: remove the column (or field) from the output.
//   - null: write null (an empty field in CSV) instead of the value.
//
// A parameter given to an action that does not take it is an error.
//
// # Defaults
//
// With no policy file (Default), or for any key left out: every built-in
// type on, min_confidence LIKELY, example values reported, nothing allowed,
// no custom identifiers, no column or type rules, default_action tokenize.
//
// # Problems
//
// Parse and Load report, all at once: YAML syntax errors, a missing or
// unsupported version, unknown and repeated keys, values of the wrong kind,
// unknown enum values (confidence levels, sensitivities, actions), unknown
// or repeated type names, custom ids that are not UPPER_SNAKE_CASE, repeated
// or clash with a built-in type, empty or invalid regular expressions (with
// the regexp package's message), bad globs, numbers out of range, parameters
// given to the wrong action, and rules that can never apply (at most 1000
// problems, then a count of the rest). Each problem renders as
//
//	policy.yaml:12:16: detection.custom[0].pattern: invalid regular expression: missing closing ): `EMP-(\d{6}`
//
// # Digest
//
// Digest is "sha256:" and the SHA-256 of Canonical, a JSON rendering with
// every default filled in and sets sorted, so a manifest can record which
// policy a run used; reordering a set or spelling out a default does not
// change it.
package policy
