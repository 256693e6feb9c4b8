package generator

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestWorkflow(t *testing.T) {
	for version, pin := range map[string]string{"v1.4.0": "@v1.4.0", "dev": "@latest", "v1.4.0-rc.1": "@v1.4.0-rc.1", "(devel)": "@latest"} {
		f := Workflow(version)
		var w workflow
		if err := yaml.Unmarshal(f.Data, &w); err != nil {
			t.Fatalf("%s: %v\n%s", version, err, f.Data)
		}
		var runs []string
		for _, s := range w.Jobs["check"].Steps {
			runs = append(runs, s.Run)
		}
		got := strings.Join(runs, "|")
		if want := "||go install github.com/specgate/specgate/cmd/specgate" + pin + "|specgate check|" + DiffStepRun + "|go vet ./...|go test ./...|go install " + RIEPackage + "|make contract"; got != want {
			t.Errorf("%s: steps %q, want %q", version, got, want)
		}
		if (pin == "@latest") != strings.Contains(string(f.Data), "development build") {
			t.Errorf("%s: the development-build note is wrong:\n%s", version, f.Data)
		}
	}
}
