// The JSON Schema Test Suite runner, dropped into the api package of a
// project generated from a converted suite (module example.com/suitesvc) by
// generator/conformance_test.go. It sends every instance of cases.json as
// the body of its operation to the generated HTTP API handler, wired to the
// generated stubs, and writes each verdict to verdicts.json: 400 means the
// generated validation refused the body, the stubs' 501 means it reached
// the handler. Any other answer is reported as it is.
package api_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/suitesvc/api"
	"example.com/suitesvc/handlers"
)

type suiteCase struct {
	Path string          `json:"path"`
	Body json.RawMessage `json:"body"`
}

func TestSuite(t *testing.T) {
	data, err := os.ReadFile("cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []suiteCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	svc, err := handlers.New()
	if err != nil {
		t.Fatal(err)
	}
	h := api.NewHTTPHandler(svc)
	verdicts := make([]int, len(cases))
	for i, c := range cases {
		e := events.APIGatewayV2HTTPRequest{
			RawPath: c.Path,
			Headers: map[string]string{"content-type": "application/json"},
			Body:    string(c.Body),
		}
		e.RequestContext.HTTP.Method = "POST"
		e.RequestContext.HTTP.Path = c.Path
		res, err := h(context.Background(), e)
		if err != nil {
			t.Fatalf("%s %s: %v", c.Path, c.Body, err)
		}
		verdicts[i] = res.StatusCode
	}
	out, err := json.Marshal(verdicts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("verdicts.json", out, 0o644); err != nil {
		t.Fatal(err)
	}
}
