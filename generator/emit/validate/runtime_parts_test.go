package validate

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// TestRuntimePartsListed checks that every file of package rt is copied
// into generated projects: a file missing from the embed list would leave
// the generated api package without the functions it declares.
func TestRuntimePartsListed(t *testing.T) {
	entries, err := os.ReadDir("rt")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "lambda.go" {
			continue
		}
		checked++
		if _, err := fs.Stat(runtimeFS, "rt/"+name); err != nil {
			t.Errorf("rt/%s is not in the //go:embed list of runtimeFS (validate.go): generated projects would lack it", name)
		}
	}
	if checked == 0 {
		t.Fatal("found no runtime parts in rt/")
	}
}
