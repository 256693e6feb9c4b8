package spec

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

func deployFor(t *testing.T, path string, opts DeployOptions, kind model.APIKind) (*model.API, *model.Deploy, error) {
	t.Helper()
	doc, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	api, ts, err := ToModel(doc, Options{Kind: kind, ResourceServer: opts.ResourceServer})
	if err != nil {
		t.Fatal(err)
	}
	dep, err := Deploy(doc, api, ts, opts)
	return api, dep, err
}

// TestDeployPrintShop pins what the gateway checks on every print-shop
// operation, the resource servers, the clients and the legacy routes.
func TestDeployPrintShop(t *testing.T) {
	api, dep, err := deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{}, model.REST)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{ // operationId -> scopes; nil: public
		"getHealth":      nil,
		"listProducts":   nil,
		"createProduct":  {"print-shop/catalog/write"},
		"getProduct":     {"print-shop/catalog/read"}, // the root's security
		"replaceProduct": {"print-shop/catalog/write"},
		"deleteProduct":  {"print-shop/catalog/write"},
		"listOrders":     {"print-shop/orders/read"},
		"placeOrder":     {"print-shop/orders/write"},
		"getOrder":       {"print-shop/orders/read"},
		"createOffer":    {"print-shop/offers/write"},
		"quotePrice":     {"print-shop/catalog/read"},
		"trackShipment":  {"print-shop/shipping/read"},
	}
	if len(api.Operations) != len(want) {
		t.Fatalf("%d operations, want %d", len(api.Operations), len(want))
	}
	for _, op := range api.Operations {
		g := dep.Ops[op].Gateway
		scopes, ok := want[op.ID]
		if !ok {
			t.Errorf("unexpected operation %s", op.ID)
			continue
		}
		if scopes == nil {
			if !op.Public || g.Token {
				t.Errorf("%s: want public, got public=%v token=%v", op.ID, op.Public, g.Token)
			}
			continue
		}
		if !g.Token || !reflect.DeepEqual(g.Scopes, scopes) {
			t.Errorf("%s: token=%v scopes=%v, want the authorizer with %v", op.ID, g.Token, g.Scopes, scopes)
		}
	}
	if dep.AuthorizerName != "cognito" || dep.Stage != "prod" || dep.Authorizer != model.AuthCognito {
		t.Errorf("authorizer %q (%s), stage %q", dep.AuthorizerName, dep.Authorizer, dep.Stage)
	}
	var servers []string
	for _, rs := range dep.Cognito.ResourceServers {
		var names []string
		for _, s := range rs.Scopes {
			names = append(names, s.Name)
		}
		servers = append(servers, fmt.Sprintf("%s %s %s", rs.LogicalID, rs.Identifier, strings.Join(names, ",")))
	}
	wantServers := []string{
		"ResourceServerCatalog print-shop/catalog read,write",
		"ResourceServerOffers print-shop/offers write",
		"ResourceServerOrders print-shop/orders read,write",
		"ResourceServerShipping print-shop/shipping read",
	}
	if !reflect.DeepEqual(servers, wantServers) {
		t.Errorf("resource servers:\n%s\nwant:\n%s", strings.Join(servers, "\n"), strings.Join(wantServers, "\n"))
	}
	all := dep.Cognito.AllScopes()
	if len(dep.Cognito.Clients) != 2 || dep.Cognito.Clients[0].Service || !dep.Cognito.Clients[1].Service ||
		!reflect.DeepEqual(dep.Cognito.Clients[0].Scopes, all) || !reflect.DeepEqual(dep.Cognito.Clients[1].Scopes, all) {
		t.Errorf("clients %+v %+v, want a web and a service client with every scope", dep.Cognito.Clients[0], dep.Cognito.Clients[1])
	}
	var legacy []string
	for _, op := range api.Operations {
		if r := dep.Ops[op].Legacy; r != nil {
			legacy = append(legacy, fmt.Sprintf("%s %s %s%s %v", op.ID, r.Backend.Param, r.Backend.BaseURL, r.Path, r.URIParams))
		}
	}
	wantLegacy := []string{
		"quotePrice LegacyPricingURL https://pricing.legacy.print-shop.internal/calc/v2/quote []",
		"trackShipment LegacyShippingURL https://shipping.legacy.print-shop.internal/track/{trackingNumber} [trackingNumber]",
	}
	if !reflect.DeepEqual(legacy, wantLegacy) {
		t.Errorf("legacy routes:\n%s\nwant:\n%s", strings.Join(legacy, "\n"), strings.Join(wantLegacy, "\n"))
	}
}

func TestDeployLegacyBaseURLs(t *testing.T) {
	for _, key := range []string{"pricing.legacy.print-shop.internal", "https://pricing.legacy.print-shop.internal", "LegacyPricingURL"} {
		_, dep, err := deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{LegacyBaseURLs: map[string]string{key: "https://prices.example.com/v2/"}}, model.REST)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got := dep.Legacy[0].BaseURL; got != "https://prices.example.com/v2" {
			t.Errorf("override keyed %q: base URL %q", key, got)
		}
	}
	_, _, err := deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{LegacyBaseURLs: map[string]string{"pricing.example.com": "https://x.example.com"}}, model.REST)
	if err == nil || !strings.Contains(err.Error(), "name no legacy backend") || !strings.Contains(err.Error(), "pricing.legacy.print-shop.internal") {
		t.Errorf("an override naming no backend: %v", err)
	}
	_, _, err = deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{LegacyBaseURLs: map[string]string{"LegacyShippingURL": "http://shipping.internal"}}, model.REST)
	var specErr *Error
	if !errors.As(err, &specErr) || !strings.Contains(err.Error(), "plain http") || specErr.Problems[0].Pos.Line == 0 {
		t.Errorf("plain http backend: %v, want a located *Error", err)
	}
	if _, _, err := deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{AllowHTTPLegacy: true, LegacyBaseURLs: map[string]string{"LegacyShippingURL": "http://shipping.internal"}}, model.REST); err != nil {
		t.Errorf("plain http allowed: %v", err)
	}
}

func TestDeployOptionsRefused(t *testing.T) {
	for _, tc := range []struct {
		opts DeployOptions
		kind model.APIKind
		want string
	}{
		{DeployOptions{Authorizer: model.AuthJWT}, model.REST, "jwt needs an HTTP API"},
		{DeployOptions{Authorizer: "iam"}, model.REST, "cognito, jwt or none"},
		{DeployOptions{UserPoolARN: "arn:aws:cognito-idp:eu-west-1:1234:userpool/x"}, model.REST, "not a Cognito user pool ARN"},
		{DeployOptions{Stage: "pro-d"}, model.REST, "stage names"},
		{DeployOptions{CORSOrigins: []string{"https://app.example.com/path"}}, model.REST, "must be an origin as browsers send it"},
		{DeployOptions{CORSOrigins: []string{"http://a.com:99999"}}, model.REST, "port from 1 to 65535"},
		{DeployOptions{ResourceServer: "print shop"}, model.REST, "resource server identifier"},
	} {
		_, _, err := deployFor(t, "../../testdata/print-shop.yaml", tc.opts, tc.kind)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
	if _, _, err := deployFor(t, "../../testdata/print-shop.yaml", DeployOptions{Authorizer: model.AuthJWT}, model.HTTP); err != nil {
		t.Errorf("jwt on an HTTP API: %v", err)
	}
}

const oauthSpec = `openapi: 3.0.3
info: {title: svc, version: "1"}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes:
SCOPES
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /a:
    get:
      security: SECURITY
      responses: {"200": {description: ok}}
`

func oauth(scopes []string, security string) string {
	var b strings.Builder
	for _, s := range scopes {
		fmt.Fprintf(&b, "            %q: scope %s\n", s, s)
	}
	return strings.NewReplacer("SCOPES\n", b.String(), "SECURITY", security).Replace(oauthSpec)
}

// TestDeployCognitoNamesRefused checks Cognito's naming rules at
// generation, each problem located at the scheme that declares the scope.
func TestDeployCognitoNamesRefused(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("s%03d", i)
	}
	for _, tc := range []struct {
		name   string
		scopes []string
		want   string
	}{
		{"space in a scope", []string{"orders read"}, `"orders read" is not a name Cognito accepts`},
		{"quote in a scope", []string{`orders"read`}, "is not a name Cognito accepts"},
		{"trailing slash", []string{"orders/"}, "empty segment"},
		{"double slash", []string{"orders//read"}, "empty segment"},
		{"leading slash", []string{"/orders"}, "empty segment"},
		{"too long", []string{strings.Repeat("a", 257)}, "is not a name Cognito accepts"},
		{"101 scopes on one server", many, "would hold 101 scopes; Cognito allows at most 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeSpec(t, oauth(tc.scopes, "[{oauth: []}]"), nil)
			_, _, err := deployFor(t, path, DeployOptions{}, model.REST)
			var specErr *Error
			if !errors.As(err, &specErr) {
				t.Fatalf("got %v, want a *spec.Error", err)
			}
			p := specErr.Problems[0]
			if !strings.Contains(p.Msg, tc.want) || p.Pos.Line != 5 || !strings.HasSuffix(p.Pos.File, "openapi.yaml") || p.Hint == "" {
				t.Errorf("problem %v, want %q at openapi.yaml:5 (the scheme) with a hint", p, tc.want)
			}
		})
	}
}

func TestDeployScopes(t *testing.T) {
	path := writeSpec(t, oauth([]string{"svc/admin", "orders/read", "openid", "a.b:c"}, "[{oauth: [orders/read]}]"), nil)
	_, dep, err := deployFor(t, path, DeployOptions{}, model.REST)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, rs := range dep.Cognito.ResourceServers {
		for _, s := range rs.Scopes {
			ids = append(ids, rs.Identifier+" "+s.Name+" "+s.Description)
		}
	}
	want := []string{"svc a.b:c scope a.b:c", "svc admin scope svc/admin", "svc/orders read scope orders/read"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("resource servers %q, want %q (openid is Cognito's own)", ids, want)
	}
	cl := dep.Cognito.Clients
	if len(cl) != 1 || !cl[0].Service || !reflect.DeepEqual(cl[0].Scopes, []string{"svc/a.b:c", "svc/admin", "svc/orders/read"}) {
		t.Errorf("clients %+v: want one service client without the standard scope", cl)
	}
	if got := model.CognitoScope("https://api.example.com", "orders/read"); got != "https://api.example.com/orders/read" {
		t.Errorf("CognitoScope with a URL identifier: %s", got)
	}
	// An identifier that is a URL has "//" and is fine.
	if _, _, err := deployFor(t, path, DeployOptions{ResourceServer: "https://api.example.com"}, model.REST); err != nil {
		t.Errorf("URL resource server: %v", err)
	}
}

// TestDeployGatewayNeverRefusesWhatTheSpecAllows: alternatives the
// authorizer cannot check leave the operation to the Lambda; alternatives
// with different scopes become any-of; one without scopes drops them.
func TestDeployGatewayNeverRefusesWhatTheSpecAllows(t *testing.T) {
	for _, tc := range []struct {
		security string
		token    bool
		scopes   []string
	}{
		{"[{oauth: [a]}, {key: []}]", false, nil},
		{"[{oauth: [a], key: []}]", true, []string{"svc/a"}},
		{"[{oauth: [a]}, {oauth: [b]}]", true, []string{"svc/a", "svc/b"}},
		{"[{oauth: [a, b]}]", true, []string{"svc/a", "svc/b"}},
		{"[{oauth: []}, {oauth: [a]}]", true, nil},
		{"[]", false, nil},
	} {
		path := writeSpec(t, oauth([]string{"a", "b"}, tc.security), nil)
		api, dep, err := deployFor(t, path, DeployOptions{}, model.REST)
		if err != nil {
			t.Fatal(err)
		}
		g := dep.Ops[api.Operations[0]].Gateway
		if g.Token != tc.token || !reflect.DeepEqual(g.Scopes, tc.scopes) {
			t.Errorf("security %s: token=%v scopes=%v, want %v %v", tc.security, g.Token, g.Scopes, tc.token, tc.scopes)
		}
		if !tc.token && !api.Operations[0].Public && g.Why == "" {
			t.Errorf("security %s: no reason why the gateway does not check it", tc.security)
		}
	}
}

// TestDeployMutualTLSOnlyWarned: an operation a client certificate alone
// lets in gets no authorizer (the function asks for no token either), and
// generation says the certificate is checked only at a custom domain.
func TestDeployMutualTLSOnlyWarned(t *testing.T) {
	spec := strings.Replace(oauth([]string{"a"}, "[{mtls: []}]"), "    key: {type: apiKey", "    mtls: {type: mutualTLS}\n    key: {type: apiKey", 1)
	api, dep, err := deployFor(t, writeSpec(t, spec, nil), DeployOptions{}, model.REST)
	if err != nil {
		t.Fatal(err)
	}
	op := api.Operations[0]
	if g := dep.Ops[op].Gateway; g.Token || g.Why != whyMutualTLS {
		t.Errorf("gateway = %+v, want no token check because of mutualTLS", g)
	}
	if alt := op.Access.Alternatives; len(alt) != 1 || !alt[0].MutualTLS || alt[0].Token {
		t.Errorf("Access = %+v, want one mutualTLS alternative without a token", op.Access)
	}
	warned := false
	for _, w := range api.Warnings {
		warned = warned || (strings.Contains(w, "mutualTLS") && strings.Contains(w, "execute-api endpoint"))
	}
	if !warned {
		t.Errorf("no warning about the execute-api endpoint: %v", api.Warnings)
	}
}

func TestDeployKeepsTheSpecsIntegrations(t *testing.T) {
	api, dep, err := deployFor(t, "../../../shared/specs/awsdocs-kinesis-proxy.json", DeployOptions{}, model.REST)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range api.Operations {
		k := dep.Ops[op].Kept
		if k == nil || integrationType(k.Value) != "aws" {
			t.Errorf("%s %s: the spec's Kinesis integration is not kept", op.Method, op.Path)
		}
	}
	api, dep, err = deployFor(t, "../../../shared/specs/awssamples-powertools-orders-cognito.json", DeployOptions{}, model.REST)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range api.Operations {
		if dep.Ops[op].Kept != nil {
			t.Errorf("%s %s: the spec's placeholder Lambda integration is kept instead of the generated function's", op.Method, op.Path)
		}
		if !dep.Ops[op].Gateway.Token {
			t.Errorf("%s %s: the cognito_user_pools apiKey scheme is not a token scheme", op.Method, op.Path)
		}
	}
	if dep.AuthorizerName != "cognito-authorizer" {
		t.Errorf("authorizer %q, want the spec's cognito-authorizer", dep.AuthorizerName)
	}
}
