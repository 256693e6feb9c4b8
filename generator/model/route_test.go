package model

import (
	"sort"
	"testing"
)

func TestRouteLessMostSpecificFirst(t *testing.T) {
	seg := func(prefix, param, suffix string, greedy bool) Segment {
		return Segment{Prefix: prefix, Param: param, Suffix: suffix, Greedy: greedy}
	}
	ops := []*Operation{
		{Method: "GET", Path: "/files/{proxy+}", Segments: []Segment{seg("files", "", "", false), seg("", "proxy", "", true)}},
		{Method: "GET", Path: "/files/{id}", Segments: []Segment{seg("files", "", "", false), seg("", "id", "", false)}},
		{Method: "GET", Path: "/files/{id}.json", Segments: []Segment{seg("files", "", "", false), seg("", "id", ".json", false)}},
		{Method: "GET", Path: "/files/latest", Segments: []Segment{seg("files", "", "", false), seg("latest", "", "", false)}},
		{Method: "GET", Path: "/files", Segments: []Segment{seg("files", "", "", false)}},
		{Method: "DELETE", Path: "/files/{id}", Segments: []Segment{seg("files", "", "", false), seg("", "id", "", false)}},
	}
	sort.SliceStable(ops, func(i, j int) bool { return RouteLess(ops[i], ops[j]) })
	var got []string
	for _, o := range ops {
		got = append(got, o.Method+" "+o.Path)
	}
	want := []string{"GET /files/latest", "GET /files/{id}.json", "DELETE /files/{id}", "GET /files/{id}", "GET /files/{proxy+}", "GET /files"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %q, want %q", got, want)
		}
	}
	if p := ops[1].PathParams(); len(p) != 1 || p[0] != "id" {
		t.Errorf("PathParams = %q, want [id]", p)
	}
}
