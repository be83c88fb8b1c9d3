# Veil: `make demo` runs the main job on bundled sample data; `make test`
# vets and runs every test (race detector on) and each benchmark once.
GO       ?= go
BIN      := bin/veil
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 20000x
BENCH    ?= .
COUNT    ?= 1

# Servers and independent tools the tests use are installed once into a cache
# outside the work tree, so later runs skip the install.
CACHE    ?= $(HOME)/.cache/veil-services
DUCKDB   := $(CACHE)/duckdb
export VEIL_DUCKDB_DIR := $(DUCKDB)

.PHONY: all build test vet unit benchcheck bench fuzz demo deps services clean

all: build

deps:
	$(GO) mod download

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/veil

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

# DuckDB (from npm) reads the Parquet files Veil writes, in a test: proof
# that they open in a tool nobody here wrote.
services: $(DUCKDB)/node_modules/@duckdb/node-api/package.json

$(DUCKDB)/node_modules/@duckdb/node-api/package.json:
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
	mkdir -p $(DUCKDB)
	npm install --prefix $(DUCKDB) --no-audit --no-fund --loglevel=error @duckdb/node-api@1.5.6-r.1

unit: deps services
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

DEMO := $(or $(TMPDIR),/tmp)/veil-demo

demo: build
	@echo '$$ veil find --format text testdata/sample.log | head -12'
	@./$(BIN) find --format text testdata/sample.log | head -12
	@echo
	@echo '$$ veil scan --format table testdata/customers.csv'
	@./$(BIN) scan --format table testdata/customers.csv
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@echo '$$ veil keygen --out $(DEMO)/veil.key'
	@./$(BIN) keygen --out $(DEMO)/veil.key
	@echo '$$ veil mask --key $(DEMO)/veil.key --out $(DEMO)/masked --format csv testdata/customers.csv'
	@./$(BIN) mask --key $(DEMO)/veil.key --out $(DEMO)/masked --format csv testdata/customers.csv 2>/dev/null
	@echo 'first rows before and after (id, email, phone, ssn, card_number, notes):'
	@head -4 testdata/customers.csv | cut -d, -f1,3,4,5,7,16
	@echo '...'
	@head -4 $(DEMO)/masked/customers.csv | cut -d, -f1,3,4,5,7,16
	@echo '$$ veil mask --key $(DEMO)/veil.key --out $(DEMO)/masked testdata/customers.csv   (Parquet, the default)'
	@./$(BIN) mask --key $(DEMO)/veil.key --out $(DEMO)/masked testdata/customers.csv 2>/dev/null
	@ls -l $(DEMO)/masked
	@echo
	@echo '$$ veil scan --format table testdata/customers.parquet   (the same rows; id, created_at, amount typed)'
	@./$(BIN) scan --format table testdata/customers.parquet
	@echo '$$ veil mask --key $(DEMO)/veil.key --out $(DEMO)/masked-parquet testdata/customers.parquet'
	@./$(BIN) mask --key $(DEMO)/veil.key --out $(DEMO)/masked-parquet testdata/customers.parquet 2>/dev/null
	@echo '$$ veil mask --key $(DEMO)/veil.key --out $(DEMO)/masked-parquet --format csv testdata/customers.parquet   (to read it)'
	@./$(BIN) mask --key $(DEMO)/veil.key --out $(DEMO)/masked-parquet --format csv testdata/customers.parquet 2>/dev/null
	@echo 'first masked rows (id, email, ssn, created_at, amount); same key, so the same tokens as the CSV above:'
	@head -4 $(DEMO)/masked-parquet/customers.csv | cut -d, -f1,3,5,12,13
	@ls -l $(DEMO)/masked-parquet

clean:
	rm -rf bin
