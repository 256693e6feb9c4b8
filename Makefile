# specgate's own tasks. `make test` installs what the tests need into
# .tools/ (the AWS Lambda Runtime Interface Emulator, and the npm validators of
# the deploy files) and runs every test.

TOOLS := $(CURDIR)/.tools
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
export PATH := $(TOOLS)/bin:$(PATH)

.PHONY: test tools example build clean

test: tools
	go test -timeout 45m ./...

tools: $(TOOLS)/bin/aws-lambda-rie validators

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
