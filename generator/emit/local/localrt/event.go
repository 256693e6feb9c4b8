package localrt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// eventInput is what an event is made of.
type eventInput struct {
	r         *http.Request
	op        *Operation // nil: no operation matches; the event goes as to a catch-all route
	vals      []string   // path parameter values
	body      []byte
	claims    map[string]any // the verified token's claims; nil without one
	requestID string
}

// function is the handler as the Lambda runtime calls it.
type function func(ctx context.Context, in eventInput) (reply, error)

// functionARNPrefix and the service's name are what the function's
// context reports as its ARN.
const functionARNPrefix = "arn:aws:lambda:local:000000000000:function:"

// identityHeaders returns the request's headers, as the gateway passes
// them on (the server has removed callers' identity headers).
func identityHeaders(in eventInput) http.Header {
	h := in.r.Header.Clone()
	h.Set("Host", in.r.Host)
	return h
}

// claimText is a claim as API Gateway passes it on: text.
func claimText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// eventBody is a request body as API Gateway passes it: text, or base64
// when it is not UTF-8.
func eventBody(b []byte) (string, bool) {
	if utf8.Valid(b) {
		return string(b), false
	}
	return base64.StdEncoding.EncodeToString(b), true
}

func pathParameters(in eventInput) map[string]string {
	if in.op == nil || len(in.op.Params) == 0 {
		return nil
	}
	m := make(map[string]string, len(in.op.Params))
	for i, p := range in.op.Params {
		if i < len(in.vals) {
			m[p] = in.vals[i]
		}
	}
	return m
}

// viaJSON hands v over as the Lambda runtime does: as JSON.
func viaJSON[T any](v any) (T, error) {
	var out T
	raw, err := json.Marshal(v)
	if err != nil {
		return out, fmt.Errorf("encode the event: %w", err)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return out, fmt.Errorf("decode the event: %w", err)
	}
	return out, nil
}

// responseBody decodes a function's answer body.
func responseBody(body string, isBase64 bool) ([]byte, error) {
	if !isBase64 {
		return []byte(body), nil
	}
	b, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("the function's answer is marked base64 but does not decode: %w", err)
	}
	return b, nil
}

func responseHeader(single map[string]string, multi map[string][]string) http.Header {
	h := http.Header{}
	for k, v := range single {
		h.Set(k, v)
	}
	for k, vs := range multi {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	return h
}

// checked turns the answer of a legacy request check into the reply that
// stops the request, or nil when it may go on.
func checked(status int, single map[string]string, multi map[string][]string, body string, isBase64, ok bool) (*reply, error) {
	if ok {
		return nil, nil
	}
	b, err := responseBody(body, isBase64)
	if err != nil {
		return nil, err
	}
	return &reply{status: status, header: responseHeader(single, multi), body: b}, nil
}

// checkLegacy checks a request to a legacy operation with the generated
// validation, as the function checks its own: the reply that refuses it,
// or nil.
func (s *Server) checkLegacy(in eventInput) (*reply, error) {
	if s.spec.HTTP {
		return s.checkLegacyHTTP(in)
	}
	return s.checkLegacyREST(in)
}

// newFunction is fn as the Lambda runtime calls it, with the event of the
// spec's payload format.
func (s *Server) newFunction(fn Function) function {
	if s.spec.HTTP {
		return s.newFunctionHTTP(fn.HTTP)
	}
	return s.newFunctionREST(fn.REST)
}

// checkLegacyHTTP is checkLegacy for an HTTP API.
func (s *Server) checkLegacyHTTP(in eventInput) (*reply, error) {
	e, err := viaJSON[events.APIGatewayV2HTTPRequest](s.httpEvent(in))
	if err != nil {
		return nil, err
	}
	res, ok := s.api.CheckLegacyHTTP(e)
	return checked(res.StatusCode, res.Headers, res.MultiValueHeaders, res.Body, res.IsBase64Encoded, ok)
}

func (s *Server) newFunctionHTTP(fn func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)) function {
	return func(ctx context.Context, in eventInput) (reply, error) {
		e, err := viaJSON[events.APIGatewayV2HTTPRequest](s.httpEvent(in))
		if err != nil {
			return reply{}, err
		}
		ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: in.requestID, InvokedFunctionArn: functionARNPrefix + s.spec.Name})
		res, err := fn(ctx, e)
		if err != nil {
			return reply{}, err
		}
		if res.StatusCode < 100 || res.StatusCode > 599 {
			return reply{}, fmt.Errorf("the function answered status %d", res.StatusCode)
		}
		b, err := responseBody(res.Body, res.IsBase64Encoded)
		if err != nil {
			return reply{}, err
		}
		header := responseHeader(res.Headers, res.MultiValueHeaders)
		for _, c := range res.Cookies {
			header.Add("Set-Cookie", c)
		}
		return reply{status: res.StatusCode, header: header, body: b}, nil
	}
}

// httpEvent is the HTTP API (payload format 2.0) event for a request, as
// API Gateway builds it on the $default stage: lower-case header names
// with values joined by commas, cookies apart, routeKey and pathParameters
// of the matched route, and a JWT authorizer's claims and scopes.
func (s *Server) httpEvent(in eventInput) events.APIGatewayV2HTTPRequest {
	r := in.r
	now := time.Now()
	e := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       "$default",
		RawPath:        r.URL.EscapedPath(),
		RawQueryString: r.URL.RawQuery,
		PathParameters: pathParameters(in),
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: "$default", AccountID: "000000000000", Stage: "$default", RequestID: in.requestID, APIID: "local",
			DomainName: r.Host, DomainPrefix: "local", Time: now.UTC().Format("02/Jan/2006:15:04:05 -0700"), TimeEpoch: now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, SourceIP: sourceIP(r), UserAgent: r.UserAgent(),
			},
		},
	}
	if in.op != nil {
		e.RouteKey = in.op.Method + " " + in.op.Template
		e.RequestContext.RouteKey = e.RouteKey
	}
	for k, vs := range identityHeaders(in) {
		if strings.EqualFold(k, "Cookie") {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						e.Cookies = append(e.Cookies, c)
					}
				}
			}
			continue
		}
		if e.Headers == nil {
			e.Headers = map[string]string{}
		}
		e.Headers[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	for k, vs := range r.URL.Query() {
		if e.QueryStringParameters == nil {
			e.QueryStringParameters = map[string]string{}
		}
		e.QueryStringParameters[k] = strings.Join(vs, ",")
	}
	if in.claims != nil {
		jwtAuth := &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{}}
		for k, v := range in.claims {
			jwtAuth.Claims[k] = claimText(v)
		}
		jwtAuth.Scopes = s.api.ScopeClaim(in.claims["scope"])
		e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{JWT: jwtAuth}
	}
	e.Body, e.IsBase64Encoded = eventBody(in.body)
	return e
}

// checkLegacyREST is checkLegacy for a REST API.
func (s *Server) checkLegacyREST(in eventInput) (*reply, error) {
	e, err := viaJSON[events.APIGatewayProxyRequest](s.restEvent(in))
	if err != nil {
		return nil, err
	}
	res, ok := s.api.CheckLegacyREST(e)
	return checked(res.StatusCode, res.Headers, res.MultiValueHeaders, res.Body, res.IsBase64Encoded, ok)
}

func (s *Server) newFunctionREST(fn func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)) function {
	return func(ctx context.Context, in eventInput) (reply, error) {
		e, err := viaJSON[events.APIGatewayProxyRequest](s.restEvent(in))
		if err != nil {
			return reply{}, err
		}
		ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: in.requestID, InvokedFunctionArn: functionARNPrefix + s.spec.Name})
		res, err := fn(ctx, e)
		if err != nil {
			return reply{}, err
		}
		if res.StatusCode < 100 || res.StatusCode > 599 {
			return reply{}, fmt.Errorf("the function answered status %d", res.StatusCode)
		}
		b, err := responseBody(res.Body, res.IsBase64Encoded)
		if err != nil {
			return reply{}, err
		}
		return reply{status: res.StatusCode, header: responseHeader(res.Headers, res.MultiValueHeaders), body: b}, nil
	}
}

// restEvent is the REST API (payload format 1.0) event for a request, as
// API Gateway builds it on the deployed stage: single- and multi-value
// headers and query strings, the matched resource and its pathParameters
// (a request no operation matches goes as to a /{proxy+} resource), and a
// Cognito user pool authorizer's claims under authorizer.claims.
func (s *Server) restEvent(in eventInput) events.APIGatewayProxyRequest {
	r := in.r
	e := events.APIGatewayProxyRequest{
		Resource:       "/{proxy+}",
		Path:           r.URL.Path,
		HTTPMethod:     r.Method,
		PathParameters: pathParameters(in),
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID: "000000000000", ResourceID: "local", Stage: s.spec.Stage, RequestID: in.requestID, APIID: "local",
			HTTPMethod: r.Method, Path: "/" + s.spec.Stage + r.URL.Path, DomainName: r.Host, Protocol: r.Proto,
			RequestTimeEpoch: time.Now().UnixMilli(),
			Identity:         events.APIGatewayRequestIdentity{SourceIP: sourceIP(r), UserAgent: r.UserAgent()},
		},
	}
	if in.op != nil {
		e.Resource = in.op.Template
	} else {
		e.PathParameters = map[string]string{"proxy": strings.TrimPrefix(r.URL.Path, "/")}
	}
	e.RequestContext.ResourcePath = e.Resource
	for k, vs := range identityHeaders(in) {
		if len(vs) == 0 {
			continue
		}
		if e.Headers == nil {
			e.Headers, e.MultiValueHeaders = map[string]string{}, map[string][]string{}
		}
		e.Headers[k], e.MultiValueHeaders[k] = vs[len(vs)-1], vs
	}
	for k, vs := range r.URL.Query() {
		if e.QueryStringParameters == nil {
			e.QueryStringParameters, e.MultiValueQueryStringParameters = map[string]string{}, map[string][]string{}
		}
		e.QueryStringParameters[k], e.MultiValueQueryStringParameters[k] = vs[len(vs)-1], vs
	}
	if in.claims != nil {
		claims := make(map[string]any, len(in.claims))
		for k, v := range in.claims {
			claims[k] = claimText(v)
		}
		if _, ok := in.claims["scope"]; ok {
			claims["scope"] = strings.Join(s.api.ScopeClaim(in.claims["scope"]), " ") // by its JSON type, as the function reads it
		}
		e.RequestContext.Authorizer = map[string]any{"claims": claims}
	}
	e.Body, e.IsBase64Encoded = eventBody(in.body)
	return e
}

// sourceIP is the caller's address without the port.
func sourceIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
