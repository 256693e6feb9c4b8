# specgate's own tasks. `make test` installs what the tests need (the AWS
# Lambda Runtime Interface Emulator and the npm validators into .tools/, the
# Python validators with pip when missing) and runs every test of the three
# modules: specgate itself, bench/validation (the differential validation
# test against kin-openapi) and bench/peers (the peer benchmark harness).
# `make ci` (what .ci/run runs) adds the bounded fuzz runs and the peer
# benchmark's smoke run.

TOOLS := $(CURDIR)/.tools
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
export PATH := $(TOOLS)/bin:$(PATH)

.PHONY: test test-go test-bench fuzz ci tools example build clean

## test: every test of every module (the tests read ../shared beside the repository)
test: tools
	$(MAKE) test-go test-bench

test-go:
	go test -timeout 45m ./...

## test-bench: the differential validation test (bench/validation) and the peer harness's tests (bench/peers), their own modules
test-bench: bench-code
	cd bench/validation && go test -timeout 20m ./...
	cd bench/peers && go test ./...

## fuzz: bounded fuzz runs (SECURITY.md). Failing inputs are kept in
## generator/testdata/fuzz, generator/testdata/routerfuzz/corpus and
## bench/validation's testdata, and replayed by every `make test`.
## Each run goes through internal/fuzzrun, which passes a run whose only
## failure is Go 1.26's fuzz-coordinator deadline race (golang/go#75804).
## Minimization is bounded (60 s by default): FuzzPlaceOrderBody's runs sat
## at 0 executions/s after a few seconds and still passed while a panic in
## ParseUUID was within reach; with the panic fixed they no longer stall.
FUZZRUN := go run ./internal/fuzzrun/cmd/fuzzrun
fuzz: tools bench-code
	$(FUZZRUN) -C bench/validation -run='^$$' -fuzz=FuzzPlaceOrderBody -fuzztime=60s -fuzzminimizetime=10s ./printshop/api
	$(FUZZRUN) -run='^$$' -fuzz='^FuzzGenerate$$' -fuzztime=45s -fuzzminimizetime=0s ./generator
	$(FUZZRUN) -run='^$$' -fuzz='^FuzzProblemJSON$$' -fuzztime=15s -fuzzminimizetime=10s ./generator/emit/lambda/rt
	$(FUZZRUN) -run='^$$' -fuzz='^FuzzFormats$$' -fuzztime=20s -fuzzminimizetime=10s ./generator/emit/validate/rt
	SPECGATE_ROUTER_FUZZTIME=30s go test -count=1 -v -timeout=20m -run='^TestGeneratedRouterFuzz$$' ./generator

## bench-code: generate the code bench/validation tests and measures (never committed)
.PHONY: bench-code
bench-code:
	bench/validation/regen.sh

## ci: what CI runs (.ci/run): every test, the fuzz runs, the peer benchmark smoke run
ci: test fuzz
	bench/run.sh --smoke

tools: $(TOOLS)/bin/aws-lambda-rie validators python-validators

$(TOOLS)/bin/aws-lambda-rie:
	GOBIN=$(TOOLS)/bin go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

# validators: AWS's offline CloudFormation validator and Redocly CLI, which
# the deploy tests run over the generated deploy/*.yaml (see ../shared/validators).
CFNV_VERSION := 1.9.0-beta
REDOCLY_VERSION := 2.77.0
VALIDATORS_STAMP := $(TOOLS)/node_modules/.specgate-validators-$(CFNV_VERSION)-$(REDOCLY_VERSION)

.PHONY: validators
validators: $(VALIDATORS_STAMP)

$(VALIDATORS_STAMP):
	npm install --prefix $(TOOLS) --no-audit --no-fund --save-exact @aws/cloudformation-validate@$(CFNV_VERSION) @redocly/cli@$(REDOCLY_VERSION)
	touch $@

# python-validators: cfn-lint and the AWS SAM translator, which the deploy
# tests run over every generated template (../shared/validators/README.md).
# Installed on the CI machines; pip installs the exact versions when missing.
CFNLINT_VERSION := 1.51.0
SAMTRANSLATOR_VERSION := 1.110.0

.PHONY: python-validators
python-validators:
	@command -v cfn-lint >/dev/null 2>&1 || python3 -m pip install cfn-lint==$(CFNLINT_VERSION)
	@python3 -c 'import samtranslator' 2>/dev/null || python3 -m pip install aws-sam-translator==$(SAMTRANSLATOR_VERSION)
	@cfn-lint --version
	@python3 -c 'import samtranslator; print("aws-sam-translator", samtranslator.__version__)'

## example: generate the bundled print-shop example into out/print-shop and build its Lambda bootstrap
example:
	go run ./cmd/specgate generate --spec testdata/print-shop.yaml --out out/print-shop --module example.com/print-shop
	cd out/print-shop && go build ./... && go vet ./... && $(MAKE) build

build:
	CGO_ENABLED=0 go build -trimpath -o bin/specgate ./cmd/specgate

clean:
	rm -rf out bin

## bench: specgate against its peers, the full run (about half an hour; see BENCHMARKS.md).
## BENCHFLAGS=--smoke for the one-repetition check CI runs, -update-md BENCHMARKS.md to record.
.PHONY: bench
bench: $(TOOLS)/bin/aws-lambda-rie
	bench/run.sh $(BENCHFLAGS)
