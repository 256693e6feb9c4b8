package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An openIdConnect scheme whose openIdConnectUrl names another issuer than
// the platform's one user pool is an error at the URL's position, in lint
// and generate alike, saying which URL to write; the platform's own pool
// passes; with identity.userPool: new a pool's URL cannot be checked and is
// a warning.
func TestPlatformOpenIDConnectPool(t *testing.T) {
	const (
		arn   = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Platform1"
		own   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Platform1/.well-known/openid-configuration"
		other = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other22/.well-known/openid-configuration"
		idp   = "https://login.example.com/.well-known/openid-configuration"
	)
	setup := func(t *testing.T, pool, url string) string {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		data, _ := os.ReadFile(file)
		os.WriteFile(file, []byte(strings.Replace(string(data), "userPool: new", "userPool: "+pool, 1)), 0o644)
		spec := filepath.Join(dir, "services", "catalog", "openapi.yaml")
		data, _ = os.ReadFile(spec)
		src := strings.Replace(string(data), "  securitySchemes:\n", "  securitySchemes:\n    oidc:\n      type: openIdConnect\n      openIdConnectUrl: "+url+"\n", 1)
		if src == string(data) {
			t.Fatal("the edit changed nothing")
		}
		os.WriteFile(spec, []byte(src), 0o644)
		return file
	}
	at := "openapi.yaml:51:7: service catalog: "
	for _, c := range []struct {
		name, pool, url string
		want            string // "" when it passes
	}{
		{"another pool", arn, other, at + `security scheme "oidc"'s openIdConnectUrl names user pool eu-west-1_Other22, not the platform's eu-west-1_Platform1 (identity.userPool), so every service would refuse the tokens a client gets there: set it to ` + own},
		{"no user pool", arn, idp, at + `security scheme "oidc"'s openIdConnectUrl "` + idp + `" names no Cognito user pool, and every service of the platform accepts only tokens of the platform's pool: set it to ` + own},
		{"no user pool, new pool", "new", idp, `set it to the Issuer output of stack print-shop-identity followed by /.well-known/openid-configuration`},
		{"the platform's pool", arn, own, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := setup(t, c.pool, c.url)
			code, out, errOut := specgate(t, "platform", "lint", "--platform", file)
			if c.want == "" {
				if code != 0 || strings.Contains(out+errOut, "openIdConnectUrl") {
					t.Errorf("platform lint: exit %d, want 0 and nothing about the URL\n%s%s", code, out, errOut)
				}
				return
			}
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("platform lint: exit %d, want 1 with %q\n%s%s", code, c.want, out, errOut)
			}
			if code, _, errOut := specgate(t, "platform", "generate", "--platform", file); code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("platform generate: exit %d, want 1 with the same error\n%s", code, errOut)
			}
		})
	}
	t.Run("a pool, new pool", func(t *testing.T) {
		file := setup(t, "new", other)
		code, out, errOut := specgate(t, "platform", "lint", "--platform", file)
		want := "warning: " + filepath.Join(filepath.Dir(file), "services", "catalog", at) +
			`security scheme "oidc"'s openIdConnectUrl names user pool eu-west-1_Other22, which cannot be checked`
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("platform lint: exit %d, want 0 with %q\n%s%s", code, want, out, errOut)
		}
	})
}
