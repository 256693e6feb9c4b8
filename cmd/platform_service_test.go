package cmd

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/contract"
	"github.com/specgate/specgate/generator/spec"
)

// TestServiceCommandsJoinTheirPlatform: run in a platform service's
// directory, check, diff and test build the service as platform generate
// does (review 5 found specgate test deriving tokens with the
// single-service scope catalog/catalog.write, which the platform's
// function refuses, and check would report the platform's files as drift).
func TestServiceCommandsJoinTheirPlatform(t *testing.T) {
	file := examplePlatform(t)
	run(t, 0, "platform", "generate", "--platform", file)
	svc := filepath.Join(filepath.Dir(file), "services", "catalog")
	t.Chdir(svc)

	var out, errOut bytes.Buffer
	if code := Execute(context.Background(), []string{"check"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("check in the service's directory = %d, want 0 (the platform's files match)\n%s%s", code, out.String(), errOut.String())
	}

	var pf projectFlags
	cmd := &cobra.Command{}
	pf.register(cmd.Flags(), true)
	pr, err := pf.resolve(cmd)
	if err != nil {
		t.Fatal(err)
	}
	opts := pr.options()
	if opts.ResourceServer != "print-shop-catalog" || opts.SharedIdentity == nil {
		t.Fatalf("options: resource server %q, shared identity %v; want the platform's", opts.ResourceServer, opts.SharedIdentity)
	}
	doc, api, _, err := generator.Model(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validation(doc, api, spec.ValidationOptions{}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range contract.Derive(api, 1, []string{"createProduct"}, nil) {
		if c.Kind != contract.Valid {
			continue
		}
		found = true
		if len(c.Request.Auth.Scopes) == 0 || !strings.HasPrefix(c.Request.Auth.Scopes[0], "print-shop-catalog/") {
			t.Errorf("createProduct/valid asks a token with %v, want the platform's print-shop-catalog/ scopes", c.Request.Auth.Scopes)
		}
	}
	if !found {
		t.Fatal("no valid createProduct case")
	}
}
