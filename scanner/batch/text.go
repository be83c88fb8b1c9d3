package batch

import (
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// AppendText appends the text form of arr's value i to dst, the form the
// scanner reads and a CSV writer would write: strings as they are, integers
// and decimals in base 10 (decimals with every digit of their scale), floats in their shortest exact form, dates and
// timestamps in ISO 8601. It reports false for a null, and for types whose
// values cannot hold an identifier (booleans, nested types), which are not
// scanned.
func AppendText(dst []byte, arr arrow.Array, i int) ([]byte, bool) {
	if arr.IsNull(i) {
		return dst, false
	}
	switch a := arr.(type) {
	case *array.String:
		return append(dst, a.Value(i)...), true
	case *array.LargeString:
		return append(dst, a.Value(i)...), true
	case *array.StringView:
		return append(dst, a.Value(i)...), true
	case *array.Binary:
		return append(dst, a.Value(i)...), true
	case *array.LargeBinary:
		return append(dst, a.Value(i)...), true
	case *array.FixedSizeBinary:
		return append(dst, a.Value(i)...), true
	case *array.Int8:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10), true
	case *array.Int16:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10), true
	case *array.Int32:
		return strconv.AppendInt(dst, int64(a.Value(i)), 10), true
	case *array.Int64:
		return strconv.AppendInt(dst, a.Value(i), 10), true
	case *array.Uint8:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10), true
	case *array.Uint16:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10), true
	case *array.Uint32:
		return strconv.AppendUint(dst, uint64(a.Value(i)), 10), true
	case *array.Uint64:
		return strconv.AppendUint(dst, a.Value(i), 10), true
	case *array.Float32:
		return strconv.AppendFloat(dst, float64(a.Value(i)), 'f', -1, 32), true
	case *array.Float64:
		return strconv.AppendFloat(dst, a.Value(i), 'f', -1, 64), true
	case *array.Decimal128: // with every digit of its scale: 99.20, not 99.2
		return append(dst, a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)...), true
	case *array.Decimal256:
		return append(dst, a.Value(i).ToString(a.DataType().(*arrow.Decimal256Type).Scale)...), true
	case *array.Date32:
		return a.Value(i).ToTime().AppendFormat(dst, time.DateOnly), true
	case *array.Date64:
		return a.Value(i).ToTime().AppendFormat(dst, time.DateOnly), true
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).AppendFormat(dst, time.RFC3339Nano), true
	case *array.Dictionary:
		return AppendText(dst, a.Dictionary(), a.GetValueIndex(i))
	}
	return dst, false
}

// Inert reports whether values of dt can hold no identifier at all
// (booleans, times of day, durations, intervals, half floats): AppendText
// does not read them, and nothing needs to. Any other type AppendText
// cannot read (lists, structs, maps, unions) is unreadable: its values
// could hold anything.
func Inert(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.NULL, arrow.BOOL, arrow.TIME32, arrow.TIME64, arrow.DURATION,
		arrow.INTERVAL_MONTHS, arrow.INTERVAL_DAY_TIME, arrow.INTERVAL_MONTH_DAY_NANO, arrow.FLOAT16:
		return true
	}
	return false
}
