package jsonl

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// column builds one nullable utf8 column of the batch being built,
// straight into buffers from the allocator that the batch then takes over.
// Rows a line leaves out are filled in as nulls only when a later value or
// the end of the batch needs them, so a wide, sparse union costs a tight
// loop per column rather than a builder call per missing value.
type column struct {
	mem                      memory.Allocator
	offBuf, dataBuf, bitsBuf *memory.Buffer
	offs                     []int32 // offs[i+1] is the end of row i
	data                     []byte
	bits                     []byte // validity; zero beyond row n
	n, size, nulls           int    // rows, value bytes and nulls so far
	capRows                  int    // rows the buffers have room for
	hint                     int    // value bytes of the last batch, to reserve
}

func (c *column) start() {
	c.offBuf = memory.NewResizableBuffer(c.mem)
	c.dataBuf = memory.NewResizableBuffer(c.mem)
	c.bitsBuf = memory.NewResizableBuffer(c.mem)
	c.growRows(1024)
	c.dataBuf.Reserve(max(c.hint+c.hint/8, 1024))
	c.data = c.dataBuf.Buf()
}

// growRows makes room for at least rows rows.
func (c *column) growRows(rows int) {
	c.offBuf.Reserve((rows + 1) * arrow.Int32SizeBytes)
	c.offs = arrow.Int32Traits.CastFromBytes(c.offBuf.Buf())
	if c.n == 0 {
		c.offs[0] = 0
	}
	old := len(c.bits)
	c.bitsBuf.Reserve(int(bitutil.BytesForBits(int64(rows))))
	c.bits = c.bitsBuf.Buf()
	clear(c.bits[old:])
	c.capRows = rows
}

// padTo makes the column n rows long with nulls.
func (c *column) padTo(n int) {
	if c.offBuf == nil {
		c.start()
	}
	if n <= c.n {
		return
	}
	if n > c.capRows {
		c.growRows(max(2*c.capRows, n))
	}
	fill(c.offs[c.n+1:n+1], int32(c.size))
	c.nulls += n - c.n
	c.n = n
}

// add appends v as row n (padding with nulls before it as needed).
func (c *column) add(n int, v []byte) {
	c.padTo(n)
	if c.size+len(v) > len(c.data) {
		c.dataBuf.Reserve(max(2*len(c.data), c.size+len(v)))
		c.data = c.dataBuf.Buf()
	}
	copy(c.data[c.size:], v)
	c.size += len(v)
	if c.n+1 > c.capRows {
		c.growRows(2 * c.capRows)
	}
	bitutil.SetBit(c.bits, c.n)
	c.n++
	c.offs[c.n] = int32(c.size)
}

// array pads the column to n rows and hands its buffers to a new array.
func (c *column) array(n int) arrow.Array {
	c.padTo(n)
	c.offBuf.ResizeNoShrink((c.n + 1) * arrow.Int32SizeBytes)
	c.dataBuf.ResizeNoShrink(c.size)
	bits := c.bitsBuf
	if c.nulls == 0 {
		bits = nil
	} else {
		bits.ResizeNoShrink(int(bitutil.BytesForBits(int64(c.n))))
	}
	d := array.NewData(arrow.BinaryTypes.String, c.n, []*memory.Buffer{bits, c.offBuf, c.dataBuf}, nil, c.nulls, 0)
	a := array.NewStringData(d)
	d.Release()
	c.hint = c.size
	c.release()
	return a
}

// release drops the buffers of the batch being built.
func (c *column) release() {
	if c.offBuf != nil {
		c.offBuf.Release()
		c.dataBuf.Release()
		c.bitsBuf.Release()
	}
	*c = column{mem: c.mem, hint: c.hint}
}

// fill sets every element of s to v, by doubling copies when s is long.
func fill(s []int32, v int32) {
	if len(s) < 16 {
		for i := range s {
			s[i] = v
		}
		return
	}
	s[0] = v
	for k := 1; k < len(s); k *= 2 {
		copy(s[k:], s[:k])
	}
}
