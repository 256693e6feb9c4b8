package evolve

import (
	"fmt"
	"slices"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// specgate's own rules: what no generic differ knows, read from the model.
const (
	RuleScopesChanged        = "specgate-scopes-changed"               // an operation needs an extra or another scope
	RuleBecameSecured        = "specgate-operation-secured"            // a public operation now needs a token
	RuleBecamePublic         = "specgate-operation-made-public"        // a secured operation is now public
	RuleClientScopeRemoved   = "specgate-client-scope-removed"         // an app client loses a scope, or a scope disappears that it still names
	RuleClientRemoved        = "specgate-app-client-removed"           // an app client disappears or changes its OAuth flow
	RuleServerRemoved        = "specgate-resource-server-removed"      // a Cognito resource server disappears
	RuleBasePathChanged      = "specgate-base-path-changed"            // the servers' base path changes
	RuleToLegacy             = "specgate-moved-to-legacy-backend"      // an operation moves from the Lambda to a legacy backend
	RuleFromLegacy           = "specgate-moved-from-legacy-backend"    // an operation moves from a legacy backend to the Lambda
	RuleLegacyChanged        = "specgate-legacy-backend-changed"       // a legacy operation's backend URI or timeout changes
	RuleConstraintTightened  = "specgate-request-constraint-tightened" // the generated validation refuses what it accepted
	RuleRequestChanged       = "specgate-request-schema-changed"       // a request keyword changes in a way specgate cannot prove harmless
	RuleResponseFieldChanged = "specgate-response-field-changed"       // a response field disappears, changes type or stops being required
	RuleRemovedNotDeprecated = "specgate-removed-without-deprecation"  // an operation is removed that BASE did not deprecate
	RuleServerChanged        = "specgate-server-changed"               // a server's scheme or host is no longer listed
	RuleCallbackRemoved      = "specgate-callback-removed"             // a callback, its URL or one of its operations disappears
	RuleCallbackChanged      = "specgate-callback-changed"             // a callback's request or expected answers change
)

// Rule is one of specgate's rules.
type Rule struct {
	ID      string
	Level   Level
	Summary string
}

// RuleList is specgate's rules, in the order documentation lists them.
var RuleList = []Rule{
	{RuleScopesChanged, Error, "an operation needs an extra or another scope: callers' tokens no longer suffice"},
	{RuleBecameSecured, Error, "a public operation now needs a token"},
	{RuleBecamePublic, Warning, "a secured operation is now public"},
	{RuleClientScopeRemoved, Error, "an app client loses a scope it could request, or a scope disappears while an app client still names it"},
	{RuleClientRemoved, Error, "a generated app client disappears (deploying deletes it and its secret) or changes its OAuth flow"},
	{RuleServerRemoved, Error, "a generated Cognito resource server disappears (deploying deletes it and its scopes)"},
	{RuleBasePathChanged, Error, "the servers' base path changes"},
	{RuleToLegacy, Warning, "an operation moves from the Lambda to a legacy backend"},
	{RuleFromLegacy, Warning, "an operation moves from a legacy backend to the Lambda"},
	{RuleLegacyChanged, Warning, "a legacy operation's backend URI or timeout changes"},
	{RuleConstraintTightened, Error, "the generated validation refuses requests it accepted (type, null, pattern, format, bounds, enum, const, required, additionalProperties, not, unevaluated*, discriminator, a parameter's style or explode, ...)"},
	{RuleRequestChanged, Error, "a request schema keyword changes in a way specgate cannot prove accepts every request it accepted (oneOf, allOf, anyOf, if/then/else, prefixItems, any keyword without a rule of its own)"},
	{RuleResponseFieldChanged, Error, "a response field disappears, changes type or stops being required (through allOf, oneOf, anyOf)"},
	{RuleRemovedNotDeprecated, Warning, "an operation is removed that BASE did not deprecate"},
	{RuleServerChanged, Warning, "a server URL's scheme or host is no longer listed: callers configured with it must change"},
	{RuleCallbackRemoved, Error, "a callback, the URL expression it is sent to, or one of its operations disappears: subscribers stop receiving it"},
	{RuleCallbackChanged, Error, "a callback's parameters, request body, expected responses or security change: subscribers' endpoints get other requests"},
}

// Rules is each rule's level, by id.
var Rules = func() map[string]Level {
	m := make(map[string]Level, len(RuleList))
	for _, r := range RuleList {
		m[r.ID] = r.Level
	}
	return m
}()

// opKey identifies an operation across versions: method and path with the
// parameter names left out (renaming {id} to {orderId} is the same route).
func opKey(op *model.Operation) string {
	var b strings.Builder
	b.WriteString(op.Method)
	b.WriteByte(' ')
	for _, s := range op.Segments {
		b.WriteByte('/')
		b.WriteString(s.Prefix)
		if s.Param != "" {
			b.WriteString("{}")
			if s.Greedy {
				b.WriteByte('+')
			}
		}
		b.WriteString(s.Suffix)
	}
	return b.String()
}

// opName is how reports name an operation.
func opName(op *model.Operation) string { return op.Method + " " + op.Path }

// findOp finds the operation called name ("METHOD /path") in api.
func findOp(api *model.API, name string) *model.Operation {
	if api == nil {
		return nil
	}
	for _, op := range api.Operations {
		if opName(op) == name {
			return op
		}
	}
	return nil
}

// callers says which kind of client calls op: anyone for a public
// operation; otherwise the clients whose scopes satisfy one of its
// security alternatives. When no client can be told apart, both kinds.
func callers(op *model.Operation, s *Side) []Audience {
	both := []Audience{PublicClients, MachineClients}
	if op == nil || op.Public || len(op.Security) == 0 {
		return both
	}
	var public, machine bool
	for _, c := range s.Clients {
		for _, alt := range op.Security {
			if clientSatisfies(c, alt, s.API.ResourceServer) {
				if c.Service {
					machine = true
				} else {
					public = true
				}
				break
			}
		}
	}
	var out []Audience
	if public {
		out = append(out, PublicClients)
	}
	if machine {
		out = append(out, MachineClients)
	}
	if len(out) == 0 {
		return both
	}
	return out
}

func clientSatisfies(c *model.AppClient, alt model.Requirement, rs string) bool {
	for _, sch := range alt.Schemes {
		for _, sc := range sch.Scopes {
			if !slices.Contains(c.Scopes, model.CognitoScope(rs, sc)) {
				return false
			}
		}
	}
	return true
}

// own runs specgate's rules.
func own(base, next *Side) []Change {
	var out []Change
	add := func(rule string, op *model.Operation, aud []Audience, format string, args ...any) {
		c := Change{Rule: rule, Source: FromSpecgate, Level: Rules[rule], Message: fmt.Sprintf(format, args...), Audiences: aud}
		if op != nil {
			c.Operation, c.OperationID = opName(op), op.ID
		}
		out = append(out, c)
	}
	everyone := []Audience{PublicClients, MachineClients}

	// Base path.
	bp, np := pathsOrRoot(base.BasePaths), pathsOrRoot(next.BasePaths)
	if !slices.Equal(bp, np) {
		add(RuleBasePathChanged, nil, everyone, "the base path changes from %s to %s: every caller's URLs change (and the API Gateway base path mapping)", strings.Join(bp, ", "), strings.Join(np, ", "))
	}

	servers(base, next, add)

	nextOps := map[string]*model.Operation{}
	for _, op := range next.API.Operations {
		nextOps[opKey(op)] = op
	}
	for _, bop := range base.API.Operations {
		nop := nextOps[opKey(bop)]
		if nop == nil {
			if !bop.Deprecated {
				add(RuleRemovedNotDeprecated, bop, callers(bop, base), "the operation is removed without having been deprecated first: mark it deprecated: true (with x-sunset) in one release, remove it in a later one")
			}
			continue
		}
		security(bop, nop, base, add)
		legacy(bop, nop, add)
		callbacks(base, next, bop, nop, add)
		if bop.Integration == nil && nop.Integration == nil {
			for _, f := range tightened(bop, nop) {
				if f.rule == RuleConstraintTightened {
					add(f.rule, nop, callers(bop, base), "%s: the generated validation now answers 400 to requests it accepted", f.text)
				} else {
					add(f.rule, nop, callers(bop, base), "%s: specgate cannot prove the generated validation still accepts every request it accepted; check, then acknowledge it or make it compatible", f.text)
				}
			}
		}
	}
	out = append(out, clientScopes(base, next)...)
	return out
}

func pathsOrRoot(p []string) []string {
	if len(p) == 0 {
		return []string{"/"}
	}
	return p
}

type addFunc func(rule string, op *model.Operation, aud []Audience, format string, args ...any)

// security compares what a caller's token must carry.
func security(bop, nop *model.Operation, base *Side, add addFunc) {
	bPublic, nPublic := isPublic(bop), isPublic(nop)
	switch {
	case bPublic && !nPublic:
		add(RuleBecameSecured, nop, []Audience{PublicClients, MachineClients}, "the operation was public and now needs a token (%s): callers without one get 401", describeSecurity(nop))
		return
	case !bPublic && nPublic:
		add(RuleBecamePublic, nop, []Audience{BackendOwners}, "the operation needed a token (%s) and is now public: make sure the handler no longer relies on the caller's identity", describeSecurity(bop))
		return
	case bPublic:
		return
	case len(nop.Security) == 0:
		return // undeclared security: any valid token passes
	case len(bop.Security) == 0:
		// Undeclared before: any valid token passed. It still does if some
		// alternative names no scope.
		if !slices.ContainsFunc(nop.Security, func(n model.Requirement) bool { return covers(model.Requirement{}, n) }) {
			add(RuleScopesChanged, nop, callers(bop, base), "tokens that passed (any valid token: the operation declared no security) no longer suffice: it now needs %s; callers get 403 until their clients request the new scopes", describeSecurity(nop))
		}
		return
	}
	for _, alt := range bop.Security {
		if slices.ContainsFunc(nop.Security, func(n model.Requirement) bool { return covers(alt, n) }) {
			continue
		}
		add(RuleScopesChanged, nop, callers(bop, base), "tokens that passed (%s) no longer suffice: it now needs %s; callers get 403 until their clients request the new scopes", describeRequirement(alt), describeSecurity(nop))
	}
}

// isPublic reports whether a caller without credentials passes: the
// model's rule (model.Access), so security: [{}, {cognito: [...]}]
// (optional auth) is public and an operation that declares no security is
// not (secure by default: any valid token).
func isPublic(op *model.Operation) bool { return op.Access.Anonymous }

// covers reports whether a token that satisfies have satisfies need: every
// scheme need lists is in have, with every scope need lists. An empty have
// is any valid token (undeclared security): it covers a need without scopes.
func covers(have, need model.Requirement) bool {
	for _, n := range need.Schemes {
		i := slices.IndexFunc(have.Schemes, func(h model.SchemeScopes) bool { return h.Scheme == n.Scheme })
		if i < 0 && len(have.Schemes) == 0 && len(n.Scopes) == 0 {
			continue
		}
		if i < 0 {
			return false
		}
		for _, sc := range n.Scopes {
			if !slices.Contains(have.Schemes[i].Scopes, sc) {
				return false
			}
		}
	}
	return true
}

func describeRequirement(r model.Requirement) string {
	var parts []string
	for _, s := range r.Schemes {
		if len(s.Scopes) == 0 {
			parts = append(parts, s.Scheme)
			continue
		}
		parts = append(parts, s.Scheme+" ["+strings.Join(s.Scopes, " ")+"]")
	}
	return strings.Join(parts, " and ")
}

func describeSecurity(op *model.Operation) string {
	alts := make([]string, len(op.Security))
	for i, r := range op.Security {
		alts[i] = describeRequirement(r)
	}
	return strings.Join(alts, " or ")
}

// legacy compares where an operation is served.
func legacy(bop, nop *model.Operation, add addFunc) {
	owners := []Audience{BackendOwners}
	switch b, n := bop.Integration, nop.Integration; {
	case b == nil && n != nil:
		add(RuleToLegacy, nop, owners, "the operation moves from the Lambda to the legacy backend %s: its handler is no longer called, and the backend must accept every request the Lambda did", n.URI)
	case b != nil && n == nil:
		add(RuleFromLegacy, nop, owners, "the operation moves from the legacy backend %s to the Lambda: implement its handler before this deploys, or callers get 501", b.URI)
	case b != nil && (b.URI != n.URI || b.TimeoutMillis != n.TimeoutMillis):
		add(RuleLegacyChanged, nop, owners, "the legacy backend changes from %s (%d ms) to %s (%d ms)", b.URI, b.TimeoutMillis, n.URI, n.TimeoutMillis)
	}
}

// clientScopes compares the identity deploy generates (the Cognito app
// clients, their OAuth flows and scopes, and the resource servers), not the
// spec's keywords: whatever makes a client that callers hold disappear,
// change flow or lose a scope breaks them (deploying deletes the client and
// its secret, or its token requests fail with invalid_scope). It also finds
// declared scopes that disappear while a client still names them (a
// platform's clients are declared apart from the spec).
func clientScopes(base, next *Side) []Change {
	declared := func(s *Side) map[string]bool {
		m := map[string]bool{}
		for _, sch := range s.API.Schemes {
			for _, sc := range sch.Scopes {
				m[model.CognitoScope(s.API.ResourceServer, sc.Name)] = true
			}
		}
		return m
	}
	if base.noIdentity || next.noIdentity {
		return nil // generate reports the deploy problem
	}
	had, has := declared(base), declared(next)
	var out []Change
	add := func(rule string, aud []Audience, format string, args ...any) {
		out = append(out, Change{Rule: rule, Source: FromSpecgate, Level: Rules[rule], Audiences: aud, Message: fmt.Sprintf(format, args...)})
	}
	for _, c := range base.Clients {
		aud := []Audience{PublicClients}
		if c.Service {
			aud = []Audience{MachineClients}
		}
		i := slices.IndexFunc(next.Clients, func(n *model.AppClient) bool { return n.LogicalID == c.LogicalID })
		if i < 0 {
			add(RuleClientRemoved, aud, "app client %s (%s) is no longer generated: deploying deletes it and its secret, and every caller holding its id fails; keep what generates it (the spec's %s flow and a scope it grants)", c.LogicalID, flowName(c), flowName(c))
			continue
		}
		n := next.Clients[i]
		if n.Service != c.Service {
			add(RuleClientRemoved, aud, "app client %s changes its OAuth flow from %s to %s: its callers' token requests fail", c.LogicalID, flowName(c), flowName(n))
		}
		for _, sc := range c.Scopes {
			switch {
			case !slices.Contains(n.Scopes, sc):
				add(RuleClientScopeRemoved, aud, "app client %s can no longer request scope %s: its callers' token requests that ask for it fail (invalid_scope)", c.LogicalID, sc)
			case had[sc] && !has[sc]:
				add(RuleClientScopeRemoved, aud, "scope %s is no longer declared but app client %s still names it: its token requests fail (invalid_scope) and a Cognito stack that keeps the client fails to deploy", sc, c.LogicalID)
			}
		}
	}
	for _, rs := range base.ResourceServers {
		if !slices.ContainsFunc(next.ResourceServers, func(n *model.ResourceServer) bool { return n.Identifier == rs.Identifier }) {
			add(RuleServerRemoved, []Audience{PublicClients, MachineClients}, "resource server %s (%s) is no longer generated: deploying deletes it with its scopes", rs.Identifier, rs.LogicalID)
		}
	}
	return out
}

// flowName is the OAuth flow an app client uses.
func flowName(c *model.AppClient) string {
	if c.Service {
		return "clientCredentials"
	}
	return "authorizationCode"
}
