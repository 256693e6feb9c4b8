package model

import "sort"

// CORSAllowHeaders are the request headers a browser may send to the
// operations of one path: Authorization, Content-Type and every header
// parameter, sorted. The gateway's preflight answers and the local
// server's use this one list.
func CORSAllowHeaders(ops []*Operation) []string {
	set := map[string]bool{"Authorization": true, "Content-Type": true}
	for _, op := range ops {
		for _, p := range op.Params {
			if p.In == InHeader {
				set[p.Name] = true
			}
		}
	}
	return sortedSet(set)
}

// CORSAllowMethods are the methods a browser may use on one path: the
// operations' methods and OPTIONS, sorted.
func CORSAllowMethods(ops []*Operation) []string {
	set := map[string]bool{"OPTIONS": true}
	for _, op := range ops {
		set[op.Method] = true
	}
	return sortedSet(set)
}

// CORSMaxAgeSeconds is how long a browser may cache a preflight answer.
const CORSMaxAgeSeconds = 600

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
