package platform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// example is the worked example's platform file.
const example = "../../examples/platform/platform.yaml"

func TestLoadExample(t *testing.T) {
	p, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "print-shop" || p.Gateway != GatewayAWS || p.Identity.UserPool != "new" {
		t.Errorf("loaded %+v", p)
	}
	if got := strings.Join(p.ServiceNames(), ","); got != "catalog,offers,orders" {
		t.Errorf("services %s", got)
	}
	if p.Clients["web"].Type != ClientPublic || p.Clients["backoffice"].Type != ClientMachine {
		t.Errorf("clients %+v", p.Clients)
	}
}

// servicesDir makes a directory holding specgate.yaml for each service name.
func servicesDir(t *testing.T, names ...string) string {
	dir := t.TempDir()
	for _, n := range names {
		os.MkdirAll(filepath.Join(dir, n), 0o755)
		os.WriteFile(filepath.Join(dir, n, "specgate.yaml"), []byte("version: 1\n"), 0o644)
	}
	return dir
}

// Every problem is reported at once, each with file:line:col.
func TestParseProblems(t *testing.T) {
	dir := servicesDir(t, "a", "b")
	src := `version: 2
name: Print Shop
domain: api.example.com
gateway: cloud
identity: {userPol: new}
cors: [http://evil.example.com]
clients:
  web:
    type: public
    scopes: {nope: [x]}
  job:
    type: robot
    scopes: {a: [a.read]}
services:
  a: {dir: a, basePath: shop}
  b: {dir: b, basePath: shop}
  c: {dir: c, basePath: c, extra: 1}
`
	_, err := Parse("platform.yaml", dir, []byte(src))
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *Error", err)
	}
	want := []string{
		"platform.yaml:1:10: version must be 1",
		"platform.yaml:2:7: name \"Print Shop\"",
		"platform.yaml:4:10: gateway must be aws or existing",
		"platform.yaml:5:12: unknown key \"userPol\" (did you mean \"userPool\"?)",
		"platform.yaml:6:8: cors origin \"http://evil.example.com\"",
		"platform.yaml:9:5: public client web needs callbackUrls",
		"platform.yaml:10:20: client web: \"nope\" is not a service of this platform",
		"platform.yaml:12:11: client job: type must be public",
		"platform.yaml:16:25: service b: basePath \"shop\" is already the base path of service a",
		"platform.yaml:17:12: service c: c has no specgate.yaml",
		"platform.yaml:17:28: unknown key \"extra\"",
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if len(pe.Problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(pe.Problems), len(want), got)
	}
}

func TestParseEmptyAndNotMapping(t *testing.T) {
	for src, want := range map[string]string{
		"":          "empty file",
		"- a\n":     "platform.yaml:1:1: must be a mapping",
		"name: [\n": "platform.yaml: ",
	} {
		_, err := Parse("platform.yaml", t.TempDir(), []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", src, err, want)
		}
	}
}

func compile(t *testing.T, file, url string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(v)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// The published schema accepts the example, refuses what Parse refuses,
// and names every key the Go structs read.
func TestPlatformSchema(t *testing.T) {
	s := compile(t, "../../schema/platform.schema.json", SchemaURL)
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(yamlInstance(t, data)); err != nil {
		t.Errorf("schema refuses the example: %v", err)
	}
	for _, bad := range []string{
		"version: 1\nname: x\ndomain: a.example.com\nservices: {a: {dir: a, basePath: a}}\nextra: 1\n",
		"version: 1\nname: x\ndomain: a.example.com\nservices: {a: {dir: a, basePath: a, x: 1}}\n",
		"version: 1\nname: x\ndomain: a.example.com\nclients: {w: {type: robot, scopes: {a: [r]}}}\nservices: {a: {dir: a, basePath: a}}\n",
		"version: 2\nname: x\ndomain: a.example.com\nservices: {a: {dir: a, basePath: a}}\n",
	} {
		if err := s.Validate(yamlInstance(t, []byte(bad))); err == nil {
			t.Errorf("schema accepts %q", bad)
		}
		if _, err := Parse("p.yaml", servicesDir(t, "a"), []byte(bad)); err == nil {
			t.Errorf("Parse accepts %q", bad)
		}
	}
	raw, _ := os.ReadFile("../../schema/platform.schema.json")
	var sch map[string]any
	json.Unmarshal(raw, &sch)
	props := func(m any) map[string]any { p, _ := m.(map[string]any)["properties"].(map[string]any); return p }
	top := props(sch)
	for pattern, known := range keys {
		var m map[string]any
		switch pattern {
		case "":
			m = top
		case "identity":
			m = props(top["identity"])
		case "clients.*":
			m = props(top["clients"].(map[string]any)["additionalProperties"])
		case "services.*":
			m = props(top["services"].(map[string]any)["additionalProperties"])
		case "services.*.calls.#":
			items := props(top["services"].(map[string]any)["additionalProperties"])["calls"].(map[string]any)["items"]
			m = props(items.(map[string]any)["oneOf"].([]any)[1])
		}
		if len(m) != len(known) {
			t.Errorf("schema has %d keys at %q, Parse knows %d", len(m), pattern, len(known))
		}
		for _, k := range known {
			if _, ok := m[k]; !ok {
				t.Errorf("schema lacks %q at %q", k, pattern)
			}
		}
	}
}

// A spec whose servers disagree with the domain and base path gets a
// warning at the url's position; the example's specs agree.
func TestServerWarnings(t *testing.T) {
	p, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range p.ServiceNames() {
		w, err := p.ServerWarnings(name, filepath.Join(p.ServiceDir(name), "openapi.yaml"))
		if err != nil || len(w) != 0 {
			t.Errorf("service %s: %v %v", name, w, err)
		}
	}
	spec := filepath.Join(t.TempDir(), "openapi.yaml")
	os.WriteFile(spec, []byte("openapi: 3.0.3\nservers:\n  - url: /relative\n  - url: https://api.print-shop.example.com/v1\n"), 0o644)
	w, err := p.ServerWarnings("orders", spec)
	if err != nil || len(w) != 1 || !strings.Contains(w[0], spec+":4:10:") || !strings.Contains(w[0], "https://api.print-shop.example.com/orders") {
		t.Errorf("warnings %q, err %v; want one at %s:4:10", w, err, spec)
	}
}

// Naming: operationIds and path/query parameters are lowerCamelCase across
// the platform; a missing operationId is named; headers are left alone.
func TestNamingWarnings(t *testing.T) {
	p, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	pos := model.Position{File: "openapi.yaml", Line: 7, Col: 5}
	api := &model.API{Operations: []*model.Operation{
		{ID: "getOrder", Method: "GET", Path: "/orders/{orderId}", Origin: pos,
			Params: []*model.Param{{Name: "orderId", In: model.InPath, Origin: pos}, {Name: "X-Trace_ID", In: model.InHeader, Origin: pos}}},
		{ID: "list_orders", Method: "GET", Path: "/orders", Origin: pos,
			Params: []*model.Param{{Name: "page_size", In: model.InQuery, Origin: model.Position{File: "openapi.yaml", Line: 9, Col: 11}}}},
		{Method: "POST", Path: "/orders", Origin: pos},
	}}
	got := p.NamingWarnings(map[string]*Built{"orders": {Name: "orders", API: api}})
	want := []string{
		`openapi.yaml:7:5: service orders: operationId "list_orders" is not lowerCamelCase`,
		`openapi.yaml:9:11: service orders: query parameter "page_size" of list_orders is not lowerCamelCase`,
		`openapi.yaml:7:5: service orders: POST /orders has no operationId`,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

// gatewayAccess is token, private or iam, and only with gateway: existing.
func TestParseGatewayAccess(t *testing.T) {
	dir := servicesDir(t, "a")
	base := "version: 1\nname: shop\ndomain: api.example.com\n%s\nservices:\n  a: {dir: a, basePath: a}\n"
	for head, want := range map[string]string{
		"gateway: existing\ngatewayAccess: vpn": `platform.yaml:5:16: gatewayAccess must be token`,
		"gateway: aws\ngatewayAccess: iam":      `platform.yaml:5:16: gatewayAccess applies to gateway: existing`,
		"gateway: existing\ngatewayAccess: iam": "",
		"gateway: existing":                     "",
	} {
		p, err := Parse("platform.yaml", dir, []byte(fmt.Sprintf(base, head)))
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", head, err)
		case want == "" && p.GatewayAccess == "":
			t.Errorf("%q: gatewayAccess left empty, want the default token", head)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: %v, want %s", head, err, want)
		}
	}
}

// services.<name>.calls names other services of the platform, once each.
func TestParseCalls(t *testing.T) {
	dir := servicesDir(t, "a", "b")
	src := "version: 1\nname: shop\ndomain: api.example.com\nservices:\n  a: {dir: a, basePath: a, calls: [b, a, nope, b]}\n  b: {dir: b, basePath: b}\n"
	_, err := Parse("platform.yaml", dir, []byte(src))
	for _, want := range []string{
		"platform.yaml:5:39: service a calls itself",
		`platform.yaml:5:42: service a calls "nope", which is not a service of this platform`,
		"platform.yaml:5:48: service a lists b twice in calls",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	p, err := Parse("platform.yaml", dir, []byte(strings.Replace(src, "[b, a, nope, b]", "[b]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	c := p.Calls("a")
	if c == nil || c.ClientLogicalID != "ACallerClient" || len(c.Services) != 1 || c.Services[0].URL != "https://api.example.com/b" || p.Calls("b") != nil {
		t.Errorf("Calls(a) = %+v, Calls(b) = %+v", c, p.Calls("b"))
	}
}

// routes.json says how API Gateway reaches each legacy backend: over the
// internet, or through a VPC link named by its service stack's parameters
// (a listener too on an HTTP API); service routes say neither.
func TestRoutesMarkVPCLinks(t *testing.T) {
	p := &Platform{Name: "shop", Services: map[string]*Service{"orders": {BasePath: "orders"}}}
	api := &model.API{Kind: model.HTTP}
	ops := map[string]*model.Operation{}
	dep := &model.Deploy{Ops: map[*model.Operation]*model.OperationDeploy{}}
	public := &model.LegacyBackend{Param: "LegacyPublicURL", BaseURL: "https://public.example.com"}
	private := &model.LegacyBackend{Param: "LegacyShipURL", BaseURL: "https://ship.internal",
		VPCLink: &model.VPCLink{IDParam: "LegacyShipVpcLinkId", ListenerParam: "LegacyShipListenerArn"}}
	for path, be := range map[string]*model.LegacyBackend{"/fn": nil, "/public": public, "/private": private} {
		op := &model.Operation{ID: path[1:], Method: "GET", Path: path, Access: model.Access{Anonymous: true}}
		ops[path] = op
		api.Operations = append(api.Operations, op)
		od := &model.OperationDeploy{}
		if be != nil {
			od.Legacy = &model.LegacyRoute{Backend: be, Path: "/x"}
		}
		dep.Ops[op] = od
	}
	got := map[string]Upstream{}
	for _, r := range p.Routes(map[string]*Built{"orders": {Name: "orders", API: api, Deploy: dep}}) {
		got[r.Path] = r.Upstream
	}
	want := map[string]Upstream{
		"/orders/fn":     {Kind: "service", API: "http"},
		"/orders/public": {Kind: "legacy", URL: "https://public.example.com/x", Connection: "internet"},
		"/orders/private": {Kind: "legacy", URL: "https://ship.internal/x", Connection: "vpc-link",
			VPCLink: &RouteVPCLink{Stack: "shop-orders", IDParameter: "LegacyShipVpcLinkId", ListenerParameter: "LegacyShipListenerArn"}},
	}
	for path, w := range want {
		g := got[path]
		if g.Kind != w.Kind || g.API != w.API || g.URL != w.URL || g.Connection != w.Connection || (g.VPCLink == nil) != (w.VPCLink == nil) ||
			g.VPCLink != nil && *g.VPCLink != *w.VPCLink {
			t.Errorf("%s: upstream %+v (vpcLink %+v), want %+v (vpcLink %+v)", path, g, g.VPCLink, w, w.VPCLink)
		}
	}
	// The schema accepts these and refuses a vpc-link route without its link.
	s := compile(t, "../../schema/routes.schema.json", RoutesSchemaURL)
	var routes []Route
	for _, path := range []string{"/orders/fn", "/orders/private", "/orders/public"} {
		routes = append(routes, Route{Service: "orders", Method: "GET", Path: path, Auth: AuthPublic, Scopes: [][]string{}, Upstream: got[path]})
	}
	valid := func(rt RouteTable) error {
		data, _ := json.Marshal(rt)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return s.Validate(inst)
	}
	table := RouteTable{Schema: RoutesSchemaURL, Platform: "shop", Domain: "api.example.com", Routes: routes}
	if err := valid(table); err != nil {
		t.Errorf("routes.json schema refuses the route table: %v", err)
	}
	table.Routes[1].Upstream.VPCLink = nil
	if valid(table) == nil {
		t.Error("routes.json schema accepts a vpc-link route that names no link")
	}
	table.Routes[1].Upstream = Upstream{Kind: "service", API: "http", Connection: "internet"}
	if valid(table) == nil {
		t.Error("routes.json schema accepts a service route with a connection")
	}
}
