package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// specgateProject generates specgate's project for sc into dir and fetches
// its modules. With answer set, the benchmark operation's handler stub is
// replaced by one that answers 200 with the zero value of its body.
func (b *bench) specgateProject(sc specCase, dir string, answer bool) error {
	if _, err := runMeasured(b.specgateGen(sc, dir)); err != nil {
		return err
	}
	if answer {
		if err := answerSpecgate(dir, sc.req.opID); err != nil {
			return fmt.Errorf("%s: %w", sc.key, err)
		}
	}
	_, err := run(dir, b.goEnv(), "go", "mod", "download")
	return err
}

var handlesRE = regexp.MustCompile(`(?m)^\t// (\w+) handles (\S+): `)

// answerSpecgate makes the team's stub of operation opID answer 200.
func answerSpecgate(dir, opID string) error {
	iface, err := os.ReadFile(filepath.Join(dir, "api", "handler.gen.go"))
	if err != nil {
		return err
	}
	method := ""
	for _, m := range handlesRE.FindAllSubmatch(iface, -1) {
		if string(m[2]) == opID {
			method = string(m[1])
		}
	}
	if method == "" {
		return fmt.Errorf("operation %s is not in specgate's api.Handler", opID)
	}
	stubs, err := filepath.Glob(filepath.Join(dir, "handlers", "*.go"))
	if err != nil {
		return err
	}
	head := "func (s *Service) " + method + "("
	for _, f := range stubs {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		i := bytes.Index(src, []byte(head))
		if i < 0 {
			continue
		}
		open := bytes.Index(src[i:], []byte("{\n"))
		end := bytes.Index(src[i:], []byte("\n}\n"))
		if open < 0 || end < open {
			return fmt.Errorf("%s: cannot find the body of %s", f, method)
		}
		body := "{\n\treturn answer(api." + method + "200), nil"
		out := append(append(append([]byte{}, src[:i+open]...), body...), src[i+end:]...)
		if err := os.WriteFile(f, out, 0o644); err != nil {
			return err
		}
		helper := `package handlers

// answer builds a response from the zero value of its body (benchmark only).
func answer[B, R any](build func(B) R) R {
	var body B
	return build(body)
}
`
		return os.WriteFile(filepath.Join(dir, "handlers", "bench_answer.go"), []byte(helper), 0o644)
	}
	return fmt.Errorf("no stub of %s in %s/handlers", method, dir)
}

// peerModule starts a module in dir with bench/peers' requirements, so the
// peer projects build with the versions pinned there.
func (b *bench) peerModule(dir, module string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(b.peersDir(), "go.mod"))
	if err != nil {
		return err
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module "+module))
	gosum, err := os.ReadFile(filepath.Join(b.peersDir(), "go.sum"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644)
}

// oapiServerProject is oapi-codegen's generated server (the generation
// benchmark's output) in a module of its own: what compile time compares.
func (b *bench) oapiServerProject(sc specCase, dir string) error {
	if err := b.peerModule(dir, "example.com/ocserver"); err != nil {
		return err
	}
	cmd, err := b.oapiGen(sc.path, dir, filepath.Join("api", "api.gen.go"), oapiGenerate)
	if err != nil {
		return err
	}
	if _, err := runMeasured(cmd); err != nil {
		return err
	}
	_, err = run(dir, b.goEnv(), "go", "mod", "download")
	return err
}

// peerMain wires the peer stack: oapi-codegen's chi server and strict
// handler behind the kin-openapi request validator (oapi-codegen's
// nethttp-middleware), served to Lambda by aws-lambda-go-api-proxy.
const peerMain = `// Command lambda is the peer stack of the benchmark: aws-lambda-go-api-proxy
// + chi + oapi-codegen strict server + kin-openapi request validation.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	chiadapter "github.com/awslabs/aws-lambda-go-api-proxy/chi"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/go-chi/chi/v5"
	middleware "github.com/oapi-codegen/nethttp-middleware"

	"example.com/peer/api"
)

func main() {
	spec, err := api.GetSwagger()
	if err != nil {
		log.Fatalf("load the embedded spec: %v", err)
	}
	// API Gateway has stripped the stage and base path: match paths only.
	spec.Servers = nil
	r := chi.NewRouter()
	r.Use(middleware.OapiRequestValidatorWithOptions(spec, &middleware.Options{
		Options: openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}))
	api.HandlerFromMux(api.NewStrictHandler(api.Stubs{}, nil), r)
	lambda.Start(chiadapter.New(r).ProxyWithContext)
}
`

// peerProject writes the peer stack's Lambda project for sc into dir.
func (b *bench) peerProject(sc specCase, dir string) error {
	if err := b.peerModule(dir, "example.com/peer"); err != nil {
		return err
	}
	gen := filepath.Join("api", "api.gen.go")
	cmd, err := b.oapiGen(sc.path, dir, gen, "types,chi-server,strict-server,spec")
	if err != nil {
		return err
	}
	if _, err := runMeasured(cmd); err != nil {
		return err
	}
	stubs, err := strictStubs(filepath.Join(dir, gen), sc.req)
	if err != nil {
		return fmt.Errorf("%s: %w", sc.key, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "stubs.go"), stubs, 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "cmd", "lambda"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cmd", "lambda", "main.go"), []byte(peerMain), 0o644); err != nil {
		return err
	}
	_, err = run(dir, b.goEnv(), "go", "mod", "download")
	return err
}

// strictStubs implements oapi-codegen's StrictServerInterface the way a team
// starts: every operation answers an error, except the benchmark operation,
// which answers 200 with the zero value of its body.
func strictStubs(genFile string, req *invokeReq) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, genFile, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var iface *ast.InterfaceType
	types := map[string]bool{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			types[ts.Name.Name] = true
			if it, ok := ts.Type.(*ast.InterfaceType); ok && ts.Name.Name == "StrictServerInterface" {
				iface = it
			}
		}
	}
	if iface == nil {
		return nil, fmt.Errorf("%s has no StrictServerInterface", genFile)
	}
	marker := "(" + req.method + " " + req.path + ")"
	var out bytes.Buffer
	out.WriteString("package api\n\nimport (\n\t\"context\"\n\t\"errors\"\n)\n\n")
	out.WriteString("// Stubs implements StrictServerInterface for the benchmark.\ntype Stubs struct{}\n\n")
	out.WriteString("var errNotImplemented = errors.New(\"not implemented\")\n\n")
	found := false
	for _, m := range iface.Methods.List {
		ft, ok := m.Type.(*ast.FuncType)
		if !ok || len(m.Names) != 1 {
			continue
		}
		var sig bytes.Buffer
		if err := printer.Fprint(&sig, fset, ft); err != nil {
			return nil, err
		}
		name := m.Names[0].Name
		body := "return nil, errNotImplemented"
		if m.Doc != nil && strings.Contains(m.Doc.Text(), marker) {
			ok := name + "200JSONResponse"
			if !types[ok] {
				return nil, fmt.Errorf("%s: operation %s has no %s type", genFile, name, ok)
			}
			body = "var ok " + ok + "\n\treturn ok, nil"
			found = true
		}
		fmt.Fprintf(&out, "func (Stubs) %s%s {\n\t%s\n}\n\n", name, strings.TrimPrefix(sig.String(), "func"), body)
	}
	if !found {
		return nil, fmt.Errorf("%s: no strict server operation is documented as %s", genFile, marker)
	}
	return format.Source(out.Bytes())
}

// buildBootstrap builds a Lambda bootstrap the way specgate's Makefile does:
// static, stripped, trimmed, without the RPC mode; then writes it anew
// (rewritten).
func (b *bench) buildBootstrap(dir, pkg, out string) error {
	if _, err := run(dir, b.goEnv("GOOS=linux", "GOARCH="+runtime.GOARCH, "GOPROXY=off"),
		"go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out, pkg); err != nil {
		return err
	}
	return rewritten(out, out)
}

// rewritten writes the bytes of the file from to the file to, through a
// temporary file renamed over it, with ordinary writes. The time from
// exec to the first /next depends on how a binary's pages came into the
// page cache: the same bootstrap written by the Go linker started 10% to
// 20% slower here than a plain copy of it (BENCHMARKS.md, "Runtime
// (issue 18, fifth pass)"), and more so the larger the binary. Lambda
// starts a bootstrap it unpacked from the deployment package with
// ordinary writes, so every contender is measured as such a copy.
func rewritten(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	tmp := to + ".copy"
	if err := os.WriteFile(tmp, data, 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
