package generator_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

// sharedDir is ../shared as seen from the repository root (tests run in
// generator/): the example and the corpus of real public specs.
const sharedDir = "../../shared"

// refusal is how a spec specgate cannot support yet must be refused: an
// *spec.Error whose first problem is at the position and says the message.
type refusal struct {
	at  string // file name and position the first problem names, e.g. "x.json:256:21"
	msg string // a substring of its message
	// skipPatterns: refused by default, generated with the explicit
	// option SkipUnsupportedPatterns (then built like the others).
	skipPatterns bool
	// httpAPI: refused for a REST API (sibling path parameters with
	// different names, which REST API import rejects), generated as an
	// HTTP API (then built like the others).
	httpAPI bool
}

// refusedSpecs lists every real spec that is refused, and why. A spec
// that starts generating fails the test until it is taken off this list.
var refusedSpecs = map[string]refusal{
	// kin-openapi's openapi2 model takes one type name per schema and one
	// schema per items; Slack's spec uses arrays for both.
	"slackapi-web-api-swagger2.json": {at: "slackapi-web-api-swagger2.json:256:21", msg: "cannot read Swagger 2.0 document"},
	// {param*}, {.param}, {;id*}: API Gateway routes only {name} and {name+}.
	"oapicodegen-parameters-roundtrip.yaml": {at: "oapicodegen-parameters-roundtrip.yaml:60:5", msg: "uses RFC 6570 operators"},
	// GET /Accounts/{AccountID}/Attachments/{FileName} and .../{AttachmentID}:
	// API Gateway allows one variable path part per level.
	"xero-accounting.yaml": {at: "xero-accounting.yaml:453:5", msg: "the routes differ only in parameter names"},
	// A (?!...) lookahead Go's regexp cannot compile: refused unless the
	// team opts to skip that one constraint (reported).
	"openbankinguk-payment-initiation.yaml": {at: "openbankinguk-payment-initiation.yaml:1841:9", msg: "pattern", skipPatterns: true},
	// Sibling path parameters with different names under one parent: a
	// REST API has one resource per level and refuses the import.
	"bigcommerce-carts-v3.yaml":      {at: "bigcommerce-carts-v3.yaml:857:5", msg: "API Gateway allows one path parameter per level", httpAPI: true},
	"box-openapi.json":               {at: "box-openapi.json:8263:7", msg: "API Gateway allows one path parameter per level", httpAPI: true},
	"kinopenapi-sendgrid-v3.json":    {at: "kinopenapi-sendgrid-v3.json:32596:4", msg: "API Gateway allows one path parameter per level", httpAPI: true},
	"okta-management-2024.06.1.yaml": {at: "okta-management-2024.06.1.yaml:3004:5", msg: "API Gateway allows one path parameter per level", httpAPI: true},
	"solidus-api.yaml":               {at: "solidus-api.yaml:267:5", msg: "API Gateway allows one path parameter per level", httpAPI: true},
	"spree-admin.yaml":               {at: "spree-admin.yaml:3177:5", msg: "API Gateway allows one path parameter per level", httpAPI: true},
}

type realSpec struct {
	name string // subtest name: the file name, or the directory of a multi-file spec
	path string
}

// realSpecs lists ../shared/examples/print-shop.yaml and every spec in
// ../shared/specs: each YAML or JSON file there, and the openapi.* entry
// point of each subdirectory (whose other files are $ref'd fragments).
// The largest come first, so their builds start while the rest generate.
func realSpecs(t *testing.T) []realSpec {
	t.Helper()
	specsDir := filepath.Join(sharedDir, "specs")
	entries, err := os.ReadDir(specsDir)
	if err != nil {
		t.Fatalf("the shared spec corpus is missing: %v\n"+
			"this test needs ../shared/specs beside the repository (CI puts it there); it does not skip", err)
	}
	list := []realSpec{{name: "print-shop.yaml", path: filepath.Join(sharedDir, "examples", "print-shop.yaml")}}
	for _, e := range entries {
		p := filepath.Join(specsDir, e.Name())
		if !e.IsDir() {
			switch filepath.Ext(e.Name()) {
			case ".yaml", ".yml", ".json":
				list = append(list, realSpec{name: e.Name(), path: p})
			}
			continue
		}
		var entry string
		for _, n := range []string{"openapi.yaml", "openapi.yml", "openapi.json"} {
			if _, err := os.Stat(filepath.Join(p, n)); err == nil {
				entry = filepath.Join(p, n)
				break
			}
		}
		if entry == "" {
			t.Fatalf("%s: a spec directory without openapi.yaml, openapi.yml or openapi.json; teach realSpecs its entry point", p)
		}
		list = append(list, realSpec{name: e.Name(), path: entry})
	}
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	sort.SliceStable(list, func(i, j int) bool { return size(list[i].path) > size(list[j].path) })
	if len(list) < 20 {
		t.Fatalf("found only %d specs under %s; the corpus looks incomplete", len(list), sharedDir)
	}
	return list
}

// TestRealSpecs generates print-shop and every spec of the shared corpus,
// writes each project to a temporary directory and runs `go build ./...`
// and `go vet ./...` there (two builds at a time, sharing the build cache,
// overlapping with the next generations). The specs in refusedSpecs must be
// refused with a located *spec.Error instead. Nothing may panic, every
// spec generates the same bytes twice, and every generated Go file is as
// go/format prints it (requireGofmtReady).
func TestRealSpecs(t *testing.T) {
	start := time.Now()
	goTool := goBinary(t)
	specs := realSpecs(t)
	root := t.TempDir()
	pool := newBuildPool(2)

	type built struct {
		name string
		err  error
		took time.Duration
	}
	results := make(chan built, len(specs))
	launched := 0
	seen := map[string]bool{}
	for _, s := range specs {
		seen[s.name] = true
		t.Run("generate/"+s.name, func(t *testing.T) {
			t0 := time.Now()
			dir := filepath.Join(root, s.name)
			abs, err := filepath.Abs(s.path)
			if err != nil {
				t.Fatal(err)
			}
			rel, err := filepath.Rel(dir, abs)
			if err != nil {
				t.Fatal(err)
			}
			opts := generator.Options{SpecPath: s.path, SpecRelPath: filepath.ToSlash(rel)}
			res, err := generate(t, opts)
			if want, ok := refusedSpecs[s.name]; ok {
				checkRefusal(t, err, want)
				switch {
				case want.httpAPI:
					opts.Kind = "http"
					if res, err = generate(t, opts); err != nil {
						t.Fatalf("generate as an HTTP API: %v", err)
					}
				case want.skipPatterns:
					opts.SkipUnsupportedPatterns = true
					if res, err = generate(t, opts); err != nil {
						t.Fatalf("generate with SkipUnsupportedPatterns: %v", err)
					}
					if len(res.API.SkippedPatterns) == 0 {
						t.Errorf("SkipUnsupportedPatterns: no skipped pattern reported")
					}
				default:
					return
				}
			}
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			genTook := time.Since(t0)
			requireGofmtReady(t, res.Files)
			if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
				t.Fatalf("write: %v", err)
			}
			launched++
			go func() {
				took, err := pool.buildAndVet(goTool, dir)
				results <- built{name: s.name, err: err, took: took}
			}()
			// The build runs while the spec generates a second time.
			again, err := generate(t, opts)
			if err != nil {
				t.Fatalf("generate again: %v", err)
			}
			requireSameFiles(t, res.Files, again.Files)
			t.Logf("generated %d files in %s (%d warnings)", res.Files.Len(), genTook.Round(time.Millisecond), len(res.Warnings))
		})
	}
	for name := range refusedSpecs {
		if !seen[name] {
			t.Errorf("refusedSpecs lists %s, which is not in the corpus; take it off the list", name)
		}
	}
	var outcomes []built
	for range launched {
		outcomes = append(outcomes, <-results)
	}
	sort.Slice(outcomes, func(i, j int) bool { return outcomes[i].name < outcomes[j].name })
	for _, b := range outcomes {
		t.Run("build/"+b.name, func(t *testing.T) {
			if b.err != nil {
				t.Errorf("the generated project does not build: %v", b.err)
			}
			t.Logf("go build + go vet took %s", b.took.Round(time.Millisecond))
		})
	}
	t.Logf("%d specs, %d projects built; wall time %s", len(specs), launched, time.Since(start).Round(time.Millisecond))
}

// checkRefusal requires err to be a located *spec.Error (exit code 1) whose
// first problem is at want.at and says want.msg.
func checkRefusal(t *testing.T, err error, want refusal) {
	t.Helper()
	if err == nil {
		t.Fatalf("generated, but refusedSpecs says it is refused (%q); if specgate supports it now, take it off the list", want.msg)
	}
	var specErr *spec.Error
	if !errors.As(err, &specErr) {
		t.Fatalf("refused with %T, not *spec.Error (an invalid spec must exit 1): %v", err, err)
	}
	if len(specErr.Problems) == 0 {
		t.Fatalf("*spec.Error without problems")
	}
	first := specErr.Problems[0]
	if pos := first.Pos.String(); !strings.HasSuffix(pos, want.at) {
		t.Errorf("first problem at %q, want it at ...%s\n%v", pos, want.at, err)
	}
	if !strings.Contains(first.Msg, want.msg) {
		t.Errorf("first problem says %q, want it to contain %q", first.Msg, want.msg)
	}
	for _, p := range specErr.Problems {
		if p.Pos.Line == 0 {
			t.Errorf("problem without a line number: %v", p)
		}
	}
}
