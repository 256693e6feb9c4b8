package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// oapiGenerate is what oapi-codegen is asked for in the generation
// benchmark: models plus a net/http strict server, the closest it comes to
// specgate's generated package.
const oapiGenerate = "types,std-http-server,strict-server"

// genRow is one spec's generation result.
type genRow struct {
	sc      specCase
	sg, oc  []sample
	ck      []sample // specgate check on the project sg-warm generated, unchanged
	ocError string   // oapi-codegen could not generate this spec
}

// specgateGen writes specgate's whole project for sc into out: a REST
// API for the specs the Lambda step invokes (paired), an HTTP API for the
// others, whose paths a REST API refuses.
func (b *bench) specgateGen(sc specCase, out string) *exec.Cmd {
	cmd := exec.Command(b.specgate, "generate", "--spec", sc.path, "--out", out, "--module", "example.com/bench", "--api", apiKind(sc))
	cmd.Env = b.goEnv()
	return cmd
}

// apiKind is the API specgateGen generates for sc.
func apiKind(sc specCase) string {
	if sc.paired {
		return "rest"
	}
	return "http"
}

// specgateCheck checks the project specgateGen wrote into out.
func (b *bench) specgateCheck(sc specCase, out string) *exec.Cmd {
	cmd := exec.Command(b.specgate, "check", "--spec", sc.path, "--out", out, "--module", "example.com/bench", "--api", apiKind(sc))
	cmd.Env = b.goEnv()
	return cmd
}

// oapiGen writes oapi-codegen's server for spec into dir/<file>. dir gets a
// go.mod first: oapi-codegen looks for one to pick its std-http-server
// flavour and warns without it.
func (b *bench) oapiGen(spec, dir, file, generate string) (*exec.Cmd, error) {
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, file)), 0o755); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.26\n"), 0o644); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(b.oapi, "-generate", generate, "-package", "api", "-o", file, spec)
	cmd.Dir = dir
	cmd.Env = b.goEnv()
	return cmd, nil
}

// generation measures specgate generate vs oapi-codegen on each spec.
func (b *bench) generation(ctx context.Context, r *report, specs []specCase) error {
	var rows []genRow
	for _, sc := range specs {
		row := genRow{sc: sc}
		base := filepath.Join(b.cfg.work, "gen", strings.ReplaceAll(sc.key, " ", "-"))
		// A first run of each (not counted) warms the page cache and tells
		// whether oapi-codegen handles the spec at all.
		if _, err := runMeasured(b.specgateGen(sc, filepath.Join(base, "sg-warm"))); err != nil {
			return err
		}
		cmd, err := b.oapiGen(sc.path, filepath.Join(base, "oc-warm"), "api.gen.go", oapiGenerate)
		if err != nil {
			return err
		}
		if _, err := runMeasured(cmd); err != nil {
			if sc.paired {
				return fmt.Errorf("oapi-codegen fails on %s, which the benchmark compares on: %w", sc.path, err)
			}
			row.ocError = oapiError(err.Error())
		}
		b.logf("generation: %s (%d operations), %d runs each", sc.key, sc.ops, b.cfg.genReps)
		for i := 0; i < b.cfg.genReps; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			sgRun := func() error {
				out := filepath.Join(base, fmt.Sprintf("sg-%d", i))
				s, err := runMeasured(b.specgateGen(sc, out))
				if err != nil {
					return err
				}
				row.sg = append(row.sg, s)
				return os.RemoveAll(out)
			}
			ocRun := func() error {
				if row.ocError != "" {
					return nil
				}
				dir := filepath.Join(base, fmt.Sprintf("oc-%d", i))
				cmd, err := b.oapiGen(sc.path, dir, "api.gen.go", oapiGenerate)
				if err != nil {
					return err
				}
				s, err := runMeasured(cmd)
				if err != nil {
					return err
				}
				row.oc = append(row.oc, s)
				return os.RemoveAll(dir)
			}
			ckRun := func() error {
				s, err := runMeasured(b.specgateCheck(sc, filepath.Join(base, "sg-warm")))
				if err != nil {
					return fmt.Errorf("specgate check on the project it generated: %w", err)
				}
				row.ck = append(row.ck, s)
				return nil
			}
			order := []func() error{sgRun, ckRun, ocRun}
			if i%2 == 1 {
				slices.Reverse(order)
			}
			for _, f := range order {
				if err := f(); err != nil {
					return err
				}
			}
		}
		if err := os.RemoveAll(base); err != nil {
			return err
		}
		rows = append(rows, row)
	}
	r.generation(rows)
	return nil
}

// oapiError keeps the line of oapi-codegen's output that says why it failed.
func oapiError(msg string) string {
	for _, l := range strings.Split(msg, "\n") {
		if i := strings.Index(l, "error generating code: "); i >= 0 {
			return strings.TrimSpace(l[i:])
		}
	}
	return firstLine(msg)
}
