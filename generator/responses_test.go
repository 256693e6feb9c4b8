package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// undeclaredResponses is a handlers file that tries, line by line, every
// way of answering createOffer with what the spec does not declare (it
// declares 201 with an Offer and 400 with a Problem), each next to the
// compiler error that must refuse it. Its last function uses the escape
// hatch and the declared constructors, which must compile.
var undeclaredResponses = []struct{ code, err string }{
	{`return api.CreateOfferResponse{Status: 500}, nil`, `unknown field Status in struct literal`},
	{`return api.CreateOffer201(api.Problem{}), nil`, `cannot use api.Problem{} (value of struct type api.Problem) as api.Offer value in argument to api.CreateOffer201`},
	{`return api.CreateOffer500(api.Problem{}), nil`, `undefined: api.CreateOffer500`},
	{`return api.CreateOfferResponse(api.Response{Status: 500}), nil`, `cannot convert api.Response{…} (value of struct type api.Response) to type api.CreateOfferResponse`},
	{`return api.PlaceOrder201(api.Order{}), nil`, `cannot use api.PlaceOrder201(api.Order{}) (value of struct type api.PlaceOrderResponse) as api.CreateOfferResponse value in return statement`},
}

// TestUndeclaredResponseDoesNotCompile proves the typed responses (issue 15
// item 6): in a generated project, a handler cannot build a status or body
// its operation does not declare. `go build ./handlers` must fail with
// exactly the expected error on each bad line and nothing else, so the
// declared constructors, WithHeader and the raw escape hatch compile.
func TestUndeclaredResponseDoesNotCompile(t *testing.T) {
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: "../testdata/print-shop.yaml", Module: "example.com/typedresp"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString("package handlers\n\nimport \"example.com/typedresp/api\"\n")
	lineOf := map[int]string{} // line -> the error it must get
	for i, c := range undeclaredResponses {
		src.WriteString("\nfunc bad" + string(rune('A'+i)) + "() (api.CreateOfferResponse, error) {\n")
		lineOf[strings.Count(src.String(), "\n")+1] = c.err
		src.WriteString("\t" + c.code + "\n}\n")
	}
	src.WriteString(`
func good(raw bool) (api.CreateOfferResponse, error) {
	if raw {
		return api.CreateOfferRaw(418, "text/plain", []byte("teapot")), nil
	}
	if false {
		return api.CreateOffer400(api.Problem{}), nil
	}
	return api.CreateOffer201(api.Offer{}).WithHeader("Location", "/offers/1"), nil
}
`)
	if err := os.WriteFile(filepath.Join(dir, "handlers", "undeclared.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runGo(t, dir, 5*time.Minute, "build", "-gcflags=-e", "./handlers")
	if err == nil {
		t.Fatalf("a handler answering undeclared responses compiled:\n%s", src.String())
	}
	errLine := regexp.MustCompile(`(?m)^handlers/undeclared\.go:(\d+):\d+: (.*)$`)
	got := map[int]string{}
	for _, m := range errLine.FindAllStringSubmatch(out, -1) {
		var n int
		for _, d := range m[1] {
			n = n*10 + int(d-'0')
		}
		got[n] = m[2]
	}
	for line, want := range lineOf {
		if !strings.Contains(got[line], want) {
			t.Errorf("line %d: want an error containing %q, got %q", line, want, got[line])
		}
		delete(got, line)
	}
	for line, msg := range got {
		t.Errorf("unexpected error at line %d: %s", line, msg)
	}
	if t.Failed() {
		t.Logf("go build said:\n%s", out)
	}
}
