package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// contender is one project the compile benchmark builds.
type contender struct {
	name, dir string
	cold      []sample // fresh GOCACHE
	deps      sample   // the dependencies alone, fresh GOCACHE (one run)
	cached    []sample // dependencies (standard library included) precompiled
}

// compile measures `go build ./...` of specgate's generated project against
// oapi-codegen's generated server (and the whole peer stack project) for the
// large spec: cold, in a fresh GOCACHE, and with only the project's own
// packages to compile.
func (b *bench) compile(ctx context.Context, r *report, specs []specCase) error {
	sc := specs[0]
	for _, s := range specs {
		if s.paired && s.ops > sc.ops {
			sc = s
		}
	}
	base := filepath.Join(b.cfg.work, "compile")
	cs := []*contender{
		{name: "specgate project", dir: filepath.Join(base, "specgate")},
		{name: "oapi-codegen server", dir: filepath.Join(base, "oapi-codegen")},
		{name: "peer stack project", dir: filepath.Join(base, "peer")},
	}
	b.logf("compile: writing the projects for %s", sc.key)
	if err := b.specgateProject(sc, cs[0].dir, false); err != nil {
		return err
	}
	if err := b.oapiServerProject(sc, cs[1].dir); err != nil {
		return err
	}
	if err := b.peerProject(sc, cs[2].dir); err != nil {
		return err
	}
	// Cold: a fresh, empty GOCACHE for every build (the standard library is
	// compiled each time too), same for both.
	if !b.cfg.skip["cold"] {
		for i := 0; i < b.cfg.coldReps; i++ {
			order := rotate(cs, i)
			for _, c := range order {
				if err := ctx.Err(); err != nil {
					return err
				}
				b.logf("compile: cold %s, run %d of %d", c.name, i+1, b.cfg.coldReps)
				cache, err := os.MkdirTemp(base, "gocache-")
				if err != nil {
					return err
				}
				s, err := runMeasured(b.goBuild(c.dir, cache))
				os.RemoveAll(cache)
				if err != nil {
					return err
				}
				c.cold = append(c.cold, s)
			}
		}
	}
	// Cached: the dependencies of each project are compiled once into a
	// cache that every run starts from a copy of. The smoke run uses the
	// warm default GOCACHE instead (seeding compiles the standard library).
	seeds := map[*contender]string{}
	for _, c := range cs {
		if b.cfg.smoke {
			break
		}
		seed := filepath.Join(base, "seed-"+filepath.Base(c.dir))
		b.logf("compile: precompiling the dependencies of the %s", c.name)
		s, err := b.seedCache(c.dir, seed)
		if err != nil {
			return err
		}
		c.deps = s
		seeds[c] = seed
	}
	for i := 0; i < b.cfg.cachedReps; i++ {
		for _, c := range rotate(cs, i) {
			if err := ctx.Err(); err != nil {
				return err
			}
			cache := ""
			if seed, ok := seeds[c]; ok {
				cache = filepath.Join(base, "gocache-run")
				if _, err := run(base, nil, "cp", "-a", seed, cache); err != nil {
					return err
				}
			}
			s, err := runMeasured(b.goBuild(c.dir, cache))
			if cache != "" {
				os.RemoveAll(cache)
			}
			if err != nil {
				return err
			}
			c.cached = append(c.cached, s)
		}
	}
	for _, seed := range seeds {
		os.RemoveAll(seed)
	}
	r.compile(sc, cs)
	return nil
}

// goBuild is the measured command: compile every package of the project,
// offline, with the flags of a Lambda build, with the given build cache (""
// for the default one).
func (b *bench) goBuild(dir, cache string) *exec.Cmd {
	cmd := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "./...")
	cmd.Dir = dir
	kv := []string{"GOPROXY=off", "GOFLAGS=-buildvcs=false"}
	if cache != "" {
		kv = append(kv, "GOCACHE="+cache)
	}
	cmd.Env = b.goEnv(kv...)
	return cmd
}

// seedCache compiles every dependency of the project (not its own packages)
// into a new cache, and measures that.
func (b *bench) seedCache(dir, cache string) (sample, error) {
	e := b.goEnv("GOCACHE="+cache, "GOPROXY=off", "GOFLAGS=-buildvcs=false")
	out, err := run(dir, e, "go", "list", "-tags", "lambda.norpc", "-deps", "-f", "{{if not (and .Module .Module.Main)}}{{.ImportPath}}{{end}}", "./...")
	if err != nil {
		return sample{}, err
	}
	deps := strings.Fields(out)
	if len(deps) == 0 {
		return sample{}, fmt.Errorf("%s: go list found no dependencies", dir)
	}
	// go list filled the cache a little; start the measured build afresh.
	if err := os.RemoveAll(cache); err != nil {
		return sample{}, err
	}
	cmd := exec.Command("go", append([]string{"build", "-trimpath", "-tags", "lambda.norpc"}, deps...)...)
	cmd.Dir, cmd.Env = dir, e
	return runMeasured(cmd)
}

// rotate returns xs starting at index i mod len(xs): each repetition runs
// the contenders in another order.
func rotate[T any](xs []T, i int) []T {
	k := i % len(xs)
	return append(append([]T{}, xs[k:]...), xs[:k]...)
}
