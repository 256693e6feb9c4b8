package config

// validateOperability checks the deploy keys about timeouts, concurrency
// and throttling.
func (c *Config) validateOperability(add func(key, format string, args ...any)) {
	d := c.Deploy
	if d.TimeoutSeconds != 0 && (d.TimeoutSeconds < 1 || d.TimeoutSeconds > 28) {
		add("deploy.timeoutSeconds", "timeoutSeconds must be 1 to 28: API Gateway ends an integration after 29 s, and a function that runs longer fails with a 504 and nothing in its log")
	}
	if d.ReservedConcurrency < 0 {
		add("deploy.reservedConcurrency", "reservedConcurrency must be at least 1 (or left out for none)")
	}
	if d.Throttling == nil {
		return
	}
	check := func(key, what string, rate float64, burst int) {
		if rate < 0 || (rate == 0 && key != "deploy.throttling") {
			add(key, "%s.rateLimit must be a positive number of requests per second", what)
		}
		if burst < 0 || (burst == 0 && key != "deploy.throttling") {
			add(key, "%s.burstLimit must be a positive number of requests", what)
		}
	}
	check("deploy.throttling", "throttling", d.Throttling.RateLimit, d.Throttling.BurstLimit)
	for _, name := range sortedKeys(d.Throttling.Routes) {
		r := d.Throttling.Routes[name]
		check("deploy.throttling.routes."+name, "throttling.routes."+name, r.RateLimit, r.BurstLimit)
	}
}
