package contract

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/specgate/specgate/generator/model"
)

// TokenSource gives the bearer token a case's Auth describes.
type TokenSource interface {
	Token(ctx context.Context, a Auth) (string, error)
}

// HTTPTarget sends cases over HTTP to a base URL: the local server, or a
// deployed stage (https://ID.execute-api.REGION.amazonaws.com/prod).
type HTTPTarget struct {
	Base   string
	Tokens TokenSource // nil: no token is ever sent
	Client *http.Client
}

// Do implements Target.
func (h *HTTPTarget) Do(ctx context.Context, r Request) (Response, error) {
	u := strings.TrimRight(h.Base, "/") + r.Path
	if len(r.Query) > 0 {
		u += "?" + r.Query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u, bytes.NewReader(r.Body))
	if err != nil {
		return Response{}, err
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Auth.Token {
		if h.Tokens == nil {
			return Response{}, ErrNoToken
		}
		tok, err := h.Tokens.Token(ctx, r.Auth)
		if err != nil {
			return Response{}, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := noRedirects(h.Client).Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", r.Method, r.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: read the answer: %w", r.Method, r.Path, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: body}, nil
}

// DevTokens mints tokens with the generated local server's `token`
// command (signed by the project's development key).
type DevTokens struct {
	Bin string // the built cmd/local
	Dir string // the project directory (where .specgate/dev-key.json is)

	mu    sync.Mutex
	cache map[string]string
}

// Token implements TokenSource.
func (d *DevTokens) Token(ctx context.Context, a Auth) (string, error) {
	args := []string{"token", "--sub", "contract-test"}
	if a.ID {
		args = append(args, "--id")
	}
	for _, s := range a.Scopes {
		args = append(args, "--scope", s)
	}
	key := strings.Join(args, "\x00")
	d.mu.Lock()
	defer d.mu.Unlock()
	if t, ok := d.cache[key]; ok {
		return t, nil
	}
	cmd := exec.CommandContext(ctx, d.Bin, args...)
	cmd.Dir = d.Dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("mint a dev token (%s %s): %v: %s", d.Bin, strings.Join(args, " "), err, oneLine(stderr.String()))
	}
	if d.cache == nil {
		d.cache = map[string]string{}
	}
	t := strings.TrimSpace(string(out))
	d.cache[key] = t
	return t, nil
}

// StaticToken is one token given with --token: it serves the cases that
// need a valid access token; the others (an ID token, a token lacking a
// scope) are skipped.
type StaticToken string

// Token implements TokenSource.
func (s StaticToken) Token(_ context.Context, a Auth) (string, error) {
	switch {
	case a.ID:
		return "", fmt.Errorf("%w: an ID token cannot be had from --token", ErrNoToken)
	case a.Lacking:
		return "", fmt.Errorf("%w: a token lacking one of the scopes cannot be had from --token", ErrNoToken)
	}
	return string(s), nil
}

// ClientCredentials gets access tokens from a Cognito (OAuth 2.0) token
// endpoint with the client credentials grant, one per scope set.
type ClientCredentials struct {
	TokenURL, ClientID, ClientSecret string
	Client                           *http.Client

	mu    sync.Mutex
	cache map[string]string
}

// Token implements TokenSource.
func (c *ClientCredentials) Token(ctx context.Context, a Auth) (string, error) {
	if a.ID {
		return "", fmt.Errorf("%w: the client credentials grant gives no ID token", ErrNoToken)
	}
	scope := strings.Join(a.Scopes, " ")
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.cache[scope]; ok {
		return t, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}}
	if scope != "" {
		form.Set("scope", scope)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret))
	res, err := noRedirects(c.Client).Do(req)
	if err != nil {
		return "", fmt.Errorf("token endpoint: %w", err)
	}
	defer res.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&body); err != nil || res.StatusCode != http.StatusOK || body.AccessToken == "" {
		return "", fmt.Errorf("token endpoint %s answered %d %s for scope %q (check SPECGATE_CLIENT_ID/SECRET and the client's allowed scopes)", c.TokenURL, res.StatusCode, body.Error, scope)
	}
	if c.cache == nil {
		c.cache = map[string]string{}
	}
	c.cache[scope] = body.AccessToken
	return body.AccessToken, nil
}

// LambdaTarget invokes the function under aws-lambda-rie with the events
// API Gateway sends for a matched route, with the authorizer's claims.
type LambdaTarget struct {
	URL    string        // the emulator's invocation endpoint
	Kind   model.APIKind // REST (payload 1.0) or HTTP (payload 2.0)
	Client *http.Client
}

// claims are what a Cognito authorizer passes on for a's token.
func claims(a Auth) map[string]string {
	if !a.Token {
		return nil
	}
	if a.ID {
		return map[string]string{"sub": "contract-test", "token_use": "id", "aud": "contract", "cognito:username": "contract-test"}
	}
	return map[string]string{"sub": "contract-test", "token_use": "access", "client_id": "contract", "scope": strings.Join(a.Scopes, " ")}
}

// Do implements Target.
func (l *LambdaTarget) Do(ctx context.Context, r Request) (Response, error) {
	var event any
	c := claims(r.Auth)
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[k] = v
	}
	if r.ContentType != "" {
		headers["Content-Type"] = r.ContentType
	}
	if l.Kind == model.HTTP {
		e := events.APIGatewayV2HTTPRequest{
			Version: "2.0", RouteKey: r.Method + " " + r.Template, RawPath: r.Path, RawQueryString: r.Query.Encode(),
			Body: string(r.Body), PathParameters: r.PathParams,
			RequestContext: events.APIGatewayV2HTTPRequestContext{
				RouteKey: r.Method + " " + r.Template, AccountID: "123456789012", Stage: "$default", RequestID: "contract-test",
				HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.Method, Path: r.Path, Protocol: "HTTP/1.1", SourceIP: "192.0.2.1", UserAgent: "specgate-test"},
			},
		}
		if len(headers) > 0 {
			e.Headers = map[string]string{}
			for k, v := range headers {
				if strings.EqualFold(k, "Cookie") {
					// Payload 2.0 carries cookies in their own list, not
					// as a header.
					e.Cookies = strings.Split(v, "; ")
					continue
				}
				e.Headers[strings.ToLower(k)] = v
			}
		}
		if len(r.Query) > 0 {
			e.QueryStringParameters = map[string]string{}
			for k, vs := range r.Query {
				e.QueryStringParameters[k] = strings.Join(vs, ",")
			}
		}
		if c != nil {
			e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: c},
			}
		}
		event = e
	} else {
		const stage = "prod"
		e := events.APIGatewayProxyRequest{
			Resource: r.Template, Path: r.Path, HTTPMethod: r.Method, PathParameters: r.PathParams, Body: string(r.Body),
			RequestContext: events.APIGatewayProxyRequestContext{
				ResourcePath: r.Template, HTTPMethod: r.Method, Path: "/" + stage + r.Path, Stage: stage,
				RequestID: "contract-test", AccountID: "123456789012",
			},
		}
		if len(headers) > 0 {
			e.Headers, e.MultiValueHeaders = map[string]string{}, map[string][]string{}
			for k, v := range headers {
				e.Headers[k], e.MultiValueHeaders[k] = v, []string{v}
			}
		}
		if len(r.Query) > 0 {
			e.QueryStringParameters, e.MultiValueQueryStringParameters = map[string]string{}, map[string][]string{}
			for k, vs := range r.Query {
				e.QueryStringParameters[k], e.MultiValueQueryStringParameters[k] = vs[len(vs)-1], vs
			}
		}
		if c != nil {
			m := map[string]any{}
			for k, v := range c {
				m[k] = v
			}
			e.RequestContext.Authorizer = map[string]any{"claims": m}
		}
		event = e
	}
	payload, err := json.Marshal(event)
	if err != nil {
		return Response{}, err
	}
	hc := l.Client
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL, bytes.NewReader(payload))
	if err != nil {
		return Response{}, err
	}
	res, err := hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("invoke the function: %w", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return Response{}, fmt.Errorf("read the function's answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return Response{}, fmt.Errorf("the emulator answered %s: %s", res.Status, excerpt(raw))
	}
	var out struct {
		StatusCode        int                 `json:"statusCode"`
		Headers           map[string]string   `json:"headers"`
		MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
		Body              string              `json:"body"`
		IsBase64Encoded   bool                `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || out.StatusCode == 0 {
		return Response{}, fmt.Errorf("the function did not answer an API Gateway response: %s", excerpt(raw))
	}
	h := http.Header{}
	for k, v := range out.Headers {
		h.Set(k, v)
	}
	for k, vs := range out.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	body := []byte(out.Body)
	if out.IsBase64Encoded {
		if body, err = base64.StdEncoding.DecodeString(out.Body); err != nil {
			return Response{}, fmt.Errorf("the function's body is marked base64 but does not decode: %w", err)
		}
	}
	return Response{Status: out.StatusCode, Header: h, Body: body}, nil
}

// noRedirects is a copy of hc (nil: one with a 30 s limit) that follows no
// redirect: a service's 3xx is the answer the case judges, and following
// it would send the token, or the client secret, wherever the Location
// says (net/http keeps Authorization for the same host on another port).
func noRedirects(hc *http.Client) *http.Client {
	cp := http.Client{Timeout: 30 * time.Second}
	if hc != nil {
		cp = *hc
	}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}
