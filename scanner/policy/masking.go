package policy

import (
	"path"
	"strings"
)

// ActionKind names a masking action. New kinds may be added in later
// releases; a version 1 file never changes meaning when they are.
type ActionKind string

// The masking actions of policy version 1.
const (
	ActionKeep     ActionKind = "keep"     // leave the value as it is
	ActionRedact   ActionKind = "redact"   // replace with Action.Text
	ActionPartial  ActionKind = "partial"  // keep the first/last characters, mask the rest
	ActionHash     ActionKind = "hash"     // a one-way digest of the value
	ActionTokenize ActionKind = "tokenize" // a deterministic token that can be mapped back with the key
	ActionEncrypt  ActionKind = "encrypt"  // reversible encryption with the job's key
	ActionDrop     ActionKind = "drop"     // remove the column or field from the output
	ActionNull     ActionKind = "null"     // write null (empty in CSV) instead of the value
)

// ActionKinds lists every action of this version, in documentation order.
var ActionKinds = []ActionKind{
	ActionKeep, ActionRedact, ActionPartial, ActionHash,
	ActionTokenize, ActionEncrypt, ActionDrop, ActionNull,
}

// actionParams says which parameter keys each action takes. Adding an action
// or a parameter is one entry here plus its check in parseAction.
var actionParams = map[ActionKind][]string{
	ActionRedact:  {"text"},
	ActionPartial: {"keep_first", "keep_last"},
	ActionHash:    {"length"},
}

// paramKeys is every parameter key of every action.
var paramKeys = []string{"text", "keep_first", "keep_last", "length"}

// Parameter defaults and bounds.
const (
	// DefaultRedactText is what redact writes when the rule gives no text.
	DefaultRedactText = "[{type}]"
	// TypePlaceholder in a redact text stands for the detected type, or
	// "REDACTED" when a column rule applies to a column nothing was
	// detected in.
	TypePlaceholder = "{type}"
	// MaxKeep bounds keep_first and keep_last.
	MaxKeep = 1024
	// MinHashLength and MaxHashLength bound hash's length: shorter digests
	// collide too often to join on, and 64 hex characters is the whole of a
	// 256-bit digest.
	MinHashLength = 8
	MaxHashLength = 64
)

// Action is what masking does to a value: a kind and the parameters that
// kind takes. Parse fills in every default, so a parsed Action is complete.
type Action struct {
	Kind      ActionKind
	Text      string // redact: the replacement; TypePlaceholder is replaced by the type
	KeepFirst int    // partial: characters kept at the start
	KeepLast  int    // partial: characters kept at the end
	Length    int    // hash: hex characters of the digest kept
}

// String renders the action the way a policy file would.
func (a Action) String() string { return string(a.Kind) }

// ColumnRule applies an action to every column (or JSON path) whose name
// matches, whatever was detected in it.
type ColumnRule struct {
	Match  string // a column name or a path.Match glob, compared case-insensitively
	Action Action
}

// Matches reports whether the rule applies to the named column.
func (r ColumnRule) Matches(column string) bool {
	ok, err := path.Match(strings.ToLower(r.Match), strings.ToLower(column))
	return ok && err == nil
}

// TypeRule applies an action to values of one detected type.
type TypeRule struct {
	Type   string // a built-in type or a custom identifier's id
	Action Action
}

// Masking is the masking part of a policy, used by `veil mask`.
//
// Precedence: the first column rule (in file order) whose Match fits the
// column decides for the whole column; otherwise each detected type uses its
// type rule, and types without one use DefaultAction, except types of
// sensitivity none, which are reported but left alone.
type Masking struct {
	DefaultAction Action
	Columns       []ColumnRule
	Types         []TypeRule
}

// ForColumn returns the first column rule matching the named column.
func (m *Masking) ForColumn(column string) (ColumnRule, bool) {
	for _, r := range m.Columns {
		if r.Matches(column) {
			return r, true
		}
	}
	return ColumnRule{}, false
}

// ForType returns the action for values of the given type: its type rule
// and true, or DefaultAction and false when no type rule names it (types of
// sensitivity none are then left alone).
func (m *Masking) ForType(typ string) (Action, bool) {
	for _, r := range m.Types {
		if r.Type == typ {
			return r.Action, true
		}
	}
	return m.DefaultAction, false
}
