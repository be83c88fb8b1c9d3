package masking

import (
	"fmt"

	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner/policy"
)

// Mode is how a column is treated.
type Mode uint8

// The column modes.
const (
	ModeKeep  Mode = iota // written byte for byte
	ModeDrop              // left out of the output
	ModeNull              // every value written as null
	ModeWhole             // every value masked whole, as the column's type
	ModeSpans             // only detected spans masked, the rest kept
)

var modeNames = [...]string{"keep", "drop", "null", "whole", "spans"}

// String names the mode as manifests show it.
func (m Mode) String() string { return modeNames[m] }

// ColumnInfo is what classification learned about a column.
type ColumnInfo struct {
	Name           string
	Classification string   // the type the column holds, or ""
	FreeText       bool     // prose with identifiers here and there
	Detected       []string // every type found in the column
	Sensitive      bool     // the classification's sensitivity is above none
	// Unobserved: a sample held no value of the column, though rows went
	// unsampled, so nothing is known of what it holds.
	Unobserved bool
	// Unreadable: some values are not readable as text (nested lists,
	// structs, maps), so they cannot be checked.
	Unreadable bool
}

// ColumnPlan says what happens to one column.
type ColumnPlan struct {
	Name   string
	Mode   Mode
	Type   string        // ModeWhole: the type values are masked as
	Action policy.Action // ModeWhole: the action
	Masker Masker        // ModeWhole: the masker (nil for structural modes)
	Reason string        // why, for the manifest: "column rule notes*", "classified US_SSN" …
}

// Plan is the masking plan of one table. Span maskers are shared by every
// column in ModeSpans.
type Plan struct {
	Columns  []ColumnPlan
	Fallback Masker // redact: used when a method cannot mask a value
	pol      *policy.Policy
	ks       *keys.Keyset
	byType   map[string]Masker // span maskers; nil Masker means keep
}

// NewPlan decides every column's treatment: a column rule decides a whole
// column; otherwise a classified sensitive column is masked whole with its
// type's action; a column where identifiers were found but that is not
// classified (free text, or below the threshold) has those spans masked;
// any other column is kept byte for byte. Maskers are built here, once,
// including the span maskers of every type in types, so a Plan is
// read-only afterwards and safe for concurrent use.
func NewPlan(p *policy.Policy, ks *keys.Keyset, cols []ColumnInfo, types []string) (*Plan, error) {
	pl := &Plan{Fallback: NewRedact(""), pol: p, ks: ks, byType: map[string]Masker{}}
	for _, t := range types {
		if err := pl.addSpanMasker(t); err != nil {
			return nil, err
		}
	}
	for _, c := range cols {
		cp := ColumnPlan{Name: c.Name, Type: c.Classification}
		action, ok := policy.Action{}, false
		if r, hit := p.Masking.ForColumn(c.Name); hit {
			action, ok = r.Action, true
			cp.Reason = "column rule " + r.Match
		} else if c.Classification != "" && c.Sensitive {
			action, _ = p.Masking.ForType(c.Classification)
			ok = true
			cp.Reason = "classified " + c.Classification
		}
		switch {
		case ok:
			if err := pl.setWhole(&cp, action); err != nil {
				return nil, fmt.Errorf("column %q: %w", c.Name, err)
			}
		case len(c.Detected) > 0:
			cp.Mode = ModeSpans
			cp.Reason = "identifiers found in the column"
			if c.FreeText {
				cp.Reason = "free text"
			}
		case c.Unobserved:
			// Fail closed: scan every value rather than keep what was never
			// looked at.
			cp.Mode = ModeSpans
			cp.Reason = "no value in the sample"
		case c.Unreadable:
			// Fail closed: a value that cannot be read cannot be checked,
			// so it is redacted (see the rewriter), never kept.
			cp.Mode = ModeSpans
			cp.Reason = "values not readable as text are redacted"
		default:
			cp.Mode = ModeKeep
			cp.Reason = "nothing sensitive found"
		}
		pl.Columns = append(pl.Columns, cp)
	}
	return pl, nil
}

func (pl *Plan) setWhole(cp *ColumnPlan, a policy.Action) error {
	cp.Action = a
	switch a.Kind {
	case policy.ActionKeep:
		cp.Mode = ModeKeep
		return nil
	case policy.ActionDrop:
		cp.Mode = ModeDrop
		return nil
	case policy.ActionNull:
		cp.Mode = ModeNull
		return nil
	}
	m, err := New(a, pl.ks)
	if err != nil {
		return err
	}
	cp.Mode, cp.Masker = ModeWhole, m
	if cp.Type == "" {
		cp.Type = "REDACTED"
	}
	return nil
}

// SpanMasker returns the masker for a span of type typ in a ModeSpans
// column, or nil when the policy keeps that type. A type the plan was not
// built for is redacted: nothing unknown passes in clear.
func (pl *Plan) SpanMasker(typ string) Masker {
	if m, ok := pl.byType[typ]; ok {
		return m
	}
	return pl.Fallback
}

// addSpanMasker builds the span masker of typ. Drop and null make no sense
// for part of a value, so they redact the span.
func (pl *Plan) addSpanMasker(typ string) error {
	a, _ := pl.pol.Masking.ForType(typ)
	var m Masker
	switch a.Kind {
	case policy.ActionKeep:
	case policy.ActionDrop, policy.ActionNull:
		m = pl.Fallback
	default:
		var err error
		if m, err = New(a, pl.ks); err != nil {
			return fmt.Errorf("type %s: %w", typ, err)
		}
	}
	pl.byType[typ] = m
	return nil
}
