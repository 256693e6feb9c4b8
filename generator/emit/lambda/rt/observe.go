package rt

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/go-faster/jx"
)

// RequestIDHeader carries a request's id: callers may send one, every
// answer has one, and legacy backends get it.
const RequestIDHeader = "X-Request-Id"

// TraceparentHeader is the W3C Trace Context header, passed on when well-formed.
const TraceparentHeader = "Traceparent"

// MaxRequestIDLength is the longest request id a caller may choose.
const MaxRequestIDLength = 128

type requestIDKey struct{}

// RequestIDFromContext returns the id of the request being served: the
// caller's X-Request-Id when it is well-formed, else API Gateway's request
// id. A client calling another service sends it on as X-Request-Id.
func RequestIDFromContext(ctx context.Context) string {
	if ids, ok := ctx.Value(requestIDKey{}).(*requestIDs); ok {
		return ids.id
	}
	return ""
}

// TraceparentFromContext returns the caller's W3C traceparent header when
// it was well-formed ("" otherwise), to send on to services called.
func TraceparentFromContext(ctx context.Context) string {
	if ids, ok := ctx.Value(requestIDKey{}).(*requestIDs); ok {
		return ids.traceparent
	}
	return ""
}

// RequestID is the id of a request: the caller's value when it is 1 to
// MaxRequestIDLength letters, digits, '.', '_' or '-', else fallback (the
// gateway's id). An id chosen by a caller never carries anything a log or
// a header could misread.
func RequestID(caller, fallback string) string {
	if caller == "" || len(caller) > MaxRequestIDLength {
		return fallback
	}
	for i := 0; i < len(caller); i++ {
		c := caller[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fallback
		}
	}
	return caller
}

// ValidTraceparent reports whether tp is a W3C traceparent of version 00:
// "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", ids not all zero.
func ValidTraceparent(tp string) bool {
	if len(tp) != 55 || tp[:3] != "00-" || tp[35] != '-' || tp[52] != '-' {
		return false
	}
	hex := func(s string) bool {
		zero := true
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
			zero = zero && c == '0'
		}
		return !zero
	}
	return hex(tp[3:35]) && hex(tp[36:52]) && (hex(tp[53:55]) || tp[53:55] == "00")
}

// logger, when set (SetLogger), writes the request log. Without one the
// function writes each line itself (writeLine) to logOut: the JSON that
// slog's JSONHandler would write, without its per-call allocations.
var logger *slog.Logger

// logOut receives the request log without a logger: standard output,
// which Lambda's JSON log format keeps as is.
var logOut io.Writer = os.Stdout

// logLevel is the least level the function writes: Lambda's application
// log level (AWS_LAMBDA_LOG_LEVEL, from the template's LoggingConfig),
// INFO without one. Request lines below it cost nothing but the check.
var logLevel = func() slog.Level {
	var l slog.Level
	if v := os.Getenv("AWS_LAMBDA_LOG_LEVEL"); v == "" || l.UnmarshalText([]byte(v)) != nil {
		return slog.LevelInfo
	}
	return l
}()

// SetLogger replaces the request log's writer with l (for tests and local
// runs); nil goes back to standard output.
func SetLogger(l *slog.Logger) { logger = l }

// observe serves r with its request id (and traceparent) in the context,
// puts the id on the answer, and logs the request: id, operation, method,
// route template, status, duration, the caller's sub and client id, and
// the JSON pointers of validation failures. Never a token, a cookie, a
// raw path, a query value or a body.
func observe(ctx context.Context, svc *Service, d Dispatch, r *Request, gatewayID string) Reply {
	start := time.Now()
	ids := &requestIDs{Context: ctx}
	caller := r.header.Get(RequestIDHeader)
	ids.id = RequestID(caller, gatewayID)
	if caller != ids.id {
		r.header.Set(RequestIDHeader, ids.id)
	}
	if tp := r.header.Get(TraceparentHeader); tp != "" {
		if ValidTraceparent(tp) {
			ids.traceparent = tp
		} else {
			r.header.Del(TraceparentHeader)
		}
	}
	rep := serve(ids, svc, d, r)
	if rep.header == nil {
		rep.header = map[string]string{}
	}
	if ids.id != "" {
		rep.header[RequestIDHeader] = ids.id
	}
	level := slog.LevelInfo
	if rep.status >= 500 {
		level = slog.LevelError
	}
	if l := logger; l != nil && !l.Enabled(ctx, level) || l == nil && level < logLevel {
		return rep
	}
	end := time.Now()
	var buf [10]slog.Attr
	attrs := append(buf[:0], slog.String("requestId", ids.id))
	if r.route > 0 {
		rt := &svc.spec.Routes[r.route-1]
		attrs = append(attrs, slog.String("operation", svc.spec.Operations[r.route-1]), slog.String("method", rt.Method), slog.String("route", rt.Template))
	} else {
		attrs = append(attrs, slog.String("method", r.method))
	}
	attrs = append(attrs, slog.Int("status", rep.status), slog.Float64("durationMs", float64(end.Sub(start).Microseconds())/1000))
	if c := r.claims; c != nil {
		attrs = append(attrs, slog.String("sub", c.Subject))
		if cid := c.Values["client_id"]; cid != "" {
			attrs = append(attrs, slog.String("clientId", cid))
		}
	}
	if len(rep.errs) > 0 {
		attrs = append(attrs, slog.Any("invalid", invalidList(rep.errs)))
	}
	if l := logger; l != nil {
		l.LogAttrs(ctx, level, "request", attrs...)
	} else {
		writeLine(end, level, "request", attrs)
	}
	return rep
}

// Bounds of the request log's "invalid" list: a pointer holds the caller's
// property names and keys, so each entry is cut to logEntryMax bytes (at a
// rune boundary, marked with "…") and the list to logEntriesMax entries
// (then "+N more"), keeping a line far below CloudWatch Logs' 256 KB event
// limit whatever the request (at most about 8 KB of entries).
const (
	logEntryMax   = 128
	logEntriesMax = 60
)

// invalidList is the "invalid" attribute: in:name/pointer of each failure,
// bounded.
func invalidList(errs []ProblemError) []string {
	n := min(len(errs), logEntriesMax)
	out := make([]string, n, n+1)
	for i, e := range errs[:n] {
		out[i] = boundEntry(e.In + ":" + e.Name + e.Pointer)
	}
	if len(errs) > n {
		out = append(out, "+"+strconv.Itoa(len(errs)-n)+" more")
	}
	return out
}

// boundEntry cuts s to at most logEntryMax bytes at a rune boundary, the
// cut marked with "…".
func boundEntry(s string) string {
	if len(s) <= logEntryMax {
		return s
	}
	i := logEntryMax - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// requestIDs is the context a handler gets: the request id and the
// traceparent in one value (one allocation per request, not one per key).
type requestIDs struct {
	context.Context
	id, traceparent string
}

func (c *requestIDs) Value(key any) any {
	if key == (requestIDKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// writeLine writes one JSON log line to logOut, in one write: what slog's
// JSONHandler writes (time, level, msg, then the attributes), encoded with
// jx as the validators' JSON is, for the kinds the request log uses.
func writeLine(t time.Time, level slog.Level, msg string, attrs []slog.Attr) {
	e := jx.GetEncoder()
	appendLine(e, t, level, msg, attrs)
	e.RawStr("\n")
	logOut.Write(e.Bytes())
	jx.PutEncoder(e)
}

func appendLine(e *jx.Encoder, t time.Time, level slog.Level, msg string, attrs []slog.Attr) {
	var tb [48]byte
	var sb [160]byte
	e.ObjStart()
	e.FieldStart("time")
	e.Raw(append(t.AppendFormat(append(tb[:0], '"'), time.RFC3339Nano), '"'))
	e.FieldStart("level")
	e.Str(level.String())
	e.FieldStart("msg")
	e.Str(msg)
	for _, a := range attrs {
		e.FieldStart(a.Key)
		switch v := a.Value; v.Kind() {
		case slog.KindString:
			e.Raw(appendLogString(sb[:0], v.String(), false))
		case slog.KindInt64:
			e.Int64(v.Int64())
		case slog.KindFloat64:
			e.Float64(v.Float64())
		default:
			list, _ := v.Any().([]string)
			e.ArrStart()
			for _, s := range list {
				e.Raw(appendLogString(sb[:0], s, true))
			}
			e.ArrEnd()
		}
	}
	e.ObjEnd()
}

// appendLogString appends s as a JSON string exactly as slog's JSONHandler
// writes it: a string attribute as log/slog's appendEscapedJSONString
// does (\n, \r, \t, other control bytes as \u00XX, each byte of invalid
// UTF-8 as \ufffd, U+2028/U+2029 escaped); one inside an Any value as
// encoding/json does (marshalled: the same, but \b and \f short), so a
// log reader that splits or evaluates lines sees what it would from slog.
func appendLogString(dst []byte, s string, marshalled bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b', '\f':
				switch {
				case !marshalled:
					dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
				case b == '\b':
					dst = append(dst, '\\', 'b')
				default:
					dst = append(dst, '\\', 'f')
				}
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}
