// Package classify turns per-column detection statistics into a column
// classification: which identifier type a column holds, whether it is free
// text with identifiers here and there, and how sensitive it is.
//
// It sees matches and value lengths, never keeps a value, and does no I/O.
package classify

import (
	"cmp"
	"slices"

	"github.com/veil-data/veil/detectors"
)

// DefaultThreshold is the share of non-empty sampled values that must hold a
// validated match of a type for the column to be classified as that type
// (AWS Glue's default detection threshold).
const DefaultThreshold = 0.1

// MaxExamples is how many example positions a detection keeps.
const MaxExamples = 3

// freeTextWords is the mean number of words per non-empty value from which
// a column counts as free text (prose: notes, comments, messages).
const freeTextWords = 4.0

// Example is where one match was found: a row and byte offsets in the value.
type Example struct {
	Row   int64 `json:"row"`
	Start int   `json:"start"`
	End   int   `json:"end"`
}

// Detection counts the values of a column holding a type.
type Detection struct {
	Type     string    `json:"type"`
	Count    int64     `json:"count"` // values with at least one match
	Ratio    float64   `json:"ratio"` // Count / non-empty values
	Examples []Example `json:"examples"`
}

// Result is the classification of one column.
type Result struct {
	Name           string  `json:"name"`
	DataType       string  `json:"data_type"`
	Classification *string `json:"classification"`
	Sensitivity    string  `json:"sensitivity"`
	Confidence     float64 `json:"confidence"`
	FreeText       bool    `json:"free_text"`
	Values         int64   `json:"values"`   // values observed
	NonEmpty       int64   `json:"nonempty"` // of which non-empty
	// Unreadable counts values (not null) that cannot be read as text, such
	// as nested lists: nothing is known of them, so masking redacts them.
	Unreadable int64       `json:"unreadable,omitempty"`
	Detections []Detection `json:"detections"`
}

// Column accumulates statistics for one column. It is not safe for
// concurrent use; merge per-worker columns with Merge.
type Column struct {
	Name, DataType string
	values         int64
	nonEmpty       int64
	unreadable     int64
	words          int64
	byType         map[string]*Detection
}

// NewColumn starts the statistics of a column.
func NewColumn(name, dataType string) *Column {
	return &Column{Name: name, DataType: dataType, byType: map[string]*Detection{}}
}

// Observe records one value of the column (row is its 0-based row in the
// source) and the matches found in it. Only the value's shape is used.
func (c *Column) Observe(row int64, value []byte, matches []detectors.Match) {
	c.ObserveShape(row, Shape(value), matches)
}

// ValueShape is what classification needs of a value: whether it is empty
// and how many words it has. It holds nothing of the value itself.
type ValueShape struct {
	Empty      bool
	Unreadable bool // not null, yet not readable as text (Empty is set too)
	Words      int32
}

// Shape measures a value.
func Shape(value []byte) ValueShape {
	if len(trimSpace(value)) == 0 {
		return ValueShape{Empty: true}
	}
	return ValueShape{Words: int32(countWords(value))}
}

// ObserveShape records a value by its shape, for callers that sample rows
// and decide later which observations to keep.
func (c *Column) ObserveShape(row int64, v ValueShape, matches []detectors.Match) {
	c.values++
	if v.Unreadable {
		c.unreadable++
	}
	if v.Empty {
		return
	}
	c.nonEmpty++
	c.words += int64(v.Words)
	for k, m := range matches {
		if seenBefore(matches[:k], m.Type) {
			continue // count a value once per type
		}
		d := c.byType[m.Type]
		if d == nil {
			d = &Detection{Type: m.Type}
			c.byType[m.Type] = d
		}
		d.Count++
		if len(d.Examples) < MaxExamples {
			d.Examples = append(d.Examples, Example{Row: row, Start: m.Start, End: m.End})
		}
	}
}

// Merge adds o's statistics (for the same column) to c. Examples keep the
// earliest rows.
func (c *Column) Merge(o *Column) {
	c.values += o.values
	c.nonEmpty += o.nonEmpty
	c.unreadable += o.unreadable
	c.words += o.words
	for t, od := range o.byType {
		d := c.byType[t]
		if d == nil {
			d = &Detection{Type: t}
			c.byType[t] = d
		}
		d.Count += od.Count
		d.Examples = append(d.Examples, od.Examples...)
		slices.SortFunc(d.Examples, func(a, b Example) int { return cmp.Compare(a.Row, b.Row) })
		d.Examples = d.Examples[:min(len(d.Examples), MaxExamples)]
	}
}

// Result classifies the column. sensitivity gives each type's sensitivity.
func (c *Column) Result(threshold float64, sensitivity func(typ string) detectors.Sensitivity) Result {
	r := Result{Name: c.Name, DataType: c.DataType, Values: c.values, NonEmpty: c.nonEmpty, Unreadable: c.unreadable, Sensitivity: detectors.SensitivityNone.String()}
	r.Detections = []Detection{}
	if c.nonEmpty == 0 {
		return r
	}
	worst := detectors.SensitivityNone
	for _, d := range c.byType {
		dd := *d
		dd.Ratio = round(float64(d.Count) / float64(c.nonEmpty))
		r.Detections = append(r.Detections, dd)
		worst = max(worst, sensitivity(d.Type))
	}
	// Most frequent first; ties by sensitivity, then name, so output is stable.
	slices.SortFunc(r.Detections, func(a, b Detection) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		if sa, sb := sensitivity(a.Type), sensitivity(b.Type); sa != sb {
			return cmp.Compare(sb, sa)
		}
		return cmp.Compare(a.Type, b.Type)
	})
	r.FreeText = float64(c.words)/float64(c.nonEmpty) >= freeTextWords
	r.Sensitivity = worst.String()
	if r.FreeText || len(r.Detections) == 0 {
		return r
	}
	top := r.Detections[0]
	if top.Ratio < threshold {
		return r
	}
	typ := top.Type
	r.Classification = &typ
	r.Confidence = top.Ratio
	r.Sensitivity = sensitivity(typ).String()
	return r
}

func round(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

func seenBefore(ms []detectors.Match, typ string) bool {
	for _, m := range ms {
		if m.Type == typ {
			return true
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// countWords counts runs of non-space bytes.
func countWords(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		if isSpace(c) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
