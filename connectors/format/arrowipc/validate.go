package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
)

// validateRecord checks that every buffer of b is large enough for the
// lengths and offsets that address it, so that reading any value of a
// validated batch cannot go out of bounds. The IPC decoder checks message
// framing but trusts the lengths inside a batch. Errors name columns and
// positions, never values.
func validateRecord(b arrow.RecordBatch) error {
	n := b.NumRows()
	if n < 0 {
		return errors.New("negative row count")
	}
	for i, col := range b.Columns() {
		if int64(col.Len()) != n {
			return fmt.Errorf("column %d has %d rows, the batch %d", i, col.Len(), n)
		}
		if err := validateData(col.Data(), 0); err != nil {
			return fmt.Errorf("column %q: %w", b.ColumnName(i), err)
		}
	}
	return nil
}

const maxDepth = 64

func bufLen(d arrow.ArrayData, i int) int {
	bs := d.Buffers()
	if i >= len(bs) || bs[i] == nil {
		return 0
	}
	return bs[i].Len()
}

func bufBytes(d arrow.ArrayData, i int) []byte {
	bs := d.Buffers()
	if i >= len(bs) || bs[i] == nil {
		return nil
	}
	return bs[i].Bytes()
}

func isValid(d arrow.ArrayData, i int) bool {
	bm := bufBytes(d, 0)
	if bm == nil {
		return true
	}
	return bitutil.BitIsSet(bm, d.Offset()+i)
}

func validateData(d arrow.ArrayData, depth int) error {
	if depth > maxDepth {
		return errors.New("nesting too deep")
	}
	off, n := d.Offset(), d.Len()
	if off < 0 || n < 0 || off+n < 0 {
		return errors.New("negative offset or length")
	}
	end := off + n
	dt := d.DataType()
	if ext, ok := dt.(arrow.ExtensionType); ok {
		dt = ext.StorageType()
	}
	nbuf := len(d.Buffers())
	needBufs := func(k int) error {
		if nbuf < k {
			return fmt.Errorf("%s array has %d buffers, needs %d", dt, nbuf, k)
		}
		return nil
	}
	if dt.ID() != arrow.NULL && dt.ID() != arrow.SPARSE_UNION && dt.ID() != arrow.DENSE_UNION && dt.ID() != arrow.RUN_END_ENCODED {
		if err := needBufs(1); err != nil {
			return err
		}
		if bufBytes(d, 0) != nil && bufLen(d, 0) < int(bitutil.BytesForBits(int64(end))) {
			return errors.New("validity bitmap too short")
		}
	}
	switch t := dt.(type) {
	case *arrow.NullType:
		return nil
	case *arrow.DictionaryType:
		return validateDictionary(d, t, depth)
	case arrow.FixedWidthDataType:
		if err := needBufs(2); err != nil {
			return err
		}
		if need := bitutil.BytesForBits(int64(end) * int64(t.BitWidth())); int64(bufLen(d, 1)) < need {
			return errors.New("value buffer too short")
		}
		return nil
	case *arrow.StringType, *arrow.BinaryType:
		if err := needBufs(3); err != nil {
			return err
		}
		return checkOffsets32(d, bufLen(d, 2))
	case *arrow.LargeStringType, *arrow.LargeBinaryType:
		if err := needBufs(3); err != nil {
			return err
		}
		return checkOffsets64(d, int64(bufLen(d, 2)))
	case *arrow.StringViewType, *arrow.BinaryViewType:
		return validateViews(d)
	case *arrow.ListType, *arrow.MapType:
		if err := needBufs(2); err != nil {
			return err
		}
		child, err := oneChild(d)
		if err != nil {
			return err
		}
		if err := checkOffsets32(d, child.Len()); err != nil {
			return err
		}
		return validateData(child, depth+1)
	case *arrow.LargeListType:
		if err := needBufs(2); err != nil {
			return err
		}
		child, err := oneChild(d)
		if err != nil {
			return err
		}
		if err := checkOffsets64(d, int64(child.Len())); err != nil {
			return err
		}
		return validateData(child, depth+1)
	case *arrow.ListViewType, *arrow.LargeListViewType:
		return validateListView(d, depth)
	case *arrow.FixedSizeListType:
		child, err := oneChild(d)
		if err != nil {
			return err
		}
		if int64(child.Len()) < int64(end)*int64(t.Len()) {
			return errors.New("fixed-size list child too short")
		}
		return validateData(child, depth+1)
	case *arrow.StructType:
		if len(d.Children()) != t.NumFields() {
			return errors.New("struct children do not match its fields")
		}
		for i, c := range d.Children() {
			if c.Len() < end {
				return fmt.Errorf("struct field %q too short", t.Field(i).Name)
			}
			if err := validateData(c, depth+1); err != nil {
				return fmt.Errorf("struct field %q: %w", t.Field(i).Name, err)
			}
		}
		return nil
	case arrow.UnionType:
		return validateUnion(d, t, depth)
	case *arrow.RunEndEncodedType:
		return validateRunEnds(d, depth)
	}
	return fmt.Errorf("unsupported type %s", dt)
}

func oneChild(d arrow.ArrayData) (arrow.ArrayData, error) {
	if len(d.Children()) != 1 {
		return nil, errors.New("list array must have one child")
	}
	return d.Children()[0], nil
}

// checkOffsets32 checks the int32 offsets in buffer 1 for the array's
// slice: present, non-decreasing, non-negative and at most limit.
func checkOffsets32(d arrow.ArrayData, limit int) error {
	off, n := d.Offset(), d.Len()
	if n == 0 {
		return nil
	}
	b := bufBytes(d, 1)
	if len(b) < (off+n+1)*4 {
		return errors.New("offsets buffer too short")
	}
	prev := int32(binary.LittleEndian.Uint32(b[off*4:]))
	if prev < 0 {
		return errors.New("negative offset")
	}
	for i := off + 1; i <= off+n; i++ {
		o := int32(binary.LittleEndian.Uint32(b[i*4:]))
		if o < prev {
			return fmt.Errorf("offsets decrease at position %d", i-off)
		}
		prev = o
	}
	if int64(prev) > int64(limit) {
		return errors.New("offsets point past the values")
	}
	return nil
}

func checkOffsets64(d arrow.ArrayData, limit int64) error {
	off, n := d.Offset(), d.Len()
	if n == 0 {
		return nil
	}
	b := bufBytes(d, 1)
	if len(b) < (off+n+1)*8 {
		return errors.New("offsets buffer too short")
	}
	prev := int64(binary.LittleEndian.Uint64(b[off*8:]))
	if prev < 0 {
		return errors.New("negative offset")
	}
	for i := off + 1; i <= off+n; i++ {
		o := int64(binary.LittleEndian.Uint64(b[i*8:]))
		if o < prev {
			return fmt.Errorf("offsets decrease at position %d", i-off)
		}
		prev = o
	}
	if prev > limit {
		return errors.New("offsets point past the values")
	}
	return nil
}

func validateViews(d arrow.ArrayData) error {
	off, n := d.Offset(), d.Len()
	if len(d.Buffers()) < 2 {
		return errors.New("view array needs two buffers")
	}
	views := bufBytes(d, 1)
	if len(views) < (off+n)*16 {
		return errors.New("views buffer too short")
	}
	data := d.Buffers()[2:]
	for i := off; i < off+n; i++ {
		if !isValid(d, i-off) {
			continue
		}
		v := views[i*16 : i*16+16]
		size := int32(binary.LittleEndian.Uint32(v))
		if size < 0 {
			return fmt.Errorf("negative view size at position %d", i-off)
		}
		if size <= 12 {
			continue
		}
		bi := int32(binary.LittleEndian.Uint32(v[8:]))
		bo := int32(binary.LittleEndian.Uint32(v[12:]))
		if bi < 0 || int(bi) >= len(data) || data[bi] == nil || bo < 0 || int64(bo)+int64(size) > int64(data[bi].Len()) {
			return fmt.Errorf("view at position %d points outside its buffers", i-off)
		}
	}
	return nil
}

func validateListView(d arrow.ArrayData, depth int) error {
	off, n := d.Offset(), d.Len()
	child, err := oneChild(d)
	if err != nil {
		return err
	}
	w := 4
	if d.DataType().ID() == arrow.LARGE_LIST_VIEW {
		w = 8
	}
	offs, sizes := bufBytes(d, 1), bufBytes(d, 2)
	if len(offs) < (off+n)*w || len(sizes) < (off+n)*w {
		return errors.New("list view buffers too short")
	}
	get := func(b []byte, i int) int64 {
		if w == 4 {
			return int64(int32(binary.LittleEndian.Uint32(b[i*4:])))
		}
		return int64(binary.LittleEndian.Uint64(b[i*8:]))
	}
	for i := off; i < off+n; i++ {
		if !isValid(d, i-off) {
			continue
		}
		o, s := get(offs, i), get(sizes, i)
		if o < 0 || s < 0 || o+s < 0 || o+s > int64(child.Len()) {
			return fmt.Errorf("list view at position %d points outside its values", i-off)
		}
	}
	return validateData(child, depth+1)
}

func validateDictionary(d arrow.ArrayData, t *arrow.DictionaryType, depth int) error {
	off, n := d.Offset(), d.Len()
	iw := t.IndexType.(arrow.FixedWidthDataType).BitWidth() / 8
	if len(d.Buffers()) < 2 {
		return errors.New("dictionary array needs two buffers")
	}
	idx := bufBytes(d, 1)
	if len(idx) < (off+n)*iw {
		return errors.New("index buffer too short")
	}
	dict := d.Dictionary()
	if dict == nil {
		if n == 0 {
			return nil
		}
		return errors.New("dictionary missing")
	}
	if err := validateData(dict, depth+1); err != nil {
		return fmt.Errorf("dictionary: %w", err)
	}
	size := int64(dict.Len())
	for i := off; i < off+n; i++ {
		if !isValid(d, i-off) {
			continue
		}
		var k int64
		switch iw {
		case 1:
			k = int64(int8(idx[i]))
			if t.IndexType.ID() == arrow.UINT8 {
				k = int64(idx[i])
			}
		case 2:
			k = int64(int16(binary.LittleEndian.Uint16(idx[i*2:])))
			if t.IndexType.ID() == arrow.UINT16 {
				k = int64(binary.LittleEndian.Uint16(idx[i*2:]))
			}
		case 4:
			k = int64(int32(binary.LittleEndian.Uint32(idx[i*4:])))
			if t.IndexType.ID() == arrow.UINT32 {
				k = int64(binary.LittleEndian.Uint32(idx[i*4:]))
			}
		case 8:
			k = int64(binary.LittleEndian.Uint64(idx[i*8:]))
		}
		if k < 0 || k >= size {
			return fmt.Errorf("dictionary index at position %d out of range", i-off)
		}
	}
	return nil
}

func validateUnion(d arrow.ArrayData, t arrow.UnionType, depth int) error {
	off, n := d.Offset(), d.Len()
	if len(d.Children()) != len(t.Fields()) {
		return errors.New("union children do not match its fields")
	}
	ids := bufBytes(d, 1)
	if len(ids) < off+n {
		return errors.New("type id buffer too short")
	}
	codes := t.ChildIDs()
	dense := t.Mode() == arrow.DenseMode
	var offs []byte
	if dense {
		offs = bufBytes(d, 2)
		if len(offs) < (off+n)*4 {
			return errors.New("union offsets buffer too short")
		}
	}
	for i := off; i < off+n; i++ {
		c := int(ids[i])
		if c >= len(codes) || codes[c] < 0 || codes[c] >= len(d.Children()) {
			return fmt.Errorf("union type id at position %d is not a member", i-off)
		}
		child := d.Children()[codes[c]]
		if dense {
			o := int32(binary.LittleEndian.Uint32(offs[i*4:]))
			if o < 0 || int(o) >= child.Len() {
				return fmt.Errorf("union offset at position %d out of range", i-off)
			}
		} else if child.Len() < off+n {
			return errors.New("sparse union child too short")
		}
	}
	for _, c := range d.Children() {
		if err := validateData(c, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func validateRunEnds(d arrow.ArrayData, depth int) error {
	off, n := d.Offset(), d.Len()
	if len(d.Children()) != 2 {
		return errors.New("run-end encoded array needs two children")
	}
	ends, vals := d.Children()[0], d.Children()[1]
	if err := validateData(ends, depth+1); err != nil {
		return err
	}
	if err := validateData(vals, depth+1); err != nil {
		return err
	}
	if ends.NullN() > 0 {
		return errors.New("null run end")
	}
	if vals.Len() < ends.Len() {
		return errors.New("fewer run values than run ends")
	}
	b := bufBytes(ends, 1)
	w := ends.DataType().(arrow.FixedWidthDataType).BitWidth() / 8
	var prev int64
	for i := ends.Offset(); i < ends.Offset()+ends.Len(); i++ {
		var e int64
		switch w {
		case 2:
			e = int64(int16(binary.LittleEndian.Uint16(b[i*2:])))
		case 4:
			e = int64(int32(binary.LittleEndian.Uint32(b[i*4:])))
		case 8:
			e = int64(binary.LittleEndian.Uint64(b[i*8:]))
		default:
			return errors.New("bad run end type")
		}
		if e <= prev {
			return errors.New("run ends not increasing")
		}
		prev = e
	}
	if n > 0 && prev < int64(off+n) {
		return errors.New("runs end before the array does")
	}
	return nil
}

// validateSchema checks type parameters the decoder takes on trust and that
// would otherwise fail later, far from the input (a decimal scale beyond
// what its width can hold, a time unit that does not exist).
func validateSchema(s *arrow.Schema) error {
	for _, f := range s.Fields() {
		if err := validateType(f.Type, 0); err != nil {
			return fmt.Errorf("field %q: %w", f.Name, err)
		}
	}
	return nil
}

func validUnit(u arrow.TimeUnit) bool { return u >= arrow.Second && u <= arrow.Nanosecond }

func validateType(dt arrow.DataType, depth int) error {
	if depth > maxDepth {
		return errors.New("nesting too deep")
	}
	decimal := func(p, s, maxP int32) error {
		if p < 1 || p > maxP || s < -maxP || s > maxP {
			return fmt.Errorf("invalid decimal precision %d or scale %d", p, s)
		}
		return nil
	}
	switch t := dt.(type) {
	case *arrow.Decimal32Type:
		return decimal(t.Precision, t.Scale, 9)
	case *arrow.Decimal64Type:
		return decimal(t.Precision, t.Scale, 18)
	case *arrow.Decimal128Type:
		return decimal(t.Precision, t.Scale, 38)
	case *arrow.Decimal256Type:
		return decimal(t.Precision, t.Scale, 76)
	case *arrow.TimestampType:
		if !validUnit(t.Unit) {
			return errors.New("invalid timestamp unit")
		}
	case *arrow.Time32Type:
		if t.Unit != arrow.Second && t.Unit != arrow.Millisecond {
			return errors.New("invalid time32 unit")
		}
	case *arrow.Time64Type:
		if t.Unit != arrow.Microsecond && t.Unit != arrow.Nanosecond {
			return errors.New("invalid time64 unit")
		}
	case *arrow.DurationType:
		if !validUnit(t.Unit) {
			return errors.New("invalid duration unit")
		}
	case *arrow.FixedSizeBinaryType:
		if t.ByteWidth < 0 {
			return errors.New("negative fixed-size binary width")
		}
	case *arrow.FixedSizeListType:
		if t.Len() < 0 {
			return errors.New("negative fixed-size list length")
		}
		return validateType(t.Elem(), depth+1)
	case *arrow.DictionaryType:
		if !arrow.IsInteger(t.IndexType.ID()) {
			return errors.New("dictionary index type is not an integer")
		}
		return validateType(t.ValueType, depth+1)
	case arrow.ExtensionType:
		return validateType(t.StorageType(), depth+1)
	case arrow.NestedType:
		for _, f := range t.Fields() {
			if err := validateType(f.Type, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
