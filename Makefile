# Earshot. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/earshot
TEST_TIMEOUT ?= 18m

.PHONY: all build run test test-short bench bench-receive vet fmt deps deps-test services clean eval-redaction

all: build

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

services: deps-test
	@scripts/services.sh

build: deps
	$(GO) build -o $(BIN) ./cmd/earshot

run: build
	$(BIN) serve

vet:
	$(GO) vet ./...

fmt:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }

test: services fmt vet
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) ./...

bench: deps-test
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Per-packet cost of the whole receive path (parse -> quality -> jitter ->
# decode -> resample -> DTMF) per codec, next to a bare UDP receive loop
# measured the same way (also part of `make bench`); docs/MEASUREMENTS.md
# has the figures.
bench-receive:
	$(GO) test -run '^$$' -bench 'ReceivePath|UDPReceive' -benchmem -count 3 ./gateway/

eval-redaction:
	$(GO) run ./policy/redact/eval/evalredaction -corpus policy/redact/eval/testdata/corpus.jsonl

clean:
	rm -rf bin
