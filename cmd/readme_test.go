package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// makefile is the targets of the repository's Makefile: each target's
// prerequisites and recipe lines.
type makefile map[string]struct{ deps, recipe []string }

func readMakefile(t *testing.T) makefile {
	t.Helper()
	data, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := makefile{}
	target := ""
	rule := regexp.MustCompile(`^([A-Za-z0-9_.-]+):(?:[^=]|$)(.*)$`)
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "\t") && target != "":
			r := m[target]
			r.recipe = append(r.recipe, strings.TrimSpace(line))
			m[target] = r
		case rule.MatchString(line):
			g := rule.FindStringSubmatch(line)
			target = g[1]
			r := m[target]
			r.deps = append(r.deps, strings.Fields(g[2])...)
			m[target] = r
		case !strings.HasPrefix(line, "#") && strings.TrimSpace(line) != "":
			target = ""
		}
	}
	return m
}

// expand is every recipe line target runs: its prerequisites' and those of
// the targets its recipe runs with $(MAKE).
func (m makefile) expand(target string, seen map[string]bool) []string {
	if seen[target] {
		return nil
	}
	seen[target] = true
	r := m[target]
	var lines []string
	for _, d := range r.deps {
		lines = append(lines, m.expand(d, seen)...)
	}
	for _, l := range r.recipe {
		if rest, ok := strings.CutPrefix(l, "$(MAKE) "); ok {
			for _, sub := range strings.Fields(rest) {
				lines = append(lines, m.expand(sub, seen)...)
			}
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// TestReadmeTruth keeps the README's claims about running the tests true:
// it starts with two commands, `make example` and `make test`; `make test`
// runs the tests of every Go module of the repository; `make ci`, which
// .ci/run runs, adds a fuzz run of every fuzz target; and the README names
// what runs where.
func TestReadmeTruth(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	first := regexp.MustCompile("(?s)```sh\n(.*?)```").FindSubmatch(readme)
	if first == nil || strings.Index(string(readme), "```sh") > strings.Index(string(readme), "\n## ") {
		t.Fatal("README.md does not start with a sh block of commands")
	}
	var cmds []string
	for _, l := range strings.Split(strings.TrimSpace(string(first[1])), "\n") {
		cmd, _, _ := strings.Cut(l, "#")
		cmds = append(cmds, strings.TrimSpace(cmd))
	}
	if strings.Join(cmds, "; ") != "make example; make test" {
		t.Errorf("README.md starts with %q, want make example (the bundled example) and make test (the tests)", cmds)
	}
	for _, s := range []string{"`make test`", "`make fuzz`", "`make ci`", "`.ci/run`", "`make bench`"} {
		if !strings.Contains(string(readme), s) {
			t.Errorf("README.md does not say what %s runs", s)
		}
	}

	m := readMakefile(t)
	for _, target := range []string{"example", "test", "fuzz", "ci", "tools"} {
		if _, ok := m[target]; !ok {
			t.Errorf("Makefile has no %s target", target)
		}
	}
	test := strings.Join(m.expand("test", map[string]bool{}), "\n")
	// Every Go module of the repository is tested by make test.
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != ".." && (name == "testdata" || name == "out" || name == "node_modules" || strings.HasPrefix(name, ".")) {
			return filepath.SkipDir
		}
		if name != "go.mod" {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		want := regexp.MustCompile(`(?m)^go test .*\./\.\.\.$`)
		if dir != ".." {
			want = regexp.MustCompile(`(?m)^cd ` + regexp.QuoteMeta(strings.TrimPrefix(dir, "../")) + ` && go test .*\./\.\.\.$`)
		}
		if !want.MatchString(test) {
			t.Errorf("make test does not run the tests of the module in %s (want a line matching %s):\n%s", dir, want, test)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// CI runs make ci: the tests, then a bounded run of every fuzz target.
	run, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^make ci$`).Match(run) {
		t.Errorf(".ci/run does not run make ci:\n%s", run)
	}
	ci := m.expand("ci", map[string]bool{})
	if !strings.Contains(strings.Join(ci, "\n"), test) {
		t.Errorf("make ci does not include make test")
	}
	fuzz := strings.Join(ci, "\n")
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (d.Name() == "out" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, f := range regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`).FindAllSubmatch(src, -1) {
			name := string(f[1])
			// The router's targets live in generator/testdata/routerfuzz and
			// run inside generated projects, by TestGeneratedRouterFuzz.
			if strings.Contains(filepath.ToSlash(path), "testdata/routerfuzz/") {
				name = "TestGeneratedRouterFuzz"
			}
			if !strings.Contains(fuzz, name) || !strings.Contains(fuzz, "fuzztime") && !strings.Contains(fuzz, "FUZZTIME") {
				t.Errorf("%s: %s is not fuzzed by make ci", path, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
