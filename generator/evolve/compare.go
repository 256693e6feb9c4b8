package evolve

import (
	"slices"
)

// Compare runs every rule over BASE and NEW, marks the changes accept
// acknowledges, and says whether the gate fails at failOn.
func Compare(base, next *Side, accept *Accept, failOn Level) (*Report, error) {
	found, err := generic(base, next)
	if err != nil {
		return nil, err
	}
	fields, unwalked := responseFields(base, next)
	changes := slices.DeleteFunc(found, func(c Change) bool {
		return byFieldWalk[c.Rule] && !unwalked[c.Operation] // responseFields reports it
	})
	for i := range changes {
		if responseFieldRules[changes[i].Rule] {
			// specgate's rule, found by oasdiff's walk of the response schemas.
			c := &changes[i]
			c.Message = c.Message + " (" + c.Rule + ")"
			c.Rule, c.Source, c.Level = RuleResponseFieldChanged, FromSpecgate, Rules[RuleResponseFieldChanged]
		}
	}
	changes = append(changes, own(base, next)...)
	changes = append(changes, fields...)
	for i := range changes {
		changes[i].Audiences = uniqueAudiences(changes[i].Audiences)
	}
	accept.apply(changes)
	sortChanges(changes)
	r := &Report{Base: base.Name, New: next.Name, Changes: changes, Deprecated: deprecations(next), FailOn: failOn}
	r.Failed = r.Fails(failOn)
	return r, nil
}

func uniqueAudiences(a []Audience) []Audience {
	var out []Audience
	for _, x := range Audiences {
		if slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// deprecations lists what NEW deprecates.
func deprecations(s *Side) []Deprecation {
	out := []Deprecation{}
	for _, op := range s.API.Operations {
		if op.Deprecated {
			out = append(out, Deprecation{Operation: opName(op), Sunset: op.Sunset})
		}
		for _, p := range op.Params {
			if p.Deprecated {
				out = append(out, Deprecation{Operation: opName(op), Parameter: string(p.In) + " " + p.Name})
			}
		}
	}
	return out
}
