package cmd

import (
	"os"
	"path/filepath"

	"github.com/specgate/specgate/generator"
)

// staleRuntime reports the specgate version that wrote a runtime's version
// stamp on disk, when path is one (the runtimes copied verbatim into a
// project: see generator.RuntimeVersion).
func staleRuntime(out, path string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(path)))
	if err != nil {
		return "", false
	}
	return generator.RuntimeVersion(path, data)
}
