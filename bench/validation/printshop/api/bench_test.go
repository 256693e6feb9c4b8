// Copied into printshop/api by regen.sh: it runs inside the generated
// package, so it measures the body decoder itself, not the Lambda event.

package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/go-faster/jx"

	"github.com/specgate/specgate/bench/validation/kinformats"
	"github.com/specgate/specgate/bench/validation/ogenps"
)

func init() { kinformats.Register() }

// The print-shop NewOrder bodies the benchmark decodes.
var (
	validOrder   = []byte(`{"customerEmail":"ada@example.com","lines":[{"productId":"3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60","quantity":250,"finish":"laminate"},{"productId":"7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d","quantity":1000}],"shipTo":{"name":"Ada Lovelace","line1":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"},"deliverBy":"2026-03-01","notes":"Leave at reception","payment":{"type":"card","token":"tok_4242424242424242"}}`)
	invalidOrder = []byte(`{"customerEmail":"ada-at-example","lines":[{"productId":"not-a-uuid","quantity":0,"finish":"gold"},{"productId":"7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d","quantity":1000.5}],"shipTo":{"name":"","line1":"12 St James's Square","city":"London","postalCode":"!","country":"gb"},"deliverBy":"2026-02-30","payment":{"type":"card","token":"tok"}}`)
)

func specgateDecode(body []byte) (*NewOrder, int) {
	r := &request{body: body, header: http.Header{"Content-Type": {"application/json"}}}
	p := &params{}
	v := vBodyPlaceOrder(p, r)
	return v, len(p.errs)
}

// kinRoute is placeOrder as kin-openapi's router would find it.
func kinRoute(tb testing.TB) *routers.Route {
	doc, err := openapi3.NewLoader().LoadFromFile("../openapi.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	item := doc.Paths.Value("/orders")
	return &routers.Route{Spec: doc, Path: "/orders", PathItem: item, Method: "POST", Operation: item.Post}
}

// kinDecode is what an oapi-codegen user runs: kin-openapi's request
// validation, then encoding/json into the oapi-codegen type.
func kinDecode(route *routers.Route, body []byte) (*NewOrder, error) {
	req := &http.Request{Method: "POST", Header: http.Header{"Content-Type": {"application/json"}, "Idempotency-Key": {"abcdefghijklmnop"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return nil, err
	}
	v := new(NewOrder)
	err := json.NewDecoder(req.Body).Decode(v)
	return v, err
}

// ogenDecode is ogen's generated decoder and validator on the same schema.
func ogenDecode(body []byte) (*ogenps.NewOrder, error) {
	d := jx.DecodeBytes(body)
	v := new(ogenps.NewOrder)
	if err := v.Decode(d); err != nil {
		return nil, err
	}
	return v, v.Validate()
}

func TestBenchBodies(t *testing.T) {
	route := kinRoute(t)
	if _, n := specgateDecode(validOrder); n != 0 {
		t.Fatalf("specgate refuses the valid body")
	}
	if _, n := specgateDecode(invalidOrder); n < 10 {
		t.Fatalf("specgate finds %d violations in the invalid body, want at least 10", n)
	}
	if _, err := kinDecode(route, validOrder); err != nil {
		t.Fatalf("kin-openapi refuses the valid body: %v", err)
	}
	if _, err := kinDecode(route, invalidOrder); err == nil {
		t.Fatalf("kin-openapi accepts the invalid body")
	}
	if _, err := ogenDecode(validOrder); err != nil {
		t.Fatalf("ogen refuses the valid body: %v", err)
	}
	if _, err := ogenDecode(invalidOrder); err == nil {
		t.Fatalf("ogen accepts the invalid body")
	}
}

// BenchmarkNewOrder decodes and validates the print-shop NewOrder body.
func BenchmarkNewOrder(b *testing.B) {
	route := kinRoute(b)
	for _, body := range []struct {
		name string
		data []byte
	}{{"valid", validOrder}, {"invalid", invalidOrder}} {
		b.Run(body.name+"/specgate", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body.data)))
			for b.Loop() {
				specgateDecode(body.data)
			}
		})
		b.Run(body.name+"/ogen", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body.data)))
			for b.Loop() {
				_, _ = ogenDecode(body.data)
			}
		})
		b.Run(body.name+"/kin-openapi+encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body.data)))
			for b.Loop() {
				_, _ = kinDecode(route, body.data)
			}
		})
	}
}

// FuzzPlaceOrderBody feeds random bodies to kin-openapi and to the
// generated decoder and fails when their verdicts differ, except on inputs
// where docs/validation.md lists a deliberate difference.
func FuzzPlaceOrderBody(f *testing.F) {
	route := kinRoute(f)
	f.Add(validOrder)
	f.Add(invalidOrder)
	f.Add([]byte(`{"customerEmail":"a@b","lines":[{"productId":"3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60","quantity":1}],"shipTo":{"name":"A","line1":"B","city":"C","postalCode":"123","country":"GB"},"payment":{"type":"invoice","purchaseOrder":"PO-1","netDays":30}}`))
	f.Add([]byte(`{"payment":{"type":"card"},"lines":[],"shipTo":null}`))
	f.Add([]byte(`[1,2,{"a":null}]`))
	f.Add([]byte(`{"customerEmail":"a@b","lines":[{"productId":"3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60","quantity":1}],"shipTo":{"name":"A","line1":"B","city":"C","postalCode":"123","country":"GB"},"payment":{"type":"card","token":"12345678","TYPE":"invoice"}}`))
	declaredNames = propertyNames(route.Spec)
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) == 0 || deliberate(body) {
			t.Skip()
		}
		_, n := specgateDecode(body)
		// The reference is kin-openapi's verdict; encoding/json binding
		// afterwards can fail on its own (it matches names case-blind).
		_, kinErr := kinDecode(route, body)
		kinOK := kinErr == nil || !isValidationError(kinErr)
		if (n == 0) != kinOK {
			t.Fatalf("verdicts differ on %q: generated violations=%d, kin-openapi: %v", body, n, kinErr)
		}
	})
}

func isValidationError(err error) bool {
	var re *openapi3filter.RequestError
	return err != nil && (errorsAs(err, &re) || strings.Contains(err.Error(), "doesn't match"))
}

// deliberate reports inputs on which the generated code differs from
// kin-openapi on purpose (docs/validation.md).
func deliberate(body []byte) bool {
	if !utf8.Valid(body) {
		return true // invalid UTF-8: refused; encoding/json replaces it with U+FFFD
	}
	if !json.Valid(body) {
		return true // trailing data and the like: kin-openapi reads the first value only
	}
	d := jx.DecodeBytes(body)
	return hasDuplicateKeysOrWideNumbers(d)
}

// declaredNames are the property names of every schema of the spec.
var declaredNames map[string]bool

// caseVariant reports a key equal to a declared property name ignoring
// case but not exactly (refused as caseVariant; kin-openapi takes it for
// another property).
func caseVariant(k string) bool {
	if declaredNames[k] {
		return false
	}
	for n := range declaredNames {
		if strings.EqualFold(n, k) {
			return true
		}
	}
	return false
}

// propertyNames collects the property names of every schema in doc.
func propertyNames(doc *openapi3.T) map[string]bool {
	names := map[string]bool{}
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for n, p := range s.Properties {
			names[n] = true
			walk(p)
		}
		walk(s.Items)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, x := range group {
				walk(x)
			}
		}
		walk(s.Not)
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
	return names
}

// hasDuplicateKeysOrWideNumbers reports duplicate object keys (refused;
// kin-openapi keeps the last), case variants of declared names and numbers beyond float64's exact range
// (the generated code is exact on the decimal text).
func hasDuplicateKeysOrWideNumbers(d *jx.Decoder) bool {
	switch d.Next() {
	case jx.Object:
		seen := map[string]bool{}
		found := false
		_ = d.ObjBytes(func(d *jx.Decoder, k []byte) error {
			if seen[string(k)] || caseVariant(string(k)) {
				found = true
			}
			seen[string(k)] = true
			if hasDuplicateKeysOrWideNumbers(d) {
				found = true
			}
			return nil
		})
		return found
	case jx.Array:
		found := false
		_ = d.Arr(func(d *jx.Decoder) error {
			if hasDuplicateKeysOrWideNumbers(d) {
				found = true
			}
			return nil
		})
		return found
	case jx.Number:
		n, err := d.Num()
		if err != nil {
			return true
		}
		digits := 0
		for _, c := range n {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		return digits > 15 || strings.ContainsAny(n.String(), "eE")
	}
	_ = d.Skip()
	return false
}

func errorsAs(err error, target **openapi3filter.RequestError) bool {
	for err != nil {
		if re, ok := err.(*openapi3filter.RequestError); ok {
			*target = re
			return true
		}
		if me, ok := err.(openapi3.MultiError); ok {
			for _, e := range me {
				if errorsAs(e, target) {
					return true
				}
			}
			return false
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// hugeProduct is a NewProduct body of about n bytes whose bulk is one
// literal: a number under multipleOf (price.amount) or a string
// (description).
func hugeProduct(number bool, n int) []byte {
	n -= 200
	amount, description := "12.5", "A4 flyers"
	if number {
		amount = strings.Repeat("7", n) + ".5"
	} else {
		description = strings.Repeat("a", n)
	}
	return []byte(`{"sku":"FLY-A4","name":"Flyer","description":"` + description + `","category":"flyers","price":{"amount":` + amount +
		`,"currency":"EUR"},"dimensions":{"widthMm":210,"heightMm":297}}`)
}

// BenchmarkHugeLiteral shows that every check costs time linear in its
// input: a 1 MiB number under multipleOf costs about what a 1 MiB string
// does (both bodies are refused: too large a price, too long a
// description), and a number four times longer costs four times as much.
func BenchmarkHugeLiteral(b *testing.B) {
	for _, c := range []struct {
		name string
		data []byte
	}{{"number-256KiB", hugeProduct(true, 1<<18)}, {"number-1MiB", hugeProduct(true, 1<<20)}, {"string-1MiB", hugeProduct(false, 1<<20)}} {
		b.Run(c.name, func(b *testing.B) {
			r := &request{body: c.data, header: http.Header{"Content-Type": {"application/json"}}}
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				p := &params{}
				if vBodyCreateProduct(p, r); len(p.errs) == 0 {
					b.Fatal("the huge body was accepted")
				}
			}
		})
	}
}
