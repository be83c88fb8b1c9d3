package arrowipc

import (
	"errors"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ErrInvalidUTF8 is wrapped (in a *format.RowError) when a string column
// (utf8, large_utf8 or utf8_view) holds a value that is not UTF-8.
var ErrInvalidUTF8 = errors.New("invalid UTF-8 in a string column")

// firstInvalidUTF8 returns the first row of b (0-based) that holds a value
// that is not UTF-8 in a top-level string column, and that column's index;
// row -1 when there is none. When several columns are bad, the earliest row
// wins, then the leftmost column. b must have passed validateRecord, so
// every offset is in bounds.
func firstInvalidUTF8(b arrow.RecordBatch) (row, col int) {
	row, col = -1, -1
	for i, c := range b.Columns() {
		limit := c.Len()
		if row >= 0 {
			limit = row // only an earlier row could win
		}
		var r int
		switch a := c.(type) {
		case *array.String:
			r = firstBadOffsets(c.Data(), arrow.Int32Traits.CastFromBytes(bufBytes(c.Data(), 1)), limit)
		case *array.LargeString:
			r = firstBadOffsets(c.Data(), arrow.Int64Traits.CastFromBytes(bufBytes(c.Data(), 1)), limit)
		case *array.StringView:
			r = -1
			for k := range limit {
				if a.IsValid(k) && !utf8.ValidString(a.Value(k)) {
					r = k
					break
				}
			}
		default:
			continue
		}
		if r >= 0 {
			row, col = r, i
		}
	}
	return row, col
}

// firstBadOffsets returns the first of the rows [0, n) of a utf8 or
// large_utf8 array d whose value is not UTF-8, or -1. offs are the array's
// offsets (from the start of its buffer; d.Offset applies).
//
// It is fast for the common case: every value is UTF-8 exactly when the
// bytes of all of them together are and no value after the first starts
// with a continuation byte (so no value begins or ends inside a character
// that its neighbour completes). Only when that fails are the values
// checked one by one, skipping nulls, whose bytes mean nothing.
func firstBadOffsets[T int32 | int64](d arrow.ArrayData, offs []T, n int) int {
	if n == 0 {
		return -1
	}
	off := d.Offset()
	offs = offs[off : off+n+1]
	data := bufBytes(d, 2)
	end := offs[n]
	ok := utf8.Valid(data[offs[0]:end])
	for k := 1; ok && k < n; k++ {
		if o := offs[k]; o < end && data[o]&0xC0 == 0x80 {
			ok = false
		}
	}
	if ok {
		return -1
	}
	for k := range n {
		if isValid(d, k) && !utf8.Valid(data[offs[k]:offs[k+1]]) {
			return k
		}
	}
	return -1
}
