package jsonl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
)

// templatesOf returns the template of every row, in order.
func templatesOf(recs []arrow.RecordBatch) []string {
	var out []string
	for _, rec := range recs {
		for j, f := range rec.Schema().Fields() {
			if !IsTemplate(f) {
				continue
			}
			c := rec.Column(j).(*array.String)
			for i := 0; i < c.Len(); i++ {
				out = append(out, c.Value(i))
			}
		}
	}
	return out
}

func leafSchema(paths ...string) *arrow.Schema {
	fs := make([]arrow.Field, len(paths))
	for i, p := range paths {
		fs[i] = arrow.Field{Name: p, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}

// lateKeys has a key first met in line 7, another in the last line, and
// paths that change JSON kind from line to line.
func lateKeys() string {
	var sb strings.Builder
	kinds := []string{`1`, `"one"`, `true`, `null`, `-2.5e3`, `"x"`, `false`, `7`, `""`, `{}`}
	for i := range 10 {
		fmt.Fprintf(&sb, `{"a":"x%d","v":%s`, i, kinds[i])
		if i >= 6 {
			fmt.Fprintf(&sb, `,"late":{"n":%d}`, i)
		}
		if i == 9 {
			sb.WriteString(`,"arr":[1,"2",null]`)
		}
		sb.WriteString("}\n")
		if i == 4 {
			sb.WriteString("\n") // a blank line counts as a line
		}
	}
	return sb.String()
}

// TestFixedSchemaMatchesWideningRead: a second read with the schema the
// first ended with gives every batch that schema and the same rows, values
// and templates.
func TestFixedSchemaMatchesWideningRead(t *testing.T) {
	cases := []struct {
		name string
		jo   Options
		ro   format.ReadOptions
	}{
		{"with template", Options{}, format.ReadOptions{BatchRows: 3}},
		{"without template", Options{OmitTemplate: true}, format.ReadOptions{BatchRows: 3}},
		{"one batch", Options{}, format.ReadOptions{}},
		{"one row a batch", Options{}, format.ReadOptions{BatchRows: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(lateKeys())
			first, recs1, err := readAll(t, in, c.jo, c.ro)
			require.NoError(t, err)
			require.Greater(t, len(recs1), 0)
			union := first.Schema()
			if len(recs1) > 1 {
				require.NotEqual(t, union.NumFields(), recs1[0].Schema().NumFields(), "the input widens")
			}

			jo := c.jo
			jo.Schema = union
			second, recs2, err := readAll(t, in, jo, c.ro)
			require.NoError(t, err)
			assert.Same(t, union, second.Schema())
			require.Len(t, recs2, len(recs1))
			for i, rec := range recs2 {
				assert.True(t, union.Equal(rec.Schema()), "batch %d has the whole schema", i)
				assert.Equal(t, recs1[i].NumRows(), rec.NumRows())
			}
			assert.Equal(t, rowsOf(recs1, true), rowsOf(recs2, true))
			assert.Equal(t, templatesOf(recs1), templatesOf(recs2))
			assert.Equal(t, first.Rows(), second.Rows())

			// The kinds a path takes from line to line survive: writing
			// the fixed-schema batches gives the widening read's output.
			if !c.jo.OmitTemplate {
				assert.Equal(t, string(writeAll(t, Options{}, recs1)), string(writeAll(t, Options{}, recs2)))
			}
		})
	}
}

// TestFixedSchemaOrderAndNulls: the given order is kept, the template is
// filled wherever it stands, and paths a line lacks are null.
func TestFixedSchemaOrderAndNulls(t *testing.T) {
	tmpl := arrow.Field{
		Name: TemplateColumn, Type: arrow.BinaryTypes.String, Nullable: true,
		Metadata: arrow.NewMetadata([]string{TemplateMetadataKey}, []string{"template"}),
	}
	str := func(n string) arrow.Field {
		return arrow.Field{Name: n, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	in := `{"a":1}` + "\n" + `{"b":"x","a":2}` + "\n"
	cases := []struct {
		name   string
		schema *arrow.Schema
		want   []map[string]string
		tmpls  []string
	}{
		{"reversed", leafSchema("b", "a"), []map[string]string{{"a": "1"}, {"a": "2", "b": "x"}}, nil},
		{"template last", arrow.NewSchema([]arrow.Field{str("b"), str("a"), tmpl}, nil),
			[]map[string]string{{"a": "1"}, {"a": "2", "b": "x"}}, []string{`{"a":n}`, `{"b":s,"a":n}`}},
		{"a column no line has", leafSchema("z", "a", "b"), []map[string]string{{"a": "1"}, {"a": "2", "b": "x"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, recs, err := readAll(t, []byte(in), Options{Schema: c.schema}, format.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, recs, 1)
			assert.Equal(t, names(c.schema), names(recs[0].Schema()))
			assert.Equal(t, names(c.schema), names(rd.Schema()))
			assert.Equal(t, c.want, rowsOf(recs, false))
			assert.Equal(t, c.tmpls, templatesOf(recs))
			for j := range recs[0].NumCols() {
				if recs[0].ColumnName(int(j)) == "z" {
					assert.Equal(t, 2, recs[0].Column(int(j)).NullN())
				}
			}
		})
	}
}

// TestFixedSchemaNotInSchema: a leaf the schema lacks fails the read with
// the source, the line and the path, never the value, and is not skipped.
func TestFixedSchemaNotInSchema(t *testing.T) {
	schema := leafSchema("ok", "user.name", "tags[0]")
	cases := []struct {
		name string
		line string
		path string
	}{
		{"new key", `{"ok":1,"ssn":"` + secret + `"}`, "ssn"},
		{"new nested key", `{"user":{"name":"n","ssn":"` + secret + `"}}`, "user.ssn"},
		{"longer array", `{"tags":["t","` + secret + `"]}`, "tags[1]"},
		{"object where a leaf was", `{"ok":{"ssn":"` + secret + `"}}`, "ok.ssn"},
		{"odd key", `{"a.b":"` + secret + `"}`, `["a.b"]`},
	}
	for _, c := range cases {
		for _, skip := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/skip=%v", c.name, skip), func(t *testing.T) {
				in := "{\"ok\":1}\n\n" + c.line + "\n{\"ok\":2}\n"
				rd, _, err := readAll(t, []byte(in), Options{Schema: schema}, format.ReadOptions{Source: "x.jsonl", SkipBadRows: skip})
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrNotInSchema)
				var re *format.RowError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, "x.jsonl", re.Source)
				assert.Equal(t, int64(3), re.Row, "the line number")
				assert.Equal(t, c.path, re.Column)
				assert.Contains(t, err.Error(), "x.jsonl: row 3")
				assert.NotContains(t, err.Error(), secret)
				assert.Zero(t, rd.Skipped(), "never left out")
			})
		}
	}
}

// TestFixedSchemaSkipsAsWidening: under SkipBadRows the fixed-schema read
// leaves out exactly the lines the widening read left out, including lines
// with paths that read never added to the union.
func TestFixedSchemaSkipsAsWidening(t *testing.T) {
	cases := []struct {
		name string
		in   string
		jo   Options
	}{
		{"duplicate key with a new path", `{"a":1}` + "\n" + `{"a":1,"new":2,"new":3}` + "\n" + `{"a":2}` + "\n", Options{}},
		{"bad JSON", `{"a":1}` + "\n" + `{"b":` + "\n" + `{"b":2}` + "\n", Options{}},
		{"too many columns", `{"a":1,"b":2}` + "\n" + `{"a":1,"c":[1,2,3]}` + "\n" + `{"b":1,"d":2}` + "\n" + `{"c":[1]}` + "\n", Options{MaxColumns: 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ro := format.ReadOptions{SkipBadRows: true, BatchRows: 2}
			first, recs1, err := readAll(t, []byte(c.in), c.jo, ro)
			require.NoError(t, err)
			require.Positive(t, first.Skipped())
			jo := c.jo
			jo.Schema = first.Schema()
			second, recs2, err := readAll(t, []byte(c.in), jo, ro)
			require.NoError(t, err)
			assert.Equal(t, first.Skipped(), second.Skipped())
			assert.Equal(t, rowsOf(recs1, true), rowsOf(recs2, true))

			// Without SkipBadRows both fail on the same line.
			_, _, err1 := readAll(t, []byte(c.in), c.jo, format.ReadOptions{})
			_, _, err2 := readAll(t, []byte(c.in), jo, format.ReadOptions{})
			require.Error(t, err1)
			assert.Equal(t, err1.Error(), err2.Error())
		})
	}
}

func TestFixedSchemaEmptyInput(t *testing.T) {
	s := leafSchema("a", "b")
	rd, recs, err := readAll(t, []byte("\n\n"), Options{Schema: s}, format.ReadOptions{})
	require.NoError(t, err)
	assert.Empty(t, recs)
	assert.Same(t, s, rd.Schema())
}

func TestFixedSchemaOptions(t *testing.T) {
	tmpl := arrow.Field{
		Name: TemplateColumn, Type: arrow.BinaryTypes.String, Nullable: true,
		Metadata: arrow.NewMetadata([]string{TemplateMetadataKey}, []string{"template"}),
	}
	str := arrow.Field{Name: "a", Type: arrow.BinaryTypes.String, Nullable: true}
	cases := []struct {
		name string
		jo   Options
		want string // in the message; "" for a valid schema
	}{
		{"valid", Options{Schema: arrow.NewSchema([]arrow.Field{tmpl, str}, nil)}, ""},
		{"no columns", Options{Schema: arrow.NewSchema(nil, nil)}, ""},
		{"not utf8", Options{Schema: arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)}, `column "n" is int64`},
		{"large utf8", Options{Schema: arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.BinaryTypes.LargeString, Nullable: true}}, nil)}, `column "n" is large_utf8`},
		{"not nullable", Options{Schema: arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.BinaryTypes.String}}, nil)}, `column "a" must be nullable`},
		{"twice", Options{Schema: arrow.NewSchema([]arrow.Field{str, str}, nil)}, `column "a" appears twice`},
		{"reserved", Options{Schema: leafSchema("__veil_x")}, "reserved"},
		{"template without metadata", Options{Schema: leafSchema(TemplateColumn)}, "reserved"},
		{"template omitted", Options{OmitTemplate: true, Schema: arrow.NewSchema([]arrow.Field{tmpl}, nil)}, "OmitTemplate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, err := New(c.jo).NewReader(strings.NewReader(`{"a":1}`), format.ReadOptions{})
			if c.want == "" {
				require.NoError(t, err)
				require.NoError(t, rd.Close())
				return
			}
			require.ErrorIs(t, err, ErrOptions)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
