#!/usr/bin/env bash
# Checks the configs of docker-compose.yml where no Docker engine runs:
#   deploy/check.sh          nginx -t on the shipped nginx.conf (upstream hosts and the listen port rewritten to
#                            127.0.0.1 ports, nothing else changed) and promtool check config on prometheus.yml
#                            (its API key file pointed at a stand-in)
#   deploy/check.sh --live   the same, then runs Redis, two Herald nodes (target/herald-*.jar) and nginx with the
#                            rewritten nginx.conf on 127.0.0.1, and checks through nginx that WebSocket clients reach
#                            both nodes and that a message published on one node reaches a subscriber on the other
# Needs nginx and promtool (Debian: apt-get install nginx prometheus); --live also a redis-server (Debian's, or the
# one that the embedded-redis test dependency ships) and python3 for free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
live=${1:-}
work=$(mktemp -d /tmp/herald-check.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node1=$(free_port); node2=$(free_port); proxy=$(free_port); redis_port=$(free_port)

sed -e "s/server herald-1:8080/server 127.0.0.1:$node1/" -e "s/server herald-2:8080/server 127.0.0.1:$node2/" \
    -e "s/listen 8080;/listen 127.0.0.1:$proxy;/" deploy/nginx/nginx.conf > "$work/nginx.conf"
diff deploy/nginx/nginx.conf "$work/nginx.conf" | grep '^[<>]' || true
nginx -t -p "$work" -c "$work/nginx.conf" -g "pid $work/nginx.pid;"
# the API key file docker-compose.yml mounts for the scrape, here a stand-in (promtool checks that it exists)
printf %s check-key > "$work/herald-api-key"
sed -e "s|credentials_file: /etc/prometheus/herald-api-key|credentials_file: $work/herald-api-key|" \
    deploy/prometheus/prometheus.yml > "$work/prometheus.yml"
promtool check config "$work/prometheus.yml"

[ "$live" = "--live" ] || exit 0

jar=$(ls target/herald-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -q -B package -DskipTests; jar=$(ls target/herald-*.jar | grep -v original | head -1); fi
redis=$(command -v redis-server || true)
if [ -z "$redis" ]; then
    embedded=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)
    (cd "$work" && unzip -q -o "$embedded" redis-server-6.2.6-v5-linux-amd64 && chmod +x redis-server-6.2.6-v5-linux-amd64)
    redis="$work/redis-server-6.2.6-v5-linux-amd64"
fi
"$redis" --bind 127.0.0.1 --port "$redis_port" --dir "$work" --save "" > "$work/redis.log" 2>&1 &
pids+=($!)
key=live-check-key
for n in 1 2; do
    port_var=node$n
    java -jar "$jar" --server.address=127.0.0.1 --server.port="${!port_var}" --herald.broker=redis \
        --spring.data.redis.port="$redis_port" --herald.node.id="herald-$n" --herald.security.api-keys=$key \
        --herald.token.secret=live-check-secret-of-at-least-32-bytes --server.forward-headers-strategy=native \
        > "$work/herald-$n.log" 2>&1 &
    pids+=($!)
done
for n in 1 2; do
    port_var=node$n
    for _ in $(seq 120); do
        curl -fs "http://127.0.0.1:${!port_var}/actuator/health" | grep -q '"status":"UP"' && break
        sleep 0.5
    done
done
nginx -p "$work" -c "$work/nginx.conf" -g "pid $work/nginx.pid;"
sleep 0.5
java deploy/LiveCheck.java "http://127.0.0.1:$proxy" $key
