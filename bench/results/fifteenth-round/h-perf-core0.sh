#!/usr/bin/env bash
# perf of core 0 (the server's) during the second step of (h), for one server
s=$1
cd "$(dirname "$0")/../../.." && mkdir -p /tmp/perfh
rm -f /tmp/perfh/$s.jsonl
(SKIP_BUILD=1 SERVERS="$s" QUIET_WAIT_S=0 RESULTS=/tmp/perfh/$s.jsonl bench/run.sh h > /tmp/perfh/$s.log 2>&1) &
for i in $(seq 600); do grep -q '"kind":"fixed"' /tmp/perfh/$s.jsonl 2>/dev/null && break; sleep 0.2; done
sleep 1
perf record -q -C 0 -g -o /tmp/perfh/$s.data -- sleep 7 2>/dev/null
wait
