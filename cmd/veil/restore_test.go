package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/arrowipc"
)

// TestUnmaskRestoresTypes: numbers masking turned into text (an int64 SSN,
// a decimal card number) come back from unmask as the type they had, with
// their values, through Parquet; a column where a value fell back to a
// placeholder stays text.
func TestUnmaskRestoresTypes(t *testing.T) {
	mem := memory.DefaultAllocator
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "customer_ssn", Type: arrow.PrimitiveTypes.Int64},
		{Name: "card_number", Type: &arrow.Decimal128Type{Precision: 16, Scale: 0}, Nullable: true},
		{Name: "phone", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	ssns := []int64{536221234, 412559876, 301445555, 536221234}
	cards := []int64{4111111111111111, 5500000000000004, 4539148803436467, 4111111111111111}
	phones := []int64{2125550143, 4155550132, 7, 6505550101} // 7 cannot be tokenized: it falls back
	ib := array.NewInt64Builder(mem)
	ib.AppendValues(ssns, nil)
	db := array.NewDecimal128Builder(mem, schema.Field(1).Type.(*arrow.Decimal128Type))
	for _, c := range cards {
		db.Append(decimal128.FromI64(c))
	}
	pb := array.NewInt64Builder(mem)
	pb.AppendValues(phones, nil)
	in := writeArrow(t, "typed.arrow", schema, ib.NewArray(), db.NewArray(), pb.NewArray())

	key := keyFile(t)
	masked, back := t.TempDir(), t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", masked, "--full", in)
	require.Equal(t, exitOK, code, errs)
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", back, "--format", "arrow", filepath.Join(masked, "typed.parquet"))
	require.Equal(t, exitOK, code, errs)

	r, err := os.Open(filepath.Join(back, "typed.arrow"))
	require.NoError(t, err)
	defer r.Close()
	rd, err := arrowipc.NewOpener().NewReader(r, format.ReadOptions{Source: "back"})
	require.NoError(t, err)
	defer rd.Close()
	got, err := rd.Next()
	require.NoError(t, err)
	defer got.Release()
	require.Equal(t, arrow.INT64, got.Schema().Field(0).Type.ID(), "the SSN column is int64 again")
	require.Equal(t, arrow.DECIMAL128, got.Schema().Field(1).Type.ID(), "the card column is a decimal again")
	assert.Equal(t, arrow.STRING, got.Schema().Field(2).Type.ID(), "a column with a fallback placeholder stays text")
	assert.Equal(t, ssns, got.Column(0).(*array.Int64).Int64Values())
	for i, c := range cards {
		assert.Equal(t, decimal128.FromI64(c), got.Column(1).(*array.Decimal128).Value(i))
	}
}

func TestParseTypeName(t *testing.T) {
	cases := map[string]arrow.DataType{
		"int64":                 arrow.PrimitiveTypes.Int64,
		"uint32":                arrow.PrimitiveTypes.Uint32,
		"decimal(16, 0)":        &arrow.Decimal128Type{Precision: 16, Scale: 0},
		"decimal(10, 2)":        &arrow.Decimal128Type{Precision: 10, Scale: 2},
		"timestamp[us]":         &arrow.TimestampType{Unit: arrow.Microsecond},
		"timestamp[ms, tz=UTC]": &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"},
		"decimal(40, 0)":        nil, // beyond decimal128
		"list<item: utf8>":      nil,
		"bool":                  nil,
	}
	for name, want := range cases {
		got := parseTypeName(name)
		if want == nil {
			assert.Nil(t, got, name)
			continue
		}
		require.NotNil(t, got, name)
		assert.True(t, arrow.TypeEqual(want, got), "%s: got %s", name, got)
		assert.Equal(t, name, got.String(), "reads back the name scanner.TypeName wrote")
	}
}
