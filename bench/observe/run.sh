#!/bin/sh
# What the request id and the JSON request log (issue 20) cost a warm
# invoke, side by side in one run (BENCHMARKS.md, "Request ids and the JSON
# request log").
#
#   bench/observe/run.sh SPECGATE [rounds]      e.g. bench/observe/run.sh /tmp/specgate 12
#   SINK=pipe bench/observe/run.sh SPECGATE    the request log through a pipe to another process
#
# Generates print-shop (REST) with the specgate binary, drops
# invoke_test.go.in into its api package, compiles the test binary once,
# then runs, in turn, `rounds` times (default 8), one second and one process
# each: BenchmarkInvoke/observed and /bare (the handler called in process),
# BenchmarkRuntime/observed and /bare (invoked through aws-lambda-go's
# runtime loop and a stand-in Runtime API on 127.0.0.1). Prints one line per
# run (round benchmark variant ns/op B/op allocs/op), the medians, and the
# medians of the per-round ratios and differences observed - bare.
set -eu
bin=$1 rounds=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d)}
d=$work/printshop
rm -rf "$d"
"$bin" generate --spec "$root/testdata/print-shop.yaml" --out "$d" --module example.com/printshop >/dev/null
cp "$here/invoke_test.go.in" "$d/api/invoke_bench_test.go"
cp "$here/bare.go.in" "$d/internal/apirt/bare_bench.go"
(cd "$d" && GOWORK=off go test -c -o "$work/invoke.test" ./api)
out=$work/runs.txt
: >"$out"
rm -f "$work/log"
mkfifo "$work/log"
for i in $(seq "$rounds"); do
	for b in Invoke Runtime; do
		for v in observed bare; do
			# The request log (standard output) goes to /dev/null: the cost
			# of making and writing each line, not the pace of a reader.
			# SINK=pipe sends it through a pipe to another process instead,
			# as a function's goes to Lambda's collector (on a busy machine
			# the writer then waits for the reader to be scheduled); the
			# results come on file descriptor 3.
			sink=/dev/null collector=
			if [ "${SINK:-null}" = pipe ]; then
				cat "$work/log" >/dev/null &
				collector=$!
				sink=$work/log
			fi
			(cd "$d/api" && BENCH_RESULTS_FD=3 "$work/invoke.test" -test.run '^$' -test.bench "$b/$v\$" -test.benchtime 1s 3>&1 >"$sink") |
				awk -v i="$i" -v b="$b" -v v="$v" '$1 ~ "^Benchmark" b "/" v "-" {
					for (f = 3; f < NF; f += 2) m[$(f + 1)] = $f
					print i, b, v, m["ns/op"], m["cpu-ns/op"], m["B/op"], m["allocs/op"]
				}' >>"$out"
			[ -z "$collector" ] || wait "$collector"
		done
	done
done
echo "round benchmark variant ns/op cpu-ns/op B/op allocs/op"
cat "$out"
awk '
	{ k = $2 " " $3; ns[k] = ns[k] " " $4; cpu[k] = cpu[k] " " $5; by[k] = $6; al[k] = $7; r[$1, k] = $4; c[$1, k] = $5; n = $1; bench[$2] = 1 }
	function median(s,   v, k, i, j, t) {
		k = split(s, v, " ")
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
		return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	END {
		for (b in bench) {
			for (v = 0; v < 2; v++) {
				k = b " " (v ? "bare" : "observed")
				printf "median %s: %.0f ns/op, %.0f cpu-ns/op, %d B/op, %d allocs/op\n", k, median(ns[k]), median(cpu[k]), by[k], al[k]
			}
			s = ""; d = ""; cs = ""; cd = ""
			for (i = 1; i <= n; i++) if ((i, b " bare") in r && (i, b " observed") in r) {
				s = s " " r[i, b " observed"] / r[i, b " bare"]; d = d " " r[i, b " observed"] - r[i, b " bare"]
				cs = cs " " c[i, b " observed"] / c[i, b " bare"]; cd = cd " " c[i, b " observed"] - c[i, b " bare"]
			}
			printf "%s observed/bare, medians of the per-round ratios and differences: wall %.3f (%+.0f ns), CPU %.3f (%+.0f ns)\n", b, median(s), median(d), median(cs), median(cd)
		}
	}' "$out"
