package model

import (
	"strings"
	"testing"
)

// TestAllOfConflicts: a closed allOf member forbids what its siblings
// require (no value valid) or declare (never sent); its own declared
// properties, a pattern that matches, and conflicts inside one member's own
// allOf (judged with that member) are not this allOf's conflicts.
func TestAllOfConflicts(t *testing.T) {
	closed := &ObjectPart{Name: "NewProduct", Origin: Position{File: "/x/shop.yaml", Line: 315, Col: 5}, Closed: true,
		Declared: []string{"name", "sku"}, Required: []string{"sku"}}
	extra := &ObjectPart{Origin: Position{File: "/x/shop.yaml", Line: 339, Col: 11}, Declared: []string{"createdAt", "id", "note", "sku"}, Required: []string{"id", "createdAt"}}
	product := &ObjectPart{Name: "Product", AllOf: []*ObjectPart{closed, extra}}
	got := product.AllOfConflicts()
	var summary []string
	for _, c := range got {
		if c.Closed != closed {
			t.Errorf("%s: the closed schema is %+v, want NewProduct", c.Property, c.Closed)
		}
		summary = append(summary, c.Property+map[bool]string{true: "!", false: "?"}[c.Required])
	}
	if strings.Join(summary, " ") != "createdAt! id! note?" {
		t.Errorf("conflicts %v, want createdAt and id required, note declared", summary)
	}
	msg := DescribeAllOfConflicts(got)
	for _, want := range []string{"NewProduct (shop.yaml:315:5) says additionalProperties: false", `"createdAt", "id", required by the schema at shop.yaml:339:11, can never be present, so no value is valid`, `"note", declared by the schema at shop.yaml:339:11, can never be sent`} {
		if !strings.Contains(msg, want) {
			t.Errorf("description %q lacks %q", msg, want)
		}
	}

	// A pattern of the closed schema that matches the name permits it.
	withPattern := &ObjectPart{Closed: true, Patterns: []string{"^(id|createdAt|note|sku)$"}}
	if cs := (&ObjectPart{AllOf: []*ObjectPart{withPattern, extra}}).AllOfConflicts(); len(cs) != 0 {
		t.Errorf("patternProperties matching every name: conflicts %+v", cs)
	}
	// The closed schema itself, beside its allOf: its members' properties
	// are not its own.
	self := &ObjectPart{Closed: true, Declared: []string{"sku"}, AllOf: []*ObjectPart{{Required: []string{"id"}}}}
	if cs := self.AllOfConflicts(); len(cs) != 1 || cs[0].Property != "id" || !cs[0].Required {
		t.Errorf("closed schema with an allOf requiring id: %+v", cs)
	}
	// A closed schema requiring what it does not declare.
	if cs := (&ObjectPart{Closed: true, Required: []string{"a"}}).AllOfConflicts(); len(cs) != 1 || cs[0].Other == nil || !strings.Contains(DescribeAllOfConflicts(cs), "required by itself") {
		t.Errorf("closed schema requiring an undeclared property: %+v %q", cs, DescribeAllOfConflicts(cs))
	}
	// Inside one member: that member's conflict, not the outer allOf's.
	outer := &ObjectPart{AllOf: []*ObjectPart{product, {Declared: []string{"sku"}}}}
	if cs := outer.AllOfConflicts(); len(cs) != 0 {
		t.Errorf("a member's own conflict reported again by the allOf holding it: %+v", cs)
	}
	// Open members: nothing.
	if cs := (&ObjectPart{AllOf: []*ObjectPart{{Declared: []string{"a"}}, extra}}).AllOfConflicts(); len(cs) != 0 {
		t.Errorf("no closed member: %+v", cs)
	}
	// A cycle through allOf terminates.
	loop := &ObjectPart{Closed: true}
	loop.AllOf = []*ObjectPart{{AllOf: []*ObjectPart{loop}, Required: []string{"z"}}}
	if cs := loop.AllOfConflicts(); len(cs) != 1 || cs[0].Property != "z" {
		t.Errorf("cyclic allOf: %+v", cs)
	}
}
