package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/format"
)

// Unmasking gives masked columns back their original type where masking
// turned numbers, decimals, dates or timestamps into text: the manifest's
// type_change ("int64 -> string") says what the type was.

// restoredTypes returns, per column unmask reverses, the type masking
// changed it from, when that type can be read back from its text and no
// value of the column fell back to a placeholder (which cannot be).
func restoredTypes(m Manifest, reversed map[string]bool) map[string]arrow.DataType {
	out := map[string]arrow.DataType{}
	for _, c := range m.Columns {
		from, ok := strings.CutSuffix(c.TypeChange, " -> string")
		if !ok || !reversed[c.Name] || c.Fallbacks > 0 {
			continue
		}
		if dt := parseTypeName(from); dt != nil {
			out[c.Name] = dt
		}
	}
	return out
}

var (
	decimalName   = regexp.MustCompile(`^decimal\((\d+), (-?\d+)\)$`)
	timestampName = regexp.MustCompile(`^timestamp\[(s|ms|us|ns)(?:, tz=(.*))?\]$`)
)

// restorable are the types, by scanner.TypeName, that text casts back to
// with Arrow's kernels.
var restorable = map[string]arrow.DataType{
	"int8": arrow.PrimitiveTypes.Int8, "int16": arrow.PrimitiveTypes.Int16,
	"int32": arrow.PrimitiveTypes.Int32, "int64": arrow.PrimitiveTypes.Int64,
	"uint8": arrow.PrimitiveTypes.Uint8, "uint16": arrow.PrimitiveTypes.Uint16,
	"uint32": arrow.PrimitiveTypes.Uint32, "uint64": arrow.PrimitiveTypes.Uint64,
	"float32": arrow.PrimitiveTypes.Float32, "float64": arrow.PrimitiveTypes.Float64,
	"date32": arrow.FixedWidthTypes.Date32,
}

// parseTypeName reads back the types whose text masking can restore, as
// scanner.TypeName names them, or returns nil.
func parseTypeName(name string) arrow.DataType {
	if dt, ok := restorable[name]; ok {
		return dt
	}
	if m := decimalName.FindStringSubmatch(name); m != nil {
		p, _ := strconv.Atoi(m[1])
		s, _ := strconv.Atoi(m[2])
		if p >= 1 && p <= 38 {
			return &arrow.Decimal128Type{Precision: int32(p), Scale: int32(s)}
		}
	}
	if m := timestampName.FindStringSubmatch(name); m != nil {
		unit := map[string]arrow.TimeUnit{"s": arrow.Second, "ms": arrow.Millisecond, "us": arrow.Microsecond, "ns": arrow.Nanosecond}[m[1]]
		return &arrow.TimestampType{Unit: unit, TimeZone: m[2]}
	}
	return nil
}

// restoringWriter casts the columns of types back before w writes them.
type restoringWriter struct {
	format.Writer
	schema *arrow.Schema
	types  map[int]arrow.DataType // by column index
}

// withRestoredTypes returns the schema w must be opened with and a wrapper
// that casts each batch of s to it; with nothing to restore, s and nil.
func withRestoredTypes(s *arrow.Schema, types map[string]arrow.DataType) (*arrow.Schema, func(format.Writer) format.Writer) {
	fields := s.Fields()
	byIndex := map[int]arrow.DataType{}
	for i, f := range fields {
		if dt, ok := types[f.Name]; ok {
			fields[i].Type = dt
			byIndex[i] = dt
		}
	}
	if len(byIndex) == 0 {
		return s, nil
	}
	md := s.Metadata()
	to := arrow.NewSchema(fields, &md)
	return to, func(w format.Writer) format.Writer { return &restoringWriter{Writer: w, schema: to, types: byIndex} }
}

// Write casts rec's restored columns and writes the result.
func (w *restoringWriter) Write(rec arrow.RecordBatch) error {
	cols := make([]arrow.Array, rec.NumCols())
	defer func() {
		for i, c := range cols {
			if c != nil && w.types[i] != nil {
				c.Release()
			}
		}
	}()
	for i := range cols {
		dt, ok := w.types[i]
		if !ok {
			cols[i] = rec.Column(i)
			continue
		}
		c, err := castText(rec.Column(i), dt)
		if err != nil {
			// The manifest said the column was dt and no value fell back:
			// a value that does not read as dt means the input changed.
			// The cast's own error quotes the value, so it is not passed on.
			return fmt.Errorf("column %q: a value does not read as %s, so the column cannot get back the type it had", w.schema.Field(i).Name, dt)
		}
		cols[i] = c
	}
	out := array.NewRecordBatch(w.schema, cols, rec.NumRows())
	defer out.Release()
	return w.Writer.Write(out)
}

// castText casts a text column to dt: through Arrow's compute kernels, and
// for decimals, which they cannot parse, value by value.
func castText(col arrow.Array, dt arrow.DataType) (arrow.Array, error) {
	d, ok := dt.(*arrow.Decimal128Type)
	if !ok {
		return compute.CastArray(context.Background(), col, compute.SafeCastOptions(dt))
	}
	text, ok := col.(*array.String)
	if !ok {
		return nil, fmt.Errorf("not a string column")
	}
	b := array.NewDecimal128Builder(memory.DefaultAllocator, d)
	defer b.Release()
	for i := 0; i < text.Len(); i++ {
		if text.IsNull(i) {
			b.AppendNull()
			continue
		}
		v, err := decimal128.FromString(text.Value(i), d.Precision, d.Scale)
		if err != nil {
			return nil, err
		}
		b.Append(v)
	}
	return b.NewArray(), nil
}
