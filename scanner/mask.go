package scanner

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/scanner/batch"
)

// ColumnStats counts what masking did to one column.
type ColumnStats struct {
	Masked    int64 // values masked whole
	Spans     int64 // spans masked inside values
	Fallbacks int64 // values or spans redacted because their method could not mask them
	Nulled    int64 // values written as null by the plan
}

// add sums o into c.
func (c *ColumnStats) add(o ColumnStats) {
	c.Masked += o.Masked
	c.Spans += o.Spans
	c.Fallbacks += o.Fallbacks
	c.Nulled += o.Nulled
}

// MaskResult is what MaskTable did.
type MaskResult struct {
	RowsRead    int64
	RowsWritten int64
	Skipped     int64
	Columns     map[string]ColumnStats // by input column name
	TypeChanges map[string]string      // column -> "int64 -> string" where masking changed a type
}

// MaskOptions configure MaskTable.
type MaskOptions struct {
	Workers   int              // batches masked at once; 1 when 0
	Allocator memory.Allocator // for output arrays; memory.DefaultAllocator when nil
}

// MaskTable reads every batch of r, applies plan, and writes the masked
// batches in order to the writer newWriter makes for the output schema (made
// once, from the first batch). At most a few batches per worker are in flight, so
// memory stays bounded whatever the input size. On any error nothing more
// is written and the error is returned; the caller discards the output.
func (s *Scanner) MaskTable(r format.Reader, plan *masking.Plan, newWriter func(*arrow.Schema) (format.Writer, error), o MaskOptions) (*MaskResult, error) {
	workers := max(o.Workers, 1)
	mem := o.Allocator
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	type job struct {
		seq int
		rec arrow.RecordBatch
	}
	type done struct {
		seq   int
		rec   arrow.RecordBatch
		stats map[string]ColumnStats
		err   error
	}
	// Two batches a worker in each queue absorb the writer's row-group
	// flushes without stalling the workers (CSV -> Parquet: 1.4 -> 1.7
	// cores busy of 2); more did not help. inFlight bounds every batch read
	// and not yet written, those waiting for an earlier one included: the
	// reader takes a slot before each batch, the writer frees it.
	jobs := make(chan job, 2*workers)
	results := make(chan done, 2*workers)
	inFlight := make(chan struct{}, 6*workers)
	stop := make(chan struct{})
	var stopOnce sync.Once
	halt := func() { stopOnce.Do(func() { close(stop) }) }

	res := &MaskResult{Columns: map[string]ColumnStats{}, TypeChanges: map[string]string{}}
	var rm rewriters
	var readErr error
	go func() { // reader
		defer close(jobs)
		for seq := 0; ; seq++ {
			select {
			case inFlight <- struct{}{}:
			case <-stop:
				return
			}
			rec, err := r.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
			select {
			case jobs <- job{seq, rec}:
			case <-stop:
				rec.Release()
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			caches := memos{} // this worker's; masking is deterministic
			for j := range jobs {
				out, stats, err := func() (arrow.RecordBatch, map[string]ColumnStats, error) {
					defer j.rec.Release()
					rw, err := rm.get(s, plan, j.rec.Schema(), mem)
					if err != nil {
						return nil, nil, err
					}
					return rw.apply(j.rec, caches)
				}()
				select {
				case results <- done{j.seq, out, stats, err}:
				case <-stop:
					if out != nil {
						out.Release()
					}
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var (
		w       format.Writer
		next    int
		pending = map[int]done{}
		err     error
	)
	for d := range results {
		pending[d.seq] = d
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-inFlight
			if err == nil && p.err != nil {
				err = p.err
			}
			if err == nil {
				if w == nil {
					if w, err = newWriter(p.rec.Schema()); err == nil {
						for col, ch := range rm.typeChanges() {
							res.TypeChanges[col] = ch
						}
					}
				}
				if err == nil {
					err = w.Write(p.rec)
					res.RowsWritten += p.rec.NumRows()
				}
				for c, st := range p.stats {
					cs := res.Columns[c]
					cs.add(st)
					res.Columns[c] = cs
				}
			}
			if p.rec != nil {
				p.rec.Release()
			}
			if err != nil {
				halt()
			}
		}
	}
	for _, p := range pending {
		if p.rec != nil {
			p.rec.Release()
		}
	}
	if err == nil {
		err = readErr
	}
	if err == nil && w == nil {
		// An input with no rows still gets an output with its schema.
		if w, err = newWriter(emptySchema(r.Schema(), plan, &rm, s, mem)); err != nil {
			return nil, err
		}
	}
	if w != nil {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, err
	}
	res.RowsRead, res.Skipped = r.Rows(), r.Skipped()
	return res, nil
}

func emptySchema(in *arrow.Schema, plan *masking.Plan, rm *rewriters, s *Scanner, mem memory.Allocator) *arrow.Schema {
	if in == nil {
		return arrow.NewSchema(nil, nil)
	}
	rw, err := rm.get(s, plan, in, mem)
	if err != nil {
		return in
	}
	return rw.out
}

// rewriters caches the rewriter of each input schema (JSON lines may widen
// the schema from batch to batch).
type rewriters struct {
	mu   sync.Mutex
	list []*rewriter
}

func (rm *rewriters) get(s *Scanner, plan *masking.Plan, in *arrow.Schema, mem memory.Allocator) (*rewriter, error) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for _, r := range rm.list {
		if r.in.Equal(in) {
			return r, nil
		}
	}
	r, err := newRewriter(s, plan, in, mem)
	if err != nil {
		return nil, err
	}
	rm.list = append(rm.list, r)
	return r, nil
}

func (rm *rewriters) typeChanges() map[string]string {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	out := map[string]string{}
	for _, r := range rm.list {
		for k, v := range r.changes {
			out[k] = v
		}
	}
	return out
}

// rewriter applies a plan to batches of one input schema.
type rewriter struct {
	s       *Scanner
	plan    *masking.Plan
	in, out *arrow.Schema
	cols    []colPlan // per input column
	mem     memory.Allocator
	changes map[string]string
}

type colPlan struct {
	name string
	plan masking.ColumnPlan
	ctx  Context
	keep bool // internal bookkeeping or ModeKeep: passed through
}

func newRewriter(s *Scanner, plan *masking.Plan, in *arrow.Schema, mem memory.Allocator) (*rewriter, error) {
	byName := map[string]masking.ColumnPlan{}
	for _, c := range plan.Columns {
		byName[c.Name] = c
	}
	rw := &rewriter{s: s, plan: plan, in: in, mem: mem, changes: map[string]string{}}
	var fields []arrow.Field
	for _, f := range in.Fields() {
		cp, ok := byName[f.Name]
		if !ok {
			// A column the plan has not seen (a later JSON line's new
			// field): scan it and mask what is found.
			cp = masking.ColumnPlan{Name: f.Name, Mode: masking.ModeSpans, Reason: "not in the sample"}
		}
		c := colPlan{name: f.Name, plan: cp, ctx: s.Column(f.Name)}
		if format.IsInternal(f) || cp.Mode == masking.ModeKeep {
			c.keep = true
		}
		rw.cols = append(rw.cols, c)
		switch {
		case c.keep || cp.Mode == masking.ModeNull:
			fields = append(fields, f)
		case cp.Mode == masking.ModeDrop:
		default:
			nf := f
			if !isText(f.Type) {
				// Masked values are text; a null stays null, so the column
				// may hold nulls only where it could before.
				nf = arrow.Field{Name: f.Name, Type: arrow.BinaryTypes.String, Nullable: f.Nullable, Metadata: f.Metadata}
				from := TypeName(f.Type)
				if from == "string" {
					from = f.Type.String() // large_utf8, string_view: name the real type
				}
				rw.changes[f.Name] = from + " -> string"
			}
			fields = append(fields, nf)
		}
	}
	md := in.Metadata()
	rw.out = arrow.NewSchema(fields, &md)
	return rw, nil
}

func isText(dt arrow.DataType) bool {
	return dt.ID() == arrow.STRING
}

// apply masks one batch, remembering values masked whole in caches; the
// result is a new record the caller releases.
func (rw *rewriter) apply(rec arrow.RecordBatch, caches memos) (arrow.RecordBatch, map[string]ColumnStats, error) {
	n := int(rec.NumRows())
	stats := map[string]ColumnStats{}
	var arrs []arrow.Array
	release := func() {
		for _, a := range arrs {
			a.Release()
		}
	}
	for i, c := range rw.cols {
		col := rec.Column(i)
		switch {
		case c.keep:
			col.Retain()
			arrs = append(arrs, col)
		case c.plan.Mode == masking.ModeDrop:
		case c.plan.Mode == masking.ModeNull:
			arrs = append(arrs, array.MakeArrayOfNull(rw.mem, col.DataType(), n))
			stats[c.name] = ColumnStats{Nulled: int64(n)}
		default:
			a, st, err := rw.maskColumn(col, c, caches.of(c.name, c.plan.Mode))
			if err != nil {
				release()
				return nil, nil, fmt.Errorf("column %q: %w", c.name, err)
			}
			arrs = append(arrs, a)
			stats[c.name] = st
		}
	}
	out := array.NewRecordBatch(rw.out, arrs, int64(n))
	release()
	return out, stats, nil
}

// maskColumn masks every value of a column (ModeWhole, through memo when
// not nil) or the spans found in each (ModeSpans), into a new string array.
func (rw *rewriter) maskColumn(col arrow.Array, c colPlan, memo *memo) (arrow.Array, ColumnStats, error) {
	var st ColumnStats
	b := array.NewStringBuilder(rw.mem)
	defer b.Release()
	b.Reserve(col.Len())
	if c.plan.Mode == masking.ModeWhole {
		rw.maskWhole(b, col, c, memo, &st)
		return b.NewArray(), st, nil
	}
	var text, out []byte
	var ms []Match
	mc := masking.Column{Name: c.name, Type: c.plan.Type}
	fallback := rw.plan.Fallback
	for i := 0; i < col.Len(); i++ {
		var ok bool
		text, ok = batch.AppendText(text[:0], col, i)
		if !ok {
			if col.IsNull(i) {
				b.AppendNull()
				continue
			}
			// A value the engine cannot read as text (nested types) cannot
			// be checked, so it is not written in clear.
			out, _ = fallback.Mask(out[:0], nil, mc)
			b.BinaryBuilder.Append(out)
			st.Fallbacks++
			continue
		}
		ms = rw.s.Find(ms[:0], text, c.ctx)
		if len(ms) == 0 {
			b.BinaryBuilder.Append(text)
			continue
		}
		var spans, fells int64
		out, spans, fells = rw.maskSpans(out[:0], text, ms, c.name)
		st.Spans += spans
		st.Fallbacks += fells
		b.BinaryBuilder.Append(out)
	}
	return b.NewArray(), st, nil
}

// wholeChunk is how many rows maskWhole masks together: enough for a
// tokenizer to keep its FF1 calls side by side, few enough to stay in cache.
const wholeChunk = 64

// wholeRow says what maskWhole does with one row of a chunk.
type wholeRow uint8

const (
	rowNull     wholeRow = iota // null stays null
	rowUnread                   // not readable as text: the fallback
	rowAsIs                     // blank: nothing to protect
	rowRemember                 // found in the memo
	rowMask                     // masked in the chunk's batch
)

// maskWhole masks every value of a ModeWhole column into b: through the
// memo when it holds the value, and the rest a chunk at a time through
// masking.MaskAll, so that a tokenizer runs a chunk's FF1 calls side by
// side. A value that cannot be masked as asked is redacted (Fallbacks).
func (rw *rewriter) maskWhole(b *array.StringBuilder, col arrow.Array, c colPlan, memo *memo, st *ColumnStats) {
	mc := masking.Column{Name: c.name, Type: c.plan.Type}
	fallback := rw.plan.Fallback
	var (
		kind   [wholeChunk]wholeRow
		bounds [wholeChunk + 1]int // each row's text in texts
		ends   [wholeChunk]int     // each masked value's end in masked
		errs   [wholeChunk]error
		texts  []byte
		kept   []byte           // memo values of the chunk's rowRemember rows, in order
		keptAt [wholeChunk]int  // per rowRemember row: its value's end in kept
		fells  [wholeChunk]bool // per rowRemember row: the memo's fell
		masked []byte
		out    []byte
		todo   [][]byte
		rows   []int // the chunk row of each todo value
	)
	for lo := 0; lo < col.Len(); lo += wholeChunk {
		hi := min(lo+wholeChunk, col.Len())
		texts, kept, todo, rows = texts[:0], kept[:0], todo[:0], rows[:0]
		for i := lo; i < hi; i++ {
			var ok bool
			texts, ok = batch.AppendText(texts, col, i)
			bounds[i-lo+1] = len(texts)
			switch {
			case !ok && col.IsNull(i):
				kind[i-lo] = rowNull
			case !ok:
				kind[i-lo] = rowUnread
			case isBlank(texts[bounds[i-lo]:]):
				kind[i-lo] = rowAsIs
			default:
				kind[i-lo] = rowMask
			}
		}
		for r := range hi - lo {
			text := texts[bounds[r]:bounds[r+1]]
			if kind[r] != rowMask {
				continue
			}
			if e := memo.slot(text); e != nil && e.full && string(e.key) == string(text) {
				// Copied now: a value masked below may take its slot.
				kind[r] = rowRemember
				kept = append(kept, e.val...)
				keptAt[r], fells[r] = len(kept), e.fell
				continue
			}
			todo = append(todo, text)
			rows = append(rows, r)
		}
		masked = masking.MaskAll(c.plan.Masker, masked[:0], todo, mc, ends[:len(todo)], errs[:len(todo)])
		next, keptFrom := 0, 0 // the next todo value; the next kept value's start
		for r := range hi - lo {
			text := texts[bounds[r]:bounds[r+1]]
			switch kind[r] {
			case rowNull:
				b.AppendNull()
			case rowUnread:
				// A value the engine cannot read as text (nested types)
				// cannot be checked, so it is not written in clear.
				out, _ = fallback.Mask(out[:0], nil, mc)
				b.BinaryBuilder.Append(out)
				st.Fallbacks++
			case rowAsIs:
				b.BinaryBuilder.Append(text)
			case rowRemember:
				b.BinaryBuilder.Append(kept[keptFrom:keptAt[r]])
				keptFrom = keptAt[r]
				st.Masked++
				if fells[r] {
					st.Fallbacks++
				}
			case rowMask:
				k := next
				next++
				start := 0
				if k > 0 {
					start = ends[k-1]
				}
				fell := errs[k] != nil
				if fell {
					out, _ = fallback.Mask(out[:0], text, mc)
				} else {
					out = append(out[:0], masked[start:ends[k]]...)
				}
				memo.slot(text).put(text, out, fell)
				b.BinaryBuilder.Append(out)
				st.Masked++
				if fell {
					st.Fallbacks++
				}
			}
		}
		clear(texts)
		clear(kept)
		clear(masked)
	}
	clear(errs[:])
}

// maskSpans copies text to dst with every detected span masked by its type's
// span masker. Overlapping spans are merged and masked as the type of the
// longest.
func (rw *rewriter) maskSpans(dst, text []byte, ms []Match, column string) ([]byte, int64, int64) {
	slices.SortFunc(ms, func(a, b Match) int { return cmp.Compare(a.Start, b.Start) })
	var spans, fells int64
	fallback := rw.plan.Fallback
	last := 0
	for i := 0; i < len(ms); {
		start, end, typ, longest := ms[i].Start, ms[i].End, ms[i].Type, ms[i].End-ms[i].Start
		j := i + 1
		for ; j < len(ms) && ms[j].Start < end; j++ {
			if l := ms[j].End - ms[j].Start; l > longest {
				typ, longest = ms[j].Type, l
			}
			end = max(end, ms[j].End)
		}
		i = j
		dst = append(dst, text[last:start]...)
		m := rw.plan.SpanMasker(typ)
		if m == nil {
			dst = append(dst, text[start:end]...)
		} else {
			var fell bool
			dst, fell, _ = masking.MaskOrRedact(dst, text[start:end], masking.Column{Name: column, Type: typ}, m, fallback)
			spans++
			if fell {
				fells++
			}
		}
		last = end
	}
	return append(dst, text[last:]...), spans, fells
}

// isBlank reports whether b is empty or only white space.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// memos are one worker's memos, by column name.
type memos map[string]*memo

// of returns the memo of a column masked whole, made on first use, and nil
// for any other mode.
func (ms memos) of(column string, mode masking.Mode) *memo {
	if mode != masking.ModeWhole {
		return nil
	}
	m := ms[column]
	if m == nil {
		m = &memo{seed: maphash.MakeSeed(), slots: make([]memoEntry, memoSlots)}
		ms[column] = m
	}
	return m
}

// memo remembers the masked form of a column's recent values, so a value
// repeated across rows (a date, a bank's routing number, a customer in every
// order) is masked once per worker. Masking is deterministic, so a hit gives
// exactly what masking again would. It is direct-mapped: a value evicts the
// one in its slot, and memory stays bounded.
type memo struct {
	seed  maphash.Seed
	slots []memoEntry // memoSlots of them
}

// memoSlots is how many values a memo holds, a power of two (a variable
// so tests can force evictions); memoMaxLen bounds the length of a value
// it keeps.
var memoSlots = 1024

const memoMaxLen = 64

type memoEntry struct {
	full     bool
	fell     bool
	key, val []byte
}

// slot returns the entry where text is or would be kept, or nil when m is
// nil or text too long to keep.
func (m *memo) slot(text []byte) *memoEntry {
	if m == nil || len(text) > memoMaxLen {
		return nil
	}
	return &m.slots[maphash.Bytes(m.seed, text)&uint64(len(m.slots)-1)]
}

// put keeps text's masked form in e; a nil e keeps nothing.
func (e *memoEntry) put(text, masked []byte, fell bool) {
	if e == nil {
		return
	}
	e.full, e.fell = true, fell
	e.key = append(e.key[:0], text...)
	e.val = append(e.val[:0], masked...)
}
