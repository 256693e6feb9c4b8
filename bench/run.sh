#!/usr/bin/env bash
# Benchmarks specgate against its peers in one run (BENCHMARKS.md, section
# "Against the peers"): generation vs oapi-codegen, compile time of the
# generated code, Lambda cold start / size / latency vs a bare aws-lambda-go
# handler and aws-lambda-go-api-proxy + chi + oapi-codegen + kin-openapi,
# and the request validation benchmark of bench/ when present.
#
#   bench/run.sh                          full run (about half an hour on 2 cores), report on stdout
#   bench/run.sh -update-md BENCHMARKS.md also rewrite the peers section of BENCHMARKS.md
#   bench/run.sh --smoke                  one repetition on print-shop: proves the harness works (CI)
#   bench/run.sh -h                       every flag
#
# Needs the Lambda emulator (`make tools`) and ../shared/specs beside the
# repository; fetches oapi-codegen and the peer modules from the Go module
# proxy the first time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The request validation benchmark measures code generated now, from this
# generator (never committed).
"$root/bench/validation/regen.sh"
cd "$root/bench/peers"
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
GOTOOLCHAIN=local CGO_ENABLED=0 go build -o "$bin/peerbench" ./cmd/peerbench
cd "$root"
"$bin/peerbench" -root "$root" "$@"
