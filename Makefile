# Tend: the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
BIN       := bin/tend
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X github.com/tend-practice/tend/internal/app.Version=$(VERSION)
# One local PostgreSQL serves both: the app's database, and the server the
# tests create their own databases on. scripts/pg-ensure.sh starts it if needed.
export PGPORT ?= 5432
export DATABASE_URL ?= postgres://postgres@127.0.0.1:$(PGPORT)/tend?sslmode=disable
export TEND_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:$(PGPORT)/postgres?sslmode=disable

.PHONY: run build test test-short lint fmt vet bench security clean

## run: start the demo practice on http://127.0.0.1:8080 (sets up PostgreSQL if needed)
run: build
	@bash scripts/pg-ensure.sh
	TEND_DEMO=true $(BIN) serve

build:
	@command -v $(GO) >/dev/null 2>&1 || { echo "Go is not installed or not on PATH. Get Go 1.26 or newer from https://go.dev/dl/ (it installs to /usr/local/go: export PATH=\$$PATH:/usr/local/go/bin)." >&2; exit 1; }
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tend

# Tests run in parallel (t.Parallel); each has its own database cloned from
# a migrated template, so they are bound by PostgreSQL more than by the CPU.
TEST_PARALLEL ?= 2

## test: the whole suite against real PostgreSQL (and Chromium when installed)
# One run, verbose and filtered: bash with pipefail, so a failing run is not
# hidden by grep. A failing test's messages (file_test.go:NN lines) show.
test: SHELL := /bin/bash
test: .SHELLFLAGS := -o pipefail -c
test:
	@bash scripts/pg-ensure.sh --server-only
	$(GO) vet ./...
	@echo "Tests (failures, skips and the access matrix, role x route, per route):"
	$(GO) test -race -count=1 -timeout 60m -parallel $(TEST_PARALLEL) -v ./... | \
		grep -E '^ *--- (FAIL|SKIP)|^ *--- PASS: TestAccessMatrix|^(ok|FAIL|PASS)\b|^#|^panic:|^ +[A-Za-z0-9_]+_test\.go:[0-9]+:'

## bench: seed a large practice in its own database (tend_bench, dropped and
## recreated), load the real server on 127.0.0.1 and print the BENCH line
# TEND_BENCH_FLAGS passes options to cmd/tendbench (bin/tendbench -h lists them).
# scripts/bench-check.sh then prints each target PASS/FAIL; it fails the
# target only with TEND_BENCH_STRICT=1 (shared machines are noisy).
bench: build
	@bash scripts/pg-ensure.sh --server-only
	$(GO) build -o bin/tendbench ./cmd/tendbench
	@bash -o pipefail -c 'bin/tendbench -server $(BIN) -admin-url "$(TEND_TEST_DATABASE_URL)" $(TEND_BENCH_FLAGS) | tee bin/bench-last.txt'
	@bash scripts/bench-check.sh bin/bench-last.txt

## security: gosec and govulncheck over the code, then sqlmap and wapiti against
## a local server with signed-in sessions; prints a summary (docs/security.md)
security:
	@bash scripts/security.sh

## lint: go vet, and gofmt over every Go file git tracks or would track
lint: vet
	@unformatted=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:" >&2; echo "$$unformatted" >&2; exit 1; fi

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
