package model

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// ObjectPart is what the closed-allOf rule needs to know of one schema: its
// object keywords and its allOf members. lint builds it from the YAML, the
// contract tests from the loaded document, so both judge by one rule
// (AllOfConflicts) and say it in the same words.
type ObjectPart struct {
	Name     string   // the component's name; "" for an inline schema
	Origin   Position // where the schema is written
	Closed   bool     // additionalProperties: false
	Declared []string // the names under properties
	Patterns []string // the patternProperties keys (OpenAPI 3.1)
	Required []string
	AllOf    []*ObjectPart
}

// AllOfConflict is a property that one schema of an allOf forbids (it says
// additionalProperties: false and does not declare it) while another
// schema of the same allOf requires or declares it. JSON Schema judges
// additionalProperties by the properties of its own schema only, never by
// its allOf siblings', so a required property makes every value invalid,
// and a declared one can never be sent.
type AllOfConflict struct {
	Closed   *ObjectPart // the schema with additionalProperties: false
	Other    *ObjectPart // the schema that requires or declares Property
	Property string
	Required bool // Other requires it: no value satisfies the allOf
}

// AllOfConflicts returns the conflicts among p and the schemas of its allOf,
// nested allOfs included, sorted by property. A conflict between two
// schemas inside one member's own allOf belongs to that member and is left
// out (it is found when that member is judged). p closed and requiring a
// property it does not declare conflicts with itself.
func (p *ObjectPart) AllOfConflicts() []AllOfConflict {
	member := map[*ObjectPart]int{p: -1} // which member of p a part came from; -1: p itself
	parts := []*ObjectPart{p}
	var add func(x *ObjectPart, i int)
	add = func(x *ObjectPart, i int) {
		if _, ok := member[x]; ok || x == nil {
			return
		}
		member[x] = i
		parts = append(parts, x)
		for _, m := range x.AllOf {
			add(m, i)
		}
	}
	for i, m := range p.AllOf {
		add(m, i)
	}
	var out []AllOfConflict
	for _, c := range parts {
		if !c.Closed {
			continue
		}
		found := map[string]int{} // property -> index in out
		for _, o := range parts {
			if o == c && c != p || o != c && member[o] >= 0 && member[o] == member[c] {
				continue // judged with the member they belong to
			}
			names := append(append([]string(nil), o.Required...), o.Declared...)
			for _, name := range names {
				if c.permits(name) {
					continue
				}
				req := slices.Contains(o.Required, name)
				if i, ok := found[name]; ok {
					if req && !out[i].Required {
						out[i].Other, out[i].Required = o, true
					}
					continue
				}
				found[name] = len(out)
				out = append(out, AllOfConflict{Closed: c, Other: o, Property: name, Required: req})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Property < out[j].Property })
	return out
}

// permits reports whether a closed schema allows a property of this name.
func (p *ObjectPart) permits(name string) bool {
	if slices.Contains(p.Declared, name) {
		return true
	}
	for _, pat := range p.Patterns {
		re, err := regexp.Compile(pat)
		if err != nil || re.MatchString(name) {
			return true // a pattern Go cannot read may match: no claim
		}
	}
	return false
}

// Label names a part: its component name and where it is written.
func (p *ObjectPart) Label() string {
	pos := p.Origin.Short()
	switch {
	case p.Name != "" && pos != "":
		return p.Name + " (" + pos + ")"
	case p.Name != "":
		return p.Name
	case pos != "":
		return "the schema at " + pos
	}
	return "an inline schema"
}

// DescribeAllOfConflicts says what is wrong in one sentence per closed
// schema, naming the schemas and properties; "" when cs is empty. lint's
// finding and the contract tests' report read the same words.
func DescribeAllOfConflicts(cs []AllOfConflict) string {
	type group struct {
		closed        *ObjectPart
		req, declared []string
		others        []*ObjectPart
	}
	var groups []*group
	for _, c := range cs {
		var g *group
		for _, x := range groups {
			if x.closed == c.Closed {
				g = x
			}
		}
		if g == nil {
			g = &group{closed: c.Closed}
			groups = append(groups, g)
		}
		if c.Required {
			g.req = append(g.req, c.Property)
		} else {
			g.declared = append(g.declared, c.Property)
		}
		if !slices.Contains(g.others, c.Other) {
			g.others = append(g.others, c.Other)
		}
	}
	var parts []string
	for _, g := range groups {
		var others []string
		for _, o := range g.others {
			if o == g.closed {
				others = append(others, "itself")
			} else {
				others = append(others, o.Label())
			}
		}
		msg := fmt.Sprintf("%s says additionalProperties: false, so it forbids every property it does not declare itself (its allOf siblings' too)", g.closed.Label())
		if len(g.req) > 0 {
			msg += fmt.Sprintf(": %s, required by %s, can never be present, so no value is valid", quoteList(g.req), strings.Join(others, " and "))
		}
		if len(g.declared) > 0 {
			sep := ": "
			if len(g.req) > 0 {
				sep = "; "
			}
			msg += fmt.Sprintf("%s%s, declared by %s, can never be sent", sep, quoteList(g.declared), strings.Join(others, " and "))
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, ". ")
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// AllOfConflictHint is how to fix a closed allOf member.
const AllOfConflictHint = "list every property in one schema with additionalProperties: false (or leave additionalProperties out of the allOf member); in OpenAPI 3.1 put unevaluatedProperties: false beside the allOf instead"
