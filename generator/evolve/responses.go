package evolve

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"

	"github.com/specgate/specgate/generator/model"
)

// responseFieldRules are oasdiff's rules for a response that loses a field
// or a structural guarantee callers rely on. Callers' generated clients and
// parsers break on them whatever level oasdiff emits: specgate reports them
// as errors (its rule "response-field-changed"). They are the response
// rules about a field's existence, requiredness, type, mutability or the
// schema's structure (allOf, oneOf, anyOf) whose level oasdiff's own
// severity law derives as an error for a response that widens or changes
// (some checks emit a milder level than their rule's, such as
// response-body-all-of-removed), plus the removal of an optional field or
// of a media type. A value range that widens (an enum value added, a bound
// raised, a pattern changed) keeps oasdiff's level: typed clients still
// parse it; only clients that check values break.
var responseFieldRules = func() map[string]bool {
	m := map[string]bool{"response-optional-property-removed": true, "response-media-type-removed": true}
	structural := map[checker.Kind]bool{checker.KindExistence: true, checker.KindRequiredness: true, checker.KindType: true,
		checker.KindMutability: true, checker.KindStructure: true}
	for _, r := range checker.GetAllRules() {
		if r.Direction == checker.DirectionResponse && r.Level == checker.ERR && structural[r.Kind] &&
			(r.Effect == checker.EffectWidens || r.Effect == checker.EffectIncomparable) {
			m[r.Id] = true
		}
	}
	return m
}()

// byFieldWalk are oasdiff's rules that fieldWalk subsumes (it sees
// through allOf, oneOf and anyOf): their findings are left out so that
// one lost field is reported once.
var byFieldWalk = map[string]bool{
	"response-optional-property-removed": true,
	"response-required-property-removed": true,
	"response-property-became-optional":  true,
}

// responseFields compares the fields each JSON response of an operation
// declares, as a typed client sees them: allOf merged, the alternatives of
// oneOf and anyOf together (a field of any alternative is in the client's
// type; it is guaranteed only when every alternative requires it). A field
// that disappears, or that was required and becomes optional (a typed
// client's value becomes a pointer or an optional, and code that reads it
// unguarded breaks when it is absent), is an error. unwalked names the
// operations ("METHOD /path" in NEW) with a response too large to walk:
// oasdiff's findings stand for them.
func responseFields(base, next *Side) (out []Change, unwalked map[string]bool) {
	nextOps := map[string]*model.Operation{}
	for _, op := range next.API.Operations {
		nextOps[opKey(op)] = op
	}
	unwalked = map[string]bool{}
	for _, bop := range base.API.Operations {
		nop := nextOps[opKey(bop)]
		if nop == nil {
			continue
		}
		for _, br := range bop.Responses {
			if br.ContentType == "" {
				continue
			}
			bs, ns := responseSchema(base, bop, br.Status, br.ContentType), responseSchema(next, nop, br.Status, br.ContentType)
			if bs == nil || ns == nil {
				continue // the response or media type is gone: oasdiff reports it
			}
			had, has := fieldSet{}, fieldSet{}
			if !had.collect([]*openapi3.SchemaRef{bs}, "", map[*openapi3.Schema]bool{}) ||
				!has.collect([]*openapi3.SchemaRef{ns}, "", map[*openapi3.Schema]bool{}) {
				unwalked[opName(nop)] = true // too many paths to list (mutually recursive schemas): oasdiff's rules stand
				continue
			}
			paths := make([]string, 0, len(had))
			for p := range had {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			gone := map[string]bool{}
			for _, p := range paths {
				if underGone(p, gone) {
					continue // its parent's disappearance says it
				}
				req, ok := has[p]
				var msg string
				switch {
				case !ok:
					gone[p] = true
					msg = fmt.Sprintf("response %s field %s disappears: callers' generated clients and parsers that read it break", br.Status, p)
				case had[p] && !req:
					msg = fmt.Sprintf("response %s field %s was required and becomes optional: typed clients' field becomes optional (a pointer in Go) and callers that read it unguarded break when it is absent", br.Status, p)
				default:
					continue
				}
				out = append(out, Change{Rule: RuleResponseFieldChanged, Source: FromSpecgate, Level: Rules[RuleResponseFieldChanged],
					Operation: opName(nop), OperationID: nop.ID, Message: msg, Audiences: append(callers(bop, base), BackendOwners)})
			}
		}
	}
	return out, unwalked
}

// underGone reports whether a parent of field path p is in gone.
func underGone(p string, gone map[string]bool) bool {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' && (gone[p[:i]] || (strings.HasSuffix(p[:i], "[]") && gone[strings.TrimSuffix(p[:i], "[]")])) {
			return true
		}
	}
	return false
}

// responseSchema finds the schema of op's response status in content type ct.
func responseSchema(s *Side, op *model.Operation, status, ct string) *openapi3.SchemaRef {
	item := s.Doc.T.Paths.Value(op.Path)
	if item == nil {
		return nil
	}
	kop := item.GetOperation(op.Method)
	if kop == nil || kop.Responses == nil {
		return nil
	}
	r := kop.Responses.Value(status)
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get(ct)
	if mt == nil {
		return nil
	}
	return mt.Schema
}

// fieldSet maps each response field's path ("items[].sku") to whether it is
// guaranteed (required) wherever its parent is present.
type fieldSet map[string]bool

// shape is what one level of a response's schemas declares.
type shape struct {
	props    map[string][]*openapi3.SchemaRef
	required map[string]bool
	items    []*openapi3.SchemaRef
}

// maxFields bounds the paths one response lists: mutually recursive
// schemas have a number of paths exponential in their depth.
const maxFields = 20000

// collect adds the fields the schemas (all of which apply at this level)
// declare under prefix. It reports false when the response has more than
// maxFields paths (the set is then incomplete).
func (f fieldSet) collect(refs []*openapi3.SchemaRef, prefix string, stack map[*openapi3.Schema]bool) bool {
	sh := shape{props: map[string][]*openapi3.SchemaRef{}, required: map[string]bool{}}
	var entered []*openapi3.Schema
	for _, r := range refs {
		if r == nil || r.Value == nil || stack[r.Value] {
			continue
		}
		stack[r.Value] = true
		entered = append(entered, r.Value)
		sh.merge(gather(r.Value, map[*openapi3.Schema]bool{}))
	}
	defer func() {
		for _, s := range entered {
			delete(stack, s)
		}
	}()
	for name, ps := range sh.props {
		p := prefix + name
		f[p] = f[p] || sh.required[name]
		if len(f) > maxFields || !f.collect(ps, p+".", stack) {
			return false
		}
	}
	if len(sh.items) > 0 {
		p := prefix + "[]"
		if prefix != "" {
			p = prefix[:len(prefix)-1] + "[]"
		}
		return f.collect(sh.items, p+".", stack)
	}
	return true
}

// merge adds o's declarations (both apply: allOf).
func (sh *shape) merge(o shape) {
	for n, ps := range o.props {
		sh.props[n] = append(sh.props[n], ps...)
	}
	for n := range o.required {
		sh.required[n] = true
	}
	sh.items = append(sh.items, o.items...)
}

// gather reads what one schema declares at its level, through allOf
// (every branch applies), oneOf and anyOf (a field of any alternative is
// declared; it is required only when every alternative requires it).
func gather(s *openapi3.Schema, seen map[*openapi3.Schema]bool) shape {
	sh := shape{props: map[string][]*openapi3.SchemaRef{}, required: map[string]bool{}}
	if s == nil || seen[s] {
		return sh
	}
	seen[s] = true
	for n, p := range s.Properties {
		if p != nil && p.Value != nil && p.Value.WriteOnly {
			continue // never in a response
		}
		sh.props[n] = append(sh.props[n], p)
	}
	for _, r := range s.Required {
		sh.required[r] = true
	}
	if s.Items != nil {
		sh.items = append(sh.items, s.Items)
	}
	for _, r := range s.AllOf {
		if r != nil {
			sh.merge(gather(r.Value, seen))
		}
	}
	for _, alts := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf} {
		if len(alts) == 0 {
			continue
		}
		var common map[string]bool
		for _, r := range alts {
			if r == nil {
				continue
			}
			a := gather(r.Value, seen)
			for n, ps := range a.props {
				sh.props[n] = append(sh.props[n], ps...)
			}
			sh.items = append(sh.items, a.items...)
			if common == nil {
				common = a.required
				continue
			}
			for n := range common {
				if !a.required[n] {
					delete(common, n)
				}
			}
		}
		for n := range common {
			sh.required[n] = true
		}
	}
	return sh
}
