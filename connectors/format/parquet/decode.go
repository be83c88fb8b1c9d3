package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/float16"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"
)

// ErrInvalidUTF8 is wrapped (in a *format.RowError) when a STRING, ENUM or
// JSON column holds bytes that are not UTF-8.
var ErrInvalidUTF8 = errors.New("invalid UTF-8 in a string column")

// errCorruptPage marks a page whose contents contradict its header or its
// column's schema.
var errCorruptPage = errors.New("page contents do not match the column")

// pageVals are the non-null values of one page, in the form each physical
// type decodes to. Dictionary pages of fixed-width types are expanded into
// fixed; BYTE_ARRAY dictionary pages keep their indexes (idx) into the
// dictionary's values (data, offs).
type pageVals struct {
	n     int
	width int    // bytes per value in fixed
	fixed []byte // little-endian fixed-width values
	bits  []byte // BOOLEAN values, bit-packed, first value in the low bit
	data  []byte
	offs  []uint32 // n+1 offsets into data (or dictionary size+1)
	idx   []int32

	scratch    []byte // reused for expanded dictionaries and realigned values
	idxScratch []byte

	dict        pq.Dictionary
	dictChecked []int8 // per dictionary entry: 1 UTF-8, -1 not, 0 unchecked
}

func (v *pageVals) bytesAt(k int) []byte {
	if v.idx != nil {
		d := v.idx[k]
		return v.data[v.offs[d]:v.offs[d+1]]
	}
	return v.data[v.offs[k]:v.offs[k+1]]
}

func physWidth(lt leafType) int {
	switch lt.phys {
	case format.Int32, format.Float:
		return 4
	case format.Int64, format.Double:
		return 8
	case format.Int96:
		return 12
	case format.FixedLenByteArray:
		return lt.length
	}
	return 0
}

func kindOf(p format.Type) encoding.Kind {
	return encoding.Kind(p + 1) // encoding.Boolean == 1, format.Boolean == 0
}

// load fills v with the n dense values of page p of a column of type lt.
func (v *pageVals) load(p pq.Page, lt leafType, n int) error {
	*v = pageVals{n: n, width: physWidth(lt), scratch: v.scratch, idxScratch: v.idxScratch, dict: v.dict, dictChecked: v.dictChecked}
	if n == 0 {
		return nil
	}
	data := p.Data()
	if dict := p.Dictionary(); dict != nil {
		if data.Kind() != encoding.Int32 {
			return errCorruptPage
		}
		raw, _ := data.Data()
		if len(raw) < 4*n {
			return errCorruptPage
		}
		idx := asSlice[int32](aligned(raw[:4*n], 4, &v.idxScratch), 0, n)
		size := int32(dict.Len())
		for _, i := range idx {
			if i < 0 || i >= size {
				return fmt.Errorf("%w: dictionary index out of range", errCorruptPage)
			}
		}
		dv := dict.Page().Data()
		if dv.Kind() != kindOf(lt.phys) {
			return errCorruptPage
		}
		draw, doffs := dv.Data()
		switch lt.phys {
		case format.ByteArray:
			if err := checkOffsets(draw, doffs, int(size)); err != nil {
				return err
			}
			v.data, v.offs, v.idx = draw, doffs[:size+1], idx
			if v.dict != dict {
				v.dict, v.dictChecked = dict, v.dictChecked[:0]
			}
		case format.Boolean:
			if len(draw)*8 < int(size) {
				return errCorruptPage
			}
			v.bits = v.grow((n + 7) / 8)
			clear(v.bits)
			for k, i := range idx {
				if draw[i/8]>>(i%8)&1 != 0 {
					v.bits[k/8] |= 1 << (k % 8)
				}
			}
		default:
			w := v.width
			if len(draw) < int(size)*w {
				return errCorruptPage
			}
			v.fixed = v.grow(n * w)
			for k, i := range idx {
				copy(v.fixed[k*w:(k+1)*w], draw[int(i)*w:])
			}
		}
		return nil
	}
	if data.Kind() != kindOf(lt.phys) {
		return errCorruptPage
	}
	raw, offs := data.Data()
	switch lt.phys {
	case format.Boolean:
		if len(raw)*8 < n {
			return errCorruptPage
		}
		v.bits = raw
	case format.ByteArray:
		if err := checkOffsets(raw, offs, n); err != nil {
			return err
		}
		v.data, v.offs = raw, offs
	default:
		if len(raw) < n*v.width {
			return errCorruptPage
		}
		v.fixed = aligned(raw[:n*v.width], v.width, &v.scratch)
	}
	return nil
}

// aligned returns b, or a copy of it in *scratch when b does not start at a
// multiple of width (4 or 8), so that it can be read as a slice of int32 or
// int64 (values decoded in place may start anywhere in a page).
func aligned(b []byte, width int, scratch *[]byte) []byte {
	if (width != 4 && width != 8) || len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%uintptr(width) == 0 {
		return b
	}
	if cap(*scratch) < len(b) {
		*scratch = make([]byte, len(b)+8)
	}
	s := (*scratch)[:len(b)]
	copy(s, b)
	return s
}

func (v *pageVals) grow(n int) []byte {
	if cap(v.scratch) < n {
		v.scratch = make([]byte, n+8)
	}
	return v.scratch[:n]
}

// validUTF8Run reports whether values [i, j) are all UTF-8: their bytes
// together are, and no value starts inside a character (with a
// continuation byte), so every value is a whole number of characters.
func validUTF8Run(data []byte, offs []uint32, i, j int) bool {
	if !utf8.Valid(data[offs[i]:offs[j]]) {
		return false
	}
	for k := i + 1; k < j; k++ {
		if o := offs[k]; o < offs[j] && data[o]&0xC0 == 0x80 {
			return false
		}
	}
	return true
}

// dictValid reports whether dictionary entry d is UTF-8, checking each
// entry of a dictionary once.
func (v *pageVals) dictValid(d int) bool {
	if v.dictChecked == nil || len(v.dictChecked) != len(v.offs)-1 {
		v.dictChecked = make([]int8, len(v.offs)-1)
	}
	switch v.dictChecked[d] {
	case 1:
		return true
	case -1:
		return false
	}
	ok := utf8.Valid(v.data[v.offs[d]:v.offs[d+1]])
	v.dictChecked[d] = -1
	if ok {
		v.dictChecked[d] = 1
	}
	return ok
}

func checkOffsets(data []byte, offs []uint32, n int) error {
	if len(offs) < n+1 {
		return errCorruptPage
	}
	prev := offs[0]
	for _, o := range offs[1 : n+1] {
		if o < prev {
			return errCorruptPage
		}
		prev = o
	}
	if int64(prev) > int64(len(data)) {
		return errCorruptPage
	}
	return nil
}

// appender appends the dense values [i, j) of a page to a builder. It
// returns the index of the first value that is not valid for the column
// (invalid UTF-8 in a string column), or -1.
type appender func(b array.Builder, v *pageVals, i, j int) (bad int, err error)

// maxBinaryBytes keeps an Arrow binary array's int32 offsets from
// overflowing.
const maxBinaryBytes = math.MaxInt32

var errBatchTooLarge = errors.New("values of one batch exceed 2 GiB in a column")

func asSlice[T any](raw []byte, i, j int) []T {
	var z T
	w := int(unsafe.Sizeof(z))
	if j <= i {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&raw[i*w])), j-i)
}

type valuesAppender[T any] interface {
	AppendValues([]T, []bool)
}

func bulk[T any](b array.Builder, v *pageVals, i, j int) (int, error) {
	b.(valuesAppender[T]).AppendValues(asSlice[T](v.fixed, i, j), nil)
	return -1, nil
}

// newAppender chooses how values of type lt become values of Arrow type dt.
func newAppender(lt leafType, dt arrow.DataType) (appender, error) {
	switch t := dt.(type) {
	case *arrow.NullType:
		return nil, nil
	case *arrow.BooleanType:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.BooleanBuilder)
			for k := i; k < j; k++ {
				bb.Append(v.bits[k/8]>>(k%8)&1 != 0)
			}
			return -1, nil
		}, nil
	case *arrow.Int8Type:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.Int8Builder)
			for _, x := range asSlice[int32](v.fixed, i, j) {
				bb.Append(int8(x))
			}
			return -1, nil
		}, nil
	case *arrow.Int16Type:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.Int16Builder)
			for _, x := range asSlice[int32](v.fixed, i, j) {
				bb.Append(int16(x))
			}
			return -1, nil
		}, nil
	case *arrow.Uint8Type:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.Uint8Builder)
			for _, x := range asSlice[int32](v.fixed, i, j) {
				bb.Append(uint8(x))
			}
			return -1, nil
		}, nil
	case *arrow.Uint16Type:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.Uint16Builder)
			for _, x := range asSlice[int32](v.fixed, i, j) {
				bb.Append(uint16(x))
			}
			return -1, nil
		}, nil
	case *arrow.Int32Type:
		return bulk[int32], nil
	case *arrow.Uint32Type:
		return bulk[uint32], nil
	case *arrow.Date32Type:
		return bulk[arrow.Date32], nil
	case *arrow.Time32Type:
		return bulk[arrow.Time32], nil
	case *arrow.Int64Type:
		return bulk[int64], nil
	case *arrow.Uint64Type:
		return bulk[uint64], nil
	case *arrow.Time64Type:
		return bulk[arrow.Time64], nil
	case *arrow.Float32Type:
		return bulk[float32], nil
	case *arrow.Float64Type:
		return bulk[float64], nil
	case *arrow.TimestampType:
		if lt.phys == format.Int96 {
			return func(b array.Builder, v *pageVals, i, j int) (int, error) {
				bb := b.(*array.TimestampBuilder)
				for k := i; k < j; k++ {
					bb.Append(arrow.Timestamp(int96Nanos(v.fixed[k*12:])))
				}
				return -1, nil
			}, nil
		}
		return bulk[arrow.Timestamp], nil
	case *arrow.Float16Type:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.Float16Builder)
			for k := i; k < j; k++ {
				bb.Append(float16.FromBits(binary.LittleEndian.Uint16(v.fixed[k*2:])))
			}
			return -1, nil
		}, nil
	case *arrow.FixedSizeBinaryType:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			bb := b.(*array.FixedSizeBinaryBuilder)
			w := v.width
			for k := i; k < j; k++ {
				bb.Append(v.fixed[k*w : (k+1)*w])
			}
			return -1, nil
		}, nil
	case *arrow.StringType, *arrow.BinaryType:
		check := t.ID() == arrow.STRING
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			var bb *array.BinaryBuilder
			if sb, ok := b.(*array.StringBuilder); ok {
				bb = sb.BinaryBuilder
			} else {
				bb = b.(*array.BinaryBuilder)
			}
			bb.Reserve(j - i)
			if v.idx != nil {
				for k := i; k < j; k++ {
					d := v.idx[k]
					if check && !v.dictValid(int(d)) {
						return k, nil
					}
					x := v.data[v.offs[d]:v.offs[d+1]]
					if bb.DataLen()+len(x) > maxBinaryBytes {
						return -1, errBatchTooLarge
					}
					bb.Append(x)
				}
				return -1, nil
			}
			size := int(v.offs[j] - v.offs[i])
			if bb.DataLen()+size > maxBinaryBytes {
				return -1, errBatchTooLarge
			}
			bb.ReserveData(size)
			if check && !validUTF8Run(v.data, v.offs, i, j) {
				for k := i; k < j; k++ {
					x := v.data[v.offs[k]:v.offs[k+1]]
					if !utf8.Valid(x) {
						return k, nil
					}
					bb.UnsafeAppend(x)
				}
				return -1, nil
			}
			for k := i; k < j; k++ {
				bb.UnsafeAppend(v.data[v.offs[k]:v.offs[k+1]])
			}
			return -1, nil
		}, nil
	case *arrow.Decimal128Type:
		return decimalAppender(lt, func(b array.Builder, hi int64, lo uint64) {
			b.(*array.Decimal128Builder).Append(decimal128.New(hi, lo))
		}, func(b array.Builder, x []byte) error {
			n, err := decimal128FromBE(x)
			if err != nil {
				return err
			}
			b.(*array.Decimal128Builder).Append(n)
			return nil
		})
	case *arrow.Decimal256Type:
		return decimalAppender(lt, func(b array.Builder, hi int64, lo uint64) {
			ext := uint64(hi >> 63)
			b.(*array.Decimal256Builder).Append(decimal256.New(ext, ext, uint64(hi), lo))
		}, func(b array.Builder, x []byte) error {
			n, err := decimal256FromBE(x)
			if err != nil {
				return err
			}
			b.(*array.Decimal256Builder).Append(n)
			return nil
		})
	}
	return nil, fmt.Errorf("%w: reading %s as %s", ErrUnsupported, lt, dt)
}

func decimalAppender(lt leafType, fromInt func(array.Builder, int64, uint64), fromBE func(array.Builder, []byte) error) (appender, error) {
	switch lt.phys {
	case format.Int32:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			for _, x := range asSlice[int32](v.fixed, i, j) {
				fromInt(b, int64(x)>>63, uint64(int64(x)))
			}
			return -1, nil
		}, nil
	case format.Int64:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			for _, x := range asSlice[int64](v.fixed, i, j) {
				fromInt(b, x>>63, uint64(x))
			}
			return -1, nil
		}, nil
	case format.FixedLenByteArray:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			w := v.width
			for k := i; k < j; k++ {
				if err := fromBE(b, v.fixed[k*w:(k+1)*w]); err != nil {
					return -1, err
				}
			}
			return -1, nil
		}, nil
	case format.ByteArray:
		return func(b array.Builder, v *pageVals, i, j int) (int, error) {
			for k := i; k < j; k++ {
				if err := fromBE(b, v.bytesAt(k)); err != nil {
					return -1, err
				}
			}
			return -1, nil
		}, nil
	}
	return nil, fmt.Errorf("%w: DECIMAL stored as %s", ErrUnsupported, lt.phys)
}

var errDecimalRange = fmt.Errorf("%w: decimal value wider than its Arrow type", errCorruptPage)

// beWords sign-extends the big-endian two's complement integer x into
// words 64-bit words, most significant first.
func beWords(x []byte, words []uint64) error {
	fill := byte(0)
	if len(x) > 0 && x[0]&0x80 != 0 {
		fill = 0xff
	}
	n := len(words) * 8
	if len(x) > n {
		// Longer encodings are fine when the extra bytes are sign bytes.
		for _, c := range x[:len(x)-n] {
			if c != fill {
				return errDecimalRange
			}
		}
		if (x[len(x)-n]^fill)&0x80 != 0 {
			return errDecimalRange
		}
		x = x[len(x)-n:]
	}
	var buf [32]byte
	for i := range n - len(x) {
		buf[i] = fill
	}
	copy(buf[n-len(x):n], x)
	for i := range words {
		words[i] = binary.BigEndian.Uint64(buf[i*8:])
	}
	return nil
}

func decimal128FromBE(x []byte) (decimal128.Num, error) {
	var w [2]uint64
	if err := beWords(x, w[:]); err != nil {
		return decimal128.Num{}, err
	}
	return decimal128.New(int64(w[0]), w[1]), nil
}

func decimal256FromBE(x []byte) (decimal256.Num, error) {
	var w [4]uint64
	if err := beWords(x, w[:]); err != nil {
		return decimal256.Num{}, err
	}
	return decimal256.New(w[0], w[1], w[2], w[3]), nil
}

// julianUnixEpoch is the Julian day number of 1970-01-01.
const julianUnixEpoch = 2440588

// int96Nanos converts an INT96 timestamp (nanoseconds within the day, then
// the Julian day) to nanoseconds since the Unix epoch.
func int96Nanos(b []byte) int64 {
	nanos := int64(binary.LittleEndian.Uint64(b))
	day := int64(binary.LittleEndian.Uint32(b[8:]))
	return (day-julianUnixEpoch)*86400e9 + nanos
}
