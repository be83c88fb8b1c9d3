package scanner_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

// maskCSV classifies and masks a CSV under a policy with a checked
// allocator, and returns the masked CSV and what MaskTable reported.
func maskCSV(t *testing.T, pol *policy.Policy, in string, workers int) (string, *scanner.MaskResult) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s, err := scanner.NewFromPolicy(pol, detectors.Builtins())
	require.NoError(t, err)
	op := csv.New(csv.Options{})
	open := func() format.Reader {
		r, err := op.NewReader(bytes.NewReader([]byte(in)), format.ReadOptions{Source: "t.csv", BatchRows: 2, Allocator: mem})
		require.NoError(t, err)
		return r
	}
	r := open()
	rep, err := s.ScanTable(r, scanner.TableOptions{Full: true})
	require.NoError(t, err)
	r.Close()
	ks, err := keys.Generate()
	require.NoError(t, err)
	plan, err := masking.NewPlan(pol, ks, rep.ColumnInfos(), s.Types())
	require.NoError(t, err)
	var out bytes.Buffer
	r = open()
	defer r.Close()
	res, err := s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
		return op.NewWriter(&out, sc, format.WriteOptions{Allocator: mem})
	}, scanner.MaskOptions{Workers: workers, Allocator: mem})
	require.NoError(t, err)
	return out.String(), res
}

const people = `name,ssn,notes,tier
Ann,536-22-1234,call me at jane.doe@example.org please,gold
Bob,412-55-9876,nothing to add here today,silver
Cy,301-44-5555,ssn on file is 536-22-1234 and more words,gold
Di,,short,bronze
Ed,222-33-4444,plain words only in this one,gold
`

func TestMaskTableDefaultPolicy(t *testing.T) {
	out, res := maskCSV(t, policy.Default(), people, 3)
	for _, secret := range []string{"536-22-1234", "412-55-9876", "jane.doe@example.org", "301-44-5555"} {
		assert.NotContains(t, out, secret)
	}
	lines := bytes.Split([]byte(out), []byte("\n"))
	require.Len(t, lines, 7, "header, five rows, final newline: row count kept")
	assert.Equal(t, "name,ssn,notes,tier", string(lines[0]))
	assert.Contains(t, string(lines[2]), "Bob,", "untouched columns are byte-equal")
	assert.Contains(t, string(lines[2]), "nothing to add here today,silver")
	assert.Contains(t, string(lines[4]), "Di,,short,bronze", "empty values stay empty")
	assert.EqualValues(t, 5, res.RowsRead)
	assert.EqualValues(t, 5, res.RowsWritten)
	assert.EqualValues(t, 4, res.Columns["ssn"].Masked)
	assert.EqualValues(t, 2, res.Columns["notes"].Spans, "free-text spans masked, the rest kept")
	assert.Contains(t, string(lines[1]), "call me at ", "the text around a span is kept")
}

func TestMaskTableOrderAndDeterminismAcrossWorkers(t *testing.T) {
	pol := policy.Default()
	// Same key needed for equal outputs: compare the structure instead.
	one, _ := maskCSV(t, pol, people, 1)
	many, _ := maskCSV(t, pol, people, 4)
	shape := func(s string) []string {
		var out []string
		for _, l := range bytes.Split([]byte(s), []byte("\n")) {
			f := bytes.Split(l, []byte(","))
			out = append(out, string(f[0]))
		}
		return out
	}
	assert.Equal(t, shape(one), shape(many), "rows come out in input order whatever the workers")
}

func TestMaskTableStructuralActions(t *testing.T) {
	pol, err := policy.Parse([]byte(`version: 1
masking:
  columns:
    - {match: tier, action: drop}
    - {match: name, action: "null"}
    - {match: ssn, action: redact, text: "XXX"}
`), policy.BuiltinIDs())
	require.NoError(t, err)
	out, res := maskCSV(t, pol, people, 2)
	lines := bytes.Split([]byte(out), []byte("\n"))
	assert.Equal(t, "name,ssn,notes", string(lines[0]), "the dropped column is gone")
	assert.True(t, bytes.HasPrefix(lines[1], []byte(",XXX,")), "null name, redacted ssn: %s", lines[1])
	assert.EqualValues(t, 5, res.Columns["name"].Nulled)
}

func TestMaskTableTypeChange(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "ssn", Type: arrow.PrimitiveTypes.Int64}}, nil)
	bld := array.NewRecordBuilder(mem, schema)
	bld.Field(0).(*array.Int64Builder).AppendValues([]int64{536221234, 412559876}, nil)
	rec := bld.NewRecordBatch()
	bld.Release()
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	ks, err := keys.Generate()
	require.NoError(t, err)
	plan, err := masking.NewPlan(policy.Default(), ks, []masking.ColumnInfo{{Name: "ssn", Classification: "US_SSN", Sensitive: true}}, s.Types())
	require.NoError(t, err)
	got, res := maskBatch(t, s, rec, plan, mem)
	defer got.Release()
	assert.Equal(t, arrow.STRING, got.Schema().Field(0).Type.ID(), "a masked integer column becomes text")
	assert.False(t, got.Schema().Field(0).Nullable, "a column that held no nulls still cannot")
	assert.Equal(t, "int64 -> string", res.TypeChanges["ssn"])
	v := got.Column(0).(*array.String).Value(0)
	assert.Len(t, v, 9)
	assert.NotEqual(t, "536221234", v)
}

// oneBatch is a format.Reader over one record, for the type-change test
// (the formats have their own tests against real files).
type oneBatch struct {
	rec    arrow.RecordBatch
	schema *arrow.Schema
	done   bool
}

func (o *oneBatch) Schema() *arrow.Schema { return o.schema }
func (o *oneBatch) Next() (arrow.RecordBatch, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	return o.rec, nil
}
func (o *oneBatch) Rows() int64    { return o.rec.NumRows() }
func (o *oneBatch) Skipped() int64 { return 0 }
func (o *oneBatch) Close() error   { return nil }

// maskBatch masks the one batch rec (which MaskTable releases) under plan
// and returns the masked batch, which the caller releases, and the result.
func maskBatch(t *testing.T, s *scanner.Scanner, rec arrow.RecordBatch, plan *masking.Plan, mem memory.Allocator) (arrow.RecordBatch, *scanner.MaskResult) {
	t.Helper()
	var got arrow.RecordBatch
	res, err := s.MaskTable(&oneBatch{rec: rec, schema: rec.Schema()}, plan, func(*arrow.Schema) (format.Writer, error) {
		return &keepWriter{keep: &got}, nil
	}, scanner.MaskOptions{Allocator: mem})
	require.NoError(t, err)
	require.NotNil(t, got)
	return got, res
}

type keepWriter struct{ keep *arrow.RecordBatch }

func (k *keepWriter) Write(rec arrow.RecordBatch) error { rec.Retain(); *k.keep = rec; return nil }
func (k *keepWriter) Close() error                      { return nil }

func TestMaskTableRepeatedValues(t *testing.T) {
	// Repeats cross batch boundaries (two rows a batch), so a worker's memo
	// serves them; every output must be what masking the value anew gives,
	// and the counts as if each were masked. One slot forces evictions and
	// reuse; many slots keep every value.
	in := []string{"536-22-1234", "412-55-9876", "536-22-1234", "7", "412-55-9876", "7", "536-22-1234", "7", "301-44-5555", "412-55-9876"}
	csvText := "ssn\n" + strings.Join(in, "\n") + "\n"
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	ks, err := keys.Generate()
	require.NoError(t, err)
	op := csv.New(csv.Options{})
	plan, err := masking.NewPlan(policy.Default(), ks, []masking.ColumnInfo{{Name: "ssn", Classification: "US_SSN", Detected: []string{"US_SSN"}, Sensitive: true}}, s.Types())
	require.NoError(t, err)
	require.Equal(t, masking.ModeWhole, plan.Columns[0].Mode)
	col := masking.Column{Name: "ssn", Type: plan.Columns[0].Type}
	for _, slots := range []int{1, 2, 1024} {
		for _, workers := range []int{1, 3} {
			for _, batchRows := range []int{2, 3, 100} {
				checkRepeats(t, s, op, plan, col, csvText, in, slots, workers, batchRows)
			}
		}
	}
}

// checkRepeats is one case of TestMaskTableRepeatedValues. In a batch of
// more than two rows, values masked in it may take the memo slots of values
// remembered from earlier batches.
func checkRepeats(t *testing.T, s *scanner.Scanner, op format.Opener, plan *masking.Plan, col masking.Column, csvText string, in []string, slots, workers, batchRows int) {
	restore := scanner.SetMemoSlots(slots)
	r, err := op.NewReader(strings.NewReader(csvText), format.ReadOptions{Source: "t.csv", BatchRows: batchRows})
	require.NoError(t, err)
	var out bytes.Buffer
	res, err := s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
		return op.NewWriter(&out, sc, format.WriteOptions{})
	}, scanner.MaskOptions{Workers: workers})
	r.Close()
	restore()
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[1:]
	require.Len(t, rows, len(in))
	fallbacks := 0
	for i, v := range in {
		want, fell, _ := masking.MaskOrRedact(nil, []byte(v), col, plan.Columns[0].Masker, plan.Fallback)
		if fell {
			fallbacks++
		}
		assert.Equal(t, string(want), rows[i], "slots=%d workers=%d batch=%d row %d: as masking it anew", slots, workers, batchRows, i)
		assert.NotEqual(t, v, rows[i], "never in clear")
	}
	assert.EqualValues(t, len(in), res.Columns["ssn"].Masked, "slots=%d workers=%d", slots, workers)
	assert.EqualValues(t, fallbacks, res.Columns["ssn"].Fallbacks, "slots=%d workers=%d: every fallback counted, memo or not", slots, workers)
	assert.Equal(t, 3, fallbacks, "the short value falls back each time")
}

func TestMaskTableColumnNeverSampled(t *testing.T) {
	// backup_ssn holds a value only in rows a sample of 5000 to 10000 rows
	// out of 30000 (stride 4) never looks at: fail closed.
	var sb strings.Builder
	sb.WriteString("id,backup_ssn\n")
	planted := map[int]string{}
	for i := range 30000 {
		v := ""
		if i%100 == 1 && !scanner.Sampled(int64(i), 2) {
			v = fmt.Sprintf("%03d-%02d-%04d", 101+i%500, 10+i%80, 1000+i%8000)
			planted[i] = v
		}
		fmt.Fprintf(&sb, "%d,%s\n", i, v)
	}
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	op := csv.New(csv.Options{})
	open := func() format.Reader {
		r, err := op.NewReader(strings.NewReader(sb.String()), format.ReadOptions{Source: "t.csv"})
		require.NoError(t, err)
		return r
	}
	r := open()
	rep, err := s.ScanTable(r, scanner.TableOptions{SampleRows: 5000})
	require.NoError(t, err)
	r.Close()
	require.Less(t, rep.RowsScanned, rep.RowsRead, "a sample, not every row")
	ks, err := keys.Generate()
	require.NoError(t, err)
	plan, err := masking.NewPlan(policy.Default(), ks, rep.ColumnInfos(), s.Types())
	require.NoError(t, err)
	require.Equal(t, masking.ModeSpans, plan.Columns[1].Mode, "a column never seen is scanned value by value")
	assert.Equal(t, masking.ModeKeep, plan.Columns[0].Mode)

	var out bytes.Buffer
	r = open()
	defer r.Close()
	res, err := s.MaskTable(r, plan, func(sc *arrow.Schema) (format.Writer, error) {
		return op.NewWriter(&out, sc, format.WriteOptions{})
	}, scanner.MaskOptions{Workers: 2})
	require.NoError(t, err)
	assert.EqualValues(t, len(planted), res.Columns["backup_ssn"].Spans)
	lines := strings.Split(out.String(), "\n")
	for i, v := range planted {
		assert.NotEqual(t, fmt.Sprintf("%d,%s", i, v), lines[i+1], "row %d left in clear", i)
	}
}

// slowMasker redacts, pausing on the value "slow".
type slowMasker struct{}

func (slowMasker) Mask(dst, value []byte, _ masking.Column) ([]byte, error) {
	if string(value) == "slow" {
		time.Sleep(300 * time.Millisecond)
	}
	return append(dst, "x"...), nil
}
func (slowMasker) Method() masking.Method { return masking.Redact }

// countingReader counts batches read, and the most read and not yet written.
type countingReader struct {
	format.Reader
	read, written, most atomic.Int64
}

func (c *countingReader) Next() (arrow.RecordBatch, error) {
	rec, err := c.Reader.Next()
	if err == nil {
		n := c.read.Add(1) - c.written.Load()
		for m := c.most.Load(); n > m && !c.most.CompareAndSwap(m, n); m = c.most.Load() {
		}
	}
	return rec, err
}

type countingWriter struct{ c *countingReader }

func (w countingWriter) Write(arrow.RecordBatch) error { w.c.written.Add(1); return nil }
func (countingWriter) Close() error                    { return nil }

func TestMaskTableBoundsBatchesInFlight(t *testing.T) {
	// The first batch is slow to mask; the other worker races ahead, and
	// the batches it finishes wait for the first. They must not pile up
	// without bound.
	var sb strings.Builder
	sb.WriteString("v\nslow\n")
	for range 2000 {
		sb.WriteString("fast\n")
	}
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	r, err := csv.New(csv.Options{}).NewReader(strings.NewReader(sb.String()), format.ReadOptions{Source: "t.csv", BatchRows: 10})
	require.NoError(t, err)
	defer r.Close()
	plan := &masking.Plan{Columns: []masking.ColumnPlan{{Name: "v", Mode: masking.ModeWhole, Masker: slowMasker{}}}}
	plan.Fallback = slowMasker{}
	cr := &countingReader{Reader: r}
	const workers = 2
	_, err = s.MaskTable(cr, plan, func(*arrow.Schema) (format.Writer, error) { return countingWriter{cr}, nil }, scanner.MaskOptions{Workers: workers})
	require.NoError(t, err)
	assert.EqualValues(t, 201, cr.read.Load(), "every batch read")
	assert.EqualValues(t, 201, cr.written.Load(), "and written")
	assert.LessOrEqual(t, cr.most.Load(), int64(6*workers+1), "batches in flight stay bounded while one is slow")
}

// TestMaskTableUnreadableColumns: a list column cannot be read as text, so
// classification cannot clear it; masking must not keep it. A dictionary of
// strings is read through its dictionary and masked like text.
func TestMaskTableUnreadableColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "emails", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "ssn_dict", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "active", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	}, nil)
	bld := array.NewRecordBuilder(mem, schema)
	lb := bld.Field(0).(*array.ListBuilder)
	db := bld.Field(1).(*array.BinaryDictionaryBuilder)
	for i := range 20 {
		lb.Append(true)
		lb.ValueBuilder().(*array.StringBuilder).Append(fmt.Sprintf("user%d@example.com", i))
		require.NoError(t, db.AppendString(fmt.Sprintf("536-22-%04d", 1000+i)))
		bld.Field(2).(*array.BooleanBuilder).Append(i%2 == 0)
	}
	lb.AppendNull()
	db.AppendNull()
	bld.Field(2).AppendNull()
	rec := bld.NewRecordBatch()
	bld.Release()
	defer rec.Release()

	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	rec.Retain()
	rep, err := s.ScanTable(&oneBatch{rec: rec, schema: schema}, scanner.TableOptions{Full: true})
	require.NoError(t, err)
	require.EqualValues(t, 20, rep.Columns[0].Unreadable, "the null list is not counted")
	require.NotNil(t, rep.Columns[1].Classification)
	assert.Equal(t, "US_SSN", *rep.Columns[1].Classification)
	ks, err := keys.Generate()
	require.NoError(t, err)
	plan, err := masking.NewPlan(policy.Default(), ks, rep.ColumnInfos(), s.Types())
	require.NoError(t, err)
	assert.Equal(t, masking.ModeSpans, plan.Columns[0].Mode, "never kept")
	assert.Equal(t, masking.ModeWhole, plan.Columns[1].Mode)
	assert.Equal(t, masking.ModeKeep, plan.Columns[2].Mode, "booleans hold no identifier: kept")

	rec.Retain()
	got, res := maskBatch(t, s, rec, plan, mem)
	defer got.Release()
	emails := got.Column(0).(*array.String)
	for i := range 20 {
		assert.NotContains(t, emails.Value(i), "@example.com", "row %d", i)
	}
	assert.True(t, emails.IsNull(20))
	assert.EqualValues(t, 20, res.Columns["emails"].Fallbacks, "each unreadable value redacted and counted")
	ssns := got.Column(1).(*array.String)
	for i := range 20 {
		assert.NotEqual(t, fmt.Sprintf("536-22-%04d", 1000+i), ssns.Value(i))
		assert.Regexp(t, `^\d{3}-\d{2}-\d{4}$`, ssns.Value(i), "tokenized, format kept")
	}
}

// TestSampleSeesPeriodicRows: identifiers that recur every 1000th row, at an
// odd offset, are in the sample (a sample of every stride-th row never saw
// them), so the column is masked span by span, not kept.
func TestSampleSeesPeriodicRows(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("id,ref\n")
	for i := range 50000 {
		if i%1000 == 3 {
			fmt.Fprintf(&sb, "%d,536-22-%04d\n", i, 1000+i/1000)
		} else {
			fmt.Fprintf(&sb, "%d,REF%d\n", i, i)
		}
	}
	s, err := scanner.New(detectors.Builtins())
	require.NoError(t, err)
	r, err := csv.New(csv.Options{}).NewReader(strings.NewReader(sb.String()), format.ReadOptions{Source: "t.csv"})
	require.NoError(t, err)
	rep, err := s.ScanTable(r, scanner.TableOptions{})
	r.Close()
	require.NoError(t, err)
	require.Less(t, rep.RowsScanned, rep.RowsRead)
	ks, err := keys.Generate()
	require.NoError(t, err)
	plan, err := masking.NewPlan(policy.Default(), ks, rep.ColumnInfos(), s.Types())
	require.NoError(t, err)
	assert.Equal(t, masking.ModeSpans, plan.Columns[1].Mode, "%s", plan.Columns[1].Reason)
}
