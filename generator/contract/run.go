package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Response is a target's answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Target sends a case's request where the service runs.
type Target interface {
	Do(ctx context.Context, r Request) (Response, error)
}

// ErrNoToken is returned by a target that cannot get the token a case
// needs (an ID token, or one with fewer scopes, from a fixed --token); the
// case is then skipped with the reason.
var ErrNoToken = errors.New("no token of this kind is available")

// Outcome is a case's verdict.
type Outcome string

// The outcomes. Only Fail fails a run.
const (
	Pass           Outcome = "pass"
	Fail           Outcome = "fail"
	Skip           Outcome = "skip"
	NotImplemented Outcome = "not-implemented"
)

// Result is one case's verdict.
type Result struct {
	Name      string        `json:"name"`
	Operation string        `json:"operation"`
	Kind      Kind          `json:"kind"`
	Outcome   Outcome       `json:"outcome"`
	Status    int           `json:"status,omitempty"` // what the target answered
	Detail    string        `json:"detail,omitempty"` // why it failed or was skipped
	Duration  time.Duration `json:"duration_ns"`
}

// Options change how Run judges.
type Options struct {
	// RequireImplemented fails a 501 answer to a valid request instead of
	// reporting the operation as not implemented.
	RequireImplemented bool
	// Doc is the spec; responses to valid requests are checked against its
	// declared statuses and schemas.
	Doc *openapi3.T
	// SpecFile names the spec in what a report says about it (its base
	// name is used when the document's origins name no file).
	SpecFile string
	// Progress, when set, gets one line per case as it finishes.
	Progress io.Writer
}

// Run sends every case to t and judges the answers.
func Run(ctx context.Context, t Target, cases []Case, opts Options) []Result {
	out := make([]Result, 0, len(cases))
	for i, c := range cases {
		start := time.Now()
		r := judge(ctx, t, c, opts)
		r.Duration = time.Since(start)
		out = append(out, r)
		if opts.Progress != nil {
			line := fmt.Sprintf("[%d/%d] %-15s %s", i+1, len(cases), r.Outcome, r.Name)
			if r.Detail != "" && r.Outcome != Pass {
				line += ": " + r.Detail
			}
			fmt.Fprintln(opts.Progress, line)
		}
	}
	return out
}

func judge(ctx context.Context, t Target, c Case, opts Options) Result {
	r := Result{Name: c.Name, Operation: c.Operation, Kind: c.Kind}
	if c.Kind == Skipped {
		r.Outcome, r.Detail = Skip, c.Skip
		return r
	}
	res, err := t.Do(ctx, c.Request)
	switch {
	case errors.Is(err, ErrNoToken):
		r.Outcome, r.Detail = Skip, err.Error()
		return r
	case err != nil:
		r.Outcome, r.Detail = Fail, err.Error()
		return r
	}
	r.Status = res.Status
	fail := func(format string, a ...any) Result {
		r.Outcome, r.Detail = Fail, fmt.Sprintf(format, a...)
		return r
	}
	if c.Kind == Valid {
		switch res.Status {
		case http.StatusNotImplemented:
			if opts.RequireImplemented {
				return fail("the handler is not implemented (501) and --require-implemented is set")
			}
			r.Outcome, r.Detail = NotImplemented, "the handler answered 501"
			return r
		case http.StatusBadRequest:
			if note := unsatisfiable(opts.Doc, opts.SpecFile, requestSchema(opts.Doc, c)); note != "" {
				return fail("the spec's request body schema accepts no value: %s (fix the spec; specgate lint warns: allof-closed); the request was refused with 400: %s", note, excerpt(res.Body))
			}
			return fail("a valid request was refused with %d: %s", res.Status, excerpt(res.Body))
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusUnsupportedMediaType:
			return fail("a valid request was refused with %d: %s", res.Status, excerpt(res.Body))
		}
		if res.Status >= 500 {
			// A declared default or 5XX response describes how failures
			// look, not that failing is a right answer to a valid request.
			return fail("%s answered a valid request with %d, a server error (the implementation failed; a declared default or 5XX response does not make that pass): %s", c.Operation, res.Status, excerpt(res.Body))
		}
		if err := checkResponse(opts.Doc, opts.SpecFile, c, res); err != nil {
			return fail("%v", err)
		}
		r.Outcome = Pass
		return r
	}
	if res.Status != c.Status {
		return fail("answered %d, want %d: %s", res.Status, c.Status, excerpt(res.Body))
	}
	if ct := mediaType(res.Header.Get("Content-Type")); ct != "application/problem+json" {
		return fail("answered %d with Content-Type %q, want application/problem+json", res.Status, ct)
	}
	if c.Status == http.StatusBadRequest {
		if err := namesLocation(res.Body, c.In, c.Where); err != nil {
			return fail("%v", err)
		}
	}
	r.Outcome = Pass
	return r
}

// namesLocation checks that a 400 problem lists an error at in/where.
func namesLocation(body []byte, in, where string) error {
	var p struct {
		Errors []struct {
			In      string `json:"in"`
			Name    string `json:"name"`
			Pointer string `json:"pointer"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("the problem is not JSON: %v", err)
	}
	for _, e := range p.Errors {
		if e.In != in {
			continue
		}
		if in == "body" && (e.Pointer == where || strings.HasPrefix(e.Pointer, where+"/")) {
			return nil
		}
		if in != "body" && strings.EqualFold(e.Name, where) {
			return nil
		}
	}
	return fmt.Errorf("the problem does not name %s %s: %s", in, where, excerpt(body))
}

// declared returns the spec's response for status (exact, range, default).
func declared(doc *openapi3.T, c Case, status int) *openapi3.Response {
	if doc == nil || doc.Paths == nil {
		return nil
	}
	item := doc.Paths.Value(c.Request.Template)
	if item == nil {
		return nil
	}
	op := item.GetOperation(c.Request.Method)
	if op == nil || op.Responses == nil {
		return nil
	}
	if r := op.Responses.Value(strconv.Itoa(status)); r != nil && r.Value != nil {
		return r.Value
	}
	if r := op.Responses.Value(strconv.Itoa(status/100) + "XX"); r != nil && r.Value != nil {
		return r.Value
	}
	if r := op.Responses.Default(); r != nil && r.Value != nil {
		return r.Value
	}
	return nil
}

// requestSchema is the schema of the body a case sends, or nil.
func requestSchema(doc *openapi3.T, c Case) *openapi3.SchemaRef {
	if doc == nil || doc.Paths == nil || c.Request.ContentType == "" {
		return nil
	}
	item := doc.Paths.Value(c.Request.Template)
	if item == nil {
		return nil
	}
	op := item.GetOperation(c.Request.Method)
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	if mt := op.RequestBody.Value.Content.Get(c.Request.ContentType); mt != nil {
		return mt.Schema
	}
	return nil
}

// checkResponse judges an answer by the operation's declared responses:
// its status must be declared, and a JSON body must match the schema.
func checkResponse(doc *openapi3.T, specFile string, c Case, res Response) error {
	if doc == nil {
		return nil
	}
	d := declared(doc, c, res.Status)
	if d == nil {
		return fmt.Errorf("%s answered %d, which the operation does not declare", c.Operation, res.Status)
	}
	if len(d.Content) == 0 {
		return nil
	}
	ct := mediaType(res.Header.Get("Content-Type"))
	mt := d.Content.Get(ct)
	if mt == nil {
		if ct == "application/problem+json" && res.Status >= 400 {
			return nil
		}
		return fmt.Errorf("%s answered %d with Content-Type %q, which the response does not declare", c.Operation, res.Status, ct)
	}
	if mt.Schema == nil || mt.Schema.Value == nil || !strings.Contains(ct, "json") {
		return nil
	}
	var v any
	if err := json.Unmarshal(res.Body, &v); err != nil {
		return fmt.Errorf("%s answered %d with a body that is not JSON: %v", c.Operation, res.Status, err)
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		if note := unsatisfiable(doc, specFile, mt.Schema); note != "" {
			return fmt.Errorf("%s answered %d, whose response schema in the spec accepts no value: %s (fix the spec; specgate lint warns: allof-closed); the body breaks it at %s", c.Operation, res.Status, note, schemaErrors(err))
		}
		return fmt.Errorf("%s answered %d with a body that breaks its response schema: %s", c.Operation, res.Status, schemaErrors(err))
	}
	return nil
}

func mediaType(ct string) string {
	m, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.TrimSpace(ct)
	}
	return m
}

func excerpt(b []byte) string {
	s := oneLine(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// schemaErrors says where and why a body breaks its schema, briefly: the
// first three errors, without kin-openapi's dump of the schema and value.
func schemaErrors(err error) string {
	var all []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		all = me
	} else {
		all = []error{err}
	}
	var parts []string
	for _, e := range all {
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			parts = append(parts, "/"+strings.Join(se.JSONPointer(), "/")+": "+se.Reason)
		} else {
			parts = append(parts, excerpt([]byte(e.Error())))
		}
	}
	sort.Strings(parts)
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("and %d more", len(parts)-3))
	}
	return strings.Join(parts, "; ")
}
