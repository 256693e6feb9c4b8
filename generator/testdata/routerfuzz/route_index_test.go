// The route index against a scan of every route, dropped into the api
// package of a generated project by generator/routerfuzz_test.go: for any
// method and path, the runtime's router (internal/apirt) must answer
// exactly as a scan of the generated route table in order would (route,
// path values, the methods a 405 allows). The routes are served by a test
// service without their security, so every match reaches the dispatch.
package api

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/fuzzsvc/internal/apirt"
)

// scan is the reference: every route in table order, as the router matched
// before it had an index.
func scan(routes []apirt.Route, method, path string, escaped bool, template string, pathVals map[string]string) (int, []string, []string) {
	if template != "" {
		for i := range routes {
			rt := &routes[i]
			if rt.Method == method && rt.Template == template {
				vals := make([]string, len(rt.Params))
				ok := true
				for j, p := range rt.Params {
					v, found := pathVals[p]
					vals[j], ok = v, ok && found
				}
				if ok {
					return i, vals, nil
				}
			}
		}
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if strings.TrimPrefix(path, "/") == "" {
		parts = nil
	}
	for i, p := range parts {
		if u, err := url.PathUnescape(p); escaped && err == nil {
			parts[i] = u
		}
	}
	var allow []string
	for i := range routes {
		vals, ok := segmentsFit(routes[i].Segs, parts)
		if !ok {
			continue
		}
		if routes[i].Method == method {
			return i, vals, nil
		}
		if !contains(allow, routes[i].Method) {
			allow = append(allow, routes[i].Method)
		}
	}
	return -1, nil, allow
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// segmentsFit reports whether parts fit the template segs, with the path
// parameters' values in segment order.
func segmentsFit(segs []apirt.Segment, parts []string) ([]string, bool) {
	var vals []string
	for i, s := range segs {
		if i >= len(parts) {
			return nil, false
		}
		if s.Greedy {
			return append(vals, strings.Join(parts[i:], "/")), true
		}
		part := parts[i]
		if !s.Param {
			if part != s.Prefix {
				return nil, false
			}
			continue
		}
		if len(part) <= len(s.Prefix)+len(s.Suffix) || !strings.HasPrefix(part, s.Prefix) || !strings.HasSuffix(part, s.Suffix) {
			return nil, false
		}
		vals = append(vals, part[len(s.Prefix):len(part)-len(s.Suffix)])
	}
	if len(parts) != len(segs) {
		return nil, false
	}
	return vals, true
}

// concrete is a path the route's template matches.
func concrete(rt *apirt.Route) string {
	var b strings.Builder
	for _, s := range rt.Segs {
		b.WriteByte('/')
		switch {
		case s.Greedy:
			b.WriteString("g/h")
		case s.Param:
			b.WriteString(s.Prefix + "v1" + s.Suffix)
		default:
			b.WriteString(s.Prefix)
		}
	}
	return b.String()
}

// open is a copy of routes that asks nothing of the caller.
func open(routes []apirt.Route) []apirt.Route {
	out := make([]apirt.Route, len(routes))
	for i, rt := range routes {
		rt.Sec, rt.Depr = nil, nil
		out[i] = rt
	}
	return out
}

// matched is what the dispatch of a test service saw.
type matched struct {
	idx  int
	vals []string
}

func FuzzRouteIndex(f *testing.F) {
	tables := [][]apirt.Route{open(routes[:]), open(legacyRoutes[:])}
	for _, t := range tables {
		for i := range t {
			p := concrete(&t[i])
			for _, m := range []string{t[i].Method, "GET", "POST", "PATCH"} {
				f.Add(m, p, t[i].Template, false)
				f.Add(m, p+"/x", "", true)
				if k := strings.LastIndexByte(p, '/'); k >= 0 {
					f.Add(m, p[:k], "", false)
				}
			}
		}
	}
	for _, p := range []string{"", "/", "//", "/%2F", "/a/../b", "/v1/v1/v1/v1/v1/v1/v1/v1/v1/v1/v1/v1"} {
		f.Add("GET", p, "", true)
	}
	var got *matched
	dispatch := func(_ context.Context, idx int, _ *apirt.Request, vals []string) apirt.Reply {
		got = &matched{idx, vals}
		return apirt.ProblemReply(204, "", nil)
	}
	SetLogger(nil)
	type service struct {
		rest func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
		http func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	}
	var services []service
	for _, t := range tables {
		svc := apirt.NewService(apirt.Spec{MaxBodyBytes: MaxBodyBytes, Routes: t, Operations: make([]string, len(t))})
		services = append(services, service{apirt.NewRESTHandler(svc, dispatch), apirt.NewHTTPHandler(svc, dispatch)})
	}
	f.Fuzz(func(t *testing.T, method, path, template string, raw bool) {
		// raw: an HTTP API event, whose path is escaped (rawPath); else a
		// REST API event, whose path is not.
		pathVals := map[string]string{"id": "v1", "v1": "v1"}
		escaped := raw && path != ""
		for ti, svc := range services {
			got = nil
			var status int
			var allow string
			if raw {
				e := events.APIGatewayV2HTTPRequest{RawPath: path, PathParameters: pathVals}
				e.RequestContext.HTTP.Method = method
				if template != "" {
					e.RouteKey = method + " " + template
				}
				res, _ := svc.http(context.Background(), e)
				status, allow = res.StatusCode, res.Headers["Allow"]
			} else {
				res, _ := svc.rest(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: method, Path: path, Resource: template, PathParameters: pathVals})
				status, allow = res.StatusCode, res.Headers["Allow"]
			}
			wi, wv, wa := scan(tables[ti], method, path, escaped, template, pathVals)
			switch {
			case wi >= 0 && (got == nil || got.idx != wi || !reflect.DeepEqual(got.vals, wv)):
				t.Fatalf("%s %q (template %q, raw %v): the router gives %+v (status %d); scan gives %d %q", method, path, template, raw, got, status, wi, wv)
			case wi < 0 && got != nil:
				t.Fatalf("%s %q (template %q, raw %v): the router gives %+v; scan gives none", method, path, template, raw, got)
			case wi < 0 && len(wa) > 0 && (status != 405 || allow != strings.Join(wa, ", ")):
				t.Fatalf("%s %q (template %q, raw %v): the router answers %d Allow %q; scan allows %q", method, path, template, raw, status, allow, wa)
			case wi < 0 && len(wa) == 0 && status != 404:
				t.Fatalf("%s %q (template %q, raw %v): the router answers %d; scan finds nothing", method, path, template, raw, status)
			}
		}
	})
}
