package cmd

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

const stampSpec = `openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/Order"}
`

const stampSchemas = `Order:
  type: object
  properties:
    id: {type: string}
`

// stampProject writes the spec (with an external $ref) into a temporary
// directory, generates svc beside it, and returns the directory and the
// check arguments.
func stampProject(t *testing.T) (dir string, check []string) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "shop.yaml"), stampSpec)
	writeFile(t, filepath.Join(dir, "schemas.yaml"), stampSchemas)
	args := []string{"--spec", filepath.Join(dir, "shop.yaml"), "--out", filepath.Join(dir, "svc"), "--module", "example.com/shop", "--authorizer", "none"}
	run(t, 0, append([]string{"generate"}, args...)...)
	if _, err := os.Stat(filepath.Join(dir, "svc", stampPath)); err != nil {
		t.Fatalf("generate wrote no record: %v", err)
	}
	return dir, append([]string{"check"}, args...)
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkRun runs check and returns its exit code, its output, and whether
// it regenerated (rather than trusting the record).
func checkRun(t *testing.T, args []string) (code int, out string, regenerated bool) {
	t.Helper()
	before := fullChecks.Load()
	var stdout, stderr bytes.Buffer
	code = Execute(context.Background(), args, nil, &stdout, &stderr)
	return code, stdout.String() + stderr.String(), fullChecks.Load() != before
}

// TestCheckStampUnchanged: on an unchanged project check trusts the record
// (it does not regenerate) and says what the full check says, from any
// working directory.
func TestCheckStampUnchanged(t *testing.T) {
	dir, check := stampProject(t)
	code, out, regen := checkRun(t, check)
	if code != 0 || regen {
		t.Fatalf("check on an unchanged project: exit %d, regenerated %v\n%s", code, regen, out)
	}
	os.Rename(filepath.Join(dir, "svc", stampPath), filepath.Join(dir, "stamp"))
	code, full, regen := checkRun(t, check)
	if code != 0 || !regen || full != out {
		t.Fatalf("without the record: exit %d, regenerated %v, said %q; with it %q", code, regen, full, out)
	}
	os.Rename(filepath.Join(dir, "stamp"), filepath.Join(dir, "svc", stampPath))
	t.Chdir(dir)
	code, out, regen = checkRun(t, []string{"check", "--spec", "shop.yaml", "--out", "svc", "--module", "example.com/shop", "--authorizer", "none"})
	if code != 0 || regen {
		t.Fatalf("check from another directory: exit %d, regenerated %v\n%s", code, regen, out)
	}
	// In the project, with the specgate.yaml generate left: once generate
	// ran there, check trusts the record it wrote.
	t.Chdir(filepath.Join(dir, "svc"))
	run(t, 0, "generate")
	code, out, regen = checkRun(t, []string{"check"})
	if code != 0 || regen {
		t.Fatalf("check in the project: exit %d, regenerated %v\n%s", code, regen, out)
	}
}

// TestCheckStampDrift: every kind of drift is still caught with a record
// on disk: check regenerates and reports the difference.
func TestCheckStampDrift(t *testing.T) {
	for _, tc := range []struct {
		name  string
		drift func(t *testing.T, dir string, check []string) []string
		want  string // in the output; "" means exit 0 (regenerated, no drift)
	}{
		{"generated file edited", func(t *testing.T, dir string, check []string) []string {
			appendTo(t, filepath.Join(dir, "svc/api/types.gen.go"), "// tweak\n")
			return check
		}, "api/types.gen.go: differs from what the spec generates"},
		{"generated file deleted", func(t *testing.T, dir string, check []string) []string {
			os.Remove(filepath.Join(dir, "svc/api/router.gen.go"))
			return check
		}, "api/router.gen.go: missing"},
		{"header removed", func(t *testing.T, dir string, check []string) []string {
			writeFile(t, filepath.Join(dir, "svc/api/router.gen.go"), "package api\n")
			return check
		}, "api/router.gen.go: edited by hand"},
		{"spec edited", func(t *testing.T, dir string, check []string) []string {
			writeFile(t, filepath.Join(dir, "shop.yaml"), strings.Replace(stampSpec, "getOrder", "fetchOrder", 1))
			return check
		}, "api/handler.gen.go: differs"},
		{"spec edited, same output", func(t *testing.T, dir string, check []string) []string {
			appendTo(t, filepath.Join(dir, "shop.yaml"), "# a comment\n")
			return check
		}, ""},
		{"referenced file edited", func(t *testing.T, dir string, check []string) []string {
			appendTo(t, filepath.Join(dir, "schemas.yaml"), "    note: {type: string, maxLength: 3}\n")
			return check
		}, "api/types.gen.go: differs"},
		{"option changed", func(t *testing.T, dir string, check []string) []string {
			return append(check, "--max-body-bytes", "2048")
		}, "api/router.gen.go: differs"},
		{"record edited", func(t *testing.T, dir string, check []string) []string {
			// A record that no longer lists a file it vouched for is not
			// trusted, even when its listed files match.
			appendTo(t, filepath.Join(dir, "svc/api/types.gen.go"), "// tweak\n")
			p := filepath.Join(dir, "svc", stampPath)
			data, _ := os.ReadFile(p)
			var kept []string
			for _, l := range strings.SplitAfter(string(data), "\n") {
				if !strings.HasSuffix(l, " api/types.gen.go\n") {
					kept = append(kept, l)
				}
			}
			writeFile(t, p, strings.Join(kept, ""))
			return check
		}, "api/types.gen.go: differs"},
		{"record forged with a plain hash", func(t *testing.T, dir string, check []string) []string {
			// The adversarial review's forgery: a weakened generated file,
			// its hash put in the record, the record closed by its SHA-256.
			forge(t, dir, func(body []byte) string { return "sum " + hexSum(body) })
			return check
		}, "api/types.gen.go: differs"},
		{"record sealed on another machine", func(t *testing.T, dir string, check []string) []string {
			other := make([]byte, recordKeySize)
			forge(t, dir, func(body []byte) string { return "seal " + seal(other, body) })
			return check
		}, "api/types.gen.go: differs"},
		{"record left unsealed", func(t *testing.T, dir string, check []string) []string {
			forge(t, dir, func([]byte) string { return "seal " + unsealed })
			return check
		}, "api/types.gen.go: differs"},
		{"extra generated file", func(t *testing.T, dir string, check []string) []string {
			// The second review's repro: a file with specgate's header that
			// the spec does not generate changes the service all the same.
			writeFile(t, filepath.Join(dir, "svc/api/zz_extra.gen.go"), extraGenerated)
			return check
		}, "api/zz_extra.gen.go: carries specgate's generated header but the spec does not generate it"},
		{"extra generated file, no record", func(t *testing.T, dir string, check []string) []string {
			writeFile(t, filepath.Join(dir, "svc/api/zz_extra.gen.go"), extraGenerated)
			os.Remove(filepath.Join(dir, "svc", stampPath))
			return check
		}, "api/zz_extra.gen.go: carries specgate's generated header"},
		{"extra generated file in a new directory", func(t *testing.T, dir string, check []string) []string {
			if err := os.MkdirAll(filepath.Join(dir, "svc/internal/extra"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "svc/internal/extra/x.gen.go"), "// Code generated by specgate. DO NOT EDIT.\npackage extra\n")
			return check
		}, "internal/extra/x.gen.go: carries specgate's generated header"},
		{"symlinked generated file", func(t *testing.T, dir string, check []string) []string {
			p := filepath.Join(dir, "svc/api/types.gen.go")
			os.Rename(p, filepath.Join(dir, "types.gen.go"))
			if err := os.Symlink(filepath.Join(dir, "types.gen.go"), p); err != nil {
				t.Fatal(err)
			}
			return check
		}, "is a symlink"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, check := stampProject(t)
			code, out, regen := checkRun(t, tc.drift(t, dir, check))
			wantCode := 1
			if tc.want == "" {
				wantCode = 0
			} else if tc.want == "is a symlink" {
				wantCode = 2
			}
			if !regen || code != wantCode || !strings.Contains(out, tc.want) {
				t.Fatalf("exit %d (want %d), regenerated %v (want true), want %q in:\n%s", code, wantCode, regen, tc.want, out)
			}
		})
	}
}

// extraGenerated is a file someone added with specgate's header: it
// touches the package's state (a route table, say) from an init.
const extraGenerated = "// Code generated by specgate. DO NOT EDIT.\n\npackage api\n\nvar touched bool\n\nfunc init() { touched = true }\n"

// TestGenerateRemovesStale: generate deletes the generated files the spec
// (or the settings) no longer produce, and the ones added with specgate's
// header, and says so; the team's files (no header, or in handlers/ and
// cmd/) stay; check then passes, trusting the record again.
func TestGenerateRemovesStale(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "shop.yaml"), stampSpec)
	writeFile(t, filepath.Join(dir, "schemas.yaml"), stampSchemas)
	svc := filepath.Join(dir, "svc")
	args := []string{"--spec", filepath.Join(dir, "shop.yaml"), "--out", svc, "--module", "example.com/shop"}
	run(t, 0, append([]string{"generate"}, args...)...)
	cognito := filepath.Join(svc, "deploy", "cognito.yaml")
	if _, err := os.Stat(cognito); err != nil {
		t.Fatalf("a Cognito authorizer's project has no deploy/cognito.yaml: %v", err)
	}
	args = append(args, "--authorizer", "none") // no Cognito stack any more
	writeFile(t, filepath.Join(svc, "api", "zz_extra.gen.go"), extraGenerated)
	kept := map[string]string{
		"api/team.go":        "package api\n",
		"handlers/pasted.go": "// Code generated by specgate. DO NOT EDIT.\n\npackage handlers\n",
		"cmd/tool/main.go":   "// Code generated by specgate. DO NOT EDIT.\n\npackage main\n",
	}
	for p, data := range kept {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(svc, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(svc, p), data)
	}

	code, out, _ := checkRun(t, append([]string{"check"}, args...))
	if code != 1 || !strings.Contains(out, "deploy/cognito.yaml: carries specgate's generated header") || !strings.Contains(out, "api/zz_extra.gen.go: carries") {
		t.Fatalf("check before regenerating: exit %d, want 1 naming both stale files\n%s", code, out)
	}
	for _, p := range []string{"handlers/pasted.go", "cmd/tool/main.go", "api/team.go"} {
		if strings.Contains(out, p) {
			t.Errorf("check reports the team's %s:\n%s", p, out)
		}
	}

	code, got, _ := checkRun(t, append([]string{"generate"}, args...))
	if code != 0 || !strings.Contains(got, "removed 2 generated files") || !strings.Contains(got, "api/zz_extra.gen.go") || !strings.Contains(got, "deploy/cognito.yaml") {
		t.Errorf("generate: exit %d, or its summary does not name the removed files:\n%s", code, got)
	}
	for _, p := range []string{"deploy/cognito.yaml", "api/zz_extra.gen.go"} {
		if _, err := os.Stat(filepath.Join(svc, p)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: still there after generate (%v)", p, err)
		}
	}
	for p, data := range kept {
		if b, err := os.ReadFile(filepath.Join(svc, p)); err != nil || string(b) != data {
			t.Errorf("%s: the team's file was changed or removed: %q, %v", p, b, err)
		}
	}
	if code, out, regen := checkRun(t, append([]string{"check"}, args...)); code != 0 || regen {
		t.Fatalf("check after generate: exit %d, regenerated %v\n%s", code, regen, out)
	}
}

// TestCheckStampOtherBuild: a record written by another specgate build is
// not trusted, even when it is intact and vouches for every file on disk:
// the other build might generate other files. Here the record vouches for
// an edited file (what another build could have generated); the build that
// wrote it trusts it, any other regenerates and reports the difference.
func TestCheckStampOtherBuild(t *testing.T) {
	defer func(f func() string) { buildIdentity = f }(buildIdentity)
	buildIdentity = func() string { return "specgate v1.0.0" }
	dir, check := stampProject(t)
	types := filepath.Join(dir, "svc/api/types.gen.go")
	appendTo(t, types, "// from another generator\n")
	reseal(t, filepath.Join(dir, "svc", stampPath), "api/types.gen.go", types)

	if code, out, regen := checkRun(t, check); code != 0 || regen {
		t.Fatalf("the build that wrote the record: exit %d, regenerated %v\n%s", code, regen, out)
	}
	buildIdentity = func() string { return "specgate v1.0.1" }
	code, out, regen := checkRun(t, check)
	if code != 1 || !regen || !strings.Contains(out, "api/types.gen.go: differs") {
		t.Fatalf("another build: exit %d, regenerated %v\n%s", code, regen, out)
	}
	buildIdentity = func() string { return "" }
	if _, _, regen := checkRun(t, check); !regen {
		t.Fatal("an unknown build trusted the record")
	}
}

// TestReleased: only a release names its generator; a development or
// modified build adds the executable's identity.
func TestReleased(t *testing.T) {
	for _, tc := range []struct {
		version string
		main    string
		dirty   bool
		want    bool
	}{
		{"v1.2.3", "", false, true},
		{"dev", "v1.2.3", false, true},
		{"dev", "v0.0.0-20261203120000-abcdef012345+dirty", false, false},
		{"dev", "(devel)", false, false},
		{"dev", "", false, false},
		{"v1.2.3", "", true, false},
	} {
		bi := fakeBuildInfo(tc.main, tc.dirty)
		if got := released(tc.version, bi); got != tc.want {
			t.Errorf("released(%q, main %q, dirty %v) = %v, want %v", tc.version, tc.main, tc.dirty, got, tc.want)
		}
	}
}

func appendTo(t *testing.T, path, data string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
}

// reseal rewrites the record's hash of rel to that of the file at path,
// and its closing sum, as a build that generated that file would.
func reseal(t *testing.T, stamp, rel, path string) {
	t.Helper()
	data, err := os.ReadFile(stamp)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	found := false
	for _, l := range strings.SplitAfter(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "seal "), l == "":
		case strings.HasSuffix(l, " "+rel+"\n"):
			fmt.Fprintf(&b, "file %x %s\n", sha256.Sum256(file), rel)
			found = true
		default:
			b.WriteString(l)
		}
	}
	if !found {
		t.Fatalf("the record lists no %s:\n%s", rel, data)
	}
	key, ok := recordKey(false)
	if !ok {
		t.Fatal("no record key")
	}
	fmt.Fprintf(&b, "seal %s\n", seal(key, []byte(b.String())))
	writeFile(t, stamp, b.String())
}

func fakeBuildInfo(main string, dirty bool) *debug.BuildInfo {
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/specgate/specgate", Version: main}}
	if dirty {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	}
	return bi
}

// forge weakens api/types.gen.go, puts its hash in the record and closes
// the record with last(body) instead of this machine's seal.
func forge(t *testing.T, dir string, last func(body []byte) string) {
	t.Helper()
	types := filepath.Join(dir, "svc/api/types.gen.go")
	appendTo(t, types, "// weakened\n")
	stamp := filepath.Join(dir, "svc", stampPath)
	reseal(t, stamp, "api/types.gen.go", types)
	data, err := os.ReadFile(stamp)
	if err != nil {
		t.Fatal(err)
	}
	body, _, ok := cutLastLine(data)
	if !ok {
		t.Fatalf("record has no last line:\n%s", data)
	}
	writeFile(t, stamp, string(body)+last(body)+"\n")
}

// TestRecordKey: the key is created once, readable by its owner only, and
// a key file anyone else may read, or of the wrong size, is not used.
func TestRecordKey(t *testing.T) {
	defer func(f func() (string, error)) { recordKeyDir = f }(recordKeyDir)
	dir := t.TempDir()
	recordKeyDir = func() (string, error) { return filepath.Join(dir, "specgate"), nil }
	if _, ok := recordKey(false); ok {
		t.Fatal("a key without create")
	}
	k1, ok1 := recordKey(true)
	k2, ok2 := recordKey(false)
	if !ok1 || !ok2 || !bytes.Equal(k1, k2) || len(k1) != recordKeySize {
		t.Fatalf("key not kept: %v %v", ok1, ok2)
	}
	path := filepath.Join(dir, "specgate", recordKeyFile)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", fi, err)
	}
	os.Chmod(path, 0o644)
	if _, ok := recordKey(false); ok {
		t.Fatal("a key others can read was used")
	}
	os.Chmod(path, 0o600)
	os.WriteFile(path, []byte("short"), 0o600)
	if _, ok := recordKey(false); ok {
		t.Fatal("a short key was used")
	}
}
