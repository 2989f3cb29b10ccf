# actorgraph — the two commands are `make run` and `make test`; everything else is a step of
# theirs. Each step installs what it needs from the project's own files (apt for system
# packages, Maven for Neo4j, npm for the playground, Go modules via go.mod).

SHELL := /bin/bash
.DEFAULT_GOAL := run

BIN        := bin/actorgraph
ADDR       ?= 127.0.0.1:8080
TEST_ADDR  ?= 127.0.0.1:18080
SCREENSHOT_DIR ?= $(CURDIR)/test-output/screenshots
export NEO4J_URI ?= bolt://127.0.0.1:7687

.PHONY: fuzz conformance
.PHONY: run test deps db db-jars stop web generate check-generated build lint unit browser-test clean pydeps bench

## run: start the local Neo4j, seed it, and serve the API and playground on $(ADDR); writes
## take the tokens of $(DEV_TOKENS), made once with random secrets (or set ACTORGRAPH_TOKENS_FILE)
DEV_TOKENS ?= db/run/dev-tokens
run: build db
	$(BIN) seed
	@if [ -z "$$ACTORGRAPH_TOKENS_FILE" ] && [ ! -f $(DEV_TOKENS) ]; then \
	  umask 077; mkdir -p $(dir $(DEV_TOKENS)); \
	  for role in admin editor reader; do \
	    echo "$$role:dev-$$role:$$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; \
	  done > $(DEV_TOKENS); \
	fi
	@echo "playground: http://$(ADDR)/playground   GraphQL: http://$(ADDR)/graphql"
	@[ -n "$$ACTORGRAPH_TOKENS_FILE" ] || echo "tokens for writes (Authorization: Bearer <token>): $(DEV_TOKENS)"
	ACTORGRAPH_ADDR=$(ADDR) ACTORGRAPH_TOKENS_FILE=$${ACTORGRAPH_TOKENS_FILE:-$(DEV_TOKENS)} $(BIN) serve

## test: everything CI checks
test: deps db web check-generated lint unit fuzz conformance browser-test
	@echo "make test: all checks passed"

## deps: system packages (Java 17, Maven, Node, Chromium), installed only when missing
deps:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v node >/dev/null || missing="$$missing nodejs npm"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	python3 -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## db-jars: Neo4j Community and APOC core from Maven Central into db/target
db-jars: db/target/.stamp
db/target/.stamp: db/pom.xml
	mvn -q -B -f db/pom.xml package
	touch $@

## db: start the local Neo4j on 127.0.0.1:7687 (or reuse the one running) and wait for Bolt
db: db-jars
	db/neo4j.sh start

## stop: stop the local Neo4j
stop:
	db/neo4j.sh stop

## web: bundle the explorer and the playground from npm packages (embedded in the binary by go build)
web: web/dist/playground.js web/dist/explorer.js
web/dist/playground.js web/dist/explorer.js &: web/package-lock.json web/build.mjs $(wildcard web/src/*)
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

## generate: regenerate the gqlgen code from schema/*.graphqls
generate:
	go tool gqlgen generate

## check-generated: fail if the generated code does not match the schema
check-generated:
	@tmp=$$(mktemp -d); cp -r graph "$$tmp/"; \
	go tool gqlgen generate; \
	if ! diff -r "$$tmp/graph" graph >/dev/null; then \
	  diff -r "$$tmp/graph" graph | head -20; \
	  echo "generated code in graph/ is stale: run 'make generate' and commit"; rm -rf "$$tmp"; exit 1; fi; \
	rm -rf "$$tmp"

build: web
	go build -o $(BIN) ./cmd/actorgraph

lint:
	@bad=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$bad" ]; then echo "gofmt needed: $$bad"; exit 1; fi
	go vet ./...

## fuzz: a short run of each fuzz target (seed corpora in testdata/fuzz), FUZZEXECS inputs each.
# Bounded by a count of inputs, not by time: Go 1.26's coordinator can fail a run whose
# -fuzztime deadline expires while a worker is mid-input, having found nothing
# (golang/go#75804, fixed in 1.27). A count has no deadline. Minimising a new input is
# bounded too: by default it may run for a minute, which starves a short run.
FUZZEXECS ?= 100000
FUZZFLAGS = -run='^$$' -fuzztime=$(FUZZEXECS)x -fuzzminimizetime=50x
fuzz:
	go test $(FUZZFLAGS) -fuzz=FuzzParseDate .
	go test $(FUZZFLAGS) -fuzz=FuzzACLED ./acled/
	go test -tags=fastfuzz $(FUZZFLAGS) -fuzz=FuzzFTM ./ftm/

## conformance: the graphql-http audit of GraphQL over HTTP against a running server
CONFORMANCE_ADDR ?= 127.0.0.1:18081
conformance: build db
	@mkdir -p test-output
	cd conformance && npm ci --no-audit --no-fund --loglevel=error
	@set -e; ACTORGRAPH_ADDR=$(CONFORMANCE_ADDR) $(BIN) serve > test-output/conformance-serve.log 2>&1 & pid=$$!; \
	trap "kill $$pid 2>/dev/null" EXIT; \
	for i in $$(seq 1 50); do curl -sf http://$(CONFORMANCE_ADDR)/readyz >/dev/null && break; sleep 0.2; done; \
	cd conformance && ACTORGRAPH_URL=http://$(CONFORMANCE_ADDR) node audit.mjs

## pydeps: the Python packages of the tests that check exports with a real reader (networkx)
pydeps: .venv/.stamp
.venv/.stamp: requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## unit: all Go tests; integration tests share the one database, so packages run one at a time
unit: db pydeps
	go test -p 1 -count=1 ./...

## browser-test: the explorer and the playground in headless Chromium against a seeded server
browser-test: build db
	@mkdir -p test-output
	@set -e; $(BIN) seed --reset >/dev/null; \
	ACTORGRAPH_ADDR=$(TEST_ADDR) $(BIN) serve > test-output/serve.log 2>&1 & pid=$$!; \
	trap "kill $$pid 2>/dev/null" EXIT; \
	for i in $$(seq 1 50); do curl -sf http://$(TEST_ADDR)/readyz >/dev/null && break; sleep 0.2; done; \
	cd web && ACTORGRAPH_URL=http://$(TEST_ADDR) SCREENSHOT_DIR=$(SCREENSHOT_DIR) node --test test/
	@echo "screenshots in $(SCREENSHOT_DIR)"

## bench: the read and write scenarios on three servers taking turns (hand-written Cypher through
## the Go driver, actorgraph, the Neo4j GraphQL Library) over a Neo4j of the bench's own on
## 127.0.0.1:7697 (db/run-bench-<size>/, stopped at the end); SIZE=small (default) or full.
## Prints the table and writes bench/results/<size>-<time>.json. Not part of `make test`.
bench: db-jars
	go build -o $(BIN) ./cmd/actorgraph
	go build -o bin/bench ./bench
	@[ bench/peer/node_modules/.package-lock.json -nt bench/peer/package-lock.json ] || \
	  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error)
	SIZE=$(or $(SIZE),small) bench/run.sh

clean:
	rm -rf bin test-output web/node_modules db/target

## chaos: Neo4j killed under load (ledger of acknowledged writes checked), graceful shutdown,
## injection and hostile HTTP, roles, CORS, CSP, secrets, and schemathesis; a few minutes.
## It runs its own Neo4j (CHAOS_BOLT_PORT, db/run-chaos) and server (CHAOS_ADDR), never the
## shared one; CHAOS_ARGS passes more flags (go run ./chaos -h lists them). Not part of `make test`.
.PHONY: chaos soak fuzz-api chaos-pydeps
CHAOS_BOLT_PORT ?= 7711
CHAOS_ADDR      ?= 127.0.0.1:18095
CHAOS_ARGS      ?=
CHAOS := go run ./chaos -bolt-port $(CHAOS_BOLT_PORT) -addr $(CHAOS_ADDR) $(CHAOS_ARGS)
chaos: deps db-jars web chaos-pydeps
	$(CHAOS) all

chaos-pydeps: .venv/.chaos-stamp
.venv/.chaos-stamp: chaos/requirements.txt .venv/.stamp
	.venv/bin/pip install --quiet --disable-pip-version-check -r chaos/requirements.txt
	touch $@

## soak: a sustained mixed load for SOAK_DURATION; no error, no growth in memory or goroutines
SOAK_DURATION ?= 2m
soak: deps db-jars web
	$(CHAOS) -duration $(SOAK_DURATION) soak

## fuzz-api: the hostile-input half of chaos: injection, hostile HTTP, access, schemathesis
fuzz-api: deps db-jars web chaos-pydeps
	$(CHAOS) inject fuzz
