package generator

import (
	"bytes"
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/writer"
)

// WorkflowPath is where init puts the project's CI workflow.
const WorkflowPath = ".github/workflows/specgate.yml"

var releaseRE = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

type workflow struct {
	Name        string            `yaml:"name"`
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]job    `yaml:"jobs"`
}

type job struct {
	RunsOn string `yaml:"runs-on"`
	Steps  []step `yaml:"steps"`
}

type step struct {
	Name string            `yaml:"name,omitempty"`
	If   string            `yaml:"if,omitempty"`
	Uses string            `yaml:"uses,omitempty"`
	With map[string]string `yaml:"with,omitempty"`
	Env  map[string]string `yaml:"env,omitempty"`
	Run  string            `yaml:"run,omitempty"`
}

// DiffStepRun is the workflow's breaking-change gate on pull requests: the
// spec at the base branch against the pull request's, as markdown in the
// job summary. The base branch arrives in $BASE_REF (never spliced into
// the script: a branch name is the pull request author's text).
const DiffStepRun = `specgate diff --base "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"`

// RIEPackage is the AWS Lambda Runtime Interface Emulator that `make
// contract` (specgate test --target lambda) runs the bootstrap under, at
// the version specgate is tested with.
const RIEPackage = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// Workflow is the project's GitHub Actions workflow (a scaffold file: the
// team's): install the specgate release that wrote it, then specgate check,
// on pull requests specgate diff against the base branch (its markdown in
// the job summary), go vet, go test, and the contract tests (make contract). A development build of specgate pins @latest and
// says so.
func Workflow(version string) writer.File {
	pin, note := version, ""
	if !releaseRE.MatchString(version) {
		pin = "latest"
		note = "# Written by a development build of specgate: pin @latest to the release you use.\n"
	}
	w := workflow{
		Name:        "specgate",
		On:          map[string]any{"push": nil, "pull_request": nil},
		Permissions: map[string]string{"contents": "read"},
		Jobs: map[string]job{"check": {RunsOn: "ubuntu-latest", Steps: []step{
			// The whole history: the gate reads the spec at the base branch.
			{Uses: "actions/checkout@v4", With: map[string]string{"fetch-depth": "0"}},
			{Uses: "actions/setup-go@v5", With: map[string]string{"go-version-file": "go.mod"}},
			{Name: "Install specgate", Run: "go install github.com/specgate/specgate/cmd/specgate@" + pin},
			{Name: "Generated files match the spec", Run: "specgate check"},
			{Name: "No breaking change for callers (specgate diff)", If: "github.event_name == 'pull_request'",
				Env: map[string]string{"BASE_REF": "${{ github.base_ref }}"}, Run: DiffStepRun},
			{Name: "Vet", Run: "go vet ./..."},
			{Name: "Test", Run: "go test ./..."},
			{Name: "Install aws-lambda-rie", Run: "go install " + RIEPackage},
			{Name: "Contract tests on the local server and the Lambda (specgate test)", Run: "make contract"},
		}}},
	}
	var b bytes.Buffer
	b.WriteString("# CI for this service. specgate init wrote it once; it is yours to change.\n")
	b.WriteString("# `specgate check` fails the build when the generated files no longer match\n")
	b.WriteString("# the spec (run `specgate generate` and commit). On pull requests,\n")
	b.WriteString("# `specgate diff` fails on a change that breaks callers; acknowledge one on\n")
	b.WriteString("# purpose in .specgate-accept.yaml. `make contract` runs the contract\n")
	b.WriteString("# tests derived from the spec on the local server and the Lambda. If this project is not at\n")
	b.WriteString("# the repository root, move this file to the root's .github/workflows and\n")
	b.WriteString("# set defaults.run.working-directory to the project's directory.\n")
	b.WriteString(note)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(w); err != nil {
		panic(err) // static data: cannot fail
	}
	enc.Close()
	return writer.File{Path: WorkflowPath, Data: b.Bytes(), Kind: writer.Scaffold}
}
