package csv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/compress"
	"github.com/veil-data/veil/connectors/format"
)

// reader implements format.Reader for CSV.
type reader struct {
	opts   format.ReadOptions
	sp     splitter
	dec    io.ReadCloser // decompressor over the input
	kind   compress.Kind
	src    *compress.Tracker
	schema *arrow.Schema
	cols   []column

	dataRow  int64 // data rows met so far, bad ones included
	lastRows int   // rows in the last batch
	rows     int64 // good rows returned or left out by keep
	skipped  int64
	keep     func(row int64) bool // see SetKeep; nil keeps every row
	err      error                // sticky: io.EOF or a failure
}

var (
	_ format.Reader    = (*reader)(nil)
	_ format.RowFilter = (*reader)(nil)
)

// SetKeep makes Next leave out the good rows keep rejects; see
// format.RowFilter.
func (rd *reader) SetKeep(keep func(row int64) bool) bool {
	rd.keep = keep
	return true
}

// column builds one column of the batch being built, straight into buffers
// from the allocator that the batch then takes over.
type column struct {
	offBuf, dataBuf *memory.Buffer
	offs            []int32 // offBuf's memory; offs[n] is the end of row n-1
	data            []byte  // dataBuf's memory
	n, size         int     // rows and value bytes so far
	hint            int     // value bytes of the last batch, to reserve
}

// start makes buffers for a batch of about rows rows and, unless the last
// batch says better, first bytes of values.
func (c *column) start(mem memory.Allocator, rows, first int) {
	if c.hint == 0 {
		c.hint = first
	}
	c.offBuf = memory.NewResizableBuffer(mem)
	c.offBuf.Reserve((rows + 1) * arrow.Int32SizeBytes)
	c.offs = arrow.Int32Traits.CastFromBytes(c.offBuf.Buf())
	c.offs[0] = 0
	c.dataBuf = memory.NewResizableBuffer(mem)
	c.dataBuf.Reserve(max(c.hint+c.hint/8, 64))
	c.data = c.dataBuf.Buf()
	c.n, c.size = 0, 0
}

func (c *column) add(f []byte) {
	if c.size+len(f) > len(c.data) {
		c.dataBuf.Reserve(max(2*len(c.data), c.size+len(f)))
		c.data = c.dataBuf.Buf()
	}
	copy(c.data[c.size:], f)
	c.size += len(f)
	c.n++
	if c.n >= len(c.offs) {
		c.offBuf.Reserve(2 * len(c.offs) * arrow.Int32SizeBytes)
		c.offs = arrow.Int32Traits.CastFromBytes(c.offBuf.Buf())
	}
	c.offs[c.n] = int32(c.size)
}

// array hands the buffers to a new array and forgets them.
func (c *column) array() arrow.Array {
	c.offBuf.ResizeNoShrink((c.n + 1) * arrow.Int32SizeBytes)
	c.dataBuf.ResizeNoShrink(c.size)
	d := array.NewData(arrow.BinaryTypes.String, c.n, []*memory.Buffer{nil, c.offBuf, c.dataBuf}, nil, 0, 0)
	a := array.NewStringData(d)
	d.Release()
	c.hint = c.size
	c.release()
	return a
}

func (c *column) release() {
	if c.offBuf != nil {
		c.offBuf.Release()
		c.dataBuf.Release()
	}
	*c = column{hint: c.hint}
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

func newReader(r io.Reader, ro format.ReadOptions, co Options) (*reader, error) {
	if err := co.Validate(); err != nil {
		return nil, err
	}
	co = co.withDefaults()
	ro = ro.WithDefaults()
	if ro.BatchBytes > maxBatchBytes {
		ro.BatchBytes = maxBatchBytes
	}
	src := compress.NewTracker(r)
	dec, kind, err := compress.Open(src)
	if err != nil {
		if src.Passed(err) {
			return nil, fmt.Errorf("%s: %w", ro.Source, err)
		}
		return nil, fmt.Errorf("%s: %w: %w", ro.Source, format.ErrCorrupt, err)
	}
	rd := &reader{
		opts: ro,
		dec:  dec,
		kind: kind,
		src:  src,
		sp: splitter{
			rd:      dec,
			delim:   byte(co.Delimiter),
			quote:   byte(co.Quote),
			lazy:    co.LazyQuotes,
			max:     co.MaxRecordBytes,
			buf:     make([]byte, minBuffer),
			comment: byte(co.Comment),
		},
	}
	if err := rd.readHeader(); err != nil {
		dec.Close()
		return nil, err
	}
	return rd, nil
}

// readHeader reads row 0 and makes the schema. An empty input has no
// columns and no rows.
func (rd *reader) readHeader() error {
	// A UTF-8 byte order mark (Excel writes one) is not part of the header.
	for rd.sp.w < len(utf8BOM) && !rd.sp.eof && rd.sp.rerr == nil {
		rd.sp.fill()
	}
	if bytes.HasPrefix(rd.sp.buf[:rd.sp.w], utf8BOM) {
		rd.sp.r = len(utf8BOM)
	}
	fields, err := rd.sp.next()
	if err == io.EOF {
		rd.schema = arrow.NewSchema(nil, nil)
		rd.err = io.EOF
		return nil
	}
	if se := (*syntaxError)(nil); errors.As(err, &se) {
		return rd.rowError(0, "", fmt.Errorf("%w: line %d: %w", ErrHeader, se.Line, se.Err))
	}
	if err != nil {
		return rd.fatal(err, 0)
	}
	fs := make([]arrow.Field, len(fields))
	seen := make(map[string]int, len(fields))
	for i := range fields {
		f := rd.sp.field(i)
		switch {
		case !utf8.Valid(f):
			return rd.rowError(0, "", fmt.Errorf("%w: column %d: %w", ErrHeader, i+1, ErrInvalidUTF8))
		case len(f) == 0:
			return rd.rowError(0, "", fmt.Errorf("%w: column %d has an empty name", ErrHeader, i+1))
		}
		name := string(f)
		if j, dup := seen[name]; dup {
			return rd.rowError(0, "", fmt.Errorf("%w: column %d has the same name as column %d", ErrHeader, i+1, j+1))
		}
		seen[name] = i
		// Nullable like Arrow's own CSV reader, so that a null mask needs no
		// schema change; the reader itself never produces a null.
		fs[i] = arrow.Field{Name: name, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	rd.schema = arrow.NewSchema(fs, nil)
	rd.cols = make([]column, len(fs))
	return nil
}

func (rd *reader) rowError(row int64, col string, err error) error {
	return &format.RowError{Source: rd.opts.Source, Row: row, Column: col, Err: err}
}

// fatal wraps an error that ends the read: a too-long record, a read error
// or a broken compressed stream.
func (rd *reader) fatal(err error, row int64) error {
	var tl *errTooLong
	switch {
	case errors.As(err, &tl):
		return rd.rowError(row, "", err)
	case rd.kind != compress.None && !rd.src.Passed(err):
		return fmt.Errorf("%s: %w: %s stream: %w", rd.opts.Source, format.ErrCorrupt, rd.kind, err)
	}
	return fmt.Errorf("%s: %w", rd.opts.Source, err)
}

// Schema is the header's columns, every one utf8.
func (rd *reader) Schema() *arrow.Schema { return rd.schema }

// Rows is the number of good rows read so far: returned, or left out by
// keep.
func (rd *reader) Rows() int64 { return rd.rows }

// Skipped is the number of bad rows left out under SkipBadRows.
func (rd *reader) Skipped() int64 { return rd.skipped }

// Close releases the decompressor; it does not close the input.
func (rd *reader) Close() error {
	if rd.dec != nil {
		rd.dec.Close()
		rd.dec = nil
	}
	if rd.err == nil {
		rd.err = errors.New("csv: reader closed")
	}
	for i := range rd.cols {
		rd.cols[i].release()
	}
	rd.cols = nil
	rd.sp = splitter{}
	return nil
}

// Next returns the next batch of at most BatchRows rows, cut after the row
// that brings its value bytes to BatchBytes. After an error other than a
// skipped bad row, every later call returns the same error.
func (rd *reader) Next() (arrow.RecordBatch, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	ncols := len(rd.cols)
	n, size := 0, 0
	for n < rd.opts.BatchRows && size < rd.opts.BatchBytes {
		fields, err := rd.sp.next()
		if err == io.EOF {
			rd.err = io.EOF
			break
		}
		rd.dataRow++
		if err != nil {
			var se *syntaxError
			if !errors.As(err, &se) {
				return rd.fail(rd.fatal(err, rd.dataRow))
			}
			col := ""
			if se.Field < ncols {
				col = rd.schema.Field(se.Field).Name
			}
			if e := rd.bad(rd.rowError(rd.dataRow, col, err)); e != nil {
				return rd.fail(e)
			}
			continue
		}
		if len(fields) != ncols {
			e := fmt.Errorf("line %d: %w: %d, want %d", rd.sp.recLine, ErrFieldCount, len(fields), ncols)
			if e := rd.bad(rd.rowError(rd.dataRow, "", e)); e != nil {
				return rd.fail(e)
			}
			continue
		}
		if !rd.sp.valid {
			j := 0
			for j < ncols && utf8.Valid(rd.sp.field(j)) {
				j++
			}
			col := ""
			if j < ncols {
				col = rd.schema.Field(j).Name
			}
			e := fmt.Errorf("line %d: %w", rd.sp.recLine, ErrInvalidUTF8)
			if e := rd.bad(rd.rowError(rd.dataRow, col, e)); e != nil {
				return rd.fail(e)
			}
			continue
		}
		if rd.keep != nil && !rd.keep(rd.rows+int64(n)) {
			rd.rows++ // read and checked, left out
			continue
		}
		base := rd.sp.base
		if n == 0 {
			rd.startBatch(fields)
		}
		for j, sp := range fields {
			f := base[sp.start:sp.end]
			rd.cols[j].add(f)
			size += len(f)
		}
		n++
	}
	if n == 0 {
		return nil, rd.err
	}
	return rd.batch(n), nil
}

// startBatch makes the columns' buffers for a new batch, sized like the
// last one or, for the first, guessed from its first row.
func (rd *reader) startBatch(first []span) {
	rowBytes := 1
	for _, sp := range first {
		rowBytes += sp.end - sp.start
	}
	rows := rd.lastRows
	if rows == 0 {
		rows = min(rd.opts.BatchRows, max(rd.opts.BatchBytes/rowBytes, 1))
	}
	rows = min(rows, rd.opts.BatchRows)
	for i, sp := range first {
		rd.cols[i].start(rd.opts.Allocator, rows, min((sp.end-sp.start)*rows, rd.opts.BatchBytes))
	}
}

// bad counts a bad row under SkipBadRows, or returns its error.
func (rd *reader) bad(err error) error {
	if rd.opts.SkipBadRows {
		rd.skipped++
		return nil
	}
	return err
}

// fail drops the batch being built and makes err sticky.
func (rd *reader) fail(err error) (arrow.RecordBatch, error) {
	for i := range rd.cols {
		rd.cols[i].release()
	}
	rd.err = err
	return nil, err
}

// batch turns the gathered n rows into a record batch.
func (rd *reader) batch(n int) arrow.RecordBatch {
	arrs := make([]arrow.Array, len(rd.cols))
	for i := range rd.cols {
		arrs[i] = rd.cols[i].array()
	}
	rec := array.NewRecordBatch(rd.schema, arrs, int64(n))
	for _, a := range arrs {
		a.Release()
	}
	rd.rows += int64(n)
	rd.lastRows = n
	return rec
}
