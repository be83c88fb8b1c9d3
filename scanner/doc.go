// Package scanner is Veil's detection engine. It finds every identifier the
// built-in detectors and a policy's custom identifiers describe in a value,
// together with the value's context (a column name or JSON path), and gives
// each match a confidence on the DLP likelihood scale.
//
// Speed comes from one pass over the bytes that stops only at anchors (digit
// runs, hex separators, '@'), plus SIMD-backed searches for a few literals;
// a detector runs only where its anchor says it can start, and only on a
// small window. FindReference is the slow, obviously-correct counterpart
// that tries every detector at every byte; a differential fuzz test holds
// the two to the same output.
//
// The scanner never logs, never returns matched values (only positions), and
// allocates nothing per value once the caller's dst slice has room.
package scanner
