#!/usr/bin/env bash
# Runs Redis and two Herald nodes (target/herald-*.jar) on 127.0.0.1 and measures them with bench/ClusterProbe.java:
#   bench/cluster.sh latency [messages=2000] [rate=200]   cross-node delivery latency (publish on B, subscriber on A)
#   bench/cluster.sh restart [seconds=20] [rate=200]      Redis stopped at 5 s and started again 3 s later, under load
# Redis keeps an append-only file (appendfsync everysec) as in docker-compose.yml. Needs redis-server (Debian's, or
# the one of the embedded-redis test dependency) and python3 for free ports. Everything started here is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-latency}
work=$(mktemp -d /tmp/herald-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
a=$(free_port); b=$(free_port); redis_port=$(free_port)
jar=$(ls target/herald-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -q -B package -DskipTests; jar=$(ls target/herald-*.jar | head -1); fi
redis=$(command -v redis-server || true)
if [ -z "$redis" ]; then
    embedded=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)
    (cd "$work" && unzip -q -o "$embedded" redis-server-6.2.6-v5-linux-amd64 && chmod +x redis-server-6.2.6-v5-linux-amd64)
    redis="$work/redis-server-6.2.6-v5-linux-amd64"
fi
redis_start="$redis --bind 127.0.0.1 --port $redis_port --dir $work --appendonly yes --appendfsync everysec --save '' --pidfile $work/redis.pid >> $work/redis.log 2>&1 &"
redis_stop="pid=\$(cat $work/redis.pid); kill -TERM \$pid; while kill -0 \$pid 2>/dev/null; do sleep 0.02; done"
bash -c "$redis_start"
sleep 0.5
key=bench-key
for port in $a $b; do
    java -Xmx512m -jar "$jar" --server.address=127.0.0.1 --server.port=$port --herald.broker=redis \
        --spring.data.redis.port=$redis_port --herald.node.id=node-$port --herald.security.api-keys=$key \
        --herald.token.secret=bench-secret-of-at-least-thirty-two-bytes --herald.volume.simulator.enabled=false \
        --logging.level.dev.herald=WARN --logging.level.io.lettuce=ERROR > "$work/node-$port.log" 2>&1 &
    pids+=($!)
done
for port in $a $b; do
    for _ in $(seq 120); do
        curl -fs "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"' && break
        sleep 0.5
    done
done
if [ "$mode" = restart ]; then
    REDIS_STOP="$redis_stop" REDIS_START="$redis_start" \
        java bench/ClusterProbe.java restart "http://127.0.0.1:$a" "http://127.0.0.1:$b" $key "${2:-20}" "${3:-200}"
else
    # a short warm-up, then the measured run
    java bench/ClusterProbe.java latency "http://127.0.0.1:$a" "http://127.0.0.1:$b" $key 500 200 > /dev/null
    java bench/ClusterProbe.java latency "http://127.0.0.1:$a" "http://127.0.0.1:$b" $key "${2:-2000}" "${3:-200}"
fi
