package evolve

import (
	"fmt"

	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
)

var localizer = checker.NewDefaultLocalizer()

// generic runs oasdiff's rules over the two documents.
func generic(base, next *Side) ([]Change, error) {
	d, err := diff.Get(diff.NewConfig(), base.Doc.T, next.Doc.T)
	if err != nil {
		return nil, fmt.Errorf("compare specs: %w", err)
	}
	cfg := checker.NewConfig(checker.GetAllChecks())
	found := checker.CheckBackwardCompatibilityUntilLevel(cfg, d, nil, checker.INFO)
	out := make([]Change, 0, len(found))
	for _, c := range found {
		ch := Change{
			Rule: c.GetId(), Source: FromOasdiff, Level: fromChecker(c.GetLevel()),
			OperationID: c.GetOperationId(), Message: c.GetUncolorizedText(localizer),
		}
		if c.GetOperation() != "" {
			ch.Operation = c.GetOperation() + " " + c.GetPath()
		}
		if responseFieldRules[ch.Rule] {
			ch.Level = Error
		}
		if behaviourRules[ch.Rule] && ch.Level == Info {
			ch.Level = Warning
		}
		ch.Audiences = genericAudiences(c.GetSection(), ch.Operation, base, next)
		out = append(out, ch)
	}
	return out, nil
}

// behaviourRules are oasdiff's informational rules about a change every
// caller that relies on the spec feels without a request failing: a
// default changed gives handlers another value for callers who leave the
// value out (a limit of 10 becoming 1000). A warning, not information.
var behaviourRules = map[string]bool{
	checker.RequestParameterDefaultValueChangedId: true,
	checker.RequestBodyDefaultValueChangedId:      true,
	checker.RequestPropertyDefaultValueChangedId:  true,
}

func fromChecker(l checker.Level) Level {
	switch l {
	case checker.ERR:
		return Error
	case checker.WARN:
		return Warning
	}
	return Info
}

// genericAudiences says who feels a generic change: the callers of the
// operation; for a change to the whole API, every caller; and the backend
// owners too, whose generated handler types follow the spec.
func genericAudiences(section, op string, base, next *Side) []Audience {
	if op == "" {
		return Audiences
	}
	a := callers(findOp(base.API, op), base)
	if len(a) == 0 {
		a = callers(findOp(next.API, op), next)
	}
	return append(a, BackendOwners)
}
