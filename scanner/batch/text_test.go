package batch

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendText(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	build := func(dt arrow.DataType, fill func(array.Builder)) arrow.Array {
		b := array.NewBuilder(mem, dt)
		defer b.Release()
		fill(b)
		return b.NewArray()
	}
	cases := []struct {
		name string
		arr  arrow.Array
		want []string // "" with ok=false written as "<null>"
	}{
		{"string", build(arrow.BinaryTypes.String, func(b array.Builder) {
			b.(*array.StringBuilder).AppendValues([]string{"536-22-1234", ""}, nil)
			b.AppendNull()
		}), []string{"536-22-1234", "", "<null>"}},
		{"int64 holding an SSN", build(arrow.PrimitiveTypes.Int64, func(b array.Builder) {
			b.(*array.Int64Builder).AppendValues([]int64{536221234, -7}, nil)
		}), []string{"536221234", "-7"}},
		{"float64", build(arrow.PrimitiveTypes.Float64, func(b array.Builder) {
			b.(*array.Float64Builder).AppendValues([]float64{4111111111111111, 1.5}, nil)
		}), []string{"4111111111111111", "1.5"}},
		{"decimal", build(&arrow.Decimal128Type{Precision: 18, Scale: 0}, func(b array.Builder) {
			b.(*array.Decimal128Builder).Append(decimal128.FromI64(536221234))
		}), []string{"536221234"}},
		{"decimal keeps its scale", build(&arrow.Decimal128Type{Precision: 10, Scale: 2}, func(b array.Builder) {
			b.(*array.Decimal128Builder).Append(decimal128.FromI64(9920))
			b.(*array.Decimal128Builder).Append(decimal128.FromI64(-5))
		}), []string{"99.20", "-0.05"}},
		{"date32", build(arrow.FixedWidthTypes.Date32, func(b array.Builder) {
			b.(*array.Date32Builder).Append(arrow.Date32(5542)) // days since 1970-01-01
		}), []string{"1985-03-05"}},
		{"dictionary of strings reads its values", build(&arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}, func(b array.Builder) {
			db := b.(*array.BinaryDictionaryBuilder)
			for _, v := range []string{"536-22-1234", "x", "536-22-1234"} {
				if err := db.AppendString(v); err != nil {
					panic(err)
				}
			}
			db.AppendNull()
		}), []string{"536-22-1234", "x", "536-22-1234", "<null>"}},
		{"int32 holding an SSN", build(arrow.PrimitiveTypes.Int32, func(b array.Builder) {
			b.(*array.Int32Builder).Append(536221234)
		}), []string{"536221234"}},
		{"bool is not scanned", build(arrow.FixedWidthTypes.Boolean, func(b array.Builder) {
			b.(*array.BooleanBuilder).Append(true)
		}), []string{"<null>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer c.arr.Release()
			require.Equal(t, len(c.want), c.arr.Len())
			for i, w := range c.want {
				got, ok := AppendText(nil, c.arr, i)
				if w == "<null>" {
					assert.False(t, ok)
					continue
				}
				assert.True(t, ok)
				assert.Equal(t, w, string(got))
			}
		})
	}
}

func TestInert(t *testing.T) {
	assert.True(t, Inert(arrow.FixedWidthTypes.Boolean))
	assert.True(t, Inert(arrow.FixedWidthTypes.Time64us))
	assert.False(t, Inert(arrow.ListOf(arrow.BinaryTypes.String)), "a list may hold anything")
	assert.False(t, Inert(arrow.StructOf(arrow.Field{Name: "ssn", Type: arrow.BinaryTypes.String})))
	assert.False(t, Inert(arrow.BinaryTypes.String))
}
