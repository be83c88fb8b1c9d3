package parquet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/uncompressed"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/format"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// Writer defaults.
const (
	// DefaultRowGroupRows is the row group size when
	// WriteOptions.RowGroupRows is unset.
	DefaultRowGroupRows = 128 << 10
	// PageBytes is the target uncompressed size of a data page.
	PageBytes = 1 << 20
	// RowGroupBytes also ends a row group once its Arrow values reach this
	// many bytes, so very wide rows cannot make a row group's buffers grow
	// without bound.
	RowGroupBytes = 256 << 20
	// writeChunk is how many rows of a batch go to the column writers at
	// once, so pages stay near PageBytes.
	writeChunk = 1024
)

// Writer writes Arrow record batches to a Parquet file. It implements
// format.Writer; it is not safe for concurrent use.
type Writer struct {
	schema *arrow.Schema
	pw     *pq.Writer
	cols   []*wcol
	cws    []*pq.ColumnWriter

	rowGroupRows int
	rgRows       int
	rgBytes      int64
	work         []*colWork
	closed       bool
	err          error
}

var _ veilfmt.Writer = (*Writer)(nil)

// wcol is how one Arrow column is written to one Parquet leaf column, with
// the definition levels that say where its nulls sit.
type wcol struct {
	name     string
	field    int // Arrow field index
	leaf     int // Parquet leaf column index
	lt       leafType
	list     bool
	maxDef   int
	nullDef  int // a null value (or null list); -1 if the column cannot be null
	emptyDef int // an empty list
	elemNull int // a null list element; -1 if elements cannot be null
}

// NewWriter writes batches of schema to w as Parquet: zstd by default
// (opts.Compression "snappy" or "none" instead), row groups of
// opts.RowGroupRows rows (default DefaultRowGroupRows), pages of about
// PageBytes, and the schema's metadata plus opts.Metadata as the footer's
// key/value metadata. See the package doc for the type mapping.
func NewWriter(w io.Writer, schema *arrow.Schema, opts veilfmt.WriteOptions) (*Writer, error) {
	if schema == nil {
		return nil, errors.New("parquet: nil schema")
	}
	var codec compress.Codec
	switch opts.Compression {
	case "", "zstd":
		codec = &zstd.Codec{Level: zstd.SpeedFastest}
	case "snappy":
		codec = &snappy.Codec{}
	case "none":
		codec = &uncompressed.Codec{}
	default:
		return nil, fmt.Errorf("parquet: unsupported compression %q (want zstd, snappy or none)", opts.Compression)
	}
	root, name, cols, err := planWrite(schema)
	if err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	wr := &Writer{schema: schema, cols: cols, rowGroupRows: opts.RowGroupRows}
	for range max(1, runtime.GOMAXPROCS(0)) {
		wr.work = append(wr.work, &colWork{})
	}
	if wr.rowGroupRows <= 0 {
		wr.rowGroupRows = DefaultRowGroupRows
	}
	options := []pq.WriterOption{
		pq.NewSchema(name, root),
		pq.Compression(codec),
		pq.PageBufferSize(PageBytes),
		pq.WriteBufferSize(256 << 10),
		pq.DataPageVersion(1),
		// Min and max go to the column index and the chunk statistics;
		// repeating them in every page header would compute them twice.
		pq.DataPageStatistics(false),
		pq.MaxRowsPerRowGroup(int64(wr.rowGroupRows)),
	}
	for k, v := range footerMetadata(schema, opts.Metadata) {
		options = append(options, pq.KeyValueMetadata(k, v))
	}
	if err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("parquet: %v", p)
			}
		}()
		wr.pw = pq.NewWriter(w, options...)
		wr.cws = wr.pw.ColumnWriters()
		return nil
	}(); err != nil {
		return nil, err
	}
	if len(wr.cws) != len(cols) {
		return nil, fmt.Errorf("parquet: %d column writers for %d columns", len(wr.cws), len(cols))
	}
	return wr, nil
}

// footerMetadata is the schema's metadata without this package's own keys,
// plus extra.
func footerMetadata(schema *arrow.Schema, extra map[string]string) map[string]string {
	md := map[string]string{}
	m := schema.Metadata()
	for i, k := range m.Keys() {
		if k != MetaSchema && k != MetaRoot && k != metaArrowSchema {
			md[k] = m.Values()[i]
		}
	}
	maps.Copy(md, extra)
	return md
}

// planWrite builds the Parquet schema for an Arrow schema: the tree stored
// in MetaSchema when it still fits the columns, else the canonical tree of
// the Arrow schema (see canonicalTree).
func planWrite(schema *arrow.Schema) (pq.Node, string, []*wcol, error) {
	if md := schema.Metadata(); md.FindKey(MetaSchema) >= 0 {
		var t treeNode
		if err := json.Unmarshal([]byte(md.Values()[md.FindKey(MetaSchema)]), &t); err == nil {
			if root, cols, err := planTree(schema, &t); err == nil {
				return root, t.Name, cols, nil
			}
		}
	}
	t, err := canonicalTree(schema)
	if err != nil {
		return nil, "", nil, err
	}
	if md := schema.Metadata(); md.FindKey(MetaRoot) >= 0 && md.Values()[md.FindKey(MetaRoot)] != "" {
		t.Name = md.Values()[md.FindKey(MetaRoot)]
	}
	root, cols, err := planTree(schema, t)
	if err != nil {
		return nil, "", nil, err
	}
	return root, t.Name, cols, nil
}

// canonicalTree is the Parquet tree the writer uses for an Arrow schema
// without a stored tree: one top-level column per field, optional when
// the field is nullable, and for a list the standard three levels
// (<name> (LIST) { repeated group list { element } }).
func canonicalTree(schema *arrow.Schema) (*treeNode, error) {
	root := &treeNode{Name: "schema"}
	for _, f := range schema.Fields() {
		n := &treeNode{Name: f.Name, ID: int32(fieldID(f))}
		if f.Nullable {
			n.Rep = "optional"
		}
		elem, isList := listElem(f.Type)
		switch {
		case isList && !isNested(elem.Type):
			e := &treeNode{Name: "element", ID: int32(fieldID(elem)), Col: f.Name}
			if elem.Nullable {
				e.Rep = "optional"
			}
			n.Annot = "LIST"
			n.Fields = []*treeNode{{Name: "list", Rep: "repeated", Fields: []*treeNode{e}}}
		case isNested(f.Type):
			return nil, fmt.Errorf("column %q: %w: nested type %s (only lists of plain values are written)", f.Name, ErrUnsupported, f.Type)
		default:
			n.Col = f.Name
		}
		root.Fields = append(root.Fields, n)
	}
	return root, nil
}

func fieldID(f arrow.Field) int {
	if i := f.Metadata.FindKey(MetaFieldID); i >= 0 {
		if id, err := strconv.Atoi(f.Metadata.Values()[i]); err == nil && id > 0 && id <= 1<<31-1 {
			return id
		}
	}
	return 0
}

// leafFor is the Parquet type for values of dt in field f: the type its
// MetaType hint names if that type reads back as dt, else the default.
func leafFor(f arrow.Field, dt arrow.DataType) (leafType, error) {
	if i := f.Metadata.FindKey(MetaType); i >= 0 {
		if t, err := parseLeafType(f.Metadata.Values()[i]); err == nil {
			if at, err := t.arrowType(); err == nil && arrow.TypeEqual(at, dt) {
				return t, nil
			}
		}
	}
	return defaultLeafType(dt)
}

// leafNode is the parquet-go node for a leaf of type t, plain encoded:
// every reader supports plain encoding, and with zstd it comes close in
// size to dictionary encoding, which costs parquet-go a hash map insert per
// value (about twice the writer's time on high-cardinality columns).
func leafNode(t leafType) (pq.Node, error) {
	n, err := t.node()
	if err != nil {
		return nil, err
	}
	return pq.Encoded(n, &pq.Plain), nil
}

func listElem(dt arrow.DataType) (arrow.Field, bool) {
	switch t := dt.(type) {
	case *arrow.ListType:
		return t.ElemField(), true
	case *arrow.LargeListType:
		return t.ElemField(), true
	case *arrow.FixedSizeListType:
		return t.ElemField(), true
	}
	return arrow.Field{}, false
}

func isNested(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.LIST, arrow.LARGE_LIST, arrow.FIXED_SIZE_LIST, arrow.STRUCT, arrow.MAP,
		arrow.LIST_VIEW, arrow.LARGE_LIST_VIEW, arrow.SPARSE_UNION, arrow.DENSE_UNION, arrow.RUN_END_ENCODED:
		return true
	}
	return false
}

// planTree rebuilds the Parquet tree stored in MetaSchema, if every leaf
// still matches its Arrow column (same order, one level of repetition at
// most, nulls only where the tree allows them).
func planTree(schema *arrow.Schema, t *treeNode) (pq.Node, []*wcol, error) {
	if len(t.Fields) == 0 && schema.NumFields() > 0 {
		return nil, nil, errors.New("empty tree")
	}
	var cols []*wcol
	var path []string
	var build func(n *treeNode, depth int) (pq.Node, error)
	build = func(n *treeNode, depth int) (pq.Node, error) {
		if depth > maxSchemaDepth || n.Name == "" {
			return nil, errors.New("bad tree")
		}
		switch n.Rep {
		case "", "optional", "repeated":
		default:
			return nil, errors.New("bad repetition")
		}
		path = append(path, n.Rep)
		defer func() { path = path[:len(path)-1] }()
		if n.Col != "" {
			if len(n.Fields) > 0 {
				return nil, errors.New("leaf with fields")
			}
			i := len(cols)
			if i >= schema.NumFields() || schema.Field(i).Name != n.Col {
				return nil, errors.New("columns out of order")
			}
			c, leaf, err := treeLeaf(schema.Field(i), slices.Clone(path))
			if err != nil {
				return nil, err
			}
			c.field, c.leaf = i, i
			cols = append(cols, c)
			return withRep(leaf, n.Rep, int(n.ID)), nil
		}
		if len(n.Fields) == 0 || (n.Annot != "" && n.Annot != "LIST" && n.Annot != "MAP") {
			return nil, errors.New("bad group")
		}
		g := newGroup(n.Annot)
		for _, f := range n.Fields {
			k, err := build(f, depth+1)
			if err != nil {
				return nil, err
			}
			g.add(f.Name, k)
		}
		return withRep(g, n.Rep, int(n.ID)), nil
	}
	root := newGroup("")
	for _, f := range t.Fields {
		n, err := build(f, 1)
		if err != nil {
			return nil, nil, err
		}
		root.add(f.Name, n)
	}
	if len(cols) != schema.NumFields() {
		return nil, nil, errors.New("columns missing from the tree")
	}
	return root, cols, nil
}

// treeLeaf checks an Arrow column against the repetitions on its tree
// path (top first) and computes its levels.
func treeLeaf(f arrow.Field, reps []string) (*wcol, pq.Node, error) {
	c := &wcol{name: f.Name, nullDef: -1, elemNull: -1}
	before := make([]int, len(reps))
	rep := -1
	for i, r := range reps {
		before[i] = c.maxDef
		if r != "" {
			c.maxDef++
		}
		if r == "repeated" {
			if rep >= 0 {
				return nil, nil, errors.New("more than one level of repetition")
			}
			rep = i
		}
	}
	deepestOptional := func(from, to int) int {
		for i := to - 1; i >= from; i-- {
			if reps[i] == "optional" {
				return before[i]
			}
		}
		return -1
	}
	dt := f.Type
	if rep < 0 {
		if _, ok := listElem(dt); ok {
			return nil, nil, errors.New("list column on a path without repetition")
		}
		c.nullDef = deepestOptional(0, len(reps))
		if f.Nullable && c.nullDef < 0 {
			return nil, nil, errors.New("nullable column on a required path")
		}
	} else {
		elem, ok := listElem(dt)
		if !ok || isNested(elem.Type) {
			return nil, nil, errors.New("repeated path without a list of plain values")
		}
		c.list = true
		c.nullDef = deepestOptional(0, rep)
		c.emptyDef = before[rep]
		c.elemNull = deepestOptional(rep+1, len(reps))
		if (f.Nullable && c.nullDef < 0) || (elem.Nullable && c.elemNull < 0) {
			return nil, nil, errors.New("nullable list on a required path")
		}
		dt = elem.Type
	}
	if isNested(dt) {
		return nil, nil, errors.New("nested column")
	}
	lt, err := leafFor(f, dt)
	if err != nil {
		return nil, nil, err
	}
	leaf, err := leafNode(lt)
	if err != nil {
		return nil, nil, err
	}
	c.lt = lt
	return c, leaf, nil
}

// Write appends the rows of rec, whose fields must equal the writer's
// schema (names, types, nullability); rec stays owned by the caller. A
// null in a column the Parquet schema declares required is an error.
func (wr *Writer) Write(rec arrow.RecordBatch) (err error) {
	if wr.closed {
		return errors.New("parquet: write after close")
	}
	if wr.err != nil {
		return wr.err
	}
	if !sameFields(rec.Schema(), wr.schema) {
		return errors.New("parquet: batch schema differs from the writer's")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parquet: encoder panic: %v", p)
		}
		if err != nil {
			wr.err = err
		}
	}()
	n := int(rec.NumRows())
	for off := 0; off < n; {
		take := min(n-off, wr.rowGroupRows-wr.rgRows)
		part := rec
		if off > 0 || take < n {
			part = rec.NewSlice(int64(off), int64(off+take))
		}
		err := wr.writeRows(part)
		if part != rec {
			part.Release()
		}
		if err != nil {
			return err
		}
		off += take
		wr.rgRows += take
		if wr.rgRows >= wr.rowGroupRows || wr.rgBytes >= RowGroupBytes {
			if err := wr.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (wr *Writer) flush() error {
	if wr.rgRows == 0 {
		return nil
	}
	if err := wr.pw.Flush(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	wr.rgRows, wr.rgBytes = 0, 0
	return nil
}

func sameFields(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i := range a.NumFields() {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Nullable != fb.Nullable || !arrow.TypeEqual(fa.Type, fb.Type) {
			return false
		}
	}
	return true
}

// writeRows writes every column of rec: the columns are shared out among
// up to GOMAXPROCS goroutines, each writing whole columns (parquet-go's
// column writers are independent of one another), in slices of writeChunk
// rows.
func (wr *Writer) writeRows(rec arrow.RecordBatch) error {
	n := int(rec.NumRows())
	for _, c := range wr.cols {
		wr.rgBytes += approxBytes(rec.Column(c.field))
	}
	workers := min(len(wr.work), len(wr.cols))
	if workers <= 1 || n < 256 {
		return wr.writeCols(wr.work[0], rec, 0, 1)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[w] = fmt.Errorf("parquet: encoder panic: %v", p)
				}
			}()
			errs[w] = wr.writeCols(wr.work[w], rec, w, workers)
		}()
	}
	wg.Wait()
	return firstErr(errs)
}

// writeCols writes the columns whose index is w modulo step.
func (wr *Writer) writeCols(s *colWork, rec arrow.RecordBatch, w, step int) error {
	n := int(rec.NumRows())
	for ci := w; ci < len(wr.cols); ci += step {
		c := wr.cols[ci]
		col := rec.Column(c.field)
		for i := 0; i < n; i += writeChunk {
			j := min(n, i+writeChunk)
			if err := s.writeColumn(wr.cws[c.leaf], c, col, i, j); err != nil {
				return fmt.Errorf("parquet: column %q: %w", c.name, err)
			}
		}
	}
	return nil
}

// colWork is one writer goroutine's scratch space.
type colWork struct {
	vals  []pq.Value
	arena []byte
}

var errNullInRequired = errors.New("null in a column the schema declares required")

// writeColumn writes rows [i, j) of col.
func (s *colWork) writeColumn(cw *pq.ColumnWriter, c *wcol, col arrow.Array, i, j int) error {
	s.arena = s.arena[:0]
	var err error
	if c.list {
		s.vals, err = s.listValues(s.vals[:0], c, col, i, j)
	} else {
		s.vals, err = s.scalarValues(s.vals[:0], c, col, i, j)
	}
	if err != nil {
		return err
	}
	if _, err := cw.WriteRowValues(s.vals); err != nil {
		return err
	}
	clear(s.vals) // drop references to the batch's memory
	return nil
}

// scalarValues appends the values of rows [i, j) of a column that is not a
// list. The common types are written without the converter indirection.
func (s *colWork) scalarValues(vals []pq.Value, c *wcol, col arrow.Array, i, j int) ([]pq.Value, error) {
	start := len(vals)
	nulls := col.NullN() > 0
	if nulls && c.nullDef < 0 {
		return nil, errNullInRequired
	}
	if _, isNull := col.(*array.Null); isNull {
		for range j - i {
			vals = append(vals, pq.NullValue())
		}
	} else if !fastScalars(&vals, c, col, i, j) {
		conv, err := s.converter(col, c.lt)
		if err != nil {
			return nil, err
		}
		for k := i; k < j; k++ {
			if nulls && col.IsNull(k) {
				vals = append(vals, pq.NullValue())
				continue
			}
			v, err := conv(k)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
	}
	out := vals[start:]
	leaf := c.leaf
	if !nulls {
		for k := range out {
			out[k].SetDefinitionLevel(c.maxDef)
			out[k].SetColumnIndex(leaf)
		}
		return vals, nil
	}
	for k := range out {
		if col.IsNull(i + k) {
			out[k].SetDefinitionLevel(c.nullDef)
		} else {
			out[k].SetDefinitionLevel(c.maxDef)
		}
		out[k].SetColumnIndex(leaf)
	}
	return vals, nil
}

// fastScalars appends the values of the most common column types directly
// (nulls as null values) and reports whether it handled col.
func fastScalars(vals *[]pq.Value, c *wcol, col arrow.Array, i, j int) bool {
	v := *vals
	switch t := col.(type) {
	case *array.String:
		if c.lt.phys != format.ByteArray {
			return false
		}
		offs := t.ValueOffsets()
		data := stringData(t.Data())
		for k := i; k < j; k++ {
			if t.IsNull(k) {
				v = append(v, pq.NullValue())
				continue
			}
			v = append(v, pq.ByteArrayValue(data[offs[k]:offs[k+1]]))
		}
	case *array.Binary:
		if c.lt.phys != format.ByteArray {
			return false
		}
		offs := t.ValueOffsets()
		data := stringData(t.Data())
		for k := i; k < j; k++ {
			if t.IsNull(k) {
				v = append(v, pq.NullValue())
				continue
			}
			v = append(v, pq.ByteArrayValue(data[offs[k]:offs[k+1]]))
		}
	case *array.Int64:
		if c.lt.phys != format.Int64 {
			return false
		}
		for _, x := range t.Int64Values()[i:j] {
			v = append(v, pq.Int64Value(x))
		}
	case *array.Int32:
		if c.lt.phys != format.Int32 {
			return false
		}
		for _, x := range t.Int32Values()[i:j] {
			v = append(v, pq.Int32Value(x))
		}
	case *array.Float64:
		for _, x := range t.Float64Values()[i:j] {
			v = append(v, pq.DoubleValue(x))
		}
	case *array.Float32:
		for _, x := range t.Float32Values()[i:j] {
			v = append(v, pq.FloatValue(x))
		}
	default:
		return false
	}
	*vals = v
	return true
}

// stringData is the whole value buffer of a binary or string array; the
// array's offsets index into it.
func stringData(d arrow.ArrayData) []byte {
	if b := d.Buffers()[2]; b != nil {
		return b.Bytes()
	}
	return nil
}

// listValues appends the values of rows [i, j) of a list column.
func (s *colWork) listValues(vals []pq.Value, c *wcol, col arrow.Array, i, j int) ([]pq.Value, error) {
	ll, ok := col.(array.ListLike)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a list", ErrUnsupported, col.DataType())
	}
	values := ll.ListValues()
	conv, err := s.converter(values, c.lt)
	if err != nil {
		return nil, err
	}
	leaf := c.leaf
	for k := i; k < j; k++ {
		if col.IsNull(k) {
			if c.nullDef < 0 {
				return nil, errNullInRequired
			}
			vals = append(vals, pq.NullValue().Level(0, c.nullDef, leaf))
			continue
		}
		start, end := ll.ValueOffsets(k)
		if start == end {
			vals = append(vals, pq.NullValue().Level(0, c.emptyDef, leaf))
			continue
		}
		for e := start; e < end; e++ {
			r := 1
			if e == start {
				r = 0
			}
			if values.IsNull(int(e)) {
				if c.elemNull < 0 {
					return nil, errNullInRequired
				}
				vals = append(vals, pq.NullValue().Level(r, c.elemNull, leaf))
				continue
			}
			v, err := conv(int(e))
			if err != nil {
				return nil, err
			}
			vals = append(vals, v.Level(r, c.maxDef, leaf))
		}
	}
	return vals, nil
}

// Close writes the last row group and the footer; it does not close the
// underlying writer.
func (wr *Writer) Close() error {
	if wr.closed {
		return nil
	}
	wr.closed = true
	if wr.err != nil {
		return wr.err
	}
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("parquet: encoder panic: %v", p)
			}
		}()
		return wr.pw.Close()
	}()
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// String describes the writer's columns (names and Parquet types only).
func (wr *Writer) String() string {
	var b strings.Builder
	for i, c := range wr.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", c.name, c.lt)
	}
	return b.String()
}
