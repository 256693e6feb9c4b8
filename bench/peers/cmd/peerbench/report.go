package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Markers around the section bench/run.sh -update-md rewrites.
const (
	beginMarker = "<!-- bench/peers: begin (written by bench/run.sh -update-md; edit outside these markers) -->"
	endMarker   = "<!-- bench/peers: end -->"
)

// report is the markdown the run prints.
type report struct {
	b *bench
	strings.Builder
}

func (r *report) f(format string, args ...any) { fmt.Fprintf(r, format, args...) }

func (r *report) header() {
	b := r.b
	r.f("## Against the peers (bench/run.sh)\n\n")
	mode := ""
	if b.cfg.smoke {
		mode = " (smoke run: one repetition, print-shop only; not a measurement)"
	}
	r.f("Run on %s%s.\n\n", b.started.UTC().Format("2006-01-02 15:04 MST"), mode)
	r.f("Command, from the repository root: `bench/run.sh%s`\n\n", commandArgs())
	r.f("Machine: %s; load average at the start %s.\n\n", strings.Join(machine(), "; "), loadavg())
	r.f("Versions:\n\n")
	for _, v := range b.versions {
		r.f("- %s\n", v)
	}
	r.f("\nEvery number is a median; contenders alternate within each repetition, and a ratio is the median of the ratios of side-by-side runs (or of the medians where noted). Peak RSS is the child's getrusage maximum (the largest process of its tree, as `/usr/bin/time -v` reports).\n\n")
}

// commandArgs is the command line as given to bench/run.sh (without the
// -root run.sh adds).
func commandArgs() string {
	var out []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-root" || a == "--root" {
			i++
			continue
		}
		if strings.HasPrefix(a, "-root=") || strings.HasPrefix(a, "--root=") {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

func (r *report) footer() {
	r.f("Finished in %s; load average at the end %s.\n", time.Since(r.b.started).Round(time.Second), loadavg())
}

// specs lists the specs of the run and what was changed in them.
func (r *report) specs(specs []specCase) {
	r.f("Specs:\n\n")
	for _, sc := range specs {
		file := sc.path
		if sc.orig != "" {
			file = sc.orig
		}
		if rel, err := filepath.Rel(r.b.cfg.root, file); err == nil {
			file = rel
		}
		r.f("- %s: `%s`, %d operations", sc.key, file, sc.ops)
		if len(sc.fixed) > 0 {
			r.f("; read by both generators with %d untyped response schemas typed `object` (%s): oapi-codegen's strict server turns such a schema into an interface type with methods and does not compile (`invalid receiver type ... (pointer or interface type)`)", len(sc.fixed), strings.Join(sc.fixed, ", "))
		}
		if len(sc.renamed) > 0 {
			r.f("; and with the path parameters of %d paths renamed so that every path names a level's parameter alike (%s): specgate generates a REST API, which API Gateway builds one resource per path level of, and refuses the published file", len(sc.renamed), strings.Join(sc.renamed, ", "))
		}
		if !sc.paired && sc.key != "print-shop" {
			r.f("; specgate generates an HTTP API for it (`--api http`): its paths name one level's parameter differently, which a REST API refuses")
		}
		r.f("\n")
	}
	r.f("\n")
}

func (r *report) generation(rows []genRow) {
	b := r.b
	r.f("### 1. Generation: `specgate generate` vs oapi-codegen\n\n")
	r.f("specgate writes its whole project (models, router, validation, handler interface, runtime, stubs, go.mod, Makefile); oapi-codegen writes one file, `-generate %s`. %d runs each.\n\n", oapiGenerate, b.cfg.genReps)
	r.f("| spec (operations) | specgate wall | oapi-codegen wall | wall ratio | specgate peak RSS | oapi-codegen peak RSS | RSS ratio |\n")
	r.f("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, row := range rows {
		name := fmt.Sprintf("%s (%d)", row.sc.key, row.sc.ops)
		sgW, sgR := fmtDur(median(durs(row.sg))), fmtKB(medianRSS(row.sg))
		if row.ocError != "" {
			r.f("| %s | %s | fails¹ | — | %s | — | — |\n", name, sgW, sgR)
			continue
		}
		wr, rr := pairRatio(walls(row.sg), walls(row.oc)), pairRatio(rsses(row.sg), rsses(row.oc))
		r.f("| %s | %s | %s | %s | %s | %s | %s |\n", name, sgW, fmtDur(median(durs(row.oc))), fmtRatio(wr), sgR, fmtKB(medianRSS(row.oc)), fmtRatio(rr))
		if row.sc.paired {
			b.checks = append(b.checks,
				check{what: "generation wall, " + row.sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: wr, limit: 1.0},
				check{what: "generation peak RSS, " + row.sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: rr, limit: 1.0})
		}
	}
	first := true
	for _, row := range rows {
		if row.ocError != "" {
			if first {
				r.f("\n")
				first = false
			}
			r.f("¹ oapi-codegen %s on %s: `%s`\n", oapiCodegenVersion, row.sc.key, row.ocError)
		}
	}
	r.f("\n")
	r.f("`specgate check` on the project `specgate generate` wrote, unchanged (it trusts the record generate left, specgate.sum, while it holds), against `specgate generate` above, in the same runs:\n\n")
	r.f("| spec (operations) | check wall | generate wall | check / generate | check peak RSS |\n|---|---:|---:|---:|---:|\n")
	for _, row := range rows {
		cr := pairRatio(walls(row.ck), walls(row.sg))
		r.f("| %s (%d) | %s | %s | %s | %s |\n", row.sc.key, row.sc.ops, fmtDur(median(durs(row.ck))), fmtDur(median(durs(row.sg))), fmtRatio(cr), fmtKB(medianRSS(row.ck)))
		if row.sc.paired {
			b.checks = append(b.checks, check{what: "check on an unchanged project, " + row.sc.key, target: "check ≤ 0.7x generate", ratio: cr, limit: 0.7})
		}
	}
	r.f("\n")
}

func (r *report) compile(sc specCase, cs []*contender) {
	b := r.b
	r.f("### 2. Compiling the generated code: %s (%d operations)\n\n", sc.key, sc.ops)
	r.f("`go build -trimpath -tags lambda.norpc ./...` (CGO off, offline; the flags of a Lambda build, no link) of specgate's generated project, of oapi-codegen's generated server (`-generate %s`, in a module of its own) and of the whole peer stack Lambda project. Cold: a fresh, empty GOCACHE for every build (the standard library and every module are compiled too), %d runs. Dependencies alone: what the cold build spends before the project's own packages (the Lambda runtime aws-lambda-go is among specgate's and the peer stack's, not among the oapi-codegen server's). Own packages: every dependency precompiled into the cache first, so only the project's own packages compile, %d runs.\n\n", oapiGenerate, b.cfg.coldReps, b.cfg.cachedReps)
	r.f("| build | specgate project | oapi-codegen server | specgate / oapi-codegen | peer stack project |\n|---|---:|---:|---:|---:|\n")
	sg, oc, peer := cs[0], cs[1], cs[2]
	if len(sg.cold) > 0 {
		wr, rr := pairRatio(walls(sg.cold), walls(oc.cold)), pairRatio(rsses(sg.cold), rsses(oc.cold))
		r.f("| cold, wall | %s | %s | %s | %s |\n", fmtDur(median(durs(sg.cold))), fmtDur(median(durs(oc.cold))), fmtRatio(wr), fmtDur(median(durs(peer.cold))))
		r.f("| cold, peak RSS | %s | %s | %s | %s |\n", fmtKB(medianRSS(sg.cold)), fmtKB(medianRSS(oc.cold)), fmtRatio(rr), fmtKB(medianRSS(peer.cold)))
		b.checks = append(b.checks,
			check{what: "cold compile wall, " + sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: wr, limit: 1.0},
			check{what: "cold compile peak RSS, " + sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: rr, limit: 1.0})
	}
	if sg.deps.wall > 0 {
		r.f("| dependencies alone (standard library included), wall, 1 run | %s | %s | %s | %s |\n", fmtDur(sg.deps.wall), fmtDur(oc.deps.wall), fmtRatio(sg.deps.wall.Seconds()/oc.deps.wall.Seconds()), fmtDur(peer.deps.wall))
	}
	label := "own packages"
	if b.cfg.smoke {
		label = "warm default GOCACHE"
	}
	wr, rr := pairRatio(walls(sg.cached), walls(oc.cached)), pairRatio(rsses(sg.cached), rsses(oc.cached))
	r.f("| %s, wall | %s | %s | %s | %s |\n", label, fmtDur(median(durs(sg.cached))), fmtDur(median(durs(oc.cached))), fmtRatio(wr), fmtDur(median(durs(peer.cached))))
	r.f("| %s, peak RSS | %s | %s | %s | %s |\n\n", label, fmtKB(medianRSS(sg.cached)), fmtKB(medianRSS(oc.cached)), fmtRatio(rr), fmtKB(medianRSS(peer.cached)))
	if len(sg.cold) == 0 && !b.cfg.smoke {
		b.checks = append(b.checks,
			check{what: "compile wall (own packages), " + sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: wr, limit: 1.0, note: "cold compile skipped"},
			check{what: "compile peak RSS (own packages), " + sc.key, target: "specgate ≤ 1.0x oapi-codegen", ratio: rr, limit: 1.0, note: "cold compile skipped"})
	}
}

func (r *report) lambda(rows []lambdaRow) {
	b := r.b
	r.f("### 3. Lambda: cold start, size, latency\n\n")
	r.f("Bootstraps built like specgate's Makefile builds them (`CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags='-s -w'`, GOOS=linux), then each written anew with ordinary writes, as Lambda unpacks a deployment package (a file the linker wrote starts 10 to 20%% slower from the page cache). Contenders: specgate's generated bootstrap (the benchmark operation's stub answers 200 with an empty body; every other stub as generated); a bare aws-lambda-go handler that answers 200 without routing or validation; the peer stack: aws-lambda-go-api-proxy (chi adapter) + chi + oapi-codegen strict server (`types,chi-server,strict-server,spec`) + oapi-codegen's nethttp-middleware request validator (kin-openapi openapi3filter) on the same spec. Every contender answers the same API Gateway REST event with 200, checked.\n\n")
	r.f("- init: exec → first `GET /2018-06-01/runtime/invocation/next` against a stand-in Runtime API on 127.0.0.1, %d starts each; RSS at that moment is the process's VmHWM.\n", b.cfg.initReps)
	r.f("- stand-in invocations: from handing the event out on `/next` to receiving `/response`: the function's own cost. %d sessions of 1 first + %d warm invocations each.\n", b.cfg.sessions, b.cfg.warm)
	r.f("- emulator: aws-lambda-rie on free 127.0.0.1 ports; the first invocation includes exec, init and the answer (the emulator starts the bootstrap on it); %d sessions of 1 first + %d warm invocations each, as a client sees them.\n\n", b.cfg.sessions, b.cfg.warm)
	for _, row := range rows {
		sg, bare, peer := row.bins[0], row.bins[1], row.bins[2]
		r.f("**%s** (%d operations), request `%s %s` (%s):\n\n", row.sc.key, row.sc.ops, row.sc.req.method, requestLine(row.sc.req), row.sc.req.opID)
		r.f("| measure | specgate | bare aws-lambda-go | peer stack | specgate / bare | peer stack / bare |\n|---|---:|---:|---:|---:|---:|\n")
		sizeR := float64(sg.size) / float64(bare.size)
		r.f("| stripped binary | %s | %s | %s | %s | %s |\n", fmtBytes(sg.size), fmtBytes(bare.size), fmtBytes(peer.size), fmtRatio(sizeR), fmtRatio(float64(peer.size)/float64(bare.size)))
		initR := pairRatio(walls(sg.init), walls(bare.init))
		r.f("| init: exec → first /next | %s | %s | %s | %s | %s |\n", fmtDur(median(durs(sg.init))), fmtDur(median(durs(bare.init))), fmtDur(median(durs(peer.init))), fmtRatio(initR), fmtRatio(pairRatio(walls(peer.init), walls(bare.init))))
		r.f("| RSS at first /next | %s | %s | %s | %s | %s |\n", fmtKB(medianRSS(sg.init)), fmtKB(medianRSS(bare.init)), fmtKB(medianRSS(peer.init)),
			fmtRatio(float64(medianRSS(sg.init))/float64(medianRSS(bare.init))), fmtRatio(float64(medianRSS(peer.init))/float64(medianRSS(bare.init))))
		r.durRow("first invocation, stand-in API", sg.firstDirect, bare.firstDirect, peer.firstDirect)
		r.durRow(fmt.Sprintf("warm invocation, stand-in API (%d)", len(sg.warmDirect)), sg.warmDirect, bare.warmDirect, peer.warmDirect)
		r.durRow("first invocation through aws-lambda-rie", sg.firstRIE, bare.firstRIE, peer.firstRIE)
		r.durRow(fmt.Sprintf("warm invocation through aws-lambda-rie (%d)", len(sg.warmRIE)), sg.warmRIE, bare.warmRIE, peer.warmRIE)
		r.f("| warm through aws-lambda-rie, p99 | %s | %s | %s | | |\n", fmtDur(percentile(sg.warmRIE, 0.99)), fmtDur(percentile(bare.warmRIE, 0.99)), fmtDur(percentile(peer.warmRIE, 0.99)))
		r.f("| package init (GODEBUG=inittrace=1): clock, heap | %s | %s | %s | | |\n\n", traceCell(sg.trace), traceCell(bare.trace), traceCell(peer.trace))
		for _, bin := range []*lambdaBin{sg, peer} {
			var top []string
			for _, p := range bin.trace.top {
				top = append(top, fmt.Sprintf("%s %.3f ms, %s", p.pkg, p.clockMS, fmtHeap(p.bytes)))
			}
			r.f("- costliest package inits of %s: %s\n", bin.name, strings.Join(top, "; "))
		}
		r.f("\n")
		// Issue 18's targets: init within 1.05x of bare on any spec, the
		// print-shop binary within 1.10x.
		if row.sc.key == "print-shop" {
			b.checks = append(b.checks, check{what: "stripped binary, print-shop", target: "specgate ≤ 1.10x bare", ratio: sizeR, limit: 1.10})
		}
		b.checks = append(b.checks, check{what: "init, " + row.sc.key, target: "specgate ≤ 1.05x bare", ratio: initR, limit: 1.05})
	}
}

func (r *report) durRow(name string, sg, bare, peer []time.Duration) {
	ms, mb, mp := median(sg), median(bare), median(peer)
	r.f("| %s | %s | %s | %s | %s | %s |\n", name, fmtDur(ms), fmtDur(mb), fmtDur(mp), fmtRatio(float64(ms)/float64(mb)), fmtRatio(float64(mp)/float64(mb)))
}

func traceCell(t initTrace) string {
	return fmt.Sprintf("%.2f ms, %s", t.clockMS, fmtHeap(t.bytes))
}

func fmtHeap(b int64) string {
	if b < 1024 {
		return fmt.Sprintf("%d B", b)
	}
	return fmt.Sprintf("%.0f KiB", float64(b)/1024)
}

func requestLine(req *invokeReq) string {
	var q []string
	for _, k := range sortedKeys(req.query) {
		q = append(q, k+"="+req.query[k])
	}
	if len(q) == 0 {
		return req.path
	}
	return req.path + "?" + strings.Join(q, "&")
}

func (r *report) targets() {
	b := r.b
	if len(b.checks) == 0 {
		return
	}
	r.f("### Targets\n\n| target | measured | limit | met |\n|---|---:|---:|---|\n")
	for _, c := range b.checks {
		met := "yes"
		if c.ratio > c.limit {
			met = "**no**"
		}
		if b.cfg.smoke {
			met = "(smoke run)"
		}
		note := ""
		if c.note != "" {
			note = " (" + c.note + ")"
		}
		r.f("| %s: %s%s | %s | %s | %s |\n", c.what, c.target, note, fmtRatio(c.ratio), fmtRatio(c.limit), met)
	}
	r.f("\n")
}

// updateSection writes rep between the markers of path, creating the file
// or appending the section when needed; nothing outside the markers changes.
func updateSection(path, rep string) error {
	section := beginMarker + "\n" + rep + endMarker + "\n"
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return os.WriteFile(path, []byte("# Benchmarks\n\n"+section), 0o644)
	}
	if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	switch {
	case i >= 0 && j > i:
		end := j + len(endMarker)
		if end < len(s) && s[end] == '\n' {
			end++
		}
		s = s[:i] + section + s[end:]
	case i < 0 && j < 0:
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += "\n" + section
	default:
		return fmt.Errorf("%s: one of the markers %q, %q is missing: restore it", path, beginMarker, endMarker)
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
