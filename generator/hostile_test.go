package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

// TestHostileSpecsBuildAndVet generates each hostile spec twice (the plans
// must be byte-identical and pass checkPlan), writes it, and runs go build
// and go vet on the project: odd names, recursive schemas, edge-case path
// templates, Swagger 2.0 and relative external $refs all give a project
// that compiles.
func TestHostileSpecsBuildAndVet(t *testing.T) {
	deep := writeDeepSpec(t, 48)
	cases := []struct {
		name, spec string
		kind       model.APIKind
	}{
		{"names", "../testdata/hostile/names.yaml", model.REST},
		{"shapes", "../testdata/hostile/shapes.yaml", model.HTTP},
		{"swagger2", "../testdata/hostile/swagger2.json", model.REST},
		{"external-refs", "../testdata/hostile/external/openapi.yaml", model.REST},
		{"deep", deep, model.REST},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := generator.Options{SpecPath: c.spec, Kind: c.kind, Module: "example.com/hostile/" + c.name}
			res := generateChecked(t, opts)
			dir := t.TempDir()
			if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
				t.Fatal(err)
			}
			checkFileNamesBuildEverywhere(t, dir, res.API)
			goBuildVet(t, dir)
		})
	}
}

// generateChecked generates twice, fails on any error, and checks the plan
// and that both runs agree byte for byte.
func generateChecked(t *testing.T, opts generator.Options) *generator.Result {
	t.Helper()
	res, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatalf("generate %s: %v", opts.SpecPath, err)
	}
	checkPlan(t, res)
	again, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatalf("second generate %s: %v", opts.SpecPath, err)
	}
	checkSamePlan(t, res.Files, again.Files)
	return res
}

// goBuildVet runs go build and go vet on every package of a generated project.
func goBuildVet(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		c := exec.Command("go", args...)
		c.Dir = dir
		c.Env = append(os.Environ(), "GOWORK=off")
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the generated project: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// checkFileNamesBuildEverywhere asserts every Go file of the project is
// compiled on every common OS and architecture: a stub named like
// thing_test.go or build_linux.go would silently drop an operation.
func checkFileNamesBuildEverywhere(t *testing.T, dir string, api *model.API) {
	t.Helper()
	var goFiles []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			goFiles = append(goFiles, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, goarch := range []string{"amd64", "arm64", "386"} {
			ctxt := build.Default
			ctxt.GOOS, ctxt.GOARCH, ctxt.BuildTags = goos, goarch, nil
			for _, p := range goFiles {
				ok, err := ctxt.MatchFile(filepath.Dir(p), filepath.Base(p))
				if err != nil || !ok {
					t.Errorf("%s is not compiled for %s/%s (%v)", p, goos, goarch, err)
				}
			}
		}
	}
	stubs := 0
	for _, p := range goFiles {
		if filepath.Base(filepath.Dir(p)) == "handlers" && filepath.Base(p) != "service.go" {
			stubs++
		}
	}
	if want := len(api.LambdaOperations()); stubs != want {
		t.Errorf("%d handler stubs for %d Lambda operations", stubs, want)
	}
}

// TestHostileNames checks how names.yaml's names come out: valid exported
// identifiers, unique (file names even case-insensitively), nothing that
// climbs out of handlers/, nothing the Go tool would skip, and the same
// names whatever order the spec lists its paths and schemas in.
func TestHostileNames(t *testing.T) {
	const specFile = "../testdata/hostile/names.yaml"
	res := generateChecked(t, generator.Options{SpecPath: specFile})
	byID := map[string]*model.Operation{}
	goNames, fileNames, typeNames := map[string]string{}, map[string]string{}, map[string]string{}
	for _, op := range res.API.Operations {
		byID[op.ID] = op
		for _, n := range []string{op.GoName, op.RequestType, op.ResponseType} {
			if !token.IsIdentifier(n) || !token.IsExported(n) {
				t.Errorf("%s %s: %q is not an exported Go identifier", op.Method, op.Path, n)
			}
		}
		if prev, dup := goNames[op.GoName]; dup {
			t.Errorf("operations %q and %q share the Go name %s", prev, op.ID, op.GoName)
		}
		goNames[op.GoName] = op.ID
		key := strings.ToLower(op.FileName)
		if prev, dup := fileNames[key]; dup {
			t.Errorf("operations %q and %q share the file name %s (case-insensitively)", prev, op.ID, op.FileName)
		}
		fileNames[key] = op.ID
		if len(op.FileName) > 80 || strings.HasPrefix(op.FileName, "_") || strings.HasPrefix(op.FileName, ".") {
			t.Errorf("%q: file name %q", op.ID, op.FileName)
		}
		for _, n := range []string{op.RequestType, op.ResponseType} {
			if prev, dup := typeNames[n]; dup {
				t.Errorf("type %s declared for %q and %q", n, prev, op.ID)
			}
			typeNames[n] = op.ID
		}
	}
	for _, s := range res.API.Schemas {
		if prev, dup := typeNames[s.GoName]; dup {
			t.Errorf("schema type %s collides with the types of operation %q", s.GoName, prev)
		}
	}
	want := []struct{ id, goName, file string }{
		{"get thing", "GetThing", "get_thing"},
		{"getThing", "GetThing2", "get_thing2"}, // same words: numbered in path order, then GET, PUT, POST, DELETE, ...
		{"GetThing", "GetThing3", "get_thing3"},
		{"../../../etc/passwd", "EtcPasswd", "etc_passwd"},
		{"thing_test", "ThingTest", "thing_test_op"},
		{"build linux", "BuildLinux", "build_linux_op"},
		{"_hidden", "Hidden", "hidden"},
		{".dotfile", "Dotfile", "dotfile"},
		{"func", "Func", "func"},
		{"123 starts with a digit", "Op123StartsWithADigit", "op123starts_with_a_digit"},
		{"Handler", "Handler", "handler"},
	}
	for _, w := range want {
		op := byID[w.id]
		if op == nil {
			t.Errorf("operation %q missing", w.id)
			continue
		}
		if op.GoName != w.goName || op.FileName != w.file {
			t.Errorf("operation %q: Go name %s, file %s; want %s, %s", w.id, op.GoName, op.FileName, w.goName, w.file)
		}
	}
	if op := byID["placeOrder"]; op == nil || op.RequestType == "PlaceOrderRequest" {
		t.Errorf("placeOrder's request type must avoid the schema named PlaceOrderRequest: %+v", op)
	}

	// The same spec with paths and schemas listed in reverse order gives
	// the same files, byte for byte.
	data, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	reverseMapping(t, &root, "paths")
	reverseMapping(t, &root, "components", "schemas")
	out, err := yaml.Marshal(&root)
	if err != nil {
		t.Fatal(err)
	}
	// Same file name, same SpecFile in the output: only the order differs.
	sameName := filepath.Join(t.TempDir(), "names.yaml")
	if err := os.WriteFile(sameName, data, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := generator.Generate(context.Background(), generator.Options{SpecPath: sameName})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sameName, out, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := generator.Generate(context.Background(), generator.Options{SpecPath: sameName})
	if err != nil {
		t.Fatal(err)
	}
	// Positions in comments ("names.yaml:42:7") follow the text; the rest
	// must not change.
	fa, fb := a.Files.Files(), b.Files.Files()
	if len(fa) != len(fb) {
		t.Fatalf("reordered spec: %d files, want %d", len(fb), len(fa))
	}
	for i := range fa {
		x, y := specPos.ReplaceAll(fa[i].Data, []byte(".yaml:L")), specPos.ReplaceAll(fb[i].Data, []byte(".yaml:L"))
		if fa[i].Path != fb[i].Path || !bytes.Equal(x, y) {
			t.Errorf("reordering the spec changed %s", fa[i].Path)
		}
	}
}

var specPos = regexp.MustCompile(`\.yaml:\d+(:\d+)?`)

// reverseMapping reverses the entries of the mapping at keys below a YAML
// document node.
func reverseMapping(t *testing.T, doc *yaml.Node, keys ...string) {
	t.Helper()
	n := doc.Content[0]
	for _, k := range keys {
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			t.Fatalf("no %q in the spec", k)
		}
		n = next
	}
	var pairs [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	n.Content = n.Content[:0]
	for i := len(pairs) - 1; i >= 0; i-- {
		n.Content = append(n.Content, pairs[i][0], pairs[i][1])
	}
}

// TestHostileTextsStayInert: descriptions, examples and enum values full
// of */, backticks, {{ and quotes never turn into Go code. names.yaml
// describes an operation with `*/ func init() { panic("x") } /*`: it must
// show up in a comment, and nowhere as a declaration or a call.
func TestHostileTextsStayInert(t *testing.T) {
	res := generateChecked(t, generator.Options{SpecPath: "../testdata/hostile/names.yaml"})
	inComment := false
	for _, f := range res.Files.Files() {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, cg := range file.Comments {
			if strings.Contains(cg.Text(), `func init() { panic("x") }`) {
				inComment = true
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == "init" {
					t.Errorf("%s: spec text became an init function", f.Path)
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "panic" && len(n.Args) == 1 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Value == `"x"` {
						t.Errorf("%s: spec text became a panic call", f.Path)
					}
				}
			}
			return true
		})
	}
	if !inComment {
		t.Error(`the injected description is in no comment: the test no longer exercises it`)
	}
}

// writeDeepSpec writes a spec whose request body nests depth inline
// objects and whose response is a chain of depth component schemas.
func writeDeepSpec(t *testing.T, depth int) string {
	t.Helper()
	s := map[string]any{"type": "string"}
	for i := range depth {
		s = map[string]any{"type": "object", "properties": map[string]any{
			fmt.Sprintf("level%d", i): s,
			"list":                    map[string]any{"type": "array", "items": map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}},
		}}
	}
	comps := map[string]any{}
	for i := range depth {
		next := map[string]any{"type": "string"}
		if i+1 < depth {
			next = map[string]any{"$ref": fmt.Sprintf("#/components/schemas/Chain%d", i+1)}
		}
		comps[fmt.Sprintf("Chain%d", i)] = map[string]any{"type": "object", "properties": map[string]any{"next": next, "self": map[string]any{"$ref": fmt.Sprintf("#/components/schemas/Chain%d", i)}}}
	}
	doc := map[string]any{
		"openapi": "3.0.3", "info": map[string]any{"title": "deep", "version": "1"},
		"paths": map[string]any{"/deep": map[string]any{"post": map[string]any{
			"operationId": "deep",
			"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": s}}},
			"responses": map[string]any{"200": map[string]any{"description": "ok",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Chain0"}}}}},
		}}},
		"components": map[string]any{"schemas": comps},
	}
	return writeJSONSpec(t, doc)
}

func writeJSONSpec(t *testing.T, doc any) string {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestHostileRefusals lists the hostile inputs specgate refuses, each with
// the message it gives: an invalid-input error (*spec.Error, exit code 1)
// that names the file, the line where one is known, and what is wrong.
func TestHostileRefusals(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	op := func(path, extra string) string {
		return head + "paths:\n  " + path + ":\n    get:\n" + extra + "      responses: {'200': {description: ok}}\n"
	}
	cases := []struct {
		name, doc string
		line      int // 0: no line expected
		want      []string
	}{
		{"unicode path parameter", op("/u/{名前}", ""), 5, []string{`parameter {名前} uses RFC 6570 operators or characters API Gateway does not accept`}},
		{"RFC 6570 operator", op("/h/{x*}", ""), 5, []string{`parameter {x*} uses RFC 6570 operators`}},
		{"two parameters in a segment", op("/g/{a}-{b}", ""), 5, []string{`segment "{a}-{b}" must hold at most one {parameter}`}},
		{"greedy not last", op("/{p+}/x", ""), 5, []string{`greedy parameter {p+} must be a whole, last segment`}},
		{"dot-dot segment", op("/a/../b", ""), 5, []string{`segment "..": clients and API Gateway resolve`}},
		{"colliding routes", head + "paths:\n  /a/{x}:\n    get: {responses: {'200': {description: ok}}}\n  /a/{y}:\n    get: {responses: {'200': {description: ok}}}\n", 7, []string{"GET /a/{y} collides with GET /a/{x}"}},
		{"status out of range", head + "paths:\n  /a:\n    get:\n      responses: {'999': {description: x}}\n", 0, []string{`response status "999" is not a valid HTTP status`}},
		{"plain-http legacy backend", op("/l", "      x-specgate-integration: {type: http_proxy, uri: 'http://legacy.example.com/l'}\n"), 5, []string{"legacy backend http://legacy.example.com uses plain http", "use https"}},
		{"unknown integration type", op("/l", "      x-specgate-integration: {type: aws_proxy, uri: 'https://legacy.example.com/l'}\n"), 5, []string{"type must be http_proxy"}},
		{"lookahead pattern", op("/p", "      parameters: [{name: q, in: query, schema: {type: string, pattern: '^(?!x).*$'}}]\n"), 0, []string{"no lookahead"}},
		{"not OpenAPI", "hello: world\n", 0, []string{"not an OpenAPI document"}},
		{"broken YAML", "openapi: 3.0.3\ninfo: [\n", 0, []string{"not valid YAML or JSON", "fix the YAML (or JSON) syntax"}},
		{"missing $ref file", op("/m", "      parameters: [{$ref: 'missing.yaml#/P'}]\n"), 0, []string{"points at a file that does not exist", "relative to the file that holds them"}},
		{"device $ref", op("/d", "      parameters: [{$ref: '/dev/zero#/P'}]\n"), 0, []string{"/dev/zero is not a regular file"}},
		{"Swagger 2.0 with tuple items", `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"X":{"type":"array","items":[{"type":"string"}]}}}`, 1, []string{"cannot read Swagger 2.0 document", "convert the spec to OpenAPI 3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "openapi.yaml")
			if err := os.WriteFile(file, []byte(c.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := generator.Generate(context.Background(), generator.Options{SpecPath: file})
			if err == nil {
				t.Fatal("generated; want a refusal")
			}
			var se *spec.Error
			if !errors.As(err, &se) {
				t.Errorf("refusal is not a *spec.Error (it would exit 2, not 1): %v", err)
			}
			msg := err.Error()
			loc := file
			if c.line > 0 {
				loc = fmt.Sprintf("%s:%d", file, c.line)
			}
			if !strings.Contains(msg, loc) {
				t.Errorf("message does not locate the problem at %s:\n%s", loc, msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// TestRemoteRefsNeverTouchTheNetwork points $refs (in the spec and in a
// local file it includes) at a live server on 127.0.0.1: generation is
// refused with a message saying why, and the server sees no request.
func TestRemoteRefsNeverTouchTheNetwork(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/yaml")
		fmt.Fprint(w, "X: {type: string}\nP: {name: q, in: query, schema: {type: string}}\n")
	}))
	defer srv.Close()
	dir := t.TempDir()
	inc := filepath.Join(dir, "included.yaml")
	if err := os.WriteFile(inc, []byte("P:\n  $ref: '"+srv.URL+"/p.yaml#/P'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"schema":         "      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '" + srv.URL + "/s.yaml#/X'}}}}\n",
		"parameter":      "      parameters: [{$ref: '" + srv.URL + "/p.yaml#/P'}]\n      responses: {'200': {description: ok}}\n",
		"via local file": "      parameters: [{$ref: 'included.yaml#/P'}]\n      responses: {'200': {description: ok}}\n",
	}
	for name, body := range docs {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, "openapi.yaml")
			doc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n" + body
			if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := generator.Generate(context.Background(), generator.Options{SpecPath: file})
			if err == nil || !strings.Contains(err.Error(), "refused: specgate never reads the network") {
				t.Fatalf("want a remote $ref refusal, got %v", err)
			}
			if !strings.Contains(err.Error(), srv.URL) {
				t.Errorf("refusal does not name the URL: %v", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests: generation touched the network", n)
	}
}
