// Package lambdatest runs generated Lambda projects for real in tests: it
// generates a project with specgate's own pipeline, builds its bootstrap for
// Linux, starts it under the AWS Lambda Runtime Interface Emulator
// (aws-lambda-rie) on free loopback ports and invokes it with API Gateway
// events.
//
// A test that uses it needs aws-lambda-rie on PATH or in <repo>/.tools/bin
// (`make tools` installs it); without it the test fails, it never skips.
package lambdatest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

// Option changes how GenerateProject generates.
type Option func(*genConfig)

type genConfig struct {
	dir  string
	opts generator.Options
}

// WithDir generates into dir (created when missing) instead of a fresh
// t.TempDir(). Generating twice into the same dir is how a test regenerates.
func WithDir(dir string) Option { return func(c *genConfig) { c.dir = dir } }

// WithAPI chooses the API Gateway flavour: model.REST (the default) or model.HTTP.
func WithAPI(kind model.APIKind) Option { return func(c *genConfig) { c.opts.Kind = kind } }

// WithModule sets the generated project's Go module path (default example.com/<name>).
func WithModule(path string) Option { return func(c *genConfig) { c.opts.Module = path } }

// WithName sets the service name (default from the spec's info.title).
func WithName(name string) Option { return func(c *genConfig) { c.opts.Name = name } }

// WithAuthorizer chooses what checks tokens in front of the function:
// "cognito" (the default), "jwt" or "none".
func WithAuthorizer(kind string) Option { return func(c *genConfig) { c.opts.Authorizer = kind } }

// WithUserPoolARN generates for an existing Cognito user pool (generate's
// --user-pool-arn), whose other apps' clients share it.
func WithUserPoolARN(arn string) Option { return func(c *genConfig) { c.opts.UserPoolARN = arn } }

// WithCORSOrigins sets the origins browsers may call the API from.
func WithCORSOrigins(origins ...string) Option {
	return func(c *genConfig) { c.opts.CORSOrigins = origins }
}

// Project is a generated project on disk.
type Project struct {
	Dir    string            // the project's root directory (absolute)
	Result *generator.Result // what generator.Generate planned
	Wrote  writer.Result     // what writer.Write did
}

// GenerateProject runs generator.Generate on specPath and writer.Write into
// a directory (a new t.TempDir() unless WithDir is given), as `specgate
// generate` does. Any error fails the test.
func GenerateProject(t testing.TB, specPath string, opts ...Option) *Project {
	t.Helper()
	var c genConfig
	for _, o := range opts {
		o(&c)
	}
	if c.dir == "" {
		c.dir = t.TempDir()
	}
	dir, err := filepath.Abs(c.dir)
	if err != nil {
		t.Fatalf("lambdatest: output directory %s: %v", c.dir, err)
	}
	spec, err := filepath.Abs(specPath)
	if err != nil {
		t.Fatalf("lambdatest: spec %s: %v", specPath, err)
	}
	c.opts.SpecPath = spec
	if rel, err := filepath.Rel(dir, spec); err == nil {
		c.opts.SpecRelPath = filepath.ToSlash(rel)
	} else {
		c.opts.SpecRelPath = filepath.ToSlash(spec)
	}
	res, err := generator.Generate(context.Background(), c.opts)
	if err != nil {
		t.Fatalf("lambdatest: generate %s: %v", specPath, err)
	}
	wr, err := writer.Write(dir, res.Files, writer.Options{})
	if err != nil {
		t.Fatalf("lambdatest: write %s: %v", dir, err)
	}
	return &Project{Dir: dir, Result: res, Wrote: wr}
}

// buildMu makes builds run one at a time: parallel tests then share the
// build cache instead of compiling the same packages twice on CI's 2 cores.
var buildMu sync.Mutex

// BuildBootstrap builds projectDir's ./cmd/lambda as the Lambda bootstrap,
// the way the generated Makefile does for provided.al2023 (GOOS=linux, the
// host's GOARCH, CGO_ENABLED=0, -tags lambda.norpc), and returns the
// binary's path (projectDir/bootstrap). It uses the environment's GOCACHE
// and GOMODCACHE, so builds are shared between tests; it does not use
// -trimpath, which would keep the standard library and the modules from
// being shared with the `go build ./...` of other tests (after a cold
// `go build ./...` of print-shop, 30 s instead of 93 s here). Builds run one
// at a time. A failure fails the test with the compiler's output.
func BuildBootstrap(t testing.TB, projectDir string) string {
	t.Helper()
	requireLinux(t)
	buildMu.Lock()
	defer buildMu.Unlock()
	out := filepath.Join(projectDir, "bootstrap")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-o", out, "./cmd/lambda")
	cmd.Dir = projectDir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0", "GOWORK=off")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("lambdatest: go build ./cmd/lambda in %s: %v\n%s", projectDir, err, buf.Bytes())
	}
	t.Logf("lambdatest: built %s in %v", out, time.Since(start).Round(time.Millisecond))
	return out
}

// requireLinux fails the test on hosts where the bootstrap cannot run.
func requireLinux(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Fatalf("lambdatest: the Lambda bootstrap and aws-lambda-rie run on Linux only; this host is %s/%s", runtime.GOOS, runtime.GOARCH)
	}
}

// RepoRoot returns the root of the specgate repository: the nearest
// directory above the working directory whose go.mod declares module
// github.com/specgate/specgate.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("lambdatest: %v", err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(data) == "github.com/specgate/specgate" {
			return dir
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("lambdatest: %v", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("lambdatest: no go.mod of module github.com/specgate/specgate above the working directory")
		}
		dir = parent
	}
}

func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
