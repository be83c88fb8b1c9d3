// Package csv reads and writes CSV (RFC 4180) as Arrow record batches; it
// is the format.Opener named "csv", made by New.
//
// # Reading
//
// The first row is the header: it names the columns, each of which must be
// non-empty and unique (otherwise a *format.RowError for row 0 wrapping
// ErrHeader, naming the column's position). A UTF-8 byte order mark before
// it is dropped. Every column is Arrow utf8, declared nullable (as Arrow's
// own CSV reader does, so that masking a column to null needs no schema
// change) but never null: an empty field is the empty string, and values
// come back exactly as written — quotes removed and "" unescaped, line
// breaks inside quotes kept as written ("\r\n" stays "\r\n", where
// encoding/csv would make it "\n"). An empty input has no columns and no
// rows.
//
// The parsing rules are encoding/csv's (the delimiter and the optional
// comment character must be ASCII), and a differential fuzz test holds the
// two to the same records and errors. Blank lines are skipped. A malformed
// row — a bare or stray quote (ErrBareQuote, ErrQuote, both allowed with
// Options.LazyQuotes), a field count that differs from the header's
// (ErrFieldCount), a field that is not valid UTF-8 (ErrInvalidUTF8) — is a
// *format.RowError with its 1-based data row (the header is row 0), the
// column where known, and the input line; under ReadOptions.SkipBadRows it
// is left out and counted in Skipped instead. A row over
// Options.MaxRecordBytes fails the whole read (ErrRecordTooLong), as does a
// read error; a gzip or zstd input (recognised by its magic bytes and
// decompressed on the fly) that turns out to be broken fails with an error
// wrapping format.ErrCorrupt. After a failure every call to Next returns the
// same error.
//
// Memory does not grow with the input: the reader streams it through one
// buffer (large enough for the longest line) and builds at most one batch
// at a time: at most ReadOptions.BatchRows rows, cut after the row that
// brings its value bytes to ReadOptions.BatchBytes. Batch buffers come from
// ReadOptions.Allocator; the caller releases each batch.
//
// # Writing
//
// The writer puts the schema's field names on the header row, then one row
// per record row, leaving out columns whose field metadata has
// InternalMetadataKey (the JSON lines template). Fields are quoted only when they must be: when they hold
// the delimiter, a quote, "\r" or "\n"; when a row's first field starts
// with the comment character; when a one-column row is empty. utf8 columns
// are written as they are and other types by their natural text form (see
// AppendText); nulls are empty fields. Lines end in "\n". Reading the
// output with the same options gives back the same values.
//
// # What this package must never do
//
// It moves values; it never scans, masks, logs or prints them. Errors name
// the source, the row, the line and the column, never a value — not even a
// header name when it is the problem (a header-less file's first row is
// data).
package csv
