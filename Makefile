# Veil: `make demo` runs the main job on bundled sample data; `make test`
# vets and runs every test (race detector on) and each benchmark once.
GO       ?= go
BIN      := bin/veil
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 20000x
BENCH    ?= .
COUNT    ?= 1

.PHONY: all build test vet unit benchcheck bench fuzz demo deps clean

all: build

deps:
	$(GO) mod download

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/veil

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

unit: deps
	$(GO) test -race -count=1 ./...

# Every benchmark runs once so none can rot.
benchcheck: deps
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

test: vet unit benchcheck

# Throughput numbers: `make bench`, compare runs with benchstat.
bench: deps
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) ./...

# A short run of every fuzz target.
fuzz: deps
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME); \
	  done; \
	done

demo: build
	@echo '$$ veil find --format text testdata/sample.log'
	@./$(BIN) find --format text testdata/sample.log; test $$? -le 1
	@echo
	@echo '$$ veil find testdata/sample.log | head -3   (JSON lines, the default off a terminal)'
	@./$(BIN) find testdata/sample.log | head -3

clean:
	rm -rf bin
