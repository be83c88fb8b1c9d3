package jsonl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/veil-data/veil/connectors/compress"
	"github.com/veil-data/veil/connectors/format"
)

// maxCachedTemplates bounds the reader's and the writer's template caches;
// a full cache is emptied and refilled.
const maxCachedTemplates = 4096

// lineReader cuts its input into lines through one buffer that grows only
// for a line longer than it, up to max bytes.
type lineReader struct {
	rd   io.Reader
	buf  []byte
	r, w int
	scan int // buf[r:r+scan] holds no '\n'
	eof  bool
	rerr error
	max  int
	line int64 // lines read so far
}

// next returns the next line without its "\n", valid until the next call,
// or io.EOF, or a fatal error.
func (l *lineReader) next() ([]byte, error) {
	for {
		if i := bytes.IndexByte(l.buf[l.r+l.scan:l.w], '\n'); i >= 0 {
			end := l.r + l.scan + i
			line := l.buf[l.r:end]
			l.r, l.scan = end+1, 0
			l.line++
			if len(line) > l.max {
				return nil, l.tooLong()
			}
			return line, nil
		}
		l.scan = l.w - l.r
		if l.scan > l.max {
			l.line++
			return nil, l.tooLong()
		}
		if l.rerr != nil {
			return nil, l.rerr
		}
		if l.eof {
			if l.r == l.w {
				return nil, io.EOF
			}
			line := l.buf[l.r:l.w]
			l.r, l.scan = l.w, 0
			l.line++
			return line, nil
		}
		l.fill()
	}
}

func (l *lineReader) tooLong() error {
	return fmt.Errorf("%w: over %d bytes", ErrLineTooLong, l.max)
}

func (l *lineReader) fill() {
	if l.r > 0 {
		copy(l.buf, l.buf[l.r:l.w])
		l.w -= l.r
		l.r = 0
	}
	if l.w == len(l.buf) {
		nb := make([]byte, max(2*len(l.buf), 64))
		copy(nb, l.buf[:l.w])
		l.buf = nb
	}
	n, err := l.rd.Read(l.buf[l.w:])
	l.w += n
	switch {
	case err == io.EOF:
		l.eof = true
	case err != nil:
		l.rerr = err
	}
}

// reader implements format.Reader for JSON lines.
type reader struct {
	opts  format.ReadOptions
	jo    Options
	lines lineReader
	dec   io.ReadCloser
	kind  compress.Kind
	src   *compress.Tracker
	p     parser

	fields   []arrow.Field // every column so far: the template first, then leaves
	byPath   map[string]int
	cols     []column
	schema   *arrow.Schema
	tmplCol  int // index of the template column, or -1
	cache    map[string][]int
	seen     []uint32 // per column: the resolve pass that last met it
	pass     uint32
	fixed    bool   // Options.Schema: the columns are given, not learned
	met      []bool // fixed: per column, whether an accepted line had its path
	metLeafs int    // fixed: how many leaf columns are met
	pathBuf  []byte
	keyParse parser

	rows, skipped int64
	err           error // sticky
}

var _ format.Reader = (*reader)(nil)

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

func newReader(r io.Reader, ro format.ReadOptions, jo Options) (*reader, error) {
	if err := jo.Validate(); err != nil {
		return nil, err
	}
	jo = jo.withDefaults()
	ro = ro.WithDefaults()
	// Keep every column of a batch within int32 offsets, with room for one
	// line of up to MaxLineBytes on top.
	ro.BatchBytes = min(ro.BatchBytes, 1<<30)
	src := compress.NewTracker(r)
	dec, kind, err := compress.Open(src)
	if err != nil {
		if src.Passed(err) {
			return nil, fmt.Errorf("%s: %w", ro.Source, err)
		}
		return nil, fmt.Errorf("%s: %w: %w", ro.Source, format.ErrCorrupt, err)
	}
	rd := &reader{
		opts:    ro,
		jo:      jo,
		lines:   lineReader{rd: dec, buf: make([]byte, 256<<10), max: jo.MaxLineBytes},
		dec:     dec,
		kind:    kind,
		src:     src,
		p:       parser{maxDepth: jo.MaxDepth},
		byPath:  make(map[string]int),
		cache:   make(map[string][]int),
		tmplCol: -1,
	}
	switch {
	case jo.Schema != nil:
		rd.fixed = true
		rd.fields = jo.Schema.Fields()
		rd.schema = jo.Schema
		rd.cols = make([]column, len(rd.fields))
		rd.seen = make([]uint32, len(rd.fields))
		rd.met = make([]bool, len(rd.fields))
		for i, f := range rd.fields {
			rd.cols[i].mem = ro.Allocator
			if IsTemplate(f) {
				rd.tmplCol = i
				continue
			}
			rd.byPath[f.Name] = i
		}
	case !jo.OmitTemplate:
		rd.tmplCol = 0
		rd.fields = append(rd.fields, arrow.Field{
			Name:     TemplateColumn,
			Type:     arrow.BinaryTypes.String,
			Nullable: true,
			Metadata: arrow.NewMetadata([]string{TemplateMetadataKey}, []string{"template"}),
		})
		rd.cols = append(rd.cols, column{mem: ro.Allocator})
		rd.seen = append(rd.seen, 0)
	}
	if rd.schema == nil {
		rd.schema = arrow.NewSchema(rd.fields, nil)
	}
	// A UTF-8 byte order mark at the start is not part of the first line.
	for rd.lines.w < len(utf8BOM) && !rd.lines.eof && rd.lines.rerr == nil {
		rd.lines.fill()
	}
	if bytes.HasPrefix(rd.lines.buf[:rd.lines.w], utf8BOM) {
		rd.lines.r = len(utf8BOM)
	}
	return rd, nil
}

// Schema is the union of the columns met so far, in the order first met
// (the template column first): later batches' schemas extend earlier ones.
// With Options.Schema it is that schema, from the start.
func (rd *reader) Schema() *arrow.Schema {
	if rd.schema == nil {
		rd.schema = arrow.NewSchema(rd.fields, nil)
	}
	return rd.schema
}

// Rows is the number of rows returned so far.
func (rd *reader) Rows() int64 { return rd.rows }

// Skipped is the number of bad lines left out under SkipBadRows.
func (rd *reader) Skipped() int64 { return rd.skipped }

// Close releases the batch being built and the decompressor; it does not close the
// input.
func (rd *reader) Close() error {
	for i := range rd.cols {
		rd.cols[i].release()
	}
	rd.cols = nil
	if rd.dec != nil {
		rd.dec.Close()
		rd.dec = nil
	}
	if rd.err == nil {
		rd.err = errors.New("jsonl: reader closed")
	}
	return nil
}

func (rd *reader) rowError(col string, err error) error {
	return &format.RowError{Source: rd.opts.Source, Row: rd.lines.line, Column: col, Err: err}
}

func (rd *reader) fatal(err error) error {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return rd.rowError("", err)
	case rd.kind != compress.None && !rd.src.Passed(err):
		return fmt.Errorf("%s: %w: %s stream: %w", rd.opts.Source, format.ErrCorrupt, rd.kind, err)
	}
	return fmt.Errorf("%s: %w", rd.opts.Source, err)
}

// Next returns the next batch: at most BatchRows rows, cut after the row
// that brings its size to BatchBytes, the size being its value bytes
// (templates included) plus 4 bytes per row per column. Its
// schema is the union of every column met so far, so a column first met
// in a later line is absent from earlier batches; a row's leaf that is
// absent from the row is null. After a failure every call returns the same
// error.
func (rd *reader) Next() (arrow.RecordBatch, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	n, size := 0, 0
	// Every column takes 4 bytes of offset a row, null or not: counting
	// them keeps a wide, sparse union from making huge batches.
	for n < rd.opts.BatchRows && size+4*n*len(rd.cols) < rd.opts.BatchBytes {
		line, err := rd.lines.next()
		if err == io.EOF {
			rd.err = io.EOF
			break
		}
		if err != nil {
			return rd.fail(rd.fatal(err))
		}
		if blank(line) {
			continue
		}
		cols, err := rd.row(line)
		if err != nil {
			if rd.opts.SkipBadRows && !errors.Is(err, ErrLineTooLong) && !errors.Is(err, ErrNotInSchema) {
				rd.skipped++
				continue
			}
			return rd.fail(err)
		}
		if rd.tmplCol >= 0 {
			rd.cols[rd.tmplCol].add(n, rd.p.tmpl)
			size += len(rd.p.tmpl)
		}
		for k, lf := range rd.p.leaves {
			if lf.kind == kindNull {
				continue // a null, as is every column the row lacks
			}
			rd.cols[cols[k]].add(n, lf.val)
			size += len(lf.val)
		}
		n++
	}
	if n == 0 {
		return nil, rd.err
	}
	arrs := make([]arrow.Array, len(rd.cols))
	for i := range rd.cols {
		arrs[i] = rd.cols[i].array(n)
	}
	rec := array.NewRecordBatch(rd.Schema(), arrs, int64(n))
	for _, a := range arrs {
		a.Release()
	}
	rd.rows += int64(n)
	return rec, nil
}

// row parses one line and returns the column of each of its leaves.
func (rd *reader) row(line []byte) ([]int, error) {
	if !utf8.Valid(line) {
		return nil, rd.rowError("", ErrInvalidUTF8)
	}
	if err := rd.p.parse(line); err != nil {
		return nil, rd.rowError("", err)
	}
	return rd.resolve(rd.p.tmpl)
}

// resolve maps a template's leaves to columns, adding columns for paths
// not met before. Rows of the same shape share a template, so the work is
// done once per shape and cached.
func (rd *reader) resolve(tmpl []byte) ([]int, error) {
	if rd.fixed {
		return rd.resolveFixed(tmpl)
	}
	if cols, ok := rd.cache[string(tmpl)]; ok {
		return cols, nil
	}
	paths, err := rd.paths(tmpl)
	if err != nil {
		return nil, err
	}
	// Duplicates first, so that a bad line adds no column.
	rd.pass++
	fresh := 0
	var firstSeen map[string]bool
	for _, p := range paths {
		if i, ok := rd.byPath[p]; ok {
			if rd.seen[i] == rd.pass {
				return nil, rd.rowError(p, ErrDuplicateKey)
			}
			rd.seen[i] = rd.pass
			continue
		}
		if firstSeen == nil {
			firstSeen = make(map[string]bool)
		}
		if firstSeen[p] {
			return nil, rd.rowError(p, ErrDuplicateKey)
		}
		firstSeen[p] = true
		fresh++
	}
	leafCols := len(rd.fields)
	if rd.tmplCol >= 0 {
		leafCols--
	}
	if leafCols+fresh > rd.jo.MaxColumns {
		return nil, rd.rowError("", fmt.Errorf("%w: over %d", ErrTooManyColumns, rd.jo.MaxColumns))
	}
	cols := make([]int, len(paths))
	for k, p := range paths {
		i, ok := rd.byPath[p]
		if !ok {
			i = len(rd.fields)
			rd.byPath[p] = i
			rd.fields = append(rd.fields, arrow.Field{Name: p, Type: arrow.BinaryTypes.String, Nullable: true})
			rd.cols = append(rd.cols, column{mem: rd.opts.Allocator})
			rd.seen = append(rd.seen, rd.pass)
		}
		cols[k] = i
	}
	if fresh > 0 {
		rd.schema = nil // made again when next needed
	}
	if len(rd.cache) >= maxCachedTemplates {
		clear(rd.cache)
	}
	rd.cache[string(tmpl)] = cols
	return cols, nil
}

// paths returns the path of each leaf of a template, in order.
func (rd *reader) paths(tmpl []byte) ([]string, error) {
	var paths []string
	rd.pathBuf = rd.pathBuf[:0]
	if err := walkTemplate(&rd.keyParse, tmpl, rd.pathBuf, func(path []byte, _ byte) {
		paths = append(paths, string(path))
	}); err != nil {
		// The parser made this template; it cannot be wrong.
		return nil, rd.rowError("", fmt.Errorf("%w: %w", ErrTemplate, err))
	}
	return paths, nil
}

// resolveFixed is resolve for Options.Schema: it maps a template's leaves
// to the given columns. It rejects the lines a widening read would reject,
// and for the same reasons — a duplicate key, then a line that would take
// the paths met past MaxColumns — so that a second read with the schema
// learned by a first one keeps and skips the same lines; then a path the
// schema lacks is ErrNotInSchema.
func (rd *reader) resolveFixed(tmpl []byte) ([]int, error) {
	if cols, ok := rd.cache[string(tmpl)]; ok {
		return cols, nil
	}
	paths, err := rd.paths(tmpl)
	if err != nil {
		return nil, err
	}
	rd.pass++
	fresh := 0 // paths no accepted line had before, in the schema or not
	unknown := ""
	var outside map[string]bool
	for _, p := range paths {
		if i, ok := rd.byPath[p]; ok {
			if rd.seen[i] == rd.pass {
				return nil, rd.rowError(p, ErrDuplicateKey)
			}
			rd.seen[i] = rd.pass
			if !rd.met[i] {
				fresh++
			}
			continue
		}
		if outside == nil {
			outside = make(map[string]bool)
		}
		if outside[p] {
			return nil, rd.rowError(p, ErrDuplicateKey)
		}
		outside[p] = true
		fresh++
		if unknown == "" {
			unknown = p
		}
	}
	if rd.metLeafs+fresh > rd.jo.MaxColumns {
		return nil, rd.rowError("", fmt.Errorf("%w: over %d", ErrTooManyColumns, rd.jo.MaxColumns))
	}
	if unknown != "" {
		return nil, rd.rowError(unknown, ErrNotInSchema)
	}
	cols := make([]int, len(paths))
	for k, p := range paths {
		i := rd.byPath[p]
		if !rd.met[i] {
			rd.met[i] = true
			rd.metLeafs++
		}
		cols[k] = i
	}
	if len(rd.cache) >= maxCachedTemplates {
		clear(rd.cache)
	}
	rd.cache[string(tmpl)] = cols
	return cols, nil
}

// fail drops the batch being built and makes err sticky.
func (rd *reader) fail(err error) (arrow.RecordBatch, error) {
	for i := range rd.cols {
		rd.cols[i].release()
	}
	rd.err = err
	return nil, err
}

// walkTemplate calls leaf for every leaf of the template t, in order, with
// its path (appended to path, which it may reuse) and kind. It checks t's
// grammar:
//
//	value  = object / array / "s" / "n" / "b" / "z"
//	object = "{" [ string ":" value *( "," string ":" value ) ] "}"
//	array  = "[" [ value *( "," value ) ] "]"
//
// with the outer value an object and string a JSON string.
func walkTemplate(kp *parser, t, path []byte, leaf func(path []byte, kind byte)) error {
	if len(t) == 0 || t[0] != '{' {
		return errors.New("not an object")
	}
	end, err := walkValue(kp, t, 0, path, leaf, 0)
	if err != nil {
		return err
	}
	if end != len(t) {
		return fmt.Errorf("byte %d: trailing bytes", end+1)
	}
	return nil
}

// maxTemplateDepth bounds walkValue's recursion on a template from outside.
const maxTemplateDepth = 10000

func walkValue(kp *parser, t []byte, i int, path []byte, leaf func([]byte, byte), depth int) (int, error) {
	if i >= len(t) {
		return 0, fmt.Errorf("byte %d: unexpected end", i+1)
	}
	if depth > maxTemplateDepth {
		return 0, errors.New("nested too deep")
	}
	switch c := t[i]; c {
	case kindString, kindNumber, kindBool, kindNull:
		leaf(path, c)
		return i + 1, nil
	case '{':
		i++
		if i < len(t) && t[i] == '}' {
			return i + 1, nil
		}
		for {
			if i >= len(t) || t[i] != '"' {
				return 0, fmt.Errorf("byte %d: want a key", i+1)
			}
			kp.scratch = kp.scratch[:0]
			end, key, err := kp.scanString(t, i, true)
			if err != nil {
				return 0, err
			}
			if end >= len(t) || t[end] != ':' {
				return 0, fmt.Errorf("byte %d: want ':'", end+1)
			}
			i, err = walkValue(kp, t, end+1, appendKey(path, key), leaf, depth+1)
			if err != nil {
				return 0, err
			}
			if i < len(t) && t[i] == ',' {
				i++
				continue
			}
			if i < len(t) && t[i] == '}' {
				return i + 1, nil
			}
			return 0, fmt.Errorf("byte %d: want ',' or '}'", i+1)
		}
	case '[':
		i++
		if i < len(t) && t[i] == ']' {
			return i + 1, nil
		}
		for k := 0; ; k++ {
			var err error
			i, err = walkValue(kp, t, i, appendIndex(path, k), leaf, depth+1)
			if err != nil {
				return 0, err
			}
			if i < len(t) && t[i] == ',' {
				i++
				continue
			}
			if i < len(t) && t[i] == ']' {
				return i + 1, nil
			}
			return 0, fmt.Errorf("byte %d: want ',' or ']'", i+1)
		}
	}
	return 0, fmt.Errorf("byte %d: unexpected byte", i+1)
}
