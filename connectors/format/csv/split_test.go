package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
)

// events renders what a CSV parser made of an input: one entry per record
// or error, so that two parsers can be compared in one assertion.
type events []string

var (
	delims   = []byte{',', ';', '\t', '|', ' ', 'a', '#'}
	comments = []byte{0, '#', ';', 'x'}
)

// stdEvents parses in with encoding/csv, the reference.
func stdEvents(in []byte, delim, comment byte, lazy bool) events {
	r := stdcsv.NewReader(bytes.NewReader(in))
	r.Comma = rune(delim)
	r.Comment = rune(comment)
	r.LazyQuotes = lazy
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var ev events
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return ev
		}
		var pe *stdcsv.ParseError
		if errors.As(err, &pe) {
			kind := "quote"
			if errors.Is(pe.Err, stdcsv.ErrBareQuote) {
				kind = "bare"
			}
			ev = append(ev, fmt.Sprintf("error %s start %d line %d field %d", kind, pe.StartLine, pe.Line, len(rec)))
			continue
		}
		if err != nil {
			return append(ev, "fatal "+err.Error())
		}
		ev = append(ev, fmt.Sprintf("%q", rec))
	}
}

// splitEvents parses in with the splitter, reading through rd's wrapping
// and starting from a buffer of bufSize bytes.
func splitEvents(t testing.TB, in []byte, delim, comment byte, lazy bool, bufSize int, wrap func(io.Reader) io.Reader) events {
	s := splitter{
		rd:      wrap(bytes.NewReader(in)),
		buf:     make([]byte, bufSize),
		delim:   delim,
		quote:   '"',
		comment: comment,
		lazy:    lazy,
		max:     DefaultMaxRecordBytes,
	}
	var ev events
	for {
		fields, err := s.next()
		if err == io.EOF {
			return ev
		}
		var se *syntaxError
		if errors.As(err, &se) {
			kind := "quote"
			if errors.Is(se.Err, ErrBareQuote) {
				kind = "bare"
			}
			ev = append(ev, fmt.Sprintf("error %s start %d line %d field %d", kind, se.StartLine, se.Line, se.Field))
			continue
		}
		if err != nil {
			return append(ev, "fatal "+err.Error())
		}
		rec := make([]string, len(fields))
		for i := range fields {
			f := s.field(i)
			// The one intended difference: encoding/csv turns "\r\n" inside
			// quotes into "\n".
			rec[i] = strings.ReplaceAll(string(f), "\r\n", "\n")
		}
		ev = append(ev, fmt.Sprintf("%q", rec))
	}
}

var wraps = []func(io.Reader) io.Reader{
	func(r io.Reader) io.Reader { return r },
	iotest.OneByteReader,
	iotest.HalfReader,
	iotest.DataErrReader,
}

var splitSeeds = []string{
	"",
	"a,b,c\n1,2,3\n",
	"a,b\r\n1,2\r\n",
	"a,b\n1,2",
	"a,b\n1,2\r",
	"\r",
	"\n\n\r\n\na\n",
	`a,"b,c",d` + "\n",
	`"a""b",c` + "\n",
	`"multi` + "\nline\r\n" + `field",x` + "\n",
	`a"b,c` + "\n",
	`"a"b,c` + "\n",
	`"unterminated` + "\n",
	`"unterminated` + "\nmore\n",
	`"a",` + "\n",
	`,` + "\n",
	`""` + "\n",
	`"",""` + "\n",
	"# comment\na,b\n#x,y\n",
	"a;b\n1;2\n",
	"a\tb\n1\t2\n",
	`"a" ,b` + "\n",
	`" a"` + "\r\n" + `x"` + "\n",
	"x\r\r\n",
	"\"a\r\nb\"\r\n",
	"\"a\r\"\n",
	"\xff,\xfe\n",
	`"`,
	`""""`,
	"a,\"b\n",
}

func TestSplitMatchesStdlib(t *testing.T) {
	gen := bench.CSV(1, 8<<10)
	for i, in := range append(splitSeeds, string(gen)) {
		for _, d := range delims {
			for _, c := range comments {
				if c == d {
					continue
				}
				for _, lazy := range []bool{false, true} {
					want := stdEvents([]byte(in), d, c, lazy)
					for w, wrap := range wraps {
						for _, size := range []int{1, 5, minBuffer} {
							got := splitEvents(t, []byte(in), d, c, lazy, size, wrap)
							require.Equal(t, want, got, "seed %d delim %q comment %q lazy %v wrap %d buf %d", i, d, c, lazy, w, size)
						}
					}
				}
			}
		}
	}
}

// FuzzSplitMatchesStdlib holds the splitter to encoding/csv on any input
// and options: the same records (modulo "\r\n" kept inside quotes), the
// same errors at the same lines, read through any chunking.
func FuzzSplitMatchesStdlib(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s), uint8(0), uint8(0), false, uint8(0), uint8(0))
		f.Add([]byte(s), uint8(1), uint8(1), true, uint8(1), uint8(1))
	}
	f.Fuzz(func(t *testing.T, in []byte, d, c uint8, lazy bool, w, size uint8) {
		delim := delims[int(d)%len(delims)]
		comment := comments[int(c)%len(comments)]
		if comment == delim {
			comment = 0
		}
		want := stdEvents(in, delim, comment, lazy)
		got := splitEvents(t, in, delim, comment, lazy, 1+int(size), wraps[int(w)%len(wraps)])
		require.Equal(t, want, got)
	})
}

func TestSplitTooLong(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 1000)
	for name, in := range map[string][]byte{
		"line":   append(append([]byte("a\n"), long...), '\n'),
		"quoted": append(append([]byte("a\n\""), bytes.Repeat([]byte("xxxxxxxxx\n"), 100)...), '"', '\n'),
	} {
		t.Run(name, func(t *testing.T) {
			s := splitter{rd: bytes.NewReader(in), buf: make([]byte, 16), delim: ',', quote: '"', max: 100}
			_, err := s.next()
			require.NoError(t, err)
			_, err = s.next()
			assert.ErrorIs(t, err, ErrRecordTooLong)
		})
	}
}
