package scanner

import (
	"errors"
	"io"
	"math/bits"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/scanner/batch"
	"github.com/veil-data/veil/scanner/classify"
)

// DefaultSampleRows is how many rows ScanTable scans when not told.
const DefaultSampleRows = 10000

// TableOptions configure ScanTable.
type TableOptions struct {
	SampleRows int     // rows to scan, spread evenly over the input; DefaultSampleRows when 0
	Full       bool    // scan every row instead of a sample
	Threshold  float64 // classification threshold; classify.DefaultThreshold when 0
	Workers    int     // goroutines scanning; 1 when 0
}

// TableReport is the classification of every column of one table.
type TableReport struct {
	RowsRead    int64             // rows in the input
	RowsScanned int64             // rows whose values were scanned
	Skipped     int64             // bad rows left out by the reader
	Columns     []classify.Result // in schema order
}

// ScanTable reads every batch of r and classifies its columns. A sample
// spreads over the whole input: it keeps about one row in stride (see
// sampled) and doubles the stride whenever it holds twice the rows asked
// for, so about SampleRows to twice that rows are kept. Only the text of the
// rows kept so far is held (at most twice SampleRows rows), and it is
// scanned once the sample is final; a report holds shapes, matches and
// positions, never values.
func (s *Scanner) ScanTable(r format.Reader, o TableOptions) (*TableReport, error) {
	if o.SampleRows <= 0 {
		o.SampleRows = DefaultSampleRows
	}
	if o.Threshold <= 0 {
		o.Threshold = classify.DefaultThreshold
	}
	t := &tableScan{s: s, cols: map[string]int{}}
	var err error
	if o.Full {
		err = t.full(r, max(o.Workers, 1))
	} else {
		err = t.sample(r, o.SampleRows, max(o.Workers, 1))
	}
	if err != nil {
		return nil, err
	}
	rep := &TableReport{RowsRead: r.Rows(), Skipped: r.Skipped(), RowsScanned: t.scanned}
	sens := func(typ string) detectors.Sensitivity { v, _ := s.Sensitivity(typ); return v }
	for _, c := range t.stats {
		rep.Columns = append(rep.Columns, c.Result(o.Threshold, sens))
	}
	return rep, nil
}

// tableScan is the state of one ScanTable call.
type tableScan struct {
	s       *Scanner
	cols    map[string]int // column name -> index in stats
	stats   []*classify.Column
	ctxs    []Context
	scanned int64
}

// columnsOf maps a batch's columns to stats indexes, adding new columns
// (JSON lines may widen the schema) in order of appearance.
func (t *tableScan) columnsOf(schema *arrow.Schema) []int {
	idx := make([]int, schema.NumFields())
	for i, f := range schema.Fields() {
		if format.IsInternal(f) {
			idx[i] = -1 // bookkeeping, not data
			continue
		}
		k, ok := t.cols[f.Name]
		if !ok {
			k = len(t.stats)
			t.cols[f.Name] = k
			t.stats = append(t.stats, classify.NewColumn(f.Name, TypeName(f.Type)))
			t.ctxs = append(t.ctxs, t.s.Column(f.Name))
		}
		idx[i] = k
	}
	return idx
}

// TypeName is the data type of a column as reports show it.
func TypeName(dt arrow.DataType) string {
	switch dt.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return "string"
	}
	return dt.String()
}

// observation is one sampled value: where its text is kept until the
// sample is final, then its shape and matches.
type observation struct {
	row        int64
	col        int
	readable   bool // not null, and readable as text
	unreadable bool // not null, yet not readable as text
	off, n     int  // its text in the sample's arena
	shape      classify.ValueShape
	matches    []Match
}

// sample keeps the text of the rows sampled at the current stride,
// thinning as the stride doubles, and scans only the rows left at the end
// (about want to twice that), spread over workers.
func (t *tableScan) sample(r format.Reader, want, workers int) error {
	var (
		obs    []observation
		arena  []byte
		stride int64 = 1
		kept   int64
		row    int64
		picked []int64 // with a RowFilter: the row index of each row of a batch
	)
	// A reader that can leave rows out is asked for the sampled rows only;
	// the stride may double after it kept a row, so rows are checked again.
	f, filtered := r.(format.RowFilter)
	filtered = filtered && f.SetKeep(func(row int64) bool {
		if !sampled(row, stride) {
			return false
		}
		picked = append(picked, row)
		return true
	})
	for {
		picked = picked[:0]
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		idx := t.columnsOf(rec.Schema())
		for i := 0; i < int(rec.NumRows()); i, row = i+1, row+1 {
			if filtered {
				row = picked[i]
			}
			if !sampled(row, stride) {
				continue
			}
			kept++
			for c, col := range rec.Columns() {
				if idx[c] < 0 {
					continue
				}
				off := len(arena)
				var ok bool
				arena, ok = batch.AppendText(arena, col, i)
				obs = append(obs, observation{row: row, col: idx[c], readable: ok, unreadable: !ok && !col.IsNull(i) && !batch.Inert(col.DataType()), off: off, n: len(arena) - off})
			}
			if kept >= 2*int64(want) {
				stride *= 2
				obs, arena, kept = thin(obs, arena, stride)
			}
		}
		rec.Release()
	}
	t.scanObservations(obs, arena, workers)
	rows := map[int64]bool{}
	for _, o := range obs {
		t.stats[o.col].ObserveShape(o.row, o.shape, o.matches)
		rows[o.row] = true
	}
	t.scanned = int64(len(rows))
	return nil
}

// scanObservations fills in the shape and matches of every observation,
// workers at a time.
func (t *tableScan) scanObservations(obs []observation, arena []byte, workers int) {
	var wg sync.WaitGroup
	per := (len(obs) + workers - 1) / max(workers, 1)
	for lo := 0; lo < len(obs); lo += max(per, 1) {
		part := obs[lo:min(lo+max(per, 1), len(obs))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range part {
				o := &part[k]
				if !o.readable {
					o.shape = classify.ValueShape{Empty: true, Unreadable: o.unreadable}
					continue
				}
				text := arena[o.off : o.off+o.n]
				o.shape = classify.Shape(text)
				if ms := t.s.Find(nil, text, t.ctxs[o.col]); len(ms) > 0 {
					o.matches = ms
				}
			}
		}()
	}
	wg.Wait()
}

// sampled reports whether row is in the sample at stride (a power of two):
// about one row in stride, each row's chance set by a hash of its number,
// and every row in the sample at 2*stride also in it at stride. Unlike
// every stride-th row, this cannot miss rows that recur with a period
// (every 1000th row, say), whatever the stride.
func sampled(row, stride int64) bool {
	x := uint64(row) + 0x9e3779b97f4a7c15 // splitmix64
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return bits.TrailingZeros64(x) >= bits.TrailingZeros64(uint64(stride))
}

// thin keeps the observations of rows sampled at stride, moving their
// text to the front of the arena, and returns them with how many rows that
// is.
func thin(obs []observation, arena []byte, stride int64) ([]observation, []byte, int64) {
	out := obs[:0]
	text := arena[:0]
	var rows int64
	last := int64(-1)
	for _, o := range obs {
		if !sampled(o.row, stride) {
			continue
		}
		if o.row != last {
			rows++
			last = o.row
		}
		off := len(text)
		text = append(text, arena[o.off:o.off+o.n]...) // never ahead of what it copies
		o.off = off
		out = append(out, o)
	}
	return out, text, rows
}

// full scans every row, batches in parallel, merging per-batch statistics.
func (t *tableScan) full(r format.Reader, workers int) error {
	type job struct {
		rec  arrow.RecordBatch
		idx  []int
		ctxs []Context // a snapshot: the column list may grow meanwhile
		row0 int64
	}
	jobs := make(chan job, workers)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			var ms []Match
			for j := range jobs {
				local := map[int]*classify.Column{}
				for c, col := range j.rec.Columns() {
					k := j.idx[c]
					if k < 0 {
						continue
					}
					lc := classify.NewColumn("", "")
					local[k] = lc
					for i := 0; i < col.Len(); i++ {
						var ok bool
						buf, ok = batch.AppendText(buf[:0], col, i)
						if !ok {
							lc.ObserveShape(j.row0+int64(i), classify.ValueShape{Empty: true, Unreadable: !col.IsNull(i) && !batch.Inert(col.DataType())}, nil)
							continue
						}
						ms = t.s.Find(ms[:0], buf, j.ctxs[k])
						lc.ObserveShape(j.row0+int64(i), classify.Shape(buf), ms)
					}
				}
				j.rec.Release()
				mu.Lock()
				for k, lc := range local {
					t.stats[k].Merge(lc)
				}
				mu.Unlock()
			}
		}()
	}
	var row int64
	var err error
	for {
		var rec arrow.RecordBatch
		rec, err = r.Next()
		if err != nil {
			break
		}
		mu.Lock()
		idx := t.columnsOf(rec.Schema())
		ctxs := t.ctxs
		mu.Unlock()
		jobs <- job{rec: rec, idx: idx, ctxs: ctxs, row0: row}
		row += rec.NumRows()
	}
	close(jobs)
	wg.Wait()
	t.scanned = row
	if !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// ColumnInfos is what masking needs of the report: per column, its
// classification (when sensitive), whether it is free text, and every type
// found in it.
func (rep *TableReport) ColumnInfos() []masking.ColumnInfo {
	infos := make([]masking.ColumnInfo, 0, len(rep.Columns))
	for _, c := range rep.Columns {
		ci := masking.ColumnInfo{
			Name:      c.Name,
			FreeText:  c.FreeText,
			Sensitive: c.Classification != nil && c.Sensitivity != detectors.SensitivityNone.String(),
			// Every row scanned and no value: the column is empty.
			Unobserved: c.NonEmpty == 0 && rep.RowsScanned < rep.RowsRead,
			Unreadable: c.Unreadable > 0,
		}
		if c.Classification != nil {
			ci.Classification = *c.Classification
		}
		for _, d := range c.Detections {
			ci.Detected = append(ci.Detected, d.Type)
		}
		infos = append(infos, ci)
	}
	return infos
}
