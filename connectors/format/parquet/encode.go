package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// converter turns element i of an Arrow array into a Parquet value of the
// leaf type lt. Values that need bytes of their own (FLOAT16, decimals
// stored as bytes) are written into the colWork's arena, which lives until
// the values are handed to the column writer.
type converter func(i int) (pq.Value, error)

var errOutOfRange = errors.New("value does not fit the Parquet type")

func approxBytes(a arrow.Array) int64 {
	n := int64(a.Len())
	switch t := a.(type) {
	case *array.String:
		if o := t.ValueOffsets(); len(o) > 0 {
			return int64(o[len(o)-1]-o[0]) + 4*n
		}
		return 0
	case *array.Binary:
		if o := t.ValueOffsets(); len(o) > 0 {
			return int64(o[len(o)-1]-o[0]) + 4*n
		}
		return 0
	}
	if fw, ok := a.DataType().(arrow.FixedWidthDataType); ok {
		return n * int64(max(fw.BitWidth(), 8)) / 8
	}
	return dataBytes(a.Data())
}

func dataBytes(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	return n
}

func (s *colWork) bytesOf(n int) []byte {
	if len(s.arena)+n > cap(s.arena) {
		// Values already made keep pointing into the old arena, which the
		// garbage collector keeps alive for them.
		s.arena = make([]byte, 0, max(64<<10, 2*cap(s.arena), n))
	}
	s.arena = s.arena[:len(s.arena)+n]
	return s.arena[len(s.arena)-n:]
}

func (s *colWork) converter(a arrow.Array, lt leafType) (converter, error) {
	switch t := a.(type) {
	case *array.Dictionary:
		inner, err := s.converter(t.Dictionary(), lt)
		if err != nil {
			return nil, err
		}
		return func(i int) (pq.Value, error) { return inner(t.GetValueIndex(i)) }, nil
	case array.ExtensionArray:
		return s.converter(t.Storage(), lt)
	case *array.Null:
		return func(int) (pq.Value, error) { return pq.NullValue(), nil }, nil
	case *array.Boolean:
		return func(i int) (pq.Value, error) { return pq.BooleanValue(t.Value(i)), nil }, nil
	case *array.Int8:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Int16:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Int32:
		v := t.Int32Values()
		return func(i int) (pq.Value, error) { return pq.Int32Value(v[i]), nil }, nil
	case *array.Int64:
		v := t.Int64Values()
		return func(i int) (pq.Value, error) { return pq.Int64Value(v[i]), nil }, nil
	case *array.Uint8:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Uint16:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Uint32:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Uint64:
		return func(i int) (pq.Value, error) { return pq.Int64Value(int64(t.Value(i))), nil }, nil
	case *array.Float16:
		return func(i int) (pq.Value, error) {
			b := s.bytesOf(2)
			binary.LittleEndian.PutUint16(b, t.Value(i).Uint16())
			return pq.FixedLenByteArrayValue(b), nil
		}, nil
	case *array.Float32:
		return func(i int) (pq.Value, error) { return pq.FloatValue(t.Value(i)), nil }, nil
	case *array.Float64:
		return func(i int) (pq.Value, error) { return pq.DoubleValue(t.Value(i)), nil }, nil
	case *array.String:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(stringBytes(t.Value(i))), nil }, nil
	case *array.LargeString:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(stringBytes(t.Value(i))), nil }, nil
	case *array.StringView:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(stringBytes(t.Value(i))), nil }, nil
	case *array.Binary:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(t.Value(i)), nil }, nil
	case *array.LargeBinary:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(t.Value(i)), nil }, nil
	case *array.BinaryView:
		return func(i int) (pq.Value, error) { return pq.ByteArrayValue(t.Value(i)), nil }, nil
	case *array.FixedSizeBinary:
		if lt.phys != format.FixedLenByteArray || lt.length != t.DataType().(*arrow.FixedSizeBinaryType).ByteWidth {
			break
		}
		return func(i int) (pq.Value, error) { return pq.FixedLenByteArrayValue(t.Value(i)), nil }, nil
	case *array.Date32:
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i))), nil }, nil
	case *array.Date64:
		return func(i int) (pq.Value, error) {
			ms := int64(t.Value(i))
			days := ms / 86400000
			if ms%86400000 < 0 {
				days--
			}
			if days < math.MinInt32 || days > math.MaxInt32 {
				return pq.Value{}, errOutOfRange
			}
			return pq.Int32Value(int32(days)), nil
		}, nil
	case *array.Time32:
		mul := int32(1)
		if t.DataType().(*arrow.Time32Type).Unit == arrow.Second {
			mul = 1000
		}
		return func(i int) (pq.Value, error) { return pq.Int32Value(int32(t.Value(i)) * mul), nil }, nil
	case *array.Time64:
		return func(i int) (pq.Value, error) { return pq.Int64Value(int64(t.Value(i))), nil }, nil
	case *array.Timestamp:
		if lt.phys == format.Int96 {
			return func(i int) (pq.Value, error) { return pq.Int96Value(nanosInt96(int64(t.Value(i)))), nil }, nil
		}
		mul := int64(1)
		if t.DataType().(*arrow.TimestampType).Unit == arrow.Second {
			mul = 1000
		}
		return func(i int) (pq.Value, error) {
			v := int64(t.Value(i))
			if mul != 1 && (v > math.MaxInt64/mul || v < math.MinInt64/mul) {
				return pq.Value{}, errOutOfRange
			}
			return pq.Int64Value(v * mul), nil
		}, nil
	case *array.Decimal32:
		return s.decimal(lt, func(i int) (int64, uint64, []uint64) {
			v := int64(t.Value(i))
			return v >> 63, uint64(v), nil
		})
	case *array.Decimal64:
		return s.decimal(lt, func(i int) (int64, uint64, []uint64) {
			v := int64(t.Value(i))
			return v >> 63, uint64(v), nil
		})
	case *array.Decimal128:
		return s.decimal(lt, func(i int) (int64, uint64, []uint64) {
			v := t.Value(i)
			return v.HighBits(), v.LowBits(), nil
		})
	case *array.Decimal256:
		return s.decimal(lt, func(i int) (int64, uint64, []uint64) {
			a := t.Value(i).Array() // little-endian words
			return int64(a[1]), a[0], []uint64{a[3], a[2], a[1], a[0]}
		})
	}
	return nil, fmt.Errorf("%w: writing %s as %s", ErrUnsupported, a.DataType(), lt)
}

func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// decimal writes decimals given as (high, low) 64-bit halves of a 128-bit
// value, or, for wider values, as words (most significant first).
func (s *colWork) decimal(lt leafType, get func(i int) (hi int64, lo uint64, words []uint64)) (converter, error) {
	// fits128 reports whether a 256-bit value is a sign extension of its
	// low 128 bits.
	fits128 := func(words []uint64) bool {
		if words == nil {
			return true
		}
		ext := uint64(int64(words[2]) >> 63)
		return words[0] == ext && words[1] == ext
	}
	switch lt.phys {
	case format.Int32:
		return func(i int) (pq.Value, error) {
			hi, lo, words := get(i)
			v := int64(lo)
			if !fits128(words) || hi != v>>63 || v < math.MinInt32 || v > math.MaxInt32 {
				return pq.Value{}, errOutOfRange
			}
			return pq.Int32Value(int32(v)), nil
		}, nil
	case format.Int64:
		return func(i int) (pq.Value, error) {
			hi, lo, words := get(i)
			if !fits128(words) || hi != int64(lo)>>63 {
				return pq.Value{}, errOutOfRange
			}
			return pq.Int64Value(int64(lo)), nil
		}, nil
	case format.FixedLenByteArray, format.ByteArray:
		return func(i int) (pq.Value, error) {
			hi, lo, words := get(i)
			var be [32]byte
			if words == nil {
				ext := uint64(hi >> 63)
				words = []uint64{ext, ext, uint64(hi), lo}
			}
			for k, w := range words {
				binary.BigEndian.PutUint64(be[k*8:], w)
			}
			n := lt.length
			if lt.phys == format.ByteArray {
				n = minimalLen(be[:])
			}
			// The dropped leading bytes must be sign extension.
			fill := byte(0)
			if be[0]&0x80 != 0 {
				fill = 0xff
			}
			for _, c := range be[:32-n] {
				if c != fill {
					return pq.Value{}, errOutOfRange
				}
			}
			if (be[32-n]^fill)&0x80 != 0 {
				return pq.Value{}, errOutOfRange
			}
			b := s.bytesOf(n)
			copy(b, be[32-n:])
			if lt.phys == format.ByteArray {
				return pq.ByteArrayValue(b), nil
			}
			return pq.FixedLenByteArrayValue(b), nil
		}, nil
	}
	return nil, fmt.Errorf("%w: DECIMAL as %s", ErrUnsupported, lt.phys)
}

// minimalLen is the fewest bytes that hold the big-endian two's complement
// value be.
func minimalLen(be []byte) int {
	fill := byte(0)
	if be[0]&0x80 != 0 {
		fill = 0xff
	}
	i := 0
	for i < len(be)-1 && be[i] == fill && (be[i+1]^fill)&0x80 == 0 {
		i++
	}
	return len(be) - i
}

// nanosInt96 converts nanoseconds since the Unix epoch to an INT96
// timestamp (nanoseconds within the day, Julian day).
func nanosInt96(ns int64) deprecated.Int96 {
	day := ns / 86400e9
	rem := ns % 86400e9
	if rem < 0 {
		rem += 86400e9
		day--
	}
	jd := uint32(day + julianUnixEpoch)
	return deprecated.Int96{uint32(uint64(rem)), uint32(uint64(rem) >> 32), jd}
}
