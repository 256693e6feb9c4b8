// The handler sees only what validation checked, for unions of inline
// schemas and for numbers at their bounds: dropped into the api package of
// a project generated from inline.yaml (module example.com/inlinesvc) by
// generator/trust_test.go (TestHandlerSeesOnlyCheckedValues).
package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/inlinesvc/api"
)

type thingRecorder struct {
	api.Handler
	req *api.CreateThingRequest
}

func (r *thingRecorder) CreateThing(_ context.Context, req *api.CreateThingRequest) (api.CreateThingResponse, error) {
	r.req = req
	return api.CreateThing204(), nil
}

// post sends body to POST /things and returns the status and the request
// the handler saw (nil when it was refused).
func post(t *testing.T, body string) (int, *api.CreateThingRequest) {
	t.Helper()
	h := &thingRecorder{}
	e := events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/things", Body: body,
		Headers: map[string]string{"Content-Type": "application/json"}}
	res, err := api.NewRESTHandler(h)(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, h.req
}

// TestInlineUnionAccessorsChecked: a oneOf/anyOf of inline schemas; AsX()
// returns a value only when the union holds a valid X, never the
// alternative's type filled from JSON nothing checked against it.
func TestInlineUnionAccessorsChecked(t *testing.T) {
	// Valid for alternative 1 only: a=1000 breaks alternative 0's maximum.
	status, req := post(t, `{"shape":{"a":1000,"b":"x"}}`)
	if status != 204 || req == nil {
		t.Fatalf("status %d, want 204", status)
	}
	if s0, err := req.Body.Shape.AsCreateThingBodyShape0(); err == nil {
		t.Errorf("AsCreateThingBodyShape0 of {a:1000,b:x} = %+v (a=%v), want an error", s0, deref(s0.A))
	}
	if s1, err := req.Body.Shape.AsCreateThingBodyShape1(); err != nil || s1.B != "x" {
		t.Errorf("AsCreateThingBodyShape1 = %+v, %v; want {B:x}", s1, err)
	}

	// Valid for alternative 0 only: b is required by alternative 1.
	status, req = post(t, `{"shape":{"a":5}}`)
	if status != 204 || req == nil {
		t.Fatalf("status %d, want 204", status)
	}
	if s1, err := req.Body.Shape.AsCreateThingBodyShape1(); err == nil {
		t.Errorf("AsCreateThingBodyShape1 of {a:5} = %+v, want an error", s1)
	}
	if s0, err := req.Body.Shape.AsCreateThingBodyShape0(); err != nil || s0.A == nil || *s0.A != 5 {
		t.Errorf("AsCreateThingBodyShape0 = %+v, %v; want {A:5}", s0, err)
	}

	// anyOf: an array of short strings, or an object with c >= 0.
	status, req = post(t, `{"shape":{"a":100,"b":""},"other":["abc"]}`)
	if status != 204 || req == nil {
		t.Fatalf("status %d, want 204", status)
	}
	if o0, err := req.Body.Other.AsCreateThingBodyOther0(); err == nil {
		t.Errorf("AsCreateThingBodyOther0 of [abc] = %+v, want an error", o0)
	}
	if o1, err := req.Body.Other.AsCreateThingBodyOther1(); err != nil || len(o1) != 1 || o1[0] != "abc" {
		t.Errorf("AsCreateThingBodyOther1 = %v, %v; want [abc]", o1, err)
	}
	status, req = post(t, `{"shape":{"a":100,"b":""},"other":{"c":3}}`)
	if status != 204 || req == nil {
		t.Fatalf("status %d, want 204", status)
	}
	if o0, err := req.Body.Other.AsCreateThingBodyOther0(); err != nil || o0.C != 3 {
		t.Errorf("AsCreateThingBodyOther0 = %+v, %v; want {C:3}", o0, err)
	}
	if o1, err := req.Body.Other.AsCreateThingBodyOther1(); err == nil {
		t.Errorf("AsCreateThingBodyOther1 of {c:3} = %v, want an error", o1)
	}

	// Alternatives of the same Go type (= string), told apart by schema.
	status, req = post(t, `{"shape":{"a":100,"b":""},"plain":"hello"}`)
	if status != 204 || req == nil {
		t.Fatalf("status %d, want 204", status)
	}
	if p0, err := req.Body.Plain.AsCreateThingBodyPlain0(); err == nil {
		t.Errorf("AsCreateThingBodyPlain0 of hello (maxLength 2) = %q, want an error", p0)
	}
	if p1, err := req.Body.Plain.AsCreateThingBodyPlain1(); err != nil || p1 != "hello" {
		t.Errorf("AsCreateThingBodyPlain1 = %q, %v; want hello", p1, err)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestNumberBoundsExact: integer and minimum/maximum are judged on the
// decimal literal, not on its float64 rounding.
func TestNumberBoundsExact(t *testing.T) {
	for _, c := range []struct {
		body string
		want int
	}{
		{`{"shape":{"a":100,"b":""},"quantity":0.99999999999999999999}`, 400},
		{`{"shape":{"a":100,"b":""},"quantity":1.00000000000000000001}`, 400},
		{`{"shape":{"a":100,"b":""},"quantity":5000.00000000000000001}`, 400},
		{`{"shape":{"a":100,"b":""},"quantity":0.5e1}`, 204},
		{`{"shape":{"a":100,"b":""},"quantity":1.0}`, 204},
		{`{"shape":{"a":100,"b":""},"quantity":5e3}`, 204},
		{`{"shape":{"a":100,"b":""},"quantity":50000e-1}`, 204},
		{`{"shape":{"a":100,"b":""},"quantity":50001e-1}`, 400},
		{`{"shape":{"a":100,"b":""},"price":100000.00000000000001}`, 400},
		{`{"shape":{"a":100,"b":""},"price":100000.0}`, 204},
		{`{"shape":{"a":100,"b":""},"price":1e5}`, 204},
		{`{"shape":{"a":100,"b":""},"below":100000}`, 400},
		{`{"shape":{"a":100,"b":""},"below":99999.999999999999999999}`, 204},
	} {
		status, req := post(t, c.body)
		if status != c.want {
			t.Errorf("%s: status %d, want %d", c.body, status, c.want)
		}
		if c.want != 204 && req != nil {
			t.Errorf("%s reached the handler", c.body)
		}
	}
}

// postBody is post with the answer's body.
func postBody(t *testing.T, body string) (int, string, *api.CreateThingRequest) {
	t.Helper()
	h := &thingRecorder{}
	e := events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/things", Body: body,
		Headers: map[string]string{"Content-Type": "application/json"}}
	res, err := api.NewRESTHandler(h)(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Body, h.req
}

// TestOutOfRangeAndRepeatedKeys: a number beyond float64 (Go would hold
// +-Inf) is a 400 naming its own pointer, in a typed number field and in
// values of no fixed type alike; an enum of objects judges the value the
// handler gets when a key is repeated (the last one, as encoding/json).
func TestOutOfRangeAndRepeatedKeys(t *testing.T) {
	for _, c := range []struct{ body, pointer string }{
		{`{"shape":{"a":1},"price":1e400}`, `"/price"`},
		{`{"shape":{"a":1},"price":-1e400}`, `"/price"`},
		{`{"shape":{"a":1},"quantity":1e400}`, `"/quantity"`},
		{`{"shape":{"a":1},"meta":{"x":[1,-1e400]}}`, `"/meta/x/1"`},
		{`{"shape":{"a":1},"loose":1e400}`, `"/loose"`},
		{`{"shape":{"a":1},"loose":{"a/b":[1e999]}}`, `"/loose/a~1b/0"`},
	} {
		status, body, req := postBody(t, c.body)
		if status != 400 || req != nil || !strings.Contains(body, c.pointer) || !strings.Contains(body, "float64 range") {
			t.Errorf("%s: %d %s (handler called: %v), want 400 naming %s", c.body, status, body, req != nil, c.pointer)
		}
	}
	status, body, req := postBody(t, `{"shape":{"a":1},"meta":{"x":[1.5e300]},"loose":-2e307}`)
	if status != 204 || req == nil {
		t.Errorf("large finite numbers: %d %s", status, body)
	}
	status, body, req = postBody(t, `{"shape":{"a":1},"role":{"role":"user","role":"admin"}}`)
	if status != 400 || req != nil || !strings.Contains(body, `"/role"`) {
		t.Errorf(`role {"role":"user","role":"admin"} (the handler gets admin): %d %s, want 400 at /role`, status, body)
	}
	status, body, req = postBody(t, `{"shape":{"a":1},"role":{"role":"admin","role":"user"}}`)
	if status != 204 || req == nil || req.Body.Role == nil || (*req.Body.Role)["role"] != "user" {
		t.Errorf(`role {"role":"admin","role":"user"} (the handler gets user): %d %s`, status, body)
	}
}

// TestParametersMustBeUTF8: a string parameter that is not UTF-8
// (?cursor=%ff%fe) is a 400, as a body that is not: in a scalar, an array
// item, a deepObject key or value, a header.
func TestParametersMustBeUTF8(t *testing.T) {
	send := func(q map[string][]string, h map[string]string) (int, string, bool) {
		rec := &thingRecorder{}
		hs := map[string]string{"Content-Type": "application/json"}
		for k, v := range h {
			hs[k] = v
		}
		e := events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/things", Body: `{"shape":{"a":1}}`, Headers: hs, MultiValueQueryStringParameters: q}
		res, err := api.NewRESTHandler(rec)(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Body, rec.req != nil
	}
	for _, c := range []struct {
		q    map[string][]string
		h    map[string]string
		name string
	}{
		{map[string][]string{"cursor": {"\xff\xfe"}}, nil, "cursor"},
		{map[string][]string{"tags": {"ok,a\xc3"}}, nil, "tags"},
		{map[string][]string{"filter[k]": {"\xed\xa0\x80"}}, nil, "filter"},
		{map[string][]string{"filter[\xff]": {"v"}}, nil, "filter"},
		{nil, map[string]string{"X-Note": "caf\xe9"}, "X-Note"},
	} {
		status, body, called := send(c.q, c.h)
		if status != 400 || called || !strings.Contains(body, `"name":"`+c.name+`"`) || !strings.Contains(body, "UTF-8") {
			t.Errorf("%v %v: %d %s (handler called: %v), want 400 naming %s", c.q, c.h, status, body, called, c.name)
		}
	}
	if status, body, called := send(map[string][]string{"cursor": {"café 日本"}, "filter[k]": {"é"}}, map[string]string{"X-Note": "ü"}); status != 204 || !called {
		t.Errorf("UTF-8 parameters: %d %s", status, body)
	}
}

// TestLoneSurrogatesRefused: a JSON string escaping half of a UTF-16
// surrogate pair would reach the handler as U+FFFD while RawBody keeps the
// escape: a 400, at any depth; a whole pair, and an escaped backslash
// before "ud800", pass and reach the handler as sent.
func TestLoneSurrogatesRefused(t *testing.T) {
	for _, b := range []string{
		`{"shape":{"a":1},"loose":"\ud800"}`,
		`{"shape":{"a":1},"meta":{"x":["\udc00"]}}`,
		`{"shape":{"a":1},"loose":"\ud83d\u0041"}`,
	} {
		status, body, req := postBody(t, b)
		if status != 400 || req != nil || !strings.Contains(body, "surrogate") {
			t.Errorf("%s: %d %s (handler called: %v), want 400 naming the surrogate", b, status, body, req != nil)
		}
	}
	status, body, req := postBody(t, `{"shape":{"a":1},"loose":"\ud83d\ude00 \\ud800"}`)
	if status != 204 || req == nil || fmt.Sprint(req.Body.Loose) != "😀 \\ud800" {
		t.Errorf("a whole pair and an escaped backslash: %d %s, handler got %+v", status, body, req)
	}
}
