package spec

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadListsEveryUnresolvedRef: block and flow style $refs to missing
// components, a missing file and a missing pointer in another file are all
// listed, each at the position of its $ref value, with a hint.
func TestLoadListsEveryUnresolvedRef(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "inputs", "refs.yaml")
	_, err := Load(context.Background(), path)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("want *Error, got %v", err)
	}
	want := []string{
		path + `:10:17: $ref "#/components/parameters/Missing" points at nothing`,
		path + `:17:23: $ref "#/components/schemas/Nope" points at nothing`,
		path + `:22:78: $ref "#/components/schemas/Gone" points at nothing`,
		path + `:24:11: $ref "paths/missing.yaml#/c" points at a file that does not exist`,
		path + `:29:78: $ref "schemas.yaml#/Absent" points at nothing`,
	}
	if len(se.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(se.Problems), len(want), err)
	}
	for i, p := range se.Problems {
		if got := p.Pos.String() + ": " + p.Msg; !strings.HasPrefix(got, want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s...", i, got, want[i])
		}
		if p.Hint != RefHint {
			t.Errorf("problem %d: hint %q", i, p.Hint)
		}
	}
}

// TestSyntaxErrorPositions: a YAML syntax error is at the line the parser
// names (column of its first non-blank character); a JSON one at the
// offending byte.
func TestSyntaxErrorPositions(t *testing.T) {
	for file, at := range map[string]string{"syntax.yaml": ":8:5: not valid YAML or JSON: ", "syntax.json": ":4:13: not valid JSON: invalid character ','"} {
		path := filepath.Join("..", "..", "testdata", "inputs", file)
		_, err := Load(context.Background(), path)
		var se *Error
		if !errors.As(err, &se) || len(se.Problems) != 1 {
			t.Fatalf("%s: want one problem, got %v", file, err)
		}
		if got := se.Problems[0].Pos.String() + ": " + se.Problems[0].Msg; !strings.HasPrefix(got, path+at) {
			t.Errorf("%s: got %s, want prefix %s", file, got, path+at)
		}
	}
}
