package generator_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specgate/specgate/generator/platform"
)

// getProduct is a catalog operation needing catalog.read (the spec's root
// security), beside createProduct (catalog.write) and the public
// listProducts.
const getProduct = `  /products/{sku}:
    get:
      operationId: getProduct
      summary: One product.
      parameters:
        - {name: sku, in: path, required: true, schema: {type: string, maxLength: 40}}
      responses:
        "200":
          description: The product.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Product"}
components:
`

// A caller's machine client gets the scopes of the operations it calls:
// every operation of a service named alone in calls, only the listed ones
// of {service, operations}. identity.yaml grants OrdersCallerClient
// exactly those scopes; an operationId the service does not have is an
// error at its place in platform.yaml.
func TestPlatformCallOperations(t *testing.T) {
	setup := func(t *testing.T, calls string) (string, string) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, filepath.Join(dir, "services", "catalog", "openapi.yaml"), "components:\n", getProduct)
		editFile(t, file, "calls: [catalog]", "calls: "+calls)
		return dir, file
	}
	for _, c := range []struct {
		calls string
		want  []string
	}{
		{"[catalog]", []string{"print-shop-catalog/catalog.read", "print-shop-catalog/catalog.write"}},
		{"[{service: catalog, operations: [getProduct]}]", []string{"print-shop-catalog/catalog.read"}},
		{"[{service: catalog, operations: [getProduct, listProducts]}]", []string{"print-shop-catalog/catalog.read"}},
		{"[{service: catalog, operations: [createProduct]}]", []string{"print-shop-catalog/catalog.write"}},
	} {
		t.Run(c.calls, func(t *testing.T) {
			dir, file := setup(t, c.calls)
			if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
				t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
			}
			client := resourcesOfType(yamlFile(t, filepath.Join(dir, "platform", "identity.yaml")), "AWS::Cognito::UserPoolClient")[platform.CallerLogicalID("orders")]
			got := strs(listAt(client, "AllowedOAuthScopes"))
			sort.Strings(got)
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("OrdersCallerClient's scopes (-want +got):\n%s", d)
			}
		})
	}
	t.Run("unknown operation", func(t *testing.T) {
		_, file := setup(t, "[{service: catalog, operations: [getProduct, deleteProduct]}]")
		code, out, errOut := specgate(t, "platform", "generate", "--platform", file)
		if code != 1 || !strings.Contains(errOut, "platform.yaml:") || !strings.Contains(errOut, `service orders calls operation "deleteProduct" of service catalog, whose spec has no such operationId`) {
			t.Errorf("exit %d, want 1 naming deleteProduct's place in platform.yaml\n%s%s", code, out, errOut)
		}
	})
}
