package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// oapiCodegenVersion is the oapi-codegen release the benchmark compares
// against; specgate uses the same release as a library for its models.
const oapiCodegenVersion = "v2.8.2"

const oapiCodegenPkg = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"

// invokeReq is the API Gateway REST (payload 1.0) request each Lambda
// contender answers in the invocation benchmarks: one operation with query
// parameters the validators check, answered 200 by every contender.
type invokeReq struct {
	opID     string // operationId
	method   string
	path     string
	query    map[string]string
	headers  map[string]string
	resource string
}

// knownRequests are the benchmark requests for the specs it knows.
var knownRequests = map[string]invokeReq{
	"print-shop.yaml": {
		opID: "listProducts", method: "GET", path: "/products", resource: "/products",
		query:   map[string]string{"category": "flyers", "limit": "10"},
		headers: map[string]string{"Accept": "application/json"},
	},
	"kinopenapi-sendgrid-v3.json": {
		opID: "GET_templates", method: "GET", path: "/templates", resource: "/templates",
		query:   map[string]string{"generations": "dynamic", "page_size": "10"},
		headers: map[string]string{"Accept": "application/json", "Authorization": "Bearer bench"},
	},
}

// genOnlySpecs are large real specs measured for generation only: oapi-codegen
// is tried on each, and when it fails its error is the result.
var genOnlySpecs = []string{"box-openapi.json", "okta-management-2024.06.1.yaml", "spree-admin.yaml"}

// specCase is one spec the benchmark runs.
type specCase struct {
	key    string // short name for the tables
	path   string
	ops    int
	req    *invokeReq // nil: generation only
	paired bool       // both generators are expected to handle it
	orig   string     // the published file, when path is a patched copy
	fixed  []string   // what typeUntypedResponses changed
	// renamed are the paths whose parameters it renamed ("old -> new").
	renamed []string
}

func (b *bench) goEnv(kv ...string) []string {
	return env(append([]string{"GOTOOLCHAIN=local", "CGO_ENABLED=0"}, kv...)...)
}

// setup builds the two generators and records the versions and the machine.
func (b *bench) setup() error {
	if err := os.MkdirAll(b.bin, 0o755); err != nil {
		return err
	}
	b.specgate = filepath.Join(b.bin, "specgate")
	b.oapi = filepath.Join(b.bin, "oapi-codegen")
	src := b.cfg.root
	if b.cfg.fromHead {
		src = filepath.Join(b.cfg.work, "specgate-head")
		if err := os.MkdirAll(src, 0o755); err != nil {
			return err
		}
		b.logf("exporting the last commit (git archive HEAD) to %s", src)
		if _, err := run(b.cfg.root, nil, "sh", "-c", `git archive HEAD | tar -x -C "$0"`, src); err != nil {
			return err
		}
	}
	b.logf("building specgate (go build -trimpath ./cmd/specgate)")
	if _, err := run(src, b.goEnv(), "go", "build", "-trimpath", "-o", b.specgate, "./cmd/specgate"); err != nil {
		return err
	}
	b.logf("building oapi-codegen %s (go install -trimpath)", oapiCodegenVersion)
	if _, err := run(b.cfg.work, b.goEnv("GOBIN="+b.bin, "GOFLAGS=-buildvcs=false"), "go", "install", "-trimpath", oapiCodegenPkg+"@"+oapiCodegenVersion); err != nil {
		return fmt.Errorf("%w\n(the Go module proxy must be reachable once to fetch oapi-codegen %s)", err, oapiCodegenVersion)
	}
	return b.collectVersions()
}

func (b *bench) collectVersions() error {
	gv, err := run(b.cfg.root, b.goEnv(), "go", "version")
	if err != nil {
		return err
	}
	commit, _ := run(b.cfg.root, nil, "git", "rev-parse", "--short", "HEAD")
	commit = strings.TrimSpace(commit)
	if b.cfg.fromHead {
		commit += " (built from the commit alone)"
	} else if st, _ := run(b.cfg.root, nil, "git", "status", "--porcelain", "--untracked-files=no"); strings.TrimSpace(st) != "" {
		commit += " (with uncommitted changes)"
	}
	if commit == "" {
		commit = "unknown (not a git checkout)"
	}
	ov, _ := run(b.cfg.work, nil, b.oapi, "-version")
	mods, err := run(b.peersDir(), b.goEnv(), "go", "list", "-m", "-f", "{{.Path}} {{.Version}}",
		"github.com/aws/aws-lambda-go", "github.com/awslabs/aws-lambda-go-api-proxy", "github.com/go-chi/chi/v5",
		"github.com/oapi-codegen/runtime", "github.com/oapi-codegen/nethttp-middleware", "github.com/getkin/kin-openapi")
	if err != nil {
		return err
	}
	rie := "not used"
	if !b.cfg.skip["lambda"] {
		rie = "unknown"
		if out, err := run(b.cfg.work, nil, "go", "version", "-m", b.cfg.rie); err == nil {
			for _, l := range strings.Split(out, "\n") {
				if f := strings.Fields(l); len(f) >= 3 && f[0] == "mod" {
					rie = f[1] + " " + f[2]
				}
			}
		}
	}
	b.versions = []string{
		"Go: " + strings.TrimSpace(gv),
		"specgate: commit " + commit,
		"oapi-codegen: " + strings.Join(strings.Fields(ov), " ") + " (go install -trimpath, CGO off)",
		"peer stack modules (bench/peers/go.mod): " + strings.ReplaceAll(strings.TrimSpace(mods), "\n", ", "),
		"Lambda emulator: " + rie,
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (b *bench) peersDir() string { return filepath.Join(b.cfg.root, "bench", "peers") }

// specCases lists the specs of this run with their operation counts.
func (b *bench) specCases() ([]specCase, error) {
	ps := knownRequests["print-shop.yaml"]
	cases := []specCase{{key: "print-shop", path: filepath.Join(b.cfg.root, "testdata", "print-shop.yaml"), req: &ps, paired: true}}
	if !b.cfg.smoke {
		req, ok := knownRequests[b.cfg.large]
		if !ok {
			return nil, fmt.Errorf("-large %s: no benchmark request is known for it (add one to knownRequests in bench/peers/cmd/peerbench/setup.go)", b.cfg.large)
		}
		large := specCase{key: specKey(b.cfg.large), path: filepath.Join(b.cfg.specs, b.cfg.large), req: &req, paired: true}
		patched, fixed, renamed, err := typeUntypedResponses(large.path, filepath.Join(b.cfg.work, "specs"))
		if err != nil {
			return nil, err
		}
		if patched != large.path {
			large.orig, large.path, large.fixed, large.renamed = large.path, patched, fixed, renamed
		}
		cases = append(cases, large)
		for _, s := range genOnlySpecs {
			cases = append(cases, specCase{key: specKey(s), path: filepath.Join(b.cfg.specs, s)})
		}
	}
	for i := range cases {
		n, err := countOps(cases[i].path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (is ../shared/specs beside the repository? pass -specs)", cases[i].path, err)
		}
		cases[i].ops = n
	}
	return cases, nil
}

// specNames are the table names of the specs the benchmark knows.
var specNames = map[string]string{
	"kinopenapi-sendgrid-v3.json":    "SendGrid v3",
	"box-openapi.json":               "Box",
	"okta-management-2024.06.1.yaml": "Okta management",
	"spree-admin.yaml":               "Spree admin",
}

func specKey(file string) string {
	if n, ok := specNames[file]; ok {
		return n
	}
	return file
}

// countOps counts the operations of an OpenAPI 3 file.
func countOps(path string) (int, error) {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = true
	doc, err := l.LoadFromFile(path)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, item := range doc.Paths.Map() {
		n += len(item.Operations())
	}
	return n, nil
}

// machine describes where the run happened.
func machine() []string {
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.IndexByte(l, ':')+1:])
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		mem = firstLine(string(data))
		mem = strings.Join(strings.Fields(mem)[1:], " ")
	}
	kernel, _ := exec.Command("uname", "-sr").Output()
	return []string{
		fmt.Sprintf("nproc: %d (GOARCH %s)", runtime.NumCPU(), runtime.GOARCH),
		"CPU: " + cpu,
		"memory: " + mem,
		"kernel: " + string(bytes.TrimSpace(kernel)),
	}
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
