// Package parquet reads and writes Parquet files as Arrow record batches,
// the "parquet" format of Veil's connectors, on top of
// github.com/parquet-go/parquet-go.
//
// It owns the mapping between Parquet schemas and Arrow schemas, the
// checks that make reading untrusted files safe, and the writer's layout
// choices. It never scans or masks, never logs, and its errors name the
// source, row group, column and row, never a value.
//
// # Types
//
// Reading maps each Parquet leaf type to its natural Arrow type; writing
// maps back, so that a Parquet-to-Parquet copy has the same schema:
//
//	Parquet (physical / logical)          Arrow
//	BOOLEAN                               bool
//	INT32, INT64 (plain or INT(32|64,true))  int32, int64
//	INT32 INT(8|16,true)                  int8, int16
//	INT32 INT(8|16|32,false)              uint8, uint16, uint32
//	INT64 INT(64,false)                   uint64
//	INT96                                 timestamp[ns] (legacy Impala/Spark timestamps)
//	FLOAT, DOUBLE                         float32, float64
//	FIXED_LEN_BYTE_ARRAY(2) FLOAT16       float16
//	BYTE_ARRAY STRING, ENUM, JSON         utf8
//	BYTE_ARRAY (none), BSON, GEOMETRY, GEOGRAPHY  binary
//	FIXED_LEN_BYTE_ARRAY(n) (none), INTERVAL  fixed_size_binary[n]
//	FIXED_LEN_BYTE_ARRAY(16) UUID         fixed_size_binary[16]
//	DECIMAL(p,s) on INT32, INT64, FLBA, BYTE_ARRAY  decimal128(p,s); decimal256 above 38 digits
//	INT32 DATE                            date32
//	INT32 TIME(MILLIS)                    time32[ms]
//	INT64 TIME(MICROS|NANOS)              time64[us|ns]
//	INT64 TIMESTAMP(unit, isAdjustedToUTC)  timestamp[unit, tz=UTC] when adjusted, no zone otherwise
//	NULL (UNKNOWN)                        null
//	legacy converted types (UTF8, DECIMAL, TIMESTAMP_MILLIS, UINT_8 ...)  as their logical types
//
// Where the Arrow type alone does not say which Parquet type a column had
// (ENUM and JSON strings, BSON, UUID, INT96, a DECIMAL's storage, TIME's
// isAdjustedToUTC, an INT(32,true) annotation), the Arrow field carries it
// in its metadata under MetaType, and the writer uses it when the field's
// Arrow type still matches; a column whose type masking changed gets the
// default type. Field ids travel as MetaFieldID ("PARQUET:field_id").
// Writing other Arrow types: large and view strings and binaries as
// BYTE_ARRAY, dictionaries as their values, date64 as DATE, time32[s] as
// TIME(MILLIS), timestamp[s] as TIMESTAMP(MILLIS) (any time zone counts as
// UTC-adjusted), decimal32/64 as DECIMAL, extension types uuid and json as
// UUID and JSON, others as their storage. Structs, maps, unions, nested
// lists, durations and intervals are not written (ErrUnsupported).
//
// # Nesting
//
// Veil's columns are flat. Groups become dotted column names: the leaf zip
// of the optional group address is the column "address.zip", nullable
// because a level above it is optional. The synthetic levels of LIST and
// MAP structures are left out of names, following the spec's
// backward-compatibility rules: "tags (LIST) { repeated group list {
// element } }" is the column "tags", a map m gives "m.key" and "m.value".
// Should leaving levels out make two names collide, those columns keep
// their full paths.
//
// A leaf under a repeated field is read as list<element: T>, one list per
// row holding every value of that leaf in the row, in order: a LIST or a
// bare repeated field is a list column, a map gives two parallel list
// columns, and a repeated group gives a list column per leaf. The list is
// null when a level above the first repeated field is null, empty when
// that field has no entries. Lists nested in lists are flattened into one
// list of their leaf values; empty and null inner lists leave no trace
// (nested Arrow types are not part of Veil's pipeline).
//
// A nested file's tree of groups, repetitions and annotations is kept in
// the Arrow schema's metadata (MetaSchema, JSON), and the writer rebuilds
// it when the columns still fit it (same names in the same order, at most
// one level of repetition per column, nulls only where the tree has an
// optional level), so a copy of a nested file has its schema; otherwise it
// writes one top-level column per Arrow field. A null written through a
// flattened column sets the deepest optional level above the value. The
// root's name is kept as MetaRoot. The file's key/value metadata becomes
// the Arrow schema's metadata and is written back to the footer, with
// WriteOptions.Metadata on top (pyarrow's ARROW:schema key is dropped: it
// would describe the input, not the output).
//
// # Reading
//
// The reader streams row group by row group. For each row group it reads
// every column chunk whole (one read per column, which suits object
// stores), checks it (below), and decodes batches of at most BatchRows
// rows, fewer when the row group's uncompressed size per row says a batch
// would pass BatchBytes; a batch never spans two row groups. Memory is one
// row group's compressed column chunks plus the batch being built. The
// columns of a batch are decoded in parallel, up to GOMAXPROCS at a time,
// into builders from ReadOptions.Allocator.
//
// Strings are checked to be UTF-8: a bad value gives a *format.RowError
// wrapping ErrInvalidUTF8 (with the 1-based row and the column), or, under
// SkipBadRows, its row is dropped and counted.
//
// Parquet files are untrusted input. parquet-go trusts the sizes and
// counts in a file's Thrift metadata and page headers, and allocates what
// they ask for; since a failed allocation of gigabytes kills the process
// rather than panicking, the reader checks the raw footer and every page
// header first (guard.go): well-formed Thrift, counts within the bytes
// present, page sizes and value counts within limits, the decompressed
// sizes that snappy and zstd data declare. Levels, dictionary indexes and
// offsets are checked against the page, decimals against their width. A
// file that fails any check, or that makes parquet-go panic (recovered),
// gives an error wrapping format.ErrCorrupt and naming the source; an
// error of the underlying input (a failed read) is returned as itself.
// Encrypted files and column chunks stored in other files give
// ErrUnsupported. (On some corrupt pages parquet-go itself prints a
// warning to standard error with column and value counts; no values.)
//
// # Writing
//
// The writer takes batches and writes row groups of
// WriteOptions.RowGroupRows rows (default DefaultRowGroupRows, and at most
// RowGroupBytes of Arrow data), so memory holds one row group's encoded
// pages however many rows are written. Compression is zstd at its fastest
// level by default (about 1.6 times faster than zstd's default level, for
// files about a fifth larger), or snappy or none (WriteOptions.Compression).
// Values are plain encoded in version 1 data pages of about PageBytes, the
// layout every reader supports; dictionary encoding is not used because
// parquet-go's costs a hash map insert per value, about doubling the
// writer's time on high-cardinality columns, while zstd recovers most of
// its size benefit. Column chunk statistics and the page index (min, max,
// null count) are written; page headers carry no duplicate statistics. The
// columns of a batch are encoded in parallel. A null in a column the
// Parquet schema declares required, or a decimal that does not fit its
// Parquet type, is an error naming the column.
package parquet
