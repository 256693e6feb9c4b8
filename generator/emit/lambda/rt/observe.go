package rt

import (
	"context"
	"log/slog"
	"os"
	"time"
)

// RequestIDHeader carries a request's id: callers may send one, every
// answer has one, and legacy backends get it.
const RequestIDHeader = "X-Request-Id"

// TraceparentHeader is the W3C Trace Context header, passed on when well-formed.
const TraceparentHeader = "Traceparent"

// MaxRequestIDLength is the longest request id a caller may choose.
const MaxRequestIDLength = 128

type requestIDKey struct{}
type traceparentKey struct{}

// RequestIDFromContext returns the id of the request being served: the
// caller's X-Request-Id when it is well-formed, else API Gateway's request
// id. A client calling another service sends it on as X-Request-Id.
func RequestIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// TraceparentFromContext returns the caller's W3C traceparent header when
// it was well-formed ("" otherwise), to send on to services called.
func TraceparentFromContext(ctx context.Context) string {
	tp, _ := ctx.Value(traceparentKey{}).(string)
	return tp
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

// logger writes the request log: one JSON line per request on standard
// output, which Lambda's JSON log format keeps as is.
var logger = slog.New(slog.NewJSONHandler(os.Stdout, nil))

// SetLogger replaces the request log's logger (for tests and local runs).
func SetLogger(l *slog.Logger) {
	if l != nil {
		logger = l
	}
}

// observe serves r with its request id (and traceparent) in the context,
// puts the id on the answer, and logs the request: id, operation, method,
// route template, status, duration, the caller's sub and client id, and
// the JSON pointers of validation failures. Never a token, a cookie, a
// raw path, a query value or a body.
func observe(ctx context.Context, h Handler, r *request, gatewayID string) reply {
	start := time.Now()
	id := RequestID(r.header.Get(RequestIDHeader), gatewayID)
	r.header.Set(RequestIDHeader, id)
	ctx = context.WithValue(ctx, requestIDKey{}, id)
	if tp := r.header.Get(TraceparentHeader); tp != "" {
		if ValidTraceparent(tp) {
			ctx = context.WithValue(ctx, traceparentKey{}, tp)
		} else {
			r.header.Del(TraceparentHeader)
		}
	}
	rep := serve(ctx, h, r)
	if rep.header == nil {
		rep.header = map[string]string{}
	}
	if id != "" {
		rep.header[RequestIDHeader] = id
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs, slog.String("requestId", id))
	if r.route > 0 {
		rt := &routes[r.route-1]
		attrs = append(attrs, slog.String("operation", routeOps[r.route-1]), slog.String("method", rt.method), slog.String("route", rt.template))
	} else {
		attrs = append(attrs, slog.String("method", r.method))
	}
	attrs = append(attrs, slog.Int("status", rep.status), slog.Float64("durationMs", float64(time.Since(start).Microseconds())/1000))
	if c := r.claims; c != nil {
		attrs = append(attrs, slog.String("sub", c.Subject))
		if cid := c.Values["client_id"]; cid != "" {
			attrs = append(attrs, slog.String("clientId", cid))
		}
	}
	if len(rep.errs) > 0 {
		ptrs := make([]string, len(rep.errs))
		for i, e := range rep.errs {
			ptrs[i] = e.In + ":" + e.Name + e.Pointer
		}
		attrs = append(attrs, slog.Any("invalid", ptrs))
	}
	level := slog.LevelInfo
	if rep.status >= 500 {
		level = slog.LevelError
	}
	logger.LogAttrs(ctx, level, "request", attrs...)
	return rep
}
