package rt

import (
	"context"
	"net/http"
)

// serviceHooks is what the client takes from the api package of the
// service it belongs to, so that a call made while serving a request
// carries that request's id on. The generated client.gen.go declares the
// variable service with the api package's RequestIDFromContext,
// TraceparentFromContext and RequestID; rt itself imports nothing of api.
// Unset, calls carry only ids given with ContextWithRequestID, and no id is
// trusted unchecked.
type serviceHooks struct {
	requestID   func(ctx context.Context) string // the id of the request a handler serves ("" outside one)
	traceparent func(ctx context.Context) string // its W3C traceparent, checked by the service ("" when none)
	checkID     func(caller, fallback string) string
}

// callerIDKey is the context key of an id given with ContextWithRequestID.
type callerIDKey struct{}

// ContextWithRequestID returns ctx carrying id as the request id of the
// calls made with it: for a batch job or a command, which serves no request
// of its own, to tag its calls with an id its own logs name. The service
// called answers with that id in X-Request-Id and logs it.
//
// A handler needs none of this: a call made with the context it was given
// sends the id (and traceparent) of the request it serves. An id given
// here takes precedence over that one. An id the services would refuse
// (more than 128 characters, or any but letters, digits, '.', '_' and '-')
// is never sent: the call goes with the served request's id, or none, and
// the service answers with an id of its own.
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, callerIDKey{}, id)
}

// traceHeaders sets the X-Request-Id and Traceparent of a call made with
// ctx: an id from ContextWithRequestID, else the id of the request being
// served; only ever a well-formed one. A header of the same name that the
// operation declares as a parameter, and the caller set, is left as set.
func traceHeaders(ctx context.Context, h http.Header) {
	if h.Get("X-Request-Id") == "" {
		given, _ := ctx.Value(callerIDKey{}).(string)
		if id := wellFormedID(given); id != "" {
			h.Set("X-Request-Id", id)
		} else if service.requestID != nil {
			if id := wellFormedID(service.requestID(ctx)); id != "" {
				h.Set("X-Request-Id", id)
			}
		}
	}
	if h.Get("Traceparent") == "" && service.traceparent != nil {
		if tp := service.traceparent(ctx); tp != "" {
			h.Set("Traceparent", tp)
		}
	}
}

// wellFormedID is id when the services would accept it, else "".
func wellFormedID(id string) string {
	if id == "" || service.checkID == nil {
		return ""
	}
	return service.checkID(id, "")
}
