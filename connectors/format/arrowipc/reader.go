package arrowipc

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/veil-data/veil/connectors/format"
)

// magic starts (and ends) the IPC file format; the stream format starts
// with a message length or the 0xFFFFFFFF continuation marker instead.
var magic = []byte("ARROW1")

// fileHeaderLen is the magic plus its padding to 8 bytes.
const fileHeaderLen = 8

// Limits on one IPC message; an input that declares more is corrupt (or
// hostile) and is rejected before anything that large is allocated. With
// random access the body is also capped by the input's size.
var (
	maxMetadataBytes int64 = 64 << 20
	maxBodyBytes     int64 = 1 << 30
)

// Reader reads record batches from Arrow IPC input. It implements
// format.Reader; it is not safe for concurrent use.
type Reader struct {
	src  string
	opts format.ReadOptions

	stream *ipc.Reader // the stream, or the stream a file embeds

	cur    arrow.RecordBatch // batch being handed out in slices
	curOff int64

	in     *inputErr       // the first error of the underlying input, if any
	alloc  *epochAllocator // wraps opts.Allocator; see alloc.go
	failed int             // the message whose decoding failed, if any

	rows int64
	err  error // sticky
}

var _ format.Reader = (*Reader)(nil)

// NewReader opens r, which holds the IPC file format or the stream format,
// and reads the schema. Batches are read in order in both formats; with a
// format.Sized input a file's footer is checked as well (see the package
// doc).
func NewReader(r io.Reader, opts format.ReadOptions) (rd *Reader, err error) {
	opts = opts.WithDefaults()
	rd = &Reader{src: opts.Source, opts: opts, in: &inputErr{}, alloc: newEpochAllocator(opts.Allocator)}
	defer func() {
		if p := recover(); p != nil {
			rd.failed = rd.alloc.current()
			rd.closeAll()
			rd, err = nil, rd.corrupt(fmt.Errorf("decoder panic: %v", p))
		}
	}()
	if sz, ok := r.(format.Sized); ok {
		err = rd.openSized(sizedInput{sz, rd.in})
	} else {
		err = rd.openUnsized(streamInput{r, rd.in})
	}
	if err == nil {
		if verr := validateSchema(rd.Schema()); verr != nil {
			err = rd.corrupt(verr)
		}
	}
	if err != nil {
		rd.failed = rd.alloc.current()
		rd.closeAll()
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) openSized(r format.Sized) error {
	size := r.Size()
	head := make([]byte, fileHeaderLen)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return rd.wrap(err)
	}
	head = head[:n]
	body := min(maxBodyBytes, max(size, 1))
	if !bytes.HasPrefix(head, magic) {
		return rd.openStream(io.NewSectionReader(r, 0, size), body)
	}
	end, err := rd.checkFooter(r, size)
	if err != nil {
		return err
	}
	// Read the stream the file embeds, from after the magic to the footer,
	// through the same checks as any stream; the footer's index of blocks
	// is not needed to read the batches in order.
	return rd.openStream(io.NewSectionReader(r, fileHeaderLen, end-fileHeaderLen), body)
}

// checkFooter verifies the file's trailer and footer flatbuffer and returns
// where the footer starts.
func (rd *Reader) checkFooter(r io.ReaderAt, size int64) (int64, error) {
	const tail = 4 + 6 // footer length, magic
	if size < fileHeaderLen+tail {
		return 0, rd.corrupt(errors.New("file too short"))
	}
	var t [tail]byte
	if _, err := r.ReadAt(t[:], size-tail); err != nil {
		return 0, rd.wrap(err)
	}
	if !bytes.Equal(t[4:], magic) {
		return 0, rd.corrupt(errors.New("file does not end with the Arrow magic bytes"))
	}
	n := int64(int32(binary.LittleEndian.Uint32(t[:4])))
	if n <= 0 || n > size-fileHeaderLen-tail || n > maxMetadataBytes {
		return 0, rd.corrupt(fmt.Errorf("invalid footer length %d", n))
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-tail-n); err != nil {
		return 0, rd.wrap(err)
	}
	if err := verifyFooter(footer); err != nil {
		return 0, rd.corrupt(fmt.Errorf("footer: %w", err))
	}
	return size - tail - n, nil
}

func (rd *Reader) openStream(r io.Reader, maxBody int64) error {
	mr := newMessageReader(r, rd.alloc, maxBody)
	// The ipc.Reader takes over mr and releases it.
	sr, err := ipc.NewReaderFromMessageReader(mr, ipc.WithAllocator(rd.alloc))
	if err != nil {
		return rd.wrap(err)
	}
	rd.stream = sr
	return nil
}

// openUnsized reads either format front to back.
func (rd *Reader) openUnsized(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(fileHeaderLen)
	if err != nil && !errors.Is(err, io.EOF) {
		return rd.wrap(err)
	}
	if bytes.HasPrefix(head, magic) {
		// The file format embeds a complete stream (ending with the
		// end-of-stream marker) after its 8-byte header; the footer after
		// it is never reached.
		if _, err := br.Discard(fileHeaderLen); err != nil {
			return rd.wrap(err)
		}
	}
	return rd.openStream(br, maxBodyBytes)
}

// wrap turns a decoder error into one naming the source. When the
// underlying input failed (other than by ending), that failure is the
// error; otherwise the bytes are not valid Arrow IPC.
func (rd *Reader) wrap(err error) error {
	if rd.in.err != nil {
		return fmt.Errorf("%s: %w", rd.src, rd.in.err)
	}
	return rd.corrupt(err)
}

func (rd *Reader) corrupt(err error) error {
	return fmt.Errorf("%s: %w: arrow ipc: %w", rd.src, format.ErrCorrupt, err)
}

// inputErr remembers the first error of the underlying input other than
// its end, so that an I/O failure is not reported as a corrupt file.
type inputErr struct{ err error }

func (e *inputErr) note(err error) {
	if err != nil && e.err == nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		e.err = err
	}
}

type sizedInput struct {
	format.Sized
	in *inputErr
}

func (s sizedInput) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.Sized.ReadAt(p, off)
	s.in.note(err)
	return n, err
}

type streamInput struct {
	r  io.Reader
	in *inputErr
}

func (s streamInput) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.in.note(err)
	return n, err
}

// Schema returns the schema of the input, with its metadata.
func (rd *Reader) Schema() *arrow.Schema {
	if rd.stream == nil {
		return nil
	}
	return rd.stream.Schema()
}

// Next returns the next batch of at most BatchRows rows, which the caller
// must Release, or io.EOF after the last one.
func (rd *Reader) Next() (rec arrow.RecordBatch, err error) {
	if rd.err != nil {
		return nil, rd.err
	}
	defer func() {
		if p := recover(); p != nil {
			if rec != nil {
				rec.Release()
			}
			rec, err = nil, rd.corrupt(fmt.Errorf("decoder panic: %v", p))
		}
		if err != nil && err != io.EOF {
			rd.failed = rd.alloc.current()
		}
		if err != nil {
			rd.err = err
		}
	}()
	for {
		if rd.cur != nil {
			if n := rd.cur.NumRows() - rd.curOff; n > 0 {
				take := min(n, int64(rd.opts.BatchRows))
				var out arrow.RecordBatch
				if rd.curOff == 0 && take == rd.cur.NumRows() {
					out = rd.cur
					rd.cur = nil
				} else {
					out = rd.cur.NewSlice(rd.curOff, rd.curOff+take)
					rd.curOff += take
				}
				rd.rows += take
				return out, nil
			}
			rd.cur.Release()
			rd.cur = nil
		}
		b, err := rd.read()
		if err != nil {
			return nil, err
		}
		if err := validateRecord(b); err != nil {
			b.Release()
			return nil, rd.corrupt(fmt.Errorf("batch after row %d: %w", rd.rows, err))
		}
		if row, col := firstInvalidUTF8(b); row >= 0 {
			b.Release()
			// Every row before this batch has been handed out, so rd.rows
			// is where it starts. A batch is not split into good and bad
			// rows (see Skipped), so SkipBadRows does not apply.
			return nil, &format.RowError{Source: rd.src, Row: rd.rows + int64(row) + 1, Column: b.ColumnName(col), Err: ErrInvalidUTF8}
		}
		rd.cur, rd.curOff = b, 0
	}
}

// read returns the next whole batch of the input, owned by the caller.
func (rd *Reader) read() (arrow.RecordBatch, error) {
	if rd.stream.Next() {
		b := rd.stream.RecordBatch()
		b.Retain()
		return b, nil
	}
	if err := rd.stream.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, rd.wrap(err)
	}
	return nil, io.EOF
}

// Rows is how many rows Next has returned so far.
func (rd *Reader) Rows() int64 { return rd.rows }

// Skipped is always zero: a bad Arrow batch (invalid UTF-8 in a string
// column included) is not split into good and bad rows, so it fails the
// input even under SkipBadRows.
func (rd *Reader) Skipped() int64 { return 0 }

// Close releases the reader's buffers; it does not close the input.
func (rd *Reader) Close() error {
	rd.closeAll()
	if rd.err == nil {
		rd.err = errors.New("arrowipc: reader closed")
	}
	return nil
}

func (rd *Reader) closeAll() {
	if rd.cur != nil {
		rd.cur.Release()
		rd.cur = nil
	}
	if rd.stream != nil {
		rd.stream.Release()
		rd.stream = nil
	}
	if rd.failed > 0 {
		rd.alloc.drop(rd.failed)
		rd.failed = 0
	}
}
