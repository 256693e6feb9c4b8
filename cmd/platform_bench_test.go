package cmd

import (
	"os"
	"path/filepath"
	"testing"
)

// examplePlatform copies examples/platform into a temporary directory and
// returns its platform.yaml.
func examplePlatform(tb testing.TB) string {
	tb.Helper()
	dst := tb.TempDir()
	err := filepath.WalkDir("../examples/platform", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../examples/platform", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(dst, "platform.yaml")
}

// BenchmarkPlatformGenerate generates the example's three services and
// platform/ with one specgate platform generate.
func BenchmarkPlatformGenerate(b *testing.B) {
	file := examplePlatform(b)
	for b.Loop() {
		run(b, 0, "platform", "generate", "--platform", file)
	}
}

// BenchmarkServicesOneByOne generates the same three services with one
// specgate generate each: what BenchmarkPlatformGenerate is compared with.
func BenchmarkServicesOneByOne(b *testing.B) {
	dir := filepath.Dir(examplePlatform(b))
	services := []string{"orders", "catalog", "offers"}
	for b.Loop() {
		for _, s := range services {
			run(b, 0, "generate", "--config", filepath.Join(dir, "services", s, "specgate.yaml"))
		}
	}
}
