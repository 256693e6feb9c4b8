package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/platform"
)

// methodKeyPos is the file:line:col of the method key of the operation
// with operationId id in the spec at path: where generate reports it.
func methodKeyPos(t *testing.T, path, id string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "operationId: "+id && i > 0 {
			key := lines[i-1]
			return fmt.Sprintf("%s:%d:%d", path, i, len(key)-len(strings.TrimLeft(key, " "))+1)
		}
	}
	t.Fatalf("%s: no operation %s", path, id)
	return ""
}

// editFile replaces old by new in the file at path, once; old must be there.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The orders service of the example sends trackShipment and quotePrice,
// which require a token, to private legacy backends. Where no authorizer
// would run on those routes (gateway: existing with the default
// gatewayAccess token, whose APIs are public on execute-api and the
// domain; or gateway: aws with the service's authorizer none), platform
// generate and platform lint refuse the platform at both operations and
// write nothing. With gatewayAccess iam (and private, see
// TestPlatformGatewayAccess) only the firm's gateway, which validates
// tokens and the scopes routes.json lists, reaches the API: accepted,
// and the legacy routes admit only its signed requests.
//
// An HTTP API has no resource policy: with gatewayAccess iam any IAM
// principal of the account allowed execute-api:Invoke reaches it, so its
// legacy routes are refused as with no authorizer. Several scopes in one
// requirement are refused where API Gateway's authorizer would check them
// (as any one), and accepted behind an existing gateway that only reaches
// the API (which checks all of them): generate, platform generate and
// platform lint judge with the same inputs.
func TestPlatformLegacyNeedsVerifyingGateway(t *testing.T) {
	refused := func(t *testing.T, dir, file string, ids []string, want string) {
		t.Helper()
		spec := filepath.Join(dir, "services", "orders", "openapi.yaml")
		for _, cmd := range []string{"generate", "lint"} {
			code, out, errOut := specgate(t, "platform", cmd, "--platform", file)
			if code != 1 {
				t.Errorf("platform %s: exit %d, want 1\n%s%s", cmd, code, out, errOut)
			}
			for _, id := range ids {
				at := methodKeyPos(t, spec, id)
				if said := out + errOut; !strings.Contains(said, at+": ") || !strings.Contains(said, want) {
					t.Errorf("platform %s does not refuse %s at %s:\n%s%s", cmd, id, at, out, errOut)
				}
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "platform")); !os.IsNotExist(err) {
			t.Errorf("platform/ written (%v) though the platform was refused", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "services", "orders", "deploy")); !os.IsNotExist(err) {
			t.Errorf("orders' deploy/ written (%v) though the platform was refused", err)
		}
	}
	t.Run("existing gateway, token access", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, file, "gateway: aws", "gateway: existing")
		refused(t, dir, file, []string{"trackShipment", "quotePrice"}, "no authorizer runs on this API")
	})
	t.Run("aws gateway, service without authorizer", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, filepath.Join(dir, "services", "orders", "specgate.yaml"), "api: rest\n", "api: rest\nauth:\n  authorizer: none\n")
		refused(t, dir, file, []string{"trackShipment", "quotePrice"}, "no authorizer runs on this API")
	})
	t.Run("existing gateway, iam access, HTTP API", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, file, "gateway: aws", "gateway: existing\ngatewayAccess: iam")
		editFile(t, filepath.Join(dir, "services", "orders", "specgate.yaml"), "api: rest\n", "api: http\n")
		refused(t, dir, file, []string{"trackShipment", "quotePrice"}, "an HTTP API has no resource policy")
	})
	// A REST API's Cognito authorizer without scopes passes an ID token of
	// any app client of the pool, and no function behind a legacy route
	// checks the client: refused, though every scope check passes.
	t.Run("aws gateway, REST legacy route without a scope", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		editFile(t, filepath.Join(dir, "services", "orders", "openapi.yaml"), "- cognito: [shipping.read]", "- cognito: []")
		refused(t, dir, filepath.Join(dir, "platform.yaml"), []string{"trackShipment"}, "a REST API's Cognito authorizer checks no audience")
	})
	several := func(t *testing.T, dir string) {
		t.Helper()
		editFile(t, filepath.Join(dir, "services", "orders", "openapi.yaml"), "- cognito: [shipping.read]", "- cognito: [shipping.read, orders.read]")
	}
	t.Run("aws gateway, several scopes", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		several(t, dir)
		refused(t, dir, filepath.Join(dir, "platform.yaml"), []string{"trackShipment"}, "passes a token carrying any one of them")
	})
	for _, access := range []string{"private", "iam"} {
		t.Run("existing gateway, "+access+" access, several scopes", func(t *testing.T) {
			dir := copyExamplePlatform(t)
			file := filepath.Join(dir, "platform.yaml")
			editFile(t, file, "gateway: aws", "gateway: existing\ngatewayAccess: "+access)
			for _, svc := range []string{"catalog", "offers"} { // private APIs are REST APIs
				if access == "private" {
					editFile(t, filepath.Join(dir, "services", svc, "specgate.yaml"), "api: http\nauth:\n  authorizer: jwt\n", "api: rest\n")
				}
			}
			several(t, dir)
			for _, cmd := range []string{"lint", "generate"} {
				if code, out, errOut := specgate(t, "platform", cmd, "--platform", file); code != 0 {
					t.Fatalf("platform %s: exit %d\n%s%s", cmd, code, out, errOut)
				}
			}
			var table platform.RouteTable
			if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "platform", "routes.json"))), &table); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range table.Routes {
				if r.OperationID == "trackShipment" {
					found = true
					if len(r.Scopes) != 1 || len(r.Scopes[0]) != 2 {
						t.Errorf("routes.json: trackShipment scopes %v, want one alternative with both scopes the gateway must check", r.Scopes)
					}
				}
			}
			if !found {
				t.Error("routes.json: no trackShipment route")
			}
		})
	}
	t.Run("existing gateway, iam access", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, file, "gateway: aws", "gateway: existing\ngatewayAccess: iam")
		if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
			t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
		}
		tmpl := yamlFile(t, filepath.Join(dir, "services", "orders", "deploy", "template.yaml"))
		def := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody")
		for _, r := range [][2]string{{"/shipments/{trackingNumber}", "get"}, {"/quotes", "post"}} {
			if sec := fmt.Sprint(listAt(def, "paths", r[0], r[1], "security")); sec != "[map["+apigw.SigV4Scheme+":[]]]" {
				t.Errorf("%s %s: security %s, want only the gateway's signature (%s)", r[1], r[0], sec, apigw.SigV4Scheme)
			}
		}
	})
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
