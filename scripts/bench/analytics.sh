#!/usr/bin/env bash
# Analytics bench (SPEC §9): feature extraction + RFM / tiers / lifecycle / churn on a generated node, k-means against
# scikit-learn on identical points. Prints `name: value` lines.
#
#   scripts/bench/analytics.sh                      # 100,000 customers x 10 orders (about 1M orders)
#   CUSTOMERS=20000 scripts/bench/analytics.sh      # smaller run on a slow machine
#
# Data and node live in $WORK (default /tmp/outpost-bench-analytics), reused when the size matches.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Tools a fresh machine may lack: bc for arithmetic, GNU time for peak memory.
for tool in bc:bc /usr/bin/time:time; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null
done

CUSTOMERS=${CUSTOMERS:-100000}
PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-10}
KMEANS_POINTS=${KMEANS_POINTS:-1000000}
WORK=${WORK:-/tmp/outpost-bench-analytics}
AS_OF=2026-10-31
DATA="$WORK/data-$CUSTOMERS-$PER_CUSTOMER"
NODE="$WORK/node-$CUSTOMERS-$PER_CUSTOMER"
mkdir -p "$WORK"

seconds() { # seconds COMMAND...: wall time of a command, output discarded
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l | xargs printf "%.3f"
}

swift build -c release --product outpost >/dev/null
BIN="$(swift build -c release --show-bin-path)/outpost"

if [ ! -f "$DATA/interactions.csv" ]; then
    echo "generating $CUSTOMERS customers x $PER_CUSTOMER orders into $DATA" >&2
    scripts/gen-fixtures --seed 7 --customers "$CUSTOMERS" --orders-per-customer "$PER_CUSTOMER" --out "$DATA" --quiet
fi
if [ ! -f "$NODE/replica.sqlite" ]; then
    "$BIN" init --dir "$NODE" --name bench --role hq --region east >/dev/null
    start=$(date +%s.%N)
    for kind in products customers orders interactions; do "$BIN" import "$kind" "$DATA/$kind.csv" --dir "$NODE" >/dev/null; done
    echo "import_seconds: $(echo "$(date +%s.%N) - $start" | bc -l | xargs printf "%.1f")"
fi
echo "customers: $CUSTOMERS"
echo "orders: $(($(wc -l <"$DATA/orders.csv") - 1))"

run() { "$BIN" analytics "$@" --as-of "$AS_OF" --dir "$NODE" --json; }
# tiers is feature extraction plus a single pass, so it stands for the extraction cost.
echo "tiers_seconds: $(seconds run tiers)"
echo "rfm_seconds: $(seconds run rfm)"
echo "lifecycle_seconds: $(seconds run lifecycle)"
echo "lifecycle_skip_alive_seconds: $(seconds run lifecycle --skip-alive)"
echo "churn_seconds: $(seconds run churn)"
echo "churn_skip_alive_seconds: $(seconds run churn --skip-alive)"
total=0
for analysis in rfm tiers "lifecycle --skip-alive" "churn --skip-alive"; do
    # shellcheck disable=SC2086 # the analysis and its flag are two words on purpose
    total=$(echo "$total + $(seconds run $analysis)" | bc -l)
done
echo "rfm_tiers_lifecycle_churn_seconds: $(printf "%.3f" "$total")"
# SPEC §9's figure: one extraction and the four analyses in one process (the commands above each extract).
swift build -c release --product outpost-bench >/dev/null
"$(swift build -c release --show-bin-path)/outpost-bench" analytics "$NODE" "$AS_OF"
echo "kmeans_k8_command_seconds: $(seconds run kmeans --k 8 --write-points "$WORK/points.f64")"

# The same standardised points for both libraries, tiled with a small deterministic jitter up to KMEANS_POINTS rows.
python3 - "$WORK/points.f64" "$WORK/points-big.f64" "$KMEANS_POINTS" <<'PY'
import array, random, sys
src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = array.array("d")
with open(src, "rb") as f:
    base.frombytes(f.read())
rows = len(base) // 6
out = array.array("d")
rng = random.Random(7)
copy = 0
while len(out) // 6 < want:
    part = array.array("d", base[: min(rows, want - len(out) // 6) * 6])
    if copy:
        for i in range(len(part)):
            part[i] += rng.uniform(-0.01, 0.01)
    out.extend(part)
    copy += 1
with open(dst, "wb") as f:
    out.tofile(f)
PY
echo "kmeans_swift: $("$BIN" analytics kmeans --k 8 --seed 0 --fit-points "$WORK/points-big.f64" --dir "$NODE")"

VENV=${VENV:-/tmp/skl}
if [ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q scikit-learn numpy; } >/dev/null 2>&1; then
    echo "kmeans_sklearn: $("$VENV/bin/python" scripts/bench/analytics-kmeans.py "$WORK/points-big.f64" --k 8 --n-init 4)"
else
    echo "kmeans_sklearn: skipped (could not create a venv with scikit-learn in $VENV)"
fi
