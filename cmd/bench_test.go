package cmd

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
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
