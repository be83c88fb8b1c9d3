package csv

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/veil-data/veil/connectors/format"
)

// flushAt is how much the writer buffers before writing out.
const flushAt = 256 << 10

// writer implements format.Writer for CSV.
type writer struct {
	format.TextOutput
	scratch []byte
	special [256]bool // bytes that make a field need quotes
	delim   byte
	quote   byte
	comment byte
	ncols   int   // columns in a record
	keep    []int // the columns written: all but Veil's internal ones
	err     error // sticky
}

// InternalMetadataKey marks, in a field's metadata, a column that is
// Veil's own bookkeeping rather than data (the JSON lines template): the
// writer leaves such columns out.
const InternalMetadataKey = format.InternalMetadataKey

var _ format.Writer = (*writer)(nil)

func newWriter(w io.Writer, schema *arrow.Schema, wo format.WriteOptions, co Options) (*writer, error) {
	if wo.Delimiter != 0 {
		co.Delimiter = wo.Delimiter
	}
	if err := co.Validate(); err != nil {
		return nil, err
	}
	co = co.withDefaults()
	if schema == nil {
		return nil, fmt.Errorf("%w: no schema", ErrOptions)
	}
	wr := &writer{
		TextOutput: format.TextOutput{W: w, Buf: make([]byte, 0, flushAt+4096)},
		delim:      byte(co.Delimiter),
		quote:      byte(co.Quote),
		comment:    byte(co.Comment),
		ncols:      schema.NumFields(),
	}
	for i, f := range schema.Fields() {
		if f.Metadata.FindKey(InternalMetadataKey) < 0 {
			wr.keep = append(wr.keep, i)
		}
	}
	for _, c := range []byte{wr.delim, wr.quote, '\r', '\n'} {
		wr.special[c] = true
	}
	for i, j := range wr.keep {
		name := schema.Field(j).Name
		if i > 0 {
			wr.Buf = append(wr.Buf, wr.delim)
		}
		quote := i == 0 && len(name) >= len(utf8BOM) && name[:3] == string(utf8BOM)
		wr.Buf = appendField(wr, wr.Buf, name, i == 0, quote)
	}
	if len(wr.keep) > 0 {
		wr.Buf = append(wr.Buf, '\n')
	}
	return wr, nil
}

// appendField appends v to dst, quoted only when it must be: when it holds the
// delimiter, a quote or a line break, when it is a row's first field and
// starts with the comment character, or when it is empty and alone on its
// row (an empty line is skipped on reading).
func appendField[T string | []byte](wr *writer, dst []byte, v T, first, quote bool) []byte {
	if !quote {
		if len(v) == 0 {
			quote = len(wr.keep) == 1
		} else if first && wr.comment != 0 && v[0] == wr.comment {
			quote = true
		} else {
			for i := 0; i < len(v); i++ {
				if wr.special[v[i]] {
					quote = true
					break
				}
			}
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, wr.quote)
	for {
		i := indexByte(v, wr.quote)
		if i < 0 {
			break
		}
		dst = append(dst, v[:i+1]...)
		dst = append(dst, wr.quote)
		v = v[i+1:]
	}
	dst = append(dst, v...)
	return append(dst, wr.quote)
}

func indexByte[T string | []byte](s T, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// Write appends rec's rows. Columns are written in order under the header
// made from the writer's schema (rec must have as many columns; those
// marked InternalMetadataKey are left out); utf8 values as they are, other
// types by AppendText, nulls as empty fields.
func (wr *writer) Write(rec arrow.RecordBatch) error {
	if wr.Err != nil {
		return wr.Err
	}
	if int(rec.NumCols()) != wr.ncols {
		return fmt.Errorf("%w: record has %d columns, header %d", ErrOptions, rec.NumCols(), wr.ncols)
	}
	cols := rec.Columns()
	rows := int(rec.NumRows())
	if len(wr.keep) == 0 {
		return nil
	}
	for i := range rows {
		for k, j := range wr.keep {
			arr := cols[j]
			if k > 0 {
				wr.Buf = append(wr.Buf, wr.delim)
			}
			if arr.IsNull(i) {
				wr.Buf = appendField(wr, wr.Buf, "", k == 0, false)
				continue
			}
			if s, ok := arr.(*array.String); ok {
				wr.Buf = appendField(wr, wr.Buf, s.Value(i), k == 0, false)
				continue
			}
			wr.scratch = AppendText(wr.scratch[:0], arr, i)
			if !utf8.Valid(wr.scratch) {
				return wr.Fail(fmt.Errorf("row %d, column %q: %w", i, rec.ColumnName(j), ErrInvalidUTF8))
			}
			wr.Buf = appendField(wr, wr.Buf, wr.scratch, k == 0, false)
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

// AppendText appends the natural text form of arr's non-null value at i:
// strings as they are; integers in decimal; floats in the shortest form
// that reads back to the same value ('g' format); booleans as true/false;
// dates as 2006-01-02; times of day as 15:04:05.999999999; timestamps in
// ISO 8601 (RFC 3339 with the zone when the type has one, else without a
// zone); decimals in plain decimal notation with every digit of their
// scale; binary values in standard
// base64; dictionary and run-end encoded values as their value; anything
// else (lists, structs, maps …) as JSON. The caller checks IsNull first.
func AppendText(dst []byte, arr arrow.Array, i int) []byte {
	switch a := arr.(type) {
	case *array.String:
		return append(dst, a.Value(i)...)
	case *array.LargeString:
		return append(dst, a.Value(i)...)
	case *array.StringView:
		return append(dst, a.Value(i)...)
	case *array.Binary:
		return base64.StdEncoding.AppendEncode(dst, a.Value(i))
	case *array.LargeBinary:
		return base64.StdEncoding.AppendEncode(dst, a.Value(i))
	case *array.BinaryView:
		return base64.StdEncoding.AppendEncode(dst, a.Value(i))
	case *array.FixedSizeBinary:
		return base64.StdEncoding.AppendEncode(dst, a.Value(i))
	case *array.Boolean:
		return strconv.AppendBool(dst, a.Value(i))
	case *array.Int8:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.AppendInt(dst, a.Value(i), 10)
	case *array.Uint8:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.AppendUint(dst, a.Value(i), 10)
	case *array.Float16:
		return strconv.AppendFloat(dst, float64(a.Value(i).Float32()), 'g', -1, 32)
	case *array.Float32:
		return strconv.AppendFloat(dst, float64(a.Value(i)), 'g', -1, 32)
	case *array.Float64:
		return strconv.AppendFloat(dst, a.Value(i), 'g', -1, 64)
	case *array.Date32:
		return a.Value(i).ToTime().AppendFormat(dst, time.DateOnly)
	case *array.Date64:
		return a.Value(i).ToTime().AppendFormat(dst, time.DateOnly)
	case *array.Time32:
		unit := a.DataType().(*arrow.Time32Type).Unit
		return a.Value(i).ToTime(unit).AppendFormat(dst, "15:04:05.999999999")
	case *array.Time64:
		unit := a.DataType().(*arrow.Time64Type).Unit
		return a.Value(i).ToTime(unit).AppendFormat(dst, "15:04:05.999999999")
	case *array.Timestamp:
		typ := a.DataType().(*arrow.TimestampType)
		t := a.Value(i).ToTime(typ.Unit)
		if typ.TimeZone == "" {
			return t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.999999999")
		}
		if loc, err := typ.GetZone(); err == nil {
			t = t.In(loc)
		}
		return t.AppendFormat(dst, time.RFC3339Nano)
	case *array.Decimal128: // with every digit of its scale: 99.20, not 99.2
		return append(dst, a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)...)
	case *array.Decimal256:
		return append(dst, a.Value(i).ToString(a.DataType().(*arrow.Decimal256Type).Scale)...)
	case *array.Decimal32, *array.Decimal64:
		return append(dst, a.ValueStr(i)...)
	case *array.Dictionary:
		return AppendText(dst, a.Dictionary(), a.GetValueIndex(i))
	case *array.RunEndEncoded:
		return AppendText(dst, a.Values(), a.GetPhysicalIndex(i))
	case array.ExtensionArray:
		return AppendText(dst, a.Storage(), i)
	case *array.Null:
		return dst
	}
	if b, err := json.Marshal(arr.GetOneForMarshal(i)); err == nil {
		return append(dst, b...)
	}
	return append(dst, arr.ValueStr(i)...)
}
