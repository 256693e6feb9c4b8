package contract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// defaultSpec declares a default (problem) response beside 201, as many
// specs do to describe how errors look.
const defaultSpec = `openapi: 3.0.3
info: {title: notes, version: "1"}
security: []
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [text], properties: {text: {type: string}}}
      responses:
        "201": {description: created}
        "5XX": {description: failed}
        default:
          description: an error
          content:
            application/problem+json:
              schema: {type: object}
`

// TestServerErrorFailsValidCase: an implementation that answers a valid
// request with a server error fails its case even though the operation
// declares default and 5XX responses (the review found a handler that
// panics on every request passing every case); a 201 passes.
func TestServerErrorFailsValidCase(t *testing.T) {
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(file, []byte(defaultSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, opts := derivedFor(t, file)
	var valid []Case
	for _, c := range cases {
		if c.Kind == Valid {
			valid = append(valid, c)
		}
	}
	if len(valid) != 1 {
		t.Fatalf("derived %d valid cases, want 1", len(valid))
	}
	for _, status := range []int{500, 502, 503} {
		r := Run(context.Background(), answer{status, "application/problem+json", `{"title":"boom"}`}, valid, opts)[0]
		if r.Outcome != Fail || !strings.Contains(r.Detail, "server error") {
			t.Errorf("answered %d: %s (%s), want a failure naming the server error", status, r.Outcome, r.Detail)
		}
	}
	r := Run(context.Background(), answer{201, "application/json", ``}, valid, opts)[0]
	if r.Outcome != Pass {
		t.Errorf("answered 201: %s (%s), want pass", r.Outcome, r.Detail)
	}
}

// certSpec has an operation only a client certificate opens, and one a
// certificate or a token with a scope opens.
const certSpec = `openapi: 3.1.0
info: {title: certs, version: "1"}
components:
  securitySchemes:
    cert: {type: mutualTLS}
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: "https://auth.example.com/oauth2/token", scopes: {notes.read: read}}}
paths:
  /certified:
    get:
      operationId: certified
      security: [{cert: []}]
      responses: {"200": {description: ok}}
  /either:
    get:
      operationId: either
      security: [{cert: []}, {oauth: [notes.read]}]
      responses: {"200": {description: ok}}
`

// TestCertificateOnlySkipped: an operation only a client certificate
// opens is skipped, saying why (specgate test presents none, and the
// function refuses it without one); where a token is another way in, the
// valid request carries that token.
func TestCertificateOnlySkipped(t *testing.T) {
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(file, []byte(certSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, _ := derivedFor(t, file)
	seen := map[string]Case{}
	for _, c := range cases {
		seen[c.Name] = c
	}
	if c, ok := seen["certified/skipped"]; !ok || c.Kind != Skipped || !strings.Contains(c.Skip, "client certificate") {
		t.Errorf("certified: %+v, want skipped naming the client certificate (cases: %d)", c, len(cases))
	}
	if c := seen["either/valid"]; c.Kind != Valid || !c.Request.Auth.Token || len(c.Request.Auth.Scopes) != 1 || !strings.HasSuffix(c.Request.Auth.Scopes[0], "notes.read") {
		t.Errorf("either/valid: %+v, want a token with notes.read", c)
	}
}
