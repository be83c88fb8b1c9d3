package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// maxChunkBytes bounds the column chunk the reader holds in memory.
var maxChunkBytes int64 = 1 << 30

// Reader reads a Parquet file as Arrow record batches, row group by row
// group. It implements format.Reader; it is not safe for concurrent use.
type Reader struct {
	src  string
	opts veilfmt.ReadOptions
	in   *inputErr
	r    veilfmt.Sized
	size int64

	meta   *format.FileMetaData
	file   *pq.File
	cols   []*column
	apps   []appender
	schema *arrow.Schema

	builders []array.Builder
	rg       int          // next row group to open
	cur      []*colReader // the open row group's columns
	rgLeft   int64        // rows of the open row group not yet read
	rowBytes float64      // estimated Arrow bytes per row

	rows, skipped, fileRow int64
	bad                    []badValue
	err                    error
}

var _ veilfmt.Reader = (*Reader)(nil)

type badValue struct {
	row int // within the batch
	col int
}

// NewReader opens the Parquet file in r, which must have random access (a
// format.Sized). It reads the footer and checks the schema; row groups are
// read as Next asks for them.
func NewReader(r io.Reader, opts veilfmt.ReadOptions) (rd *Reader, err error) {
	opts = opts.WithDefaults()
	sz, ok := r.(veilfmt.Sized)
	if !ok {
		return nil, fmt.Errorf("%s: parquet needs random access: a file or an object with a known size", opts.Source)
	}
	rd = &Reader{src: opts.Source, opts: opts, in: &inputErr{}}
	rd.r = sizedInput{sz, rd.in}
	rd.size = sz.Size()
	defer func() {
		if p := recover(); p != nil {
			rd.release()
			rd, err = nil, rd.corrupt(fmt.Errorf("decoder panic: %v", p))
		}
	}()
	if err := rd.open(); err != nil {
		rd.release()
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) corrupt(err error) error {
	if rd.in.err != nil {
		return fmt.Errorf("%s: %w", rd.src, rd.in.err)
	}
	return fmt.Errorf("%s: %w: parquet: %w", rd.src, veilfmt.ErrCorrupt, err)
}

func (rd *Reader) open() error {
	size := rd.size
	if size < 12 {
		return rd.corrupt(errors.New("file too short"))
	}
	var head [4]byte
	if _, err := rd.r.ReadAt(head[:], 0); err != nil {
		return rd.corrupt(err)
	}
	var tail [8]byte
	if _, err := rd.r.ReadAt(tail[:], size-8); err != nil {
		return rd.corrupt(err)
	}
	if string(tail[4:]) == "PARE" {
		return fmt.Errorf("%s: %w: encrypted Parquet files", rd.src, ErrUnsupported)
	}
	if string(head[:]) != "PAR1" || string(tail[4:]) != "PAR1" {
		return rd.corrupt(errors.New("not a Parquet file (magic bytes missing)"))
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n <= 0 || n > size-12 || n > maxFooter {
		return rd.corrupt(fmt.Errorf("invalid footer length %d", n))
	}
	footer := make([]byte, n+8)
	if _, err := rd.r.ReadAt(footer, size-8-n); err != nil {
		return rd.corrupt(err)
	}
	if err := checkFooter(footer[:n]); err != nil {
		return rd.corrupt(err)
	}
	f, err := pq.OpenFile(&tailCached{ReaderAt: rd.r, off: size - 8 - n, b: footer}, size,
		pq.SkipPageIndex(true), pq.SkipBloomFilters(true), pq.ReadBufferSize(64<<10))
	if err != nil {
		return rd.corrupt(err)
	}
	rd.file = f
	rd.meta = f.Metadata()
	root, leaves, err := buildTree(rd.meta.Schema)
	if err != nil {
		return rd.corrupt(err)
	}
	if rd.cols, err = planColumns(root, leaves); err != nil {
		if errors.Is(err, ErrUnsupported) {
			return fmt.Errorf("%s: %w", rd.src, err)
		}
		return rd.corrupt(err)
	}
	if err := rd.checkFile(); err != nil {
		return rd.corrupt(err)
	}
	if rd.schema, err = arrowSchema(root, rd.cols, rd.meta.KeyValueMetadata); err != nil {
		return rd.corrupt(err)
	}
	rd.apps = make([]appender, len(rd.cols))
	rd.builders = make([]array.Builder, len(rd.cols))
	for i, c := range rd.cols {
		if rd.apps[i], err = newAppender(c.lt, c.value); err != nil {
			return fmt.Errorf("%s: column %q: %w", rd.src, c.name, err)
		}
		rd.builders[i] = array.NewBuilder(rd.opts.Allocator, c.field.Type)
	}
	return nil
}

// checkFile checks that parquet-go's view of the columns agrees with the
// schema and that every row group has a chunk per column.
func (rd *Reader) checkFile() error {
	var leaves []*pq.Column
	var walk func(c *pq.Column)
	walk = func(c *pq.Column) {
		if c.Leaf() {
			leaves = append(leaves, c)
		}
		for _, k := range c.Columns() {
			walk(k)
		}
	}
	walk(rd.file.Root())
	if len(leaves) != len(rd.cols) {
		return fmt.Errorf("%w: %d leaf columns, expected %d", errBadSchema, len(leaves), len(rd.cols))
	}
	for i, c := range rd.cols {
		if c.lt.logical == lNull {
			continue
		}
		t := leaves[i].Type()
		if t.Kind() != pq.Kind(c.lt.phys) || (c.lt.phys == format.FixedLenByteArray && t.Length() != c.lt.length) {
			return fmt.Errorf("%w: column %q: type %s does not match %s", errBadSchema, c.name, t, c.lt)
		}
		if leaves[i].MaxDefinitionLevel() != c.maxDef || leaves[i].MaxRepetitionLevel() != c.maxRep {
			return fmt.Errorf("%w: column %q: levels do not match the schema", errBadSchema, c.name)
		}
	}
	if len(rd.file.RowGroups()) != len(rd.meta.RowGroups) {
		return errors.New("row groups do not match the metadata")
	}
	for i, g := range rd.meta.RowGroups {
		if len(g.Columns) != len(rd.cols) || len(rd.file.RowGroups()[i].ColumnChunks()) != len(rd.cols) {
			return fmt.Errorf("row group %d has %d column chunks for %d columns", i, len(g.Columns), len(rd.cols))
		}
		if g.NumRows < 0 {
			return fmt.Errorf("row group %d has a negative row count", i)
		}
	}
	return nil
}

// Schema returns the Arrow schema of the file (see the package doc for how
// Parquet types map to Arrow types).
func (rd *Reader) Schema() *arrow.Schema { return rd.schema }

// Rows is how many rows Next has returned so far.
func (rd *Reader) Rows() int64 { return rd.rows }

// Skipped is how many rows were left out under SkipBadRows.
func (rd *Reader) Skipped() int64 { return rd.skipped }

// Next returns the next batch of at most BatchRows rows (fewer when
// BatchBytes would be exceeded), which the caller must Release, or io.EOF
// after the last one.
func (rd *Reader) Next() (rec arrow.RecordBatch, err error) {
	if rd.err != nil {
		return nil, rd.err
	}
	defer func() {
		if p := recover(); p != nil {
			if rec != nil {
				rec.Release()
			}
			rec, err = nil, rd.corrupt(fmt.Errorf("decoder panic: %v", p))
		}
		if err != nil {
			rd.err = err
		}
	}()
	for {
		for rd.rgLeft == 0 {
			if err := rd.openRowGroup(); err != nil {
				return nil, err
			}
		}
		n := rd.batchRows()
		if err := rd.readColumns(n); err != nil {
			return nil, err
		}
		rd.rgLeft -= int64(n)
		cols := make([]arrow.Array, len(rd.builders))
		for i, b := range rd.builders {
			cols[i] = b.NewArray()
		}
		first := rd.fileRow
		rd.fileRow += int64(n)
		if len(rd.bad) > 0 {
			if !rd.opts.SkipBadRows {
				releaseAll(cols)
				b := slices.MinFunc(rd.bad, func(a, b badValue) int { return a.row - b.row })
				return nil, &veilfmt.RowError{Source: rd.src, Row: first + int64(b.row) + 1, Column: rd.cols[b.col].name, Err: ErrInvalidUTF8}
			}
			var dropped int
			cols, dropped, err = dropRows(cols, n, rd.bad, rd.opts.Allocator)
			if err != nil {
				return nil, err
			}
			rd.skipped += int64(dropped)
			n -= dropped
		}
		if n == 0 {
			releaseAll(cols)
			continue
		}
		rec = array.NewRecordBatch(rd.schema, cols, int64(n))
		releaseAll(cols)
		rd.rows += int64(n)
		return rec, nil
	}
}

// readColumns reads n rows of every column into the builders. Columns are
// independent, so they are shared out among up to GOMAXPROCS goroutines.
func (rd *Reader) readColumns(n int) error {
	rd.bad = rd.bad[:0]
	workers := min(runtime.GOMAXPROCS(0), len(rd.cur))
	if workers <= 1 || n < 256 {
		return rd.readCols(n, 0, 1, &rd.bad)
	}
	errs := make([]error, workers)
	bads := make([][]badValue, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[w] = rd.corrupt(fmt.Errorf("decoder panic: %v", p))
				}
			}()
			errs[w] = rd.readCols(n, w, workers, &bads[w])
		}()
	}
	wg.Wait()
	for _, b := range bads {
		rd.bad = append(rd.bad, b...)
	}
	return firstErr(errs)
}

// readCols reads the columns whose index is w modulo step.
func (rd *Reader) readCols(n, w, step int, bad *[]badValue) error {
	for i := w; i < len(rd.cur); i += step {
		if err := rd.cur[i].read(n, rd.builders[i], rd.apps[i], func(row int) {
			*bad = append(*bad, badValue{row: row, col: i})
		}); err != nil {
			return rd.columnErr(i, err)
		}
	}
	return nil
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func releaseAll(cols []arrow.Array) {
	for _, c := range cols {
		if c != nil {
			c.Release()
		}
	}
}

func (rd *Reader) columnErr(i int, err error) error {
	if errors.Is(err, ErrUnsupported) {
		return fmt.Errorf("%s: column %q: %w", rd.src, rd.cols[i].name, err)
	}
	return rd.corrupt(fmt.Errorf("row group %d, column %q: %w", rd.rg-1, rd.cols[i].name, err))
}

// batchRows is the size of the next batch: BatchRows, or fewer when the
// row group's uncompressed size per row says the batch would exceed
// BatchBytes.
func (rd *Reader) batchRows() int {
	n := int64(rd.opts.BatchRows)
	if rd.rowBytes > 0 {
		n = min(n, max(1, int64(float64(rd.opts.BatchBytes)/rd.rowBytes)))
	}
	return int(min(n, rd.rgLeft))
}

// openRowGroup closes the current row group and opens the next, reading
// and checking each column chunk. It returns io.EOF after the last.
func (rd *Reader) openRowGroup() error {
	rd.closeRowGroup()
	if rd.rg >= len(rd.meta.RowGroups) {
		return io.EOF
	}
	i := rd.rg
	rd.rg++
	g := &rd.meta.RowGroups[i]
	if g.NumRows == 0 {
		return nil
	}
	rd.rgLeft = g.NumRows
	rd.rowBytes = 0
	if g.TotalByteSize > 0 {
		rd.rowBytes = float64(g.TotalByteSize) / float64(g.NumRows)
	}
	chunks := rd.file.RowGroups()[i].ColumnChunks()
	rd.cur = make([]*colReader, len(rd.cols))
	for j, c := range rd.cols {
		cr, err := rd.openChunk(c, &g.Columns[j], chunks[j], g.NumRows)
		if err != nil {
			return rd.corrupt(fmt.Errorf("row group %d, column %q: %w", i, c.name, err))
		}
		rd.cur[j] = cr
	}
	return nil
}

func (rd *Reader) openChunk(c *column, cc *format.ColumnChunk, chunk pq.ColumnChunk, rows int64) (*colReader, error) {
	md := &cc.MetaData
	start := md.DataPageOffset
	if md.DictionaryPageOffset != 0 {
		start = md.DictionaryPageOffset
	}
	n := md.TotalCompressedSize
	if start < 4 || n < 0 || start > rd.size || n > rd.size-start {
		return nil, errors.New("column chunk lies outside the file")
	}
	if n > maxChunkBytes {
		return nil, fmt.Errorf("column chunk of %d bytes exceeds the limit of %d", n, maxChunkBytes)
	}
	if cc.FilePath != "" {
		return nil, fmt.Errorf("%w: column chunk in another file", ErrUnsupported)
	}
	buf := make([]byte, n)
	if _, err := rd.r.ReadAt(buf, start); err != nil {
		return nil, err
	}
	values, err := checkChunk(buf, md.Codec)
	if err != nil {
		return nil, err
	}
	if values < rows {
		// A column holds at least a value (or null) per row.
		return nil, fmt.Errorf("%w: %d values for %d rows", errShortChunk, values, rows)
	}
	fc, ok := chunk.(*pq.FileColumnChunk)
	if !ok {
		return nil, errors.New("unexpected column chunk type")
	}
	return &colReader{c: c, pages: fc.PagesFrom(&chunkReaderAt{base: start, b: buf})}, nil
}

func (rd *Reader) closeRowGroup() {
	for _, cr := range rd.cur {
		if cr != nil {
			cr.close()
		}
	}
	rd.cur = nil
	rd.rgLeft = 0
}

// Close releases the reader's buffers; it does not close the input.
func (rd *Reader) Close() error {
	rd.release()
	if rd.err == nil {
		rd.err = errors.New("parquet: reader closed")
	}
	return nil
}

func (rd *Reader) release() {
	rd.closeRowGroup()
	for i, b := range rd.builders {
		if b != nil {
			b.Release()
			rd.builders[i] = nil
		}
	}
}

// dropRows removes the rows named in bad from every column.
func dropRows(cols []arrow.Array, n int, bad []badValue, mem memory.Allocator) ([]arrow.Array, int, error) {
	drop := make([]bool, n)
	for _, b := range bad {
		drop[b.row] = true
	}
	var keep [][2]int64
	for i := 0; i < n; {
		if drop[i] {
			i++
			continue
		}
		j := i
		for j < n && !drop[j] {
			j++
		}
		keep = append(keep, [2]int64{int64(i), int64(j)})
		i = j
	}
	dropped := 0
	for _, d := range drop {
		if d {
			dropped++
		}
	}
	out := make([]arrow.Array, len(cols))
	for c, a := range cols {
		parts := make([]arrow.Array, len(keep))
		for k, r := range keep {
			parts[k] = array.NewSlice(a, r[0], r[1])
		}
		var err error
		if len(parts) == 0 {
			out[c] = array.MakeArrayOfNull(mem, a.DataType(), 0)
		} else {
			out[c], err = array.Concatenate(parts, mem)
		}
		releaseAll(parts)
		if err != nil {
			releaseAll(out)
			releaseAll(cols)
			return nil, 0, err
		}
	}
	releaseAll(cols)
	return out, dropped, nil
}

// colReader reads the pages of one column chunk into a builder.
type colReader struct {
	c     *column
	pages *pq.FilePages
	page  pq.Page
	defs  []byte
	reps  []byte
	nlev  int // levels in the page
	lpos  int // next level
	vpos  int // next dense value
	vals  pageVals
}

func (cr *colReader) close() {
	if cr.page != nil {
		pq.Release(cr.page)
		cr.page = nil
	}
	if cr.pages != nil {
		_ = cr.pages.Close()
		cr.pages = nil
	}
}

// next loads the next page, or returns io.EOF at the end of the chunk.
func (cr *colReader) next() error {
	if cr.page != nil {
		pq.Release(cr.page)
		cr.page = nil
	}
	p, err := cr.pages.ReadPage()
	if err != nil {
		return err
	}
	cr.page = p
	c := cr.c
	n := int(p.NumValues())
	cr.nlev, cr.lpos, cr.vpos = n, 0, 0
	cr.defs, cr.reps = nil, nil
	dense := n
	if c.maxDef > 0 {
		cr.defs = p.DefinitionLevels()
		if len(cr.defs) != n {
			return fmt.Errorf("%w: definition levels missing", errCorruptPage)
		}
		dense = 0
		max := byte(c.maxDef)
		for _, d := range cr.defs {
			if d > max {
				return fmt.Errorf("%w: definition level above the maximum", errCorruptPage)
			}
			if d == max {
				dense++
			}
		}
	}
	if c.maxRep > 0 {
		cr.reps = p.RepetitionLevels()
		if len(cr.reps) != n {
			return fmt.Errorf("%w: repetition levels missing", errCorruptPage)
		}
		for _, r := range cr.reps {
			if r > byte(c.maxRep) {
				return fmt.Errorf("%w: repetition level above the maximum", errCorruptPage)
			}
		}
	}
	if c.lt.logical == lNull {
		cr.vals = pageVals{scratch: cr.vals.scratch}
		return nil
	}
	return cr.vals.load(p, c.lt, dense)
}

// appendRun appends dense values [i, j), which belong to consecutive rows
// starting at row; a value that is not valid for the column is replaced by
// a null and reported.
func (cr *colReader) appendRun(b array.Builder, app appender, i, j, row int, bad func(int)) error {
	for i < j {
		k, err := app(b, &cr.vals, i, j)
		if err != nil {
			return err
		}
		if k < 0 {
			return nil
		}
		bad(row + k - i)
		b.AppendNull()
		row += k + 1 - i
		i = k + 1
	}
	return nil
}

var errShortChunk = fmt.Errorf("%w: column chunk ends before its row group", errCorruptPage)

// read appends n rows to b.
func (cr *colReader) read(n int, b array.Builder, app appender, bad func(int)) error {
	if cr.c.repeated() {
		return cr.readRepeated(n, b.(*array.ListBuilder), app, bad)
	}
	maxDef := byte(cr.c.maxDef)
	for row := 0; row < n; {
		if cr.lpos >= cr.nlev {
			if err := cr.next(); err != nil {
				if err == io.EOF {
					return errShortChunk
				}
				return err
			}
			continue
		}
		take := min(n-row, cr.nlev-cr.lpos)
		switch {
		case app == nil:
			b.AppendNulls(take)
		case maxDef == 0:
			if cr.vpos+take > cr.vals.n {
				return errCorruptPage
			}
			if err := cr.appendRun(b, app, cr.vpos, cr.vpos+take, row, bad); err != nil {
				return err
			}
			cr.vpos += take
		default:
			defs := cr.defs[cr.lpos : cr.lpos+take]
			for k := 0; k < len(defs); {
				s := k
				if defs[k] == maxDef {
					for k < len(defs) && defs[k] == maxDef {
						k++
					}
					if err := cr.appendRun(b, app, cr.vpos, cr.vpos+k-s, row+s, bad); err != nil {
						return err
					}
					cr.vpos += k - s
				} else {
					for k < len(defs) && defs[k] != maxDef {
						k++
					}
					b.AppendNulls(k - s)
				}
			}
		}
		cr.lpos += take
		row += take
	}
	return nil
}

// readRepeated appends n rows of a repeated column, each a list of the
// leaf values in the row (see the package doc).
func (cr *colReader) readRepeated(n int, lb *array.ListBuilder, app appender, bad func(int)) error {
	vb := lb.ValueBuilder()
	c := cr.c
	maxDef, nullDef, elemDef := byte(c.maxDef), byte(c.nullDef), byte(c.elemDef)
	started := 0
	for {
		if cr.lpos >= cr.nlev {
			if err := cr.next(); err != nil {
				if err == io.EOF {
					if started == n {
						return nil
					}
					return errShortChunk
				}
				return err
			}
			continue
		}
		rep, def := cr.reps[cr.lpos], cr.defs[cr.lpos]
		if rep == 0 {
			if started == n {
				return nil // the next row belongs to the next batch
			}
			started++
			if def < nullDef {
				lb.AppendNull()
				cr.lpos++
				continue
			}
			lb.Append(true)
		} else if started == 0 {
			return fmt.Errorf("%w: a row continues from before its batch", errCorruptPage)
		}
		if def >= elemDef {
			switch {
			case def < maxDef || app == nil:
				vb.AppendNull()
			default:
				if cr.vpos >= cr.vals.n {
					return errCorruptPage
				}
				if err := cr.appendRun(vb, app, cr.vpos, cr.vpos+1, started-1, bad); err != nil {
					return err
				}
				cr.vpos++
			}
		}
		cr.lpos++
	}
}

// chunkReaderAt serves a column chunk held in memory at its file offsets.
type chunkReaderAt struct {
	base int64
	b    []byte
}

func (c *chunkReaderAt) ReadAt(p []byte, off int64) (int, error) {
	off -= c.base
	if off < 0 || off > int64(len(c.b)) {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, c.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// tailCached serves the end of the file (footer) from memory.
type tailCached struct {
	io.ReaderAt
	off int64
	b   []byte
}

func (t *tailCached) ReadAt(p []byte, off int64) (int, error) {
	if off >= t.off && off+int64(len(p)) <= t.off+int64(len(t.b)) {
		return copy(p, t.b[off-t.off:]), nil
	}
	return t.ReaderAt.ReadAt(p, off)
}

// inputErr remembers the first error of the underlying input other than
// its end, so that an I/O failure is not reported as a corrupt file.
type inputErr struct{ err error }

func (e *inputErr) note(err error) {
	if err != nil && e.err == nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		e.err = err
	}
}

type sizedInput struct {
	veilfmt.Sized
	in *inputErr
}

func (s sizedInput) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.Sized.ReadAt(p, off)
	if n == len(p) && errors.Is(err, io.EOF) {
		err = nil // a read that ends exactly at the end of the input
	}
	s.in.note(err)
	return n, err
}
