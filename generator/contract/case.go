// Package contract derives contract test cases from a service's model and
// runs them against the generated local server, the Lambda function under
// the AWS Lambda Runtime Interface Emulator, or a deployed URL: what
// `specgate test` does. Deriving is pure and deterministic for a seed.
package contract

import (
	"fmt"
	"math/rand"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Kind says what a case checks.
type Kind string

// The kinds of case.
const (
	Valid   Kind = "valid"    // a request the spec allows: a declared answer
	Invalid Kind = "invalid"  // one constraint broken: 400 naming the location
	Media   Kind = "media"    // a body that is not JSON: 415
	NoToken Kind = "no-token" // 401
	Scope   Kind = "scope"    // a token lacking one required scope: 403
	IDToken Kind = "id-token" // an ID token where an access token is needed: 401
	Skipped Kind = "skipped"  // could not be built; Skip says why
)

// Auth is the credential a case sends.
type Auth struct {
	Token  bool     // send a token at all
	ID     bool     // an ID token instead of an access token
	Scopes []string // full Cognito scope names the token carries
	// Lacking marks a token made to lack a scope the operation needs (a
	// Scope case): a fixed --token cannot be one.
	Lacking bool
}

// Request is what a case sends, independent of the target.
type Request struct {
	Method      string
	Path        string            // the concrete path, escaped
	Template    string            // the operation's path template
	PathParams  map[string]string // unescaped values by name
	Query       url.Values
	Header      map[string]string
	Body        []byte
	ContentType string
	Auth        Auth
}

// Case is one contract test case.
type Case struct {
	Name      string // "getOrder/invalid: body /quantity minimum"
	Operation string // the operation's id (operationId, else "METHOD /path")
	Kind      Kind
	Request   Request
	Status    int    // the status expected; 0 for Valid (a declared answer)
	In        string // where the 400 must point: body, query, path, header, cookie
	Where     string // the parameter name, or the body's JSON pointer
	Skip      string // why the case could not be built (Kind Skipped)
}

// OperationID names an operation in cases and filters.
func OperationID(op *model.Operation) string {
	if op.ID != "" {
		return op.ID
	}
	return op.Method + " " + op.Path
}

// Derive returns the cases for every operation of api that the Lambda
// function serves, in a stable order; the same seed gives the same cases.
// only, when not empty, keeps the operations it names (operationId or
// "METHOD /path"). examples (from Examples; may be nil) are request
// bodies the spec gives, sent instead of synthesized ones.
func Derive(api *model.API, seed int64, only []string, examples map[string]any) []Case {
	var out []Case
	for _, op := range api.Operations {
		id := OperationID(op)
		if len(only) > 0 && !slices.ContainsFunc(only, func(name string) bool { return Matches(op, name) }) {
			continue
		}
		if op.Integration != nil {
			out = append(out, Case{Name: id + "/skipped", Operation: id, Kind: Skipped,
				Skip: "served by an existing HTTP backend (" + op.Integration.URI + "), not by the function"})
			continue
		}
		if _, ok := testable(op); !ok {
			out = append(out, Case{Name: id + "/skipped", Operation: id, Kind: Skipped,
				Skip: "every security alternative needs a mutualTLS client certificate that API Gateway verified, which specgate test cannot present"})
			continue
		}
		d := &deriver{api: api, op: op, id: id, rnd: rand.New(rand.NewSource(seed ^ int64(hash(id)))), example: examples[id]}
		out = append(out, d.cases()...)
	}
	return out
}

// Matches reports whether name (an operationId, or "METHOD /path" in any
// case) names op.
func Matches(op *model.Operation, name string) bool {
	return name == op.ID || strings.EqualFold(name, op.Method+" "+op.Path)
}

func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

type deriver struct {
	api     *model.API
	op      *model.Operation
	id      string
	rnd     *rand.Rand
	example any // the spec's request body example; nil: synthesize
}

// params are the synthesized values of a valid request.
type params struct {
	path    map[string]string
	query   url.Values
	header  map[string]string
	cookie  map[string]string // by name; request joins them in one Cookie header
	body    any
	hasBody bool
}

func (d *deriver) skip(why string) Case {
	return Case{Name: d.id + "/valid", Operation: d.id, Kind: Skipped, Skip: why}
}

func (d *deriver) cases() []Case {
	p, err := d.valid()
	if err != nil {
		return []Case{d.skip(err.Error())}
	}
	d.credentials(p)
	base := d.request(p, d.validAuth())
	out := []Case{{Name: d.id + "/valid", Operation: d.id, Kind: Valid, Request: base}}
	add := func(kind Kind, name string, status int, in, where string, r Request) {
		out = append(out, Case{Name: d.id + "/" + string(kind) + ": " + name, Operation: d.id, Kind: kind,
			Request: r, Status: status, In: in, Where: where})
	}
	// Parameters: each required one missing, each constraint broken
	// (params.go).
	for _, prm := range d.op.Params {
		if prm.Required && prm.In != model.InPath {
			q := clone(p)
			q.remove(prm)
			add(Invalid, fmt.Sprintf("%s %s missing", prm.In, prm.Name), 400, string(prm.In), prm.Name, d.request(q, base.Auth))
		}
		for _, pb := range paramBreaks(prm, d.rnd) {
			q := clone(p)
			q.setValues(prm, pb.values)
			add(Invalid, fmt.Sprintf("%s %s %s", prm.In, prm.Name, pb.what), 400, string(prm.In), prm.Name, d.request(q, base.Auth))
		}
	}
	// The JSON body: one constraint broken at a time, at every object and
	// array the valid body holds (nested.go); a body that is not JSON.
	if b := d.op.Body; b != nil && b.JSON && b.Schema != nil && p.hasBody {
		for _, bb := range bodyBreaks(b.Schema, p.body, d.rnd) {
			q := clone(p)
			q.body = bb.edit(q.body)
			add(Invalid, bb.name, 400, "body", bb.where, d.request(q, base.Auth))
		}
		r := base
		r.Body, r.ContentType = []byte("not json"), "text/plain"
		add(Media, "body as text/plain", 415, "", "", r)
	}
	// Credentials.
	if alts := d.tokenAlternatives(); alts != nil {
		r := base
		r.Auth = Auth{}
		add(NoToken, "no token", 401, "", "", r)
		// An ID token carries no scopes; the Cognito authorizer accepts it
		// where none are needed.
		if !satisfies(nil, alts) {
			r.Auth = Auth{Token: true, ID: true}
			add(IDToken, "ID token", 401, "", "", r)
		}
		all := unionScopes(alts)
		for _, sc := range all {
			rest := without(all, sc)
			if satisfies(rest, alts) {
				continue
			}
			r.Auth = Auth{Token: true, Scopes: rest, Lacking: true}
			add(Scope, "without "+sc, 403, "", "", r)
		}
	}
	return out
}

// tokenAlternatives returns the full Cognito scope names of the
// operation's security alternatives, of which a token must hold one whole;
// nil when no token is needed: an anonymous operation, or one with an
// alternative that needs no token (only API keys, basic auth or a client
// certificate). No security declared needs a token without scopes (secure
// by default). It reads model.Operation.Access, the meaning the generated
// local server and function enforce.
func (d *deriver) tokenAlternatives() [][]string {
	acc := d.op.Access
	if acc.Anonymous {
		return nil
	}
	var alts [][]string
	for _, alt := range acc.Alternatives {
		if !alt.Token {
			return nil
		}
		alts = append(alts, append([]string{}, alt.Scopes...))
	}
	return alts
}

// testable returns the security alternative a valid request satisfies:
// the first that needs no client certificate (specgate test presents
// none). ok is false when every alternative needs one; nil with ok when
// the operation needs nothing.
func testable(op *model.Operation) (alt *model.AccessAlt, ok bool) {
	alts := op.Access.Alternatives
	if op.Access.Anonymous || len(alts) == 0 {
		return nil, true
	}
	for i := range alts {
		if !alts[i].MutualTLS {
			return &alts[i], true
		}
	}
	return nil, false
}

// credentials sets the chosen alternative's non-token credentials where
// they travel: an API key in its header, query or cookie, basic credentials.
func (d *deriver) credentials(p *params) {
	alt, _ := testable(d.op)
	if alt == nil {
		return
	}
	for _, c := range alt.Credentials {
		switch {
		case c.Kind == model.KindAPIKey && c.In == "header":
			p.header[c.Name] = "contract-test-key"
		case c.Kind == model.KindAPIKey && c.In == "query":
			p.query.Set(c.Name, "contract-test-key")
		case c.Kind == model.KindAPIKey && c.In == "cookie":
			p.set(&model.Param{Name: c.Name, In: model.InCookie}, "contract-test-key")
		case c.Kind == model.KindHTTP && strings.EqualFold(c.Name, "basic"):
			p.header["Authorization"] = "Basic Y29udHJhY3Q6dGVzdA=="
		}
	}
}

// validAuth is an access token with the scopes of the chosen alternative
// when it needs a token.
func (d *deriver) validAuth() Auth {
	alt, _ := testable(d.op)
	if alt == nil || !alt.Token {
		return Auth{}
	}
	return Auth{Token: true, Scopes: append([]string{}, alt.Scopes...)}
}

func unionScopes(alts [][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range alts {
		for _, s := range a {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

func without(list []string, x string) []string {
	var out []string
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

func satisfies(have []string, alts [][]string) bool {
	for _, a := range alts {
		ok := true
		for _, s := range a {
			if !contains(have, s) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
