package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Throttle is the throttling of one operation (specgate.yaml
// deploy.throttling.routes).
type Throttle struct {
	RateLimit  float64 // steady requests per second
	BurstLimit int     // burst of requests
}

// routeThrottles names the operation of each configured route throttle, by
// operationId or "METHOD /path", sorted by path then method. A name that
// matches no operation is an error.
func routeThrottles(api *model.API, throttles map[string]Throttle) ([]model.RouteThrottle, error) {
	if len(throttles) == 0 {
		return nil, nil
	}
	byName := map[string]*model.Operation{}
	for _, op := range api.Operations {
		if op.ID != "" {
			byName[op.ID] = op
		}
		byName[op.Method+" "+op.Path] = op
	}
	var out []model.RouteThrottle
	var problems []string
	for name, t := range throttles {
		op := byName[name]
		if op == nil {
			if m, p, ok := strings.Cut(name, " "); ok {
				op = byName[strings.ToUpper(m)+" "+p]
			}
		}
		if op == nil {
			problems = append(problems, fmt.Sprintf("throttling route %q: no operation has this operationId (or METHOD /path); fix deploy.throttling.routes in specgate.yaml", name))
			continue
		}
		out = append(out, model.RouteThrottle{Method: op.Method, Path: op.Path, RateLimit: t.RateLimit, BurstLimit: t.BurstLimit})
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, &BackendError{Problems: problems}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out, nil
}
