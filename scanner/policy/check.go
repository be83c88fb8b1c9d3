package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/veil-data/veil/detectors"
)

// The keys each mapping of the schema takes. knownKeys maps every key to
// where it belongs, so a key written at the wrong level gets pointed home.
var (
	topKeys       = []string{"version", "detection", "masking"}
	detectionKeys = []string{"min_confidence", "drop_examples", "disabled", "allow", "custom"}
	allowKeys     = []string{"values", "patterns"}
	customKeys    = []string{"id", "pattern", "keywords", "max_distance", "ignore_words", "sensitivity"}
	maskingKeys   = []string{"default_action", "columns", "types"}
	actionKeys    = append([]string{"action"}, paramKeys...)
	columnKeys    = append([]string{"match"}, actionKeys...)
	typeKeys      = append([]string{"type"}, actionKeys...)

	knownKeys = func() map[string]string {
		m := map[string]string{}
		add := func(where string, keys []string) {
			for _, k := range keys {
				if _, ok := m[k]; !ok {
					m[k] = where + k
				}
			}
		}
		add("", topKeys)
		add("detection.", detectionKeys)
		add("detection.allow.", allowKeys)
		add("detection.custom[].", customKeys)
		add("masking.", maskingKeys)
		add("masking.columns[].", columnKeys)
		add("masking.types[].", typeKeys)
		return m
	}()
)

var customIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$`)

// maxCustomID bounds custom ids; they travel in reports, metrics and tokens.
const maxCustomID = 64

// maxVisits bounds how many nodes a check looks at, aliases expanded, so a
// small file of nested aliases cannot make it run for minutes.
const maxVisits = 200_000

type checker struct {
	probs    []Problem
	builtins []string
	isBuilt  map[string]bool
	visits   int
	tooBig   bool
}

func newChecker(builtinIDs []string) *checker {
	c := &checker{builtins: builtinIDs, isBuilt: map[string]bool{}}
	for _, id := range builtinIDs {
		c.isBuilt[id] = true
	}
	return c
}

func (c *checker) addf(n *yaml.Node, path, format string, args ...any) {
	if c.tooBig {
		return // what follows the budget running out is noise
	}
	p := Problem{Path: path, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	c.probs = append(c.probs, p)
}

// resolve follows an alias to the node it names and counts the visit.
func (c *checker) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	c.visits++
	if c.visits > maxVisits && !c.tooBig {
		c.addf(nil, "", "the policy is too large once its aliases are expanded (more than %d nodes)", maxVisits)
		c.tooBig = true
	}
	if n == nil || n.Kind == yaml.AliasNode || c.tooBig {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty"
		case "!!str":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		}
		return "a value tagged " + short(n.Tag)
	}
	return "a YAML document"
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntax turns a YAML library error into a problem.
func (c *checker) syntax(err error) {
	msg := err.Error()
	p := Problem{Line: 1, Message: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Message = "YAML: " + m[2]
		// For an unclosed flow collection the YAML library gives the
		// 0-based line of its '[' or '{', one before the line a reader
		// counts; its other messages are 1-based.
		if strings.HasPrefix(m[2], "did not find expected ',' or") {
			p.Line++
		}
	}
	c.probs = append(c.probs, p)
}

// check parses data and checks it against the version 1 schema. It returns
// the policy built from what was valid; callers use it only when c.probs is
// empty.
func (c *checker) check(data []byte) *Policy {
	p := Default()
	if len(data) > MaxSize {
		c.addf(nil, "", "the policy is larger than %d bytes", MaxSize)
		return p
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			c.addf(nil, "", "the policy is empty; it needs at least \"version: %d\"", Version)
		} else {
			c.syntax(err)
		}
		return p
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		c.addf(&extra, "", "a second YAML document; a policy is one document (remove the \"---\")")
	} else if !errors.Is(err, io.EOF) {
		c.syntax(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		c.addf(&doc, "", "the policy is empty; it needs at least \"version: %d\"", Version)
		return p
	}
	root := c.resolve(doc.Content[0])
	if isNull(root) {
		c.addf(root, "", "the policy is empty; it needs at least \"version: %d\"", Version)
		return p
	}
	if n, at, ok := otherVersion(root); ok {
		// Another version's schema is unknown here: checking the file
		// against version 1 would only add noise.
		c.addf(at, "version", "unsupported version %d; this Veil reads version %d", n, Version)
		return p
	}
	top, ok := c.mapping(root, "", topKeys)
	if !ok {
		return p
	}
	if v, ok := top["version"]; !ok {
		c.addf(root, "version", "missing; a policy starts with \"version: %d\"", Version)
	} else {
		c.integer(v)
	}
	if f, ok := top["detection"]; ok {
		c.detection(f, &p.Detection)
	}
	customIDs := map[string]bool{}
	for _, cu := range p.Detection.Custom {
		customIDs[cu.ID] = true
	}
	if f, ok := top["masking"]; ok {
		c.masking(f, &p.Masking, &p.Detection, customIDs)
	}
	return p
}

// otherVersion reports a top-level version that is a whole number other
// than Version, and where it is.
func otherVersion(root *yaml.Node) (int64, *yaml.Node, bool) {
	if root.Kind != yaml.MappingNode {
		return 0, nil, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value != "version" || v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" {
			continue
		}
		var n int64
		if err := v.Decode(&n); err == nil && n != Version {
			return n, v, true
		}
	}
	return 0, nil, false
}

// pair is one key of a mapping with its value, both unresolved so problems
// point where the user wrote them.
type pair struct {
	key, val *yaml.Node
	path     string
}

// mapping checks that n is a mapping with only known keys, none repeated.
// An empty (null) node is an empty mapping.
func (c *checker) mapping(n *yaml.Node, path string, known []string) (map[string]pair, bool) {
	out := map[string]pair{}
	if isNull(n) {
		return out, true
	}
	if n.Kind != yaml.MappingNode {
		c.addf(n, path, "must be a mapping (key: value lines), not %s", describe(n))
		return out, false
	}
	for i := 0; i+1 < len(n.Content) && !c.tooBig; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		rk := c.resolve(k)
		if rk.Kind != yaml.ScalarNode || isNull(rk) {
			c.addf(k, path, "keys must be plain names, not %s", describe(rk))
			continue
		}
		name := rk.Value
		kp := join(path, short(name))
		if rk.ShortTag() == "!!merge" {
			c.addf(k, path, "merge keys (<<) are not supported; write the keys out")
			continue
		}
		if prev, dup := out[name]; dup {
			c.addf(k, kp, "repeated key (first at line %d)", prev.key.Line)
			continue
		}
		if !slices.Contains(known, name) {
			c.addf(k, kp, "unknown key%s", c.keyHint(name, path, known))
			continue
		}
		out[name] = pair{key: k, val: v, path: kp}
	}
	return out, true
}

// keyHint suggests a key of this mapping, or the place a key belongs when
// it was written at the wrong level.
func (c *checker) keyHint(name, path string, known []string) string {
	if s := suggest(name, known); s != "" {
		return didYouMean(s)
	}
	if where, ok := knownKeys[name]; ok {
		return fmt.Sprintf("; %s belongs in %s", name, where)
	}
	all := make([]string, 0, len(knownKeys))
	for k := range knownKeys {
		all = append(all, k)
	}
	slices.Sort(all)
	if s := suggest(name, all); s != "" {
		return fmt.Sprintf("; did you mean %s (in %s)?", s, knownKeys[s])
	}
	return fmt.Sprintf(" (known keys here: %s)", strings.Join(known, ", "))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// str reads a scalar as text. Numbers and booleans count: an allow-listed
// value or a keyword may well look like one.
func (c *checker) str(f pair) (string, bool) {
	return c.strNode(f.val, f.path)
}

func (c *checker) strNode(n *yaml.Node, path string) (string, bool) {
	r := c.resolve(n)
	if r.Kind == yaml.ScalarNode {
		switch r.ShortTag() {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
			return r.Value, true
		case "!!null":
			c.addf(n, path, "needs a value (or remove the key)")
			return "", false
		}
	}
	c.addf(n, path, "must be a string, not %s", describe(r))
	return "", false
}

func (c *checker) integer(f pair) (int, bool) {
	path := f.path
	r := c.resolve(f.val)
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!int" {
		var v int64
		if err := r.Decode(&v); err == nil && v >= -1<<31 && v < 1<<31 {
			return int(v), true
		}
		c.addf(f.val, path, "number out of range")
		return 0, false
	}
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!null" {
		c.addf(f.val, path, "needs a value (or remove the key)")
		return 0, false
	}
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!float" {
		c.addf(f.val, path, "must be a whole number, not %s", short(r.Value))
		return 0, false
	}
	c.addf(f.val, path, "must be a whole number, not %s", describe(r))
	return 0, false
}

// bounded reads an integer in [lo, hi].
func (c *checker) bounded(f pair, lo, hi int) (int, bool) {
	v, ok := c.integer(f)
	if !ok {
		return 0, false
	}
	if v < lo || v > hi {
		if v < 0 {
			c.addf(f.val, f.path, "must not be negative (%d); use %d to %d", v, lo, hi)
		} else {
			c.addf(f.val, f.path, "%d is out of range; use %d to %d", v, lo, hi)
		}
		return 0, false
	}
	return v, true
}

func (c *checker) boolean(f pair) (bool, bool) {
	r := c.resolve(f.val)
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!bool" {
		var v bool
		if err := r.Decode(&v); err == nil {
			return v, true
		}
	}
	c.addf(f.val, f.path, "must be true or false, not %s", describe(r))
	return false, false
}

// item is one list element that read as a string.
type item struct {
	s    string
	node *yaml.Node
	path string
}

// strList reads a list of strings, reporting each element that is not a
// string or is blank. what names the elements, in the plural.
func (c *checker) strList(f pair, what string) []item {
	r := c.resolve(f.val)
	if isNull(r) {
		return nil
	}
	if r.Kind != yaml.SequenceNode {
		c.addf(f.val, f.path, "must be a list of %s, such as [a, b], not %s", what, describe(r))
		return nil
	}
	var out []item
	for i, e := range r.Content {
		if c.tooBig {
			break
		}
		p := index(f.path, i)
		s, ok := c.strNode(e, p)
		if !ok {
			continue
		}
		if strings.TrimSpace(s) == "" {
			c.addf(e, p, "empty %s", strings.TrimSuffix(what, "s"))
			continue
		}
		out = append(out, item{s: s, node: e, path: p})
	}
	return out
}

// seq reads a list of mappings.
func (c *checker) seq(f pair) []*yaml.Node {
	r := c.resolve(f.val)
	if isNull(r) {
		return nil
	}
	if r.Kind != yaml.SequenceNode {
		c.addf(f.val, f.path, "must be a list (lines starting with \"- \"), not %s", describe(r))
		return nil
	}
	return r.Content
}

// more reports whether the checks may go on: false once the node budget
// is spent.
func (c *checker) more() bool {
	return !c.tooBig
}

func (c *checker) detection(f pair, d *Detection) {
	m, ok := c.mapping(c.resolve(f.val), f.path, detectionKeys)
	if !ok {
		return
	}
	if v, ok := m["min_confidence"]; ok {
		if s, ok := c.str(v); ok {
			l, err := detectors.ParseLikelihood(s)
			if err != nil || l == 0 {
				c.addf(v.val, v.path, "unknown confidence level %s%s (want one of %s)", q(s),
					didYouMean(suggest(s, likelihoods())), strings.Join(likelihoods(), ", "))
			} else {
				d.MinConfidence = l
			}
		}
	}
	if v, ok := m["drop_examples"]; ok {
		if b, ok := c.boolean(v); ok {
			d.DropExamples = b
		}
	}
	if v, ok := m["disabled"]; ok {
		seen := map[string]int{}
		for _, it := range c.strList(v, "type names") {
			if line, dup := seen[it.s]; dup {
				c.addf(it.node, it.path, "%s listed twice (first at line %d)", short(it.s), line)
				continue
			}
			seen[it.s] = it.node.Line
			if !c.isBuilt[it.s] {
				c.addf(it.node, it.path, "unknown built-in type %s%s", q(it.s), didYouMean(suggest(it.s, c.builtins)))
				continue
			}
			d.Disabled = append(d.Disabled, it.s)
		}
	}
	if v, ok := m["allow"]; ok {
		c.allow(v, &d.Allow)
	}
	if v, ok := m["custom"]; ok {
		c.customs(v, d)
	}
}

func likelihoods() []string {
	var out []string
	for l := detectors.VeryUnlikely; l <= detectors.VeryLikely; l++ {
		out = append(out, l.String())
	}
	return out
}

func sensitivities() []string {
	var out []string
	for s := detectors.SensitivityNone; s <= detectors.SensitivityHigh; s++ {
		out = append(out, s.String())
	}
	return out
}

func (c *checker) allow(f pair, a *Allow) {
	m, ok := c.mapping(c.resolve(f.val), f.path, allowKeys)
	if !ok {
		return
	}
	if v, ok := m["values"]; ok {
		for _, it := range c.strList(v, "values") {
			a.Values = append(a.Values, it.s)
		}
	}
	if v, ok := m["patterns"]; ok {
		for _, it := range c.strList(v, "patterns") {
			re, err := CompileWhole(it.s)
			if err != nil {
				c.addf(it.node, it.path, "invalid regular expression: %s", regexpError(err))
				continue
			}
			if re.MatchString("") {
				c.addf(it.node, it.path, "matches the empty text, so it would allow far more than intended; tighten it (+ instead of *, say)")
				continue
			}
			a.Patterns = append(a.Patterns, it.s)
		}
	}
}

// regexpError drops the package prefix of a regexp error and shortens the
// part of the pattern it quotes.
func regexpError(err error) string {
	var re *syntax.Error
	if errors.As(err, &re) {
		return re.Code.String() + ": `" + short(re.Expr) + "`"
	}
	return short(strings.TrimPrefix(err.Error(), "error parsing regexp: "))
}

// maxQuote bounds how much of a user's string a message repeats.
const maxQuote = 64

// short cuts s to maxQuote bytes (on a rune boundary) and marks the cut.
func short(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	n := maxQuote
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// q quotes a user's string for a message, shortened.
func q(s string) string { return strconv.Quote(short(s)) }

func (c *checker) customs(f pair, d *Detection) {
	firstLine := map[string]int{}
	for i, n := range c.seq(f) {
		if !c.more() {
			break
		}
		path := index(f.path, i)
		r := c.resolve(n)
		m, ok := c.mapping(r, path, customKeys)
		if !ok {
			continue
		}
		if isNull(r) {
			c.addf(n, path, "empty custom identifier; it needs an id and a pattern")
			continue
		}
		cu := Custom{MaxDistance: DefaultMaxDistance, Sensitivity: DefaultSensitivity}
		if v, ok := m["id"]; !ok {
			c.addf(n, join(path, "id"), "missing; every custom identifier needs an id such as EMPLOYEE_ID")
		} else if s, ok := c.str(v); ok {
			cu.ID = s
			c.customID(v, s, firstLine)
		}
		if v, ok := m["pattern"]; !ok {
			c.addf(n, join(path, "pattern"), "missing; every custom identifier needs a regular expression")
		} else if s, ok := c.str(v); ok && c.customPattern(v, s) {
			cu.Pattern = s
		}
		if v, ok := m["keywords"]; ok {
			for _, it := range c.strList(v, "keywords") {
				cu.Keywords = append(cu.Keywords, it.s)
			}
		}
		if v, ok := m["max_distance"]; ok {
			if n, ok := c.bounded(v, 1, MaxMaxDistance); ok {
				cu.MaxDistance = n
				if len(cu.Keywords) == 0 {
					c.addf(v.key, v.path, "has no effect without keywords")
				}
			}
		}
		if v, ok := m["ignore_words"]; ok {
			for _, it := range c.strList(v, "ignore words") {
				cu.IgnoreWords = append(cu.IgnoreWords, it.s)
			}
		}
		if v, ok := m["sensitivity"]; ok {
			if s, ok := c.str(v); ok {
				sv, err := detectors.ParseSensitivity(s)
				if err != nil {
					c.addf(v.val, v.path, "unknown sensitivity %s%s (want one of %s)", q(s),
						didYouMean(suggest(s, sensitivities())), strings.Join(sensitivities(), ", "))
				} else {
					cu.Sensitivity = sv
				}
			}
		}
		if cu.ID != "" {
			// Kept even when invalid, so that masking.types can refer to
			// it without a second, misleading problem; a policy with
			// problems is never returned.
			d.Custom = append(d.Custom, cu)
		}
	}
}

func (c *checker) customID(v pair, s string, firstLine map[string]int) {
	switch {
	case len(s) > maxCustomID:
		c.addf(v.val, v.path, "longer than %d characters", maxCustomID)
	case !customIDPattern.MatchString(s):
		c.addf(v.val, v.path, "%s is not UPPER_SNAKE_CASE (letters A-Z, digits and single underscores, starting with a letter)%s",
			q(s), didYouMean(upperSnake(s)))
	case c.isBuilt[s]:
		c.addf(v.val, v.path, "%s is a built-in type; give the custom identifier another id", s)
	}
	if line, dup := firstLine[s]; dup {
		c.addf(v.val, v.path, "%s is defined twice (first at line %d)", short(s), line)
	} else {
		firstLine[s] = v.val.Line
	}
}

func (c *checker) customPattern(v pair, s string) bool {
	if s == "" {
		c.addf(v.val, v.path, "empty pattern")
		return false
	}
	if _, err := regexp.Compile(s); err != nil {
		c.addf(v.val, v.path, "invalid regular expression: %s", regexpError(err))
		return false
	}
	return true
}

// upperSnake suggests an UPPER_SNAKE spelling of s, or "".
func upperSnake(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '_' || r == '-' || r == ' ' || r == '.':
			b.WriteByte('_')
		default:
			return ""
		}
	}
	u := b.String()
	for strings.Contains(u, "__") {
		u = strings.ReplaceAll(u, "__", "_")
	}
	u = strings.Trim(u, "_")
	if u == s || !customIDPattern.MatchString(u) {
		return ""
	}
	return u
}

func (c *checker) masking(f pair, mk *Masking, d *Detection, customIDs map[string]bool) {
	m, ok := c.mapping(c.resolve(f.val), f.path, maskingKeys)
	if !ok {
		return
	}
	if v, ok := m["default_action"]; ok {
		r := c.resolve(v.val)
		if r.Kind == yaml.MappingNode {
			if am, ok := c.mapping(r, v.path, actionKeys); ok {
				if a, ok := c.action(am, v.val, v.path); ok {
					mk.DefaultAction = a
				}
			}
		} else {
			// The short form: default_action: tokenize.
			am := map[string]pair{"action": {key: v.key, val: v.val, path: v.path}}
			if a, ok := c.action(am, v.val, v.path); ok {
				mk.DefaultAction = a
			}
		}
	}
	if v, ok := m["columns"]; ok {
		firstLine := map[string]int{}
		for i, n := range c.seq(v) {
			if !c.more() {
				break
			}
			path := index(v.path, i)
			cm, ok := c.mapping(c.resolve(n), path, columnKeys)
			if !ok {
				continue
			}
			rule := ColumnRule{}
			valid := true
			if mv, ok := cm["match"]; !ok {
				c.addf(n, join(path, "match"), "missing; a column rule needs a column name or glob to match")
				valid = false
			} else if s, ok := c.str(mv); !ok {
				valid = false
			} else if strings.TrimSpace(s) == "" {
				c.addf(mv.val, mv.path, "empty column name")
				valid = false
			} else if _, err := pathMatch(s); err != nil {
				c.addf(mv.val, mv.path, "bad glob %s: %v", q(s), err)
				valid = false
			} else if line, dup := firstLine[strings.ToLower(s)]; dup {
				c.addf(mv.val, mv.path, "%s is matched by an earlier rule (line %d), so this one never applies", q(s), line)
				valid = false
			} else {
				firstLine[strings.ToLower(s)] = mv.val.Line
				rule.Match = s
			}
			a, ok := c.action(cm, n, path)
			if ok && valid {
				rule.Action = a
				mk.Columns = append(mk.Columns, rule)
			}
		}
	}
	if v, ok := m["types"]; ok {
		firstLine := map[string]int{}
		for i, n := range c.seq(v) {
			if !c.more() {
				break
			}
			path := index(v.path, i)
			tm, ok := c.mapping(c.resolve(n), path, typeKeys)
			if !ok {
				continue
			}
			rule := TypeRule{}
			valid := true
			if tv, ok := tm["type"]; !ok {
				c.addf(n, join(path, "type"), "missing; a type rule needs a built-in type or custom id")
				valid = false
			} else if s, ok := c.str(tv); !ok {
				valid = false
			} else if !c.isBuilt[s] && !customIDs[s] {
				known := append(slices.Clone(c.builtins), mapKeys(customIDs)...)
				c.addf(tv.val, tv.path, "unknown type %s%s", q(s), didYouMean(suggest(s, known)))
				valid = false
			} else if slices.Contains(d.Disabled, s) {
				c.addf(tv.val, tv.path, "%s is switched off in detection.disabled, so this rule never applies", s)
				valid = false
			} else if line, dup := firstLine[s]; dup {
				c.addf(tv.val, tv.path, "%s has a rule already (line %d)", short(s), line)
				valid = false
			} else {
				firstLine[s] = tv.val.Line
				rule.Type = s
			}
			a, ok := c.action(tm, n, path)
			if ok && valid {
				rule.Action = a
				mk.Types = append(mk.Types, rule)
			}
		}
	}
}

// pathMatch checks a glob the way ColumnRule.Matches will use it.
func pathMatch(glob string) (bool, error) {
	return path.Match(strings.ToLower(glob), "")
}

func mapKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func actionNames() []string {
	out := make([]string, len(ActionKinds))
	for i, k := range ActionKinds {
		out[i] = string(k)
	}
	return out
}

// action reads an action and its parameters from the keys of a rule. at
// is where to report a missing action.
func (c *checker) action(m map[string]pair, at *yaml.Node, path string) (Action, bool) {
	v, ok := m["action"]
	if !ok {
		c.addf(at, join(path, "action"), "missing; one of %s", strings.Join(actionNames(), ", "))
		return Action{}, false
	}
	s, ok := c.str(v)
	if !ok {
		return Action{}, false
	}
	kind := ActionKind(s)
	if !slices.Contains(ActionKinds, kind) {
		c.addf(v.val, v.path, "unknown action %s%s (want one of %s)", q(s),
			didYouMean(suggest(s, actionNames())), strings.Join(actionNames(), ", "))
		return Action{}, false
	}
	a := Action{Kind: kind}
	valid := true
	for _, k := range paramKeys {
		p, ok := m[k]
		if !ok || slices.Contains(actionParams[kind], k) {
			continue
		}
		var owners []string
		for _, o := range ActionKinds {
			if slices.Contains(actionParams[o], k) {
				owners = append(owners, string(o))
			}
		}
		c.addf(p.key, p.path, "applies only to action %s, not %s", strings.Join(owners, ", "), kind)
		valid = false
	}
	switch kind {
	case ActionRedact:
		a.Text = DefaultRedactText
		if p, ok := m["text"]; ok {
			if t, ok := c.str(p); ok {
				a.Text = t
			} else {
				valid = false
			}
		}
	case ActionPartial:
		pf, hasF := m["keep_first"]
		pl, hasL := m["keep_last"]
		if !hasF && !hasL {
			c.addf(at, path, "partial needs keep_first, keep_last or both")
			valid = false
		}
		if hasF {
			n, ok := c.bounded(pf, 0, MaxKeep)
			a.KeepFirst, valid = n, valid && ok
		}
		if hasL {
			n, ok := c.bounded(pl, 0, MaxKeep)
			a.KeepLast, valid = n, valid && ok
		}
	case ActionHash:
		a.Length = MaxHashLength
		if p, ok := m["length"]; ok {
			n, ok := c.bounded(p, MinHashLength, MaxHashLength)
			a.Length, valid = n, valid && ok
		}
	}
	return a, valid
}
