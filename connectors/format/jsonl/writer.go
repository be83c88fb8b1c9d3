package jsonl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
)

const flushAt = 256 << 10

// writer implements format.Writer for JSON lines.
type writer struct {
	format.TextOutput

	schema   *arrow.Schema  // of the last record; the state below follows it
	byPath   map[string]int // leaf column by name
	tmplCol  int            // the template column, or -1
	flatKeys [][]byte       // per column: its name as a JSON key and ':'
	plans    map[string]*plan

	kp      parser
	pathBuf []byte
	scratch []byte
}

var _ format.Writer = (*writer)(nil)

// plan is a template compiled against a schema: literal text with the
// leaf values between. Members whose column is gone are left out.
type plan struct{ ops []op }

type op struct {
	lit  []byte // written first
	col  int    // then this column's value, unless -1
	kind byte   // the leaf's kind in the template
}

func newWriter(w io.Writer, _ *arrow.Schema, _ format.WriteOptions, jo Options) (*writer, error) {
	if err := jo.Validate(); err != nil {
		return nil, err
	}
	return &writer{TextOutput: format.TextOutput{W: w, Buf: make([]byte, 0, flushAt+4096)}, tmplCol: -1}, nil
}

// setSchema rebuilds what depends on the record's schema.
func (wr *writer) setSchema(s *arrow.Schema) {
	if wr.schema == s || (wr.schema != nil && wr.schema.Equal(s)) {
		wr.schema = s
		return
	}
	wr.schema = s
	wr.byPath = make(map[string]int, s.NumFields())
	wr.tmplCol = -1
	wr.flatKeys = wr.flatKeys[:0]
	for i, f := range s.Fields() {
		wr.flatKeys = append(wr.flatKeys, append(appendString(nil, f.Name), ':'))
		if wr.tmplCol < 0 && f.Name == TemplateColumn && isStringType(f.Type) {
			wr.tmplCol = i
			continue
		}
		wr.byPath[f.Name] = i
	}
	wr.plans = make(map[string]*plan)
}

func isStringType(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return true
	}
	return false
}

// Write appends one line per row of rec. A row with a template is written
// in its original shape with the record's values in its leaves; a row
// without one (no template column, or a null template) is written as a
// flat object of every column, keyed by column name, in schema order.
// Records may have different schemas (the reader's widen as it goes).
func (wr *writer) Write(rec arrow.RecordBatch) error {
	if wr.Err != nil {
		return wr.Err
	}
	wr.setSchema(rec.Schema())
	cols := rec.Columns()
	var tmpls arrow.Array
	if wr.tmplCol >= 0 {
		tmpls = cols[wr.tmplCol]
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		var err error
		if tmpls != nil && !tmpls.IsNull(i) {
			err = wr.writeTemplated(cols, tmpls, i)
		} else {
			wr.writeFlat(cols, i)
		}
		if err != nil {
			return wr.Fail(fmt.Errorf("jsonl: row %d: %w", i, err))
		}
		wr.Buf = append(wr.Buf, '\n')
		if len(wr.Buf) >= flushAt {
			if err := wr.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (wr *writer) writeFlat(cols []arrow.Array, i int) {
	wr.Buf = append(wr.Buf, '{')
	first := true
	for j, c := range cols {
		if j == wr.tmplCol {
			continue
		}
		if !first {
			wr.Buf = append(wr.Buf, ',')
		}
		first = false
		wr.Buf = append(wr.Buf, wr.flatKeys[j]...)
		wr.Buf = wr.appendValue(wr.Buf, c, i, 0)
	}
	wr.Buf = append(wr.Buf, '}')
}

func (wr *writer) writeTemplated(cols []arrow.Array, tmpls arrow.Array, i int) error {
	wr.scratch = csv.AppendText(wr.scratch[:0], tmpls, i)
	pl, ok := wr.plans[string(wr.scratch)]
	if !ok {
		var err error
		pl, err = wr.compile(wr.scratch)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrTemplate, err)
		}
		if len(wr.plans) >= maxCachedTemplates {
			clear(wr.plans)
		}
		wr.plans[string(wr.scratch)] = pl
	}
	for _, o := range pl.ops {
		wr.Buf = append(wr.Buf, o.lit...)
		if o.col >= 0 {
			wr.Buf = wr.appendValue(wr.Buf, cols[o.col], i, o.kind)
		}
	}
	return nil
}

// compile turns a template into a plan for the current schema.
func (wr *writer) compile(t []byte) (*plan, error) {
	c := compiler{wr: wr}
	if len(t) == 0 || t[0] != '{' {
		return nil, errors.New("not an object")
	}
	end, err := c.value(t, 0, wr.pathBuf[:0], 0)
	if err != nil {
		return nil, err
	}
	if end != len(t) {
		return nil, fmt.Errorf("byte %d: trailing bytes", end+1)
	}
	c.ops = append(c.ops, op{lit: c.lit, col: -1})
	return &plan{ops: c.ops}, nil
}

type compiler struct {
	wr  *writer
	lit []byte
	ops []op
}

func isLeaf(c byte) bool {
	return c == kindString || c == kindNumber || c == kindBool || c == kindNull
}

// value compiles the template value at t[i] whose path is path, and
// returns where it ends.
func (c *compiler) value(t []byte, i int, path []byte, depth int) (int, error) {
	if i >= len(t) {
		return 0, fmt.Errorf("byte %d: unexpected end", i+1)
	}
	if depth > maxTemplateDepth {
		return 0, errors.New("nested too deep")
	}
	switch k := t[i]; {
	case isLeaf(k):
		col, ok := c.wr.byPath[string(path)]
		if !ok {
			c.lit = append(c.lit, "null"...)
		} else {
			c.ops = append(c.ops, op{lit: c.lit, col: col, kind: k})
			c.lit = nil
		}
		return i + 1, nil
	case k == '{':
		c.lit = append(c.lit, '{')
		i++
		if i < len(t) && t[i] == '}' {
			c.lit = append(c.lit, '}')
			return i + 1, nil
		}
		written := 0
		for {
			if i >= len(t) || t[i] != '"' {
				return 0, fmt.Errorf("byte %d: want a key", i+1)
			}
			kp := &c.wr.kp
			kp.scratch = kp.scratch[:0]
			end, key, err := kp.scanString(t, i, true)
			if err != nil {
				return 0, err
			}
			if end+1 >= len(t) || t[end] != ':' {
				return 0, fmt.Errorf("byte %d: want ':'", end+1)
			}
			raw := t[i:end]
			sub := appendKey(path, key)
			if isLeaf(t[end+1]) {
				if _, ok := c.wr.byPath[string(sub)]; !ok {
					// The column was dropped: so is the member.
					i = end + 2
					goto next
				}
			}
			if written > 0 {
				c.lit = append(c.lit, ',')
			}
			written++
			c.lit = append(c.lit, raw...)
			c.lit = append(c.lit, ':')
			i, err = c.value(t, end+1, sub, depth+1)
			if err != nil {
				return 0, err
			}
		next:
			if i < len(t) && t[i] == ',' {
				i++
				continue
			}
			if i < len(t) && t[i] == '}' {
				c.lit = append(c.lit, '}')
				return i + 1, nil
			}
			return 0, fmt.Errorf("byte %d: want ',' or '}'", i+1)
		}
	case k == '[':
		c.lit = append(c.lit, '[')
		i++
		if i < len(t) && t[i] == ']' {
			c.lit = append(c.lit, ']')
			return i + 1, nil
		}
		for n := 0; ; n++ {
			if n > 0 {
				c.lit = append(c.lit, ',')
			}
			var err error
			i, err = c.value(t, i, appendIndex(path, n), depth+1)
			if err != nil {
				return 0, err
			}
			if i < len(t) && t[i] == ',' {
				i++
				continue
			}
			if i < len(t) && t[i] == ']' {
				c.lit = append(c.lit, ']')
				return i + 1, nil
			}
			return 0, fmt.Errorf("byte %d: want ',' or ']'", i+1)
		}
	}
	return 0, fmt.Errorf("byte %d: unexpected byte", i+1)
}

// appendValue appends the JSON for arr's value at i, which sat in a leaf
// of the given kind (0: no template). Text goes back as what the leaf was
// when it still reads as one — a number when it is a valid JSON number, a
// boolean when it is true or false — and as a string otherwise (a masked
// number may become a string). Typed columns write their natural JSON.
func (wr *writer) appendValue(dst []byte, arr arrow.Array, i int, kind byte) []byte {
	if arr.IsNull(i) {
		return append(dst, "null"...)
	}
	switch a := arr.(type) {
	case *array.String:
		return appendText(dst, a.Value(i), kind)
	case *array.LargeString:
		return appendText(dst, a.Value(i), kind)
	case *array.StringView:
		return appendText(dst, a.Value(i), kind)
	case *array.Boolean:
		return strconv.AppendBool(dst, a.Value(i))
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64,
		*array.Uint8, *array.Uint16, *array.Uint32, *array.Uint64,
		*array.Decimal32, *array.Decimal64, *array.Decimal128, *array.Decimal256:
		n := len(dst)
		dst = csv.AppendText(dst, arr, i)
		if validNumber(dst[n:]) {
			return dst
		}
		wr.scratch = append(wr.scratch[:0], dst[n:]...)
		return appendString(dst[:n], wr.scratch)
	case *array.Float16, *array.Float32, *array.Float64:
		var f float64
		switch a := a.(type) {
		case *array.Float16:
			f = float64(a.Value(i).Float32())
		case *array.Float32:
			f = float64(a.Value(i))
		case *array.Float64:
			f = a.Value(i)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return appendString(dst, strconv.FormatFloat(f, 'g', -1, 64))
		}
		return csv.AppendText(dst, arr, i)
	case *array.List, *array.LargeList, *array.FixedSizeList, *array.Struct, *array.Map:
		if kind == 0 {
			if b, err := json.Marshal(arr.GetOneForMarshal(i)); err == nil {
				return append(dst, b...)
			}
		}
	}
	wr.scratch = csv.AppendText(wr.scratch[:0], arr, i)
	return appendString(dst, wr.scratch)
}

func appendText(dst []byte, s string, kind byte) []byte {
	switch kind {
	case kindNumber:
		if validNumber(s) {
			return append(dst, s...)
		}
	case kindBool:
		if s == "true" || s == "false" {
			return append(dst, s...)
		}
	}
	return appendString(dst, s)
}
