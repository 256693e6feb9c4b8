package rt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/events"
)

// Claims is the caller's identity as a verified token says it: the
// authorizer in front of the function verified it, or (with no authorizer
// deployed: Spec.VerifyToken) the function itself did (VerifyBearer). The function
// checks each operation's scopes again (defence in depth), with OpenAPI's
// meaning: every scope of one of the operation's security alternatives.
type Claims struct {
	Subject  string            // the token's sub claim
	Scopes   []string          // full scope names, as the token carries them (see ScopeClaim)
	TokenUse string            // Cognito's token_use claim: "access" or "id"
	Values   map[string]string // every claim, as text (arrays and objects as JSON)
}

// HasScope reports whether the token carries scope.
func (c *Claims) HasScope(scope string) bool {
	for _, s := range c.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// missing returns the scopes of want the token lacks.
func (c *Claims) missing(want []string) []string {
	var out []string
	for _, s := range want {
		if !c.HasScope(s) {
			out = append(out, s)
		}
	}
	return out
}

type claimsKey struct{}

// ClaimsFromContext returns the caller's claims; false for a request that
// carried none (a public operation called without a token).
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(*Claims)
	return c, ok && c != nil
}

// ScopeClaim reads a token's scope claim by its JSON type: a string holds
// space-separated scope names; an array holds one scope name per string
// element. Anything else, and a string that is an array written as text
// ("[a b]", which is how a gateway may pass an array claim on), holds no
// scopes: a claim is never flattened into words. The local server reads
// scope claims with this function too.
func ScopeClaim(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			return nil
		}
		return strings.Fields(v)
	case []string:
		return append([]string(nil), v...)
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// BearerChallenge is the WWW-Authenticate value of a 401 or 403 answer
// (RFC 6750 section 3): "Bearer" alone when no token was sent; with
// error="invalid_token" for a token that was refused; with
// error="insufficient_scope" and the scopes that would pass for a token
// that lacks them. The local server answers with it too.
func BearerChallenge(errorCode string, scopes []string) string {
	if errorCode == "" {
		return "Bearer"
	}
	v := `Bearer error="` + errorCode + `"`
	if len(scopes) > 0 {
		v += `, scope="` + strings.Join(scopes, " ") + `"`
	}
	return v
}

// MissingScopesDetail is the detail of a 403 answer: it names the scopes
// the token lacks. The local server answers with it too.
func MissingScopesDetail(missing []string) string {
	return "the token lacks the scopes this operation needs: " + strings.Join(missing, ", ")
}

// Security is what one operation requires of the caller.
type Security struct {
	Alts []AuthAlt // one must pass
}

// AuthAlt is one security alternative. A mutualTLS client certificate is
// checked by API Gateway at a custom domain's TLS handshake; the function
// lets such an alternative pass only when the event says API Gateway
// verified one (the request context, which a caller cannot write), so a
// call through the default execute-api endpoint, or the local server,
// is refused.
type AuthAlt struct {
	Token     bool             // a verified token is needed
	Scopes    []string         // every one of these must be in the token (an access token)
	Creds     []CredentialSpec // non-token credentials that must be present
	MutualTLS bool             // a client certificate API Gateway verified is needed
}

// CredentialSpec is where a non-token credential (an API key, HTTP basic auth)
// travels. Nothing in front of the function verifies these: the function
// checks they are present and hands them to the handler, which must
// verify them (see CredentialsFromContext).
type CredentialSpec struct {
	Scheme string // the security scheme's name in the spec
	In     string // header, query, cookie, or "authorization" for an http scheme
	Name   string // header/parameter/cookie name, or the http auth scheme (basic)
}

// Credential is a non-token credential the caller presented, unverified.
type Credential struct {
	Scheme string // the security scheme's name in the spec
	Value  string // the API key, or the Authorization header's credentials
}

type credentialsKey struct{}

// CredentialsFromContext returns the unverified non-token credentials
// (API keys, basic auth) of the security alternative the request matched.
// The handler MUST verify them: neither API Gateway nor the router does.
func CredentialsFromContext(ctx context.Context) ([]Credential, bool) {
	c, ok := ctx.Value(credentialsKey{}).([]Credential)
	return c, ok && len(c) > 0
}

// present returns the alternative's credentials as r carries them, or
// false when one is missing.
func (a AuthAlt) present(r *Request) ([]Credential, bool) {
	var out []Credential
	for _, c := range a.Creds {
		var v string
		var ok bool
		switch c.In {
		case "header":
			v, ok = r.HeaderValue(c.Name)
		case "query":
			v, ok = First(r.query[c.Name])
		case "cookie":
			v, ok = r.Cookie(c.Name)
		case "authorization":
			h, found := r.HeaderValue("Authorization")
			scheme, cred, cut := strings.Cut(h, " ")
			v, ok = cred, found && cut && strings.EqualFold(scheme, c.Name)
		}
		if !ok || v == "" {
			return nil, false
		}
		out = append(out, Credential{Scheme: c.Scheme, Value: v})
	}
	return out, true
}

// authorize checks the caller against sec: 401 without the token or
// credentials an alternative needs (or with a token that is not valid, or
// an ID token where scopes are needed), 403 with a token that lacks every
// alternative's scopes, naming the scopes missing from the closest one. A
// nil sec is a public operation. It returns the unverified non-token
// credentials of the alternative that passed.
func authorize(r *Request, sec *Security, verify func(http.Header) (*Claims, error)) (Reply, []Credential, bool) {
	if sec == nil {
		return Reply{}, nil, true
	}
	tokenAsked, idToken := false, false
	var closest, missing []string // the alternative with the fewest missing scopes
	var tokenErr error            // why the function refused the bearer token (verify)
	verified := false
	foreign := false // the authorizer verified a token issued to a client that may not call this service
	if r.claims != nil && !audienceAllows(r.claims, authorizerAudience()) {
		r.claims, foreign = nil, true
	}
	certAsked := false
	for _, alt := range sec.Alts {
		if alt.MutualTLS && !r.certified {
			certAsked = true
			continue
		}
		creds, ok := alt.present(r)
		if !ok {
			continue
		}
		if !alt.Token {
			return Reply{}, creds, true
		}
		tokenAsked = true
		if verify != nil && r.claims == nil && !verified {
			verified = true
			r.claims, tokenErr = verify(r.header)
		}
		c := r.claims
		if c == nil {
			continue
		}
		if len(alt.Scopes) > 0 && c.TokenUse != "access" {
			idToken = true
			continue
		}
		lack := c.missing(alt.Scopes)
		if len(lack) == 0 {
			return Reply{}, creds, true
		}
		if closest == nil || len(lack) < len(missing) {
			closest, missing = alt.Scopes, lack
		}
	}
	switch {
	case closest != nil:
		rep := ProblemReply(http.StatusForbidden, MissingScopesDetail(missing), nil)
		rep.header["WWW-Authenticate"] = BearerChallenge("insufficient_scope", closest)
		return rep, nil, false
	case idToken:
		return invalidToken("this operation needs an access token, not an ID token"), nil, false
	case !tokenAsked && certAsked:
		return ProblemReply(http.StatusUnauthorized, "this operation needs a client certificate that API Gateway verified (mutual TLS at the API's custom domain)", nil), nil, false
	case !tokenAsked:
		return ProblemReply(http.StatusUnauthorized, "this operation needs credentials", nil), nil, false
	case foreign:
		return invalidToken(errForeignClient.Error()), nil, false
	case tokenErr != nil:
		return invalidToken(tokenErr.Error()), nil, false
	case sentBearer(r):
		return invalidToken("the bearer token was not verified"), nil, false
	}
	rep := ProblemReply(http.StatusUnauthorized, "this operation needs a bearer token", nil)
	rep.header["WWW-Authenticate"] = BearerChallenge("", nil)
	return rep, nil, false
}

// invalidToken is the 401 answer to a token that was sent and refused.
func invalidToken(detail string) Reply {
	rep := ProblemReply(http.StatusUnauthorized, detail, nil)
	rep.header["WWW-Authenticate"] = BearerChallenge("invalid_token", nil)
	return rep
}

// sentBearer reports whether the request carries a bearer token.
func sentBearer(r *Request) bool {
	_, ok := bearerToken(r.header)
	return ok
}

// bearerToken returns the token of the Authorization header ("Bearer
// TOKEN", or the bare token API Gateway's Cognito authorizer also accepts).
func bearerToken(h http.Header) (string, bool) {
	v := strings.TrimSpace(h.Get("Authorization"))
	if v == "" {
		return "", false
	}
	if scheme, tok, ok := strings.Cut(v, " "); ok {
		tok = strings.TrimSpace(tok)
		return tok, strings.EqualFold(scheme, "Bearer") && tok != ""
	}
	return v, true
}

// claimsFromMap reads claims by their JSON type: as API Gateway passes
// them on (strings), as a Lambda authorizer set them, or as a verified
// token holds them. scopes, when not nil, are the scopes the authorizer
// already read from the token.
func claimsFromMap(m map[string]any, scopes []string) *Claims {
	if len(m) == 0 {
		return nil
	}
	c := &Claims{Values: make(map[string]string, len(m))}
	for k, v := range m {
		switch v := v.(type) {
		case nil:
		case string:
			c.Values[k] = v
		case json.Number:
			c.Values[k] = v.String()
		default:
			b, err := json.Marshal(v)
			if err == nil {
				c.Values[k] = string(b)
			}
		}
	}
	c.Subject, _ = m["sub"].(string)
	c.TokenUse, _ = m["token_use"].(string)
	if c.Subject == "" {
		c.Subject, _ = m["principalId"].(string)
	}
	c.Scopes = scopes
	if len(c.Scopes) == 0 {
		c.Scopes = ScopeClaim(m["scope"])
	}
	return c
}

// authorizerAudience is the app client IDs (EnvTokenClientIDs) whose
// tokens the function accepts from the authorizer in front, read once:
// a REST API's Cognito authorizer checks no audience (any app client of
// the pool passes), so in a platform the template names the clients that
// may call the service. Empty: the authorizer's check stands alone. A
// variable, so that tests can set it.
var authorizerAudience = sync.OnceValue(func() []string { return clientIDs(os.Getenv(EnvTokenClientIDs)) })

// clientIDs splits a comma-separated list of app client IDs.
func clientIDs(list string) []string {
	var out []string
	for _, c := range strings.Split(list, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// errForeignClient refuses a token issued to an app client that may not
// call the service.
var errForeignClient = errors.New("the token is for another app client")

// audienceAllows reports whether clients (none: any) include the app
// client c's token was issued to: client_id of an access token, aud of an
// ID token (as the authorizer passes them on, text).
func audienceAllows(c *Claims, clients []string) bool {
	if len(clients) == 0 {
		return true
	}
	var client string
	switch c.TokenUse {
	case "access":
		client = c.Values["client_id"]
	case "id":
		aud := c.Values["aud"]
		var list []any
		if json.Unmarshal([]byte(aud), &list) == nil {
			aud = audienceOf(list, clients)
		}
		client = aud
	}
	return containsString(clients, client)
}

// restClaims reads a REST API authorizer's output: a Cognito user pool
// authorizer puts the token's claims under "claims"; a Lambda authorizer
// puts its context at the top level. Only API Gateway writes the request
// context: a caller cannot.
func restClaims(e *events.APIGatewayProxyRequest, _ http.Header) *Claims {
	a := e.RequestContext.Authorizer
	if inner, ok := a["claims"].(map[string]any); ok {
		return claimsFromMap(inner, nil)
	}
	return claimsFromMap(a, nil)
}

// httpClaims reads an HTTP API authorizer's output (JWT or Lambda).
func httpClaims(e *events.APIGatewayV2HTTPRequest, _ http.Header) *Claims {
	a := e.RequestContext.Authorizer
	if a == nil {
		return nil
	}
	if a.JWT != nil && len(a.JWT.Claims) > 0 {
		m := make(map[string]any, len(a.JWT.Claims))
		for k, v := range a.JWT.Claims {
			m[k] = v
		}
		return claimsFromMap(m, a.JWT.Scopes)
	}
	return claimsFromMap(a.Lambda, nil)
}
