package generator_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The Python validators of the deploy files, installed on the machines (see
// ../shared/validators/README.md). When one is missing the test fails and
// names the command that installs it; it never skips.
const (
	cfnLintInstall     = "pip install cfn-lint==1.51.0"
	samTranslatorPkg   = "aws-sam-translator==1.110.0"
	samTranslatorCheck = "import samtranslator; print(samtranslator.__version__)"
)

// toolT is what the validator runs need of a test: TestDeploy passes its
// *testing.T, TestPythonValidatorsFail a recorder.
type toolT interface {
	Helper()
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// python3 is the interpreter the SAM translator is installed in.
func python3(t toolT) (string, bool) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Errorf("python3 is not on PATH: the SAM translator is a Python package; install Python 3.11, then `pip install %s`", samTranslatorPkg)
		return "", false
	}
	return py, true
}

// cfnLintLine is one line of `cfn-lint --format parseable`:
// path:line:col:endline:endcol:rule:message.
var cfnLintLine = regexp.MustCompile(`^(.+?):(\d+):(\d+):\d+:\d+:([EWI]\d+):(.*)$`)

// runCFNLint runs AWS's CloudFormation linter once over every template
// (one process: its start-up and schema loading dominate), as plain
// `cfn-lint deploy/template.yaml` does (warnings on), and fails on any
// E- or W-level finding: a user's CI running cfn-lint gets exit 0.
// Informational findings are logged.
func runCFNLint(t toolT, root string, files []string) {
	t.Helper()
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Errorf("cfn-lint is not on PATH: `%s` (AWS's CloudFormation linter, the one `sam validate --lint` runs)", cfnLintInstall)
		return
	}
	if v, err := exec.Command(bin, "--version").Output(); err == nil {
		t.Logf("%s", strings.TrimSpace(string(v)))
	}
	rel := relFiles(root, files)
	start := time.Now()
	cmd := exec.Command(bin, append([]string{"--format", "parseable", "--"}, rel...)...)
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	t.Logf("cfn-lint over %d templates: %s", len(files), time.Since(start).Round(time.Millisecond))
	// Exit codes are a bit mask: 2 error, 4 warning, 8 informational; any
	// other failure (a crash, a usage error) has no finding to show.
	code := 0
	if ee, ok := runErr.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if runErr != nil {
		t.Errorf("cfn-lint: %v", runErr)
		return
	}
	var errs []string
	other := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if line == "" {
			continue
		}
		m := cfnLintLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("cfn-lint: unexpected output line: %s", line)
			continue
		}
		if strings.HasPrefix(m[4], "E") || strings.HasPrefix(m[4], "W") {
			errs = append(errs, line)
		} else {
			other[m[4]]++
		}
	}
	if len(errs) > 0 {
		t.Errorf("cfn-lint: %d E- or W-level findings:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if code&^8 != 0 && len(errs) == 0 {
		t.Errorf("cfn-lint exited %d without an E-level finding:\nstdout:\n%s\nstderr:\n%s", code, lastBytes(stdout.Bytes(), 3000), lastBytes(stderr.Bytes(), 3000))
	}
	if len(other) > 0 {
		t.Logf("cfn-lint: informational findings by rule (not failures): %v", other)
	}
}

// runSAMTransform runs AWS's SAM translator (what `sam validate` and every
// deploy run first) over every SAM template, in one process.
func runSAMTransform(t toolT, root string, files []string) {
	t.Helper()
	py, ok := python3(t)
	if !ok {
		return
	}
	if v, err := exec.Command(py, "-c", samTranslatorCheck).CombinedOutput(); err != nil {
		t.Errorf("the SAM translator is not installed for %s: `%s -m pip install %s` (%v: %s)", py, py, samTranslatorPkg, err, lastBytes(v, 500))
		return
	} else {
		t.Logf("aws-sam-translator %s", strings.TrimSpace(string(v)))
	}
	script, err := filepath.Abs(filepath.Join(sharedDir, "validators", "sam-transform.py"))
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	if _, err := os.Stat(script); err != nil {
		t.Errorf("../shared/validators/sam-transform.py is missing beside the repository (CI puts it there): %v", err)
		return
	}
	rel := relFiles(root, files)
	start := time.Now()
	cmd := exec.Command(py, append([]string{script}, rel...)...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	t.Logf("SAM translator over %d templates: %s", len(files), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Errorf("SAM translator (%v):\n%s", err, lastBytes(out, 6000))
		return
	}
	for _, f := range rel {
		if !strings.Contains(string(out), fmt.Sprintf("%s: transformed, ", f)) {
			t.Errorf("SAM translator did not report %s as transformed:\n%s", f, lastBytes(out, 3000))
		}
	}
}

func relFiles(root string, files []string) []string {
	rel := make([]string, len(files))
	for i, f := range files {
		r, err := filepath.Rel(root, f)
		if err != nil {
			r = f
		}
		rel[i] = r
	}
	return rel
}

// recorder is a toolT that keeps what a validator run reported.
type recorder struct{ errs, logs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// TestPythonValidatorsFail proves the cfn-lint and SAM translator runs of
// TestDeploy can fail: on a template with a misspelt property, one with a
// warning (W6001), and a SAM
// event of the wrong type, and, with an empty PATH, by naming the install
// command.
func TestPythonValidatorsFail(t *testing.T) {
	root := t.TempDir()
	bad := filepath.Join(root, "cognito.yaml")
	badSAM := filepath.Join(root, "template.yaml")
	warn := filepath.Join(root, "warn.yaml")
	for path, text := range map[string]string{warn: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  TokenUrl:
    Value: !ImportValue other-TokenUrl
`, bad: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketNam: x
`, badSAM: `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      Handler: bootstrap
      CodeUri: .
      Events:
        Get:
          Type: Api
          Properties: {Path: /x, Method: get, RestApiId: 3}
`} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var lint, sam recorder
	runCFNLint(&lint, root, []string{bad})
	if len(lint.errs) != 1 || !strings.Contains(lint.errs[0], "E3002") || !strings.Contains(lint.errs[0], "BucketNam") {
		t.Errorf("cfn-lint over a misspelt property reported %q, want one E3002 naming BucketNam", lint.errs)
	}
	var warned recorder
	runCFNLint(&warned, root, []string{warn})
	if len(warned.errs) != 1 || !strings.Contains(warned.errs[0], "W6001") {
		t.Errorf("cfn-lint over an output that re-exports an import reported %q, want one W6001 (plain cfn-lint exits 4)", warned.errs)
	}
	runSAMTransform(&sam, root, []string{badSAM})
	if len(sam.errs) != 1 || !strings.Contains(sam.errs[0], "RestApiId") {
		t.Errorf("SAM translator over an invalid event reported %q, want its message about RestApiId", sam.errs)
	}

	t.Setenv("PATH", t.TempDir())
	var noLint, noPy recorder
	runCFNLint(&noLint, root, []string{bad})
	if len(noLint.errs) != 1 || !strings.Contains(noLint.errs[0], cfnLintInstall) {
		t.Errorf("without cfn-lint: %q, want the install command %q", noLint.errs, cfnLintInstall)
	}
	runSAMTransform(&noPy, root, []string{badSAM})
	if len(noPy.errs) != 1 || !strings.Contains(noPy.errs[0], "pip install "+samTranslatorPkg) {
		t.Errorf("without python3: %q, want the install command", noPy.errs)
	}
}
