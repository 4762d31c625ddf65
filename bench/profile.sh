#!/usr/bin/env bash
# A JFR profile of Herald under the load of scenario (a): 1,000 subscribers, WebSocket publish at RATE msgs/s (default 50: at 100 Herald falls behind and cuts everyone by keepalive)
# for DURATION seconds (default 60), recorded with JFR's "profile" settings during that step only.
#
#   bench/profile.sh              # writes bench/target/profile/herald.jfr and bench/target/profile/summary.txt
#   RATE=150 DURATION=60 PUB=rest bench/profile.sh
#   RATE=100 DURATION=30 SLOW=1 bench/profile.sh   # the slow readers of scenario (h)
#
# The summary holds JFR's hot-methods and allocation views (read with JDK 25's jfr tool, which has `jfr view`),
# the top frames aggregated from every execution sample, and GC pauses. Uses run.sh's servers and pinning.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RATE="${RATE:-50}"
DURATION="${DURATION:-60}"
PUB="${PUB:-ws}"
SLOW_READERS=()
[ "${SLOW:-0}" = 1 ] && SLOW_READERS=(--read-bytes 512 --read-every-ms 25 --rcvbuf 16384)
OUT=bench/target/profile
mkdir -p "$OUT"
rm -f "$OUT/herald.jfr"
export RESULTS="$OUT/profile.jsonl"
JFR_TOOL="${JFR_TOOL:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr}"

# reuse run.sh's functions (build, start_server, drive, ...) without running its scenarios
# shellcheck source=bench/run.sh
RUN_SH_LIBRARY=1 source bench/run.sh
build
name=herald-ws
[ "$PUB" = rest ] && name=herald-rest
wait_quiet profile
start_server "$name"
drive profile "$name" --scenario fanout --subs 1000 --procs 2 --rates "$RATE" --step-seconds "$DURATION" \
  --warm-s 10 --size 64 "${SLOW_READERS[@]}" --jfr "$ROOT/$OUT/herald.jfr"
stop_server

{
  echo "# JFR profile of Herald ($name), 1,000 subscribers, $RATE msgs/s for $DURATION s"
  grep '"kind":"fixed"' "$RESULTS" | tail -1
  for view in hot-methods allocation-by-class allocation-by-site gc-pauses gc cpu-load; do
    echo; echo "## jfr view $view"
    "$JFR_TOOL" view --width 220 "$view" "$OUT/herald.jfr" 2>&1 | head -40 || true
  done
  echo; echo "## execution samples: top frames, and frames anywhere on the stack (inclusive), by method"
  "$JFR_TOOL" print --json --events jdk.ExecutionSample --stack-depth 48 "$OUT/herald.jfr" >"$OUT/exec.json"
  "$JFR_TOOL" print --json --events jdk.NativeMethodSample --stack-depth 24 "$OUT/herald.jfr" >"$OUT/native.json"
  "$JFR_TOOL" print --json --events jdk.ObjectAllocationSample --stack-depth 4 "$OUT/herald.jfr" >"$OUT/alloc.json"
  "$JFR_TOOL" print --json --events jdk.ThreadCPULoad "$OUT/herald.jfr" >"$OUT/cpu.json"
  node bench/jfr-stacks.mjs "$OUT/exec.json" "$OUT/native.json" "$OUT/alloc.json" "$OUT/cpu.json"
  rm -f "$OUT"/exec.json "$OUT"/native.json "$OUT"/alloc.json "$OUT"/cpu.json
} >"$OUT/summary.txt" 2>&1
echo "wrote $OUT/summary.txt"
