package generator_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// shapeSpecs are the degenerate shapes under testdata/shapes, and the
// SAM-style specs (CloudFormation intrinsics) under testdata/inputs: a
// project must compile and vet whatever the mix of operations.
var shapeSpecs = []struct {
	file string // under ../testdata
	opts generator.Options
}{
	{file: "shapes/legacy-only.yaml"},                                              // no Lambda operation: an empty Handler
	{file: "shapes/legacy-only.yaml", opts: generator.Options{Kind: "http"}},       // the same behind an HTTP API
	{file: "shapes/public-only.yaml"},                                              // no secured operation, no scheme
	{file: "shapes/public-only.yaml", opts: generator.Options{Authorizer: "none"}}, // no authorizer at all
	{file: "shapes/secured-only.yaml"},                                             // no public operation
	{file: "shapes/proxy-only.yaml"},                                               // only {proxy+}
	{file: "shapes/no-operations.yaml"},                                            // paths: {}
	{file: "shapes/type-names.yaml"},                                               // inline types oapi-codegen would name alike
	{file: "inputs/sam-short.yaml", opts: generator.Options{Name: "orders"}},       // intrinsics as YAML short tags
	{file: "inputs/sam-long.json", opts: generator.Options{Name: "orders"}},        // intrinsics in long form
	{file: "inputs/sam-swagger2.yaml", opts: generator.Options{Name: "orders"}},    // Swagger 2.0 for SAM
}

// TestShapesBuild generates every degenerate shape into one temporary
// directory and builds and vets them all with one `go build` and one
// `go vet` over a go.work that uses every project (one shared build).
func TestShapesBuild(t *testing.T) {
	goTool := goBinary(t)
	root := t.TempDir()
	var uses, pkgs []string
	for i, s := range shapeSpecs {
		base := filepath.Base(s.file)
		name := fmt.Sprintf("%s-%d", strings.TrimSuffix(base, filepath.Ext(base)), i)
		dir := filepath.Join(root, name)
		opts := s.opts
		opts.SpecPath = filepath.Join("..", "testdata", filepath.FromSlash(s.file))
		opts.SpecRelPath = "openapi.yaml"
		opts.Module = "example.com/" + name
		if opts.Name == "" {
			opts.Name = strings.TrimSuffix(name, fmt.Sprintf("-%d", i))
		}
		res, err := generate(t, opts)
		if err != nil {
			t.Fatalf("%s (%+v): generate: %v", s.file, s.opts, err)
		}
		if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
			t.Fatalf("%s: write: %v", s.file, err)
		}
		uses = append(uses, "./"+name)
		pkgs = append(pkgs, opts.Module+"/...")
	}
	work := "go 1.26.0\n\nuse (\n\t" + strings.Join(uses, "\n\t") + "\n)\n"
	if err := os.WriteFile(filepath.Join(root, "go.work"), []byte(work), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"build", "vet"} {
		cmd := exec.Command(goTool, append([]string{verb}, pkgs...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s over every shape: %v\n%s", verb, err, tail(out, 40))
		}
	}
}

// TestSAMIntrinsicsReachTheDeployFiles: the same SAM-style spec written
// with YAML short tags and in JSON long form gives the same deploy files;
// intrinsics in integrations reach deploy/openapi.yaml and the SAM
// template's DefinitionBody unchanged (long form); the service name stands
// in for an intrinsic title.
func TestSAMIntrinsicsReachTheDeployFiles(t *testing.T) {
	gen := func(file string) map[string]string {
		res, err := generate(t, generator.Options{SpecPath: filepath.Join("..", "testdata", "inputs", file), SpecRelPath: "openapi.yaml", Name: "orders"})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if res.API.Title != "orders" {
			t.Errorf("%s: title %q, want the service name", file, res.API.Title)
		}
		out := map[string]string{}
		for _, p := range []string{"deploy/openapi.yaml", "deploy/template.yaml"} {
			f, ok := res.Files.Get(p)
			if !ok {
				t.Fatalf("%s: no %s", file, p)
			}
			out[p] = strings.ReplaceAll(string(f.Data), file, "SPEC")
		}
		return out
	}
	short, long := gen("sam-short.yaml"), gen("sam-long.json")
	for p := range short {
		if short[p] != long[p] {
			t.Errorf("%s differs between short tags and long form:\n%s\n----\n%s", p, short[p], long[p])
		}
	}
	for _, want := range []string{
		"Fn::Sub: https://legacy.${DomainName}/orders/{id}",
		"Fn::GetAtt:\n",
		"- LegacyRole\n",
	} {
		for p, data := range short {
			if !strings.Contains(data, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
	}
	sw := gen("sam-swagger2.yaml")
	for _, want := range []string{"Fn::Join:", "Ref: LegacyHost"} {
		if !strings.Contains(sw["deploy/openapi.yaml"], want) {
			t.Errorf("Swagger 2.0: deploy/openapi.yaml lacks %q:\n%s", want, sw["deploy/openapi.yaml"])
		}
	}
}
