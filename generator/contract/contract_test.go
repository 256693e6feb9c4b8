package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/contract"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/internal/lambdatest"
)

var printShop = filepath.Join("..", "..", "testdata", "print-shop.yaml")

// brokenHandlers are the cases of print-shop that fail, on every target,
// when the project carries internal/lambdatest's deliberately wrong
// handlers, and what their failure must say: each is a real breach of the
// contract, which the run must name.
var brokenHandlers = map[string]string{
	// The handler panics on purpose (for the router's 500 test): a server
	// error is never a right answer to a valid request.
	"deleteProduct/valid": "deleteProduct answered a valid request with 500, a server error",
	// The handler echoes the raw request body into attributes, whose
	// values the schema caps at 100 characters.
	"replaceProduct/valid": "replaceProduct answered 200 with a body that breaks its response schema: /attributes/rawBody: maximum string length is 100",
}

// nestedCases are cases print-shop must derive and pass: one per kind of
// constraint inside nested objects and arrays (required, type, bound,
// enum, pattern, format, additionalProperties, array bounds), in an
// optional object the valid body leaves out, a missing required header,
// a body of the wrong content type, a discriminated oneOf and an array
// query parameter.
var nestedCases = []string{
	"placeOrder/invalid: body /shipTo/city missing",
	"placeOrder/invalid: body /lines/0/quantity missing",
	"placeOrder/invalid: body /lines/0/quantity type integer",
	"placeOrder/invalid: body /lines/0/quantity maximum",
	"placeOrder/invalid: body /shipTo/name minLength",
	"createProduct/invalid: body /price/amount exclusiveMinimum",
	"createProduct/invalid: body /price/amount multipleOf",
	"createProduct/invalid: body /price/currency enum",
	"placeOrder/invalid: body /shipTo/country pattern",
	"placeOrder/invalid: body /lines/0/productId format uuid",
	"createProduct/invalid: body /price additionalProperties",
	"placeOrder/invalid: body /lines minItems",
	"placeOrder/invalid: body /lines maxItems",
	"createProduct/invalid: body /tags uniqueItems",
	"createProduct/invalid: body /tags/0 minLength",
	"createProduct/invalid: body /attributes/zzExtra maxLength",
	"createProduct/invalid: body /attributes maxProperties",
	"placeOrder/invalid: header Idempotency-Key missing",
	"placeOrder/media: body as text/plain",
	// A discriminated oneOf: a value no alternative takes, and an unknown
	// discriminator value; an array query parameter (comma-separated).
	"placeOrder/invalid: body /payment oneOf none",
	"placeOrder/invalid: body /payment discriminator type",
	"listOrders/invalid: query status item enum",
	"listOrders/invalid: query status maxItems",
}

// TestPrintShopLocalLambdaAndURL generates the bundled print-shop with
// handlers for every operation the function serves, builds its local
// server and its bootstrap once each, and runs every derived case against
// the local server, the function under aws-lambda-rie, and (REST) the
// local server's URL as a deployed stage (with a fixed --token, then with
// client credentials). The local and Lambda JUnit reports must give every
// case the same outcome. As a REST API every case passes (the two legacy
// operations are skipped: an existing backend serves them); as an HTTP API
// the project carries two wrong handlers, and exactly their cases fail, by
// name.
func TestPrintShopLocalLambdaAndURL(t *testing.T) {
	rie := lambdatest.FindRIE(t)
	t.Setenv("PATH", filepath.Dir(rie)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Run("rest", func(t *testing.T) { printShopAgrees(t, model.REST, nil) })
	t.Run("http-broken-handlers", func(t *testing.T) { printShopAgrees(t, model.HTTP, brokenHandlers) })
}

func printShopAgrees(t *testing.T, kind model.APIKind, failures map[string]string) {
	p := lambdatest.GenerateProject(t, printShop, lambdatest.WithModule("example.com/printshop"), lambdatest.WithAPI(kind))
	copyHandlers(t, p.Dir, failures != nil)
	api := p.Result.API // Generate set its validation schemas
	cases := contract.Derive(api, 1, nil, contract.Examples(docOf(t, p), api))
	ctx := context.Background()

	run := func(target string, setup contract.Setup) ([]contract.Result, map[string]contract.Outcome, contract.Target, func()) {
		t.Helper()
		setup.Target, setup.ProjectDir, setup.Kind = target, p.Dir, api.Kind
		tg, stop, err := contract.Open(ctx, setup)
		if err != nil {
			t.Fatalf("open %s: %v", target, err)
		}
		results := contract.Run(ctx, tg, cases, contract.Options{Doc: docOf(t, p), SpecFile: printShop})
		return results, junitFile(t, target, results), tg, stop
	}
	localRes, local, tg, stopLocal := run("local", contract.Setup{})
	defer stopLocal()
	lambdaRes, lambda, _, stopLambda := run("lambda", contract.Setup{})
	stopLambda()

	if len(local) != len(cases) || len(lambda) != len(cases) {
		t.Fatalf("JUnit reports list %d (local) and %d (lambda) cases, want %d", len(local), len(lambda), len(cases))
	}
	for name, o := range local {
		if lambda[name] != o {
			t.Errorf("%s: local %s, lambda %s", name, o, lambda[name])
		}
	}
	checkFailures(t, "local", localRes, failures)
	checkFailures(t, "lambda", lambdaRes, failures)
	var summary bytes.Buffer
	if err := contract.WriteSummary(&summary, "local", localRes); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases; on local:\n%s", len(cases), summary.String())
	if failures != nil {
		if !contract.Failed(localRes) || !contract.Failed(lambdaRes) {
			t.Error("the runs with failed cases do not count as failed")
		}
		if !strings.Contains(summary.String(), "fail: replaceProduct/valid: replaceProduct answered 200 with a body that breaks its response schema") {
			t.Errorf("the summary does not name the handler whose body breaks its schema:\n%s", summary.String())
		}
	} else {
		// Every case passes: every valid request is answered as declared
		// (none is a 501 stub); only the legacy operations are skipped.
		for _, r := range localRes {
			if r.Outcome != contract.Pass && !(r.Outcome == contract.Skip && strings.Contains(r.Detail, "existing HTTP backend")) {
				t.Errorf("local: %s is %s (%s), want pass", r.Name, r.Outcome, r.Detail)
			}
		}
	}
	// Nested constraints, parameters and the content type, on both targets.
	for _, name := range nestedCases {
		for target, out := range map[string]map[string]contract.Outcome{"local": local, "lambda": lambda} {
			if out[name] != contract.Pass {
				t.Errorf("%s: %s is %q, want pass", target, name, out[name])
			}
		}
	}
	kinds := map[contract.Kind]int{}
	for _, r := range localRes {
		if r.Outcome == contract.Pass {
			kinds[r.Kind]++
		}
	}
	for _, k := range []contract.Kind{contract.Valid, contract.Invalid, contract.Media, contract.NoToken, contract.Scope, contract.IDToken} {
		if kinds[k] == 0 {
			t.Errorf("no %s case passed on local; passed per kind: %v", k, kinds)
		}
	}

	if kind != model.REST {
		return
	}
	// --target URL: the local server as a deployed stage, one token.
	ht := tg.(*contract.HTTPTarget)
	tok, err := ht.Tokens.Token(ctx, contract.Auth{Token: true, Scopes: allScopes(api)})
	if err != nil {
		t.Fatal(err)
	}
	urlRes, urlOut, _, stopURL := run(ht.Base, contract.Setup{Token: tok})
	defer stopURL()
	checkFailures(t, "URL", urlRes, failures)
	for _, r := range urlRes {
		switch {
		case r.Kind == contract.IDToken || r.Kind == contract.Scope:
			if r.Outcome != contract.Skip {
				t.Errorf("URL with --token: %s is %s, want skipped (no such token to be had)", r.Name, r.Outcome)
			}
		case local[r.Name] != urlOut[r.Name]:
			t.Errorf("%s: local %s, URL %s (%s)", r.Name, local[r.Name], urlOut[r.Name], r.Detail)
		}
	}

	// --target URL with --token-url: a token endpoint speaking the client
	// credentials grant, as Cognito's does, that hands out the local
	// server's dev tokens for the scopes asked. Every case but the ID
	// token's (the grant gives none) agrees with local.
	var mu sync.Mutex
	var asked []string
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if r.Method != http.MethodPost || r.FormValue("grant_type") != "client_credentials" || !ok || id != "contract-client" || secret != "s3cret" {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		mu.Lock()
		asked = append(asked, r.FormValue("scope"))
		mu.Unlock()
		tok, err := ht.Tokens.Token(r.Context(), contract.Auth{Token: true, Scopes: strings.Fields(r.FormValue("scope"))})
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
	}))
	defer endpoint.Close()
	ccRes, ccOut, _, stopCC := run(ht.Base, contract.Setup{TokenURL: endpoint.URL + "/oauth2/token", ClientID: "contract-client", ClientSecret: "s3cret"})
	defer stopCC()
	checkFailures(t, "URL with client credentials", ccRes, failures)
	for _, r := range ccRes {
		switch {
		case r.Kind == contract.IDToken:
			if r.Outcome != contract.Skip {
				t.Errorf("URL with --token-url: %s is %s, want skipped (the grant gives no ID token)", r.Name, r.Outcome)
			}
		case local[r.Name] != ccOut[r.Name]:
			t.Errorf("%s: local %s, URL with client credentials %s (%s)", r.Name, local[r.Name], ccOut[r.Name], r.Detail)
		}
	}
	mu.Lock()
	n := len(asked)
	mu.Unlock()
	if n < 5 {
		t.Errorf("the token endpoint was asked for %d tokens, want one per scope set", n)
	}
	badRes, _, _, stopBad := run(ht.Base, contract.Setup{TokenURL: endpoint.URL + "/oauth2/token", ClientID: "contract-client", ClientSecret: "wrong"})
	defer stopBad()
	for _, r := range badRes {
		if r.Kind == contract.Valid && r.Operation == "placeOrder" && (r.Outcome != contract.Fail || !strings.Contains(r.Detail, "SPECGATE_CLIENT_ID")) {
			t.Errorf("wrong client secret: %s is %s (%s), want a failure saying to check the client credentials", r.Name, r.Outcome, r.Detail)
		}
	}
}

// junitFile writes the JUnit report of a run to a file, as --junit does,
// and reads every case's outcome back from it.
func junitFile(t *testing.T, target string, results []contract.Result) map[string]contract.Outcome {
	t.Helper()
	path := filepath.Join(t.TempDir(), "junit.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := contract.WriteJUnit(f, target, results); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	outcomes, err := contract.ReadJUnit(f)
	if err != nil {
		t.Fatalf("read back the JUnit report of %s: %v", target, err)
	}
	return outcomes
}

// checkFailures demands exactly the expected failures, each named with why.
func checkFailures(t *testing.T, target string, results []contract.Result, expected map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range results {
		if r.Outcome != contract.Fail {
			continue
		}
		want, ok := expected[r.Name]
		switch {
		case !ok:
			t.Errorf("%s: %s failed: %s", target, r.Name, r.Detail)
		case !strings.Contains(r.Detail, want):
			t.Errorf("%s: %s failed with %q, want it to say %q", target, r.Name, r.Detail, want)
		}
		seen[r.Name] = true
	}
	for name := range expected {
		if !seen[name] {
			t.Errorf("%s: %s did not fail; it must (%s)", target, name, expected[name])
		}
	}
}

// copyHandlers puts handlers for every operation the function serves into
// the project: internal/lambdatest's (echoing what reached them), its
// client test's (correct answers), and this package's testdata (getOrder,
// a correct replaceProduct). broken: internal/lambdatest's deliberately
// wrong deleteProduct (panics) and replaceProduct (breaks its schema) win.
func copyHandlers(t *testing.T, dir string, broken bool) {
	t.Helper()
	lt := filepath.Join("..", "..", "internal", "lambdatest", "testdata")
	var files []string
	for _, glob := range []string{filepath.Join(lt, "handlers", "*.go"), filepath.Join(lt, "clienthandlers", "*.go"), filepath.Join("testdata", "handlers", "*.go")} {
		m, err := filepath.Glob(glob)
		if err != nil || len(m) == 0 {
			t.Fatalf("no test handlers at %s (err %v)", glob, err)
		}
		files = append(files, m...)
	}
	if broken {
		files = append(files, filepath.Join(lt, "handlers", "delete_product.go"), filepath.Join(lt, "handlers", "replace_product.go"))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "handlers", filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func docOf(t *testing.T, p *lambdatest.Project) *openapi3.T {
	t.Helper()
	doc, err := spec.Load(context.Background(), printShop)
	if err != nil {
		t.Fatal(err)
	}
	return doc.T
}

func allScopes(api *model.API) []string {
	seen := map[string]bool{}
	for _, op := range api.Operations {
		for _, r := range op.Security {
			for _, s := range r.Schemes {
				for _, sc := range s.Scopes {
					seen[model.CognitoScope(api.ResourceServer, sc)] = true
				}
			}
		}
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
