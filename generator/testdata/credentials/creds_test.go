package api

// Copied into a generated project by TestNonTokenCredentials: API keys and
// basic auth are checked for presence by the router and handed, unverified,
// to the handler; tokens are checked for scopes.

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

type credsHandler struct{}

func echo(ctx context.Context) Response {
	r := Response{Status: 204, Headers: map[string]string{}}
	if creds, ok := CredentialsFromContext(ctx); ok {
		r.Headers["X-Cred"] = creds[0].Scheme + "=" + creds[0].Value
	}
	if c, ok := ClaimsFromContext(ctx); ok {
		r.Headers["X-Sub"] = c.Subject
	}
	return r
}

func (credsHandler) Keyed(ctx context.Context, _ *KeyedRequest) (KeyedResponse, error) {
	return KeyedResponse{echo(ctx)}, nil
}

func (credsHandler) Either(ctx context.Context, _ *EitherRequest) (EitherResponse, error) {
	return EitherResponse{echo(ctx)}, nil
}

func TestCredentials(t *testing.T) {
	h := NewRESTHandler(credsHandler{})
	claims := func(scope string) map[string]any {
		return map[string]any{"claims": map[string]any{"sub": "svc", "scope": scope, "token_use": "access"}}
	}
	for _, c := range []struct {
		name, path string
		headers    map[string]string
		authorizer map[string]any
		status     int
		cred, sub  string
		bearer     bool
	}{
		{name: "api key missing", path: "/keyed", status: 401},
		{name: "api key empty", path: "/keyed", headers: map[string]string{"X-Api-Key": ""}, status: 401},
		{name: "api key handed over", path: "/keyed", headers: map[string]string{"X-Api-Key": "k1"}, status: 204, cred: "key=k1"},
		{name: "a token does not replace the api key", path: "/keyed", authorizer: claims("creds/things/read"), status: 401},
		{name: "nothing", path: "/either", status: 401, bearer: true},
		{name: "basic handed over", path: "/either", headers: map[string]string{"Authorization": "Basic YWxpY2U6cHc="}, status: 204, cred: "basic=YWxpY2U6cHc="},
		{name: "other auth scheme", path: "/either", headers: map[string]string{"Authorization": "Digest x"}, status: 401, bearer: true},
		{name: "token with the scope", path: "/either", authorizer: claims("creds/things/read"), status: 204, sub: "svc"},
		{name: "token without the scope", path: "/either", authorizer: claims("creds/other"), status: 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: c.path, Resource: c.path, Headers: c.headers,
				RequestContext: events.APIGatewayProxyRequestContext{Authorizer: c.authorizer}}
			res, err := h(context.Background(), e)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, res.Body)
			}
			if got := res.Headers["X-Cred"]; got != c.cred {
				t.Errorf("credential handed to the handler = %q, want %q", got, c.cred)
			}
			if got := res.Headers["X-Sub"]; got != c.sub {
				t.Errorf("subject = %q, want %q", got, c.sub)
			}
			if got := res.Headers["WWW-Authenticate"] == "Bearer"; c.status == 401 && got != c.bearer {
				t.Errorf("WWW-Authenticate Bearer = %v, want %v", got, c.bearer)
			}
		})
	}
}
