package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
)

// TestWorkflowDiffStep runs the generated workflow's diff step, as GitHub
// would on a pull request, in a clone of a two-commit history: the base
// branch, and the pull request's branch on top of it. A breaking commit
// fails the step with the markdown report in the job summary; a compatible
// one passes.
func TestWorkflowDiffStep(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed: the gate reads the base branch with it")
	}
	if _, err := exec.LookPath("specgate"); err != nil {
		t.Fatalf("TestMain puts this binary on PATH as specgate: %v", err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				If   string            `yaml:"if"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
				Env  map[string]string `yaml:"env"`
				Run  string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(generator.Workflow("v1.0.0").Data, &wf); err != nil {
		t.Fatal(err)
	}
	var run string
	var env map[string]string
	fullHistory := false
	for _, s := range wf.Jobs["check"].Steps {
		if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["fetch-depth"] == "0" {
			fullHistory = true
		}
		if strings.Contains(s.Run, "specgate diff") {
			if s.If != "github.event_name == 'pull_request'" {
				t.Errorf("the diff step runs %q, want on pull requests", s.If)
			}
			run, env = s.Run, s.Env
		}
	}
	if !fullHistory {
		t.Error("the checkout does not fetch the whole history: the base branch would be missing")
	}
	if run == "" {
		t.Fatal("the workflow has no specgate diff step")
	}

	for _, tc := range []struct {
		name    string
		pr      string // the pull request's spec
		wantErr bool
		want    string // in the job summary
	}{
		{"breaking", strings.Replace(workflowSpec, "[orders/write]", "[orders/write, reports/read]", 1), true, "| `specgate-scopes-changed` |"},
		{"compatible", strings.Replace(workflowSpec, "paths:", "paths:\n  /health:\n    get:\n      security: []\n      responses: {\"200\": {description: ok}}", 1), false, "the gate passes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			origin, clone := filepath.Join(dir, "origin"), filepath.Join(dir, "clone")
			gitEnv := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
				"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
			sh := func(dir, script string, extra ...string) (string, error) {
				c := exec.Command("sh", "-c", script)
				c.Dir, c.Env = dir, append(gitEnv, extra...)
				out, err := c.CombinedOutput()
				return string(out), err
			}
			must := func(dir, script string) {
				if out, err := sh(dir, script); err != nil {
					t.Fatalf("%s: %v\n%s", script, err, out)
				}
			}
			if err := os.MkdirAll(origin, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(origin, "specgate.yaml"), "version: 1\nspec: openapi.yaml\nservice: shop\n")
			write(t, filepath.Join(origin, "openapi.yaml"), workflowSpec)
			must(origin, "git init -q -b main && git add . && git commit -q -m base")
			must(dir, "git clone -q origin clone && cd clone && git checkout -q -b feature")
			write(t, filepath.Join(clone, "openapi.yaml"), tc.pr)
			must(clone, "git commit -q -am 'the pull request'")

			summary := filepath.Join(dir, "summary.md")
			vars := []string{"GITHUB_STEP_SUMMARY=" + summary}
			for k, v := range env {
				vars = append(vars, k+"="+strings.ReplaceAll(v, "${{ github.base_ref }}", "main"))
			}
			out, err := sh(clone, run, vars...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s: error %v, want error %v\n%s", run, err, tc.wantErr, out)
			}
			got, rerr := os.ReadFile(summary)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if !strings.Contains(string(got), tc.want) || !strings.Contains(string(got), "origin/main:openapi.yaml") {
				t.Errorf("job summary lacks %q:\n%s", tc.want, got)
			}
		})
	}
}

func write(t *testing.T, file, data string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const workflowSpec = `openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      operationId: placeOrder
      security: [{oauth: [orders/write]}]
      responses: {"201": {description: placed}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: {orders/write: write, reports/read: reports}
`
