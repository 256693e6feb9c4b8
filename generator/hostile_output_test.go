package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specgate/specgate/cmd"
	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

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
			if rel == "specgate.yaml" || rel == "specgate.sum" {
				return nil // the CLI's own records (its settings, check's input record), not planned
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
