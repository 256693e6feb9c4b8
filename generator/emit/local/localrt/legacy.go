package localrt

// The legacy proxy: operations an existing HTTP backend serves, sent there
// as the API Gateway HTTP integration sends them, without the caller's
// credentials or forged identity, and never with a parameter that could
// leave its place in the backend's path.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"time"
)

// legacyBackends returns each backend's base URL: the deployed one, or the
// override named by the backend's name, host or scheme://host.
func legacyBackends(backends []Backend, overrides map[string]string) ([]*url.URL, error) {
	used := map[string]bool{}
	out := make([]*url.URL, len(backends))
	for i, b := range backends {
		raw := b.URL
		for _, key := range []string{b.Name, b.Host, b.URL} {
			if o, ok := overrides[key]; ok {
				raw, used[key] = o, true
			}
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("legacy backend %s: %q is not an http(s) URL such as http://127.0.0.1:9000", b.Name, raw)
		}
		out[i] = u
	}
	var unknown []string
	for key := range overrides {
		if !used[key] {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		known := "this service has none"
		if len(backends) > 0 {
			var names []string
			for _, b := range backends {
				names = append(names, b.Name+" ("+b.Host+")")
			}
			known = "the backends are " + strings.Join(names, ", ")
		}
		return nil, fmt.Errorf("--legacy %s: no legacy backend has this name or host; %s", strings.Join(unknown, ", "), known)
	}
	return out, nil
}

// isIdentityHeader reports whether name spells an identity header: in any
// case, with '_' for '-' (proxies and frameworks fold those together).
func isIdentityHeader(name string) bool {
	n := strings.ReplaceAll(name, "_", "-")
	return strings.EqualFold(n, subjectHeader) || strings.EqualFold(n, scopesHeader)
}

// stripIdentity deletes every spelling of the identity headers from h.
func stripIdentity(h http.Header) {
	for k := range h {
		if isIdentityHeader(k) {
			delete(h, k)
		}
	}
}

// unsafeSegment reports whether one segment of a backend path, unescaped,
// could change which resource the backend serves: a dot segment, or a
// slash or backslash that was encoded.
func unsafeSegment(seg string) bool {
	return seg == "." || seg == ".." || strings.ContainsAny(seg, "/\\")
}

// unsafeValue reports whether a parameter value put into a backend path
// could leave its place: for a greedy {name+} placeholder, any of its
// segments; else the whole value.
func unsafeValue(v string, greedy bool) bool {
	if !greedy {
		return unsafeSegment(v)
	}
	for _, seg := range strings.Split(v, "/") {
		if unsafeSegment(seg) {
			return true
		}
	}
	return false
}

// greedyParam reports whether name is the operation's greedy {name+} path
// parameter, whose value holds slashes between its segments.
func greedyParam(op *Operation, name string) bool {
	n := len(op.Segs)
	return n > 0 && op.Segs[n-1].Greedy && len(op.Params) > 0 && op.Params[len(op.Params)-1] == name
}

// proxy sends a legacy operation to its backend as the API Gateway HTTP
// integration does: path parameters put in the backend's path, the query
// and headers passed on without the caller's credentials (unless
// specgate.yaml keeps them), the verified identity in the documented
// headers, and the integration's timeout. A parameter value that is a dot
// segment or holds an encoded slash is refused with 400: it never reaches
// the backend.
func (s *Server) proxy(w *recorder, r *http.Request, op *Operation, vals []string, claims map[string]any) {
	for _, seg := range strings.Split(r.URL.EscapedPath(), "/")[1:] {
		if u, err := url.PathUnescape(seg); err != nil || unsafeSegment(u) {
			problem(http.StatusBadRequest, "the path must not hold dot segments (. or ..) or encoded slashes", "").write(w)
			return
		}
	}
	lr := op.Legacy
	path := lr.Path
	for _, p := range lr.Params {
		var v string
		switch p.In {
		case "path":
			for i, name := range op.Params {
				if name == p.Name && i < len(vals) {
					v = vals[i]
				}
			}
		case "query":
			v = r.URL.Query().Get(p.Name)
		case "header":
			v = r.Header.Get(p.Name)
		}
		greedy := strings.Contains(path, "{"+p.Name+"+}") || (p.In == "path" && greedyParam(op, p.Name))
		backendPath, _, _ := strings.Cut(path, "?")
		if strings.Contains(backendPath, "{"+p.Name) && unsafeValue(v, greedy) {
			problem(http.StatusBadRequest, fmt.Sprintf("the %s parameter %s must not be a dot segment (. or ..) or hold a slash", p.In, p.Name), "").write(w)
			return
		}
		parts := strings.Split(v, "/")
		for i := range parts {
			parts[i] = url.PathEscape(parts[i])
		}
		path = strings.ReplaceAll(path, "{"+p.Name+"+}", strings.Join(parts, "/"))
		if greedy {
			// A greedy value's slashes separate its segments: kept as slashes.
			path = strings.ReplaceAll(path, "{"+p.Name+"}", strings.Join(parts, "/"))
		}
		path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(v))
	}
	base := s.backends[lr.Backend]
	target, err := url.Parse(strings.TrimSuffix(base.String(), "/") + path)
	if err != nil {
		problem(http.StatusBadGateway, "the legacy backend's URL cannot be built", "").write(w)
		return
	}
	timeout := time.Duration(lr.TimeoutMillis) * time.Millisecond
	if timeout <= 0 {
		timeout = 29 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			u := *target
			u.RawQuery = pr.In.URL.RawQuery
			pr.Out.URL, pr.Out.Host = &u, ""
			pr.SetXForwarded()
			stripIdentity(pr.Out.Header)
			for _, h := range s.spec.LegacyDropHeaders {
				pr.Out.Header.Del(h)
			}
			if claims != nil {
				sub, _ := claims["sub"].(string)
				scope := strings.Join(s.api.ScopeClaim(claims["scope"]), " ")
				pr.Out.Header.Set(subjectHeader, sub)
				pr.Out.Header.Set(scopesHeader, scope)
			}
		},
		ErrorHandler: func(_ http.ResponseWriter, _ *http.Request, err error) {
			w.err = fmt.Sprintf("legacy backend %s: %v", s.spec.Backends[lr.Backend].Name, err)
			if errors.Is(err, context.DeadlineExceeded) {
				problem(http.StatusGatewayTimeout, fmt.Sprintf("the legacy backend did not answer within %v", timeout), "").write(w)
				return
			}
			problem(http.StatusBadGateway, "the legacy backend cannot be reached", "").write(w)
		},
	}
	rp.ServeHTTP(w, r.WithContext(ctx))
}
