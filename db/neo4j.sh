#!/usr/bin/env bash
# The project's local Neo4j: Neo4j Community and APOC core from Maven Central (see pom.xml),
# run straight from their jars with settings for a small shared machine. As Neo4j's own
# launcher does, the plugins folder is on the class path too: APOC registers an extension.
#
#   db/neo4j.sh start    start it on 127.0.0.1:7687 (or reuse the one already answering there)
#                        and wait until Bolt answers
#   db/neo4j.sh stop     stop the instance this script started
#   db/neo4j.sh status   say whether Bolt answers
#   db/neo4j.sh wipe     stop it and delete its data
#
# Settings (environment): NEO4J_BOLT_PORT (7687), NEO4J_HEAP (1g, at most 2g),
# NEO4J_PAGECACHE (512m), NEO4J_START_TIMEOUT seconds (120), NEO4J_RUN_DIR (db/run). Data,
# logs and configuration live in the run directory, which git ignores; a second instance
# (for benchmarks or fault tests) takes its own port and run directory. Authentication is off: the instance listens on
# 127.0.0.1 only and is for development and tests; production points NEO4J_URI elsewhere.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
home="${NEO4J_RUN_DIR:-$here/run}"
lib="$here/target/lib"
plugins="$here/target/plugins"
port="${NEO4J_BOLT_PORT:-7687}"
heap="${NEO4J_HEAP:-1g}"
pagecache="${NEO4J_PAGECACHE:-512m}"
timeout="${NEO4J_START_TIMEOUT:-120}"
pidfile="$home/neo4j.pid"
log="$home/logs/console.log"

die() { echo "neo4j.sh: $*" >&2; exit 1; }

# bolt_answers succeeds when something on 127.0.0.1:$port speaks Bolt: it sends the Bolt
# handshake (magic 0x6060B017 and four proposed versions) and expects a non-zero version.
bolt_answers() {
	local reply
	reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port || exit 1
		printf '\x60\x60\xb0\x17\x00\x00\x08\x05\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00' >&3
		head -c 4 <&3 | od -An -tx1" 2>/dev/null) || return 1
	reply=$(echo $reply)
	[ -n "$reply" ] && [ "$reply" != "00 00 00 00" ]
}

port_taken() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; }

running_pid() {
	[ -f "$pidfile" ] || return 1
	local pid
	pid=$(cat "$pidfile")
	kill -0 "$pid" 2>/dev/null && echo "$pid"
}

write_conf() {
	mkdir -p "$home/conf" "$home/data" "$home/logs" "$home/run" "$home/import"
	cat > "$home/conf/neo4j.conf" <<CONF
# Written by db/neo4j.sh on each start; edit the script, not this file.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$port
server.bolt.advertised_address=127.0.0.1:$port
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=false
server.directories.data=$home/data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.import=$home/import
server.directories.plugins=$plugins
dbms.security.procedures.unrestricted=apoc.*
server.memory.pagecache.size=$pagecache
db.tx_log.rotation.retention_policy=2 files
db.transaction.timeout=60s
dbms.usage_report.enabled=false
CONF
}

start() {
	if bolt_answers; then
		echo "neo4j.sh: reusing the Neo4j that answers Bolt on 127.0.0.1:$port"
		return 0
	fi
	if port_taken; then
		die "port $port on 127.0.0.1 is taken by something that is not Neo4j; stop it or set NEO4J_BOLT_PORT"
	fi
	command -v java >/dev/null || die "Java is missing: install a Java 17 runtime (apt-get install -y openjdk-17-jre-headless)"
	local jv
	jv=$(java -version 2>&1 | head -1 | sed -E 's/.*"([0-9]+).*/\1/')
	[ "$jv" -ge 17 ] 2>/dev/null || die "Java $jv found; Neo4j 5.26 needs Java 17 or later"
	[ -d "$lib" ] && ls "$lib"/neo4j-*.jar >/dev/null 2>&1 || die "the Neo4j jars are missing: run 'make db-jars' (mvn -f db/pom.xml package)"
	case "$heap" in *g) [ "${heap%g}" -le 2 ] || die "NEO4J_HEAP=$heap: keep the heap at 2g or less";; esac
	if pid=$(running_pid); then
		echo "neo4j.sh: an instance (pid $pid) is starting; waiting for it"
	else
		write_conf
		: > "$log"
		nohup java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
			-Dfile.encoding=UTF-8 -Dio.netty.tryReflectionSetAccessible=true \
			--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
			--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
			-cp "$plugins/*:$lib/*" org.neo4j.server.CommunityEntryPoint \
			--home-dir="$home" --config-dir="$home/conf" >>"$log" 2>&1 < /dev/null &
		pid=$!
		echo "$pid" > "$pidfile"
		echo "neo4j.sh: started Neo4j (pid $pid, heap $heap, page cache $pagecache), log $log"
	fi
	local waited=0
	until bolt_answers; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "neo4j.sh: Neo4j exited during start-up; the end of its log:" >&2
			tail -n 40 "$log" "$home/logs/neo4j.log" 2>/dev/null >&2 || true
			rm -f "$pidfile"
			exit 1
		fi
		if [ "$waited" -ge "$timeout" ]; then
			echo "neo4j.sh: Bolt did not answer on 127.0.0.1:$port within ${timeout}s; the end of the log:" >&2
			tail -n 40 "$log" >&2 || true
			exit 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "neo4j.sh: Bolt answers on 127.0.0.1:$port after ${waited}s"
}

stop() {
	local pid
	if ! pid=$(running_pid); then
		rm -f "$pidfile"
		echo "neo4j.sh: no instance started by this script is running"
		return 0
	fi
	kill -TERM "$pid"
	for _ in $(seq 1 60); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "neo4j.sh: stopped (pid $pid)"; return 0; }
		sleep 1
	done
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$pidfile"
	echo "neo4j.sh: Neo4j did not stop within 60s and was killed (pid $pid)" >&2
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) if bolt_answers; then echo "neo4j.sh: Bolt answers on 127.0.0.1:$port"; else echo "neo4j.sh: nothing answers Bolt on 127.0.0.1:$port"; exit 1; fi ;;
wipe) stop; rm -rf "$home/data"; echo "neo4j.sh: data deleted" ;;
*) echo "usage: db/neo4j.sh start|stop|status|wipe" >&2; exit 2 ;;
esac
