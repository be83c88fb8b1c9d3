// Package jsonl reads and writes JSON lines (one JSON object per line) as
// Arrow record batches; it is the format.Opener named "jsonl", made by New.
//
// # Columns are leaf paths
//
// Every leaf of a line's object — a string, number, boolean or null — is a
// value of the column named by its path:
//
//	{"user":{"email":"a@example.com"},"items":[{"sku":"X1"},{"sku":"X2"}]}
//	→ user.email, items[0].sku, items[1].sku
//
// Path grammar: object keys are joined with "." and array elements are
// "[i]", indices as they are in the line (so rows with longer arrays have
// more columns). A key that is empty, holds any of . [ ] " \ or a control
// character, or starts with "__veil_" (reserved for Veil's own columns) is
// written ["key"] instead: the key as a JSON string in brackets, with no
// dot before it. So {"a.b":{"":1}} gives ["a.b"][""] and every distinct
// path of keys gives a distinct name.
//
// Every column is Arrow utf8 holding the leaf's text: a string's decoded
// value, a number's literal exactly as written (1.50e3 stays 1.50e3), true
// or false. JSON null and a leaf the line lacks are both Arrow null.
//
// The schema is the union of the paths met so far, in the order first met.
// A reader's batches therefore differ in schema: each batch carries every
// column known when it was cut (earlier rows of a column first met midway
// are null), so a later batch's schema extends an earlier one's, field by
// field, in the same order. Reader.Schema is the schema of the last batch.
// Options.MaxColumns bounds the union.
//
// # A fixed schema
//
// Parquet, Arrow IPC and CSV writers take one schema, fixed when they are
// made. A caller that has read the input once (veil mask classifies it
// first) passes the schema that read ended with as Options.Schema, and the
// second read gives every batch exactly those columns, in that order, with
// nulls where a line lacks a path. Since every leaf is utf8 text whatever
// its JSON kind, a path that holds a number in one line and a string in
// another is one column in both reads; the template still records each
// row's kinds. The second read keeps and skips the same lines as the
// first. A leaf whose path the schema lacks (the input changed between the
// reads) fails the read with ErrNotInSchema, naming the source, the line
// and the path: a value is never dropped silently.
//
// # The template column
//
// Leaf columns alone lose the shape of a line: key order, empty objects
// and arrays, whether a leaf was a number, a string or a boolean. So the
// reader also returns, first, a utf8 column named TemplateColumn
// ("__veil_jsonl_template", field metadata "veil.internal": "template",
// see IsTemplate) holding each line's template: the line's structure with
// its keys as written and each leaf replaced by a letter for its kind
// (s string, n number, b boolean, z null), without whitespace:
//
//	{"user":{"email":s,"age":n},"tags":[s,s],"ok":b,"x":z,"e":{}}
//
// A template holds no leaf value, only keys and shape. It is structure,
// not data: stages must pass it through untouched — never scan, mask or
// drop it — when the output is JSON lines, and should leave it out (or
// open the reader with Options.OmitTemplate) when it is not.
//
// The writer fills each row's template with the row's values, looking each
// leaf's column up by the path the template gives it, so that a line read
// and written unchanged is the same JSON (same keys, key order, nesting and
// value types; whitespace and string escapes are normalised). A value goes
// back as its leaf's kind when it still reads as one — a number slot gets
// a number when the text is a valid JSON number (a tokenized card number
// stays a number; a redacted one becomes a string), a boolean slot true or
// false — and as a JSON string otherwise; a null value is null. If a leaf's
// column is missing from the record (dropped by masking), an object member
// is left out and an array element becomes null. Columns no template
// mentions are not written. A row with no template (another format's
// input, Options.OmitTemplate, a null template) is written as a flat object
// with one member per column, keyed by column name in schema order, typed
// by the column's Arrow type (strings, numbers, booleans, null; other types
// as their csv.AppendText text, lists and structs as JSON).
//
// # Bad input
//
// Blank lines (only whitespace) are skipped. A line that is not valid
// UTF-8, not valid JSON (RFC 8259, as strict as encoding/json), not an
// object, has a duplicate key, nests deeper than Options.MaxDepth or would
// pass Options.MaxColumns is a *format.RowError whose Row is the 1-based
// line number; under ReadOptions.SkipBadRows it is left out and counted in
// Skipped. A line over Options.MaxLineBytes, a read error, or a broken gzip
// or zstd stream (both decompressed transparently, recognised by their
// magic bytes; a broken one wraps format.ErrCorrupt) fails the read, and
// every later Next returns the same error. A UTF-8 byte order mark at the
// start is dropped. Lone UTF-16 surrogates in \u escapes become U+FFFD, as
// in encoding/json.
//
// Memory does not grow with the input: lines stream through one buffer
// (as long as the longest line), batches are bounded by
// ReadOptions.BatchRows and BatchBytes (which counts, besides the value
// bytes, the 4 bytes of offset every column takes per row, so that a wide,
// sparse union makes shorter batches), and their buffers come from
// ReadOptions.Allocator.
//
// # What this package must never do
//
// It moves values; it never scans, masks, logs or prints them. Errors name
// the source, the line, a byte offset and, for a duplicate key, the key's
// path; never a value.
package jsonl
