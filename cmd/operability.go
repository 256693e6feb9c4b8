package cmd

import (
	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/model"
)

// operability turns specgate.yaml's deploy keys about tracing, timeouts,
// concurrency and throttling into the generator's options.
func operability(d config.Deploy) (model.Operability, map[string]generator.Throttle) {
	o := model.Operability{
		TracingOff:          d.Tracing != nil && !*d.Tracing,
		TimeoutSeconds:      d.TimeoutSeconds,
		ReservedConcurrency: d.ReservedConcurrency,
	}
	if d.Throttling == nil {
		return o, nil
	}
	o.RateLimit, o.BurstLimit = d.Throttling.RateLimit, d.Throttling.BurstLimit
	var routes map[string]generator.Throttle
	for name, t := range d.Throttling.Routes {
		if routes == nil {
			routes = map[string]generator.Throttle{}
		}
		routes[name] = generator.Throttle{RateLimit: t.RateLimit, BurstLimit: t.BurstLimit}
	}
	return o, routes
}
