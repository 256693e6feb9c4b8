// The route index against a scan of every route, dropped into the api
// package of a generated project by generator/routerfuzz_test.go: for any
// method and path, match must answer exactly as the scan in table order
// (route, path values, the methods a 405 allows).
package api

import (
	"reflect"
	"strings"
	"testing"
)

// scan is the reference: every route in table order, as the router matched
// before it had an index.
func scan(routes []route, r *request) (int, []string, []string) {
	if r.template != "" {
		for i := range routes {
			rt := &routes[i]
			if rt.method == r.method && rt.template == r.template {
				vals := make([]string, len(rt.params))
				ok := true
				for j, p := range rt.params {
					v, found := r.pathVals[p]
					vals[j], ok = v, ok && found
				}
				if ok {
					return i, vals, nil
				}
			}
		}
	}
	parts := splitPath(r.path, r.pathRaw)
	var allow []string
	for i := range routes {
		vals, ok := matchSegments(routes[i].segs, parts)
		if !ok {
			continue
		}
		if routes[i].method == r.method {
			return i, vals, nil
		}
		allow = appendUnique(allow, routes[i].method)
	}
	return -1, nil, allow
}

// concrete is a path the route's template matches.
func concrete(rt *route) string {
	var b strings.Builder
	for _, s := range rt.segs {
		b.WriteByte('/')
		switch {
		case s.greedy:
			b.WriteString("g/h")
		case s.param:
			b.WriteString(s.prefix + "v1" + s.suffix)
		default:
			b.WriteString(s.prefix)
		}
	}
	return b.String()
}

func FuzzRouteIndex(f *testing.F) {
	for _, t := range []*table{&routeTable, &legacyTable} {
		for i := range t.routes {
			p := concrete(&t.routes[i])
			for _, m := range []string{t.routes[i].method, "GET", "POST", "PATCH"} {
				f.Add(m, p, t.routes[i].template, false)
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
	f.Fuzz(func(t *testing.T, method, path, template string, raw bool) {
		for _, tb := range []*table{&routeTable, &legacyTable} {
			r := &request{method: method, path: path, pathRaw: raw, template: template, pathVals: map[string]string{}}
			for _, name := range []string{"id", "v1"} {
				r.pathVals[name] = "v1"
			}
			gi, gv, ga := match(tb, r)
			wi, wv, wa := scan(tb.routes, r)
			if gi != wi || !reflect.DeepEqual(gv, wv) || !reflect.DeepEqual(ga, wa) {
				t.Fatalf("%s %q (template %q): index gives %d %q allow %q; scan gives %d %q allow %q", method, path, template, gi, gv, ga, wi, wv, wa)
			}
		}
	})
}
