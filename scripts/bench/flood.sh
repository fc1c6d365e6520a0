#!/usr/bin/env bash
# Connection flood against a real `outpost serve` (release build): CONNECTIONS (default 1,000) CURVE connections with
# one allowed key, each sending a Hello that asks for the whole node, none reading, held HOLD_MS (default 10,000) ms.
# Meanwhile a legitimate office runs `sync --once`. Reports the serve's resident memory before, its peak (VmHWM)
# during the flood, and how long the office's sync took. The node holds fixtures/small (2,000 customers, 50,000
# orders) so every admitted session has batches to queue.
#
# Usage: scripts/bench/flood.sh    (environment: CONNECTIONS, HOLD_MS, SCRATCH: SwiftPM scratch path, default .build)
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${CONNECTIONS:-1000}
hold=${HOLD_MS:-10000}
scratch=${SCRATCH:-.build}

swift build -c release --scratch-path "$scratch" --product outpost >&2
outpost="$scratch/release/outpost"
mkdir -p "$scratch/bench-flood"
gcc -O2 -o "$scratch/bench-flood/flood" scripts/bench/flood/flood.c -lzmq

work=$(mktemp -d)
trap '[[ -n "${serve:-}" ]] && kill "$serve" 2>/dev/null; rm -rf "$work"' EXIT
for node in hq flooder office; do
    "$outpost" --dir "$work/$node" init --name "$node" --role office --region "$node" --listen tcp://127.0.0.1:0 >/dev/null
done
key() { tr -d '\n' <"$work/$1/keys/curve.public"; }
"$outpost" --dir "$work/hq" peer add flooder --key "$(key flooder)"
"$outpost" --dir "$work/hq" peer add office --key "$(key office)"
for table in customers products orders; do
    "$outpost" --dir "$work/hq" import "$table" "fixtures/small/$table.csv" >/dev/null
done

"$outpost" --dir "$work/hq" serve --log-level error &
serve=$!
endpoint=""
for _ in $(seq 1 500); do
    endpoint=$(sed -n 2p "$work/hq/serve.pid" 2>/dev/null || true)
    [[ -n "$endpoint" ]] && break
    sleep 0.02
done
[[ -n "$endpoint" ]] || { echo "serve did not bind" >&2; exit 1; }
"$outpost" --dir "$work/office" peer add hq --endpoint "$endpoint" --key "$(key hq)"
rss() { awk -v field="$1:" '$1 == field { print $2 }' "/proc/$serve/status"; }
before=$(rss VmRSS)

"$scratch/bench-flood/flood" "$endpoint" "$(key hq)" "$(tr -d '\n' <"$work/flooder/keys/curve.secret")" \
    "$connections" "$hold" &
flood=$!
sleep 1
start=$(date +%s.%N)
if "$outpost" --dir "$work/office" sync --once --timeout 60 >/dev/null; then synced=yes; else synced=no; fi
took=$(echo "$(date +%s.%N) - $start" | bc -l)
wait "$flood"
peak=$(rss VmHWM)
after=$(rss VmRSS)
kill -INT "$serve"
wait "$serve" || true
serve=""

printf 'flood_connections: %d\n' "$connections"
printf 'serve_rss_before_mb: %.1f\n' "$(echo "$before / 1024" | bc -l)"
printf 'serve_peak_rss_mb: %.1f\n' "$(echo "$peak / 1024" | bc -l)"
printf 'serve_rss_after_mb: %.1f\n' "$(echo "$after / 1024" | bc -l)"
printf 'office_sync_during_flood: %s in %.2f s\n' "$synced" "$took"
