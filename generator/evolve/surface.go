package evolve

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// serverOrigins lists the scheme and host of every server URL, its
// variables at their defaults ("" for a relative URL): where callers send
// requests, besides the base path (basePaths).
func serverOrigins(servers openapi3.Servers) []string {
	seen := map[string]bool{}
	for _, srv := range servers {
		if srv == nil {
			continue
		}
		u := srv.URL
		for name, v := range srv.Variables {
			if v != nil {
				u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
			}
		}
		origin := ""
		if p, err := url.Parse(u); err == nil && (p.Scheme != "" || p.Host != "") {
			origin = strings.ToLower(p.Scheme + "://" + p.Host)
		} else if i := strings.Index(u, "://"); i >= 0 {
			rest := u[i+3:]
			if j := strings.IndexByte(rest, '/'); j >= 0 {
				rest = rest[:j]
			}
			origin = strings.ToLower(u[:i+3] + rest)
		}
		seen[origin] = true
	}
	out := make([]string, 0, len(seen))
	for o := range seen {
		out = append(out, o)
	}
	sort.Strings(out)
	return out
}

// servers reports a server whose scheme or host NEW no longer lists:
// callers configured with its URL must change it (a server added breaks
// no one; a base path changed is RuleBasePathChanged's).
func servers(base, next *Side, add addFunc) {
	if base.Doc == nil || next.Doc == nil {
		return
	}
	had, has := serverOrigins(base.Doc.T.Servers), serverOrigins(next.Doc.T.Servers)
	var removed []string
	for _, o := range had {
		if o != "" && !containsStr(has, o) {
			removed = append(removed, o)
		}
	}
	if len(removed) == 0 {
		return
	}
	var now []string
	for _, o := range has {
		if o != "" {
			now = append(now, o)
		}
	}
	listed := "no absolute server"
	if len(now) > 0 {
		listed = strings.Join(now, ", ")
	}
	add(RuleServerChanged, nil, []Audience{PublicClients, MachineClients}, "the server URL %s is no longer listed (NEW lists %s): callers and generated clients configured with it must change their URL, and its DNS and custom domain mapping must keep answering until they have",
		strings.Join(removed, ", "), listed)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// callbacks compares the callbacks of an operation in BASE and NEW: the
// requests the service sends to its subscribers' endpoints. A callback, an
// expression (the URL it is sent to) or one of its operations that NEW no
// longer has stops reaching subscribers that rely on it
// (RuleCallbackRemoved); one that changes (its body, parameters or the
// answers it expects) sends subscribers other requests (RuleCallbackChanged).
func callbacks(base, next *Side, bop, nop *model.Operation, add addFunc) {
	bk, nk := kinOperation(base, bop), kinOperation(next, nop)
	if bk == nil || len(bk.Callbacks) == 0 {
		return
	}
	aud := []Audience{BackendOwners}
	names := make([]string, 0, len(bk.Callbacks))
	for n := range bk.Callbacks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		bcb := bk.Callbacks[name]
		var ncb *openapi3.CallbackRef
		if nk != nil {
			ncb = nk.Callbacks[name]
		}
		if bcb == nil || bcb.Value == nil {
			continue
		}
		if ncb == nil || ncb.Value == nil {
			add(RuleCallbackRemoved, nop, aud, "the callback %q is removed: subscribers stop receiving its requests", name)
			continue
		}
		for expr, bitem := range bcb.Value.Map() {
			nitem := ncb.Value.Value(expr)
			if nitem == nil {
				add(RuleCallbackRemoved, nop, aud, "the callback %q is no longer sent to %s: subscribers registered for it stop receiving its requests", name, expr)
				continue
			}
			for method, bo := range bitem.Operations() {
				no := nitem.GetOperation(method)
				if no == nil {
					add(RuleCallbackRemoved, nop, aud, "the callback %q no longer sends %s %s: subscribers stop receiving it", name, method, expr)
					continue
				}
				if what := callbackDiff(bo, no); what != "" {
					add(RuleCallbackChanged, nop, aud, "the callback %q's %s %s changes its %s: subscribers' endpoints get other requests (or must answer otherwise); check them, then acknowledge it or make it compatible", name, method, expr, what)
				}
			}
		}
	}
}

// callbackDiff names the parts of a callback operation that differ
// (parameters, request body, responses, security); "" when none does.
// Descriptions, summaries and the operationId do not count.
func callbackDiff(b, n *openapi3.Operation) string {
	var parts []string
	for _, p := range []struct {
		name string
		b, n any
	}{
		{"parameters", b.Parameters, n.Parameters}, {"request body", b.RequestBody, n.RequestBody},
		{"responses", b.Responses, n.Responses}, {"security", b.Security, n.Security},
	} {
		if canonical(p.b) != canonical(p.n) {
			parts = append(parts, p.name)
		}
	}
	return strings.Join(parts, " and ")
}

// canonical is v as JSON without descriptions and summaries.
func canonical(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	var x any
	if json.Unmarshal(data, &x) != nil {
		return string(data)
	}
	var strip func(any) any
	strip = func(v any) any {
		switch t := v.(type) {
		case map[string]any:
			delete(t, "description")
			delete(t, "summary")
			delete(t, "example")
			delete(t, "examples")
			for k, c := range t {
				t[k] = strip(c)
			}
		case []any:
			for i, c := range t {
				t[i] = strip(c)
			}
		}
		return v
	}
	out, _ := json.Marshal(strip(x))
	return string(out)
}

// kinOperation is the loaded document's operation of op.
func kinOperation(s *Side, op *model.Operation) *openapi3.Operation {
	if s.Doc == nil || s.Doc.T == nil || s.Doc.T.Paths == nil || op == nil {
		return nil
	}
	item := s.Doc.T.Paths.Value(op.Path)
	if item == nil {
		return nil
	}
	return item.GetOperation(op.Method)
}
