package evolve

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// want is a corpus case's expected outcome.
type want struct {
	Rule    string `yaml:"rule"`    // a change with this rule must be found
	Level   string `yaml:"level"`   // at this level
	Exit    int    `yaml:"exit"`    // the gate's exit: 1 fails, 0 passes
	FailOn  string `yaml:"failOn"`  // default error
	Changes string `yaml:"changes"` // "none": no change may be found
	Absent  string `yaml:"absent"`  // a change with this rule must not be found
}

// TestCorpus runs the gate over every spec pair in testdata/corpus (one
// change kind each) and checks the classification and the exit code.
func TestCorpus(t *testing.T) {
	ctx := context.Background()
	base, err := Load(ctx, "testdata/base.yaml", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob("testdata/corpus/*")
	if err != nil || len(dirs) < 30 {
		t.Fatalf("want at least 30 corpus cases, have %d (%v)", len(dirs), err)
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var w want
			data, err := os.ReadFile(filepath.Join(dir, "want.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			dec := yaml.NewDecoder(bytes.NewReader(data))
			dec.KnownFields(true)
			if err := dec.Decode(&w); err != nil {
				t.Fatal(err)
			}
			b := base
			if _, err := os.Stat(filepath.Join(dir, "base.yaml")); err == nil {
				if b, err = Load(ctx, filepath.Join(dir, "base.yaml"), "", Options{}); err != nil {
					t.Fatal(err)
				}
			}
			n, err := Load(ctx, filepath.Join(dir, "new.yaml"), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			var acc *Accept
			if _, err := os.Stat(filepath.Join(dir, "accept.yaml")); err == nil {
				if acc, err = LoadAccept(filepath.Join(dir, "accept.yaml")); err != nil {
					t.Fatal(err)
				}
			}
			failOn := Error
			if w.FailOn != "" {
				if failOn, err = ParseLevel(w.FailOn); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Compare(b, n, acc, failOn)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			r.Write(&text, "text")
			switch {
			case w.Changes == "none":
				if len(r.Changes) != 0 {
					t.Errorf("want no change, got:\n%s", text.String())
				}
			case w.Absent != "":
				if slices.ContainsFunc(r.Changes, func(c Change) bool { return c.Rule == w.Absent }) {
					t.Errorf("want no %s change, got:\n%s", w.Absent, text.String())
				}
			default:
				i := slices.IndexFunc(r.Changes, func(c Change) bool { return c.Rule == w.Rule })
				if i < 0 {
					t.Fatalf("no %s change:\n%s", w.Rule, text.String())
				}
				if got := r.Changes[i].Level.String(); got != w.Level {
					t.Errorf("%s: level %s, want %s", w.Rule, got, w.Level)
				}
				if len(r.Changes[i].Audiences) == 0 {
					t.Errorf("%s: nobody feels it", w.Rule)
				}
				seen[w.Rule] = true
			}
			exit := 0
			if r.Failed {
				exit = 1
			}
			if exit != w.Exit {
				t.Errorf("exit %d, want %d:\n%s", exit, w.Exit, text.String())
			}
			if acc != nil {
				for _, c := range r.Changes {
					if c.Rule == w.Rule && !c.Accepted {
						t.Errorf("%s is acknowledged in accept.yaml but not marked accepted", c.Rule)
					}
				}
				if len(acc.Unused()) != 1 {
					t.Errorf("want the one stale acknowledgement reported, got %q", acc.Unused())
				}
			}
		})
	}
	for rule := range Rules {
		if !seen[rule] {
			t.Errorf("specgate rule %s has no corpus case", rule)
		}
	}
}
