package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// parquet-go decodes Thrift lists and binaries by allocating the length the
// input declares, and allocates page buffers from the sizes in page headers.
// A few corrupt bytes can therefore ask for gigabytes, and a failed
// allocation of that size kills the process instead of panicking. The
// checks here run on the raw bytes before parquet-go sees them: every
// Thrift structure must be well formed, with every count and length
// within the bytes that remain, and page sizes and value counts must be
// within the limits below.

// Limits on what one page may declare; package variables so tests can
// lower them.
var (
	maxPageBytes  int64 = 256 << 20 // uncompressed page size
	maxPageValues int64 = 1 << 24   // values (levels) in one page
	maxFooter     int64 = 256 << 20 // footer metadata
	maxThriftNest       = 32
)

var errThrift = errors.New("malformed thrift structure")

// Thrift compact protocol type codes.
const (
	tStop   = 0
	tTrue   = 1
	tFalse  = 2
	tByte   = 3
	tI16    = 4
	tI32    = 5
	tI64    = 6
	tDouble = 7
	tBinary = 8
	tList   = 9
	tSet    = 10
	tMap    = 11
	tStruct = 12
	tUUID   = 13
)

type thriftWalker struct {
	b   []byte
	pos int
}

func (w *thriftWalker) byte() (byte, error) {
	if w.pos >= len(w.b) {
		return 0, errThrift
	}
	c := w.b[w.pos]
	w.pos++
	return c, nil
}

func (w *thriftWalker) uvarint() (uint64, error) {
	v, n := binary.Uvarint(w.b[min(w.pos, len(w.b)):])
	if n <= 0 {
		return 0, errThrift
	}
	w.pos += n
	return v, nil
}

func (w *thriftWalker) skip(n uint64) error {
	if n > uint64(len(w.b)-w.pos) {
		return errThrift
	}
	w.pos += int(n)
	return nil
}

// value skips one value of type t.
func (w *thriftWalker) value(t byte, depth int) error {
	if depth > maxThriftNest {
		return errThrift
	}
	switch t {
	case tTrue, tFalse, tByte:
		// In a struct field the value of a boolean is in its type code;
		// as a list element it takes a byte. Callers of value for list
		// elements account for that (see elem).
		if t == tByte {
			return w.skip(1)
		}
		return nil
	case tI16, tI32, tI64:
		_, err := w.uvarint()
		return err
	case tDouble:
		return w.skip(8)
	case tUUID:
		return w.skip(16)
	case tBinary:
		n, err := w.uvarint()
		if err != nil {
			return err
		}
		return w.skip(n)
	case tList, tSet:
		h, err := w.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = w.uvarint(); err != nil {
				return err
			}
		}
		// Every element takes at least a byte.
		if n > uint64(len(w.b)-w.pos) {
			return errThrift
		}
		et := h & 0x0f
		for range n {
			if err := w.elem(et, depth+1); err != nil {
				return err
			}
		}
		return nil
	case tMap:
		n, err := w.uvarint()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		kv, err := w.byte()
		if err != nil {
			return err
		}
		if n > uint64(len(w.b)-w.pos)/2 {
			return errThrift
		}
		for range n {
			if err := w.elem(kv>>4, depth+1); err != nil {
				return err
			}
			if err := w.elem(kv&0x0f, depth+1); err != nil {
				return err
			}
		}
		return nil
	case tStruct:
		return w.structure(depth + 1)
	}
	return errThrift
}

// elem skips a list, set or map element: booleans take a byte there.
func (w *thriftWalker) elem(t byte, depth int) error {
	if t == tTrue || t == tFalse {
		return w.skip(1)
	}
	return w.value(t, depth)
}

func (w *thriftWalker) structure(depth int) error {
	if depth > maxThriftNest {
		return errThrift
	}
	for {
		h, err := w.byte()
		if err != nil {
			return err
		}
		if h == tStop {
			return nil
		}
		if h>>4 == 0 { // field id as a zigzag varint
			if _, err := w.uvarint(); err != nil {
				return err
			}
		}
		if err := w.value(h&0x0f, depth); err != nil {
			return err
		}
	}
}

// thriftStructLen checks the struct at the start of b and returns its length
// in bytes.
func thriftStructLen(b []byte) (int, error) {
	w := thriftWalker{b: b}
	if err := w.structure(0); err != nil {
		return 0, err
	}
	return w.pos, nil
}

// checkFooter checks the footer metadata bytes.
func checkFooter(b []byte) error {
	n, err := thriftStructLen(b)
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	if n != len(b) {
		return fmt.Errorf("footer: %d bytes after the metadata", len(b)-n)
	}
	return nil
}

// checkChunk walks the page headers of a column chunk held in memory and
// checks each page's declared sizes and counts against the bytes present
// and the limits above, and, for snappy and zstd, the decompressed size the
// compressed data itself declares. It returns the number of values in the
// data pages.
func checkChunk(chunk []byte, codec format.CompressionCodec) (int64, error) {
	var values int64
	var proto thrift.CompactProtocol
	for pos := 0; pos < len(chunk); {
		n, err := thriftStructLen(chunk[pos:])
		if err != nil {
			return 0, fmt.Errorf("page header at chunk offset %d: %w", pos, err)
		}
		var h format.PageHeader
		if err := thrift.Unmarshal(&proto, chunk[pos:pos+n], &h); err != nil {
			return 0, fmt.Errorf("page header at chunk offset %d: %w", pos, err)
		}
		pos += n
		if h.CompressedPageSize < 0 || int(h.CompressedPageSize) > len(chunk)-pos {
			return 0, fmt.Errorf("page at chunk offset %d: size %d exceeds the column chunk", pos-n, h.CompressedPageSize)
		}
		if h.UncompressedPageSize < 0 || int64(h.UncompressedPageSize) > maxPageBytes {
			return 0, fmt.Errorf("page at chunk offset %d: uncompressed size %d out of range", pos-n, h.UncompressedPageSize)
		}
		data := chunk[pos : pos+int(h.CompressedPageSize)]
		pos += int(h.CompressedPageSize)
		var numValues int64
		compressed := data
		switch h.Type {
		case format.DataPage:
			if !h.DataPageHeader.Valid {
				return 0, errors.New("data page without its header")
			}
			numValues = int64(h.DataPageHeader.V.NumValues)
		case format.DataPageV2:
			if !h.DataPageHeaderV2.Valid {
				return 0, errors.New("data page v2 without its header")
			}
			v := h.DataPageHeaderV2.V
			numValues = int64(v.NumValues)
			if v.NumNulls < 0 || v.NumNulls > v.NumValues || v.NumRows < 0 || v.NumRows > v.NumValues {
				return 0, fmt.Errorf("page at chunk offset %d: invalid null or row count", pos-len(data)-n)
			}
			lv := int64(v.DefinitionLevelsByteLength) + int64(v.RepetitionLevelsByteLength)
			if v.DefinitionLevelsByteLength < 0 || v.RepetitionLevelsByteLength < 0 || lv > int64(len(data)) {
				return 0, fmt.Errorf("page at chunk offset %d: level lengths exceed the page", pos-len(data)-n)
			}
			compressed = data[lv:]
			if v.IsCompressed.Valid && !v.IsCompressed.V {
				compressed = nil
			}
		case format.DictionaryPage:
			if !h.DictionaryPageHeader.Valid {
				return 0, errors.New("dictionary page without its header")
			}
			if n := int64(h.DictionaryPageHeader.V.NumValues); n < 0 || n > maxPageValues {
				return 0, fmt.Errorf("dictionary page: %d values out of range", n)
			}
		case format.IndexPage:
			continue
		default:
			return 0, fmt.Errorf("page at chunk offset %d: unknown page type %d", pos-len(data)-n, h.Type)
		}
		if numValues < 0 || numValues > maxPageValues {
			return 0, fmt.Errorf("page at chunk offset %d: %d values out of range", pos-len(data)-n, numValues)
		}
		values += numValues
		if compressed != nil {
			if err := checkDeclaredSize(codec, compressed); err != nil {
				return 0, fmt.Errorf("page at chunk offset %d: %w", pos-len(data)-n, err)
			}
		}
	}
	return values, nil
}

// checkDeclaredSize checks the decompressed size that snappy and zstd data
// declare up front, which their decoders allocate before decoding.
func checkDeclaredSize(codec format.CompressionCodec, b []byte) error {
	switch codec {
	case format.Snappy:
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(maxPageBytes) {
			return errors.New("snappy data declares an invalid size")
		}
	case format.Zstd:
		for len(b) > 0 {
			size, next, err := zstdFrame(b)
			if err != nil {
				return err
			}
			if size > uint64(maxPageBytes) {
				return errors.New("zstd frame declares an out-of-range size")
			}
			if next <= 0 {
				return nil
			}
			b = b[next:]
		}
	}
	return nil
}

// zstdFrame reads the header of the zstd frame at the start of b and
// returns the content size it declares (0 when absent). Skippable frames
// are stepped over; next is where the following frame starts if known
// cheaply (skippable frames), else 0.
func zstdFrame(b []byte) (size uint64, next int, err error) {
	if len(b) < 4 {
		return 0, 0, errors.New("zstd frame too short")
	}
	magic := binary.LittleEndian.Uint32(b)
	if magic&0xFFFFFFF0 == 0x184D2A50 { // skippable frame
		if len(b) < 8 {
			return 0, 0, errors.New("zstd frame too short")
		}
		n := uint64(binary.LittleEndian.Uint32(b[4:]))
		if n > uint64(len(b)-8) {
			return 0, 0, errors.New("zstd skippable frame exceeds the page")
		}
		return 0, 8 + int(n), nil
	}
	if magic != 0xFD2FB528 {
		return 0, 0, errors.New("not zstd data")
	}
	if len(b) < 5 {
		return 0, 0, errors.New("zstd frame too short")
	}
	fhd := b[4]
	single := fhd&0x20 != 0
	pos := 5
	if !single {
		pos++ // window descriptor
	}
	pos += [4]int{0, 1, 2, 4}[fhd&3] // dictionary id
	fcsSize := [4]int{0, 2, 4, 8}[fhd>>6]
	if fhd>>6 == 0 && single {
		fcsSize = 1
	}
	if len(b) < pos+fcsSize {
		return 0, 0, errors.New("zstd frame header truncated")
	}
	switch fcsSize {
	case 1:
		size = uint64(b[pos])
	case 2:
		size = uint64(binary.LittleEndian.Uint16(b[pos:])) + 256
	case 4:
		size = uint64(binary.LittleEndian.Uint32(b[pos:]))
	case 8:
		size = binary.LittleEndian.Uint64(b[pos:])
	}
	return size, 0, nil
}
