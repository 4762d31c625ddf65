#!/usr/bin/env bash
# perf of both cores during (h)'s second step and system calls of the server in its third, for one server
s=$1
cd "$(dirname "$0")/../../.." && mkdir -p /tmp/perfa
rm -f /tmp/perfa/$s.jsonl
(SKIP_BUILD=1 SERVERS="$s" QUIET_WAIT_S=0 RESULTS=/tmp/perfa/$s.jsonl bench/run.sh h > /tmp/perfa/$s.log 2>&1) &
for i in $(seq 900); do grep -q '"kind":"fixed"' /tmp/perfa/$s.jsonl 2>/dev/null && break; sleep 0.2; done
sleep 1
case $s in wspp) pid=$(pgrep -f wspp-server | head -1);; *) pid=$(pgrep -f 'herald-0.1.0' | head -1);; esac
perf record -q -a -g -o /tmp/perfa/$s.data -- sleep 7 2>/dev/null
sleep 2
perf trace -s -p $pid -o /tmp/perfa/$s.trace -- sleep 5 2>/dev/null
wait
