package evolve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// AcceptFile is the acknowledgement file's conventional name, beside
// specgate.yaml.
const AcceptFile = ".specgate-accept.yaml"

// Accept is the acknowledgement file: breaking changes a team has decided
// to make, each with the operation, the rule and why. An acknowledged
// change is reported, not failed.
type Accept struct {
	Version int           `yaml:"version"`
	Accept  []Acknowledge `yaml:"accept"`
	file    string
}

// Acknowledge accepts one change.
type Acknowledge struct {
	// Operation is "METHOD /path" or the operationId; "*" for a change to
	// the whole API (a base path change, a client's scope).
	Operation string `yaml:"operation"`
	Rule      string `yaml:"rule"`   // the rule id the report names
	Reason    string `yaml:"reason"` // why callers can take it; required
	line      int
	used      bool
}

// LoadAccept reads an acknowledgement file strictly: unknown keys, a
// missing field or another version are errors naming file:line.
func LoadAccept(file string) (*Accept, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ParseAccept(file, data)
}

// ParseAccept is LoadAccept on data already read.
func ParseAccept(file string, data []byte) (*Accept, error) {
	a := &Accept{file: file}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(a); err != nil && !errors.Is(err, io.EOF) {
		const hint = "\n\thint: the file holds version: 1 and accept: a list of {operation, rule, reason}"
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				// "line 6: field why not found in type evolve.Acknowledge"
				m = strings.Replace(m, " in type evolve.Acknowledge", "", 1)
				if line, rest, ok := strings.Cut(strings.TrimPrefix(m, "line "), ": "); ok && strings.HasPrefix(m, "line ") {
					m = file + ":" + line + ": " + rest
				} else {
					m = file + ": " + m
				}
				msgs[i] = m
			}
			return nil, errors.New(strings.Join(msgs, "\n") + hint)
		}
		return nil, fmt.Errorf("%s: %s%s", file, strings.TrimPrefix(err.Error(), "yaml: "), hint)
	}
	lines := entryLines(&root)
	var problems []string
	if a.Version != 1 {
		problems = append(problems, fmt.Sprintf("%s:1: version must be 1", file))
	}
	for i := range a.Accept {
		e := &a.Accept[i]
		if i < len(lines) {
			e.line = lines[i]
		}
		for _, f := range []struct{ name, v string }{{"operation", e.Operation}, {"rule", e.Rule}, {"reason", e.Reason}} {
			if strings.TrimSpace(f.v) == "" {
				problems = append(problems, fmt.Sprintf("%s:%d: accept entry %d has no %s: every acknowledgement names the operation (or \"*\"), the rule and the reason", file, e.line, i+1, f.name))
			}
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return a, nil
}

// entryLines finds the line of each item of the accept list.
func entryLines(root *yaml.Node) []int {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "accept" && m.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, it := range m.Content[i+1].Content {
				lines = append(lines, it.Line)
			}
			return lines
		}
	}
	return nil
}

// apply marks acknowledged changes. A nil Accept acknowledges nothing.
func (a *Accept) apply(changes []Change) {
	if a == nil {
		return
	}
	for i := range changes {
		c := &changes[i]
		for j := range a.Accept {
			e := &a.Accept[j]
			if e.Rule != c.Rule && !supersedes(e.Rule, c) {
				continue
			}
			if e.Operation == "*" || (c.Operation != "" && e.Operation == c.Operation) || (c.OperationID != "" && e.Operation == c.OperationID) {
				c.Accepted, c.Reason, e.used = true, e.Reason, true
				break
			}
		}
	}
}

// Unused lists acknowledgements that matched no change, as file:line
// messages: stale entries to delete.
func (a *Accept) Unused() []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, e := range a.Accept {
		if !e.used {
			out = append(out, fmt.Sprintf("%s:%d: acknowledgement of %s on %s matches no change; delete it", a.file, e.line, e.Rule, e.Operation))
		}
	}
	return out
}

// superseded are oasdiff's rules that report, in generic terms, what one
// of specgate's rules reports with its meaning: acknowledging specgate's
// rule on an operation acknowledges them too, so one entry accepts one
// decision.
var superseded = map[string]*regexp.Regexp{
	RuleScopesChanged:        regexp.MustCompile(`^api-(global-)?security-(scope-)?(added|removed)$`),
	RuleBecameSecured:        regexp.MustCompile(`^api-(global-)?security-(added|anonymous-access-removed)$`),
	RuleBecamePublic:         regexp.MustCompile(`^api-(global-)?security-(removed|anonymous-access-added)$`),
	RuleConstraintTightened:  regexp.MustCompile(`^request-(property|parameter|body)-(max|min|exclusive|pattern|enum-value-removed|became-enum|unique-items|multiple-of)`),
	RuleRemovedNotDeprecated: regexp.MustCompile(`^api-(path-)?removed-without-deprecation$`),
}

func supersedes(rule string, c *Change) bool {
	re := superseded[rule]
	return re != nil && c.Source == FromOasdiff && re.MatchString(c.Rule)
}
