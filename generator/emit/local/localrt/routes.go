package localrt

import (
	"net/url"
	"strings"
)

// corsMaxAge is how long, in seconds, a browser may cache a preflight answer.
const corsMaxAge = "600"

// match finds the operation for method and an escaped path: its index and
// path parameter values, or -1 and the methods the path allows.
func match(operations []Operation, method, escapedPath string) (int, []string, []string) {
	parts := splitPath(escapedPath)
	var allow []string
	for i := range operations {
		op := &operations[i]
		vals, ok := matchSegments(op.Segs, parts)
		if !ok {
			continue
		}
		if op.Method == method {
			return i, vals, nil
		}
		allow = append(allow, op.Method)
	}
	return -1, nil, allow
}

// preflightRoute is the preflight answer of the most specific operation
// whose path template matches escapedPath, or nil.
func preflightRoute(operations []Operation, escapedPath string) *CORSRoute {
	parts := splitPath(escapedPath)
	for i := range operations {
		if _, ok := matchSegments(operations[i].Segs, parts); ok {
			return operations[i].CORS
		}
	}
	return nil
}

// splitPath splits an escaped path into unescaped segments.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if u, err := url.PathUnescape(s); err == nil {
			parts[i] = u
		}
	}
	return parts
}

func matchSegments(segs []Segment, parts []string) ([]string, bool) {
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
