package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// The canonical rendering: fixed key order, every default filled in, and
// sets (disabled types, allow values, keywords, ignore words, type rules)
// sorted and deduplicated, lower-cased where matching ignores case. Lists
// whose order matters (custom identifiers, allow patterns, column rules)
// keep file order.
type (
	canonPolicy struct {
		Version   int            `json:"version"`
		Detection canonDetection `json:"detection"`
		Masking   canonMasking   `json:"masking"`
	}
	canonDetection struct {
		MinConfidence string        `json:"min_confidence"`
		DropExamples  bool          `json:"drop_examples"`
		Disabled      []string      `json:"disabled"`
		Allow         canonAllow    `json:"allow"`
		Custom        []canonCustom `json:"custom"`
	}
	canonAllow struct {
		Values   []string `json:"values"`
		Patterns []string `json:"patterns"`
	}
	canonCustom struct {
		ID          string   `json:"id"`
		Pattern     string   `json:"pattern"`
		Keywords    []string `json:"keywords"`
		MaxDistance int      `json:"max_distance"`
		IgnoreWords []string `json:"ignore_words"`
		Sensitivity string   `json:"sensitivity"`
	}
	canonMasking struct {
		DefaultAction canonAction   `json:"default_action"`
		Columns       []canonColumn `json:"columns"`
		Types         []canonType   `json:"types"`
	}
	canonColumn struct {
		Match string `json:"match"`
		canonAction
	}
	canonType struct {
		Type string `json:"type"`
		canonAction
	}
	// canonAction holds only the parameters its kind takes.
	canonAction struct {
		Action    ActionKind `json:"action"`
		Text      *string    `json:"text,omitempty"`
		KeepFirst *int       `json:"keep_first,omitempty"`
		KeepLast  *int       `json:"keep_last,omitempty"`
		Length    *int       `json:"length,omitempty"`
	}
)

func canonSet(in []string, fold bool) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if fold {
			s = strings.ToLower(s)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func canonList(in []string) []string {
	return append(make([]string, 0, len(in)), in...)
}

func canonAct(a Action) canonAction {
	c := canonAction{Action: a.Kind}
	switch a.Kind {
	case ActionRedact:
		c.Text = &a.Text
	case ActionPartial:
		c.KeepFirst, c.KeepLast = &a.KeepFirst, &a.KeepLast
	case ActionHash:
		c.Length = &a.Length
	}
	return c
}

// Canonical returns the canonical JSON rendering of the policy that Digest
// hashes: two files that mean the same thing render the same.
func (p *Policy) Canonical() []byte {
	d := &p.Detection
	c := canonPolicy{
		Version: p.Version,
		Detection: canonDetection{
			MinConfidence: d.MinConfidence.String(),
			DropExamples:  d.DropExamples,
			Disabled:      canonSet(d.Disabled, false),
			Allow: canonAllow{
				Values:   canonSet(d.Allow.Values, true),
				Patterns: canonList(d.Allow.Patterns),
			},
			Custom: []canonCustom{},
		},
		Masking: canonMasking{
			DefaultAction: canonAct(p.Masking.DefaultAction),
			Columns:       []canonColumn{},
			Types:         []canonType{},
		},
	}
	for _, cu := range d.Custom {
		c.Detection.Custom = append(c.Detection.Custom, canonCustom{
			ID:          cu.ID,
			Pattern:     cu.Pattern,
			Keywords:    canonSet(cu.Keywords, true),
			MaxDistance: cu.MaxDistance,
			IgnoreWords: canonSet(cu.IgnoreWords, true),
			Sensitivity: cu.Sensitivity.String(),
		})
	}
	for _, r := range p.Masking.Columns {
		c.Masking.Columns = append(c.Masking.Columns, canonColumn{Match: r.Match, canonAction: canonAct(r.Action)})
	}
	for _, r := range p.Masking.Types {
		c.Masking.Types = append(c.Masking.Types, canonType{Type: r.Type, canonAction: canonAct(r.Action)})
	}
	slices.SortFunc(c.Masking.Types, func(a, b canonType) int { return strings.Compare(a.Type, b.Type) })
	// Only strings, ints, bools and slices of them: Marshal cannot fail.
	out, _ := json.MarshalIndent(c, "", "  ")
	return append(out, '\n')
}

// Digest returns "sha256:" and the hex SHA-256 of Canonical, for manifests
// that record which policy a run used.
func (p *Policy) Digest() string {
	sum := sha256.Sum256(p.Canonical())
	return "sha256:" + hex.EncodeToString(sum[:])
}
