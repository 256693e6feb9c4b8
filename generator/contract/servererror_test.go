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
