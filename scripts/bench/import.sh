#!/usr/bin/env bash
# Import speed against sqlite3's own CSV import (SPEC §9), printed as `name: value` lines.
#
# Generates the 100k-customer fixtures once (scripts/gen-fixtures --seed 7 --customers 100000
# --orders-per-customer 10: 100,000 customers, ~1M orders, ~420k interactions), then RUNS times (default 5), for
# customers, orders and interactions in turn: `outpost import` into a fresh node (release build; with validation,
# change capture and a rejects file) and the sqlite3 CLI's `.import --csv` of the same file into a plain table
# with the same columns and indexes (a fresh database; the CLI's defaults). Each run prints both times, the ratio
# and outpost's peak memory; the last lines are the medians of the times and of the per-run ratios.
#   CUSTOMERS / ORDERS_PER_CUSTOMER / RUNS / WORK change the data set, the number of runs and the scratch folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
CUSTOMERS=${CUSTOMERS:-100000}
PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-10}
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/outpost-bench-import}

# Tools a fresh machine may lack: the sqlite3 CLI (the yardstick), GNU time (peak memory), bc.
missing=()
for tool in sqlite3:sqlite3 /usr/bin/time:time bc:bc; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build -c release --product outpost >/dev/null
OUTPOST="$(swift build -c release --show-bin-path)/outpost"

DATA="$WORK/data-$CUSTOMERS-$PER_CUSTOMER"
mkdir -p "$WORK"
if [ ! -f "$DATA/interactions.csv" ]; then
    scripts/gen-fixtures --seed 7 --customers "$CUSTOMERS" --orders-per-customer "$PER_CUSTOMER" --out "$DATA" --quiet
fi
echo "sqlite3_version: $(sqlite3 --version | cut -d' ' -f1)"
for kind in customers orders interactions; do
    echo "${kind}_records: $(sqlite3 :memory: ".import --csv $DATA/$kind.csv t" "SELECT count(*) FROM t")"
done

# The plain tables: outpost's columns and indexes without its bookkeeping (_cl, _clocks, updated_at, _site, _seq).
PLAIN_SCHEMA="
CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL, licence_no TEXT, name TEXT, owner TEXT, phone TEXT, region TEXT, district TEXT,
    address TEXT, channel TEXT, business_type TEXT, opened_on TEXT, status TEXT, marketing_consent INTEGER
) WITHOUT ROWID;
CREATE INDEX customers_region ON customers(region);
CREATE TABLE orders (
    id TEXT NOT NULL UNIQUE, customer_id TEXT, ordered_at TEXT, sku TEXT, quantity INTEGER, amount REAL, channel TEXT
);
CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
CREATE TABLE interactions (id TEXT NOT NULL UNIQUE, customer_id TEXT, at TEXT, kind TEXT, note TEXT);
CREATE INDEX interactions_customer ON interactions(customer_id, at);
"

# Wall seconds, peak RSS (MB) and CPU seconds (user + system) of a command: "SECONDS MB CPU". On a machine
# shared with other work, the CPU ratio is steadier than the wall-clock one.
measure() {
    local out="$WORK/time.out"
    /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >/dev/null
    awk '{ printf "%.2f %.0f %.2f\n", $1, $2 / 1024, $3 + $4 }' "$out"
}

declare -A outpost_s sqlite_s ratio cpu_ratio peak
for run in $(seq 1 "$RUNS"); do
    NODE="$WORK/node"
    PLAIN="$WORK/plain.sqlite"
    rm -rf "$NODE" "$PLAIN" "$PLAIN-journal" "$WORK/rejects-"*.csv
    "$OUTPOST" init --dir "$NODE" --name bench --role hq --region all >/dev/null
    "$OUTPOST" import products "$DATA/products.csv" --dir "$NODE" >/dev/null
    sqlite3 "$PLAIN" "$PLAIN_SCHEMA"
    for kind in customers orders interactions; do
        read -r plain _ plain_cpu < <(measure sqlite3 "$PLAIN" ".import --csv --skip 1 $DATA/$kind.csv $kind")
        read -r ours mb ours_cpu < <(measure "$OUTPOST" import "$kind" "$DATA/$kind.csv" --dir "$NODE" \
            --rejects "$WORK/rejects-$kind.csv")
        r=$(echo "scale=3; $ours / $plain" | bc -l)
        c=$(awk -v a="$ours_cpu" -v b="$plain_cpu" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
        echo "run $run $kind: outpost ${ours} s (peak ${mb} MB, CPU ${ours_cpu} s), sqlite3 .import ${plain} s" \
            "(CPU ${plain_cpu} s), ratio ${r} (CPU ${c})"
        outpost_s[$kind]+="$ours "
        sqlite_s[$kind]+="$plain "
        ratio[$kind]+="$r "
        cpu_ratio[$kind]+="$c "
        peak[$kind]+="$mb "
    done
    rows=$(sqlite3 "$NODE/replica.sqlite" "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders),
        (SELECT count(*) FROM interactions)")
    plain_rows=$(sqlite3 "$PLAIN" "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders),
        (SELECT count(*) FROM interactions)")
    echo "run $run rows (customers|orders|interactions): outpost $rows, sqlite3 $plain_rows"
done

median() { tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for kind in customers orders interactions; do
    echo "import_${kind}_outpost_s_median: $(echo "${outpost_s[$kind]}" | median)"
    echo "import_${kind}_sqlite3_s_median: $(echo "${sqlite_s[$kind]}" | median)"
    echo "import_${kind}_ratio_median: $(echo "${ratio[$kind]}" | median) (runs: ${ratio[$kind]% })"
    echo "import_${kind}_cpu_ratio_median: $(echo "${cpu_ratio[$kind]}" | median) (runs: ${cpu_ratio[$kind]% })"
    echo "import_${kind}_outpost_peak_mb_max: $(echo "${peak[$kind]}" | tr ' ' '\n' | sort -g | tail -1)"
done
