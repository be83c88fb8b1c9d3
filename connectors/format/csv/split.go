package csv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"unicode/utf8"
)

// syntaxError is a malformed record found by the splitter. The splitter can
// go on after one: the next record starts on the line after the error.
type syntaxError struct {
	StartLine int   // line where the record starts (1-based)
	Line      int   // line where the problem is
	Field     int   // 0-based index of the field with the problem
	Err       error // ErrBareQuote or ErrQuote
}

func (e *syntaxError) Error() string {
	if e.Line != e.StartLine {
		return fmt.Sprintf("lines %d-%d: %v", e.StartLine, e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

func (e *syntaxError) Unwrap() error { return e.Err }

// minBuffer is the size of the splitter's read buffer; it grows only for a
// line longer than that.
const minBuffer = 256 << 10

// splitter cuts CSV text into records of fields. It follows encoding/csv's
// Reader (FieldsPerRecord -1, TrimLeadingSpace false, an ASCII Comma and
// Comment) rule for rule, with one deliberate difference: a line break
// inside a quoted field is kept as written, so a "\r\n" there stays "\r\n"
// (encoding/csv turns it into "\n"). FuzzSplitMatchesStdlib holds the two to
// the same records, errors and line numbers.
//
// It reads the input in large blocks into one buffer that grows only to hold
// a line longer than the buffer, up to max bytes, and never allocates per
// record once warm. The common line — no quote anywhere in it — is split in
// place without copying; a line with a quote goes through the general
// parser, which unescapes into a scratch buffer.
type splitter struct {
	rd   io.Reader
	buf  []byte
	r, w int  // unread input is buf[r:w]
	scan int  // buf[r:r+scan] is known to hold no '\n'
	eof  bool // rd returned io.EOF
	rerr error

	delim, comment byte // comment 0: none
	quote          byte
	lazy           bool
	max            int // longest line or record, in bytes

	numLine int // lines read so far (counted as encoding/csv does)
	recLine int // line the last record started on

	rec   []byte // unescaped fields of a record from the general parser
	idx   []int  // end of each field in rec
	base  []byte // the record returned by next is spans of base
	spans []span // (no pointers here: storing slices would cost write barriers)
	valid bool   // the record's lines are valid UTF-8, so its fields are
}

// span is one field of a record: base[start:end].
type span struct{ start, end int }

// field returns field i of the record next returned.
func (s *splitter) field(i int) []byte { return s.base[s.spans[i].start:s.spans[i].end] }

// errTooLong is returned (fatally) for a line or record over max bytes.
type errTooLong struct{ line, max int }

func (e *errTooLong) Error() string {
	return fmt.Sprintf("line %d: %v: over %d bytes", e.line, ErrRecordTooLong, e.max)
}

func (e *errTooLong) Unwrap() error { return ErrRecordTooLong }

func lengthNL(b []byte) int {
	n := len(b)
	if n > 0 && b[n-1] == '\n' {
		if n > 1 && b[n-2] == '\r' {
			return 2
		}
		return 1
	}
	return 0
}

// fill reads more input after compacting the buffer, growing it when full.
func (s *splitter) fill() {
	if s.r > 0 {
		copy(s.buf, s.buf[s.r:s.w])
		s.w -= s.r
		s.r = 0
	}
	if s.w == len(s.buf) {
		n := 2 * len(s.buf)
		if n < 64 {
			n = 64
		}
		nb := make([]byte, n)
		copy(nb, s.buf[:s.w])
		s.buf = nb
	}
	n, err := s.rd.Read(s.buf[s.w:])
	s.w += n
	switch {
	case err == io.EOF:
		s.eof = true
	case err != nil:
		s.rerr = err
	}
}

// readLine returns the next line with its line break, if any; a "\r" just
// before the end of input is dropped, as encoding/csv does. At the end of
// input it returns nil, io.EOF. The line is valid until the next call.
func (s *splitter) readLine() ([]byte, error) {
	for {
		if i := bytes.IndexByte(s.buf[s.r+s.scan:s.w], '\n'); i >= 0 {
			end := s.r + s.scan + i + 1
			line := s.buf[s.r:end]
			s.r, s.scan = end, 0
			s.numLine++
			if len(line) > s.max {
				return nil, &errTooLong{line: s.numLine, max: s.max}
			}
			return line, nil
		}
		s.scan = s.w - s.r
		if s.scan > s.max {
			return nil, &errTooLong{line: s.numLine + 1, max: s.max}
		}
		if s.rerr != nil {
			return nil, s.rerr
		}
		if s.eof {
			line := s.buf[s.r:s.w]
			s.r, s.scan = s.w, 0
			s.numLine++
			if len(line) == 0 {
				return nil, io.EOF
			}
			if line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			return line, nil
		}
		s.fill()
	}
}

// next reads the next record and returns its fields as spans of s.base
// (see field), valid until the next call. Errors: io.EOF at the end;
// *syntaxError for a malformed record (call next again to go on); anything
// else is fatal (a read error, errTooLong).
func (s *splitter) next() ([]span, error) {
	var line []byte
	for {
		var err error
		line, err = s.readLine()
		if err != nil {
			return nil, err
		}
		if s.comment != 0 && len(line) > 0 && line[0] == s.comment {
			continue
		}
		if len(line) == lengthNL(line) {
			continue
		}
		break
	}
	s.recLine = s.numLine
	s.spans = s.spans[:0]
	if s.splitPlain(line) {
		return s.spans, nil
	}
	return s.parse(line)
}

// Word-at-a-time byte tests (SWAR): each byte of a uint64 in turn.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	lows  = 0x7f7f7f7f7f7f7f7f
)

// eqMask has 0x80 in each byte of w that equals the byte of pat (a byte
// times ones), 0 elsewhere; exact, with no carry between bytes.
func eqMask(w, pat uint64) uint64 {
	x := w ^ pat
	return ^(((x & lows) + lows) | x) & highs
}

// splitPlain splits a line with no quote in it, in one pass that also notes
// whether it is all ASCII, and reports true; it leaves a line with a quote
// to the general parser and reports false. A line without quotes is a
// record of unquoted fields, none of which can hold a line break.
func (s *splitter) splitPlain(line []byte) bool {
	body := line[:len(line)-lengthNL(line)]
	s.base = body
	dpat := uint64(s.delim) * ones
	qpat := uint64(s.quote) * ones
	var high uint64
	start, i := 0, 0
	for ; i+8 <= len(body); i += 8 {
		w := binary.LittleEndian.Uint64(body[i:])
		high |= w
		if eqMask(w, qpat) != 0 {
			s.spans = s.spans[:0]
			return false
		}
		for d := eqMask(w, dpat); d != 0; d &= d - 1 {
			end := i + bits.TrailingZeros64(d)>>3
			s.spans = append(s.spans, span{start, end})
			start = end + 1
		}
	}
	for ; i < len(body); i++ {
		c := body[i]
		high |= uint64(c)
		switch c {
		case s.quote:
			s.spans = s.spans[:0]
			return false
		case s.delim:
			s.spans = append(s.spans, span{start, i})
			start = i + 1
		}
	}
	s.spans = append(s.spans, span{start, len(body)})
	s.valid = high&highs == 0 || utf8.Valid(line)
	return true
}

// parse is encoding/csv's readRecord over one record that holds a quote.
//
// It also checks that the record's lines are valid UTF-8: they are exactly
// when its fields are, since what lies between fields (delimiters, quotes,
// doubled quotes) is ASCII.
func (s *splitter) parse(line []byte) ([]span, error) {
	s.valid = utf8.Valid(line)
	s.rec = s.rec[:0]
	s.idx = s.idx[:0]
	posLine := s.numLine
	var perr error
parseField:
	for {
		if len(line) == 0 || line[0] != s.quote {
			// Unquoted field.
			i := bytes.IndexByte(line, s.delim)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if !s.lazy && bytes.IndexByte(field, s.quote) >= 0 {
				perr = &syntaxError{StartLine: s.recLine, Line: s.numLine, Field: len(s.idx), Err: ErrBareQuote}
				break parseField
			}
			s.rec = append(s.rec, field...)
			s.idx = append(s.idx, len(s.rec))
			if i >= 0 {
				line = line[i+1:]
				continue parseField
			}
			break parseField
		}
		// Quoted field.
		line = line[1:]
		for {
			i := bytes.IndexByte(line, s.quote)
			switch {
			case i >= 0:
				s.rec = append(s.rec, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == s.quote:
					// A doubled quote stands for one.
					s.rec = append(s.rec, s.quote)
					line = line[1:]
				case len(line) > 0 && line[0] == s.delim:
					line = line[1:]
					s.idx = append(s.idx, len(s.rec))
					continue parseField
				case lengthNL(line) == len(line):
					s.idx = append(s.idx, len(s.rec))
					break parseField
				case s.lazy:
					s.rec = append(s.rec, s.quote)
				default:
					perr = &syntaxError{StartLine: s.recLine, Line: s.numLine, Field: len(s.idx), Err: ErrQuote}
					break parseField
				}
			case len(line) > 0:
				// The field goes on over the line break, kept as written.
				s.rec = append(s.rec, line...)
				if len(s.rec) > s.max {
					return nil, &errTooLong{line: s.recLine, max: s.max}
				}
				var err error
				line, err = s.readLine()
				if err != nil && err != io.EOF {
					return nil, err
				}
				if len(line) > 0 {
					posLine++
					s.valid = s.valid && utf8.Valid(line)
				}
			default:
				// End of input inside the quotes.
				if !s.lazy {
					perr = &syntaxError{StartLine: s.recLine, Line: posLine, Field: len(s.idx), Err: ErrQuote}
					break parseField
				}
				s.idx = append(s.idx, len(s.rec))
				break parseField
			}
		}
	}
	if perr != nil {
		return nil, perr
	}
	s.base = s.rec
	prev := 0
	for _, end := range s.idx {
		s.spans = append(s.spans, span{prev, end})
		prev = end
	}
	return s.spans, nil
}
