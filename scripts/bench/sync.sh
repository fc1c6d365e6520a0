#!/usr/bin/env bash
# Sync benchmarks (SPEC §9), printed as `name: value` lines:
#   merge        remote-change merge rate vs plain bulk insert of the same rows (one process, one run)
#   live-push    commit on A to visible on B, 1,000 single-row writes, two engines over CURVE on loopback
#   initial      initial sync of a generated node (100,000 customers, ~1M orders) to an empty one over
#                CURVE on loopback; wall time, peak RSS and CPU seconds of both processes (/usr/bin/time -v)
#   scoped       the same, but headquarters grants the office one region (`peer add --region east`) of the
#                five, so the scope filter runs on headquarters' outgoing path and a quarter of the rows travel
#   scope-read   the scope filter alone: reading every outgoing batch unscoped vs scoped (outpost-bench)
# CUSTOMERS / ORDERS_PER_CUSTOMER shrink the initial-sync data set on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Tools a fresh machine may lack: bc for arithmetic, GNU time for peak memory.
for tool in bc:bc /usr/bin/time:time; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null
done
what=${1:-all}
CUSTOMERS=${CUSTOMERS:-100000}
PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-10}
WORK=${WORK:-/tmp/outpost-bench-sync}

swift build -c release --product outpost-bench >/dev/null
swift build -c release --product outpost >/dev/null
BIN_DIR="$(swift build -c release --show-bin-path)"

if [ "$what" = merge ] || [ "$what" = all ]; then
    "$BIN_DIR/outpost-bench" merge --orders "${MERGE_ORDERS:-1000000}" --customers 100000
fi
if [ "$what" = live-push ] || [ "$what" = all ]; then
    "$BIN_DIR/outpost-bench" live-push --writes 1000
fi
if [ "$what" = scope-read ] || [ "$what" = all ]; then
    "$BIN_DIR/outpost-bench" scope-read --orders 1000000 --customers 100000
fi
run_initial() {
    # $1: the region headquarters grants the office, or empty for no grant (unscoped, as before scopes)
    local grant=$1 label=initial_sync${1:+_scoped}
    DATA="$WORK/data-$CUSTOMERS-$PER_CUSTOMER"
    mkdir -p "$WORK"
    if [ ! -f "$DATA/interactions.csv" ]; then
        scripts/gen-fixtures --seed 7 --customers "$CUSTOMERS" --orders-per-customer "$PER_CUSTOMER" --out "$DATA" --quiet
    fi
    SOURCE="$WORK/source-$CUSTOMERS-$PER_CUSTOMER"
    if [ ! -f "$SOURCE/replica.sqlite" ]; then
        "$BIN_DIR/outpost" init --dir "$SOURCE" --name source --role hq --region all >/dev/null
        for kind in products customers orders; do
            "$BIN_DIR/outpost" import "$kind" "$DATA/$kind.csv" --dir "$SOURCE" | tail -1
        done
    fi
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 - "$SOURCE/node.json" "tcp://127.0.0.1:$PORT" <<'PY'
import json, sys
config = json.load(open(sys.argv[1])); config["listen"] = sys.argv[2]; json.dump(config, open(sys.argv[1], "w"))
PY
    TARGET="$WORK/target"
    rm -rf "$TARGET"
    "$BIN_DIR/outpost" init --dir "$TARGET" --name target --role office --region east >/dev/null
    key() { "$BIN_DIR/outpost" keys show --json --dir "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])'; }
    "$BIN_DIR/outpost" peer remove target --dir "$SOURCE" >/dev/null 2>&1 || true
    "$BIN_DIR/outpost" peer add target --key "$(key "$TARGET")" ${grant:+--region "$grant"} --dir "$SOURCE" >/dev/null
    "$BIN_DIR/outpost" peer add source --endpoint "tcp://127.0.0.1:$PORT" --key "$(key "$SOURCE")" --dir "$TARGET" >/dev/null
    /usr/bin/time -v "$BIN_DIR/outpost" serve --dir "$SOURCE" --log-level error 2>"$WORK/serve.time" &
    SERVE=$!
    sleep 1
    start=$(date +%s.%N)
    /usr/bin/time -v "$BIN_DIR/outpost" sync --once --timeout 600 --dir "$TARGET" 2>"$WORK/sync.time" >/dev/null
    end=$(date +%s.%N)
    kill -TERM "$(pgrep -P "$SERVE" outpost || echo "$SERVE")" 2>/dev/null || true
    wait "$SERVE" 2>/dev/null || true
    rows=$("$BIN_DIR/outpost" checksum --json --dir "$TARGET" | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["customers"]["rows"], c["orders"]["rows"])')
    same=$(diff <("$BIN_DIR/outpost" checksum --json ${grant:+--scope "$grant"} --dir "$SOURCE") <("$BIN_DIR/outpost" checksum --json --dir "$TARGET") >/dev/null && echo yes || echo no)
    cpu() { awk '/User time|System time/ {sum += $NF} END {printf "%.1f", sum}' "$1"; }
    echo "${label}_rows (customers orders): $rows"
    echo "${label}_checksums_equal: $same"
    printf '%s_s: %.1f\n' "$label" "$(echo "$end - $start" | bc -l)"
    echo "${label}_receiver_peak_rss_mb: $(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$WORK/sync.time")"
    echo "${label}_sender_peak_rss_mb: $(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$WORK/serve.time")"
    echo "${label}_receiver_cpu_s: $(cpu "$WORK/sync.time")"
    echo "${label}_sender_cpu_s: $(cpu "$WORK/serve.time")"
}
if [ "$what" = initial ] || [ "$what" = all ]; then
    run_initial ""
fi
if [ "$what" = scoped ] || [ "$what" = all ]; then
    run_initial east
fi
