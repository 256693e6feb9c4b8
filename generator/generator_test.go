package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oasdiff/yaml"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

var update = flag.Bool("update", false, "rewrite the golden trees under testdata/e2e/*/want (and warnings.txt)")

// e2eDir holds one directory per golden case (STYLE.md habit 12).
const e2eDir = "../testdata/e2e"

// caseOptions is a golden case's options.yaml: what the CLI flags would say.
type caseOptions struct {
	Name   string `json:"name"`
	Module string `json:"module"`
	API    string `json:"api"`  // rest (default) or http
	Spec   string `json:"spec"` // the spec, relative to the case directory; default openapi.yaml, .yml or .json
}

type goldenCase struct {
	name string
	dir  string // the case directory
	opts generator.Options
}

// goldenCases reads every case under testdata/e2e.
func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir(e2eDir)
	if err != nil {
		t.Fatalf("read golden cases: %v", err)
	}
	var cases []goldenCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(e2eDir, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, "options.yaml"))
		if err != nil {
			t.Fatalf("case %s: %v (every case needs options.yaml with name, module and api)", e.Name(), err)
		}
		jsonData, err := yaml.YAMLToJSON(data)
		if err != nil {
			t.Fatalf("case %s: options.yaml: %v", e.Name(), err)
		}
		var o caseOptions
		dec := json.NewDecoder(bytes.NewReader(jsonData))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			t.Fatalf("case %s: options.yaml: %v (known keys: name, module, api, spec)", e.Name(), err)
		}
		if o.Spec == "" {
			for _, name := range []string{"openapi.yaml", "openapi.yml", "openapi.json"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					o.Spec = name
					break
				}
			}
			if o.Spec == "" {
				t.Fatalf("case %s: no openapi.yaml, openapi.yml or openapi.json (or spec: in options.yaml)", e.Name())
			}
		}
		spec := filepath.Join(dir, filepath.FromSlash(o.Spec))
		// The Makefile of want/ names the spec as seen from want/, as
		// `specgate generate --spec <spec> --out want` would.
		rel, err := filepath.Rel(filepath.Join(dir, "want"), spec)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, goldenCase{name: e.Name(), dir: dir, opts: generator.Options{
			SpecPath: spec, SpecRelPath: filepath.ToSlash(rel),
			Name: o.Name, Module: o.Module, Kind: model.APIKind(o.API),
		}})
	}
	if len(cases) == 0 {
		t.Fatalf("no golden cases under %s", e2eDir)
	}
	return cases
}

// generate runs the generator, turning a panic into a test failure.
func generate(t *testing.T, opts generator.Options) (res *generator.Result, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("generator panicked on %s: %v\n%s", opts.SpecPath, r, debug.Stack())
		}
	}()
	return generator.Generate(context.Background(), opts)
}

// tree returns a FileSet as path -> content.
func tree(set *writer.FileSet) map[string]string {
	m := map[string]string{}
	for _, f := range set.Files() {
		m[f.Path] = string(f.Data)
	}
	return m
}

// readTree reads every file under root as slash path -> content.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = strings.ReplaceAll(string(data), "\r\n", "\n")
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return m
}

// diffTrees compares two trees: first the files only one side has, then a
// line diff of each file that differs (-want +got).
func diffTrees(want, got map[string]string) string {
	var b strings.Builder
	paths := map[string]bool{}
	for p := range want {
		paths[p] = true
	}
	for p := range got {
		paths[p] = true
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	var changed []string
	for _, p := range sorted {
		w, inWant := want[p]
		g, inGot := got[p]
		switch {
		case !inGot:
			fmt.Fprintf(&b, "- %s (missing: generated no more)\n", p)
		case !inWant:
			fmt.Fprintf(&b, "+ %s (extra: %d lines)\n", p, strings.Count(g, "\n"))
		case w != g:
			changed = append(changed, p)
		}
	}
	for _, p := range changed {
		fmt.Fprintf(&b, "~ %s:\n%s", p, cmp.Diff(want[p], got[p]))
	}
	return b.String()
}

// warningsText is the golden form of the warnings: one per line, with the
// case directory cut from positions so the file reads like the CLI's output
// run from inside the case directory.
func warningsText(c goldenCase, warnings []string) string {
	var b strings.Builder
	for _, w := range warnings {
		w = strings.ReplaceAll(w, filepath.ToSlash(c.dir)+"/", "")
		if abs, err := filepath.Abs(c.dir); err == nil {
			w = strings.ReplaceAll(w, filepath.ToSlash(abs)+"/", "")
		}
		b.WriteString(w + "\n")
	}
	return b.String()
}

// TestGolden generates every case under testdata/e2e and compares the whole
// tree, scaffold files included, with its want/ directory (missing and extra
// files too), and the warnings with warnings.txt. `go test ./generator
// -update` rewrites want/ and warnings.txt instead.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res, err := generate(t, c.opts)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			want := filepath.Join(c.dir, "want")
			warnFile := filepath.Join(c.dir, "warnings.txt")
			gotWarnings := warningsText(c, res.Warnings)
			files := withoutRuntimeCopies(t, res.Files)
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				if _, err := writer.Write(want, files, writer.Options{}); err != nil {
					t.Fatal(err)
				}
				os.Remove(warnFile)
				if gotWarnings != "" {
					if err := os.WriteFile(warnFile, []byte(gotWarnings), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			if diff := diffTrees(readTree(t, want), tree(files)); diff != "" {
				t.Errorf("generated tree differs from %s (-want +got); if the change is intended, run `go test ./generator -run TestGolden -update` and review the diff:\n%s", want, diff)
			}
			wantWarnings, err := os.ReadFile(warnFile)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(wantWarnings), gotWarnings); diff != "" {
				t.Errorf("warnings differ from %s (-want +got):\n%s", warnFile, diff)
			}
		})
	}
}

// runtimeCopy reports whether path is runtime code copied verbatim into
// every generated project (the validation, Lambda, local-server and client
// runtimes, real packages of this repository tested where they live), or
// the file stamping such a copy with the specgate version. No golden case
// keeps them: TestRuntimeCopiesVerbatim checks them once against their
// sources, and TestGoldenBuilds builds each case with a fresh generation's.
func runtimeCopy(path string) bool {
	return strings.HasPrefix(path, "internal/apirt/") || strings.HasPrefix(path, "internal/localrt/") ||
		strings.HasPrefix(path, "client/") && strings.HasSuffix(path, "_rt.gen.go")
}

// withoutRuntimeCopies is files less the runtime copies.
func withoutRuntimeCopies(t *testing.T, files *writer.FileSet) *writer.FileSet {
	t.Helper()
	out := writer.NewFileSet()
	for _, f := range files.Files() {
		if runtimeCopy(f.Path) {
			continue
		}
		if err := out.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestDeterministic generates every golden case twice and requires
// byte-identical FileSets (same paths, kinds and bytes).
func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			first, err := generate(t, c.opts)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			second, err := generate(t, c.opts)
			if err != nil {
				t.Fatalf("generate again: %v", err)
			}
			requireSameFiles(t, first.Files, second.Files)
			if diff := cmp.Diff(first.Warnings, second.Warnings); diff != "" {
				t.Errorf("warnings differ between two runs (-first +second):\n%s", diff)
			}
		})
	}
}

func requireSameFiles(t *testing.T, a, b *writer.FileSet) {
	t.Helper()
	kinds := func(s *writer.FileSet) map[string]writer.Kind {
		m := map[string]writer.Kind{}
		for _, f := range s.Files() {
			m[f.Path] = f.Kind
		}
		return m
	}
	if diff := cmp.Diff(tree(a), tree(b)); diff != "" {
		t.Errorf("two runs on the same input differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(kinds(a), kinds(b)); diff != "" {
		t.Errorf("file kinds differ between two runs (-first +second):\n%s", diff)
	}
}

// TestGoldenBuilds copies every want/ tree to a temporary directory and runs
// `go build ./... && go vet ./...` there: the committed goldens must compile.
func TestGoldenBuilds(t *testing.T) {
	goTool := goBinary(t)
	cases := goldenCases(t)
	pool := newBuildPool(2)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(c.dir, "want")
			files := readTree(t, src)
			if len(files) == 0 {
				t.Fatalf("%s is empty; run `go test ./generator -run TestGolden -update`", src)
			}
			res, err := generate(t, c.opts)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			for p, data := range tree(res.Files) {
				if runtimeCopy(p) {
					files[p] = data
				}
			}
			dir := t.TempDir()
			for p, data := range files {
				dst := filepath.Join(dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := pool.buildAndVet(goTool, dir); err != nil {
				t.Errorf("%s does not build: %v", src, err)
			}
		})
	}
}

// goBinary finds the go command the builds run with.
func goBinary(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH (%v); install Go 1.26 from https://go.dev/dl and put its bin directory on PATH", err)
	}
	return p
}

// buildPool bounds how many generated projects build at once (CI has two
// cores). Every build shares the default GOCACHE and module cache.
type buildPool struct{ sem chan struct{} }

func newBuildPool(n int) *buildPool { return &buildPool{sem: make(chan struct{}, n)} }

// buildAndVet runs `go build ./...` and then `go vet ./...` in dir and
// says how long they took, not counting the wait for a slot.
func (p *buildPool) buildAndVet(goTool, dir string) (time.Duration, error) {
	p.sem <- struct{}{}
	defer func() { <-p.sem }()
	start := time.Now()
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return time.Since(start), fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, tail(out, 40))
		}
	}
	return time.Since(start), nil
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
