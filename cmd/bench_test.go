package cmd

import (
	"bytes"
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// printShopProject generates print-shop into a temporary directory and
// returns the flags that regenerate (or check) it.
func printShopProject(tb testing.TB) []string {
	tb.Helper()
	args := []string{"--spec", "../testdata/print-shop.yaml", "--out", filepath.Join(tb.TempDir(), "ps"), "--module", "example.com/ps"}
	run(tb, 0, append([]string{"generate"}, args...)...)
	return args
}

func run(tb testing.TB, want int, args ...string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	if code := Execute(context.Background(), args, nil, &out, &errOut); code != want {
		tb.Fatalf("specgate %v = %d, want %d\n%s%s", args, code, want, out.String(), errOut.String())
	}
}

// BenchmarkGenerateUnchanged regenerates an up-to-date print-shop project.
func BenchmarkGenerateUnchanged(b *testing.B) {
	args := append([]string{"generate"}, printShopProject(b)...)
	for b.Loop() {
		run(b, 0, args...)
	}
}

// BenchmarkCheckUnchanged checks an up-to-date print-shop project.
func BenchmarkCheckUnchanged(b *testing.B) {
	args := append([]string{"check"}, printShopProject(b)...)
	for b.Loop() {
		run(b, 0, args...)
	}
}

// TestCheckCostsAtMostGenerate holds check to at most 1.2x the cost of
// generate on an unchanged print-shop project: the best of several runs
// of each, so a busy machine slows both alike.
//
//	go test ./cmd -run TestCheckCostsAtMostGenerate -v
//	go test ./cmd -run '^$' -bench 'Unchanged$' -benchtime 20x
func TestCheckCostsAtMostGenerate(t *testing.T) {
	project := printShopProject(t)
	timeOf := func(cmd string) time.Duration {
		start := time.Now()
		run(t, 0, append([]string{cmd}, project...)...)
		return time.Since(start)
	}
	timeOf("check") // warm caches, templates and the spec parser alike
	// Interleaved, so load from elsewhere slows both alike; best of each.
	var gens, checks []time.Duration
	for range 11 {
		gens = append(gens, timeOf("generate"))
		checks = append(checks, timeOf("check"))
	}
	best := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[0]
	}
	gen, check := best(gens), best(checks)
	ratio := float64(check) / float64(gen)
	t.Logf("print-shop, unchanged tree: generate %v, check %v: check/generate = %.2f", gen, check, ratio)
	if ratio > 1.2 {
		t.Errorf("check costs %.2fx generate (best of 11 each: %v vs %v); it must stay at or below 1.2x", ratio, check, gen)
	}
}
