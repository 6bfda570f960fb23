# Earshot. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/earshot
TEST_TIMEOUT ?= 18m

.PHONY: all build run test test-short bench bench-receive loadtest vet fmt deps deps-test services clean eval-redaction

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

# Every test runs under the race detector with -short first. The tests that
# place real-time calls (SIP, WebRTC, consent, media end to end) skip under
# -short; they run afterwards one package at a time and without the race
# detector, whose 5-10x slowdown on 2 cores would starve the real-time
# recogniser. The code they drive is race-tested by its own packages' tests.
REALTIME_PKGS := ./cmd/earshot/ ./console/ ./gateway/webrtc/

test: services fmt vet
	$(GO) test -race -count=1 -short -timeout $(TEST_TIMEOUT) ./...
	$(GO) test -count=1 -p 1 -timeout $(TEST_TIMEOUT) $(REALTIME_PKGS)

bench: deps-test
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Per-packet cost of the whole receive path (parse -> quality -> jitter ->
# decode -> resample -> DTMF) per codec, next to a bare UDP receive loop
# measured the same way (also part of `make bench`); docs/MEASUREMENTS.md
# has the figures.
bench-receive:
	$(GO) test -run '^$$' -bench 'ReceivePath|UDPReceive' -benchmem -count 3 ./gateway/

# The standard load test (docs/PERFORMANCE.md): transcribed G.711 calls
# with pocketsphinx, media only (--stt none), then 200 calls per second,
# each against a fresh local `earshot serve`, and the decoder alone on the
# same audio for the gateway's overhead. Reports: out/loadtest/*.html and *.json. A failed
# verdict is reported, not fatal: the figures are the product.
loadtest: build deps-test
	-CALLS=2 RATE=1 HOLD=60s STT=pocketsphinx NAME=transcribed-2calls scripts/loadtest.sh
	-CALLS=200 RATE=50 HOLD=30s STT=none NAME=media-200calls scripts/loadtest.sh
	-CALLS=1000 RATE=200 HOLD=1s STT=none NAME=setup-200cps scripts/loadtest.sh
	$(GO) test ./stt/pocketsphinx -run '^$$' -bench DecoderAlone -benchtime 1x
	scripts/pocketsphinx-alone.sh

eval-redaction:
	$(GO) run ./policy/redact/eval/evalredaction -corpus policy/redact/eval/testdata/corpus.jsonl

clean:
	rm -rf bin
