package lambdatest_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/specgate/specgate/internal/lambdatest"
)

const sunsetSpec = `openapi: 3.0.3
info: {title: Sunset Shop, version: "1"}
paths:
  /old:
    get:
      operationId: oldWay
      deprecated: true
      x-deprecated-at: "2026-01-15"
      x-sunset: "2027-06-30"
      security: []
      parameters: [{name: n, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /older:
    get:
      operationId: olderWay
      deprecated: true
      security: []
      responses: {"200": {description: ok}}
  /new:
    get:
      operationId: newWay
      security: []
      parameters: [{name: legacyFilter, in: query, deprecated: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`

// TestDeprecationHeaders runs a generated project whose operations are
// deprecated (with and without dates) under the Lambda emulator and its
// local server: a deprecated operation answers with Deprecation (RFC 9745)
// and, with x-sunset, Sunset (RFC 8594), on every answer including a 400;
// an operation answers with Deprecation when the request sends a deprecated
// parameter; the others answer with neither. The README lists them.
func TestDeprecationHeaders(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "sunset.yaml")
	if err := os.WriteFile(spec, []byte(sunsetSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	proj := filepath.Join(dir, "svc")
	lambdatest.GenerateProject(t, spec, lambdatest.WithDir(proj), lambdatest.WithModule("example.com/sunset"))
	readme, err := os.ReadFile(filepath.Join(proj, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Deprecated now:\n\n- `GET /new: query parameter legacyFilter`\n- `GET /old (sunset 2027-06-30)`\n- `GET /older`\n"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not list the deprecated operations as\n%s\n---\n%s", want, readme)
	}
	cases := []struct {
		path, param, value  string // the request: GET path?param=value
		status              int
		deprecation, sunset string
	}{
		{"/old", "", "", http.StatusNotImplemented, "@1768435200", "Wed, 30 Jun 2027 00:00:00 GMT"},
		{"/old", "n", "abc", http.StatusBadRequest, "@1768435200", "Wed, 30 Jun 2027 00:00:00 GMT"},
		{"/older", "", "", http.StatusNotImplemented, "@0", ""},
		{"/new", "", "", http.StatusNotImplemented, "", ""},
		{"/new", "legacyFilter", "x", http.StatusNotImplemented, "@0", ""}, // a deprecated parameter, sent
	}
	check := func(t *testing.T, where string, i int, status int, header func(string) string) {
		c := cases[i]
		if status != c.status || header("Deprecation") != c.deprecation || header("Sunset") != c.sunset {
			t.Errorf("%s GET %s?%s=%s: %d Deprecation %q Sunset %q, want %d %q %q", where, c.path, c.param, c.value, status,
				header("Deprecation"), header("Sunset"), c.status, c.deprecation, c.sunset)
		}
	}

	t.Run("lambda", func(t *testing.T) {
		emu := lambdatest.StartEmulator(t, lambdatest.BuildBootstrap(t, proj))
		for i, c := range cases {
			e := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: c.path, Resource: c.path}
			if c.param != "" {
				e.QueryStringParameters = map[string]string{c.param: c.value}
				e.MultiValueQueryStringParameters = map[string][]string{c.param: {c.value}}
			}
			res := emu.InvokeREST(t, e)
			check(t, "lambda", i, res.StatusCode, func(k string) string { return res.Headers[k] })
		}
	})
	t.Run("local", func(t *testing.T) {
		srv := lambdatest.StartLocal(t, lambdatest.BuildLocal(t, proj), proj, "--auth", "off")
		for i, c := range cases {
			u := srv.URL + c.path
			if c.param != "" {
				u += "?" + c.param + "=" + c.value
			}
			res, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			check(t, "local", i, res.StatusCode, res.Header.Get)
		}
	})
}
