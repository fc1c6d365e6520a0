#!/usr/bin/env bash
# Forecast bench (issue 15): `analytics forecast --by region,sku` (every region x sku series: read the orders,
# build weekly series, backtest and forecast each) and `stock warn` on a generated node. Prints `name: value` lines.
#
#   scripts/bench/forecast.sh                      # 100,000 customers x 10 orders (about 1M orders)
#   CUSTOMERS=20000 scripts/bench/forecast.sh      # smaller run on a slow machine
#
# Data and node live in $WORK (default /tmp/outpost-bench-analytics, shared with the analytics bench), reused when
# the size matches.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v bc >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null

CUSTOMERS=${CUSTOMERS:-100000}
PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-10}
WORK=${WORK:-/tmp/outpost-bench-analytics}
AS_OF=2026-10-31
DATA="$WORK/data-$CUSTOMERS-$PER_CUSTOMER"
NODE="$WORK/node-$CUSTOMERS-$PER_CUSTOMER"
mkdir -p "$WORK"

seconds() { # seconds COMMAND...: wall time of a command, output discarded
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null || [ $? -eq 3 ] # stock warn exits 3 when a shelf runs out
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l | xargs printf "%.3f"
}

swift build -c release --product outpost >/dev/null
BIN="$(swift build -c release --show-bin-path)/outpost"

if [ ! -f "$DATA/stock.csv" ]; then
    echo "generating $CUSTOMERS customers x $PER_CUSTOMER orders into $DATA" >&2
    scripts/gen-fixtures --seed 7 --customers "$CUSTOMERS" --orders-per-customer "$PER_CUSTOMER" --out "$DATA" --quiet
fi
if [ ! -f "$NODE/replica.sqlite" ]; then
    "$BIN" init --dir "$NODE" --name bench --role hq --region east >/dev/null
    for kind in products customers orders; do "$BIN" import "$kind" "$DATA/$kind.csv" --dir "$NODE" >/dev/null; done
fi
# Stock came later than the analytics bench's node: import it when missing (a re-import changes nothing).
"$BIN" stock import "$DATA/stock.csv" --dir "$NODE" >/dev/null
echo "orders: $(($(wc -l <"$DATA/orders.csv") - 1))"
series=$("$BIN" analytics forecast --by region,sku --as-of "$AS_OF" --dir "$NODE" --json | grep -c '"week_start": "'"$AS_OF"'"')
echo "region_sku_series: $series"
echo "stock_rows: $(($(wc -l <"$DATA/stock.csv") - 1))"
for by in region category sku region,sku; do
    echo "forecast_${by/,/_}_seconds: $(seconds "$BIN" analytics forecast --by "$by" --as-of "$AS_OF" --dir "$NODE" --json)"
done
echo "stock_warn_seconds: $(seconds "$BIN" stock warn --as-of "$AS_OF" --dir "$NODE" --json)"
