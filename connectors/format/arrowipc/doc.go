// Package arrowipc reads and writes the Arrow IPC formats, the "arrow"
// format of Veil's connectors.
//
// It owns both IPC layouts: the file format (magic "ARROW1", footer, random
// access) and the stream format (a sequence of messages ending with an
// end-of-stream marker). A Reader tells them apart by the magic bytes at the
// start of its input. Batches are read in order either way: a file embeds
// a complete stream between its magic and its footer, which is what the
// reader decodes. With random access (format.Sized) the footer is checked
// too and bounds the stream; without it (a pipe, a network stream) a file
// is read front to back and its footer never reached. Writers produce the
// file format unless the Opener was made WithStream; WriteOptions.
// Compression selects IPC body compression (zstd or lz4; none by default).
//
// Schemas pass through exactly: field names, order, types, nullability and
// field and schema metadata, including dictionary-encoded and nested types.
// Batches from the input are handed on unchanged, except that one longer
// than ReadOptions.BatchRows is handed on as zero-copy slices of at most
// that many rows; empty batches are skipped.
//
// Arrow IPC files are untrusted input, and arrow-go's decoder trusts the
// counts and sizes inside them: a few corrupt bytes could make it allocate
// without bound (which kills the process) or recurse forever. Before the
// decoder sees a message, the reader checks its flatbuffer (fbverify.go):
// offsets inside the buffer, schema nesting and field counts bounded,
// batch buffers inside the message body, batch lengths that the body can
// hold, compressed buffers that do not expand beyond a limit; message
// bodies are read as their bytes arrive rather than allocated up front.
// Every decoded batch is then checked (validate.go): each buffer is large
// enough for the lengths and offsets that address it, dictionary indexes
// are in range, so reading any value of a batch that was handed out stays
// in bounds. A malformed input (not Arrow IPC, truncated, inconsistent) is
// reported with an error that wraps format.ErrCorrupt and names the
// source; an error of the underlying input is returned as itself. Panics
// inside the decoder are recovered and reported as corrupt input, and the
// memory of the batch being decoded is returned to the allocator
// (alloc.go), so corrupt input leaks nothing. The values of top-level
// string columns (utf8, large_utf8, utf8_view) are checked to be UTF-8, as
// the CSV and Parquet readers check theirs: a bad value gives a
// *format.RowError wrapping ErrInvalidUTF8, with the 1-based row and the
// column; it fails the input even under SkipBadRows, since no bad batch is
// split into good and bad rows (Skipped is always zero). The check reads
// each batch's string bytes once (utf8.Valid over them all) and looks for
// the row only when they are not valid. The package never logs, and its
// errors never hold values from the data.
package arrowipc
