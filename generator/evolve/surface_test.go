package evolve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSurfaceChanges runs the gate over edits of testdata/surface.yaml to
// what callers and subscribers reach besides operations: a response media
// type removed or changed (an error), a server's host changed (a warning;
// one added is nothing), a callback removed or changed (an error; its
// description alone is nothing).
func TestSurfaceChanges(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join("testdata", "surface.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	spec := string(data)
	base, err := Load(ctx, file, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	replace := func(old, with string) func(string) string {
		return func(s string) string {
			if !strings.Contains(s, old) {
				t.Fatalf("surface.yaml no longer has %q", old)
			}
			return strings.Replace(s, old, with, 1)
		}
	}
	const csv = "            text/csv: {schema: {type: string}}\n"
	for name, tc := range map[string]struct {
		edit    func(string) string
		rule    string // "" for no change at warning or above
		level   Level
		mention string
	}{
		"response media type removed": {replace(csv, ""), RuleResponseFieldChanged, Error, "text/csv"},
		"response media type changed": {replace(csv, "            text/plain: {schema: {type: string}}\n"), RuleResponseFieldChanged, Error, "text/csv"},
		"server host changed":         {replace("https://api.example.com/v1", "https://api.other.com/v1"), RuleServerChanged, Warning, "https://api.example.com"},
		"server scheme changed":       {replace("https://api.example.com/v1", "http://api.example.com/v1"), RuleServerChanged, Warning, "https://api.example.com"},
		"server added":                {replace(`servers: [{url: "https://api.example.com/v1"}]`, `servers: [{url: "https://api.example.com/v1"}, {url: "https://eu.example.com/v1"}]`), "", 0, ""},
		"callback payload changed":    {replace("properties: {id: {type: string}}", "properties: {id: {type: integer}}"), RuleCallbackChanged, Error, "request body"},
		"callback answer changed":     {replace(`responses: {"200": {description: received}}`, `responses: {"204": {description: received}}`), RuleCallbackChanged, Error, "responses"},
		"callback URL changed":        {replace("{$request.body#/url}", "{$request.body#/uri}"), RuleCallbackRemoved, Error, "{$request.body#/url}"},
		"callback removed":            {replace("      callbacks:\n", "      x-callbacks:\n"), RuleCallbackRemoved, Error, `"onEvent"`},
		"callback described":          {replace("description: received", "description: the event was received"), "", 0, ""},
		"unchanged":                   {func(s string) string { return s }, "", 0, ""},
	} {
		t.Run(name, func(t *testing.T) {
			edited := tc.edit(spec)
			f := filepath.Join(t.TempDir(), "surface.yaml")
			if err := os.WriteFile(f, []byte(edited), 0o600); err != nil {
				t.Fatal(err)
			}
			next, err := Load(ctx, f, "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compare(base, next, nil, Error)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			r.Write(&text, "text")
			if tc.rule == "" {
				if r.Fails(Warning) {
					t.Errorf("a harmless edit is reported:\n%s", text.String())
				}
				return
			}
			if !slices.ContainsFunc(r.Changes, func(c Change) bool {
				return c.Rule == tc.rule && c.Level == tc.level && strings.Contains(c.Message, tc.mention)
			}) {
				t.Errorf("no %s %s naming %q:\n%s", tc.level, tc.rule, tc.mention, text.String())
			}
		})
	}
}
