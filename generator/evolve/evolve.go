// Package evolve is specgate's breaking-change gate: it compares two
// versions of a service's spec and says which callers each change breaks.
// Generic OpenAPI rules come from oasdiff (used as a library on the
// documents specgate's loader read); specgate's own rules read the model
// (scopes, app clients, base path, legacy backends, what the generated
// Lambda validates). It reads specs and writes nothing but the temporary
// copy of a git revision FromGit makes. A platform (many services, clients
// declared in platform.yaml) plugs in through Options.Build and
// Options.Clients.
package evolve

import (
	"fmt"
	"sort"
	"strings"
)

// Level is how serious a change is.
type Level int

// The levels, least serious first.
const (
	Info Level = iota
	Warning
	Error
)

// String names the level as flags and reports write it.
func (l Level) String() string {
	switch l {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseLevel reads a level name (error, warning, info).
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(s) {
	case "error", "err":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown level %q: use error, warning or info", s)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Audience is who feels a change.
type Audience string

// The audiences a changelog groups changes by.
const (
	PublicClients  Audience = "public clients (web and mobile)"
	MachineClients Audience = "machine clients"
	BackendOwners  Audience = "backend owners"
)

// Audiences lists every audience in changelog order.
var Audiences = []Audience{PublicClients, MachineClients, BackendOwners}

// Origin says which rule set found a change.
const (
	FromOasdiff  = "oasdiff"
	FromSpecgate = "specgate"
)

// Change is one difference between BASE and NEW that someone feels.
type Change struct {
	Rule        string     `json:"rule"`   // oasdiff's rule id, or one of specgate's (see Rules)
	Source      string     `json:"source"` // oasdiff or specgate
	Level       Level      `json:"level"`
	Operation   string     `json:"operation,omitempty"` // "GET /orders/{id}"; empty for the whole API
	OperationID string     `json:"operationId,omitempty"`
	Message     string     `json:"message"`
	Audiences   []Audience `json:"audiences"`
	Accepted    bool       `json:"accepted,omitempty"` // acknowledged in the accept file: reported, not failed
	Reason      string     `json:"reason,omitempty"`   // the acknowledgement's reason
}

// Deprecation is an operation or parameter NEW marks deprecated.
type Deprecation struct {
	Operation string `json:"operation"`
	Parameter string `json:"parameter,omitempty"` // "query limit"; empty for the operation
	Sunset    string `json:"sunset,omitempty"`    // x-sunset as written
}

// Report is the outcome of one comparison.
type Report struct {
	Base       string        `json:"base"`
	New        string        `json:"new"`
	Changes    []Change      `json:"changes"`
	Deprecated []Deprecation `json:"deprecated"`
	FailOn     Level         `json:"failOn"`
	Failed     bool          `json:"failed"` // a change at or above FailOn that is not accepted
}

// Fails reports whether a change at or above level is not accepted.
func (r *Report) Fails(level Level) bool {
	for _, c := range r.Changes {
		if c.Level >= level && !c.Accepted {
			return true
		}
	}
	return false
}

// Count returns how many changes there are at each level.
func (r *Report) Count() map[Level]int {
	n := map[Level]int{}
	for _, c := range r.Changes {
		n[c.Level]++
	}
	return n
}

// sortChanges orders changes most serious first, then by operation and rule.
func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Level != b.Level {
			return a.Level > b.Level
		}
		if a.Operation != b.Operation {
			return a.Operation < b.Operation
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
