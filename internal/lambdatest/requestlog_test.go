package lambdatest_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/specgate/specgate/generator/model"
)

// Values a request log must never hold: they travel in tokens, cookies,
// bodies and query strings.
const (
	secretToken  = "eyTOKENSECRET.payload.sig"
	secretCookie = "COOKIESECRET"
	secretBody   = "BODYSECRET business cards"
	secretQuery  = "QUERYSECRET"
)

// gatewayRequestID is the requestContext.requestId the test events carry.
func gatewayRequestID(kind model.APIKind) string {
	if kind == model.HTTP {
		return "JKJaXmPLvHcESHA="
	}
	return "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
}

// checkRequestLog sends requests with well-formed, malformed and missing
// X-Request-Id headers, with a token, a cookie, a body and a query value,
// and checks the answers' X-Request-Id and the function's JSON log lines.
func checkRequestLog(t *testing.T, fn gateway, output func() string) {
	product := strings.Replace(`{"sku":"BC-0001","name":"NAME","category":"business-cards","price":{"amount":25,"currency":"EUR"},"dimensions":{"widthMm":85,"heightMm":55}}`, "NAME", secretBody, 1)
	hdr := func(id string) map[string]string {
		h := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + secretToken, "Cookie": "session=" + secretCookie}
		if id != "" {
			h["X-Request-Id"] = id
		}
		return h
	}
	gw := gatewayRequestID(fn.kind)
	cases := []struct {
		name, sent, want string
		r                req
		status           int
		invalid          string // a pointer the log line lists
	}{
		{name: "the caller's id", sent: "support-42.case_7", want: "support-42.case_7",
			r: req{method: "POST", path: "/products", template: "/products", body: product}, status: http.StatusCreated},
		{name: "malformed id replaced", sent: "bad id\"}{" + secretQuery, want: gw,
			r: req{method: "POST", path: "/products", template: "/products", body: product}, status: http.StatusCreated},
		{name: "too long id replaced", sent: strings.Repeat("a", 129), want: gw,
			r: req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {"3"}, "cursor": {secretQuery}}}, status: http.StatusOK},
		{name: "no id: the gateway's", want: gw,
			r: req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {secretQuery}}}, status: http.StatusBadRequest, invalid: "query:limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			r.header = hdr(c.sent)
			before := len(output())
			res := fn.call(t, r)
			if res.status != c.status {
				t.Fatalf("status %d, want %d: %s", res.status, c.status, res.body)
			}
			if got := res.header["X-Request-Id"]; got != c.want {
				t.Errorf("X-Request-Id %q, want %q", got, c.want)
			}
			line := requestLine(t, func() string { return output()[before:] }, c.want, c.status)
			want := map[string]any{"method": r.method, "route": r.template, "status": float64(c.status), "sub": "alice", "clientId": "web", "level": "INFO", "msg": "request"}
			want["operation"] = map[string]string{"POST": "createProduct", "GET": "listProducts"}[r.method]
			for k, v := range want {
				if line[k] != v {
					t.Errorf("log line %s = %v, want %v: %v", k, line[k], v, line)
				}
			}
			if _, ok := line["durationMs"].(float64); !ok {
				t.Errorf("log line has no durationMs: %v", line)
			}
			if c.invalid != "" && !strings.Contains(stringOf(line["invalid"]), c.invalid) {
				t.Errorf("log line invalid = %v, want it to list %s", line["invalid"], c.invalid)
			}
		})
	}
}

// noSecrets checks that no log line holds a token, a cookie, a body value
// or a query value a test sent.
func noSecrets(t *testing.T, out string) {
	if !strings.Contains(out, `"msg":"request"`) {
		t.Fatalf("no request log line in the output:\n%s", out)
	}
	for _, s := range []string{secretToken, secretCookie, secretBody, secretQuery, "Linen business cards", "ord_abc123def456"} {
		if strings.Contains(out, s) {
			t.Errorf("the function's output holds %q:\n%s", s, out)
		}
	}
}

// requestLine finds the JSON request log line with this request id and
// status, waiting a little for the process's output to arrive.
func requestLine(t *testing.T, output func() string, id string, status int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		out := output()
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			text := sc.Text()
			i := strings.Index(text, "{")
			if i < 0 {
				continue
			}
			var line map[string]any
			if json.Unmarshal([]byte(text[i:]), &line) == nil && line["msg"] == "request" && line["requestId"] == id && line["status"] == float64(status) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no JSON request log line with requestId %q and status %d in:\n%s", id, status, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func stringOf(v any) string { b, _ := json.Marshal(v); return string(b) }

// localRequestIDs sends requests with a well-formed and a malformed
// X-Request-Id (and a malformed traceparent) to the local server, to the
// function and to a legacy backend: the answer carries the caller's id or
// a new one, the backend gets the same id and no malformed traceparent,
// and the server's log line has it.
func localRequestIDs(t *testing.T, srv *localClient, stub *legacyStub, token string, legacy req) {
	orders := req{method: "GET", path: "/orders", query: url.Values{"cursor": {secretQuery}},
		header: map[string]string{"Cookie": "session=" + secretCookie}}
	for _, c := range []struct {
		name string
		r    req
	}{{"function", orders}, {"legacy backend", legacy}} {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			r.header = map[string]string{"X-Request-Id": "support-42.case_7", "Traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
			for k, v := range c.r.header {
				r.header[k] = v
			}
			before := len(srv.Output())
			res := srv.send(t, r, token)
			if res.status != http.StatusOK || res.header["X-Request-Id"] != "support-42.case_7" {
				t.Fatalf("%d X-Request-Id %q, want 200 with the caller's id: %s", res.status, res.header["X-Request-Id"], res.body)
			}
			line := requestLine(t, func() string { return srv.Output()[before:] }, "support-42.case_7", http.StatusOK)
			if line["sub"] != "alice" || line["method"] != r.method || line["route"] == nil {
				t.Errorf("log line %v, want alice's %s with its route template", line, r.method)
			}
			if c.name == "legacy backend" {
				if got := stub.last(t); got.requestID != "support-42.case_7" || got.traceparent != r.header["Traceparent"] {
					t.Errorf("the backend got X-Request-Id %q and traceparent %q, want the caller's", got.requestID, got.traceparent)
				}
			}
			r.header["X-Request-Id"] = "no spaces <allowed>"
			r.header["Traceparent"] = "00-zz-not-a-trace"
			res = srv.send(t, r, token)
			id := res.header["X-Request-Id"]
			if res.status != http.StatusOK || id == "" || strings.ContainsAny(id, " <>") {
				t.Fatalf("%d X-Request-Id %q, want 200 with a new id replacing the malformed one", res.status, id)
			}
			requestLine(t, srv.Output, id, http.StatusOK)
			if c.name == "legacy backend" {
				if got := stub.last(t); got.requestID != id || got.traceparent != "" {
					t.Errorf("the backend got X-Request-Id %q and traceparent %q, want %q and none (malformed)", got.requestID, got.traceparent, id)
				}
			}
		})
	}
}
