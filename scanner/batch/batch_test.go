package batch

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func record(t *testing.T, mem memory.Allocator) arrow.RecordBatch {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.BinaryTypes.String}}, nil)
	bld := array.NewRecordBuilder(mem, schema)
	defer bld.Release()
	bld.Field(0).(*array.StringBuilder).AppendValues([]string{"x", "y"}, nil)
	return bld.NewRecordBatch()
}

func TestDoneReleasesAndAcksOnce(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var acks []error
	b := New(record(t, mem), Origin{Source: "x.csv", FirstRow: 10}, func(err error) { acks = append(acks, err) })
	boom := errors.New("boom")
	b.Done(boom)
	b.Done(nil)
	require.Len(t, acks, 1)
	assert.ErrorIs(t, acks[0], boom)
	assert.Equal(t, "x.csv row 11", b.Origin.String())
}

func TestSplitAcksParentAfterLastChild(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	calls := 0
	var got error
	b := New(record(t, mem), Origin{}, func(err error) { calls++; got = err })
	parts := b.Split(3)
	parts[0](nil)
	parts[0](errors.New("ignored: second call"))
	assert.Zero(t, calls)
	boom := errors.New("part 2 failed")
	parts[2](boom)
	assert.Zero(t, calls)
	parts[1](nil)
	assert.Equal(t, 1, calls)
	assert.ErrorIs(t, got, boom)
}
