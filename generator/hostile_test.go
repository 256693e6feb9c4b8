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
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/cmd"
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

// TestFailedGenerationLeavesOutputUntouched runs `specgate generate` over
// an existing project with specs that fail late (in validation and in the
// deploy emitters, after the Go project was planned): the command fails
// with exit code 1 and the output directory is exactly as it was.
func TestFailedGenerationLeavesOutputUntouched(t *testing.T) {
	out := t.TempDir()
	printShop, err := filepath.Abs("../testdata/print-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := cmd.Execute(context.Background(), []string{"generate", "--spec", printShop, "--out", out, "--module", "example.com/ps"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("first generate: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	// A hand edit and a stray file the failed run must not disturb.
	stub := filepath.Join(out, "handlers", "get_health.go")
	if err := os.WriteFile(stub, []byte("package handlers\n// edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshotTree(t, out)
	data, err := os.ReadFile(printShop)
	if err != nil {
		t.Fatal(err)
	}
	// Each edit keeps every existing operation and adds one the late
	// stages refuse.
	late := map[string]string{
		"plain-http legacy backend": "  /legacy:\n    get:\n      operationId: legacy\n      security: []\n      x-specgate-integration: {type: http_proxy, uri: 'http://legacy.example.com/x'}\n      responses: {'200': {description: ok}}\n",
		"lookahead pattern":         "  /late:\n    get:\n      operationId: late\n      security: []\n      parameters: [{name: q, in: query, schema: {type: string, pattern: '^(?!x)'}}]\n      responses: {'200': {description: ok}}\n",
	}
	for name, extra := range late {
		t.Run(name, func(t *testing.T) {
			spec := filepath.Join(t.TempDir(), "openapi.yaml")
			doc := strings.Replace(string(data), "\npaths:\n", "\npaths:\n"+extra, 1)
			if doc == string(data) {
				t.Fatal("print-shop.yaml has no top-level paths: line")
			}
			if err := os.WriteFile(spec, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout.Reset()
			stderr.Reset()
			code := cmd.Execute(context.Background(), []string{"generate", "--spec", spec, "--out", out, "--module", "example.com/ps"}, strings.NewReader(""), &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
			}
			if after := snapshotTree(t, out); !equalTrees(before, after) {
				t.Errorf("the failed run changed the output directory:\n%s", treeDiff(before, after))
			}
		})
	}
}

// snapshotTree maps every entry below dir (not following symlinks) to its
// mode, and for files, contents.
func snapshotTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		v := info.Mode().String()
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			v += " " + string(data)
		}
		snap[rel] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func treeDiff(a, b map[string]string) string {
	var s strings.Builder
	for k, v := range a {
		if w, ok := b[k]; !ok {
			fmt.Fprintf(&s, "removed %s\n", k)
		} else if w != v {
			fmt.Fprintf(&s, "changed %s\n", k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			fmt.Fprintf(&s, "added %s\n", k)
		}
	}
	return s.String()
}

// TestLargeSpecs generates a 500-operation spec (and builds and vets the
// project) and a spec of more than 10 MB, within time and heap bounds
// that leave room for a slow CI machine. Both specs are made here, not
// committed.
func TestLargeSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large specs take a minute")
	}
	t.Run("500 operations", func(t *testing.T) {
		file := writeJSONSpec(t, manyOperations(250))
		res, peak, took := measureGenerate(t, generator.Options{SpecPath: file, Module: "example.com/ops500"})
		t.Logf("500 operations: generate %v, peak heap %d MiB", took, peak>>20)
		if n := len(res.API.Operations); n != 500 {
			t.Fatalf("%d operations, want 500", n)
		}
		if took > 60*time.Second || peak > 1<<30 {
			t.Errorf("generate took %v and %d MiB of heap; bounds are 60s and 1 GiB", took, peak>>20)
		}
		checkPlan(t, res)
		dir := t.TempDir()
		if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
			t.Fatal(err)
		}
		goBuildVet(t, dir)
	})
	t.Run("10 MB", func(t *testing.T) {
		file := writeJSONSpec(t, bigSpec(450))
		fi, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() < 10<<20 {
			t.Fatalf("synthetic spec is %d bytes, want at least 10 MiB", fi.Size())
		}
		res, peak, took := measureGenerate(t, generator.Options{SpecPath: file})
		t.Logf("%.1f MiB spec: generate %v, peak heap %d MiB", float64(fi.Size())/(1<<20), took, peak>>20)
		if took > 120*time.Second || peak > 2<<30 {
			t.Errorf("generate took %v and %d MiB of heap; bounds are 120s and 2 GiB", took, peak>>20)
		}
		checkPlan(t, res)
	})
}

// manyOperations is a spec with paths*2 operations sharing 50 schemas.
func manyOperations(paths int) map[string]any {
	ps := map[string]any{}
	for i := range paths {
		schema := map[string]any{"$ref": fmt.Sprintf("#/components/schemas/Res%d", i%50)}
		ps[fmt.Sprintf("/res%d/{id}", i)] = map[string]any{
			"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
			"get": map[string]any{"operationId": fmt.Sprintf("getRes%d", i),
				"parameters": []any{map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 100}}},
				"responses":  map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": schema}}}}},
			"post": map[string]any{"operationId": fmt.Sprintf("postRes%d", i),
				"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schema}}},
				"responses":   map[string]any{"201": map[string]any{"description": "created"}}},
		}
	}
	comps := map[string]any{}
	for j := range 50 {
		comps[fmt.Sprintf("Res%d", j)] = map[string]any{"type": "object", "required": []any{"name"}, "properties": map[string]any{
			"name": map[string]any{"type": "string", "maxLength": 50},
			"n":    map[string]any{"type": "integer"},
			"tags": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		}}
	}
	return map[string]any{
		"openapi": "3.0.3", "info": map[string]any{"title": "ops500", "version": "1"},
		"security": []any{map[string]any{"o": []any{"res/read"}}},
		"paths":    ps,
		"components": map[string]any{"schemas": comps, "securitySchemes": map[string]any{"o": map[string]any{"type": "oauth2",
			"flows": map[string]any{"clientCredentials": map[string]any{"tokenUrl": "https://auth.example.com/t", "scopes": map[string]any{"res/read": "read"}}}}}},
	}
}

// bigSpec is a spec of roughly schemas*25 KB: 40 operations and many
// wide schemas with long, hostile descriptions.
func bigSpec(schemas int) map[string]any {
	desc := strings.Repeat("Lorem ipsum */ `dolor` {{sit}} amet: consectetur - adipiscing # elit. ", 40)
	comps := map[string]any{}
	for j := range schemas {
		props := map[string]any{}
		for k := range 20 {
			props[fmt.Sprintf("p%d", k)] = map[string]any{"type": "string", "description": desc[:1000], "maxLength": 100}
		}
		comps[fmt.Sprintf("Big%d", j)] = map[string]any{"type": "object", "description": desc, "properties": props}
	}
	ps := map[string]any{}
	for i := range 40 {
		ps[fmt.Sprintf("/big%d", i)] = map[string]any{"post": map[string]any{"operationId": fmt.Sprintf("big%d", i),
			"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": fmt.Sprintf("#/components/schemas/Big%d", i)}}}},
			"responses":   map[string]any{"200": map[string]any{"description": desc}}}}
	}
	return map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "big", "version": "1"}, "paths": ps, "components": map[string]any{"schemas": comps}}
}

// measureGenerate runs Generate while sampling the heap, and returns the
// result, the peak heap in bytes and the wall time.
func measureGenerate(t *testing.T, opts generator.Options) (*generator.Result, uint64, time.Duration) {
	t.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	start := time.Now()
	res, err := generator.Generate(context.Background(), opts)
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return res, peak.Load(), took
}

// TestKilledGenerateLeavesFilesOldOrNew kills `specgate generate` (SIGKILL)
// at spread-out moments while it rewrites a 500-operation project with a
// changed spec: every file is then either as it was or as the new spec
// makes it, never half written, and a complete run afterwards gives the
// new project.
func TestKilledGenerateLeavesFilesOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds specgate and generates a large project many times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	bin := filepath.Join(t.TempDir(), "specgate")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/specgate").CombinedOutput(); err != nil {
		t.Fatalf("build specgate: %v\n%s", err, out)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	oldSpec := writeJSONSpec(t, manyOperations(250))
	changed := manyOperations(260) // ten more operations, and every description differs
	for _, item := range changed["paths"].(map[string]any) {
		for _, o := range item.(map[string]any) {
			if op, ok := o.(map[string]any); ok {
				op["description"] = "second version"
			}
		}
	}
	newSpec := writeJSONSpec(t, changed)
	opts := func(spec string) generator.Options {
		rel, err := filepath.Rel(out, spec)
		if err != nil {
			t.Fatal(err)
		}
		return generator.Options{SpecPath: spec, SpecRelPath: filepath.ToSlash(rel), Module: "example.com/killed", Name: "ops500"}
	}
	plan := func(spec string) map[string]string {
		res, err := generator.Generate(context.Background(), opts(spec))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range res.Files.Files() {
			m[filepath.FromSlash(f.Path)] = string(f.Data)
		}
		return m
	}
	oldFiles, newFiles := plan(oldSpec), plan(newSpec)
	run := func(spec string) *exec.Cmd {
		return exec.Command(bin, "generate", "--spec", spec, "--out", out, "--module", "example.com/killed", "--name", "ops500")
	}
	if o, err := run(oldSpec).CombinedOutput(); err != nil {
		t.Fatalf("first generate: %v\n%s", err, o)
	}
	for p, data := range oldFiles {
		if got, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(got) != data {
			t.Fatalf("%s after the first run differs from the in-process plan (%v): the comparison below would be meaningless", p, err)
		}
	}
	killed, mixed := 0, 0
	for i := range 12 {
		c := run(newSpec)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(200+i*150) * time.Millisecond)
		if c.Process.Kill() == nil {
			killed++
		}
		_ = c.Wait()
		olds, news := 0, 0
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			if strings.HasPrefix(d.Name(), ".specgate-") && strings.HasSuffix(d.Name(), ".tmp") {
				return nil // a temp file of the killed run; never a target
			}
			if rel == "specgate.yaml" {
				return nil // the CLI's own record of its settings, not planned
			}
			got, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			o, inOld := oldFiles[rel]
			n, inNew := newFiles[rel]
			switch {
			case inOld && inNew && o == n && string(got) == o:
			case inOld && string(got) == o:
				olds++
			case inNew && string(got) == n:
				news++
			case !inOld && !inNew:
				t.Errorf("kill %d: %s is neither an old nor a new file", i, rel)
			default:
				t.Errorf("kill %d: %s is neither its old nor its new content (%d bytes): half written", i, rel, len(got))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if olds > 0 && news > 0 {
			mixed++
		}
	}
	t.Logf("%d runs killed, %d of them in the middle of writing", killed, mixed)
	if killed == 0 {
		t.Fatal("no run was killed: the test proves nothing")
	}
	if o, err := run(newSpec).CombinedOutput(); err != nil {
		t.Fatalf("complete run after the kills: %v\n%s", err, o)
	}
	temps, _ := filepath.Glob(filepath.Join(out, "*", ".specgate-*.tmp"))
	t.Logf("%d temp files of killed runs left in api/, handlers/, deploy/ ...", len(temps))
	for p, data := range newFiles {
		got, err := os.ReadFile(filepath.Join(out, p))
		switch {
		case err != nil:
			t.Errorf("%s missing after a complete run", p)
		case string(got) != data && oldFiles[p] != string(got):
			t.Errorf("%s is neither version after a complete run", p)
		case string(got) != data && !strings.HasPrefix(p, "handlers") && p != "go.mod" && p != "go.sum" && p != "Makefile" && p != "README.md" && p != ".gitignore" && !strings.HasPrefix(p, "cmd"):
			t.Errorf("%s is not the new version after a complete run", p)
		}
	}
}
