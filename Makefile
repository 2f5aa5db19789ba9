# Tend: the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
BIN       := bin/tend
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X github.com/tend-practice/tend/internal/app.Version=$(VERSION)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tend?sslmode=disable

.PHONY: run build test test-short lint fmt vet bench security clean

## run: start the demo practice on http://127.0.0.1:8080 (sets up PostgreSQL if needed)
run: build
	./scripts/pg-ensure.sh
	TEND_DEMO=true $(BIN) serve

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tend

## test: the whole suite against real PostgreSQL (and Chromium when installed)
test:
	./scripts/pg-ensure.sh --server-only
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...
	$(GO) test -count=1 -v -run 'TestAccessMatrix' ./internal/web/ | grep -E '^(=== RUN|--- (PASS|FAIL)|PASS|FAIL|ok)' | grep -v '=== RUN'

lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
