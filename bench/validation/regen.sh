#!/usr/bin/env bash
# Regenerates the code this module tests and measures: specgate's api
# package for print-shop and for testdata/keywords.yaml, and ogen's
# print-shop decoders, into folders git ignores. The generated
# code is never committed: .ci/run and bench/run.sh call this script first.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen() { # name spec
	# The module path is this module's folder, so that the api package's
	# import of its runtime (internal/apirt) resolves here.
	(cd "$root" && go run ./cmd/specgate generate --spec "$2" --out "$tmp/$1" --module github.com/specgate/specgate/bench/validation/"$1" >/dev/null)
	rm -rf "$1/api" "$1/internal"
	mkdir -p "$1/internal"
	cp -r "$tmp/$1/api" "$1/api"
	cp -r "$tmp/$1/internal/apirt" "$1/internal/apirt"
	cp "$2" "$1/openapi.yaml"
}
gen printshop "$root/testdata/print-shop.yaml"
gen keywords "$root/bench/validation/testdata/keywords.yaml"
go run github.com/ogen-go/ogen/cmd/ogen@v1.24.0 --target ogenps --package ogenps --clean "$root/testdata/print-shop.yaml" >/dev/null 2>&1
cp inpkg/bench_test.go.txt printshop/api/bench_test.go
