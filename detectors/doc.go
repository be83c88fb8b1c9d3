// Package detectors holds Veil's built-in identifier detectors and the small
// vocabulary they share with the scanning engine: match results, confidence
// levels, sensitivity, and the anchors that tell the engine where a detector
// can possibly start.
//
// A detector is pure CPU work over a byte slice. It never does I/O, never
// allocates on its hot path (MatchAt), never logs, and never keeps a matched
// value. Candidate finding (which positions to try) belongs to the engine in
// package scanner; deciding whether a candidate is a real identifier belongs
// here.
//
// A built-in detector registers itself by being in this package: each file
// calls register from an init function, and Builtins returns them all.
package detectors
