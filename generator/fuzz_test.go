package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

// FuzzGenerate feeds arbitrary bytes to the whole pipeline as a spec file.
// Generation must either refuse the input with an error or plan an output
// that is safe to write: no panic, every path relative and inside the
// output directory, every Go file parses with no name declared twice,
// every YAML and JSON file parses, go.mod is valid, and a second run gives
// the same bytes. CI runs it for a bounded time (.ci/run); crashers land
// in testdata/fuzz/FuzzGenerate and are replayed by every `go test`.
func FuzzGenerate(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			t.Skip("larger than 256 KiB: big specs have their own tests")
		}
		file := filepath.Join(t.TempDir(), "openapi.yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := fuzzGenerate(t, file)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("refusal without a message: %#v", err)
			}
			return
		}
		checkPlan(t, res)
		again, err := fuzzGenerate(t, file)
		if err != nil {
			t.Fatalf("second run failed where the first succeeded: %v", err)
		}
		checkSamePlan(t, res.Files, again.Files)
	})
}

// fuzzGenerate runs Generate with a deadline, so a hang is reported as a
// failure instead of stalling the fuzzer.
func fuzzGenerate(t *testing.T, file string) (*generator.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	type out struct {
		res *generator.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := generator.Generate(ctx, generator.Options{SpecPath: file})
		done <- out{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(90 * time.Second):
		t.Fatalf("Generate did not return within 90s")
		return nil, nil
	}
}

// fuzzSeeds is the seed corpus: the repository's specs, the small shared
// specs, and small hostile documents written for the purpose.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	var files []string
	for _, pattern := range []string{"../testdata/*.yaml", "../testdata/hostile/*.yaml", "../testdata/hostile/*.json", "../../shared/specs/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	shared := 0
	for _, file := range files {
		fi, err := os.Stat(file)
		if err != nil || fi.IsDir() || fi.Size() > 32<<10 || strings.HasSuffix(file, ".md") {
			continue
		}
		if strings.Contains(file, "shared") {
			shared++
		}
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	if shared == 0 {
		tb.Fatal("no small specs found in ../shared/specs: the shared corpus must sit beside the repository")
	}
	for _, s := range inlineSeeds {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

var inlineSeeds = []string{
	// The smallest useful document.
	"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
	// JSON, OpenAPI 3.1 type arrays, a body and a path parameter.
	`{"openapi":"3.1.0","info":{"title":"j","version":"1"},"paths":{"/a/{id}":{"post":{"operationId":"p","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":["integer","null"]}}],"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","properties":{"x":{"type":["string","null"]}}}}}},"responses":{"201":{"description":"c","content":{"application/json":{"schema":{"type":"array","items":{"type":"number"}}}}}}}}}}`,
	// Swagger 2.0 with a body parameter and a definition.
	`{"swagger":"2.0","info":{"title":"s","version":"1"},"paths":{"/pets":{"post":{"operationId":"addPet","parameters":[{"in":"body","name":"pet","schema":{"$ref":"#/definitions/Pet"}}],"responses":{"200":{"description":"ok","schema":{"$ref":"#/definitions/Pet"}}}}}},"definitions":{"Pet":{"type":"object","properties":{"name":{"type":"string"}}}}}`,
	// Recursive and mutually recursive schemas.
	"openapi: 3.0.3\ninfo: {title: r, version: '1'}\npaths:\n  /t:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}\ncomponents:\n  schemas:\n    Node: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Node'}}, a: {$ref: '#/components/schemas/A'}}}\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n",
	// Remote and out-of-tree $refs.
	"openapi: 3.0.3\ninfo: {title: r, version: '1'}\npaths:\n  /t:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: 'https://example.invalid/s.yaml#/X'}}}}\n",
	"openapi: 3.0.3\ninfo: {title: r, version: '1'}\npaths:\n  /t:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '../../x.yaml#/X'}}}}\n",
	// Path shapes: greedy, prefix/suffix, refused ones.
	"openapi: 3.0.3\ninfo: {title: p, version: '1'}\npaths:\n  /{proxy+}:\n    get: {responses: {'200': {description: ok}}}\n  /f/{name}.json:\n    get: {responses: {'200': {description: ok}}}\n  /g/{a}-{b}:\n    get: {responses: {'200': {description: ok}}}\n  /h/{x*}:\n    get: {responses: {'200': {description: ok}}}\n",
	// Security, scopes, a public operation and a legacy integration.
	"openapi: 3.0.3\ninfo: {title: 'Fn::Sub: ${AWS::StackName}', version: '1'}\nsecurity: [{oauth: [a/read]}]\npaths:\n  /a:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n    post:\n      x-specgate-integration: {type: http_proxy, uri: 'https://legacy.example.com/a', timeoutMillis: 1000}\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://x/t', scopes: {a/read: r}}}}\n",
	// Hostile names and texts.
	"openapi: 3.0.3\ninfo: {title: \"*/ `{{.}}` \\\"\\n\", version: '1'}\npaths:\n  /x/{type}:\n    get:\n      operationId: \"func\"\n      description: \"*/ ` {{ end }}\\n// x\"\n      parameters:\n        - {name: type, in: path, required: true, schema: {type: string, enum: ['*/', '`', '{{', '\"', 'a b', 'a-b', 'a_b']}}\n        - {name: Body, in: query, schema: {type: integer}}\n      responses: {'200': {description: \"`*/`\"}}\n    put:\n      operationId: \"Func\"\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    'a.b': {type: object, properties: {'x y': {type: string}, '1': {type: string}}}\n    'A B': {type: string}\n",
}

// checkPlan asserts everything a planned output must satisfy before it
// may be written.
func checkPlan(t *testing.T, res *generator.Result) {
	t.Helper()
	if res == nil || res.Files == nil || res.Files.Len() == 0 {
		t.Fatal("Generate succeeded but planned no files")
	}
	apiDecls := map[string]string{} // top-level name in package api -> file
	for _, f := range res.Files.Files() {
		checkPlannedPath(t, f.Path)
		if f.Kind == writer.Generated && !writer.IsGenerated(f.Data) {
			t.Errorf("%s: generated file lacks the generated header", f.Path)
		}
		switch ext := path.Ext(f.Path); {
		case ext == ".go":
			checkGoFile(t, f.Path, f.Data, apiDecls)
		case ext == ".yaml" || ext == ".yml":
			var n yaml.Node
			if err := yaml.Unmarshal(f.Data, &n); err != nil {
				t.Errorf("%s: does not parse as YAML: %v", f.Path, err)
			}
		case ext == ".json":
			if !json.Valid(f.Data) {
				t.Errorf("%s: is not valid JSON", f.Path)
			}
		case path.Base(f.Path) == "go.mod":
			mf, err := modfile.Parse(f.Path, f.Data, nil)
			if err != nil {
				t.Errorf("%s: does not parse: %v", f.Path, err)
			} else if err := module.CheckPath(mf.Module.Mod.Path); err != nil {
				t.Errorf("%s: module path: %v", f.Path, err)
			}
		}
	}
}

var stubFileName = regexp.MustCompile(`^handlers/[a-z0-9][a-z0-9_]*\.go$`)

// checkPlannedPath asserts a path stays inside the output directory on
// every OS and, for handler stubs, is a plain file name the Go tool reads.
func checkPlannedPath(t *testing.T, p string) {
	t.Helper()
	switch {
	case !filepath.IsLocal(p), !filepath.IsLocal(filepath.FromSlash(p)):
		t.Errorf("%q: not a local path: it could leave the output directory", p)
	case path.Clean(p) != p, strings.ContainsAny(p, "\\:\x00"), strings.Contains(p, "//"):
		t.Errorf("%q: not a clean slash-separated path", p)
	case len(p) > 200:
		t.Errorf("%q: longer than 200 bytes", p)
	case strings.HasPrefix(p, "handlers/") && !stubFileName.MatchString(p):
		t.Errorf("%q: handler file name is not lower_snake_case ASCII", p)
	case strings.HasSuffix(p, "_test.go"):
		t.Errorf("%q: a generated file would be taken for a test", p)
	}
}

// checkGoFile parses a Go file and checks the names it declares: no
// top-level name twice in package api (across files), no method, field or
// interface method twice on one type.
func checkGoFile(t *testing.T, name string, src []byte, apiDecls map[string]string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.AllErrors|parser.SkipObjectResolution)
	if err != nil {
		t.Errorf("%s: does not parse: %v", name, err)
		return
	}
	declare := func(id *ast.Ident) {
		if id == nil || id.Name == "_" || f.Name.Name != "api" {
			return
		}
		if prev, dup := apiDecls[id.Name]; dup {
			t.Errorf("%s: %s is declared twice in package api (also in %s)", name, id.Name, prev)
		}
		apiDecls[id.Name] = name
	}
	methods := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				if d.Name.Name != "init" {
					declare(d.Name)
				}
				continue
			}
			key := recvName(d.Recv.List[0].Type) + "." + d.Name.Name
			if methods[key] {
				t.Errorf("%s: method %s declared twice", name, key)
			}
			methods[key] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					declare(s.Name)
					checkMembers(t, name, s)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						declare(n)
					}
				}
			}
		}
	}
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvName(e.X)
	}
	return "?"
}

// checkMembers asserts a struct's fields or an interface's methods are unique.
func checkMembers(t *testing.T, file string, s *ast.TypeSpec) {
	t.Helper()
	var list *ast.FieldList
	switch ty := s.Type.(type) {
	case *ast.StructType:
		list = ty.Fields
	case *ast.InterfaceType:
		list = ty.Methods
	default:
		return
	}
	seen := map[string]bool{}
	for _, fld := range list.List {
		names := fld.Names
		if len(names) == 0 { // embedded: its type name is the field name
			if id, ok := ast.Unparen(fld.Type).(*ast.Ident); ok {
				names = []*ast.Ident{id}
			} else if st, ok := fld.Type.(*ast.StarExpr); ok {
				if id, ok := st.X.(*ast.Ident); ok {
					names = []*ast.Ident{id}
				}
			}
		}
		for _, n := range names {
			if seen[n.Name] {
				t.Errorf("%s: %s has two members named %s", file, s.Name.Name, n.Name)
			}
			seen[n.Name] = true
		}
	}
}

// checkSamePlan asserts two plans are byte-identical.
func checkSamePlan(t *testing.T, a, b *writer.FileSet) {
	t.Helper()
	fa, fb := a.Files(), b.Files()
	if len(fa) != len(fb) {
		t.Fatalf("nondeterministic: %d files, then %d", len(fa), len(fb))
	}
	for i := range fa {
		if fa[i].Path != fb[i].Path || fa[i].Kind != fb[i].Kind || !bytes.Equal(fa[i].Data, fb[i].Data) {
			t.Fatalf("nondeterministic output: %s differs between two runs", fa[i].Path)
		}
	}
}

// TestFuzzSeedsRefusalsAreLocated replays the inline seeds that must be
// refused and checks each refusal is a *spec.Error that names the file.
func TestFuzzSeedsRefusalsAreLocated(t *testing.T) {
	dir := t.TempDir()
	refused := 0
	for i, s := range inlineSeeds {
		file := filepath.Join(dir, fmt.Sprintf("seed%d.yaml", i))
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := generator.Generate(context.Background(), generator.Options{SpecPath: file})
		if err == nil {
			continue
		}
		refused++
		var se *spec.Error
		if !errors.As(err, &se) {
			t.Errorf("seed %d: refusal is not a *spec.Error (so not reported as invalid input): %v", i, err)
			continue
		}
		if !strings.Contains(err.Error(), file) {
			t.Errorf("seed %d: refusal does not name the spec file: %v", i, err)
		}
	}
	if refused < 3 {
		t.Errorf("only %d inline seeds were refused; the remote-$ref, out-of-tree and path-shape seeds must be", refused)
	}
}
