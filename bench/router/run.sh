#!/bin/sh
# Warm dispatch of generated projects, old router against new, in one run.
#
#   [BENCHTIME=1s] bench/router/run.sh OLD_SPECGATE NEW_SPECGATE [rounds]
#
# Generates (HTTP API, payload 2.0) print-shop and Okta management (585 operations) with each
# specgate binary, drops dispatch_test.go.in into each project's api
# package with routes.txt (every route of the generated table) and
# lookup_test.go.in (the route lookup alone, on the same routes) into its
# internal/apirt, compiles the eight test binaries, then runs them in turn,
# `rounds` times (default 6), each benchmark for BENCHTIME (more, shorter
# rounds ride out a shared machine).
#
# With CPUOPS=N, each benchmark runs N times (-test.benchtime Nx) under
# /usr/bin/time instead, and the line gives the process's CPU time (user +
# sys) per operation, less that of the same binary running it once (its
# start-up): on a shared machine CPU time is steadier than wall time.
set -eu
old=$1 new=$2 rounds=${3:-6}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d)}
for v in old new; do
	bin=$old
	[ "$v" = new ] && bin=$new
	for s in print-shop okta; do
		spec=$root/testdata/print-shop.yaml
		[ "$s" = okta ] && spec=$root/../shared/specs/okta-management-2024.06.1.yaml
		d=$work/$v-$s
		rm -rf "$d"
		"$bin" generate --spec "$spec" --out "$d" --module example.com/rb --api http >/dev/null
		sed 's#MODULE#example.com/rb#' "$here/dispatch_test.go.in" >"$d/api/dispatch_bench_test.go"
		# the served routes only: the table that starts "var routes", not legacyRoutes
		awk '/^var routes = /{f=1; next} f && /^}/{f=0} f' "$d/api/router.gen.go" |
			sed -n 's/^	{[mM]ethod: "\([A-Z]*\)", [tT]emplate: "\([^"]*\)".*/\1 \2/p' >"$d/api/routes.txt"
		sed 's#MODULE#example.com/rb#' "$here/lookup_test.go.in" >"$d/internal/apirt/lookup_bench_test.go"
		(cd "$d" && go test -c -o "$work/$v-$s.test" ./api && go test -c -o "$work/$v-$s-rt.test" ./internal/apirt)
	done
done
# cpu BIN DIR BENCH N: CPU seconds (user + sys) of BIN running BENCH N times in DIR.
cpu() {
	(cd "$2" && /usr/bin/time -f '%U %S' "$1" -test.run '^$' -test.bench "^Benchmark$3\$" -test.benchtime "$4x" 2>&1 >/dev/null) |
		tail -1 | awk '{print $1 + $2}'
}
for i in $(seq "$rounds"); do
	for s in print-shop okta; do
		for v in old new; do
			for b in api:Dispatch internal/apirt:Lookup; do
				bin=$work/$v-$s.test
				[ "${b%%:*}" = internal/apirt ] && bin=$work/$v-$s-rt.test
				dir=$work/$v-$s/${b%%:*}
				if [ -z "${CPUOPS:-}" ]; then
					(cd "$dir" && "$bin" -test.run '^$' -test.bench "${b#*:}" -test.benchmem -test.benchtime "${BENCHTIME:-1s}") |
						sed -n "s/^Benchmark\([A-Za-z]*\)-[0-9]*[ 	]*[0-9]*[ 	]*\([0-9.]*\) ns\/op.*/$v $s \1 \2/p"
					continue
				fi
				for name in $("$bin" -test.list "^Benchmark${b#*:}" | sed 's/^Benchmark//'); do
					echo "$v $s $name $(cpu "$bin" "$dir" "$name" "$CPUOPS") $(cpu "$bin" "$dir" "$name" 1)" |
						awk -v n="$CPUOPS" '{printf "%s %s %s %.0f\n", $1, $2, $3, ($4 - $5) * 1e9 / n}'
				done
			done
		done
	done
done
