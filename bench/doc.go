// Package bench generates realistic, deterministic test data for Veil's
// benchmarks, recall tests and demo fixtures, and holds the engine
// benchmarks themselves.
//
// Three kinds of text are produced, each from a seed (the same seed always
// gives the same bytes) and a target size:
//
//   - LogText: an aggregated log stream from several services in several
//     formats (Spring Boot console lines, logfmt, logstash JSON, zap JSON,
//     Python logging, nginx access lines). About 2% of the lines hold an
//     identifier of a detected type, counting IP addresses; the rest are
//     ordinary lines, many of them holding hard negatives: order numbers
//     that pass Luhn without an issuer prefix, 9-digit ids without
//     context, package@version strings, four-part version and build
//     numbers that are not IP addresses, SNMP OIDs, UUIDs, hashes, IAM
//     unique ids that are not access keys, base64 JSON cursors that are not
//     JWTs, masked card numbers and IBANs with a wrong checksum.
//   - DenseText: support-ticket and CRM prose where most lines hold one or
//     more identifiers.
//   - Table and CSV: a customer table with one column per identifier type,
//     a few columns holding none, and a free-text notes column; TableColumns
//     gives the classification each column should receive.
//
// The *Planted variants also return where each identifier went (Plant), so
// tests can measure recall and precision. Every value the generator plants
// is valid by the rules in DETECTORS.md, and it takes care that nothing else
// in its output is: a value that needs a context keyword gets one right
// before it and is followed by enough neutral text that the keyword cannot
// reach anything else, hex strings never hold more than six decimal digits
// in a row, and the ordinary vocabulary avoids the context keywords.
//
// The benchmarks compare the scanner with a naive baseline in one run:
//
//	go test ./bench -run XXX -bench . -benchtime 2x
//
// BenchmarkFind scans about 4 MB of each text in 64 KB line-aligned blocks
// (see Blocks) on one goroutine; BenchmarkFindCells scans the table cell by
// cell with column context; BenchmarkNaiveRegexp runs one regular expression
// per type over the log text; BenchmarkGenerate measures the generators.
package bench
