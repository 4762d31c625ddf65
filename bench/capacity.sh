#!/usr/bin/env bash
# What one connection costs Herald: CPU to open and close it, and memory to hold it idle.
#
#   bench/capacity.sh churn [jar ...]    # server CPU ms per connection opened and closed, connections/s
#   bench/capacity.sh idle [jar ...]     # RSS and heap per idle connection
#   bench/capacity.sh profile [jar]      # a JFR profile of the churn step, summarised as text
#   bench/capacity.sh fresh [jar ...]    # CPU per connection from a fresh start, step by step, and the JIT's part
#
# With several jars the runs are interleaved (jar A, jar B, jar A, ...), so a before/after comparison sees
# the same noise of a shared machine; each jar's median is printed at the end. churn starts every jar's
# server at once (all on SERVER_CPU, idle but for the one measured) and warms each once. Jars default to
# target/herald-0.1.0-SNAPSHOT.jar (build it with ./mvnw -q -Dfrontend.skip -DskipTests package). A jar may
# carry server arguments of its own: "target/herald.jar::--logging.level.dev.herald.ws=WARN".
# HISTOGRAM=1 (idle) also writes the live heap per connection by class (jcmd GC.class_histogram, before and after).
# Settings (environment): REPEAT (runs per jar, 5), COUNT (connections measured: 3000 churn, 10000 idle),
# WARMUP (connections opened and closed before measuring, 10000; C2 goes on compiling the connection path
# until about 35,000, see the eighth round of bench/CAPACITY.md), SERVER_CPU (0), CLIENT_CPU (1),
# HERALD_JVM_OPTS (Herald's documented settings), SERVER_ARGS (extra --name=value for the server).
# PROXIED=1: every upgrade carries the headers nginx adds (deploy/nginx/nginx.conf); pair it with
# SERVER_ARGS=--server.forward-headers-strategy=native, as docker-compose.yml runs Herald.
# SUBSCRIBE=<channel> (idle): every held connection subscribes to the channel first, as in (c) of bench/run.sh.
#
# The server runs pinned to SERVER_CPU, the Node `ws` client (bench/capacity-probe.mjs) to CLIENT_CPU, as in
# the issue's harness. churn: WARMUP connections (JIT), then COUNT connections, at most 20 in flight, each
# waiting for the welcome frame and closing with 1000; server CPU is utime+stime from /proc/<pid>/stat
# across the measured step. idle: WARMUP churned first, then a full GC (jcmd GC.run) and RSS/heap read,
# COUNT connections opened and held, full GC again and RSS/heap read; per connection = delta / COUNT.
# fresh: a new server per jar and run, then STEPS (default "10000 10000 10000 10000") churns one after the
# other; per step the server's CPU per connection and the compiler threads' part of it (threads the JVM ends
# meanwhile take their CPU with them, so that part can read low). A storm meets a node in this state.
# Records go to bench/target/capacity/results.jsonl. Every process started here is killed on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODE="${1:?usage: bench/capacity.sh churn|idle|profile|fresh [jar ...]}"
shift
JARS=("$@")
[ ${#JARS[@]} -eq 0 ] && JARS=(target/herald-0.1.0-SNAPSHOT.jar)
T=bench/target/capacity
mkdir -p "$T"
RESULTS="$T/results.jsonl"
REPEAT="${REPEAT:-5}"
WARMUP="${WARMUP:-10000}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
JDK="${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
JFR_TOOL="${JFR_TOOL:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr}"
HERALD_JVM_OPTS="${HERALD_JVM_OPTS:--XX:+UseSerialGC -Xmn128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxInlineLevel=6 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000}"
SERVER_ARGS="${SERVER_ARGS:-}"
APIKEY=capacity-api-key
SECRET=capacity-token-secret-0123456789-0123456789-abcdef
TICKS=$(getconf CLK_TCK)
[ -d bench/node_modules/ws ] || (cd bench && npm ci --no-audit --no-fund --silent)

SERVER_PID=""
SERVERS=()
PROBE_PID=""
HOLDER_PID=""
cleanup() {
  [ -n "$PROBE_PID" ] && kill "$PROBE_PID" 2>/dev/null || true
  [ -n "$HOLDER_PID" ] && kill "$HOLDER_PID" 2>/dev/null || true
  stop_server
  for pid in "${SERVERS[@]}"; do SERVER_PID=$pid; stop_server; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[capacity %s] %s\n' "$(date +%T)" "$*" >&2; }

start_server() { # start_server <jar>[::<extra server args>]: sets SERVER_PID, PORT, URL
  PORT=$((20000 + RANDOM % 20000))
  local jar="${1%%::*}" extra=""
  [[ "$1" == *::* ]] && extra="${1#*::}"
  local log="$T/server-$(basename "$jar" .jar)$([ -n "$extra" ] && echo -extra).log"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$JDK/bin/java" $HERALD_JVM_OPTS -jar "$jar" \
    --herald.volume.simulator.enabled=false --server.address=127.0.0.1 --server.port="$PORT" \
    --herald.security.api-keys="$APIKEY" --herald.token.secret="$SECRET" \
    --herald.limits.connections-per-user=0 --herald.limits.connections-per-second=0 $SERVER_ARGS $extra \
    >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited at start"; tail -5 "$log" >&2; exit 1; }
    sleep 0.5
  done
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/api/createtoken" -H "X-Api-Key: $APIKEY" \
    -H 'Content-Type: application/json' -d '{"UserName":"capacity","TtlSeconds":14400}' |
    sed 's/.*"token":"\([^"]*\)".*/\1/')
  URL="ws://127.0.0.1:$PORT/v1/ws?token=$token"
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$SERVER_PID/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
heap_used_kb() { # after a full GC
  "$JDK/bin/jcmd" "$SERVER_PID" GC.run >/dev/null
  sleep 2
  # the generations' (or G1's heap's) "used", summed; Metaspace lines left out
  "$JDK/bin/jcmd" "$SERVER_PID" GC.heap_info | awk '/total/ && /used/ && !/Metaspace|class space/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[K,]/,"",v); sum+=v}} END {print sum+0}'
}
# the classes whose live bytes grew most between the two histograms, per connection
histogram_delta() {
  echo "# live heap per idle connection by class: (after - before) / $1 connections, from jcmd GC.class_histogram"
  echo "# bytes/conn  instances/conn  class"
  awk -v n="$1" 'FNR == NR && $1 ~ /^[0-9]+:$/ {b[$4] = $3; i[$4] = $2; next}
    $1 ~ /^[0-9]+:$/ {d = ($3 - b[$4]) / n; if (d > 0.5 || d < -0.5) printf "%10.1f %10.2f  %s\n", d, ($2 - i[$4]) / n, $4; t += d}
    END {printf "%10.1f             total\n", t}' "$T/histogram-before.txt" "$T/histogram-after.txt" | sort -k1,1 -g -r | head -60
}
probe() { taskset -c "$CLIENT_CPU" node bench/capacity-probe.mjs "$@"; }

churn_all() { # churn_all <jar...>: every jar's server started and warmed once, then measured in turns
  local count="${COUNT:-3000}" i run
  local -a pids urls
  for i in "${!JARS[@]}"; do
    start_server "${JARS[$i]}"
    pids[$i]=$SERVER_PID; urls[$i]=$URL; SERVERS+=("$SERVER_PID"); SERVER_PID=""
    probe churn "${urls[$i]}" "$WARMUP" >/dev/null
  done
  for run in $(seq "$REPEAT"); do
    for i in "${!JARS[@]}"; do
      SERVER_PID=${pids[$i]}
      local before after sys0 sys1 out ms sys
      sleep 1
      before=$(cpu_ticks); sys0=$(sys_ticks)
      out=$(probe churn "${urls[$i]}" "$count")
      after=$(cpu_ticks); sys1=$(sys_ticks)
      ms=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$count" 'BEGIN{printf "%.3f", 1000 * t / hz / n}')
      sys=$(awk -v t=$((sys1 - sys0)) -v hz="$TICKS" -v n="$count" 'BEGIN{printf "%.3f", 1000 * t / hz / n}')
      echo "{\"at\":\"$(date -u +%FT%TZ)\",\"mode\":\"churn\",\"jar\":\"${JARS[$i]}\",\"run\":$run,\"proxied\":${PROXIED:-0},\"serverArgs\":\"$SERVER_ARGS\",\"serverCpuMsPerConnection\":$ms,\"ofWhichSystemMs\":$sys,\"probe\":$out,\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" | tee -a "$RESULTS"
    done
  done
  SERVER_PID=""
  for pid in "${SERVERS[@]}"; do SERVER_PID=$pid; stop_server; done
  SERVERS=()
}

idle_once() { # idle_once <jar> <run>
  local jar="$1" count="${COUNT:-10000}"
  start_server "$jar"
  probe churn "$URL" "$WARMUP" >/dev/null
  local heap0 rss0 heap1 rss1 opened
  heap0=$(heap_used_kb); rss0=$(rss_kb)
  [ "${HISTOGRAM:-0}" = 1 ] && "$JDK/bin/jcmd" "$SERVER_PID" GC.class_histogram >"$T/histogram-before.txt"
  # the probe holds its connections until its stdin ends. Its own pid (taskset execs node; a function run in the
  # background would be a subshell that a kill leaves node behind) and the holder's, so both can be ended: a
  # holder left behind kept the caller's stderr open, and the script's caller waited for it
  exec {hold}< <(sleep 600 2>/dev/null)
  HOLDER_PID=$!
  taskset -c "$CLIENT_CPU" node bench/capacity-probe.mjs idle "$URL" "$count" > "$T/idle.out" <&"$hold" &
  PROBE_PID=$!
  exec {hold}<&-
  for _ in $(seq 600); do grep -q '^open' "$T/idle.out" && break; sleep 0.5; done
  opened=$(awk '/^open/ {print $2}' "$T/idle.out")
  sleep 3
  heap1=$(heap_used_kb); rss1=$(rss_kb)
  if [ "${HISTOGRAM:-0}" = 1 ]; then
    "$JDK/bin/jcmd" "$SERVER_PID" GC.class_histogram >"$T/histogram-after.txt"
    histogram_delta "${opened:-1}" >"$T/histogram-per-connection-$(basename "$jar" .jar).txt"
  fi
  kill "$PROBE_PID" "$HOLDER_PID" 2>/dev/null || true; wait "$PROBE_PID" 2>/dev/null || true; PROBE_PID="" HOLDER_PID=""
  echo "{\"at\":\"$(date -u +%FT%TZ)\",\"mode\":\"idle\",\"jar\":\"$jar\",\"run\":$2,\"connections\":${opened:-0},$(awk -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" -v n="${opened:-1}" 'BEGIN{printf "\"rssKbPerConnection\":%.2f,\"heapKbPerConnection\":%.2f,\"rssKb\":[%d,%d],\"heapUsedKb\":[%d,%d]", (r1-r0)/n, (h1-h0)/n, r0, r1, h0, h1}'),\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" | tee -a "$RESULTS"
  stop_server
}

profile_once() { # profile_once <jar>: JFR over the churn step, summary as text
  local jar="$1" count="${COUNT:-5000}" out="$T/profile"
  mkdir -p "$out"; rm -f "$out/churn.jfr"
  start_server "$jar"
  probe churn "$URL" "$WARMUP" >/dev/null
  # JFR's profile settings, sampling Java code every 1 ms instead of 10 (one connection costs about 1 ms)
  sed -e '/jdk.ExecutionSample/,/period/ s/10 ms/1 ms/' -e '/jdk.NativeMethodSample/,/period/ s/20 ms/2 ms/' \
    "$JDK/lib/jfr/profile.jfc" >"$ROOT/$out/fine.jfc"
  "$JDK/bin/jcmd" "$SERVER_PID" JFR.start name=churn settings="$ROOT/$out/fine.jfc" >/dev/null
  local before after
  before=$(cpu_ticks)
  probe churn "$URL" "$count" >"$out/probe.json"
  after=$(cpu_ticks)
  "$JDK/bin/jcmd" "$SERVER_PID" JFR.stop name=churn filename="$ROOT/$out/churn.jfr" >/dev/null
  stop_server
  {
    echo "# JFR profile (settings=profile, Java samples every 1 ms) of Herald opening and closing $count connections after $WARMUP warm-up"
    echo "# jar $jar; server CPU $(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$count" 'BEGIN{printf "%.3f", 1000 * t / hz / n}') ms per connection (with JFR on); probe $(cat "$out/probe.json")"
    for view in hot-methods allocation-by-site; do
      echo; echo "## jfr view $view"
      "$JFR_TOOL" view --width 200 "$view" "$out/churn.jfr" 2>&1 | head -45 || true
    done
    echo; echo "## execution samples by method: self and inclusive"
    "$JFR_TOOL" print --json --events jdk.ExecutionSample --stack-depth 64 "$out/churn.jfr" >"$out/exec.json"
    "$JFR_TOOL" print --json --events jdk.NativeMethodSample --stack-depth 24 "$out/churn.jfr" >"$out/native.json"
    "$JFR_TOOL" print --json --events jdk.ObjectAllocationSample --stack-depth 4 "$out/churn.jfr" >"$out/alloc.json"
    "$JFR_TOOL" print --json --events jdk.ThreadCPULoad "$out/churn.jfr" >"$out/cpu.json"
    node bench/jfr-stacks.mjs "$out/exec.json" "$out/native.json" "$out/alloc.json" "$out/cpu.json"
    rm -f "$out"/exec.json "$out"/native.json "$out"/alloc.json "$out"/cpu.json
  } >"$out/summary.txt" 2>&1
  log "wrote $out/summary.txt ($out/churn.jfr)"
}

jit_ticks() { # CPU ticks of the live JIT compiler threads
  local t sum=0
  for t in /proc/"$SERVER_PID"/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == C[12]\ Compiler* ]] || continue
    sum=$((sum + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}

fresh_once() { # fresh_once <jar> <run>: CPU per connection, step by step, from a fresh start
  local jar="$1" step before after jit0 jit1 steps=()
  start_server "$jar"
  for step in ${STEPS:-10000 10000 10000 10000}; do
    before=$(cpu_ticks); jit0=$(jit_ticks)
    probe churn "$URL" "$step" >/dev/null
    after=$(cpu_ticks); jit1=$(jit_ticks)
    steps+=("$(awk -v t=$((after - before)) -v j=$((jit1 - jit0)) -v hz="$TICKS" -v n="$step" \
      'BEGIN{printf "{\"connections\":%d,\"serverCpuMsPerConnection\":%.3f,\"jitMsPerConnection\":%.3f}", n, 1000 * t / hz / n, 1000 * j / hz / n}')")
  done
  stop_server
  echo "{\"at\":\"$(date -u +%FT%TZ)\",\"mode\":\"fresh\",\"jar\":\"$jar\",\"run\":$2,\"steps\":[$(IFS=,; echo "${steps[*]}")],\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" | tee -a "$RESULTS"
}

case "$MODE" in
  fresh)
    for run in $(seq "$REPEAT"); do
      for jar in "${JARS[@]}"; do fresh_once "$jar" "$run"; done
    done
    ;;
  churn|idle)
    if [ "$MODE" = churn ]; then
      churn_all
    else
      for run in $(seq "$REPEAT"); do
        for jar in "${JARS[@]}"; do idle_once "$jar" "$run"; done
      done
    fi
    since=$(date -u -d "@$(( $(date +%s) - 7200 ))" +%FT%TZ)
    key=serverCpuMsPerConnection; [ "$MODE" = idle ] && key=rssKbPerConnection
    node -e '
      const [file, mode, key, n, ...jars] = process.argv.slice(1);
      const lines = require("fs").readFileSync(file, "utf8").trim().split("\n").map(JSON.parse)
        .filter((r) => r.mode === mode);
      const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
      for (const jar of jars) {
        const rs = lines.filter((r) => r.jar === jar).slice(-Number(n));
        const out = { jar, runs: rs.length, [key]: rs.map((r) => r[key]), median: med(rs.map((r) => r[key])) };
        if (mode === "churn") out.medianPerSecond = med(rs.map((r) => r.probe.perSecond));
        if (mode === "idle") out.medianHeapKbPerConnection = med(rs.map((r) => r.heapKbPerConnection));
        console.log(JSON.stringify(out));
      }' "$RESULTS" "$MODE" "$key" "$REPEAT" "${JARS[@]}"
    ;;
  profile) profile_once "${JARS[0]}" ;;
  *) echo "usage: bench/capacity.sh churn|idle|profile|fresh [jar ...]" >&2; exit 2 ;;
esac
