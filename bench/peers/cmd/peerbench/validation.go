package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// benchLine is one line of `go test -bench -benchmem` output.
var benchLine = regexp.MustCompile(`^(Benchmark\S+)\s+\d+\s+([\d.]+) ns/op(?:\s+[\d.]+ MB/s)?(?:\s+([\d.]+) B/op)?(?:\s+([\d.]+) allocs/op)?`)

// procSuffix is the -GOMAXPROCS suffix of a benchmark name.
var procSuffix = regexp.MustCompile(`-\d+$`)

// validationDirs finds the folders under bench/ (other than bench/peers)
// whose tests hold benchmarks: the request validation benchmark.
func (b *bench) validationDirs() ([]string, error) {
	root := filepath.Join(b.cfg.root, "bench")
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			n := d.Name()
			if path == b.peersDir() || (path != root && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "testdata")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") || seen[filepath.Dir(path)] {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "\nfunc Benchmark") {
			seen[filepath.Dir(path)] = true
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil, nil
	}
	return dirs, err
}

// validation runs the request validation benchmark of bench/ (issue 3's),
// when it is there, and reports its medians.
func (b *bench) validation(ctx context.Context, r *report) error {
	r.f("### 4. Request validation\n\n")
	dirs, err := b.validationDirs()
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		r.f("No request validation benchmark under bench/ yet: when a folder under bench/ (other than bench/peers) has `func Benchmark…` in a _test.go file, this step runs `go test -run '^$' -bench . -benchmem -count N` there and reports the medians.\n\n")
		return nil
	}
	for _, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(b.cfg.root, dir)
		b.logf("validation: go test -bench in %s", rel)
		out, err := run(dir, env("GOTOOLCHAIN=local"), "go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(b.cfg.benchCount))
		if err != nil {
			return err
		}
		type stats struct{ ns, by, al []float64 }
		var order []string
		res := map[string]*stats{}
		for _, l := range strings.Split(out, "\n") {
			m := benchLine.FindStringSubmatch(strings.TrimSpace(l))
			if m == nil {
				continue
			}
			s := res[m[1]]
			if s == nil {
				s = &stats{}
				res[m[1]] = s
				order = append(order, m[1])
			}
			ns, _ := strconv.ParseFloat(m[2], 64)
			by, _ := strconv.ParseFloat(m[3], 64)
			al, _ := strconv.ParseFloat(m[4], 64)
			s.ns, s.by, s.al = append(s.ns, ns), append(s.by, by), append(s.al, al)
		}
		r.f("`go test -run '^$' -bench . -benchmem -count %d` in `%s` (medians):\n\n", b.cfg.benchCount, rel)
		if len(order) == 0 {
			r.f("(it printed no benchmark lines)\n\n")
			continue
		}
		r.f("| benchmark | ns/op | B/op | allocs/op | specgate ÷ this: ns/op, allocs/op |\n|---|---:|---:|---:|---:|\n")
		for _, name := range order {
			s := res[name]
			ratio := ""
			// A sibling named .../specgate is the one to compare with.
			if i := strings.LastIndexByte(name, '/'); i >= 0 && procSuffix.ReplaceAllString(name[i+1:], "") != "specgate" {
				if sg := res[name[:i+1]+"specgate"+procSuffix.FindString(name)]; sg != nil && median(s.ns) > 0 && median(s.al) > 0 {
					ratio = fmt.Sprintf("%s, %s", fmtRatio(median(sg.ns)/median(s.ns)), fmtRatio(median(sg.al)/median(s.al)))
				}
			}
			r.f("| %s | %s | %s | %s | %s |\n", name, num(median(s.ns)), num(median(s.by)), num(median(s.al)), ratio)
		}
		r.f("\n")
	}
	return nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
