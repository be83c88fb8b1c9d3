package parquet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Logical annotations a leaf can carry, as leafType.logical.
const (
	lNone      = ""
	lString    = "STRING"
	lEnum      = "ENUM"
	lJSON      = "JSON"
	lBSON      = "BSON"
	lUUID      = "UUID"
	lDate      = "DATE"
	lFloat16   = "FLOAT16"
	lInterval  = "INTERVAL"
	lNull      = "NULL"
	lInt       = "INT"
	lDecimal   = "DECIMAL"
	lTime      = "TIME"
	lTimestamp = "TIMESTAMP"
	lGeometry  = "GEOMETRY"
	lGeography = "GEOGRAPHY"
)

// leafType is the complete type of a Parquet leaf column: its physical type
// and its logical annotation with parameters.
type leafType struct {
	phys    format.Type
	length  int // FIXED_LEN_BYTE_ARRAY width
	logical string
	bits    int  // INT
	signed  bool // INT
	prec    int  // DECIMAL
	scale   int  // DECIMAL
	unit    arrow.TimeUnit
	utc     bool // TIME, TIMESTAMP: isAdjustedToUTC
}

// ErrUnsupported is wrapped by errors about valid inputs or schemas that
// this package cannot represent (a Parquet decimal wider than 76 digits, an
// Arrow type with no Parquet counterpart, an encrypted file).
var ErrUnsupported = errors.New("unsupported")

func unitName(u arrow.TimeUnit) string {
	switch u {
	case arrow.Millisecond:
		return "MILLIS"
	case arrow.Microsecond:
		return "MICROS"
	case arrow.Nanosecond:
		return "NANOS"
	}
	return "SECONDS"
}

// String renders the type as PHYSICAL[(len)][/LOGICAL[(params)]], the form
// of the veil.parquet.type field metadata.
func (t leafType) String() string {
	var b strings.Builder
	b.WriteString(t.phys.String())
	if t.phys == format.FixedLenByteArray {
		fmt.Fprintf(&b, "(%d)", t.length)
	}
	if t.logical == lNone {
		return b.String()
	}
	b.WriteByte('/')
	b.WriteString(t.logical)
	switch t.logical {
	case lInt:
		fmt.Fprintf(&b, "(%d,%t)", t.bits, t.signed)
	case lDecimal:
		fmt.Fprintf(&b, "(%d,%d)", t.prec, t.scale)
	case lTime, lTimestamp:
		fmt.Fprintf(&b, "(%s,%t)", unitName(t.unit), t.utc)
	}
	return b.String()
}

var physByName = map[string]format.Type{
	"BOOLEAN": format.Boolean, "INT32": format.Int32, "INT64": format.Int64, "INT96": format.Int96,
	"FLOAT": format.Float, "DOUBLE": format.Double, "BYTE_ARRAY": format.ByteArray,
	"FIXED_LEN_BYTE_ARRAY": format.FixedLenByteArray,
}

// parseLeafType parses the String form; the result is checked with valid.
func parseLeafType(s string) (leafType, error) {
	var t leafType
	bad := fmt.Errorf("invalid parquet type %q", s)
	phys, logical, _ := strings.Cut(s, "/")
	name, arg, hasArg := strings.Cut(strings.TrimSuffix(phys, ")"), "(")
	p, ok := physByName[name]
	if !ok || hasArg != (p == format.FixedLenByteArray) {
		return t, bad
	}
	t.phys = p
	if hasArg {
		n, err := strconv.Atoi(arg)
		if err != nil {
			return t, bad
		}
		t.length = n
	}
	if logical != "" {
		name, args, hasArgs := strings.Cut(strings.TrimSuffix(logical, ")"), "(")
		t.logical = name
		a, b, _ := strings.Cut(args, ",")
		switch name {
		case lString, lEnum, lJSON, lBSON, lUUID, lDate, lFloat16, lInterval, lNull, lGeometry, lGeography:
			if hasArgs {
				return t, bad
			}
		case lInt:
			bits, err1 := strconv.Atoi(a)
			signed, err2 := strconv.ParseBool(b)
			if err1 != nil || err2 != nil {
				return t, bad
			}
			t.bits, t.signed = bits, signed
		case lDecimal:
			prec, err1 := strconv.Atoi(a)
			scale, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil {
				return t, bad
			}
			t.prec, t.scale = prec, scale
		case lTime, lTimestamp:
			utc, err := strconv.ParseBool(b)
			if err != nil {
				return t, bad
			}
			t.utc = utc
			switch a {
			case "MILLIS":
				t.unit = arrow.Millisecond
			case "MICROS":
				t.unit = arrow.Microsecond
			case "NANOS":
				t.unit = arrow.Nanosecond
			default:
				return t, bad
			}
		default:
			return t, bad
		}
	}
	if err := t.valid(); err != nil {
		return t, err
	}
	return t, nil
}

// valid checks that the logical annotation fits the physical type.
func (t leafType) valid() error {
	p := t.phys
	ok := true
	switch t.logical {
	case lNone:
		ok = p >= format.Boolean && p <= format.FixedLenByteArray
	case lString, lEnum, lJSON, lBSON, lGeometry, lGeography:
		ok = p == format.ByteArray
	case lUUID:
		ok = p == format.FixedLenByteArray && t.length == 16
	case lFloat16:
		ok = p == format.FixedLenByteArray && t.length == 2
	case lInterval:
		ok = p == format.FixedLenByteArray && t.length == 12
	case lDate:
		ok = p == format.Int32
	case lNull:
		ok = true
	case lInt:
		switch t.bits {
		case 8, 16, 32:
			ok = p == format.Int32
		case 64:
			ok = p == format.Int64
		default:
			ok = false
		}
	case lDecimal:
		ok = t.prec >= 1 && t.scale >= 0 && t.scale <= t.prec
		switch p {
		case format.Int32:
			ok = ok && t.prec <= 9
		case format.Int64:
			ok = ok && t.prec <= 18
		case format.FixedLenByteArray:
			ok = ok && t.length >= 1 && t.prec <= maxDecimalDigits(t.length)
		case format.ByteArray:
		default:
			ok = false
		}
	case lTime:
		ok = (t.unit == arrow.Millisecond && p == format.Int32) ||
			((t.unit == arrow.Microsecond || t.unit == arrow.Nanosecond) && p == format.Int64)
	case lTimestamp:
		ok = p == format.Int64 && t.unit >= arrow.Millisecond && t.unit <= arrow.Nanosecond
	default:
		ok = false
	}
	if p == format.FixedLenByteArray && t.length < 0 {
		ok = false
	}
	if !ok {
		return fmt.Errorf("%w: logical type %s is not valid for %s", errBadSchema, t.logical, t.phys)
	}
	return nil
}

var errBadSchema = errors.New("invalid schema")

// maxDecimalDigits is the number of decimal digits an n-byte two's
// complement integer always holds.
func maxDecimalDigits(n int) int {
	if n > 32 {
		return 76
	}
	// floor(log10(2^(8n-1)-1))
	digits := [...]int{0, 2, 4, 6, 9, 11, 14, 16, 18, 21, 23, 26, 28, 31, 33, 35, 38, 40, 43, 45, 47, 50, 52, 55, 57, 59, 62, 64, 67, 69, 71, 74, 76}
	return digits[n]
}

// leafTypeOf reads the type of a leaf from its schema element: the logical
// type if set, else the legacy converted type, else the physical type alone.
func leafTypeOf(e *format.SchemaElement) (leafType, error) {
	if !e.Type.Valid {
		return leafType{}, fmt.Errorf("%w: leaf without a physical type", errBadSchema)
	}
	t := leafType{phys: e.Type.V}
	if t.phys == format.FixedLenByteArray {
		if !e.TypeLength.Valid || e.TypeLength.V < 0 {
			return t, fmt.Errorf("%w: FIXED_LEN_BYTE_ARRAY without a length", errBadSchema)
		}
		t.length = int(e.TypeLength.V)
	}
	unit := func(u format.TimeUnit) (arrow.TimeUnit, error) {
		switch u.Value.(type) {
		case *format.MilliSeconds:
			return arrow.Millisecond, nil
		case *format.MicroSeconds:
			return arrow.Microsecond, nil
		case *format.NanoSeconds:
			return arrow.Nanosecond, nil
		}
		return 0, fmt.Errorf("%w: unknown time unit", errBadSchema)
	}
	var err error
	switch lt := e.LogicalType.Value.(type) {
	case nil:
		if e.ConvertedType.Valid {
			err = t.fromConverted(e)
		}
	case *format.StringType:
		t.logical = lString
	case *format.EnumType:
		t.logical = lEnum
	case *format.JsonType:
		t.logical = lJSON
	case *format.BsonType:
		t.logical = lBSON
	case *format.UUIDType:
		t.logical = lUUID
	case *format.DateType:
		t.logical = lDate
	case *format.Float16Type:
		t.logical = lFloat16
	case *format.NullType:
		t.logical = lNull
	case *format.IntType:
		t.logical, t.bits, t.signed = lInt, int(lt.BitWidth), lt.IsSigned
	case *format.DecimalType:
		t.logical, t.prec, t.scale = lDecimal, int(lt.Precision), int(lt.Scale)
	case *format.TimeType:
		t.logical, t.utc = lTime, lt.IsAdjustedToUTC
		t.unit, err = unit(lt.Unit)
	case *format.TimestampType:
		t.logical, t.utc = lTimestamp, lt.IsAdjustedToUTC
		t.unit, err = unit(lt.Unit)
	case *format.GeometryType:
		t.logical = lGeometry
	case *format.GeographyType:
		t.logical = lGeography
	default:
		// An annotation this version does not know (VARIANT on a leaf,
		// a future type): read the physical values as they are.
		if e.ConvertedType.Valid {
			err = t.fromConverted(e)
		}
	}
	if err != nil {
		return t, err
	}
	return t, t.valid()
}

func (t *leafType) fromConverted(e *format.SchemaElement) error {
	switch ct := e.ConvertedType.V; ct {
	case deprecated.UTF8:
		t.logical = lString
	case deprecated.Enum:
		t.logical = lEnum
	case deprecated.Json:
		t.logical = lJSON
	case deprecated.Bson:
		t.logical = lBSON
	case deprecated.Date:
		t.logical = lDate
	case deprecated.Interval:
		t.logical = lInterval
	case deprecated.Decimal:
		if !e.Precision.Valid || !e.Scale.Valid {
			return fmt.Errorf("%w: DECIMAL without precision and scale", errBadSchema)
		}
		t.logical, t.prec, t.scale = lDecimal, int(e.Precision.V), int(e.Scale.V)
	case deprecated.TimeMillis, deprecated.TimeMicros:
		t.logical, t.utc, t.unit = lTime, true, arrow.Millisecond
		if ct == deprecated.TimeMicros {
			t.unit = arrow.Microsecond
		}
	case deprecated.TimestampMillis, deprecated.TimestampMicros:
		t.logical, t.utc, t.unit = lTimestamp, true, arrow.Millisecond
		if ct == deprecated.TimestampMicros {
			t.unit = arrow.Microsecond
		}
	case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64,
		deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Int64:
		t.logical = lInt
		t.signed = ct >= deprecated.Int8
		t.bits = [...]int{8, 16, 32, 64}[(ct-deprecated.Uint8)%4]
	}
	return nil
}

// arrowType is the Arrow type that values of t are read into.
func (t leafType) arrowType() (arrow.DataType, error) {
	switch t.logical {
	case lString, lEnum, lJSON:
		return arrow.BinaryTypes.String, nil
	case lBSON, lGeometry, lGeography:
		return arrow.BinaryTypes.Binary, nil
	case lUUID, lInterval:
		return &arrow.FixedSizeBinaryType{ByteWidth: t.length}, nil
	case lDate:
		return arrow.FixedWidthTypes.Date32, nil
	case lFloat16:
		return arrow.FixedWidthTypes.Float16, nil
	case lNull:
		return arrow.Null, nil
	case lInt:
		switch {
		case t.bits == 8 && t.signed:
			return arrow.PrimitiveTypes.Int8, nil
		case t.bits == 16 && t.signed:
			return arrow.PrimitiveTypes.Int16, nil
		case t.bits == 32 && t.signed:
			return arrow.PrimitiveTypes.Int32, nil
		case t.bits == 64 && t.signed:
			return arrow.PrimitiveTypes.Int64, nil
		case t.bits == 8:
			return arrow.PrimitiveTypes.Uint8, nil
		case t.bits == 16:
			return arrow.PrimitiveTypes.Uint16, nil
		case t.bits == 32:
			return arrow.PrimitiveTypes.Uint32, nil
		default:
			return arrow.PrimitiveTypes.Uint64, nil
		}
	case lDecimal:
		if t.prec <= 38 {
			return &arrow.Decimal128Type{Precision: int32(t.prec), Scale: int32(t.scale)}, nil
		}
		if t.prec <= 76 {
			return &arrow.Decimal256Type{Precision: int32(t.prec), Scale: int32(t.scale)}, nil
		}
		return nil, fmt.Errorf("%w: DECIMAL(%d,%d) is wider than 76 digits", ErrUnsupported, t.prec, t.scale)
	case lTime:
		if t.unit == arrow.Millisecond {
			return arrow.FixedWidthTypes.Time32ms, nil
		}
		return &arrow.Time64Type{Unit: t.unit}, nil
	case lTimestamp:
		tz := ""
		if t.utc {
			tz = "UTC"
		}
		return &arrow.TimestampType{Unit: t.unit, TimeZone: tz}, nil
	}
	switch t.phys {
	case format.Boolean:
		return arrow.FixedWidthTypes.Boolean, nil
	case format.Int32:
		return arrow.PrimitiveTypes.Int32, nil
	case format.Int64:
		return arrow.PrimitiveTypes.Int64, nil
	case format.Int96:
		return &arrow.TimestampType{Unit: arrow.Nanosecond}, nil
	case format.Float:
		return arrow.PrimitiveTypes.Float32, nil
	case format.Double:
		return arrow.PrimitiveTypes.Float64, nil
	case format.ByteArray:
		return arrow.BinaryTypes.Binary, nil
	case format.FixedLenByteArray:
		return &arrow.FixedSizeBinaryType{ByteWidth: t.length}, nil
	}
	return nil, fmt.Errorf("%w: physical type %s", errBadSchema, t.phys)
}

// defaultLeafType is the Parquet type the writer uses for an Arrow type when
// no hint says otherwise. Some Arrow types are stored in a wider or
// coarser Parquet type and come back as that (see the package doc).
func defaultLeafType(dt arrow.DataType) (leafType, error) {
	switch t := dt.(type) {
	case *arrow.BooleanType:
		return leafType{phys: format.Boolean}, nil
	case *arrow.Int8Type:
		return leafType{phys: format.Int32, logical: lInt, bits: 8, signed: true}, nil
	case *arrow.Int16Type:
		return leafType{phys: format.Int32, logical: lInt, bits: 16, signed: true}, nil
	case *arrow.Int32Type:
		return leafType{phys: format.Int32}, nil
	case *arrow.Int64Type:
		return leafType{phys: format.Int64}, nil
	case *arrow.Uint8Type:
		return leafType{phys: format.Int32, logical: lInt, bits: 8}, nil
	case *arrow.Uint16Type:
		return leafType{phys: format.Int32, logical: lInt, bits: 16}, nil
	case *arrow.Uint32Type:
		return leafType{phys: format.Int32, logical: lInt, bits: 32}, nil
	case *arrow.Uint64Type:
		return leafType{phys: format.Int64, logical: lInt, bits: 64}, nil
	case *arrow.Float16Type:
		return leafType{phys: format.FixedLenByteArray, length: 2, logical: lFloat16}, nil
	case *arrow.Float32Type:
		return leafType{phys: format.Float}, nil
	case *arrow.Float64Type:
		return leafType{phys: format.Double}, nil
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return leafType{phys: format.ByteArray, logical: lString}, nil
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType:
		return leafType{phys: format.ByteArray}, nil
	case *arrow.FixedSizeBinaryType:
		return leafType{phys: format.FixedLenByteArray, length: t.ByteWidth}, nil
	case *arrow.Decimal32Type:
		return decimalLeaf(int(t.Precision), int(t.Scale))
	case *arrow.Decimal64Type:
		return decimalLeaf(int(t.Precision), int(t.Scale))
	case *arrow.Decimal128Type:
		return decimalLeaf(int(t.Precision), int(t.Scale))
	case *arrow.Decimal256Type:
		return decimalLeaf(int(t.Precision), int(t.Scale))
	case *arrow.Date32Type, *arrow.Date64Type:
		return leafType{phys: format.Int32, logical: lDate}, nil
	case *arrow.Time32Type:
		return leafType{phys: format.Int32, logical: lTime, unit: arrow.Millisecond}, nil
	case *arrow.Time64Type:
		return leafType{phys: format.Int64, logical: lTime, unit: t.Unit}, nil
	case *arrow.TimestampType:
		u := max(t.Unit, arrow.Millisecond)
		return leafType{phys: format.Int64, logical: lTimestamp, unit: u, utc: t.TimeZone != ""}, nil
	case *arrow.NullType:
		return leafType{phys: format.Int32, logical: lNull}, nil
	case *arrow.DictionaryType:
		return defaultLeafType(t.ValueType)
	case arrow.ExtensionType:
		switch t.ExtensionName() {
		case "arrow.uuid":
			return leafType{phys: format.FixedLenByteArray, length: 16, logical: lUUID}, nil
		case "arrow.json":
			return leafType{phys: format.ByteArray, logical: lJSON}, nil
		}
		return defaultLeafType(t.StorageType())
	}
	return leafType{}, fmt.Errorf("%w: Arrow type %s has no Parquet leaf type", ErrUnsupported, dt)
}

func decimalLeaf(prec, scale int) (leafType, error) {
	if scale < 0 || scale > prec {
		return leafType{}, fmt.Errorf("%w: DECIMAL(%d,%d) with a negative scale or one above the precision", ErrUnsupported, prec, scale)
	}
	t := leafType{logical: lDecimal, prec: prec, scale: scale}
	switch {
	case prec <= 9:
		t.phys = format.Int32
	case prec <= 18:
		t.phys = format.Int64
	default:
		t.phys = format.FixedLenByteArray
		for t.length = 9; maxDecimalDigits(t.length) < prec; t.length++ {
		}
	}
	return t, t.valid()
}

// node builds the parquet-go leaf node for t.
func (t leafType) node() (pq.Node, error) {
	var pt pq.Type
	switch t.phys {
	case format.Boolean:
		pt = pq.BooleanType
	case format.Int32:
		pt = pq.Int32Type
	case format.Int64:
		pt = pq.Int64Type
	case format.Int96:
		pt = pq.Int96Type
	case format.Float:
		pt = pq.FloatType
	case format.Double:
		pt = pq.DoubleType
	case format.ByteArray:
		pt = pq.ByteArrayType
	case format.FixedLenByteArray:
		pt = pq.FixedLenByteArrayType(t.length)
	}
	switch t.logical {
	case lNone:
		if t.phys == format.Int32 || t.phys == format.Int64 {
			// parquet-go's INT32 and INT64 carry an INT(32|64, true)
			// annotation; a plain column has none.
			return pq.Leaf(annotated{Type: pt}), nil
		}
		return pq.Leaf(pt), nil
	case lString:
		return pq.String(), nil
	case lEnum:
		return pq.Enum(), nil
	case lJSON:
		return pq.JSON(), nil
	case lBSON:
		return pq.Leaf(annotated{Type: pq.ByteArrayType, lt: &format.LogicalType{Value: &format.BsonType{}}}), nil
	case lUUID:
		return pq.UUID(), nil
	case lDate:
		return pq.Date(), nil
	case lNull:
		// parquet-go's own NULL type writes physical type -1 into the
		// column metadata, which other readers reject: use INT32.
		return pq.Leaf(annotated{Type: pq.Int32Type, lt: &format.LogicalType{Value: &format.NullType{}}}), nil
	case lInt:
		if t.signed {
			return pq.Int(t.bits), nil
		}
		return pq.Uint(t.bits), nil
	case lDecimal:
		return pq.Decimal(t.scale, t.prec, pt), nil
	case lTime:
		return pq.TimeAdjusted(pqUnit(t.unit), t.utc), nil
	case lTimestamp:
		return pq.TimestampAdjusted(pqUnit(t.unit), t.utc), nil
	case lFloat16:
		return pq.Leaf(annotated{Type: pt, lt: &format.LogicalType{Value: &format.Float16Type{}}}), nil
	case lInterval:
		return pq.IntervalNode(), nil
	case lGeometry:
		return pq.Geometry(""), nil
	case lGeography:
		return pq.Geography("", format.Spherical), nil
	}
	return nil, fmt.Errorf("%w: cannot write %s", ErrUnsupported, t)
}

func pqUnit(u arrow.TimeUnit) pq.TimeUnit {
	switch u {
	case arrow.Millisecond:
		return pq.Millisecond
	case arrow.Microsecond:
		return pq.Microsecond
	}
	return pq.Nanosecond
}

// annotated gives a physical type exactly the logical annotation lt (none
// when nil) and no legacy converted type: for FLOAT16, which parquet-go has
// no constructor for, plain INT32 and INT64, and NULL.
type annotated struct {
	pq.Type
	lt *format.LogicalType
}

func (a annotated) LogicalType() *format.LogicalType { return a.lt }

func (a annotated) ConvertedType() *deprecated.ConvertedType { return nil }
