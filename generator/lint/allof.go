package lint

import (
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// closedAllOf reports a schema whose allOf can never be satisfied, or whose
// properties can never be sent, because one schema of it says
// additionalProperties: false (model.ObjectPart.AllOfConflicts decides).
// The finding is at the allOf key (at additionalProperties for a closed
// schema that requires a property it does not declare).
func (l *linter) closedAllOf(file string, n *yaml.Node) {
	if get(n, "$ref") != nil {
		return // judged where it is written
	}
	if ap := get(n, "additionalProperties"); get(n, "allOf") == nil && (ap == nil || ap.Value != "false") {
		return // neither an allOf nor closed: nothing to judge
	}
	part := l.objectPart(file, n, map[*yaml.Node]*model.ObjectPart{})
	cs := part.AllOfConflicts()
	if len(cs) == 0 {
		return
	}
	k, _ := entry(n, "allOf")
	if k == nil {
		k, _ = entry(n, "additionalProperties")
	}
	l.add(file, k, "allof-closed", model.AllOfConflictHint, "%s", model.DescribeAllOfConflicts(cs))
}

// objectPart reads the object keywords of schema n ($ref followed) and of
// its allOf members.
func (l *linter) objectPart(file string, n *yaml.Node, memo map[*yaml.Node]*model.ObjectPart) *model.ObjectPart {
	f, r := l.resolve(file, n)
	if r == nil || r.Kind != yaml.MappingNode {
		return &model.ObjectPart{} // nothing known: claims nothing
	}
	if p, ok := memo[r]; ok {
		return p
	}
	p := &model.ObjectPart{Origin: model.Position{File: f, Line: r.Line, Col: r.Column}}
	if d := l.docs[f]; d != nil {
		// A component is named, and placed at its name as the loaded
		// document places it.
		for _, under := range []*yaml.Node{get(get(d.root, "components"), "schemas"), get(d.root, "definitions")} {
			pairs(under, func(k, v *yaml.Node) {
				if v == r {
					p.Name, p.Origin.Line, p.Origin.Col = k.Value, k.Line, k.Column
				}
			})
		}
	}
	memo[r] = p
	if ap := get(r, "additionalProperties"); ap != nil && ap.Kind == yaml.ScalarNode && ap.Value == "false" {
		p.Closed = true
	}
	pairs(get(r, "properties"), func(k, _ *yaml.Node) { p.Declared = append(p.Declared, k.Value) })
	pairs(get(r, "patternProperties"), func(k, _ *yaml.Node) { p.Patterns = append(p.Patterns, k.Value) })
	if req := get(r, "required"); req != nil && req.Kind == yaml.SequenceNode {
		for _, c := range req.Content {
			if c.Kind == yaml.ScalarNode {
				p.Required = append(p.Required, c.Value)
			}
		}
	}
	if all := get(r, "allOf"); all != nil && all.Kind == yaml.SequenceNode {
		for _, c := range all.Content {
			p.AllOf = append(p.AllOf, l.objectPart(f, c, memo))
		}
	}
	return p
}
