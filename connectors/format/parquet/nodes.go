package parquet

import (
	"reflect"
	"strings"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// group is a Parquet group node whose fields keep the order they were
// given in (parquet-go's own Group is a map and sorts its fields by name).
// typ carries the group's annotation: none, LIST or MAP.
type group struct {
	fields []pq.Field
	typ    pq.Type
}

var (
	plainGroupType = pq.Group{}.Type()
	listGroupType  = pq.List(pq.Leaf(pq.Int32Type)).Type()
	mapGroupType   = pq.Map(pq.String(), pq.String()).Type()
)

func newGroup(annot string) *group {
	g := &group{typ: plainGroupType}
	switch annot {
	case "LIST":
		g.typ = listGroupType
	case "MAP":
		g.typ = mapGroupType
	}
	return g
}

func (g *group) add(name string, n pq.Node) { g.fields = append(g.fields, &field{Node: n, name: name}) }

func (g *group) ID() int                     { return 0 }
func (g *group) Type() pq.Type               { return g.typ }
func (g *group) Optional() bool              { return false }
func (g *group) Repeated() bool              { return false }
func (g *group) Required() bool              { return true }
func (g *group) Leaf() bool                  { return false }
func (g *group) Fields() []pq.Field          { return g.fields }
func (g *group) Encoding() encoding.Encoding { return nil }
func (g *group) Compression() compress.Codec { return nil }
func (g *group) GoType() reflect.Type        { return g.mapGroup().GoType() }
func (g *group) mapGroup() pq.Group {
	m := pq.Group{}
	for _, f := range g.fields {
		m[f.Name()] = f
	}
	return m
}

func (g *group) String() string {
	var b strings.Builder
	b.WriteString("group {")
	for i, f := range g.fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Name())
	}
	b.WriteString("}")
	return b.String()
}

// field names a node within its group.
type field struct {
	pq.Node
	name string
}

func (f *field) Name() string { return f.name }

func (f *field) Value(base reflect.Value) reflect.Value {
	return base.FieldByName(f.name)
}

// withRep wraps n in the repetition given ("optional", "repeated", or
// required otherwise) and the field id, if any.
func withRep(n pq.Node, rep string, id int) pq.Node {
	switch rep {
	case "optional":
		n = pq.Optional(n)
	case "repeated":
		n = pq.Repeated(n)
	default:
		n = pq.Required(n)
	}
	if id != 0 {
		n = pq.FieldID(n, id)
	}
	return n
}
