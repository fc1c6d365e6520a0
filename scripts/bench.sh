#!/usr/bin/env bash
# Benchmarks of SPEC §9, each printing `name: value` lines; results go to docs/benchmarks.md by hand,
# with the command that produced them. Release builds; ratios are measured within one run.
#   scripts/bench.sh import       outpost import vs the sqlite3 CLI's .import of the same files (100k customers, 1M orders)
#   scripts/bench.sh capture      change capture vs plain SQLite writes (1M orders, 100k customer updates)
#   scripts/bench.sh zmq          our ZeroMQ layer vs a C program against libzmq (64 B / 64 KiB, plain / CURVE)
#   scripts/bench.sh sync         merge rate, live push latency, initial sync of 100k customers + 1M orders
#   scripts/bench.sh analytics    features + RFM/tiers/lifecycle/churn, k-means vs scikit-learn, CLV
#   scripts/bench.sh forecast     analytics forecast of every region x sku series and stock warn (1M orders)
#   scripts/bench.sh all
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
case "$what" in
capture)
    swift build -c release --product outpost-bench >/dev/null
    "$(swift build -c release --show-bin-path)/outpost-bench" capture "${@:2}"
    ;;
import) scripts/bench/import.sh ;;
zmq) scripts/bench/zmq.sh ;;
sync) scripts/bench/sync.sh "${2:-all}" ;;
analytics) scripts/bench/analytics.sh ;;
forecast) scripts/bench/forecast.sh ;;
all)
    for suite in import capture zmq sync analytics forecast; do
        echo "== $suite"
        "$0" "$suite"
    done
    ;;
*)
    echo "usage: scripts/bench.sh import|capture|zmq|sync|analytics|forecast|all" >&2
    exit 2
    ;;
esac
