package model

// Operability is how a deployed service is observed and protected: its
// function's timeout and concurrency, tracing, and throttling. The SAM
// template is built from it.
type Operability struct {
	// TracingOff turns X-Ray active tracing off (it is on by default).
	TracingOff bool
	// TimeoutSeconds is the function's timeout; 0 means DefaultTimeoutSeconds.
	TimeoutSeconds int
	// ReservedConcurrency caps (and reserves) the function's concurrent
	// executions; 0 means none reserved.
	ReservedConcurrency int
	// RateLimit and BurstLimit throttle the stage; 0 means the defaults.
	RateLimit  float64
	BurstLimit int
	// Routes throttle single operations below the stage's limits.
	Routes []RouteThrottle
}

// RouteThrottle is the throttling of one operation.
type RouteThrottle struct {
	Method     string // upper case: GET
	Path       string // the route template: /orders/{id}
	RateLimit  float64
	BurstLimit int
}

// The limits of a function's timeout. API Gateway gives up on an
// integration after 29 s (REST; HTTP APIs 30 s): a function that may run
// longer is cut off by a 504 with nothing in its log. The default leaves
// ample margin.
const (
	DefaultTimeoutSeconds     = 10
	IntegrationTimeoutSeconds = 29
	MaxTimeoutSeconds         = IntegrationTimeoutSeconds - 1
)

// Default stage throttling.
const (
	DefaultRateLimit  = 100
	DefaultBurstLimit = 200
)

// Timeout is the function's timeout in seconds.
func (o Operability) Timeout() int {
	if o.TimeoutSeconds <= 0 {
		return DefaultTimeoutSeconds
	}
	return o.TimeoutSeconds
}

// Tracing reports whether X-Ray active tracing is on.
func (o Operability) Tracing() bool { return !o.TracingOff }

// RequestIDHeader carries a request's id. The generated function and local
// server answer with the caller's when it is well-formed, else API
// Gateway's; the gateway's own answers and the requests it sends to legacy
// backends carry API Gateway's request id ($context.requestId).
const RequestIDHeader = "X-Request-Id"
