package config

import (
	"strings"
	"testing"
)

// TestOperabilityKeys reads the deploy keys about tracing, timeouts,
// concurrency and throttling, and refuses wrong values naming their lines.
func TestOperabilityKeys(t *testing.T) {
	good := `version: 1
deploy:
  tracing: false
  timeoutSeconds: 12
  reservedConcurrency: 5
  throttling:
    rateLimit: 50
    burstLimit: 80
    routes:
      getProduct: {rateLimit: 10, burstLimit: 20}
`
	c, err := Parse("specgate.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	d := c.Deploy
	if d.Tracing == nil || *d.Tracing || d.TimeoutSeconds != 12 || d.ReservedConcurrency != 5 || d.Throttling.RateLimit != 50 ||
		d.Throttling.BurstLimit != 80 || d.Throttling.Routes["getProduct"] != (Throttle{RateLimit: 10, BurstLimit: 20}) {
		t.Errorf("decoded %+v, throttling %+v", d, d.Throttling)
	}
	bad := `version: 1
deploy:
  timeoutSeconds: 29
  reservedConcurrency: -1
  throttling:
    routes:
      getProduct: {rateLimit: 0, burstLimit: 20}
`
	_, err = Parse("specgate.yaml", []byte(bad))
	if err == nil {
		t.Fatal("a 29 s timeout, negative concurrency and a zero route rate were accepted")
	}
	for _, want := range []string{"specgate.yaml:3:3: timeoutSeconds must be 1 to 28", "specgate.yaml:4:3: reservedConcurrency", "specgate.yaml:7:7: throttling.routes.getProduct.rateLimit"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if _, err := Parse("specgate.yaml", []byte("version: 1\ndeploy:\n  tracng: false\n")); err == nil || !strings.Contains(err.Error(), ":3:") {
		t.Errorf("a misspelt key was not refused with its line: %v", err)
	}
}
