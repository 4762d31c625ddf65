#!/usr/bin/env bash
# Herald's benchmark against peer servers, in one run, on this machine, loopback only.
#
#   bench/run.sh                 # build everything, run scenarios a b c d e f g h, write bench/REPORT.md
#   bench/run.sh a c             # only some scenarios (the report is made from what bench/target/results.jsonl holds)
#   QUICK=1 bench/run.sh         # a smoke run: fewer connections, shorter steps (figures not comparable)
#   SERVERS="herald-ws node" bench/run.sh a
#   HERALD_JAR=/tmp/h.jar HERALD_ARGS="--herald.limits.connections-per-second=0" SERVERS=herald-ws bench/run.sh f   # Herald with other settings
#
# Servers run pinned to core 0 (SERVER_CPU), every load process to core 1 (CLIENT_CPU). Each measured
# scenario first waits (up to QUIET_WAIT_S) for the machine to be quiet and records whether it was.
# Every process started here is killed on exit; every step is bounded in time and connections.
# Not part of ./mvnw verify.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
T=bench/target
mkdir -p "$T/logs" "$T/peers" "$T/load"

SCENARIOS="${*:-a b c d e f g h}"
SERVERS="${SERVERS:-herald-ws herald-rest centrifugo node wspp lws}"
QUICK="${QUICK:-0}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
QUIET_WAIT_S="${QUIET_WAIT_S:-300}"
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# The benchmark names the collector explicitly rather than leave it to the JVM's ergonomics.
# Herald's JVM settings, as in the Dockerfile and spring-boot:run (README, "JVM settings")
HERALD_JVM_OPTS="${HERALD_JVM_OPTS:--XX:+UseSerialGC -Xmn128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxInlineLevel=6 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000}"
# Herald warms its connection path before it reports ready (README, "Warm-up"); 0 starts it cold
HERALD_WARMUP="${HERALD_WARMUP:-10000}"
SCENARIO=""
APIKEY=bench-api-key
SECRET=bench-token-secret-0123456789-0123456789-abcdef
RESULTS="${RESULTS:-$T/results.jsonl}"
LOAD_JAVA="$JDK17/bin/java"
# Centrifugo, the server users would pick instead: built with `go install` into a cache outside the repo
CENTRIFUGO_VERSION="${CENTRIFUGO_VERSION:-v6.9.1}"
BENCH_CACHE="${BENCH_CACHE:-$HOME/.cache/herald-bench}"
CENTRIFUGO="$BENCH_CACHE/centrifugo-$CENTRIFUGO_VERSION/centrifugo"

SERVER_PID=""
DRIVER_PID=""
cleanup() {
  [ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[run %s] %s\n' "$(date +%T)" "$*" >&2; }

# ------------------------------------------------------------------ build

build() {
  if [ "${SKIP_BUILD:-0}" = 1 ]; then return; fi
  log "building Herald (Tomcat) and Herald on Jetty (profile bench-jetty)"
  ./mvnw -q -DskipTests package
  ./mvnw -q -DskipTests -Pbench-jetty package
  if ! dpkg -s libwebsocketpp-dev libboost-dev libboost-system-dev libwebsockets-dev >/dev/null 2>&1; then
    log "installing websocketpp, Boost and libwebsockets from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libwebsocketpp-dev libboost-dev libboost-system-dev libwebsockets-dev
  fi
  (cd bench && npm ci --no-audit --no-fund --silent)
  "$JDK17/bin/javac" -d "$T/load" bench/load/*.java
  g++ -O2 -std=c++17 bench/peers/websocketpp/server.cpp -o "$T/peers/wspp-server" -pthread
  gcc -O2 bench/peers/libwebsockets/server.c -o "$T/peers/lws-server" -lwebsockets
  install_centrifugo
}

# go install of Centrifugo takes minutes (it builds many cloud SDKs); done once per machine, never committed
install_centrifugo() {
  if [ -x "$CENTRIFUGO" ]; then return; fi
  log "installing Centrifugo $CENTRIFUGO_VERSION with go install into $(dirname "$CENTRIFUGO") (minutes)"
  mkdir -p "$(dirname "$CENTRIFUGO")"
  GOBIN="$(dirname "$CENTRIFUGO")" go install "github.com/centrifugal/centrifugo/v6@$CENTRIFUGO_VERSION"
}

# An HS256 JWT for Centrifugo signed with the benchmark's secret (user "bench", 4 hours), as Herald's tokens are
centrifugo_token() {
  node -e '
    const c = require("node:crypto");
    const b = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const body = b({ alg: "HS256", typ: "JWT" }) + "." + b({ sub: "bench", iat: now, exp: now + 14400 });
    process.stdout.write(body + "." + c.createHmac("sha256", process.argv[1]).update(body).digest("base64url"));
  ' "$SECRET"
}

# Centrifugo configured for the same load: loopback, JWT with the same secret, clients may subscribe to any
# channel without a namespace, publishing over the HTTP API with the same key, Pings every 20 s like the
# others; everything else its defaults (including queue_max_size 1 MiB, the slow-consumer cut of the others)
centrifugo_config() {
  cat >"$T/centrifugo.json" <<JSON
{
  "http_server": {"address": "127.0.0.1", "port": $1},
  "log": {"level": "${CENTRIFUGO_LOG_LEVEL:-warn}"},
  "client": {
    "token": {"hmac_secret_key": "$SECRET"},
    "ping_interval": "20s",
    "allowed_origins": ["*"]
  },
  "channel": {"without_namespace": {"allow_subscribe_for_client": true}},
  "http_api": {"key": "$APIKEY"},
  "usage_stats": {"disabled": true}
}
JSON
}

# ------------------------------------------------------------------ servers

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# start_server <name> : sets SERVER_PID, PORT, WS_PATH, PUB_MODE, JCMD
start_server() {
  local name="$1" jar="${HERALD_JAR:-target/herald-0.1.0-SNAPSHOT.jar}" jdk="$JDK17" extra=""
  PORT=$(free_port)
  WS_PATH="/v1/ws"
  PUB_MODE=ws
  PUB_PATH=""
  PROTO=herald
  TOKEN=""
  JCMD=""
  case "$name" in
    herald-*)
      case "$name" in *jdk25*) jdk="$JDK25" ;; esac
      case "$name" in *jetty*)
        jar="target-jetty/herald-0.1.0-SNAPSHOT.jar"
        extra="--spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration" ;;
      esac
      case "$name" in herald-rest*) PUB_MODE=rest ;; esac
      JCMD="$jdk/bin/jcmd"
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" "$jdk/bin/java" $HERALD_JVM_OPTS -jar "$jar" \
        --herald.volume.simulator.enabled=false --server.address=127.0.0.1 --server.port="$PORT" \
        --herald.security.api-keys="$APIKEY" --herald.token.secret="$SECRET" \
        --herald.limits.client-messages-per-second=1000000 --herald.limits.client-burst=1000000 \
        --herald.limits.connections-per-user=0 --herald.warmup.connections="$HERALD_WARMUP" $extra ${HERALD_ARGS:-} >"$T/logs/$name.server.log" 2>&1 &
      SERVER_PID=$!
      ;;
    centrifugo)
      centrifugo_config "$PORT"
      WS_PATH="/connection/websocket"; PUB_MODE=rest; PUB_PATH="/api/publish"; PROTO=centrifugo
      TOKEN=$(centrifugo_token)
      taskset -c "$SERVER_CPU" "$CENTRIFUGO" --config "$T/centrifugo.json" >"$T/logs/$name.server.log" 2>&1 &
      SERVER_PID=$!
      ;;
    node) taskset -c "$SERVER_CPU" node bench/peers/node/server.mjs "$PORT" >"$T/logs/$name.server.log" 2>&1 & SERVER_PID=$! ;;
    wspp) taskset -c "$SERVER_CPU" "$T/peers/wspp-server" "$PORT" >"$T/logs/$name.server.log" 2>&1 & SERVER_PID=$! ;;
    lws) taskset -c "$SERVER_CPU" "$T/peers/lws-server" "$PORT" >"$T/logs/$name.server.log" 2>&1 & SERVER_PID=$! ;;
    *) log "unknown server $name"; return 1 ;;
  esac
  local i
  for i in $(seq 240); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$name exited at start"; tail -5 "$T/logs/$name.server.log" >&2; return 1; }
    sleep 0.5
  done
  if [[ "$name" == herald-* ]]; then
    for i in $(seq 120); do
      curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
      sleep 0.5
    done
    # what the warm-up did before the node reported ready, for the report
    local warm
    warm=$(grep -m1 -o 'event=warmup.done connections=[0-9]* failed=[0-9]* ms=[0-9]*' "$T/logs/$name.server.log" || true)
    if [ -n "$warm" ]; then
      printf '{"scenario":"warmup","server":"%s","kind":"warmup","at":"%s","forScenario":"%s","connections":%s,"failed":%s,"ms":%s}\n' \
        "$name" "$(date -u +%FT%TZ)" "$SCENARIO" "$(echo "$warm" | sed 's/.*connections=\([0-9]*\).*/\1/')" \
        "$(echo "$warm" | sed 's/.*failed=\([0-9]*\).*/\1/')" "$(echo "$warm" | sed 's/.*ms=\([0-9]*\).*/\1/')" >>"$RESULTS"
    fi
    local token
    token=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/api/createtoken" -H "X-Api-Key: $APIKEY" \
      -H 'Content-Type: application/json' \
      -d '{"UserName":"bench","Subscribe":["bench"],"Publish":["bench"],"TtlSeconds":14400}' |
      sed 's/.*"token":"\([^"]*\)".*/\1/')
    WS_PATH="/v1/ws?token=$token"
  fi
  log "$name up: pid $SERVER_PID port $PORT"
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

# ------------------------------------------------------------------ quiet machine

# Both cores at least 90 % idle over 5 s, else wait (up to QUIET_WAIT_S); records what it saw.
wait_quiet() {
  local scenario="$1" waited=0 idle
  while :; do
    idle=$(core_idle 5)
    if awk -v i="$idle" 'BEGIN{split(i,a," "); exit !(a[1]>=90 && a[2]>=90)}'; then break; fi
    if [ "$waited" -ge "$QUIET_WAIT_S" ]; then break; fi
    sleep 10; waited=$((waited + 15))
  done
  local quiet=false
  awk -v i="$idle" 'BEGIN{split(i,a," "); exit !(a[1]>=90 && a[2]>=90)}' && quiet=true
  local others
  others=$(pgrep -af 'surefire|maven|plexus-classworlds' | grep -v "$$" | wc -l || true)
  printf '{"scenario":"%s","server":"machine","kind":"quiet","at":"'"$(date -u +%FT%TZ)"'","quiet":%s,"idlePct":"%s","waitedS":%d,"loadavg":"%s","otherBuildProcesses":%s}\n' \
    "$scenario" "$quiet" "$idle" "$waited" "$(cut -d' ' -f1-3 /proc/loadavg)" "$others" >>"$RESULTS"
  log "scenario $scenario: quiet=$quiet idle%=[$idle] waited ${waited}s"
  SCENARIO="$scenario"
}

# per-core idle % over N seconds: "idle0 idle1"
core_idle() {
  local a b
  a=$(grep -E '^cpu[0-9]' /proc/stat)
  sleep "$1"
  b=$(grep -E '^cpu[0-9]' /proc/stat)
  paste <(echo "$a") <(echo "$b") | awk '{n=NF/2; t1=0; t2=0; for(i=2;i<=n;i++){t1+=$i; t2+=$(i+n)}; id=($(n+5)+$(n+6))-($5+$6); printf "%.0f ", 100*id/(t2-t1)}' | sed 's/ $//'
}

# ------------------------------------------------------------------ scenarios

drive() { # drive <scenario-tag> <name> <driver args...>
  local tag="$1" name="$2"; shift 2
  local jcmd_args=()
  [ -n "$JCMD" ] && jcmd_args=(--jcmd "$JCMD")
  [ -n "$TOKEN" ] && jcmd_args+=(--token "$TOKEN")
  [ -n "$PUB_PATH" ] && jcmd_args+=(--pub-path "$PUB_PATH")
  taskset -c "$CLIENT_CPU" "$LOAD_JAVA" -XX:+UseSerialGC -cp "$T/load" Load drive --tag "$tag" --name "$name" \
    --pid "$SERVER_PID" --port "$PORT" --path "$WS_PATH" --pub "$PUB_MODE" --proto "$PROTO" --apikey "$APIKEY" \
    --out "$RESULTS" --cp "$T/load" --java "$LOAD_JAVA" --logs "$T/logs" \
    --server-cpu "$SERVER_CPU" --client-cpu "$CLIENT_CPU" "${jcmd_args[@]}" "$@" \
    2>>"$T/logs/drive.log" &
  DRIVER_PID=$!
  if ! wait "$DRIVER_PID"; then
    log "$tag/$name: driver failed (see $T/logs/drive.log)"
    # the server's own first error, for the report
    local first
    first=$(grep -m1 -E '^(java|jakarta|org)\.[A-Za-z.]+(Exception|Error)|^Caused by' "$T/logs/$name.server.log" | cut -c1-400 | sed 's/\\/\\\\/g; s/"/\\"/g' || true)
    printf '{"scenario":"%s","server":"%s","kind":"serverLog","at":"%s","firstError":"%s"}\n' \
      "$tag" "$name" "$(date -u +%FT%TZ)" "$first" >>"$RESULTS"
  fi
  DRIVER_PID=""
}

q() { if [ "$QUICK" = 1 ]; then echo "$2"; else echo "$1"; fi; }

scenario_a() {
  wait_quiet a
  for s in $SERVERS; do
    start_server "$s" || continue
    drive a "$s" --scenario fanout --subs "$(q 1000 200)" --procs 2 --rates 20,100 --search --check \
      --step-seconds "$(q 10 3)" --warm-s "$(q 8 2)" --search-budget-s "$(q 240 30)" --size 64
    stop_server
  done
}

scenario_b() {
  wait_quiet b
  for s in $SERVERS; do
    start_server "$s" || continue
    drive b "$s" --scenario fanout --subs "$(q 10000 1000)" --procs 2 --rates 2,10 \
      --step-seconds "$(q 30 5)" --warm-s "$(q 5 2)" --warm-rate 10 --size 64
    stop_server
  done
}

scenario_c() {
  wait_quiet c
  for s in $SERVERS; do
    [ "$s" = herald-rest ] && continue # the same server as herald-ws; nothing is published here
    start_server "$s" || continue
    drive c "$s" --scenario idle --subs "$(q 19000 2000)" --procs 2 --settle-s "$(q 10 3)" --hold-s "$(q 60 25)"
    stop_server
  done
}

scenario_d() {
  wait_quiet d
  for s in $SERVERS; do
    start_server "$s" || continue
    drive d "$s" --scenario slow --subs "$(q 1000 200)" --procs 2 --rate 20 --size 8192 \
      --step-seconds "$(q 20 5)" --slow-seconds "$(q 40 8)" --warm-s "$(q 5 2)" --warm-rate 20 --slow-bps 1000
    stop_server
    server_cuts d "$s"
  done
}

# What the server itself says it closed (a slow reader cannot see its own close): Herald's close log lines
# other than 1000/1006, the peers' "event=cut" lines; counted by code and cause.
server_cuts() {
  local tag="$1" name="$2" summary
  summary=$({ grep -oE 'event=ws.close .*code=[0-9]+ .*cause=[a-z_]+' "$T/logs/$name.server.log" |
      grep -vE 'code=(1000|1006) ' | sed -E 's/.*code=([0-9]+) .*cause=([a-z_]+).*/\1 \2/';
    grep -oE 'event=cut cause=[a-z_]+' "$T/logs/$name.server.log" | sed 's/event=cut cause=//'; } |
    sort | uniq -c | awk '{$1=$1; print}' | paste -sd ';' - || true)
  printf '{"scenario":"%s","server":"%s","kind":"serverCuts","at":"%s","summary":"%s"}\n' \
    "$tag" "$name" "$(date -u +%FT%TZ)" "${summary:-none}" >>"$RESULTS"
}

scenario_e() {
  wait_quiet e
  for s in ${E_SERVERS:-herald-tomcat-jdk17 herald-tomcat-jdk25 herald-jetty-jdk17 herald-jetty-jdk25}; do
    start_server "$s" || continue
    drive e "$s" --scenario fanout --subs "$(q 1000 200)" --procs 2 --rates 20,100 --search \
      --step-seconds "$(q 10 3)" --warm-s "$(q 8 2)" --search-budget-s "$(q 180 30)" --size 64 \
      --setup-timeout-ms 60000
    stop_server
  done
}

# (f) 19,000 clients connect and subscribe as fast as they can, then all are dropped at once and reconnect
# with exponential backoff and full jitter (first try within 1 s, at most 20 s apart: Herald's client library)
scenario_f() {
  wait_quiet f
  for s in $SERVERS; do
    [ "$s" = herald-rest ] && continue # the same server as herald-ws; nothing is published here
    start_server "$s" || continue
    drive f "$s" --scenario storm --subs "$(q 19000 2000)" --procs 2 --concurrency "$(q 500 200)" \
      --jitter-ms 1000 --max-backoff-ms 20000 --storm-timeout-s "$(q 120 40)" --settle-s "$(q 5 2)" \
      --setup-timeout-ms 240000
    stop_server
  done
}

# (g) 500 connects and disconnects a second beside 1,000 steady subscribers getting 20 msgs/s, in five rounds on
# one server: the first is a fresh node's, the later ones a node whose JIT has seen churn before. One round moves
# by +-15 points between runs for every server, more than the 10 % the target allows: the report gives the
# median of the rounds beside the fresh one
scenario_g() {
  wait_quiet g
  for s in $SERVERS; do
    start_server "$s" || continue
    drive g "$s" --scenario churn --subs "$(q 1000 200)" --procs 2 --rate 20 --churn-rate "$(q 500 100)" \
      --step-seconds "$(q 20 5)" --warm-s "$(q 5 2)" --warm-rate 20 --size 64 --rounds "$(q 5 1)"
    stop_server
  done
}

# (h) the load of (a) at 100 msgs/s with subscribers that read late and little (16 KB receive buffer, at most
# 512 bytes per connection every 25 ms), like busy browsers: CPU per delivery where writes cannot be batched by
# a fast reader. Three steps in a row, of which the report takes the median: one step varies by 2x between runs
scenario_h() {
  wait_quiet h
  for s in $SERVERS; do
    start_server "$s" || continue
    drive h "$s" --scenario fanout --subs "$(q 1000 200)" --procs 2 --rates 100,100,100 \
      --step-seconds "$(q 10 3)" --warm-s "$(q 8 2)" --size 64 \
      --read-bytes 512 --read-every-ms 25 --rcvbuf 16384
    stop_server
  done
}

machine_info() {
  local v
  v() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
  {
    printf '{"scenario":"machine","server":"machine","kind":"machine","at":"%s"' "$(date -u +%FT%TZ)"
    printf ',"cpu":"%s","cores":"%s","memory":"%s","kernel":"%s","os":"Debian %s"' \
      "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" \
      "$(free -g | awk '/Mem:/{print $2 " GiB"}')" "$(uname -r)" "$(cat /etc/debian_version)"
    printf ',"jdk17":"%s","jdk25":"%s","node":"%s","ws (npm)":"%s"' \
      "$("$JDK17/bin/java" -version 2>&1 | head -1 | tr -d '"')" "$("$JDK25/bin/java" -version 2>&1 | head -1 | tr -d '"')" \
      "$(node --version)" "$(node -p 'require("./bench/node_modules/ws/package.json").version')"
    printf ',"libwebsocketpp-dev":"%s","libboost-dev":"%s","libwebsockets-dev":"%s","centrifugo":"%s (go install, %s)"' \
      "$(v libwebsocketpp-dev)" "$(v libboost-dev)" "$(v libwebsockets-dev)" "$CENTRIFUGO_VERSION" "$(go version 2>/dev/null | cut -d' ' -f3)"
    printf ',"herald commit":"%s","Herald JVM options":"%s","Herald warm-up (herald.warmup.connections)":"%s","pinning":"server on core %s, load processes on core %s (taskset)"' \
      "$(git rev-parse --short HEAD)" "$HERALD_JVM_OPTS" "$HERALD_WARMUP" "$SERVER_CPU" "$CLIENT_CPU"
    printf ',"open files per process":"%s","ephemeral ports":"%s","quick mode":"%s"' \
      "$(ulimit -n)" "$(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-')" "$QUICK"
    printf ',"load when the run started (uptime)":"%s"}\n' "$(uptime | sed 's/^ *//')"
  } >>"$RESULTS"
}

if [ "${RUN_SH_LIBRARY:-0}" = 1 ]; then return 0; fi # sourced by profile.sh for its functions

build
machine_info
for sc in $SCENARIOS; do
  log "scenario $sc"
  "scenario_$sc"
done
node bench/report.mjs "$RESULTS" >bench/REPORT.md
log "wrote bench/REPORT.md from $RESULTS"
