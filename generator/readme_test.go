package generator_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/cognito"
)

// TestReadmeDeploysCognito: the generated README's command deploying
// deploy/cognito.yaml passes every parameter the stack requires (those
// without a default: UserPoolDomain with an existing pool), and is the
// command cognito.yaml's header gives.
func TestReadmeDeploysCognito(t *testing.T) {
	spec := filepath.Join(sharedDir, "examples", "print-shop.yaml")
	for name, pool := range map[string]string{"new pool": "", "existing pool": "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"} {
		t.Run(name, func(t *testing.T) {
			res, err := generator.Generate(context.Background(), generator.Options{SpecPath: spec, UserPoolARN: pool})
			if err != nil {
				t.Fatal(err)
			}
			readme, ok := res.Files.Get("README.md")
			if !ok {
				t.Fatal("no README.md")
			}
			stack, ok := res.Files.Get(cognito.Path)
			if !ok {
				t.Fatalf("no %s", cognito.Path)
			}
			cmd := regexp.MustCompile("(?m)^aws cloudformation deploy --template-file deploy/cognito.yaml .*\\\\\n.*$").FindString(string(readme.Data))
			if cmd == "" {
				t.Fatalf("README.md has no command deploying %s:\n%s", cognito.Path, readme.Data)
			}
			var doc struct {
				Parameters map[string]map[string]any `yaml:"Parameters"`
			}
			if err := yaml.Unmarshal(stack.Data, &doc); err != nil {
				t.Fatal(err)
			}
			required := 0
			for p, def := range doc.Parameters {
				if _, ok := def["Default"]; ok {
					continue
				}
				required++
				if !strings.Contains(cmd, " "+p+"=") {
					t.Errorf("README's command lacks %s, which %s requires:\n%s", p, cognito.Path, cmd)
				}
			}
			if pool != "" && !strings.Contains(cmd, " UserPoolDomain=") {
				t.Errorf("with an existing pool the command must pass UserPoolDomain:\n%s", cmd)
			}
			t.Logf("%d required parameters; %s", required, cmd)
			header := ""
			for _, l := range strings.Split(string(stack.Data), "\n") {
				if strings.HasPrefix(l, "#   ") {
					header += strings.TrimPrefix(l, "#   ") + "\n"
				}
			}
			if !strings.Contains(header, cmd) {
				t.Errorf("README's command differs from %s's header:\nREADME:\n%s\nheader:\n%s", cognito.Path, cmd, header)
			}
		})
	}
}
