package rt

import (
	"strings"
	"testing"
)

// TestFormObject: a form body becomes the JSON object its schema's decoder
// checks, each declared field converted as a query parameter of its kind
// and shape, other keys as extra says, in a fixed order; a repeated single
// value, text that is not UTF-8 or not JSON where JSON is due, and a body
// that is not a form are violations with the field's pointer.
func TestFormObject(t *testing.T) {
	fields := []FormField{
		{Name: "n", Kind: AsInteger},
		{Name: "ok", Kind: AsBool},
		{Name: "tags", Kind: AsString, Array: true, Multi: true},
		{Name: "ids", Kind: AsInteger, Array: true, Sep: "|"},
		{Name: "meta", JSON: true},
	}
	for _, c := range []struct {
		body, want string
		extra      ParamKind
		errs       []string // pointer keyword, in order
		ok         bool
	}{
		{"", `{}`, AsString, nil, true},
		{"n=5&ok=true&tags=a&tags=b+c&ids=1%7C2&meta=%7B%22k%22%3A1%7D", `{"n":5,"ok":true,"tags":["a","b c"],"ids":[1,2],"meta":{"k":1}}`, AsString, nil, true},
		// Not JSON's syntax: left a string, for the schema's type check.
		{"n=05&ok=yes", `{"n":"05","ok":"yes"}`, AsString, nil, true},
		{"z=1&a=2", `{"a":"2","z":"1"}`, AsString, nil, true},
		{"z=1", `{"z":1}`, AsInteger, nil, true},
		{"n=1&n=2", `{"n":1}`, AsString, []string{"/n repeated"}, true},
		{"x=1&x=2", `{"x":"1"}`, AsString, []string{"/x repeated"}, true},
		{"meta=nope", `{"meta":"nope"}`, AsString, []string{"/meta type"}, true},
		{"tags=%FF", ``, AsString, []string{"/tags type"}, true},
		{"n=%ZZ", ``, AsString, []string{" form"}, false},
		{"n=1;ok=true", ``, AsString, []string{" form"}, false},
	} {
		p := &Params{}
		raw, ok := FormObject(p, []byte(c.body), fields, c.extra)
		if ok != c.ok || (c.want != "" && string(raw) != c.want) {
			t.Errorf("FormObject(%q) = %s, %t; want %s, %t", c.body, raw, ok, c.want, c.ok)
		}
		var got []string
		for _, e := range p.Errs {
			got = append(got, e.Pointer+" "+e.Keyword)
		}
		if strings.Join(got, ";") != strings.Join(c.errs, ";") {
			t.Errorf("FormObject(%q) violations %q, want %q", c.body, got, c.errs)
		}
	}
}
