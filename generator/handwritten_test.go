package generator_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// generatedSmells are the marks of code no person would write, each with
// what it means: numbered helper names, assignments to _ that only keep a
// variable or import alive, empty branches and switches.
//
// only, when set, limits a smell to the files of that base name: an empty
// case of a type switch (case nil:) is a deliberate idiom in the
// hand-written runtime copied into projects, not in the spec-derived code.
var generatedSmells = []struct {
	re   *regexp.Regexp
	what string
	only []string
}{
	{regexp.MustCompile(`\bvd\d+\b|\bev[ip]\d+\b`), "a function named by a number instead of what it checks", nil},
	{regexp.MustCompile(`(?m)^\s*_(, _)* = [\w.]+(\[\w+\])?(, [\w.]+)*$`), "an assignment to _ that only keeps a name in use", nil},
	{regexp.MustCompile(`(?m)^\s*_ = (regexp|json|time|sync|strconv|fmt)\.\w+$`), "a line that only keeps an import in use", nil},
	{regexp.MustCompile(`(?m)^\s*case [^\n]*:\n\s*(case [^\n]*|default):`), "an empty case (a branch that does nothing)", specDerived},
	{regexp.MustCompile(`(?m)^\s*switch [^\n]*\{\n\s*\}`), "an empty switch", nil},
	{regexp.MustCompile(`(?m)^func [^\n]*\{\n\}`), "an empty function", nil},
	{regexp.MustCompile(`struct \{\n\s*\}`), "an empty struct spread over two lines", nil},
}

// specDerived are the Go files the validation, Lambda and client emitters
// write from the spec.
var specDerived = []string{"validate.gen.go", "handler.gen.go", "router.gen.go", "client.gen.go"}

// TestGeneratedReadsAsWritten checks every Go file of every golden tree
// (issue 15 item 6): no smell of generatedSmells, and imports grouped with
// the standard library first.
func TestGeneratedReadsAsWritten(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(e2eDir, "*", "want", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(e2eDir, "*", "want", "*", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("found only %d generated Go files under %s", len(files), e2eDir)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, s := range generatedSmells {
			if s.only != nil && !slices.Contains(s.only, filepath.Base(path)) {
				continue
			}
			if loc := s.re.FindStringIndex(src); loc != nil {
				line := strings.Count(src[:loc[0]], "\n") + 1
				t.Errorf("%s:%d: %s: %q", path, line, s.what, strings.TrimSpace(src[loc[0]:loc[1]]))
			}
		}
		if msg := importOrder(path, data); msg != "" {
			t.Error(msg)
		}
	}
}

// importOrder says what is wrong with a file's import grouping: every
// standard-library import comes before the first other one.
func importOrder(path string, src []byte) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
	if err != nil {
		return err.Error()
	}
	var other *ast.ImportSpec
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		std := !strings.Contains(strings.SplitN(p, "/", 2)[0], ".")
		switch {
		case !std && other == nil:
			other = imp
		case std && other != nil:
			return fmt.Sprintf("%s: standard library import %s comes after %s", fset.Position(imp.Pos()), imp.Path.Value, other.Path.Value)
		}
	}
	return ""
}
