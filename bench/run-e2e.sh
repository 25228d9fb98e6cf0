#!/usr/bin/env bash
# Runs the end-to-end benchmark (bench/e2e, io.flafka.bench.e2e.BenchmarkRunner), building it first when
# its jars are missing or older than a source file. Options are passed to the runner, e.g.
#   bench/run-e2e.sh --events 200000 --scenarios raw,a,c
# Environment: JAVA_OPTS (runner JVM, default -Xms1g -Xmx1g -XX:+AlwaysPreTouch), REBUILD=1 to force a build,
# MVN_OPTS (extra Maven flags, default -o), FLUME_JAVA_OPTS (extra options of the Flume children; {name} is
# replaced by the scenario id, e.g. FLUME_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/{name}.jfr"),
# AGENT_JAVA_OPTS (the options of the JVM each scenario's Flafka agents run in, default -Xms1g -Xmx1g
# -XX:+AlwaysPreTouch; {name} is replaced by the scenario id, as for FLUME_JAVA_OPTS).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CP_FILE="$ROOT/bench/e2e/target/classpath.txt"

needs_build() {
  [ -n "${REBUILD:-}" ] && return 0
  [ -f "$CP_FILE" ] || return 0
  # a class path built without -am points at ~/.m2 snapshots rather than this tree's modules
  grep -q '/io/flafka/' "$CP_FILE" && return 0
  # any main source or pom newer than the last build?
  [ -n "$(find "$ROOT" -path '*/target' -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$CP_FILE" -type f -print -quit)" ]
}

if needs_build; then
  echo "building bench/e2e and the modules it needs..." >&2
  (cd "$ROOT" && mvn -B -q ${MVN_OPTS:--o} -pl bench/e2e -am package -DskipTests)
fi

# Flume 1.11 baselines (scenario ids ending in F): Flume's jars are collected by bench/flume, outside the reactor
FLUME_LIB="$ROOT/bench/flume/target/flume-lib"
SCENARIOS=""
prev=""
for arg in "$@"; do [ "$prev" = "--scenarios" ] && SCENARIOS="$arg"; prev="$arg"; done
if [[ ",$SCENARIOS," =~ F, ]] && { [ -n "${REBUILD:-}" ] || [ ! -f "$FLUME_LIB/flume-ng-node-1.11.0.jar" ] \
    || [ "$ROOT/bench/flume/pom.xml" -nt "$FLUME_LIB" ]; }; then
  echo "collecting Apache Flume 1.11.0 into bench/flume/target/flume-lib (first time: downloads ~110 MB)..." >&2
  (cd "$ROOT" && rm -rf "$FLUME_LIB" && mvn -B -q -f bench/flume/pom.xml package)
fi

# the runner's jar, not its classes folder: the agent JVMs map a class archive, and JDK 17 archives only jars
CP="$(ls "$ROOT"/bench/e2e/target/flafka-bench-e2e-*.jar | head -1):$(cat "$CP_FILE")"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch} -Dflafka.bench.flume.lib="$FLUME_LIB" \
  -Dflafka.bench.flume.log4j="$ROOT/bench/flume/conf/log4j2.xml" -Dflafka.bench.flume.jvm="${FLUME_JAVA_OPTS:-}" \
  -Dflafka.bench.agent.jvm="${AGENT_JAVA_OPTS:-}" \
  -Dflafka.bench.flume.logs="$ROOT/bench/flume/target/logs/$(date -u +%Y%m%dT%H%M%S)" -cp "$CP" io.flafka.bench.e2e.BenchmarkRunner "$@"
