package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpdateSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(path, []byte("# Benchmarks\n\nother section\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rep := range []string{"first report\n", "second report\n"} {
		if err := updateSection(path, rep); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, append(must(os.ReadFile(path)), "after\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := updateSection(path, "third report\n"); err != nil {
		t.Fatal(err)
	}
	got := string(must(os.ReadFile(path)))
	want := "# Benchmarks\n\nother section\n\n" + beginMarker + "\nthird report\n" + endMarker + "\nafter\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// A lost marker is an error, not a second section.
	if err := os.WriteFile(path, []byte(strings.Replace(got, endMarker, "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := updateSection(path, "x\n"); err == nil {
		t.Fatal("no error with the end marker missing")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
