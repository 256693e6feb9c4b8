package generator_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
	"github.com/specgate/specgate/internal/fuzzrun"
)

// routerFuzzTargets are the fuzz targets of testdata/routerfuzz/router_fuzz_test.go.
var routerFuzzTargets = []string{"FuzzRESTHandler", "FuzzHTTPHandler"}

// TestGeneratedRouterFuzz generates projects (print-shop, and the hostile
// shapes spec with greedy and prefixed path parameters), drops the router
// fuzz targets of testdata/routerfuzz into their api package with seeds
// made from the spec's operations, and runs them in the project, with
// FuzzRouteIndex (testdata/routerfuzz/route_index_test.go): the router's
// route index answers as a scan of every route would.
//
// By default it replays the seeds and the kept crashers
// (testdata/routerfuzz/corpus/<target>/) as ordinary tests. With
// SPECGATE_ROUTER_FUZZTIME set (a go test -fuzztime value such as 30s) it
// fuzzes each target for that long (.ci/run does); a failing input is
// copied into testdata/routerfuzz/corpus so every later run replays it.
func TestGeneratedRouterFuzz(t *testing.T) {
	fuzztime := os.Getenv("SPECGATE_ROUTER_FUZZTIME")
	projects := []struct {
		name, spec string
		targets    []string
	}{
		{"print-shop", "../testdata/print-shop.yaml", routerFuzzTargets},
		{"shapes", "../testdata/hostile/shapes.yaml", []string{"FuzzHTTPHandler", "FuzzRouteIndex"}},
	}
	src, err := os.ReadFile(filepath.Join("testdata", "routerfuzz", "router_fuzz_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	indexSrc, err := os.ReadFile(filepath.Join("testdata", "routerfuzz", "route_index_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			res, err := generator.Generate(context.Background(), generator.Options{SpecPath: p.spec, Module: "example.com/fuzzsvc"})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "api", "router_fuzz_test.go"), src, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "api", "route_index_test.go"), indexSrc, 0o644); err != nil {
				t.Fatal(err)
			}
			seeds := map[string]map[string]bool{} // target -> seed file names
			for _, target := range routerFuzzTargets {
				seeds[target] = writeRouterSeeds(t, dir, target, res)
			}
			if fuzztime == "" {
				out, err := runGo(t, dir, 10*time.Minute, "test", "-count=1", "-run", "^Fuzz", "./api")
				if err != nil {
					t.Fatalf("replaying the router fuzz corpus failed: %v\n%s", err, out)
				}
				return
			}
			d, err := time.ParseDuration(fuzztime)
			if err != nil {
				t.Fatalf("SPECGATE_ROUTER_FUZZTIME=%q: %v", fuzztime, err)
			}
			for _, target := range p.targets {
				out, err := runGo(t, dir, d+10*time.Minute, "test", "-run", "^$", "-fuzz", "^"+target+"$",
					"-fuzztime", fuzztime, "-fuzzminimizetime", "200x", "./api")
				execs := lastExecs.FindAllStringSubmatch(out, -1)
				if len(execs) > 0 {
					t.Logf("%s/%s: %s executions in %s", p.name, target, execs[len(execs)-1][1], fuzztime)
				}
				if err != nil && (strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]")) {
					t.Fatalf("the generated project with the fuzz targets does not build: %v\n%s", err, out)
				}
				if err != nil && fuzzrun.CoordinatorRace(out, d) {
					t.Logf("%s/%s: fuzzed %s, no failing input; Go's fuzz-coordinator deadline race (golang/go#75804) is not a finding", p.name, target, fuzztime)
					err = nil
				}
				if err != nil {
					kept := keepRouterCrashers(t, dir, target, seeds[target])
					t.Fatalf("%s found a failing input (kept as %v): %v\n%s", target, kept, err, out)
				}
				if len(execs) == 0 {
					t.Fatalf("%s: no executions reported:\n%s", target, out)
				}
			}
		})
	}
}

var lastExecs = regexp.MustCompile(`execs: (\d+)`)

func runGo(t *testing.T, dir string, timeout time.Duration, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := exec.CommandContext(ctx, "go", args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "GOWORK=off")
	out, err := c.CombinedOutput()
	return string(out), err
}

// writeRouterSeeds writes the target's seed corpus into the project: one
// well-formed event per operation (so the fuzzer starts from requests that
// reach every route and its decoding), a few malformed ones, and the
// crashers kept in testdata/routerfuzz/corpus. It returns the file names.
func writeRouterSeeds(t *testing.T, dir, target string, res *generator.Result) map[string]bool {
	t.Helper()
	corpus := filepath.Join(dir, "api", "testdata", "fuzz", target)
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	api, rs := res.API, ""
	if res.Deploy != nil && res.Deploy.Cognito != nil {
		rs = res.Deploy.Cognito.ResourceServer
	}
	names := map[string]bool{}
	add := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(corpus, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names[name] = true
	}
	for i, op := range api.LambdaOperations() {
		add(fmt.Sprintf("seed-op%03d", i), fuzzCorpusFile(seedEvent(op, target, rs)...))
	}
	for i, garbage := range [][]any{
		{"get", "//", "", "", "a=%zz", "Content-Type: text/plain", []byte("{"), false, ""},
		{"POST", "/%2e%2e/%00", "/{x}", "x=%00", "", "Content-Type: application/json\nContent-Length: -1", []byte(`{"a":`), true, "a b"},
		{"DELETE", strings.Repeat("/a", 200), "", "", strings.Repeat("k=v&", 100), "", []byte("AAAA"), true, ""},
	} {
		add(fmt.Sprintf("seed-garbage%d", i), fuzzCorpusFile(garbage...))
	}
	kept := filepath.Join("testdata", "routerfuzz", "corpus", target)
	entries, err := os.ReadDir(kept)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(kept, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		add(e.Name(), data)
	}
	return names
}

// seedEvent is a well-formed request of op as the fuzz target's arguments:
// method, path, resource or route key, path parameters, query, headers,
// body, base64 flag, granted scopes (as the spec names them, and as
// Cognito does under resource server rs).
func seedEvent(op *model.Operation, target, rs string) []any {
	sample := func(k model.ScalarKind) string {
		switch k {
		case model.Bool:
			return "true"
		case model.String:
			return "abc"
		}
		return "7"
	}
	kinds := map[string]model.ScalarKind{}
	var query, headers []string
	headers = append(headers, "Content-Type: application/json", "Authorization: Bearer seed-token-0123456789")
	for _, p := range op.Params {
		kinds[p.Name] = p.Kind
		switch p.In {
		case model.InQuery:
			query = append(query, p.Name+"="+sample(p.Kind))
		case model.InHeader:
			headers = append(headers, p.Name+": "+sample(p.Kind))
		case model.InCookie:
			headers = append(headers, "Cookie: "+p.Name+"="+sample(p.Kind))
		}
	}
	var path strings.Builder
	var pathParams []string
	for _, s := range op.Segments {
		path.WriteString("/" + s.Prefix)
		if s.Param != "" {
			v := sample(kinds[s.Param])
			if s.Greedy {
				v = "a/b"
			}
			path.WriteString(v)
			pathParams = append(pathParams, s.Param+"="+v)
		}
		path.WriteString(s.Suffix)
	}
	if path.Len() == 0 {
		path.WriteString("/")
	}
	var body []byte
	if op.Body != nil {
		body = []byte("{}")
	}
	var scopes []string
	for _, alt := range op.Security {
		for _, s := range alt.Schemes {
			for _, sc := range s.Scopes {
				scopes = append(scopes, sc)
				if rs != "" {
					scopes = append(scopes, model.CognitoScope(rs, sc))
				}
			}
		}
	}
	sort.Strings(scopes)
	resource := op.Path
	if target == "FuzzHTTPHandler" {
		resource = op.Method + " " + op.Path
	}
	return []any{op.Method, path.String(), resource, strings.Join(pathParams, "&"), strings.Join(query, "&"),
		strings.Join(headers, "\n"), body, false, strings.Join(scopes, " ")}
}

// fuzzCorpusFile encodes values in the go test fuzz v1 corpus format.
func fuzzCorpusFile(vals ...any) []byte {
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			fmt.Fprintf(&b, "string(%s)\n", strconv.Quote(v))
		case []byte:
			fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(v)))
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		default:
			panic(fmt.Sprintf("fuzzCorpusFile: %T", v))
		}
	}
	return []byte(b.String())
}

// keepRouterCrashers copies the inputs go test -fuzz added to the
// project's corpus (the failing one) into testdata/routerfuzz/corpus.
func keepRouterCrashers(t *testing.T, dir, target string, seeds map[string]bool) []string {
	t.Helper()
	corpus := filepath.Join(dir, "api", "testdata", "fuzz", target)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Logf("cannot read %s: %v", corpus, err)
		return nil
	}
	keep := filepath.Join("testdata", "routerfuzz", "corpus", target)
	var kept []string
	for _, e := range entries {
		if seeds[e.Name()] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corpus, e.Name()))
		if err == nil {
			err = os.MkdirAll(keep, 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(keep, e.Name()), data, 0o644)
		}
		if err != nil {
			t.Logf("cannot keep %s: %v", e.Name(), err)
			continue
		}
		kept = append(kept, filepath.Join(keep, e.Name()))
	}
	return kept
}
