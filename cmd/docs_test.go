package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestReferenceDocs keeps docs/cli, the command reference, equal to what
// the commands say about themselves; -u rewrites it.
func TestReferenceDocs(t *testing.T) {
	const dir = "../docs/cli"
	pages := ReferenceDocs()
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, p := range old {
			os.Remove(p)
		}
		for name, data := range pages {
			if err := os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var names []string
	for name := range pages {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, append(pages[name], '\n')) {
			t.Errorf("%s/%s is stale or missing: run go test ./cmd -run TestReferenceDocs -u", dir, name)
		}
	}
	onDisk, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(onDisk) != len(pages) {
		t.Errorf("%s holds %d pages, the commands make %d: run go test ./cmd -run TestReferenceDocs -u", dir, len(onDisk), len(pages))
	}
}
