# Earshot. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/earshot
TEST_TIMEOUT ?= 18m

.PHONY: all build run test test-short bench vet fmt deps deps-test services clean eval-redaction

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

eval-redaction:
	$(GO) run ./policy/redact/eval/evalredaction -corpus policy/redact/eval/testdata/corpus.jsonl

clean:
	rm -rf bin
