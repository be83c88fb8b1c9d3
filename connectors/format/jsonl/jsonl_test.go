package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

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

func checked(t testing.TB) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// readAll reads in completely; the batches are released at the end of the
// test.
func readAll(t testing.TB, in []byte, jo Options, ro format.ReadOptions) (format.Reader, []arrow.RecordBatch, error) {
	if ro.Allocator == nil {
		ro.Allocator = checked(t)
	}
	if ro.Source == "" {
		ro.Source = "in.jsonl"
	}
	rd, err := New(jo).NewReader(bytes.NewReader(in), ro)
	if err != nil {
		return nil, nil, err
	}
	t.Cleanup(func() { rd.Close() })
	var recs []arrow.RecordBatch
	t.Cleanup(func() { releaseAll(recs) })
	var prev *arrow.Schema
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return rd, recs, nil
		}
		if err != nil {
			_, again := rd.Next()
			require.Equal(t, err, again, "errors are sticky")
			return rd, recs, err
		}
		recs = append(recs, rec)
		// Schemas only widen, field by field.
		if prev != nil {
			require.GreaterOrEqual(t, rec.Schema().NumFields(), prev.NumFields())
			for i, f := range prev.Fields() {
				require.True(t, f.Equal(rec.Schema().Field(i)))
			}
		}
		prev = rec.Schema()
		require.True(t, rec.Schema().Equal(rd.Schema()))
		for _, c := range rec.Columns() {
			require.NoError(t, c.(*array.String).ValidateFull())
		}
	}
}

// rowsOf renders records as one map per row: column → value, nulls left
// out; the template column is left out unless withTemplate.
func rowsOf(recs []arrow.RecordBatch, withTemplate bool) []map[string]string {
	var out []map[string]string
	for _, rec := range recs {
		for i := 0; i < int(rec.NumRows()); i++ {
			row := map[string]string{}
			for j, c := range rec.Columns() {
				name := rec.ColumnName(j)
				if name == TemplateColumn && !withTemplate {
					continue
				}
				if !c.IsNull(i) {
					row[name] = c.(*array.String).Value(i)
				}
			}
			out = append(out, row)
		}
	}
	return out
}

func names(s *arrow.Schema) []string {
	var ns []string
	for _, f := range s.Fields() {
		ns = append(ns, f.Name)
	}
	return ns
}

func TestReadBasic(t *testing.T) {
	in := `{"user":{"email":"ann@example.com","age":42},"tags":["a","b"],"ok":true,"gone":null,"n":-1.50e+3,"e":{},"l":[]}` + "\n" +
		"\n  \t\r\n" +
		`{ "user" : { "email" : "bo\u0062@example.com" } , "extra" : "x\"y\\z\n" }` + "\r\n"
	rd, recs, err := readAll(t, []byte(in), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, []string{TemplateColumn, "user.email", "user.age", "tags[0]", "tags[1]", "ok", "gone", "n", "extra"}, names(rd.Schema()))
	assert.True(t, IsTemplate(rd.Schema().Field(0)))
	for _, f := range rd.Schema().Fields() {
		assert.Equal(t, arrow.BinaryTypes.String, f.Type)
		assert.True(t, f.Nullable)
	}
	assert.Equal(t, []map[string]string{
		{
			TemplateColumn: `{"user":{"email":s,"age":n},"tags":[s,s],"ok":b,"gone":z,"n":n,"e":{},"l":[]}`,
			"user.email":   "ann@example.com", "user.age": "42", "tags[0]": "a", "tags[1]": "b", "ok": "true", "n": "-1.50e+3",
		},
		{
			TemplateColumn: `{"user":{"email":s},"extra":s}`,
			"user.email":   "bob@example.com", "extra": "x\"y\\z\n",
		},
	}, rowsOf(recs, true))
	assert.Equal(t, int64(2), rd.Rows())

	// Without the template column.
	rd, recs, err = readAll(t, []byte(in), Options{OmitTemplate: true}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "user.email", rd.Schema().Field(0).Name)
	assert.Len(t, rowsOf(recs, true), 2)
}

func TestPaths(t *testing.T) {
	cases := []struct {
		line string
		path string
	}{
		{`{"a":{"b":1}}`, `a.b`},
		{`{"a.b":1}`, `["a.b"]`},
		{`{"a":{"b.c":{"d":1}}}`, `a["b.c"].d`},
		{`{"":1}`, `[""]`},
		{`{"a":{"":1}}`, `a[""]`},
		{`{"x[0]":1}`, `["x[0]"]`},
		{`{"q\"":1}`, `["q\""]`},
		{`{"b\\s":1}`, `["b\\s"]`},
		{`{"nl\n":1}`, `["nl\n"]`},
		{`{"__veil_jsonl_template":1}`, `["__veil_jsonl_template"]`},
		{`{"first name":1}`, `first name`},
		{`{"é":{"日本":1}}`, `é.日本`},
		{`{"m":[[1,[2]]]}`, `m[0][1][0]`},
		{`{"0":{"1":1}}`, `0.1`},
	}
	for _, c := range cases {
		rd, _, err := readAll(t, []byte(c.line), Options{OmitTemplate: true}, format.ReadOptions{})
		require.NoError(t, err, c.line)
		ns := names(rd.Schema())
		assert.Equal(t, c.path, ns[len(ns)-1], c.line)
	}
}

func TestSchemaWidens(t *testing.T) {
	var sb strings.Builder
	for i := range 10 {
		fmt.Fprintf(&sb, `{"a":%d`, i)
		if i >= 5 {
			fmt.Fprintf(&sb, `,"b":"x%d"`, i)
		}
		if i == 9 {
			sb.WriteString(`,"arr":[1,2,3]`)
		}
		sb.WriteString("}\n")
	}
	rd, recs, err := readAll(t, []byte(sb.String()), Options{}, format.ReadOptions{BatchRows: 3})
	require.NoError(t, err)
	require.Len(t, recs, 4)
	assert.Equal(t, []string{TemplateColumn, "a"}, names(recs[0].Schema()))
	assert.Equal(t, []string{TemplateColumn, "a", "b"}, names(recs[1].Schema()))
	assert.Equal(t, []string{TemplateColumn, "a", "b", "arr[0]", "arr[1]", "arr[2]"}, names(recs[3].Schema()))
	assert.Equal(t, rd.Schema(), recs[3].Schema())
	// Row 3 (batch 1, row 0) lacks b: null.
	assert.True(t, recs[1].Column(2).IsNull(0))
	assert.Equal(t, "x5", recs[1].Column(2).(*array.String).Value(2))
}

const secret = "536-22-1234"

func TestBadLines(t *testing.T) {
	cases := []struct {
		name string
		line string
		kind error
		col  string
	}{
		{"syntax", `{"ssn":"` + secret + `",}`, ErrSyntax, ""},
		{"unterminated", `{"ssn":"` + secret, ErrSyntax, ""},
		{"trailing", `{"ssn":"` + secret + `"} x`, ErrSyntax, ""},
		{"two objects", `{"a":1}{"b":2}`, ErrSyntax, ""},
		{"array", `["` + secret + `"]`, ErrNotObject, ""},
		{"string", `"` + secret + `"`, ErrNotObject, ""},
		{"number", `536221234`, ErrNotObject, ""},
		{"bad utf8", `{"ssn":"` + secret + "\xff\"}", ErrInvalidUTF8, ""},
		{"bad escape", `{"ssn":"\x` + secret + `"}`, ErrSyntax, ""},
		{"control char", "{\"ssn\":\"\t" + secret + "\"}", ErrSyntax, ""},
		{"bad number", `{"ssn":0536221234}`, ErrSyntax, ""},
		{"duplicate", `{"ssn":"` + secret + `","ssn":"x"}`, ErrDuplicateKey, "ssn"},
		{"duplicate escaped", `{"a":{"ssn":1,"\u0073sn":"` + secret + `"}}`, ErrDuplicateKey, "a.ssn"},
		{"too deep", strings.Repeat(`{"a":`, 300) + "1" + strings.Repeat("}", 300), ErrTooDeep, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := "{\"ok\":1}\n\n" + c.line + "\n{\"ok\":2}\n"
			_, _, err := readAll(t, []byte(in), Options{}, format.ReadOptions{Source: "x.jsonl"})
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			var re *format.RowError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, int64(3), re.Row, "the line number")
			assert.Equal(t, "x.jsonl", re.Source)
			assert.Equal(t, c.col, re.Column)
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, err.Error(), "536221234")

			rd, recs, err := readAll(t, []byte(in), Options{}, format.ReadOptions{SkipBadRows: true})
			require.NoError(t, err)
			assert.Equal(t, int64(1), rd.Skipped())
			assert.Equal(t, []map[string]string{{"ok": "1"}, {"ok": "2"}}, rowsOf(recs, false))
			assert.Equal(t, []string{TemplateColumn, "ok"}, names(rd.Schema()), "a bad line adds no column")
		})
	}
}

func TestTooManyColumns(t *testing.T) {
	in := `{"a":1,"b":2}` + "\n" + `{"a":1,"c":[1,2,3]}` + "\n" + `{"b":1,"d":2}` + "\n"
	_, _, err := readAll(t, []byte(in), Options{MaxColumns: 3}, format.ReadOptions{})
	require.ErrorIs(t, err, ErrTooManyColumns)
	rd, recs, err := readAll(t, []byte(in), Options{MaxColumns: 3}, format.ReadOptions{SkipBadRows: true})
	require.NoError(t, err)
	assert.Equal(t, int64(1), rd.Skipped())
	assert.Equal(t, []map[string]string{{"a": "1", "b": "2"}, {"b": "1", "d": "2"}}, rowsOf(recs, false))
}

func TestLineTooLong(t *testing.T) {
	in := `{"a":1}` + "\n" + `{"a":"` + strings.Repeat("x", 5000) + `"}` + "\n" + `{"a":2}`
	_, _, err := readAll(t, []byte(in), Options{MaxLineBytes: 1000}, format.ReadOptions{SkipBadRows: true})
	require.ErrorIs(t, err, ErrLineTooLong)
	var re *format.RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, int64(2), re.Row)
}

func TestBatchLimits(t *testing.T) {
	var sb strings.Builder
	for i := range 100 {
		fmt.Fprintf(&sb, `{"k":"%010d"}`+"\n", i)
	}
	_, recs, err := readAll(t, []byte(sb.String()), Options{OmitTemplate: true}, format.ReadOptions{BatchBytes: 140})
	require.NoError(t, err)
	assert.Len(t, recs, 10, "10 bytes of value and 4 of offset a row")
	for _, r := range recs {
		assert.Equal(t, int64(10), r.NumRows())
	}
	_, recs, err = readAll(t, []byte(sb.String()), Options{}, format.ReadOptions{BatchRows: 30})
	require.NoError(t, err)
	assert.Len(t, recs, 4)
}

func TestBOMAndNoFinalNewline(t *testing.T) {
	_, recs, err := readAll(t, []byte("\xef\xbb\xbf{\"a\":1}\n{\"a\":2}"), Options{}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []map[string]string{{"a": "1"}, {"a": "2"}}, rowsOf(recs, false))
	rd, recs, err := readAll(t, nil, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Empty(t, recs)
	assert.Equal(t, []string{TemplateColumn}, names(rd.Schema()))
}

func TestCompressed(t *testing.T) {
	plain := genJSONL(5, 200<<10)
	_, want, err := readAll(t, plain, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	for name, in := range map[string][]byte{"gzip": formattest.Gzip(t, plain), "zstd": formattest.Zstd(t, plain)} {
		t.Run(name, func(t *testing.T) {
			_, got, err := readAll(t, in, Options{}, format.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, rowsOf(want, true), rowsOf(got, true))
			_, _, err = readAll(t, in[:len(in)/2], Options{}, format.ReadOptions{SkipBadRows: true})
			assert.ErrorIs(t, err, format.ErrCorrupt)
		})
	}
}

func TestInputError(t *testing.T) {
	boom := errors.New("disk on fire")
	rd, err := New(Options{}).NewReader(formattest.FailAfter([]byte("{\"a\":1}\n{\"a\""), boom), format.ReadOptions{Allocator: checked(t), Source: "f"})
	require.NoError(t, err)
	defer rd.Close()
	_, err = rd.Next()
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, format.ErrCorrupt)
}

// genJSONL makes about size bytes of nested JSON lines from the bench
// generator's customer table: strings, numbers, booleans, nulls, arrays of
// varying length, empty containers, keys needing escapes.
func genJSONL(seed int64, size int) []byte {
	header, rows := bench.Table(seed, max(size/300, 1))
	var b []byte
	for i, row := range rows {
		v := map[string]string{}
		for j, h := range header {
			v[h] = row[j]
		}
		b = append(b, `{"id":`...)
		b = append(b, v["id"]...)
		b = append(b, `,"customer":{"name":`...)
		b = appendString(b, v["name"])
		b = append(b, `,"contact":{"email":`...)
		b = appendString(b, v["email"])
		b = append(b, `,"phone":`...)
		if v["phone"] == "" {
			b = append(b, "null"...)
		} else {
			b = appendString(b, v["phone"])
		}
		b = append(b, `},"ssn":`...)
		b = appendString(b, v["ssn"])
		b = append(b, `},"payment":{"card":`...)
		b = appendString(b, v["card_number"])
		b = append(b, `,"amount":`...)
		b = append(b, v["amount"]...)
		b = append(b, `,"iban":`...)
		b = appendString(b, v["iban"])
		b = append(b, `},"active":`...)
		b = strconv.AppendBool(b, i%3 != 0)
		b = append(b, `,"tags":[`...)
		for k := range i % 4 {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v["status"]+strconv.Itoa(k))
		}
		b = append(b, `],"meta":{}, "a.b":{"c":`...)
		b = append(b, strconv.Itoa(i)...)
		b = append(b, `},"notes":`...)
		b = appendString(b, v["notes"])
		b = append(b, "}\n"...)
		if len(b) >= size {
			break
		}
	}
	return b
}

// logJSONL is the JSON lines among the bench log generator's output
// (logstash and zap formats).
func logJSONL(seed int64, size int) []byte {
	var out []byte
	for _, l := range bytes.Split(bench.LogText(seed, size), []byte("\n")) {
		if len(l) > 0 && l[0] == '{' && json.Valid(l) {
			out = append(append(out, l...), '\n')
		}
	}
	return out
}

// tokens is encoding/json's reading of a line: every token in order, with
// numbers as their literal text. Two lines with equal tokens have the same
// keys in the same order, the same nesting, value types and values.
func tokens(t testing.TB, line []byte) []any {
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var out []any
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err, "%q", line)
		out = append(out, tok)
	}
}

func nonBlankLines(in []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(in, []byte("\n")) {
		if !blank(l) {
			out = append(out, l)
		}
	}
	return out
}

// writeAll writes recs with a new writer and returns the output.
func writeAll(t testing.TB, jo Options, recs []arrow.RecordBatch) []byte {
	var buf bytes.Buffer
	var schema *arrow.Schema
	if len(recs) > 0 {
		schema = recs[0].Schema()
	}
	w, err := New(jo).NewWriter(&buf, schema, format.WriteOptions{})
	require.NoError(t, err)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// roundTrip reads in, writes it back, and checks every line means the same
// to encoding/json; it also checks that the output reads to the same
// columns.
func roundTrip(t testing.TB, in []byte, ro format.ReadOptions) {
	_, recs, err := readAll(t, in, Options{}, ro)
	require.NoError(t, err)
	out := writeAll(t, Options{}, recs)
	want, got := nonBlankLines(in), nonBlankLines(out)
	require.Len(t, got, len(want))
	for i := range want {
		require.Equal(t, tokens(t, want[i]), tokens(t, got[i]), "line %d:\n%s\n%s", i+1, want[i], got[i])
	}
	_, back, err := readAll(t, out, Options{}, format.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, rowsOf(recs, true), rowsOf(back, true))
}

var roundTripSeeds = []string{
	`{}`,
	`{"a":1}`,
	`{"b":2,"a":1}`,
	`{"a":[],"b":{},"c":[{}],"d":[[]],"e":[[],{}]}`,
	`{"n":[-0,0.5e-10,1E+2,123456789012345678901234567890,-1.0]}`,
	`{"s":"\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r \u2028 <&>","t":true,"f":false,"z":null}`,
	`{"lone":"\ud800x","lone2":"\udc00\ud800","pair":"\ud83d\ude00"}`,
	`{"a.b":{"[c]":{"":{"\"":1}}},"a":{"b":{"c":2}}}`,
	`{"__veil_jsonl_template":"x","k":{"__veil_x":1}}`,
	`{"arr":[1,"two",true,null,{"x":[3]}]}`,
	`{ "spaced" : [ 1 , 2 ] , "x" : { } }`,
	"{\"key\u00e9\":\"v\u65e5\"}",
}

func TestRoundTrip(t *testing.T) {
	t.Run("seeds", func(t *testing.T) {
		roundTrip(t, []byte(strings.Join(roundTripSeeds, "\n")+"\n"), format.ReadOptions{BatchRows: 2})
	})
	t.Run("generated", func(t *testing.T) {
		roundTrip(t, genJSONL(3, 300<<10), format.ReadOptions{BatchRows: 100})
	})
	t.Run("logs", func(t *testing.T) {
		in := logJSONL(4, 300<<10)
		require.NotEmpty(t, in)
		roundTrip(t, in, format.ReadOptions{BatchRows: 77})
	})
}

// replaceColumn returns rec with column name's values mapped through f (a
// null stays null unless f says otherwise), or dropped when f is nil.
func replaceColumn(t testing.TB, mem memory.Allocator, rec arrow.RecordBatch, name string, f func(string) *string) arrow.RecordBatch {
	var fields []arrow.Field
	var cols []arrow.Array
	for j, c := range rec.Columns() {
		fd := rec.Schema().Field(j)
		if fd.Name != name {
			c.Retain()
			fields = append(fields, fd)
			cols = append(cols, c)
			continue
		}
		if f == nil {
			continue
		}
		b := array.NewStringBuilder(mem)
		s := c.(*array.String)
		for i := 0; i < s.Len(); i++ {
			var v *string
			if s.IsValid(i) {
				x := s.Value(i)
				v = f(x)
			}
			if v == nil {
				b.AppendNull()
			} else {
				b.Append(*v)
			}
		}
		fields = append(fields, fd)
		cols = append(cols, b.NewArray())
		b.Release()
	}
	out := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

func TestWriteMasked(t *testing.T) {
	mem := checked(t)
	in := `{"card":4111111111111111,"ssn":"` + secret + `","ok":true,"n":null,"arr":[1,2],"o":{"x":1,"y":2}}`
	_, recs, err := readAll(t, []byte(in), Options{}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	rec := recs[0]

	same := func(s string) *string { return &s }
	digits := func(string) *string { s := "4929123412341234"; return &s }
	redact := func(string) *string { s := "[CREDIT_CARD]"; return &s }
	leading0 := func(string) *string { s := "0123"; return &s }
	toNull := func(string) *string { return nil }
	yes := func(string) *string { s := "yes"; return &s }
	cases := []struct {
		col  string
		f    func(string) *string
		want string
	}{
		{"card", same, `{"card":4111111111111111,"ssn":"536-22-1234","ok":true,"n":null,"arr":[1,2],"o":{"x":1,"y":2}}`},
		{"card", digits, `{"card":4929123412341234,`},
		{"card", redact, `{"card":"[CREDIT_CARD]",`},
		{"card", leading0, `{"card":"0123",`},
		{"card", toNull, `{"card":null,`},
		{"ok", yes, `"ok":"yes",`},
		{"ssn", func(string) *string { s := "XXX-XX-1234"; return &s }, `"ssn":"XXX-XX-1234",`},
		{"card", nil, `{"ssn":"536-22-1234",`},
		{"o.x", nil, `"o":{"y":2}}`},
		{"o.y", nil, `"o":{"x":1}}`},
		{"arr[0]", nil, `"arr":[null,2]`},
	}
	for _, c := range cases {
		r := replaceColumn(t, mem, rec, c.col, c.f)
		out := writeAll(t, Options{}, []arrow.RecordBatch{r})
		r.Release()
		assert.Contains(t, string(out), c.want, "%s", c.col)
		assert.True(t, json.Valid(out), "%s", out)
	}
}

func TestWriteBadTemplate(t *testing.T) {
	mem := checked(t)
	_, recs, err := readAll(t, []byte(`{"a":1,"b":[2]}`), Options{}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	for _, bad := range []string{"", "x", `{"a":n`, `{"a":n}x`, `{"a" n}`, `{a:n}`, `{"a":q}`, `{"a":[n}`, `["a"]`, `{"a":{"b":n,}}`} {
		r := replaceColumn(t, mem, recs[0], TemplateColumn, func(string) *string { return &bad })
		w, err := New(Options{}).NewWriter(io.Discard, r.Schema(), format.WriteOptions{})
		require.NoError(t, err)
		err = w.Write(r)
		r.Release()
		assert.ErrorIs(t, err, ErrTemplate, "%q", bad)
	}
}

func TestWriteFlat(t *testing.T) {
	mem := checked(t)
	// Rows read without templates are written flat.
	_, recs, err := readAll(t, []byte(`{"a":{"b":"x"},"n":1}`+"\n"+`{"n":2.5}`), Options{OmitTemplate: true}, format.ReadOptions{Allocator: mem})
	require.NoError(t, err)
	out := writeAll(t, Options{}, recs)
	assert.Equal(t, `{"a.b":"x","n":"1"}`+"\n"+`{"a.b":null,"n":"2.5"}`+"\n", string(out))

	// Typed columns write their natural JSON.
	ib := array.NewInt64Builder(mem)
	ib.AppendValues([]int64{536221234, -1}, nil)
	ints := ib.NewArray()
	ib.Release()
	fb := array.NewFloat64Builder(mem)
	fb.AppendValues([]float64{1.5, 0}, []bool{true, false})
	floats := fb.NewArray()
	fb.Release()
	bb := array.NewBooleanBuilder(mem)
	bb.AppendValues([]bool{true, false}, nil)
	bools := bb.NewArray()
	bb.Release()
	tb := array.NewTimestampBuilder(mem, &arrow.TimestampType{Unit: arrow.Second, TimeZone: "UTC"})
	tb.AppendValues([]arrow.Timestamp{0, 86400}, nil)
	times := tb.NewArray()
	tb.Release()
	lb := array.NewListBuilder(mem, arrow.PrimitiveTypes.Int64)
	lb.Append(true)
	lb.ValueBuilder().(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	lb.AppendNull()
	lists := lb.NewArray()
	lb.Release()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "i", Type: ints.DataType()}, {Name: "f", Type: floats.DataType(), Nullable: true},
		{Name: "b", Type: bools.DataType()}, {Name: "t", Type: times.DataType()}, {Name: "l\"", Type: lists.DataType(), Nullable: true},
	}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{ints, floats, bools, times, lists}, 2)
	for _, a := range []arrow.Array{ints, floats, bools, times, lists} {
		a.Release()
	}
	defer rec.Release()
	out = writeAll(t, Options{}, []arrow.RecordBatch{rec})
	assert.Equal(t, `{"i":536221234,"f":1.5,"b":true,"t":"1970-01-01T00:00:00Z","l\"":[1,2]}`+"\n"+
		`{"i":-1,"f":null,"b":false,"t":"1970-01-02T00:00:00Z","l\"":null}`+"\n", string(out))
}

func TestWriteMixedSchemas(t *testing.T) {
	// A writer takes the reader's widening batches, and a batch from
	// elsewhere, one after another.
	in := genJSONL(9, 40<<10)
	_, recs, err := readAll(t, in, Options{}, format.ReadOptions{BatchRows: 7})
	require.NoError(t, err)
	require.Greater(t, len(recs), 3)
	out := writeAll(t, Options{}, recs)
	assert.Equal(t, len(nonBlankLines(in)), len(nonBlankLines(out)))
}

func TestOptions(t *testing.T) {
	assert.Equal(t, "jsonl", New(Options{}).Name())
	_, err := New(Options{MaxLineBytes: 2 << 30}).NewReader(strings.NewReader(""), format.ReadOptions{})
	assert.ErrorIs(t, err, ErrOptions)
}

// FuzzReader holds the reader to encoding/json: it accepts a line exactly
// when encoding/json finds it a valid object (strictness beyond that —
// invalid UTF-8, duplicate keys, depth — is checked on its own), its leaf
// values are encoding/json's, and what it reads writes back to lines that
// mean the same. It never panics or leaks, and fails only with row errors.
func FuzzReader(f *testing.F) {
	for _, s := range roundTripSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"a":1}` + "\n" + `{"a":"x","b":[1,{"c":null}]}` + "\n\n" + `[1]` + "\n" + `{"a":1,"a":2}`))
	f.Add([]byte(`{"a":"\ud800\u0041"}`))
	f.Add(formattest.Gzip(f, []byte(`{"a":1}`)))
	f.Fuzz(func(t *testing.T, in []byte) {
		mem := checked(t)
		rd, recs, err := readAll(t, in, Options{MaxDepth: 20, MaxColumns: 200}, format.ReadOptions{Allocator: mem, SkipBadRows: true, BatchRows: 2})
		if err != nil {
			if !errors.Is(err, format.ErrCorrupt) {
				t.Fatalf("unexpected failure: %v", err)
			}
			return
		}
		// A second read with the schema the first ended with gives the
		// same rows and skips, every batch with that one schema.
		fixed, recs2, err := readAll(t, in, Options{MaxDepth: 20, MaxColumns: 200, Schema: rd.Schema()}, format.ReadOptions{Allocator: mem, SkipBadRows: true, BatchRows: 2})
		require.NoError(t, err)
		require.Equal(t, rd.Skipped(), fixed.Skipped())
		require.Equal(t, rowsOf(recs, true), rowsOf(recs2, true))
		for _, r := range recs2 {
			require.Same(t, rd.Schema(), r.Schema())
		}
		if len(in) >= 2 && in[0] == 0x1f && in[1] == 0x8b || len(in) >= 4 && string(in[:4]) == "\x28\xb5\x2f\xfd" {
			return // compressed: the lines are not in
		}
		// Which lines did it take?
		in = bytes.TrimPrefix(in, utf8BOM)
		var kept [][]byte
		var skipped int64
		for _, l := range bytes.Split(in, []byte("\n")) {
			if blank(l) {
				continue
			}
			// (Not json.Unmarshal: it refuses numbers a float64 cannot hold.)
			objectOK := utf8.Valid(l) && json.Valid(l) && bytes.TrimLeft(l, " \t\r")[0] == '{'
			var p parser
			p.maxDepth = 20
			valid := utf8.Valid(l)
			var perr error
			if valid {
				perr = p.parse(l)
			}
			ours := valid && perr == nil
			if valid && !errors.Is(perr, ErrTooDeep) {
				require.Equal(t, objectOK, ours, "%q", l)
			}
			if ours {
				kept = append(kept, l)
			} else {
				skipped++
			}
		}
		rows := rowsOf(recs, true)
		require.Equal(t, int64(len(rows))+rd.Skipped(), int64(len(kept))+skipped, "every non-blank line is a row or skipped")
		if rd.Skipped() != skipped {
			// Some parsed lines were refused for duplicates or columns;
			// the rest of the checks need the lines matched to rows.
			return
		}
		for _, l := range kept {
			// The leaves in order are encoding/json's scalars.
			var p parser
			p.maxDepth = 20
			require.NoError(t, p.parse(l))
			var got []string
			for _, lf := range p.leaves {
				if lf.kind == kindNull {
					got = append(got, "z")
				} else {
					got = append(got, string(rune(lf.kind))+":"+string(lf.val))
				}
			}
			require.Equal(t, scalarsOnly(l), got, "%q", l)
		}
		require.Len(t, rows, len(kept))
		out := writeAll(t, Options{}, recs)
		got := nonBlankLines(out)
		require.Len(t, got, len(kept))
		for i := range kept {
			require.Equal(t, tokens(t, kept[i]), tokens(t, got[i]), "%q → %q", kept[i], got[i])
		}
	})
}

// scalarsOnly is encoding/json's reading of a line's scalars, in order,
// rendered as kind:text; a string token where an object wants a key is a
// key and left out.
func scalarsOnly(line []byte) []string {
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var out []string
	var stack []byte
	expectKey := false
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, '{')
				expectKey = true
			case '[':
				stack = append(stack, '[')
				expectKey = false
			default:
				stack = stack[:len(stack)-1]
				expectKey = len(stack) > 0 && stack[len(stack)-1] == '{'
			}
			continue
		case string:
			if expectKey {
				expectKey = false
				continue
			}
			out = append(out, "s:"+v)
		case json.Number:
			out = append(out, "n:"+string(v))
		case bool:
			out = append(out, "b:"+strconv.FormatBool(v))
		case nil:
			out = append(out, "z")
		}
		expectKey = len(stack) > 0 && stack[len(stack)-1] == '{'
	}
}

// goldenFiles are read from testdata/formats/jsonl; each gets a
// .golden.json rendering of what was read and a .golden.jsonl of what the
// writer makes of it.
var goldenFiles = []struct {
	file string
	skip bool
}{
	{"events.jsonl", false},
	{"nested.jsonl", false},
	{"escaped_keys.jsonl", false},
	{"bad_lines.jsonl", false},
	{"bad_lines.jsonl", true},
	{"events.jsonl.gz", false},
	{"events.jsonl.zst", false},
}

func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "formats", "jsonl")
	for _, g := range goldenFiles {
		name := g.file
		if g.skip {
			name += ".skip"
		}
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, g.file))
			require.NoError(t, err)
			type rendering struct {
				Columns []string            `json:"columns"`
				Rows    []map[string]string `json:"rows"`
				Skipped int64               `json:"skipped"`
				Error   string              `json:"error,omitempty"`
			}
			var r rendering
			rd, recs, err := readAll(t, in, Options{}, format.ReadOptions{Source: g.file, SkipBadRows: g.skip})
			if err != nil {
				r.Error = err.Error()
			}
			if rd != nil {
				r.Columns = names(rd.Schema())
				r.Skipped = rd.Skipped()
			}
			r.Rows = rowsOf(recs, true)
			got, err := json.MarshalIndent(r, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			check := func(path string, got []byte) {
				if *update {
					require.NoError(t, os.WriteFile(path, got, 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run with -update to create")
				assert.Equal(t, string(want), string(got))
			}
			check(filepath.Join(dir, name+".golden.json"), got)
			if r.Error == "" {
				check(filepath.Join(dir, name+".golden.jsonl"), writeAll(t, Options{}, recs))
			}
		})
	}
}
