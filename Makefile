# specgate's own tasks. `make test` installs what the tests need into
# .tools/ (the AWS Lambda Runtime Interface Emulator) and runs every test.

TOOLS := $(CURDIR)/.tools
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
export PATH := $(TOOLS)/bin:$(PATH)

.PHONY: test tools example build clean

test: tools
	go test -timeout 45m ./...

tools: $(TOOLS)/bin/aws-lambda-rie

$(TOOLS)/bin/aws-lambda-rie:
	GOBIN=$(TOOLS)/bin go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

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
