package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// lambdaBin is one Lambda bootstrap and what was measured of it on one spec.
type lambdaBin struct {
	name  string
	path  string
	size  int64
	init  []sample // wall: exec -> first GET .../invocation/next; rssKB: VmHWM then
	trace initTrace

	firstDirect, warmDirect []time.Duration // against the stand-in Runtime API
	firstRIE, warmRIE       []time.Duration // through aws-lambda-rie
}

// lambdaRow is one spec's Lambda results: specgate, bare, peer stack.
type lambdaRow struct {
	sc   specCase
	bins []*lambdaBin
}

// lambda measures the generated bootstrap against a bare aws-lambda-go
// handler and the peer stack on each paired spec.
func (b *bench) lambda(ctx context.Context, r *report, specs []specCase) error {
	base := filepath.Join(b.cfg.work, "lambda")
	bare := filepath.Join(b.bin, "bare-bootstrap")
	b.logf("lambda: building the bare aws-lambda-go handler")
	if err := b.buildBootstrap(b.peersDir(), "./bare", bare); err != nil {
		return err
	}
	api, err := newRuntimeAPI()
	if err != nil {
		return err
	}
	defer api.close()
	var rows []lambdaRow
	for _, sc := range specs {
		if sc.req == nil {
			continue
		}
		key := strings.ReplaceAll(sc.key, " ", "-")
		sgDir, peerDir := filepath.Join(base, "specgate-"+key), filepath.Join(base, "peer-"+key)
		b.logf("lambda: %s: writing and building the specgate and peer stack bootstraps", sc.key)
		if err := b.specgateProject(sc, sgDir, true); err != nil {
			return err
		}
		if err := b.peerProject(sc, peerDir); err != nil {
			return err
		}
		row := lambdaRow{sc: sc, bins: []*lambdaBin{
			{name: "specgate", path: filepath.Join(b.bin, "specgate-bootstrap-"+key)},
			{name: "bare aws-lambda-go", path: bare},
			{name: "peer stack", path: filepath.Join(b.bin, "peer-bootstrap-"+key)},
		}}
		if err := b.buildBootstrap(sgDir, "./cmd/lambda", row.bins[0].path); err != nil {
			return err
		}
		if err := b.buildBootstrap(peerDir, "./cmd/lambda", row.bins[2].path); err != nil {
			return err
		}
		event, err := apiGatewayEvent(sc.req)
		if err != nil {
			return err
		}
		for _, bin := range row.bins {
			st, err := os.Stat(bin.path)
			if err != nil {
				return err
			}
			bin.size = st.Size()
			// One start not counted: the binary into the page cache.
			if _, err := coldStart(api, bin.path, nil); err != nil {
				return fmt.Errorf("%s (%s): %w", bin.name, sc.key, err)
			}
			if bin.trace, err = traceInit(api, bin.path); err != nil {
				return fmt.Errorf("%s (%s): %w", bin.name, sc.key, err)
			}
		}
		b.logf("lambda: %s: %d cold starts per bootstrap", sc.key, b.cfg.initReps)
		for i := 0; i < b.cfg.initReps; i++ {
			for _, bin := range rotate(row.bins, i) {
				if err := ctx.Err(); err != nil {
					return err
				}
				s, err := coldStart(api, bin.path, nil)
				if err != nil {
					return fmt.Errorf("%s (%s): %w", bin.name, sc.key, err)
				}
				bin.init = append(bin.init, s)
			}
		}
		b.logf("lambda: %s: %d sessions of %d invocations per bootstrap, stand-in Runtime API then emulator", sc.key, b.cfg.sessions, b.cfg.warm+1)
		for i := 0; i < b.cfg.sessions; i++ {
			for _, bin := range rotate(row.bins, i) {
				first, warm, err := directSession(ctx, api, bin.path, event, b.cfg.warm)
				if err != nil {
					return fmt.Errorf("%s (%s), stand-in Runtime API: %w", bin.name, sc.key, err)
				}
				bin.firstDirect = append(bin.firstDirect, first)
				bin.warmDirect = append(bin.warmDirect, warm...)
			}
		}
		for i := 0; i < b.cfg.sessions; i++ {
			for _, bin := range rotate(row.bins, i) {
				first, warm, err := b.rieSession(ctx, bin.path, event, b.cfg.warm)
				if err != nil {
					return fmt.Errorf("%s (%s), emulator: %w", bin.name, sc.key, err)
				}
				bin.firstRIE = append(bin.firstRIE, first)
				bin.warmRIE = append(bin.warmRIE, warm...)
			}
		}
		rows = append(rows, row)
	}
	r.lambda(rows)
	return nil
}

// apiGatewayEvent is req as API Gateway REST (payload 1.0) sends it.
func apiGatewayEvent(req *invokeReq) ([]byte, error) {
	mvh := map[string][]string{}
	for k, v := range req.headers {
		mvh[k] = []string{v}
	}
	mvq := map[string][]string{}
	for k, v := range req.query {
		mvq[k] = []string{v}
	}
	e := events.APIGatewayProxyRequest{
		Resource: req.resource, Path: req.path, HTTPMethod: req.method,
		Headers: req.headers, MultiValueHeaders: mvh,
		QueryStringParameters: req.query, MultiValueQueryStringParameters: mvq,
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID: "000000000000", ResourceID: "abc123", Stage: "prod", RequestID: "bench",
			ResourcePath: req.resource, HTTPMethod: req.method, Path: "/prod" + req.path, APIID: "bench", Protocol: "HTTP/1.1",
			Identity: events.APIGatewayRequestIdentity{SourceIP: "127.0.0.1", UserAgent: "peerbench"},
		},
	}
	return json.Marshal(e)
}

// checkAnswer requires the function's answer to be a 200 API Gateway response.
func checkAnswer(body []byte) error {
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return fmt.Errorf("the answer is not an API Gateway response: %v: %s", err, tail(string(body), 500))
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the answer has status %d, want 200 (every contender must answer the benchmark request alike): %s", resp.StatusCode, tail(resp.Body, 500))
	}
	return nil
}

// lambdaEnv is the environment Lambda gives a provided.al2023 function.
func lambdaEnv(runtimeAPI string, extra ...string) []string {
	e := []string{
		"PATH=/usr/local/bin:/usr/bin:/bin", "TZ=:UTC", "LANG=en_US.UTF-8",
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_LAMBDA_FUNCTION_NAME=bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/bench", "AWS_LAMBDA_LOG_STREAM_NAME=bench",
		"_HANDLER=bootstrap", "AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
	}
	if runtimeAPI != "" {
		e = append(e, "AWS_LAMBDA_RUNTIME_API="+runtimeAPI)
	}
	return append(e, extra...)
}

// proc is a started child process.
type proc struct {
	cmd    *exec.Cmd
	out    bytes.Buffer
	exited chan struct{}
	group  bool
}

func startProc(path string, args, envv []string, group bool) (*proc, time.Time, error) {
	p := &proc{cmd: exec.Command(path, args...), exited: make(chan struct{}), group: group}
	p.cmd.Env = envv
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if group {
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	t0 := time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, t0, err
	}
	go func() {
		p.cmd.Wait()
		close(p.exited)
	}()
	return p, t0, nil
}

// kill ends the process (and, when it leads one, its process group: the
// emulator's bootstrap) and waits for it.
func (p *proc) kill() {
	pid := p.cmd.Process.Pid
	if p.group {
		syscall.Kill(-pid, syscall.SIGKILL)
	} else {
		p.cmd.Process.Kill()
	}
	<-p.exited
}

func (p *proc) output() string {
	select {
	case <-p.exited:
		return tail(p.out.String(), 2000)
	default:
		return "(still running)"
	}
}

// coldStart execs path and measures the time to its first request for work.
func coldStart(api *runtimeAPI, path string, extraEnv []string) (sample, error) {
	s, _, err := coldStartOutput(api, path, extraEnv)
	return s, err
}

func coldStartOutput(api *runtimeAPI, path string, extraEnv []string) (sample, string, error) {
	sess := api.session()
	p, t0, err := startProc(path, nil, lambdaEnv(api.addr, extraEnv...), false)
	if err != nil {
		return sample{}, "", err
	}
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case t := <-sess.next:
		hwm := vmHWM(p.cmd.Process.Pid)
		p.kill()
		return sample{wall: t.Sub(t0), rssKB: hwm}, p.out.String(), nil
	case <-p.exited:
		return sample{}, "", fmt.Errorf("exited before asking for work: %s", p.output())
	case <-timeout.C:
		p.kill()
		return sample{}, "", fmt.Errorf("did not ask for work within 30 s: %s", p.output())
	}
}

// vmHWM is the peak resident set of a running process, in KiB.
func vmHWM(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// directSession starts the bootstrap against the stand-in Runtime API and
// times its first and then warm invocations, from handing out the event to
// receiving the answer: the function's own cost, without an emulator.
func directSession(ctx context.Context, api *runtimeAPI, path string, event []byte, warm int) (time.Duration, []time.Duration, error) {
	sess := api.session()
	p, _, err := startProc(path, nil, lambdaEnv(api.addr), false)
	if err != nil {
		return 0, nil, err
	}
	defer p.kill()
	var lat []time.Duration
	for i := 0; i <= warm; i++ {
		d, body, err := sess.invoke(ctx, "inv-"+strconv.Itoa(i), event, p.exited)
		if err != nil {
			return 0, nil, fmt.Errorf("%w: %s", err, p.output())
		}
		if i == 0 {
			if err := checkAnswer(body); err != nil {
				return 0, nil, err
			}
		}
		lat = append(lat, d)
	}
	return lat[0], lat[1:], nil
}

// rieSession runs the bootstrap under aws-lambda-rie on free 127.0.0.1
// ports and times the first invocation (the emulator starts the bootstrap on
// it: exec, init and the first answer) and the warm ones, as a client sees
// them.
func (b *bench) rieSession(ctx context.Context, path string, event []byte, warm int) (time.Duration, []time.Duration, error) {
	emu, err := freePort()
	if err != nil {
		return 0, nil, err
	}
	rapi, err := freePort()
	if err != nil {
		return 0, nil, err
	}
	args := []string{"--runtime-interface-emulator-address", emu, "--runtime-api-address", rapi, "--log-level", "error", path}
	p, _, err := startProc(b.cfg.rie, args, lambdaEnv(""), true)
	if err != nil {
		return 0, nil, err
	}
	defer p.kill()
	if err := waitListen(emu, p.exited); err != nil {
		return 0, nil, fmt.Errorf("%w: %s", err, p.output())
	}
	client := &http.Client{Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	url := "http://" + emu + "/2015-03-31/functions/function/invocations"
	var lat []time.Duration
	for i := 0; i <= warm; i++ {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		t0 := time.Now()
		resp, err := client.Post(url, "application/json", bytes.NewReader(event))
		if err != nil {
			return 0, nil, fmt.Errorf("invoke: %w: %s", err, p.output())
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if err != nil {
			return 0, nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, nil, fmt.Errorf("the emulator answered %d: %s", resp.StatusCode, tail(string(body), 500))
		}
		if i == 0 {
			if err := checkAnswer(body); err != nil {
				return 0, nil, err
			}
		}
		lat = append(lat, d)
	}
	return lat[0], lat[1:], nil
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitListen(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("the emulator exited before listening on %s", addr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	return fmt.Errorf("the emulator did not listen on %s within 10 s", addr)
}

// initTrace sums GODEBUG=inittrace=1 over a binary's package initialisers.
type initTrace struct {
	pkgs          int
	clockMS       float64
	bytes, allocs int64
	top           []pkgInit // the costliest, by clock
}

type pkgInit struct {
	pkg     string
	clockMS float64
	bytes   int64
}

var initLine = regexp.MustCompile(`^init (\S+) @[\d.]+ ms, ([\d.]+) ms clock, (\d+) bytes, (\d+) allocs`)

// traceInit starts the binary once with GODEBUG=inittrace=1.
func traceInit(api *runtimeAPI, path string) (initTrace, error) {
	_, out, err := coldStartOutput(api, path, []string{"GODEBUG=inittrace=1"})
	if err != nil {
		return initTrace{}, err
	}
	var t initTrace
	var all []pkgInit
	for _, l := range strings.Split(out, "\n") {
		m := initLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		clock, _ := strconv.ParseFloat(m[2], 64)
		by, _ := strconv.ParseInt(m[3], 10, 64)
		al, _ := strconv.ParseInt(m[4], 10, 64)
		t.pkgs++
		t.clockMS += clock
		t.bytes += by
		t.allocs += al
		all = append(all, pkgInit{pkg: m[1], clockMS: clock, bytes: by})
	}
	if t.pkgs == 0 {
		return t, fmt.Errorf("GODEBUG=inittrace=1 printed no init lines: %s", tail(out, 500))
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].clockMS > all[j].clockMS })
	t.top = all[:min(4, len(all))]
	return t, nil
}

// initCompare measures only the init of the given bootstraps, alternating,
// for trying a change to the generated runtime.
func initCompare(paths []string, reps int) (string, error) {
	api, err := newRuntimeAPI()
	if err != nil {
		return "", err
	}
	defer api.close()
	// Each bootstrap is measured as a copy written anew (rewritten), as
	// the run measures the ones it builds.
	tmp, err := os.MkdirTemp("", "initcompare")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	bins := make([]*lambdaBin, len(paths))
	for i, p := range paths {
		bins[i] = &lambdaBin{name: p, path: filepath.Join(tmp, fmt.Sprintf("%d-%s", i, filepath.Base(p)))}
		if err := rewritten(p, bins[i].path); err != nil {
			return "", err
		}
		st, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		bins[i].size = st.Size()
		if _, err := coldStart(api, bins[i].path, nil); err != nil {
			return "", fmt.Errorf("%s: %w", p, err)
		}
		if bins[i].trace, err = traceInit(api, bins[i].path); err != nil {
			return "", fmt.Errorf("%s: %w", p, err)
		}
	}
	for i := 0; i < reps; i++ {
		for _, bin := range rotate(bins, i) {
			s, err := coldStart(api, bin.path, nil)
			if err != nil {
				return "", fmt.Errorf("%s: %w", bin.path, err)
			}
			bin.init = append(bin.init, s)
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "| bootstrap | size | init (median of %d) | ratio to the first | RSS at first /next | package init clock, heap |\n|---|---:|---:|---:|---:|---:|\n", reps)
	for _, bin := range bins {
		fmt.Fprintf(&out, "| %s | %s | %s | %s | %s | %s |\n", bin.name, fmtBytes(bin.size), fmtDur(median(durs(bin.init))),
			fmtRatio(pairRatio(walls(bin.init), walls(bins[0].init))), fmtKB(medianRSS(bin.init)), traceCell(bin.trace))
	}
	return out.String(), nil
}
