#!/usr/bin/env bash
# What `make bench` runs, from the repository's root, after building bin/actorgraph and
# bin/bench: start the bench's own Neo4j (never the shared one on 7687), run the bench, and
# stop that Neo4j whatever happens.
#
#   SIZE              gen preset: small (default) or full (100k actors, 1M relationships, 100k allegations)
#   BENCH_BOLT_PORT   the bench's Neo4j's Bolt port (7697)
#   BENCH_NEO4J_HEAP, BENCH_NEO4J_PAGECACHE   its memory (2g, 1g)
#   BENCH_FLAGS       more flags for bin/bench (e.g. "-only actor,search -duration 10s")
#
# Each size keeps its data in db/run-bench-<size>/ (git-ignored), so the data set is loaded
# once and reused by later runs (bin/bench checks a marker node and reloads when the
# generator changed).
set -euo pipefail

size="${SIZE:-small}"
port="${BENCH_BOLT_PORT:-7697}"
export NEO4J_BOLT_PORT="$port"
export NEO4J_RUN_DIR="$PWD/db/run-bench-$size"
export NEO4J_HEAP="${BENCH_NEO4J_HEAP:-2g}"
export NEO4J_PAGECACHE="${BENCH_NEO4J_PAGECACHE:-1g}"

die() { echo "bench: $*" >&2; exit 1; }

[ "$port" != 7687 ] || die "BENCH_BOLT_PORT=7687 is the shared Neo4j, which others' tests use; pick another port"
# db/neo4j.sh reuses whatever answers Bolt on the port. Reuse only the bench's own instance.
if db/neo4j.sh status >/dev/null 2>&1; then
	pid=$(cat "$NEO4J_RUN_DIR/neo4j.pid" 2>/dev/null || true)
	if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
		die "something already answers Bolt on 127.0.0.1:$port and it is not the bench's Neo4j ($NEO4J_RUN_DIR); stop it or set BENCH_BOLT_PORT to a free port"
	fi
fi

trap 'db/neo4j.sh stop' EXIT
db/neo4j.sh start
# shellcheck disable=SC2086
bin/bench -size "$size" -neo4j-uri "bolt://127.0.0.1:$port" -neo4j-run-dir "$NEO4J_RUN_DIR" \
	-neo4j-heap "$NEO4J_HEAP" -neo4j-pagecache "$NEO4J_PAGECACHE" ${BENCH_FLAGS:-}
