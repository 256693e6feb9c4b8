package platform

import (
	"reflect"
	"strings"
	"testing"
)

// calls entries name a service alone (all of its operations) or
// {service, operations}: Parse reads both forms, and refuses, at the
// entry's position, a mapping without a service, without operations or
// with an unknown key; the schema agrees.
func TestParseCallOperations(t *testing.T) {
	dir := servicesDir(t, "a", "b", "c")
	head := "version: 1\nname: shop\ndomain: api.example.com\nservices:\n  b: {dir: b, basePath: b}\n  c: {dir: c, basePath: c}\n  a:\n    dir: a\n    basePath: a\n    calls:\n"
	p, err := Parse("platform.yaml", dir, []byte(head+"      - c\n      - {service: b, operations: [getThing, listThings]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := p.Services["a"]
	if !reflect.DeepEqual(a.Calls, []string{"c", "b"}) || !reflect.DeepEqual(a.CallOperations, map[string][]string{"b": {"getThing", "listThings"}}) {
		t.Errorf("Calls %v, CallOperations %v", a.Calls, a.CallOperations)
	}
	if !a.callsOperation("c", "anything") || !a.callsOperation("b", "getThing") || a.callsOperation("b", "deleteThing") {
		t.Error("callsOperation: want every operation of c, and only getThing and listThings of b")
	}
	if c := p.Calls("a"); c == nil || len(c.Services) != 2 {
		t.Errorf("Calls(a) = %+v, want both services", c)
	}
	s := compile(t, "../../schema/platform.schema.json", SchemaURL)
	for _, tc := range []struct{ entry, want string }{
		{"      - {service: b}\n", "platform.yaml:11:9: service a: calls entry b names no operations"},
		{"      - {operations: [getThing]}\n", "platform.yaml:11:9: service a: a calls entry written as a mapping needs service"},
		{"      - {service: b, operations: [getThing], scopes: [x]}\n", `platform.yaml:11:46: unknown key "scopes"`},
	} {
		_, err := Parse("platform.yaml", dir, []byte(head+tc.entry))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.entry, err, tc.want)
		}
		if s.Validate(yamlInstance(t, []byte(head+tc.entry))) == nil {
			t.Errorf("schema accepts %q", tc.entry)
		}
	}
	if err := s.Validate(yamlInstance(t, []byte(head+"      - c\n      - {service: b, operations: [getThing]}\n"))); err != nil {
		t.Errorf("schema refuses both forms of calls: %v", err)
	}
}
