package rt

import (
	"math/rand/v2"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// scanRoutes is the reference the route index must answer as: every route
// in table order, its segments compared with the path's.
func scanRoutes(routes []Route, method, path string, escaped bool) (int, []string, []string) {
	var parts []string
	if p := strings.TrimPrefix(path, "/"); p != "" {
		parts = strings.Split(p, "/")
	}
	for i, s := range parts {
		if u, err := url.PathUnescape(s); escaped && err == nil {
			parts[i] = u
		}
	}
	var allow []string
	for i, rt := range routes {
		var vals []string
		ok := true
		for j, s := range rt.Segs {
			if j >= len(parts) {
				ok = false
				break
			}
			if s.Greedy {
				vals = append(vals, strings.Join(parts[j:], "/"))
				break
			}
			part := parts[j]
			switch {
			case !s.Param:
				ok = part == s.Prefix
			case len(part) <= len(s.Prefix)+len(s.Suffix) || !strings.HasPrefix(part, s.Prefix) || !strings.HasSuffix(part, s.Suffix):
				ok = false
			default:
				vals = append(vals, part[len(s.Prefix):len(part)-len(s.Suffix)])
			}
			if !ok {
				break
			}
		}
		greedy := len(rt.Segs) > 0 && rt.Segs[len(rt.Segs)-1].Greedy
		if !ok || !greedy && len(parts) != len(rt.Segs) {
			continue
		}
		if rt.Method == method {
			return i, vals, nil
		}
		if !slicesContains(allow, rt.Method) {
			allow = append(allow, rt.Method)
		}
	}
	return -1, nil, allow
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRouteIndexAsScan checks match against scanRoutes on a table whose
// nodes have many literal children, some of them alike in every byte the
// child table hashes (so that they share a slot whatever the seed), next
// to parameters with and without literal text around them and greedy
// ones, for paths made of the same pieces: found, 405 and 404 answers,
// long paths (more segments than the lookup keeps on the stack) and
// percent-escaped ones.
func TestRouteIndexAsScan(t *testing.T) {
	var lits []string
	for _, x := range "bcdefghijklmnopqrstu" {
		lits = append(lits, "a"+string(x)+"m"+string(x)+"z") // same length, first, middle and last bytes
		lits = append(lits, "seg"+string(x))
	}
	lits = append(lits, "", "a", "%41")
	segOf := func(r *rand.Rand) Segment {
		switch r.IntN(8) {
		case 0:
			return Segment{Param: true}
		case 1:
			return Segment{Prefix: "v", Suffix: ".json", Param: true}
		case 2:
			return Segment{Prefix: lits[r.IntN(len(lits))], Param: true}
		}
		return Segment{Prefix: lits[r.IntN(len(lits))]}
	}
	r := rand.New(rand.NewPCG(1, 2))
	methods := []string{"GET", "PUT", "POST"}
	var routes []Route
	for len(routes) < 400 {
		rt := Route{Method: methods[r.IntN(len(methods))]}
		for n := 1 + r.IntN(4); len(rt.Segs) < n; {
			rt.Segs = append(rt.Segs, segOf(r))
		}
		if r.IntN(8) == 0 {
			rt.Segs = append(rt.Segs, Segment{Param: true, Greedy: true})
		}
		for _, s := range rt.Segs {
			rt.Template += "/" + s.Prefix
			if s.Param {
				rt.Params = append(rt.Params, "p")
				rt.Template += "{p}" + s.Suffix
			}
		}
		routes = append(routes, rt)
	}
	tb := &table{routes: routes}
	pieces := append([]string{"v1.json", "v.json", "x", "a%2Fb", "seg%62"}, lits...)
	found, notAllowed := 0, 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		n := r.IntN(6)
		if r.IntN(50) == 0 {
			n = 15 + r.IntN(4)
		}
		for range n {
			b.WriteString("/" + pieces[r.IntN(len(pieces))])
		}
		if i < len(routes) { // a path each route matches
			b.Reset()
			for _, s := range routes[i].Segs {
				b.WriteString("/" + s.Prefix)
				if s.Param {
					b.WriteString("w" + s.Suffix)
				}
			}
		}
		req := &Request{method: methods[r.IntN(len(methods))], path: b.String(), pathRaw: r.IntN(2) == 0}
		gi, gv, ga := match(tb, req)
		wi, wv, wa := scanRoutes(routes, req.method, req.path, req.pathRaw)
		if gi != wi || !reflect.DeepEqual(gv, wv) || !reflect.DeepEqual(ga, wa) {
			t.Fatalf("%s %q (escaped %v): index gives %d %q allow %q; scan %d %q allow %q", req.method, req.path, req.pathRaw, gi, gv, ga, wi, wv, wa)
		}
		switch {
		case gi >= 0:
			found++
		case len(ga) > 0:
			notAllowed++
		}
	}
	if found < 1000 || notAllowed < 1000 {
		t.Fatalf("%d paths found a route, %d only other methods': the test does not exercise the index", found, notAllowed)
	}
}
