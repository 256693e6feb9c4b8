#!/bin/sh
# Warm dispatch of generated projects, old router against new, in one run.
#
#   [BENCHTIME=1s] bench/router/run.sh OLD_SPECGATE NEW_SPECGATE [rounds]
#
# Generates (HTTP API, payload 2.0) print-shop and Okta management (585 operations) with each
# specgate binary, drops dispatch_test.go.in into each project's api
# package with routes.txt (every route of the generated table), compiles
# the four test binaries, then runs them in turn, `rounds` times (default 6),
# each benchmark for BENCHTIME (more, shorter rounds ride out a shared machine).
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
		(cd "$d" && go test -c -o "$work/$v-$s.test" ./api)
	done
done
for i in $(seq "$rounds"); do
	for s in print-shop okta; do
		for v in old new; do
			(cd "$work/$v-$s/api" && "$work/$v-$s.test" -test.run '^$' -test.bench 'Dispatch' -test.benchmem -test.benchtime "${BENCHTIME:-1s}") |
				sed -n "s/^Benchmark\([A-Za-z]*\)-[0-9]*[ 	]*[0-9]*[ 	]*\([0-9.]*\) ns\/op.*/$v $s \1 \2/p"
		done
	done
done
