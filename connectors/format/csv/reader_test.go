package csv

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/formattest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// checked returns an allocator that fails the test if anything built with
// it is still allocated when the test ends.
func checked(t testing.TB) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

func readAllRecords(t testing.TB, rd format.Reader) []arrow.RecordBatch {
	var recs []arrow.RecordBatch
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return recs
		}
		require.NoError(t, err)
		recs = append(recs, rec)
	}
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// table is what a read gave, rendered for comparisons and golden files.
type table struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Batches int        `json:"batches"`
	Skipped int64      `json:"skipped"`
	Error   string     `json:"error,omitempty"`
}

// read reads in completely with a checked allocator. A failure is kept in
// table.Error (with the error itself returned too).
func read(t testing.TB, in []byte, co Options, ro format.ReadOptions) (table, error) {
	if ro.Allocator == nil {
		ro.Allocator = checked(t)
	}
	if ro.Source == "" {
		ro.Source = "in.csv"
	}
	var tb table
	rd, err := New(co).NewReader(bytes.NewReader(in), ro)
	if err != nil {
		tb.Error = err.Error()
		return tb, err
	}
	defer rd.Close()
	for _, f := range rd.Schema().Fields() {
		tb.Columns = append(tb.Columns, f.Name)
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Error = err.Error()
			// Sticky: the same error again.
			_, again := rd.Next()
			require.Equal(t, err, again)
			return tb, err
		}
		tb.Batches++
		require.True(t, rec.Schema().Equal(rd.Schema()))
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]string, rec.NumCols())
			for j, c := range rec.Columns() {
				s := c.(*array.String)
				require.False(t, s.IsNull(i))
				row[j] = s.Value(i)
			}
			tb.Rows = append(tb.Rows, row)
		}
		require.NoError(t, rec.Columns()[0].(*array.String).ValidateFull())
		rec.Release()
	}
	assert.Equal(t, int64(len(tb.Rows)), rd.Rows())
	tb.Skipped = rd.Skipped()
	return tb, nil
}

func TestReadBasic(t *testing.T) {
	in := "name,email,note\n" +
		"Ann,ann@example.com,\"says \"\"hi\"\", twice\"\n" +
		"Bob,,\"two\r\nlines\"\r\n" +
		",,\n"
	tb, err := read(t, []byte(in), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"name", "email", "note"}, tb.Columns)
	assert.Equal(t, [][]string{
		{"Ann", "ann@example.com", `says "hi", twice`},
		{"Bob", "", "two\r\nlines"},
		{"", "", ""},
	}, tb.Rows)
}

func TestReadSchema(t *testing.T) {
	rd, err := New(Options{}).NewReader(strings.NewReader("a,b\n1,2\n"), format.ReadOptions{Allocator: checked(t)})
	require.NoError(t, err)
	defer rd.Close()
	for _, f := range rd.Schema().Fields() {
		assert.Equal(t, arrow.BinaryTypes.String, f.Type)
		assert.True(t, f.Nullable)
	}
	rec, err := rd.Next()
	require.NoError(t, err)
	defer rec.Release()
	assert.Zero(t, rec.Column(0).NullN())
}

func TestReadEmptyAndHeaderOnly(t *testing.T) {
	for name, in := range map[string]string{"empty": "", "blank lines": "\n\r\n\n", "bom": "\xef\xbb\xbf"} {
		tb, err := read(t, []byte(in), Options{}, format.ReadOptions{})
		require.NoError(t, err, name)
		assert.Empty(t, tb.Columns, name)
		assert.Empty(t, tb.Rows, name)
	}
	tb, err := read(t, []byte("a,b\n"), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, tb.Columns)
	assert.Empty(t, tb.Rows)
	assert.Zero(t, tb.Batches)
}

func TestReadBOM(t *testing.T) {
	tb, err := read(t, []byte("\xef\xbb\xbfa,b\r\n1,2\r\n"), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, tb.Columns)
	assert.Equal(t, [][]string{{"1", "2"}}, tb.Rows)
}

func TestReadDelimitersAndComments(t *testing.T) {
	for _, d := range []rune{',', ';', '\t', '|'} {
		in := strings.ReplaceAll("# top\na,b,c\n1,\"x,y\",3\n# mid\n4,5,6\n", ",", string(d))
		tb, err := read(t, []byte(in), Options{Delimiter: d, Comment: '#'}, format.ReadOptions{})
		require.NoError(t, err, "%q", d)
		assert.Equal(t, []string{"a", "b", "c"}, tb.Columns)
		assert.Equal(t, [][]string{{"1", strings.ReplaceAll("x,y", ",", string(d)), "3"}, {"4", "5", "6"}}, tb.Rows)
	}
}

// TestQuoteCharacter: another quote character encloses fields (doubled
// inside them, over line breaks) and a '"' is then plain text; the writer
// quotes with it too, so what it writes reads back.
func TestQuoteCharacter(t *testing.T) {
	in := "a,b\n'x,y',\"quoted\" text\n'it''s',2\n'two\nlines',3\n"
	tb, err := read(t, []byte(in), Options{Quote: '\''}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"x,y", `"quoted" text`}, {"it's", "2"}, {"two\nlines", "3"}}, tb.Rows)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rd, err := New(Options{Quote: '\''}).NewReader(strings.NewReader(in), format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	recs := readAllRecords(t, rd)
	rd.Close()
	var out bytes.Buffer
	w, err := New(Options{Quote: '\''}).NewWriter(&out, recs[0].Schema(), format.WriteOptions{Allocator: mem})
	require.NoError(t, err)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	releaseAll(recs)
	assert.Equal(t, in, out.String())
}

func TestReadHeaderErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"empty name", "a,,c\n", "column 2 has an empty name"},
		{"empty last", "a,b,\n", "column 3 has an empty name"},
		{"duplicate", "a,b,a\n", "column 3 has the same name as column 1"},
		{"bare quote", "a,b\"c\n", "line 1: bare"},
		{"bad utf8", "a,\xff\n", "column 2: invalid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, []byte(c.in), Options{}, format.ReadOptions{SkipBadRows: true, Source: "h.csv"})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrHeader)
			var re *format.RowError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, int64(0), re.Row)
			assert.Equal(t, "h.csv", re.Source)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), `"a"`, "the header names stay out of the message")
		})
	}
}

const secret = "536-22-1234"

func TestReadBadRows(t *testing.T) {
	cases := []struct {
		name   string
		row    string
		kind   error
		column string
		line   string
	}{
		{"too many fields", "1,2,3," + secret, ErrFieldCount, "", "line 4"},
		{"too few fields", secret, ErrFieldCount, "", "line 4"},
		{"bare quote", "1,x\"" + secret + ",3", ErrBareQuote, "b", "line 4"},
		{"stray quote", "1,\"" + secret + "\"x,3", ErrQuote, "b", "line 4"},
		{"unterminated", "1,2,\"" + secret, ErrQuote, "c", "lines 4-5"},
		{"invalid utf8", "1,2," + secret + "\xff", ErrInvalidUTF8, "c", "line 4"},
		{"invalid utf8 quoted", "1,\"" + secret + "\xc3\",3", ErrInvalidUTF8, "b", "line 4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A quoted line break in row 1 makes lines and rows differ.
			in := "a,b,c\n\"x\ny\",2,3\n" + c.row + "\n7,8,9\n"
			_, err := read(t, []byte(in), Options{}, format.ReadOptions{Source: "in.csv"})
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			var re *format.RowError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, int64(2), re.Row)
			assert.Equal(t, c.column, re.Column)
			assert.Contains(t, err.Error(), c.line)
			assert.NotContains(t, err.Error(), secret)

			tb, err := read(t, []byte(in), Options{}, format.ReadOptions{SkipBadRows: true})
			require.NoError(t, err)
			assert.Equal(t, int64(1), tb.Skipped)
			want := [][]string{{"x\ny", "2", "3"}, {"7", "8", "9"}}
			if c.name == "unterminated" {
				want = want[:1] // the open quote swallows the rest
			}
			assert.Equal(t, want, tb.Rows)
		})
	}
}

func TestReadLazyQuotes(t *testing.T) {
	in := "a,b\nx\"y,\"p\"q\"\n"
	_, err := read(t, []byte(in), Options{}, format.ReadOptions{})
	require.ErrorIs(t, err, ErrBareQuote)
	tb, err := read(t, []byte(in), Options{LazyQuotes: true}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{`x"y`, `p"q`}}, tb.Rows)
}

func TestReadTooLong(t *testing.T) {
	in := "a\n" + strings.Repeat("x", 5000) + "\nshort\n"
	_, err := read(t, []byte(in), Options{MaxRecordBytes: 1000}, format.ReadOptions{SkipBadRows: true})
	require.ErrorIs(t, err, ErrRecordTooLong)
	var re *format.RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, int64(1), re.Row)
}

func TestReadBatchLimits(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("k,v\n")
	for i := range 1000 {
		sb.WriteString(strings.Repeat("x", i%7) + ",0123456789\n")
	}
	in := []byte(sb.String())
	all, err := read(t, in, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, all.Rows, 1000)
	assert.Equal(t, 1, all.Batches)

	byRows, err := read(t, in, Options{}, format.ReadOptions{BatchRows: 300})
	require.NoError(t, err)
	assert.Equal(t, 4, byRows.Batches)
	assert.Equal(t, all.Rows, byRows.Rows)

	// Each row has 10 to 16 value bytes: a 1000-byte cap makes batches of
	// 63 to 100 rows.
	rd, err := New(Options{}).NewReader(bytes.NewReader(in), format.ReadOptions{BatchBytes: 1000, Allocator: checked(t)})
	require.NoError(t, err)
	defer rd.Close()
	recs := readAllRecords(t, rd)
	defer releaseAll(recs)
	assert.Greater(t, len(recs), 9)
	for _, r := range recs[:len(recs)-1] {
		size := 0
		for _, c := range r.Columns() {
			size += len(c.(*array.String).ValueBytes())
		}
		assert.GreaterOrEqual(t, size, 1000)
		assert.Less(t, size, 1000+17)
	}
}

func TestReadCompressed(t *testing.T) {
	plain := bench.CSV(3, 300<<10)
	want, err := read(t, plain, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, want.Rows)
	for name, in := range map[string][]byte{"gzip": formattest.Gzip(t, plain), "zstd": formattest.Zstd(t, plain)} {
		t.Run(name, func(t *testing.T) {
			got, err := read(t, in, Options{}, format.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, want, got)

			cut := in[:len(in)*2/3]
			_, err = read(t, cut, Options{}, format.ReadOptions{SkipBadRows: true})
			require.Error(t, err)
			assert.ErrorIs(t, err, format.ErrCorrupt)
		})
	}
}

func TestReadInputError(t *testing.T) {
	boom := errors.New("disk on fire")
	for name, data := range map[string][]byte{"plain": []byte("a,b\n1,2\n3,"), "gzip": formattest.Gzip(t, bytes.Repeat([]byte("a,b\n1,2\n"), 1000))[:60]} {
		t.Run(name, func(t *testing.T) {
			rd, err := New(Options{}).NewReader(formattest.FailAfter(data, boom), format.ReadOptions{Allocator: checked(t), Source: "f.csv"})
			require.NoError(t, err)
			defer rd.Close()
			for err == nil {
				var rec arrow.RecordBatch
				rec, err = rd.Next()
				if rec != nil {
					rec.Release()
				}
			}
			assert.ErrorIs(t, err, boom)
			assert.NotErrorIs(t, err, format.ErrCorrupt, "a read error is not corrupt input")
			assert.Contains(t, err.Error(), "f.csv")
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{
		{Delimiter: '"'}, {Delimiter: '\n'}, {Delimiter: '\r'}, {Delimiter: 'é'}, {Delimiter: -1},
		{Comment: ','}, {Comment: '\n'}, {Delimiter: ';', Comment: ';'}, {MaxRecordBytes: 2 << 30},
		{Quote: ','}, {Quote: '\n'}, {Quote: '#', Comment: '#'}, {Quote: 'é'},
	} {
		err := o.Validate()
		require.ErrorIs(t, err, ErrOptions, "%+v", o)
		_, err = New(o).NewReader(strings.NewReader("a\n"), format.ReadOptions{})
		assert.ErrorIs(t, err, ErrOptions)
		_, err = New(o).NewWriter(io.Discard, arrow.NewSchema(nil, nil), format.WriteOptions{})
		assert.ErrorIs(t, err, ErrOptions)
	}
	for _, o := range []Options{{}, {Delimiter: ';'}, {Delimiter: '\t', Comment: '#'}, {Delimiter: '|', LazyQuotes: true}, {Quote: '\''}, {Delimiter: '"', Quote: '\''}} {
		assert.NoError(t, o.Validate())
	}
	assert.Equal(t, "csv", New(Options{}).Name())
}

// goldenCases are the files under testdata/formats/csv with the options
// each is read with; each has a .golden.json beside it.
var goldenCases = []struct {
	file string
	opts Options
	skip bool
}{
	{"simple.csv", Options{}, false},
	{"quoted.csv", Options{}, false},
	{"crlf_bom.csv", Options{}, false},
	{"semicolon.csv", Options{Delimiter: ';'}, false},
	{"tabs.tsv", Options{Delimiter: '\t'}, false},
	{"pipes_comments.csv", Options{Delimiter: '|', Comment: '#'}, false},
	{"lazy.csv", Options{LazyQuotes: true}, false},
	{"bad_rows.csv", Options{}, false},
	{"bad_rows.csv", Options{}, true},
	{"bad_header_dup.csv", Options{}, false},
	{"bad_header_empty.csv", Options{}, false},
	{"header_only.csv", Options{}, false},
	{"empty.csv", Options{}, false},
	{"simple.csv.gz", Options{}, false},
	{"simple.csv.zst", Options{}, false},
}

func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "formats", "csv")
	for _, c := range goldenCases {
		name := c.file
		if c.skip {
			name += ".skip"
		}
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, c.file))
			require.NoError(t, err)
			tb, _ := read(t, in, c.opts, format.ReadOptions{Source: c.file, SkipBadRows: c.skip})
			got, err := json.MarshalIndent(tb, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := filepath.Join(dir, name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run with -update to create")
			assert.Equal(t, string(want), string(got))
			if tb.Error != "" {
				return
			}
			// What the writer makes of it, with the same options.
			rd, err := New(c.opts).NewReader(bytes.NewReader(in), format.ReadOptions{Allocator: checked(t), SkipBadRows: c.skip})
			require.NoError(t, err)
			defer rd.Close()
			recs := readAllRecords(t, rd)
			defer releaseAll(recs)
			out := write(t, c.opts, format.WriteOptions{}, rd.Schema(), recs...)
			golden = filepath.Join(dir, name+".golden.out")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
			}
			want, err = os.ReadFile(golden)
			require.NoError(t, err, "run with -update to create")
			assert.Equal(t, string(want), out)
		})
	}
}

// TestReadKeep: a reader told which rows to keep returns only those, in
// order and whole, sees every good row's index once, counts every row in
// Rows, and still fails on a bad row it would have left out.
func TestReadKeep(t *testing.T) {
	in := []byte(bench.CSV(1, 64<<10))
	all, err := read(t, in, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	require.Greater(t, len(all.Rows), 100)

	rd, err := New(Options{}).NewReader(bytes.NewReader(in), format.ReadOptions{Allocator: checked(t), BatchRows: 7})
	require.NoError(t, err)
	defer rd.Close()
	f, ok := rd.(format.RowFilter)
	require.True(t, ok)
	var seen, kept []int64
	require.True(t, f.SetKeep(func(row int64) bool {
		seen = append(seen, row)
		if row%5 == 0 {
			kept = append(kept, row)
			return true
		}
		return false
	}))
	var got [][]string
	for _, rec := range readAllRecords(t, rd) {
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]string, rec.NumCols())
			for j, c := range rec.Columns() {
				row[j] = c.(*array.String).Value(i)
			}
			got = append(got, row)
		}
		rec.Release()
	}
	require.Len(t, seen, len(all.Rows))
	for i, r := range seen {
		require.Equal(t, int64(i), r, "every good row's index once, in order")
	}
	require.Len(t, got, len(kept))
	for i, r := range kept {
		assert.Equal(t, all.Rows[r], got[i])
	}
	assert.Equal(t, int64(len(all.Rows)), rd.Rows(), "rows left out are counted")

	bad := []byte("a,b\n1,2\n3\n4,5\n")
	rd, err = New(Options{}).NewReader(bytes.NewReader(bad), format.ReadOptions{Allocator: checked(t), Source: "bad.csv"})
	require.NoError(t, err)
	defer rd.Close()
	rd.(format.RowFilter).SetKeep(func(int64) bool { return false })
	_, err = rd.Next()
	assert.ErrorIs(t, err, ErrFieldCount, "a bad row is reported even when it would not be kept")
}
