package api

// Dropped into the api package of the project generated from
// testdata/runtime/openapi.yaml (with the CORS origin https://app.example)
// by TestGeneratedRuntime: it drives the generated router with the events
// API Gateway sends, REST and HTTP API alike.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

type svc struct{}

func (svc) GetStyled(_ context.Context, req *GetStyledRequest) (GetStyledResponse, error) {
	return GetStyled204(), nil
}

func (svc) Login(_ context.Context, req *LoginRequest) (LoginResponse, error) {
	return Login204(), nil
}

func (svc) GetName(context.Context, *GetNameRequest) (GetNameResponse, error) {
	return GetName200(`ada "the countess"`), nil
}

func (svc) GetNote(context.Context, *GetNoteRequest) (GetNoteResponse, error) {
	// A handler's own CORS decision never stands; its Vary is kept.
	return GetNote200([]byte("ada")).WithHeader("vary", "Accept-Language").WithHeader("access-control-allow-origin", "*"), nil
}

func (svc) ListItems(_ context.Context, req *ListItemsRequest) (ListItemsResponse, error) {
	n := 10*len(req.Tag) + len(req.Ids)
	if req.Limit != nil {
		n += 100 * *req.Limit
	}
	return ListItems200(n), nil
}

// answer is either payload format's response.
type answer struct {
	status int
	header http.Header
	body   string
}

// call sends one request as REST (multi-value query and headers, as API
// Gateway sends them) and as HTTP API (rawQueryString, and the comma-joined
// queryStringParameters) events.
func call(t *testing.T, path, rawQuery string, header map[string]string) map[string]answer {
	t.Helper()
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]answer{}
	rest := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: path, Headers: header, MultiValueHeaders: map[string][]string{}}
	for k, v := range header {
		rest.MultiValueHeaders[k] = []string{v}
	}
	httpe := events.APIGatewayV2HTTPRequest{RawPath: path, RawQueryString: rawQuery, Headers: map[string]string{}}
	httpe.RequestContext.HTTP.Method = "GET"
	for k, v := range header {
		if http.CanonicalHeaderKey(k) == "Cookie" {
			httpe.Cookies = strings.Split(v, "; ") // payload 2.0 lists cookies apart
			continue
		}
		httpe.Headers[http.CanonicalHeaderKey(k)] = v
	}
	for k, vs := range q {
		if rest.QueryStringParameters == nil {
			rest.QueryStringParameters, rest.MultiValueQueryStringParameters = map[string]string{}, map[string][]string{}
			httpe.QueryStringParameters = map[string]string{}
		}
		rest.QueryStringParameters[k], rest.MultiValueQueryStringParameters[k] = vs[len(vs)-1], vs
		joined := ""
		for i, v := range vs {
			if i > 0 {
				joined += ","
			}
			joined += v
		}
		httpe.QueryStringParameters[k] = joined
	}
	r, err := NewRESTHandler(svc{})(context.Background(), rest)
	if err != nil {
		t.Fatal(err)
	}
	out["REST"] = answer{r.StatusCode, headerOf(r.Headers), r.Body}
	h, err := NewHTTPHandler(svc{})(context.Background(), httpe)
	if err != nil {
		t.Fatal(err)
	}
	out["HTTP"] = answer{h.StatusCode, headerOf(h.Headers), h.Body}
	return out
}

func headerOf(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Add(k, v)
	}
	return h
}

// Item 5: a string under a JSON content type is a JSON string.
func TestJSONStringResponse(t *testing.T) {
	for kind, a := range call(t, "/name", "", nil) {
		var s string
		if a.status != 200 || a.header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(a.body), &s) != nil || s != `ada "the countess"` {
			t.Errorf("%s GET /name = %d %v %s, want 200 application/json \"ada \\\"the countess\\\"\"", kind, a.status, a.header, a.body)
		}
	}
	for kind, a := range call(t, "/note", "", nil) {
		if a.status != 200 || a.header.Get("Content-Type") != "text/plain" || a.body != "ada" {
			t.Errorf("%s GET /note = %d %v %q, want 200 text/plain ada (raw)", kind, a.status, a.header, a.body)
		}
	}
}

// Item 4: a repeated single-valued query parameter is refused, in every
// order and either event kind; repeated keys are for exploded arrays.
func TestRepeatedQueryParameters(t *testing.T) {
	for _, c := range []struct {
		query string
		want  int    // status
		name  string // the parameter a 400 names
		n     int    // ListItems's count for a 200
	}{
		{"limit=1&limit=1000", 400, "limit", 0},
		{"limit=1000&limit=1", 400, "limit", 0},
		{"limit=7&limit=7", 400, "limit", 0},
		{"ids=a&ids=b", 400, "ids", 0},
		{"limit=3", 200, "", 300},
		{"tag=a&tag=b&tag=c", 200, "", 30},
		{"ids=a,b", 200, "", 2},
		// A key of an object in the query is single-valued too.
		{"filter[a]=1&filter[a]=9", 400, "filter", 0},
		{"filter[a]=9&filter[a]=1", 400, "filter", 0},
		{"filter[a]=1", 200, "", 0},
		{"size=1&size=90", 400, "page", 0},
		{"size=1", 200, "", 0},
	} {
		for kind, a := range call(t, "/items", c.query, nil) {
			if a.status != c.want {
				t.Errorf("%s ?%s = %d %s, want %d", kind, c.query, a.status, a.body, c.want)
				continue
			}
			if c.want == 200 {
				if a.body != strconv.Itoa(c.n) {
					t.Errorf("%s ?%s: the handler saw %s, want %d", kind, c.query, a.body, c.n)
				}
				continue
			}
			var p struct {
				Errors []struct{ In, Name, Keyword string }
			}
			if err := json.Unmarshal([]byte(a.body), &p); err != nil || len(p.Errors) != 1 || p.Errors[0].Name != c.name || p.Errors[0].In != "query" || p.Errors[0].Keyword != "repeated" {
				t.Errorf("%s ?%s: problem %s does not name the repeated query parameter %s", kind, c.query, a.body, c.name)
			}
		}
	}
}

// A cookie given twice is refused, whichever value comes first: the
// handler never sees one of two values validation could not both check.
func TestRepeatedCookies(t *testing.T) {
	for _, c := range []struct {
		cookie string
		want   int
	}{
		{"sid=abc; sid=toolong", 400},
		{"sid=toolong; sid=abc", 400},
		{"sid=abc; sid=abc", 400},
		{"sid=abc; sid =toolong", 400},
		{"sid =abc", 200},
		{"sid=abc; other=x", 200},
	} {
		for kind, a := range call(t, "/items", "", map[string]string{"Cookie": c.cookie}) {
			if a.status != c.want {
				t.Errorf("%s Cookie: %s = %d %s, want %d", kind, c.cookie, a.status, a.body, c.want)
				continue
			}
			var p struct {
				Errors []struct{ In, Name, Keyword string }
			}
			if c.want == 400 && (json.Unmarshal([]byte(a.body), &p) != nil || len(p.Errors) != 1 || p.Errors[0].In != "cookie" || p.Errors[0].Name != "sid" || p.Errors[0].Keyword != "repeated") {
				t.Errorf("%s Cookie: %s: problem %s does not name the repeated cookie sid", kind, c.cookie, a.body)
			}
		}
	}
}

// TestStyledObjects: exploded matrix and label objects hold one property
// per ";name=value" or ".name=value", each checked; a parameter with JSON
// content is checked as a body is (UTF-8, no lone surrogate escape).
func TestStyledObjects(t *testing.T) {
	for _, c := range []struct {
		path, query string
		want        int
	}{
		{"/styled/;a=x;b=ok/.a=1.b=2", "", 204},
		{"/styled/;a=x/.a=1", "", 204},
		{"/styled/;a=x;b=EVIL/.a=1", "", 400},
		{"/styled/;a=x;zz=1/.a=1", "", 400},
		{"/styled/;a=x/.a=1.b=9", "", 400},
		{"/styled/;a=x/.a=1", `j={"k":"v"}`, 204},
		{"/styled/;a=x/.a=1", `j={"k":"\udc00"}`, 400},
		{"/styled/;a=x/.a=1", `j={"\ud800k":"v"}`, 400},
		{"/styled/;a=x/.a=1", "j=%7B%22k%22%3A%22%FF%22%7D", 400},
		// A deepObject parameter sent in another style is refused, not taken as absent.
		{"/items", `filter={"a":9}`, 400},
	} {
		for kind, a := range call(t, c.path, c.query, nil) {
			if a.status != c.want {
				t.Errorf("%s %s?%s = %d %s, want %d", kind, c.path, c.query, a.status, a.body, c.want)
			}
		}
	}
}

// TestBodyMediaTypes: a body that is not JSON is taken only under a media
// type the operation declares (415 otherwise, and when it has none), from
// REST and HTTP API events alike; a required one must be there.
func TestBodyMediaTypes(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     int
	}{
		{"application/x-www-form-urlencoded", "username=ada", 204},
		{"application/x-www-form-urlencoded; charset=utf-8", "username=ada", 204},
		{"APPLICATION/X-WWW-FORM-URLENCODED", "username=ada", 204},
		{"text/plain", "username=ada", 415},
		// A declared type with parameters admits its media type, in any case.
		{"text/csv", "a,b", 204},
		{"Text/CSV; charset=utf-8", "a,b", 204},
		{"application/json", `{"username":"ada"}`, 415},
		{"", "username=ada", 415},
		{"application/x-www-form-urlencoded", "", 400},
	} {
		h := map[string]string{}
		if c.ct != "" {
			h["Content-Type"] = c.ct
		}
		rest := events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/login", Headers: h, MultiValueHeaders: map[string][]string{}, Body: c.body}
		for k, v := range h {
			rest.MultiValueHeaders[k] = []string{v}
		}
		r, err := NewRESTHandler(svc{})(context.Background(), rest)
		if err != nil {
			t.Fatal(err)
		}
		httpe := events.APIGatewayV2HTTPRequest{RawPath: "/login", Headers: h, Body: c.body}
		httpe.RequestContext.HTTP.Method = "POST"
		hr, err := NewHTTPHandler(svc{})(context.Background(), httpe)
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != c.want || hr.StatusCode != c.want {
			t.Errorf("POST /login Content-Type %q: REST %d %s, HTTP %d %s; want %d", c.ct, r.StatusCode, r.Body, hr.StatusCode, hr.Body, c.want)
		}
	}
}

// Item 17: every answer of the function carries Vary: Origin, and
// Access-Control-Allow-Origin for the configured origin only.
func TestCORSOnEveryAnswer(t *testing.T) {
	for _, c := range []struct {
		path, query, origin string
		status              int
		allow, vary         string
	}{
		{"/name", "", "https://app.example", 200, "https://app.example", "Origin"},
		{"/items", "limit=x", "https://app.example", 400, "https://app.example", "Origin"},
		{"/nope", "", "https://app.example", 404, "https://app.example", "Origin"},
		{"/note", "", "https://app.example", 200, "https://app.example", "Accept-Language, Origin"},
		{"/note", "", "https://evil.example", 200, "", "Accept-Language, Origin"},
		{"/name", "", "https://app.example.evil.example", 200, "", "Origin"},
		{"/name", "", "", 200, "", "Origin"},
	} {
		header := map[string]string{}
		if c.origin != "" {
			header["origin"] = c.origin
		}
		for kind, a := range call(t, c.path, c.query, header) {
			if a.status != c.status || a.header.Get("Access-Control-Allow-Origin") != c.allow || len(a.header.Values("Access-Control-Allow-Origin")) > 1 || a.header.Get("Vary") != c.vary {
				t.Errorf("%s %s?%s from %q = %d %v, want %d with Access-Control-Allow-Origin %q and Vary %q", kind, c.path, c.query, c.origin, a.status, a.header, c.status, c.allow, c.vary)
			}
		}
	}
}
