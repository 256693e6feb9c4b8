// Command peerbench measures specgate against the stacks a team would
// otherwise use, side by side in one run: code generation (specgate vs
// oapi-codegen), compile time of the generated code, Lambda cold start, size
// and latency (specgate's bootstrap vs a bare aws-lambda-go handler vs
// aws-lambda-go-api-proxy + chi + oapi-codegen strict server + kin-openapi
// validator), and the request validation benchmark of bench/ when present.
//
// Contenders alternate within each repetition; every number is a median of
// several runs and every ratio the median of the ratios of side-by-side
// pairs. Run it with bench/run.sh (see BENCHMARKS.md); --smoke runs each
// step once on print-shop to prove the harness works, and fails when a step
// does.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// config is what the flags say.
type config struct {
	root, specs, rie, large string
	work                    string
	smoke, keep, fromHead   bool
	genReps, coldReps       int
	cachedReps, initReps    int
	sessions, warm          int
	benchCount              int
	skip                    map[string]bool
	out, updateMD           string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == measureChildArg {
		os.Exit(measureChild(os.Args[2:]))
	}
	os.Exit(mainErr(os.Args[1:], os.Stdout, os.Stderr))
}

func mainErr(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("peerbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.root, "root", "../..", "specgate's repository root")
	fs.StringVar(&c.specs, "specs", "", "folder of real specs (default <root>/../shared/specs)")
	fs.StringVar(&c.large, "large", "kinopenapi-sendgrid-v3.json", "the large spec (in -specs) both generators handle")
	fs.StringVar(&c.rie, "rie", "", "aws-lambda-rie binary (default <root>/.tools/bin/aws-lambda-rie; `make tools` installs it)")
	fs.StringVar(&c.work, "work", "", "work folder (default a new temporary folder, removed at the end unless -keep)")
	fs.BoolVar(&c.smoke, "smoke", false, "one repetition of each step on print-shop only: proves the harness works (CI)")
	fs.BoolVar(&c.keep, "keep", false, "keep the work folder")
	fs.BoolVar(&c.fromHead, "from-head", false, "build specgate from the last commit (git archive HEAD) instead of the working tree")
	fs.IntVar(&c.genReps, "gen-reps", 9, "generation runs per contender and spec")
	fs.IntVar(&c.coldReps, "cold-reps", 3, "cold compiles (fresh GOCACHE) per contender")
	fs.IntVar(&c.cachedReps, "cached-reps", 5, "compiles with dependencies precompiled, per contender")
	fs.IntVar(&c.initReps, "init-reps", 41, "cold starts against the stand-in Runtime API per binary")
	fs.IntVar(&c.sessions, "sessions", 5, "emulator sessions (first invocation each) per binary")
	fs.IntVar(&c.warm, "warm", 200, "warm invocations per session")
	fs.IntVar(&c.benchCount, "bench-count", 5, "go test -count for the validation benchmark")
	compare := fs.String("init-compare", "", "comma-separated Lambda bootstraps: only compare their init (exec -> first /next), -init-reps starts each, ratios against the first")
	skip := fs.String("skip", "", "comma-separated steps to skip: gen, compile, cold, lambda, validation")
	fs.StringVar(&c.out, "out", "", "also write the report (markdown) to this file")
	fs.StringVar(&c.updateMD, "update-md", "", "replace the peers section of this markdown file (BENCHMARKS.md) with the report")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c.skip = map[string]bool{}
	for _, s := range strings.Split(*skip, ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.skip[s] = true
		}
	}
	if *compare != "" {
		rep, err := initCompare(strings.Split(*compare, ","), c.initReps)
		if err != nil {
			fmt.Fprintln(stderr, "peerbench:", err)
			return 1
		}
		fmt.Fprint(stdout, rep)
		return 0
	}
	if c.smoke {
		c.genReps, c.coldReps, c.cachedReps, c.initReps, c.sessions, c.warm, c.benchCount = 1, 0, 1, 3, 1, 20, 1
		c.skip["cold"] = true
	}
	if err := c.resolve(); err != nil {
		fmt.Fprintln(stderr, "peerbench:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	b := &bench{cfg: c, log: stderr}
	rep, err := b.run(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "peerbench:", err)
		if b.cfg.work != "" && b.cfg.keep {
			fmt.Fprintln(stderr, "peerbench: work folder kept:", b.cfg.work)
		}
		return 1
	}
	fmt.Fprint(stdout, rep)
	if c.out != "" {
		if err := os.WriteFile(c.out, []byte(rep), 0o644); err != nil {
			fmt.Fprintln(stderr, "peerbench:", err)
			return 2
		}
	}
	if c.updateMD != "" {
		if err := updateSection(c.updateMD, rep); err != nil {
			fmt.Fprintln(stderr, "peerbench:", err)
			return 2
		}
	}
	return 0
}

func (c *config) resolve() error {
	root, err := filepath.Abs(c.root)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "specgate")); err != nil {
		return fmt.Errorf("-root %s is not specgate's repository (no cmd/specgate): %v", root, err)
	}
	c.root = root
	if c.specs == "" {
		c.specs = filepath.Join(filepath.Dir(root), "shared", "specs")
	}
	if c.rie == "" {
		c.rie = filepath.Join(root, ".tools", "bin", "aws-lambda-rie")
	}
	if !c.skip["lambda"] {
		if _, err := os.Stat(c.rie); err != nil {
			return fmt.Errorf("the Lambda emulator is missing: %v (run `make tools` in %s, or pass -rie)", err, root)
		}
	}
	if runtime.GOOS != "linux" {
		return errors.New("peerbench runs Lambda bootstraps and reads Linux rusage: run it on Linux")
	}
	return nil
}

// bench is one run.
type bench struct {
	cfg      config
	log      io.Writer
	bin      string // work/bin
	specgate string // binaries under test
	oapi     string
	versions []string
	checks   []check
	started  time.Time
}

// check is one target of the issue, met or not.
type check struct {
	what, target string
	ratio, limit float64
	note         string
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "peerbench: "+format+"\n", args...)
}

func (b *bench) run(ctx context.Context) (string, error) {
	b.started = time.Now()
	if b.cfg.work == "" {
		dir, err := os.MkdirTemp("", "specgate-bench-")
		if err != nil {
			return "", err
		}
		b.cfg.work = dir
		if !b.cfg.keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(b.cfg.work, 0o755); err != nil {
		return "", err
	}
	b.bin = filepath.Join(b.cfg.work, "bin")
	if err := b.setup(); err != nil {
		return "", err
	}
	specs, err := b.specCases()
	if err != nil {
		return "", err
	}
	r := &report{b: b}
	r.header()
	r.specs(specs)
	if !b.cfg.skip["gen"] {
		if err := b.generation(ctx, r, specs); err != nil {
			return "", fmt.Errorf("generation: %w", err)
		}
	}
	if !b.cfg.skip["compile"] {
		if err := b.compile(ctx, r, specs); err != nil {
			return "", fmt.Errorf("compile: %w", err)
		}
	}
	if !b.cfg.skip["lambda"] {
		if err := b.lambda(ctx, r, specs); err != nil {
			return "", fmt.Errorf("lambda: %w", err)
		}
	}
	if !b.cfg.skip["validation"] && !b.cfg.smoke {
		if err := b.validation(ctx, r); err != nil {
			return "", fmt.Errorf("validation: %w", err)
		}
	}
	r.targets()
	r.footer()
	return r.String(), ctx.Err()
}
