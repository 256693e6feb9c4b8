package generator_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specgate/specgate/generator/platform"
)

// userScheme is an oauth2 scheme whose only flow is authorizationCode:
// its scope catalog.admin is for people, never for a machine client.
const userScheme = `  securitySchemes:
    user:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://auth.print-shop.example.com/oauth2/authorize
          tokenUrl: https://auth.print-shop.example.com/oauth2/token
          scopes:
            catalog.admin: Administer the catalog.
`

// A machine client (client credentials) never gets a scope the spec offers
// only to people (declared under no clientCredentials flow), as standalone
// generate keeps it off its service client (model.API.MachineMayHold): a
// caller's machine client gets the scopes of an alternative a machine can
// satisfy, even when a people-only one has as few; an operation only
// people can call is left out of a service named alone in calls, and
// refused when calls names it; a declared machine client listing such a
// scope is refused at its place in platform.yaml.
func TestPlatformMachineScopes(t *testing.T) {
	setup := func(t *testing.T, security, calls string) (string, string) {
		t.Helper()
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		spec := filepath.Join(dir, "services", "catalog", "openapi.yaml")
		editFile(t, spec, "components:\n", getProduct) // needs catalog.read
		editFile(t, spec, "  securitySchemes:\n", userScheme)
		editFile(t, spec, "        - cognito: [catalog.write]\n", security)
		editFile(t, file, "calls: [catalog]", "calls: "+calls)
		return dir, file
	}
	callerScopes := func(t *testing.T, dir string) []string {
		t.Helper()
		client := resourcesOfType(yamlFile(t, filepath.Join(dir, "platform", "identity.yaml")), "AWS::Cognito::UserPoolClient")[platform.CallerLogicalID("orders")]
		got := strs(listAt(client, "AllowedOAuthScopes"))
		sort.Strings(got)
		return got
	}
	for _, c := range []struct {
		name, security string
		want           []string
	}{
		{"people first, machine alternative", "        - user: [catalog.admin]\n        - cognito: [catalog.write]\n",
			[]string{"print-shop-catalog/catalog.read", "print-shop-catalog/catalog.write"}},
		{"people only", "        - user: [catalog.admin]\n", []string{"print-shop-catalog/catalog.read"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, file := setup(t, c.security, "[catalog]")
			if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
				t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
			}
			if d := cmp.Diff(c.want, callerScopes(t, dir)); d != "" {
				t.Errorf("OrdersCallerClient's scopes (-want +got):\n%s", d)
			}
		})
	}
	refused := func(t *testing.T, file, at, want string) {
		t.Helper()
		for _, cmd := range []string{"generate", "lint"} {
			code, out, errOut := specgate(t, "platform", cmd, "--platform", file)
			if code != 1 || !strings.Contains(errOut, file+":"+at) || !strings.Contains(errOut, want) {
				t.Errorf("platform %s: exit %d, want 1 with %q at %s\n%s%s", cmd, code, want, at, out, errOut)
			}
		}
	}
	t.Run("calls names a people-only operation", func(t *testing.T) {
		_, file := setup(t, "        - user: [catalog.admin]\n", "[{service: catalog, operations: [createProduct]}]")
		refused(t, file, "", `service orders calls operation "createProduct" of service catalog, which its machine client (client credentials) cannot call`)
	})
	t.Run("declared machine client", func(t *testing.T) {
		_, file := setup(t, "        - user: [catalog.admin]\n", "[catalog]")
		editFile(t, file, "catalog: [catalog.read, catalog.write]", "catalog: [catalog.read, catalog.write, catalog.admin]")
		refused(t, file, "", `client backoffice is a machine client (client credentials), but service catalog's spec offers scope "catalog.admin" only to people`)
	})
	// The other direction (model.API.PeopleMayHold): catalog's spec offers
	// catalog.write only under clientCredentials, so a public client, whose
	// scopes every user signing in gets, is refused it; before, the
	// WebClient got it and every shop user could change the catalog.
	t.Run("public client holding a machine-only scope", func(t *testing.T) {
		_, file := setup(t, "        - cognito: [catalog.write]\n", "[catalog]")
		editFile(t, file, "catalog: [catalog.read]\n", "catalog: [catalog.read, catalog.write]\n")
		refused(t, file, "16:31", `client web is a public client (people sign in with it), but service catalog's spec offers scope "catalog.write" only to machines`)
	})
	t.Run("declared public client", func(t *testing.T) {
		dir, file := setup(t, "        - user: [catalog.admin]\n", "[catalog]")
		editFile(t, file, "catalog: [catalog.read]", "catalog: [catalog.read, catalog.admin]")
		if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
			t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
		}
		web := resourcesOfType(yamlFile(t, filepath.Join(dir, "platform", "identity.yaml")), "AWS::Cognito::UserPoolClient")[platform.ClientLogicalID("web")]
		if got := strs(listAt(web, "AllowedOAuthScopes")); !strings.Contains(strings.Join(got, " "), "print-shop-catalog/catalog.admin") {
			t.Errorf("WebClient's scopes %v lack catalog.admin, which people may hold", got)
		}
	})
}
