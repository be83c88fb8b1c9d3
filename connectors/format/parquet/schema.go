package parquet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Metadata keys this package reads and writes.
const (
	// MetaType on an Arrow field holds the exact Parquet type of the column
	// (PHYSICAL[(len)][/LOGICAL[(params)]]) when it is not the one the
	// writer would choose for the Arrow type, such as INT96 timestamps or
	// ENUM strings, so that a Parquet-to-Parquet copy keeps it.
	MetaType = "veil.parquet.type"
	// MetaSchema on an Arrow schema holds the Parquet groups and
	// repetitions of a nested file (JSON), so that a copy restores them.
	MetaSchema = "veil.parquet.schema"
	// MetaRoot on an Arrow schema holds the name of the Parquet schema's
	// root (spark_schema, say) when it is not "schema".
	MetaRoot = "veil.parquet.root"
	// MetaFieldID on an Arrow field holds the Parquet field id, under the
	// key pyarrow and Iceberg use.
	MetaFieldID = "PARQUET:field_id"
	// metaArrowSchema is pyarrow's serialized Arrow schema, dropped on read
	// and never written: it would describe the input, not the output.
	metaArrowSchema = "ARROW:schema"
)

const maxSchemaDepth = 64

// pnode is one element of a Parquet schema tree.
type pnode struct {
	name     string
	rep      format.FieldRepetitionType
	id       int32
	annot    string // LIST or MAP for annotated groups
	elem     *format.SchemaElement
	children []*pnode
	leaf     int  // column index of a leaf, -1 for groups
	skip     bool // a list or map level left out of column names
}

func (n *pnode) isLeaf() bool { return n.leaf >= 0 }

func repOf(e *format.SchemaElement) format.FieldRepetitionType {
	if e.RepetitionType.Valid {
		return e.RepetitionType.V
	}
	return format.Required
}

// buildTree turns the flat schema element list of a file footer into a
// tree and returns it with its leaves in column order.
func buildTree(elems []format.SchemaElement) (*pnode, []*pnode, error) {
	if len(elems) == 0 {
		return nil, nil, fmt.Errorf("%w: empty schema", errBadSchema)
	}
	var leaves []*pnode
	pos := 0
	var walk func(depth int) (*pnode, error)
	walk = func(depth int) (*pnode, error) {
		if pos >= len(elems) {
			return nil, fmt.Errorf("%w: schema ends early", errBadSchema)
		}
		if depth > maxSchemaDepth {
			return nil, fmt.Errorf("%w: schema nests deeper than %d", errBadSchema, maxSchemaDepth)
		}
		e := &elems[pos]
		pos++
		n := &pnode{name: e.Name, rep: repOf(e), id: e.FieldID, elem: e, leaf: -1}
		if n.rep < format.Required || n.rep > format.Repeated {
			return nil, fmt.Errorf("%w: invalid repetition", errBadSchema)
		}
		if e.NumChildren.Valid && (e.NumChildren.V > 0 || !e.Type.Valid) {
			k := int(e.NumChildren.V)
			if k < 0 || k > len(elems)-pos {
				return nil, fmt.Errorf("%w: invalid child count", errBadSchema)
			}
			switch {
			case isListAnnot(e):
				n.annot = "LIST"
			case isMapAnnot(e):
				n.annot = "MAP"
			}
			for range k {
				c, err := walk(depth + 1)
				if err != nil {
					return nil, err
				}
				n.children = append(n.children, c)
			}
			return n, nil
		}
		if depth == 0 {
			return nil, fmt.Errorf("%w: the root is not a group", errBadSchema)
		}
		n.leaf = len(leaves)
		leaves = append(leaves, n)
		return n, nil
	}
	root, err := walk(0)
	if err != nil {
		return nil, nil, err
	}
	if pos != len(elems) {
		return nil, nil, fmt.Errorf("%w: %d schema elements outside the tree", errBadSchema, len(elems)-pos)
	}
	markSynthetic(root)
	return root, leaves, nil
}

func isListAnnot(e *format.SchemaElement) bool {
	if _, ok := e.LogicalType.Value.(*format.ListType); ok {
		return true
	}
	return e.ConvertedType.Valid && e.ConvertedType.V == deprecated.List
}

func isMapAnnot(e *format.SchemaElement) bool {
	if _, ok := e.LogicalType.Value.(*format.MapType); ok {
		return true
	}
	return e.ConvertedType.Valid && (e.ConvertedType.V == deprecated.Map || e.ConvertedType.V == deprecated.MapKeyValue)
}

// markSynthetic marks the levels of LIST and MAP structures that column
// names leave out, following the backward-compatibility rules of the
// Parquet spec (LogicalTypes.md, "Lists" and "Maps").
func markSynthetic(n *pnode) {
	for _, c := range n.children {
		markSynthetic(c)
	}
	if len(n.children) != 1 || n.children[0].rep != format.Repeated {
		return
	}
	c := n.children[0]
	switch n.annot {
	case "LIST":
		c.skip = true
		// A repeated group with one field is the list level wrapping the
		// element, unless it is named "array" or "<list>_tuple", in which
		// case it is itself a one-field struct element.
		if !c.isLeaf() && len(c.children) == 1 && c.name != "array" && c.name != n.name+"_tuple" {
			c.children[0].skip = true
		}
	case "MAP":
		if !c.isLeaf() {
			c.skip = true
		}
	}
}

// column is how one Parquet leaf column is read into one Arrow column.
type column struct {
	index  int
	path   []*pnode // from the root's child down to the leaf
	name   string
	lt     leafType
	maxDef int
	maxRep int
	// For repeated columns (maxRep > 0), read as list<value>:
	nullDef int // a row whose first level is below nullDef is a null list
	elemDef int // levels at or above elemDef are elements (null below maxDef)

	value arrow.DataType // the element type for lists
	field arrow.Field
}

func (c *column) repeated() bool { return c.maxRep > 0 }

// planColumns derives the Arrow column of every leaf.
func planColumns(root *pnode, leaves []*pnode) ([]*column, error) {
	cols := make([]*column, len(leaves))
	var path []*pnode
	var walk func(n *pnode) error
	walk = func(n *pnode) error {
		path = append(path, n)
		defer func() { path = path[:len(path)-1] }()
		if !n.isLeaf() {
			for _, c := range n.children {
				if err := walk(c); err != nil {
					return err
				}
			}
			return nil
		}
		c, err := planColumn(n.leaf, slices.Clone(path[1:]))
		if err != nil {
			return fmt.Errorf("column %s: %w", strings.Join(rawPath(path[1:]), "."), err)
		}
		cols[n.leaf] = c
		return nil
	}
	if err := walk(root); err != nil {
		return nil, err
	}
	// Column names must be unique: where leaving out list and map levels
	// makes two collide, those columns keep their full paths.
	seen := map[string]int{}
	for _, c := range cols {
		seen[c.name]++
	}
	used := map[string]bool{}
	for _, c := range cols {
		if seen[c.name] > 1 {
			c.name = strings.Join(rawPath(c.path), ".")
		}
		for base, k := c.name, 2; used[c.name]; k++ {
			c.name = base + "#" + strconv.Itoa(k)
		}
		used[c.name] = true
		c.field.Name = c.name
	}
	return cols, nil
}

func rawPath(path []*pnode) []string {
	s := make([]string, len(path))
	for i, n := range path {
		s[i] = n.name
	}
	return s
}

func planColumn(index int, path []*pnode) (*column, error) {
	leaf := path[len(path)-1]
	lt, err := leafTypeOf(leaf.elem)
	if err != nil {
		return nil, err
	}
	c := &column{index: index, path: path, lt: lt}
	var names []string
	named := leaf // the last node whose name is kept
	firstRep := -1
	for _, n := range path {
		if n.rep != format.Required {
			c.maxDef++
		}
		if n.rep == format.Repeated {
			c.maxRep++
			if firstRep < 0 {
				firstRep = c.maxDef
			}
			c.elemDef = c.maxDef
		}
		if !n.skip {
			names = append(names, n.name)
			named = n
		}
	}
	if c.maxDef > 255 || c.maxRep > 255 {
		return nil, fmt.Errorf("%w: too many levels", errBadSchema)
	}
	c.name = strings.Join(names, ".")
	if c.name == "" {
		c.name = strings.Join(rawPath(path), ".")
	}
	if c.value, err = lt.arrowType(); err != nil {
		return nil, err
	}
	md := map[string]string{}
	if named.id != 0 {
		md[MetaFieldID] = strconv.Itoa(int(named.id))
	}
	if def, err := defaultLeafType(c.value); err != nil || def != lt {
		md[MetaType] = lt.String()
	}
	c.field = arrow.Field{Name: c.name, Type: c.value, Nullable: c.maxDef > 0}
	if c.repeated() {
		c.nullDef = firstRep - 1
		elem := arrow.Field{Name: "element", Type: c.value, Nullable: c.maxDef > c.elemDef}
		c.field.Type = arrow.ListOfField(elem)
		c.field.Nullable = c.nullDef > 0
	}
	if len(md) > 0 {
		c.field.Metadata = arrow.MetadataFrom(md)
	}
	return c, nil
}

// arrowSchema is the Arrow schema of the columns, with the file's
// key/value metadata and, for a nested file, its tree (MetaSchema).
func arrowSchema(root *pnode, cols []*column, kv []format.KeyValue) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = c.field
	}
	md := map[string]string{}
	for _, e := range kv {
		if e.Key != metaArrowSchema {
			md[e.Key] = e.Value
		}
	}
	delete(md, MetaSchema)
	delete(md, MetaRoot)
	if root.name != "schema" {
		md[MetaRoot] = root.name
	}
	schema := arrow.NewSchema(fields, nil)
	// Keep the tree only when the writer would not build the same one from
	// the Arrow schema alone.
	tree, err := json.Marshal(treeOf(root, cols))
	if err != nil {
		return nil, err
	}
	canon, err := canonicalTree(schema)
	if err != nil {
		return nil, err
	}
	canon.Name = root.name // kept in MetaRoot
	if c, err := json.Marshal(canon); err != nil || !bytes.Equal(c, tree) {
		md[MetaSchema] = string(tree)
	}
	if len(md) == 0 {
		return schema, nil
	}
	keys := slices.Sorted(maps.Keys(md))
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = md[k]
	}
	m := arrow.NewMetadata(keys, vals)
	return arrow.NewSchema(fields, &m), nil
}

// treeNode is the JSON form of a Parquet schema tree in MetaSchema. Groups
// have Fields; leaves name the Arrow column (Col) that holds their values,
// whose type gives the leaf's type.
type treeNode struct {
	Name   string      `json:"name"`
	Rep    string      `json:"rep,omitempty"` // required (default), optional, repeated
	ID     int32       `json:"id,omitempty"`
	Annot  string      `json:"annot,omitempty"` // LIST or MAP
	Fields []*treeNode `json:"fields,omitempty"`
	Col    string      `json:"col,omitempty"`
}

func repName(r format.FieldRepetitionType) string {
	switch r {
	case format.Optional:
		return "optional"
	case format.Repeated:
		return "repeated"
	}
	return ""
}

func treeOf(n *pnode, cols []*column) *treeNode {
	t := &treeNode{Name: n.name, Rep: repName(n.rep), ID: n.id, Annot: n.annot}
	if n.isLeaf() {
		t.Col = cols[n.leaf].name
		return t
	}
	t.Fields = make([]*treeNode, len(n.children))
	for i, c := range n.children {
		t.Fields[i] = treeOf(c, cols)
	}
	return t
}
