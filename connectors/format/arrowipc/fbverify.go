package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The IPC decoder in arrow-go trusts the counts inside a schema's
// flatbuffer: a few corrupt bytes can ask it for billions of fields (an
// out-of-memory crash, which recover cannot catch) or make a field its own
// child (endless recursion). Before a schema reaches the decoder, these
// checks walk the parts of the Arrow flatbuffers that it allocates from
// (Message, Footer, Schema, Field, KeyValue, Union, DictionaryEncoding) and
// reject anything that points outside the buffer, nests deeper than
// maxDepth or expands to more than maxFields fields and metadata entries.

// Bounds on a schema; generous for real data.
const (
	maxFields  = 1 << 18
	maxFBDepth = 64
	offsetSize = 4
	blockSize  = 24 // Footer Block struct: offset int64, metaDataLength int32 (+pad), bodyLength int64
	structSize = 16 // FieldNode and Buffer structs: two int64s

	headerSchema     = 1 // MessageHeader union members
	headerDictionary = 2
	headerRecord     = 3
)

// Table slots (field indexes) used below, from Message.fbs, File.fbs and
// Schema.fbs.
const (
	msgHeaderType = 1
	msgHeader     = 2
	msgBodyLength = 3
	msgMetadata   = 4

	footerSchema  = 1
	footerDicts   = 2
	footerBatches = 3
	footerMeta    = 4

	schemaFields   = 1
	schemaMeta     = 2
	schemaFeatures = 3

	fieldName     = 0
	fieldTypeType = 2
	fieldType     = 3
	fieldDict     = 4
	fieldChildren = 5
	fieldMeta     = 6

	kvKey   = 0
	kvValue = 1

	dictIndexType = 1 // DictionaryEncoding.indexType: Int table

	unionTypeIDs = 1
	typeUnion    = 14 // Type.Union

	recLength      = 0
	recNodes       = 1
	recBuffers     = 2
	recCompression = 3
	recVariadic    = 4

	dictData = 1
)

var errFB = errors.New("malformed flatbuffer")

type fb struct {
	b      []byte
	fields int // fields and metadata entries seen so far
}

func (f *fb) u32(pos int) (uint32, error) {
	if pos < 0 || pos+4 > len(f.b) {
		return 0, errFB
	}
	return binary.LittleEndian.Uint32(f.b[pos:]), nil
}

// table returns the position of the table referenced by the uoffset at pos.
func (f *fb) ref(pos int) (int, error) {
	off, err := f.u32(pos)
	if err != nil {
		return 0, err
	}
	t := pos + int(off)
	if off > uint32(len(f.b)) || t+4 > len(f.b) {
		return 0, errFB
	}
	return t, nil
}

// slot returns the position of field i of the table at t, or 0 when the
// field is absent.
func (f *fb) slot(t, i int) (int, error) {
	so, err := f.u32(t)
	if err != nil {
		return 0, err
	}
	vt := t - int(int32(so))
	if vt < 0 || vt+4 > len(f.b) {
		return 0, errFB
	}
	vtLen := int(binary.LittleEndian.Uint16(f.b[vt:]))
	tLen := int(binary.LittleEndian.Uint16(f.b[vt+2:]))
	if vtLen < 4 || vt+vtLen > len(f.b) || t+tLen > len(f.b) {
		return 0, errFB
	}
	e := 4 + 2*i
	if e+2 > vtLen {
		return 0, nil
	}
	fo := int(binary.LittleEndian.Uint16(f.b[vt+e:]))
	if fo == 0 {
		return 0, nil
	}
	if fo >= tLen && tLen != 0 {
		return 0, errFB
	}
	return t + fo, nil
}

// child returns the table referenced by field i of t (0 when absent).
func (f *fb) child(t, i int) (int, error) {
	p, err := f.slot(t, i)
	if err != nil || p == 0 {
		return 0, err
	}
	return f.ref(p)
}

// vector returns the start and length of the vector in field i of t.
func (f *fb) vector(t, i, elem int) (start, n int, err error) {
	p, err := f.slot(t, i)
	if err != nil || p == 0 {
		return 0, 0, err
	}
	v, err := f.ref(p)
	if err != nil {
		return 0, 0, err
	}
	l, err := f.u32(v)
	if err != nil {
		return 0, 0, err
	}
	if uint64(l)*uint64(elem) > uint64(len(f.b)-v-4) {
		return 0, 0, errFB
	}
	return v + 4, int(l), nil
}

func (f *fb) str(t, i int) error {
	_, _, err := f.vector(t, i, 1)
	return err
}

func (f *fb) count(n int) error {
	f.fields += n
	if f.fields > maxFields {
		return fmt.Errorf("schema has more than %d fields and metadata entries", maxFields)
	}
	return nil
}

func (f *fb) keyValues(t, i int) error {
	start, n, err := f.vector(t, i, offsetSize)
	if err != nil {
		return err
	}
	if err := f.count(n); err != nil {
		return err
	}
	for k := range n {
		kv, err := f.ref(start + k*offsetSize)
		if err != nil {
			return err
		}
		if err := f.str(kv, kvKey); err != nil {
			return err
		}
		if err := f.str(kv, kvValue); err != nil {
			return err
		}
	}
	return nil
}

func (f *fb) schema(t int) error {
	if err := f.fieldList(t, schemaFields, 0); err != nil {
		return err
	}
	if err := f.keyValues(t, schemaMeta); err != nil {
		return err
	}
	_, _, err := f.vector(t, schemaFeatures, 8)
	return err
}

func (f *fb) fieldList(t, i, depth int) error {
	if depth > maxFBDepth {
		return errors.New("schema nests too deep")
	}
	start, n, err := f.vector(t, i, offsetSize)
	if err != nil {
		return err
	}
	if err := f.count(n); err != nil {
		return err
	}
	for k := range n {
		fl, err := f.ref(start + k*offsetSize)
		if err != nil {
			return err
		}
		if err := f.field(fl, depth); err != nil {
			return err
		}
	}
	return nil
}

func (f *fb) field(t, depth int) error {
	if err := f.str(t, fieldName); err != nil {
		return err
	}
	tp, err := f.slot(t, fieldTypeType)
	if err != nil {
		return err
	}
	if tp != 0 && tp < len(f.b) && f.b[tp] == typeUnion {
		ut, err := f.child(t, fieldType)
		if err != nil {
			return err
		}
		if ut != 0 {
			if _, _, err := f.vector(ut, unionTypeIDs, 4); err != nil {
				return err
			}
		}
	} else if _, err := f.child(t, fieldType); err != nil {
		return err
	}
	if d, err := f.child(t, fieldDict); err != nil {
		return err
	} else if d != 0 {
		if _, err := f.child(d, dictIndexType); err != nil {
			return err
		}
	}
	if err := f.fieldList(t, fieldChildren, depth+1); err != nil {
		return err
	}
	return f.keyValues(t, fieldMeta)
}

func (f *fb) root() (int, error) {
	if len(f.b) < 8 {
		return 0, errFB
	}
	return f.ref(0)
}

// msgInfo is what verifyMessage learns about a message.
type msgInfo struct {
	bodyLen int64
	// buffers of a record or dictionary batch: offset and length pairs
	// within the body, all checked to lie inside it.
	buffers    [][2]int64
	compressed bool
	// maxLen is the largest length of the batch or any of its arrays.
	maxLen int64
}

// checkLengths rejects a batch that claims more values than its data has
// bits: every array but one of the null type needs at least a bit per
// value, so such a batch is corrupt (and would cost time out of all
// proportion to its size). dataLen is the body's size after
// decompression; the slack admits batches of null-typed columns up to
// maxNullRows.
func (info msgInfo) checkLengths(dataLen int64) error {
	if info.maxLen > 8*dataLen+maxNullRows {
		return fmt.Errorf("batch claims %d values in %d bytes", info.maxLen, dataLen)
	}
	return nil
}

// verifyMessage checks the metadata flatbuffer of one IPC message: a schema
// as described above; for a record or dictionary batch, that its nodes have
// sane lengths and its buffers lie inside the body.
func verifyMessage(meta []byte) (msgInfo, error) {
	var info msgInfo
	f := &fb{b: meta}
	m, err := f.root()
	if err != nil {
		return info, err
	}
	if p, err := f.slot(m, msgBodyLength); err != nil {
		return info, err
	} else if p != 0 {
		if p+8 > len(meta) {
			return info, errFB
		}
		info.bodyLen = int64(binary.LittleEndian.Uint64(meta[p:]))
		if info.bodyLen < 0 {
			return info, errors.New("negative message body length")
		}
	}
	if err := f.keyValues(m, msgMetadata); err != nil {
		return info, err
	}
	var ht byte
	if p, err := f.slot(m, msgHeaderType); err != nil {
		return info, err
	} else if p != 0 {
		if p >= len(meta) {
			return info, errFB
		}
		ht = meta[p]
	}
	h, err := f.child(m, msgHeader)
	if err != nil || h == 0 {
		return info, err
	}
	switch ht {
	case headerSchema:
		return info, f.schema(h)
	case headerDictionary:
		rb, err := f.child(h, dictData)
		if err != nil || rb == 0 {
			return info, err
		}
		return info, f.recordBatch(rb, &info)
	case headerRecord:
		return info, f.recordBatch(h, &info)
	}
	return info, nil
}

const maxNullRows = 1 << 16

func (f *fb) recordBatch(t int, info *msgInfo) error {
	if p, err := f.slot(t, recLength); err != nil {
		return err
	} else if p != 0 {
		if p+8 > len(f.b) {
			return errFB
		}
		n := int64(binary.LittleEndian.Uint64(f.b[p:]))
		if n < 0 || n > math.MaxInt32 {
			return fmt.Errorf("invalid batch length %d", n)
		}
		info.maxLen = n
	}
	start, n, err := f.vector(t, recNodes, structSize)
	if err != nil {
		return err
	}
	for i := range n {
		p := start + i*structSize
		length := int64(binary.LittleEndian.Uint64(f.b[p:]))
		nulls := int64(binary.LittleEndian.Uint64(f.b[p+8:]))
		if length < 0 || length > math.MaxInt32 || nulls < 0 || nulls > length {
			return fmt.Errorf("field node %d has an invalid length or null count", i)
		}
		info.maxLen = max(info.maxLen, length)
	}
	start, n, err = f.vector(t, recBuffers, structSize)
	if err != nil {
		return err
	}
	info.buffers = make([][2]int64, n)
	for i := range n {
		p := start + i*structSize
		off := int64(binary.LittleEndian.Uint64(f.b[p:]))
		length := int64(binary.LittleEndian.Uint64(f.b[p+8:]))
		if off < 0 || length < 0 || off > info.bodyLen || length > info.bodyLen-off {
			return fmt.Errorf("buffer %d lies outside the message body", i)
		}
		info.buffers[i] = [2]int64{off, length}
	}
	c, err := f.child(t, recCompression)
	if err != nil {
		return err
	}
	info.compressed = c != 0
	_, _, err = f.vector(t, recVariadic, 8)
	return err
}

// verifyFooter checks the footer flatbuffer of an IPC file.
func verifyFooter(buf []byte) error {
	f := &fb{b: buf}
	ft, err := f.root()
	if err != nil {
		return err
	}
	s, err := f.child(ft, footerSchema)
	if err != nil {
		return err
	}
	if s == 0 {
		return errors.New("footer has no schema")
	}
	if err := f.schema(s); err != nil {
		return err
	}
	if _, _, err := f.vector(ft, footerDicts, blockSize); err != nil {
		return err
	}
	if _, _, err := f.vector(ft, footerBatches, blockSize); err != nil {
		return err
	}
	return f.keyValues(ft, footerMeta)
}
