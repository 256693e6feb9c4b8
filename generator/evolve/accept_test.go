package evolve

import (
	"strings"
	"testing"
)

// TestParseAcceptRefuses checks the acknowledgement file is read strictly:
// each mistake is an error naming the file and line.
func TestParseAcceptRefuses(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"unknown key":    {"version: 1\naccept:\n  - operation: a\n    rule: r\n    reason: x\n    why: typo\n", "a.yaml:6: field why not found\n"},
		"no reason":      {"version: 1\naccept:\n  - operation: a\n    rule: r\n", "a.yaml:3: accept entry 1 has no reason"},
		"no rule":        {"version: 1\naccept:\n  - {operation: a, reason: x}\n", "a.yaml:3: accept entry 1 has no rule"},
		"other version":  {"version: 2\naccept: []\n", "a.yaml:1: version must be 1"},
		"not YAML":       {"version: [\n", "a.yaml: "},
		"list, not map":  {"- operation: a\n", "a.yaml:1: cannot unmarshal"},
		"second problem": {"version: 1\naccept:\n  - {operation: a, rule: r, reason: x}\n  - {operation: b, rule: r}\n", "a.yaml:4: accept entry 2 has no reason"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseAccept("a.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestAcceptMatches checks what one acknowledgement covers: its rule on
// its operation (by "METHOD /path" or operationId, or "*" for any), and
// oasdiff's rules that specgate's rule supersedes on that operation.
func TestAcceptMatches(t *testing.T) {
	a, err := ParseAccept("a.yaml", []byte(`version: 1
accept:
  - {operation: placeOrder, rule: specgate-scopes-changed, reason: planned}
  - {operation: "*", rule: specgate-base-path-changed, reason: v2}
`))
	if err != nil {
		t.Fatal(err)
	}
	changes := []Change{
		{Rule: RuleScopesChanged, Source: FromSpecgate, Operation: "POST /orders", OperationID: "placeOrder"},
		{Rule: "api-security-scope-added", Source: FromOasdiff, Operation: "POST /orders", OperationID: "placeOrder"},
		{Rule: RuleScopesChanged, Source: FromSpecgate, Operation: "DELETE /orders/{id}", OperationID: "cancelOrder"},
		{Rule: "request-property-max-decreased", Source: FromOasdiff, Operation: "POST /orders", OperationID: "placeOrder"},
		{Rule: RuleBasePathChanged, Source: FromSpecgate},
	}
	a.apply(changes)
	want := []bool{true, true, false, false, true}
	for i, c := range changes {
		if c.Accepted != want[i] {
			t.Errorf("%s on %s: accepted %v, want %v", c.Rule, c.Operation, c.Accepted, want[i])
		}
	}
	if u := a.Unused(); len(u) != 0 {
		t.Errorf("unused %q, want none", u)
	}
}
