package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Backend sends one operation to an existing HTTP backend, as an
// x-specgate-integration in the spec would (specgate.yaml legacy.backends).
type Backend struct {
	URI           string
	TimeoutMillis int // 0: 29000
}

// applyBackends sets the integration of each operation named in backends,
// by operationId or "METHOD /path". A name matching no operation, or an
// operation that already has an integration in the spec, is an error.
func applyBackends(api *model.API, backends map[string]Backend) error {
	if len(backends) == 0 {
		return nil
	}
	byName := map[string]*model.Operation{}
	for _, op := range api.Operations {
		if op.ID != "" {
			byName[op.ID] = op
		}
		byName[op.Method+" "+op.Path] = op
	}
	names := make([]string, 0, len(backends))
	for name := range backends {
		names = append(names, name)
	}
	sort.Strings(names)
	var problems []string
	for _, name := range names {
		b := backends[name]
		op := byName[name]
		if op == nil {
			if m, p, ok := strings.Cut(name, " "); ok {
				op = byName[strings.ToUpper(m)+" "+p]
			}
		}
		switch {
		case op == nil:
			problems = append(problems, fmt.Sprintf("backend %q: no operation has this operationId (or METHOD /path); fix legacy.backends in specgate.yaml or --backend", name))
		case op.Integration != nil:
			problems = append(problems, fmt.Sprintf("backend %q: %s %s already has %s in the spec; remove one of them", name, op.Method, op.Path, "x-specgate-integration"))
		default:
			t := b.TimeoutMillis
			if t == 0 {
				t = 29000
			}
			op.Integration = &model.Integration{Type: "http_proxy", URI: b.URI, TimeoutMillis: t}
		}
	}
	if len(problems) > 0 {
		return &BackendError{Problems: problems}
	}
	return nil
}

// BackendError lists configured backends that match no operation: the
// configuration is wrong.
type BackendError struct{ Problems []string }

func (e *BackendError) Error() string { return strings.Join(e.Problems, "\n") }
