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

// lastLogin is the body the Login handler got last.
var lastLogin *LoginBody

func (svc) Login(_ context.Context, req *LoginRequest) (LoginResponse, error) {
	lastLogin = req.Body
	return Login204(), nil
}

func (svc) Upload(context.Context, *UploadRequest) (UploadResponse, error) {
	return Upload204(), nil
}

func (svc) SetPrefs(context.Context, *SetPrefsRequest) (SetPrefsResponse, error) {
	return SetPrefs204(), nil
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

// sendBody sends one body as REST and HTTP API events and returns both
// answers (REST first), failing unless they agree on the status.
func sendBody(t *testing.T, method, path, ct, body string) (status int, rest, httpAPI string) {
	t.Helper()
	h := map[string]string{}
	if ct != "" {
		h["Content-Type"] = ct
	}
	re := events.APIGatewayProxyRequest{HTTPMethod: method, Path: path, Headers: h, MultiValueHeaders: map[string][]string{}, Body: body}
	for k, v := range h {
		re.MultiValueHeaders[k] = []string{v}
	}
	r, err := NewRESTHandler(svc{})(context.Background(), re)
	if err != nil {
		t.Fatal(err)
	}
	httpe := events.APIGatewayV2HTTPRequest{RawPath: path, Headers: h, Body: body}
	httpe.RequestContext.HTTP.Method = method
	hr, err := NewHTTPHandler(svc{})(context.Background(), httpe)
	if err != nil {
		t.Fatal(err)
	}
	if r.StatusCode != hr.StatusCode {
		t.Errorf("%s %s Content-Type %q %q: REST %d %s, HTTP %d %s", method, path, ct, body, r.StatusCode, r.Body, hr.StatusCode, hr.Body)
	}
	return r.StatusCode, r.Body, hr.Body
}

// TestBodyMediaTypes: a body is taken only under a media type the
// operation declares (415 otherwise, and when it has none), from REST and
// HTTP API events alike; a required one must be there. A JSON type the
// operation does not declare (application/merge-patch+json) is refused
// like any other; one declared with the same schema is read.
func TestBodyMediaTypes(t *testing.T) {
	for _, c := range []struct {
		method, path, ct, body string
		want                   int
	}{
		{"POST", "/login", "application/x-www-form-urlencoded", "username=ada", 204},
		{"POST", "/login", "application/x-www-form-urlencoded; charset=utf-8", "username=ada", 204},
		{"POST", "/login", "APPLICATION/X-WWW-FORM-URLENCODED", "username=ada", 204},
		{"POST", "/login", "text/plain", "username=ada", 415},
		{"POST", "/login", "application/json", `{"username":"ada"}`, 415},
		{"POST", "/login", "", "username=ada", 415},
		{"POST", "/login", "application/x-www-form-urlencoded", "", 400},
		// A declared type with parameters admits its media type, in any case.
		{"PUT", "/upload", "text/csv", "a,b", 204},
		{"PUT", "/upload", "Text/CSV; charset=utf-8", "a,b", 204},
		{"PUT", "/upload", "application/octet-stream", "a,b", 204},
		{"PUT", "/upload", "text/plain", "a,b", 415},
		{"PUT", "/upload", "", "a,b", 415},
		{"PUT", "/upload", "text/csv", "", 400},
		{"PATCH", "/prefs", "application/json", `{"theme":"dark"}`, 204},
		{"PATCH", "/prefs", "application/json; charset=utf-8", `{"theme":"dark"}`, 204},
		{"PATCH", "/prefs", "", `{"theme":"dark"}`, 204},
		{"PATCH", "/prefs", "application/vnd.prefs+json", `{"theme":"dark"}`, 204},
		{"PATCH", "/prefs", "application/merge-patch+json", `{"theme":"dark"}`, 415},
		{"PATCH", "/prefs", "application/problem+json", `{"theme":"dark"}`, 415},
		{"PATCH", "/prefs", "text/plain", `{"theme":"dark"}`, 415},
		// A form of the same schema beside JSON is read field by field.
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", "theme=dark&size=2", 204},
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", "theme=darkest", 400},
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", "size=x", 400},
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", "theme=dark&other=1", 400},
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", "size=1&size=2", 400},
		{"PATCH", "/prefs", "application/x-www-form-urlencoded", `{"theme":"dark"}`, 400},
		{"PATCH", "/prefs", "application/json", "theme=dark", 400},
		{"PATCH", "/prefs", "application/json", `{"theme":"darkest"}`, 400},
	} {
		if status, rest, _ := sendBody(t, c.method, c.path, c.ct, c.body); status != c.want {
			t.Errorf("%s %s Content-Type %q: %d %s; want %d", c.method, c.path, c.ct, status, rest, c.want)
		}
	}
}

// TestFormBody: a form body is validated field by field as query
// parameters of the same schemas are (numbers, booleans, exploded and
// delimited arrays, a JSON object), then as a JSON body of its object
// schema (required, additionalProperties: false, every keyword), each
// violation reported at its JSON pointer; a key given twice that is not a
// list is refused, never resolved. The handler gets the typed value.
func TestFormBody(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	lastLogin = nil
	status, rest, _ := sendBody(t, "POST", "/login", form, "username=ada&age=7&remember=true&tags=a&tags=b&ids=1%7C2&ratio=0.5&meta=%7B%22k%22%3A3%7D")
	if status != 204 {
		t.Fatalf("a valid form body: %d %s", status, rest)
	}
	got, _ := json.Marshal(lastLogin)
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"username": "ada", "age": 7.0, "remember": true, "tags": []any{"a", "b"}, "ids": []any{1.0, 2.0}, "ratio": 0.5, "meta": map[string]any{"k": 3.0}}
	for k, v := range want {
		if gv, _ := json.Marshal(m[k]); string(gv) != mustJSON(t, v) {
			t.Errorf("the handler got %s = %s, want %s (body %s)", k, gv, mustJSON(t, v), got)
		}
	}
	for _, c := range []struct {
		body string
		want []string // pointer: message fragments, every one in the answer
	}{
		{"age=7", []string{`"pointer":"/username","keyword":"required"`}},
		{"username=adalovelace", []string{`"pointer":"/username"`}},
		{"username=ada&age=x", []string{`"pointer":"/age"`}},
		{"username=ada&age=-1", []string{`"pointer":"/age"`}},
		{"username=ada&age=07", []string{`"pointer":"/age"`}},
		{"username=ada&remember=yes", []string{`"pointer":"/remember"`}},
		{"username=ada&tags=toolong", []string{`"pointer":"/tags/0"`}},
		{"username=ada&ids=1,2", []string{`"pointer":"/ids/0"`}},
		{"username=ada&meta=%7B%7D", []string{`"pointer":"/meta/k","keyword":"required"`}},
		{"username=ada&meta=nojson", []string{`"pointer":"/meta"`, "must be JSON"}},
		{"username=ada&username=bob", []string{`"pointer":"/username"`, "must be given once"}},
		{"username=ada&extra=1", []string{`"pointer":"/extra"`}},
		{"username=ada%ZZ", []string{"malformed form body"}},
		{"username=ada;age=1", []string{"malformed form body"}},
		{"username=%FF", []string{`"pointer":"/username"`, "UTF-8"}},
		// Every violation at once.
		{"age=x&remember=yes&extra=1", []string{`"pointer":"/age"`, `"pointer":"/remember"`, `"pointer":"/extra"`, "username"}},
	} {
		lastLogin = nil
		status, rest, httpAPI := sendBody(t, "POST", "/login", form, c.body)
		if status != 400 || lastLogin != nil {
			t.Errorf("form %q: %d %s, handler called: %t; want 400 and no call", c.body, status, rest, lastLogin != nil)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(rest, w) || !strings.Contains(httpAPI, w) {
				t.Errorf("form %q: the answer lacks %s:\n%s", c.body, w, rest)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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
