package rt

// The function's request log line, which it writes itself (writeLine)
// unless SetLogger gave it a logger.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// slogLine is what slog's JSONHandler writes for the same line.
func slogLine(t testing.TB, at time.Time, level slog.Level, msg string, attrs []slog.Attr) []byte {
	var buf bytes.Buffer
	r := slog.NewRecord(at, level, msg, 0)
	r.AddAttrs(attrs...)
	if err := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeLine(t testing.TB, line []byte) map[string]any {
	t.Helper()
	if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
		t.Fatalf("not one line: %q", line)
	}
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("not JSON: %v: %q", err, line)
	}
	return m
}

// sameAsSlog checks that writeLine's line says what slog's JSONHandler
// would: the same keys, in the same order, with the same values.
func sameAsSlog(t testing.TB, level slog.Level, attrs []slog.Attr) {
	t.Helper()
	at := time.Date(2026, 12, 3, 10, 4, 5, 123456789, time.FixedZone("", 3600))
	var buf bytes.Buffer
	logOut = &buf
	writeLine(at, level, "request", attrs)
	want := slogLine(t, at, level, "request", attrs)
	got, wantM := decodeLine(t, buf.Bytes()), decodeLine(t, want)
	if !reflect.DeepEqual(got, wantM) {
		t.Fatalf("writeLine wrote %s\nslog writes     %s", buf.Bytes(), want)
	}
	keys := func(line []byte) []string {
		var out []string
		d := json.NewDecoder(bytes.NewReader(line))
		d.Token()
		for d.More() {
			k, _ := d.Token()
			out = append(out, k.(string))
			var skip json.RawMessage
			d.Decode(&skip)
		}
		return out
	}
	if g, w := keys(buf.Bytes()), keys(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("keys %q, slog's %q", g, w)
	}
	// Strings byte for byte: the same value can be written in many ways
	// (U+2028 raw or \u2028, invalid UTF-8 as raw U+FFFD or \ufffd); the
	// line must be written slog's way.
	g, w := rawValues(buf.Bytes()), rawValues(want)
	for _, a := range attrs {
		if k := a.Value.Kind(); (k == slog.KindString || k == slog.KindAny) && g[a.Key] != w[a.Key] {
			t.Fatalf("%s written as %s, slog writes %s", a.Key, g[a.Key], w[a.Key])
		}
	}
}

// rawValues is each top-level key's value as written.
func rawValues(line []byte) map[string]string {
	out := map[string]string{}
	d := json.NewDecoder(bytes.NewReader(line))
	d.Token()
	for d.More() {
		k, _ := d.Token()
		var raw json.RawMessage
		d.Decode(&raw)
		out[k.(string)] = string(raw)
	}
	return out
}

var hostile = []string{"", "plain", `quote " and \ backslash`, "new\nline\ttab\rcr", "\x00\x01\x1f\x7f", "bad utf8 \xff\xfe end",
	"<script>&amp;</script>", "line\u2028sep\u2029para", "é ü 日本 😀", strings.Repeat("long-", 300)}

func TestRequestLineAsSlogWrites(t *testing.T) {
	t.Cleanup(func() { SetLogger(nil) })
	for _, s := range hostile {
		sameAsSlog(t, slog.LevelInfo, []slog.Attr{slog.String("requestId", s), slog.String("method", "GET"), slog.Int("status", 200),
			slog.Float64("durationMs", 0.125), slog.String("sub", s), slog.Any("invalid", []string{"query:limit", s})})
	}
	for _, f := range []float64{0, 0.001, 1, 12.5, 29000.999, 1e21, 1e-7, 123456789.123} {
		sameAsSlog(t, slog.LevelError, []slog.Attr{slog.Float64("durationMs", f), slog.Int("status", 503)})
	}
	sameAsSlog(t, slog.LevelWarn, nil)
}

// TestRequestLineRandom: whatever the strings (any bytes, control
// characters, quotes and invalid UTF-8 often) and numbers (any finite
// float64, any int64), writeLine says what slog's JSONHandler says.
func TestRequestLineRandom(t *testing.T) {
	t.Cleanup(func() { SetLogger(nil) })
	rng := rand.New(rand.NewPCG(20, 12))
	const alphabet = "aZ09-._ \"\\\n\t\r\b\f\x00\x1f\x7f<>&\xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\xef\xbf\xbd\xf0\x9f\x98\x80\xff\xfe\xc3\xed\xa0\x80"
	str := func() string {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		return string(b)
	}
	for i := 0; i < 3000; i++ {
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue // slog writes an error there; durations are finite
		}
		if i%2 == 0 {
			f = float64(rng.IntN(30_000_000)) / 1000 // a duration in ms, to the microsecond
		}
		sameAsSlog(t, slog.LevelInfo, []slog.Attr{slog.String("requestId", str()), slog.Int64("status", int64(rng.Uint64())),
			slog.Float64("durationMs", f), slog.String("sub", str()), slog.Any("invalid", []string{str(), str()})})
	}
}

// logHandler answers getHealth (200, or a failure) and keeps what its context said.
type logHandler struct {
	fail            bool
	id, traceparent string
	deadline        bool
}

// dispatch is what the generated router's dispatch does for getHealth.
func (h *logHandler) dispatch(ctx context.Context, _ int, _ *Request, _ []string) Reply {
	h.id, h.traceparent = RequestIDFromContext(ctx), TraceparentFromContext(ctx)
	_, h.deadline = ctx.Deadline()
	if h.fail {
		return HandlerError("getHealth", errors.New("backend down"))
	}
	return Encode("getHealth", Response{Status: 200, Body: map[string]string{"status": "ok"}})
}

func healthEvent(id, traceparent string) events.APIGatewayProxyRequest {
	e := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/health", Resource: "/health",
		Headers: map[string]string{"X-Request-Id": id, "Traceparent": traceparent}}
	e.RequestContext.RequestID = "gw-1"
	e.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": "alice", "client_id": "web"}}
	return e
}

// TestObserveLogsOnceAtTheLevel: the handler's context carries the request
// id and traceparent (and the caller's deadline); one line per request
// names them; a line below Lambda's log level (logLevel) or below a
// SetLogger logger's level is not written at all.
func TestObserveLogsOnceAtTheLevel(t *testing.T) {
	defer func(l slog.Level) { logLevel = l; SetLogger(nil) }(logLevel)
	var buf bytes.Buffer
	logOut = &buf
	h := &logHandler{}
	health := NewService(Spec{MaxBodyBytes: 1 << 20, Routes: []Route{{Method: "GET", Template: "/health", Segs: []Segment{{Prefix: "health"}}}},
		Operations: []string{"getHealth"}})
	fn := NewRESTHandler(health, h.dispatch)
	tp := "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, _ := fn(ctx, healthEvent("case-7", tp))
	if res.StatusCode != 200 || res.Headers["X-Request-Id"] != "case-7" || h.id != "case-7" || h.traceparent != tp || !h.deadline {
		t.Fatalf("status %d, X-Request-Id %q; the handler saw id %q, traceparent %q, deadline %v", res.StatusCode, res.Headers["X-Request-Id"], h.id, h.traceparent, h.deadline)
	}
	line := decodeLine(t, buf.Bytes())
	for k, v := range map[string]any{"msg": "request", "level": "INFO", "requestId": "case-7", "operation": "getHealth", "route": "/health",
		"status": json.Number("200"), "sub": "alice", "clientId": "web"} {
		if line[k] != v {
			t.Errorf("line %s = %v, want %v: %s", k, line[k], v, buf.Bytes())
		}
	}
	buf.Reset()
	fn(ctx, healthEvent("bad id", "00-bad"))
	if h.id != "gw-1" || h.traceparent != "" || !strings.Contains(buf.String(), `"requestId":"gw-1"`) {
		t.Errorf("malformed id and traceparent: handler saw %q, %q; line %s", h.id, h.traceparent, buf.Bytes())
	}

	logLevel = slog.LevelWarn
	buf.Reset()
	fn(ctx, healthEvent("a", ""))
	if buf.Len() != 0 {
		t.Errorf("an INFO line at level WARN: %s", buf.Bytes())
	}
	h.fail = true
	fn(ctx, healthEvent("b", ""))
	if line := decodeLine(t, buf.Bytes()); line["level"] != "ERROR" || line["status"] != json.Number("500") {
		t.Errorf("a 500 at level WARN: %s", buf.Bytes())
	}

	var custom bytes.Buffer
	SetLogger(slog.New(slog.NewJSONHandler(&custom, &slog.HandlerOptions{Level: slog.LevelError + 1})))
	buf.Reset()
	fn(ctx, healthEvent("c", ""))
	if buf.Len() != 0 || custom.Len() != 0 {
		t.Errorf("a line below the logger's level: %q / %q", buf.Bytes(), custom.Bytes())
	}
	SetLogger(slog.New(slog.NewJSONHandler(&custom, nil)))
	fn(ctx, healthEvent("d", ""))
	if buf.Len() != 0 || !strings.Contains(custom.String(), `"requestId":"d"`) {
		t.Errorf("SetLogger's logger did not get the line: %q / %q", buf.Bytes(), custom.Bytes())
	}
}
