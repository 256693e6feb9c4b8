package evolve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPrintShopBreaks runs the gate over the reference print-shop spec
// with the edits the review found passing: each must fail the gate with
// the rule and level named, and an edit that breaks nobody must pass.
func TestPrintShopBreaks(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join("..", "..", "..", "shared", "examples", "print-shop.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the reference specs are expected beside the repository: %v", err)
	}
	spec := string(data)
	base, err := Load(ctx, file, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// between replaces the text from from up to to with with.
	between := func(from, to, with string) func(string) string {
		return func(s string) string {
			i, j := strings.Index(s, from), strings.Index(s, to)
			if i < 0 || j < i {
				t.Fatalf("print-shop.yaml no longer has %q before %q: update the edit", from, to)
			}
			return s[:i] + with + s[j:]
		}
	}
	for name, tc := range map[string]struct {
		edit    func(string) string
		rule    string
		mention string // the message must name it
		fails   bool
	}{
		"clientCredentials flow removed": {between("        clientCredentials:\n", "  responses:\n    Problem:", ""), RuleClientRemoved, "ServiceClient", true},
		"authorizationCode flow removed": {between("        authorizationCode:\n", "        clientCredentials:\n", ""), RuleClientRemoved, "WebClient", true},
		"Product becomes Quote": {between("    Product:\n", "    ProductPage:", "    Product:\n      $ref: \"#/components/schemas/Quote\"\n"),
			RuleResponseFieldChanged, "field sku disappears", true},
		"createdAt no longer required": {func(s string) string {
			return strings.Replace(s, "required: [id, createdAt]", "required: [id]", 1)
		}, RuleResponseFieldChanged, "field createdAt was required and becomes optional", true},
		"unchanged": {func(s string) string { return s }, "", "", false},
	} {
		t.Run(name, func(t *testing.T) {
			edited := tc.edit(spec)
			if tc.rule != "" && edited == spec {
				t.Fatal("the edit changed nothing")
			}
			f := filepath.Join(t.TempDir(), "print-shop.yaml")
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
			if tc.rule != "" && !slices.ContainsFunc(r.Changes, func(c Change) bool {
				return c.Rule == tc.rule && c.Level == Error && strings.Contains(c.Message, tc.mention)
			}) {
				t.Errorf("no %s error naming %q:\n%s", tc.rule, tc.mention, text.String())
			}
			if r.Failed != tc.fails {
				t.Errorf("gate failed %t, want %t:\n%s", r.Failed, tc.fails, text.String())
			}
		})
	}
}
