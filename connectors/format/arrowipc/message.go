package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// messageReader reads the messages of an IPC stream like arrow-go's own,
// but checks each message's metadata (verifyMessage) before the decoder
// sees it, and grows the body buffer as bytes arrive instead of allocating
// the declared length up front, so a corrupt length costs no more memory
// than the input holds.
type messageReader struct {
	r        io.Reader
	mem      *epochAllocator
	maxBody  int64 // raw body bytes
	maxData  int64 // bytes after decompression
	refCount atomic.Int64
	msg      *ipc.Message
}

var _ ipc.MessageReader = (*messageReader)(nil)

const kContinuation = 0xFFFFFFFF

func newMessageReader(r io.Reader, mem *epochAllocator, maxBody int64) *messageReader {
	mr := &messageReader{r: r, mem: mem, maxBody: maxBody, maxData: maxBodyBytes}
	mr.refCount.Add(1)
	return mr
}

func (r *messageReader) Retain() { r.refCount.Add(1) }

func (r *messageReader) Release() {
	if r.refCount.Add(-1) == 0 && r.msg != nil {
		r.msg.Release()
		r.msg = nil
	}
}

func readPart(r io.Reader, b []byte) error {
	_, err := io.ReadFull(r, b)
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Message returns the next message, valid until the next call, or io.EOF
// at the end-of-stream marker (or a clean end of input).
func (r *messageReader) Message() (*ipc.Message, error) {
	if r.msg != nil {
		r.msg.Release()
		r.msg = nil
	}
	r.mem.next()
	var hdr [4]byte
	if _, err := io.ReadFull(r.r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("reading message header: %w", err)
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	switch n {
	case 0:
		return nil, io.EOF
	case kContinuation:
		if err := readPart(r.r, hdr[:]); err != nil {
			return nil, fmt.Errorf("reading message length: %w", err)
		}
		n = binary.LittleEndian.Uint32(hdr[:])
		if n == 0 {
			return nil, io.EOF
		}
	}
	// Otherwise n is a length from before Arrow 0.15, which had no
	// continuation marker.
	if int32(n) < 8 || int64(n) > maxMetadataBytes {
		return nil, fmt.Errorf("invalid message metadata length %d", int32(n))
	}
	meta, err := readGrow(r.r, int64(n))
	if err != nil {
		return nil, fmt.Errorf("reading message metadata: %w", err)
	}
	info, err := verifyMessage(meta)
	if err != nil {
		return nil, fmt.Errorf("message metadata: %w", err)
	}
	if info.bodyLen > r.maxBody {
		return nil, fmt.Errorf("message body of %d bytes exceeds the limit of %d", info.bodyLen, r.maxBody)
	}
	body, err := r.readBody(info.bodyLen)
	if err != nil {
		return nil, err
	}
	dataLen := info.bodyLen
	if info.compressed {
		if dataLen, err = r.checkCompressed(info, body.Bytes()); err != nil {
			body.Release()
			return nil, err
		}
	}
	if err := info.checkLengths(dataLen); err != nil {
		body.Release()
		return nil, err
	}
	mb := memory.NewBufferBytes(meta)
	r.msg = ipc.NewMessage(mb, body)
	mb.Release()
	body.Release()
	return r.msg, nil
}

// checkCompressed bounds the uncompressed sizes that compressed buffers
// declare (an int64 before each), which the decoder allocates up front, and
// returns their total.
func (r *messageReader) checkCompressed(info msgInfo, body []byte) (int64, error) {
	var total int64
	for i, b := range info.buffers {
		if b[1] == 0 {
			continue
		}
		if b[1] < 8 {
			return 0, fmt.Errorf("compressed buffer %d too short", i)
		}
		n := int64(binary.LittleEndian.Uint64(body[b[0]:]))
		switch {
		case n == -1: // stored uncompressed
			n = b[1] - 8
		case n < 0:
			return 0, fmt.Errorf("compressed buffer %d declares a negative size", i)
		}
		total += n
		if n > r.maxData || total > r.maxData {
			return 0, fmt.Errorf("compressed buffers expand beyond the limit of %d bytes", r.maxData)
		}
	}
	return total, nil
}

// readGrow reads n bytes, growing its slice as they arrive.
func readGrow(r io.Reader, n int64) ([]byte, error) {
	const chunk = 64 << 10
	var b []byte
	for int64(len(b)) < n {
		have := len(b)
		next := int(min(n, max(int64(have)*2, chunk)))
		b = append(b, make([]byte, next-have)...)
		if err := readPart(r, b[have:next]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readBody reads n bytes into a buffer from the allocator, growing it as
// the bytes arrive.
func (r *messageReader) readBody(n int64) (*memory.Buffer, error) {
	body := memory.NewResizableBuffer(r.mem)
	const chunk = 1 << 20
	var have int64
	for have < n {
		next := min(n, max(have*2, chunk))
		body.Resize(int(next))
		if err := readPart(r.r, body.Bytes()[have:next]); err != nil {
			body.Release()
			return nil, fmt.Errorf("reading message body: %w", err)
		}
		have = next
	}
	if n == 0 {
		body.Resize(0)
	}
	return body, nil
}
