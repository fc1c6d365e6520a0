#!/usr/bin/env bash
# The README's main command: three Outpost nodes on loopback (hq, office east, office west), each with its
# own database and CURVE keys. The offices import their share of the committed fixtures while "offline",
# edit the same customer concurrently, then sync through HQ; every node ends with identical checksums and
# the conflict resolved by the documented rule (the later hybrid-clock write wins the field).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/include/zmq.h ] || need+=(libzmq3-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

echo "== building outpost"
swift build --product outpost 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/outpost"

WORK="$(mktemp -d /tmp/outpost-demo.XXXXXX)"
HQ_PID=""
cleanup() {
    if [ -n "$HQ_PID" ]; then kill -TERM "$HQ_PID" 2>/dev/null || true; wait "$HQ_PID" 2>/dev/null || true; fi
    [ "${KEEP:-0}" = 1 ] && echo "(kept $WORK)" || rm -rf "$WORK"
}
trap cleanup EXIT

op() { local node=$1; shift; "$BIN" --dir "$WORK/$node" "$@"; }
step() { printf '\n== %s\n' "$*"; }
key() { op "$1" keys show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])'; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HQ_ENDPOINT="tcp://127.0.0.1:$PORT"

step "create three nodes: hq listens on $HQ_ENDPOINT, the offices dial it"
op hq init --name hq --role hq --region all --listen "$HQ_ENDPOINT"
op east init --name east --role office --region east,north,central
op west init --name west --role office --region west,south

step "exchange keys: each side admits only the keys it was given, hq grants each office its regions"
op hq peer add east --key "$(key east)" --role office --region east,north,central
op hq peer add west --key "$(key west)" --role office --region west,south
op east peer add hq --endpoint "$HQ_ENDPOINT" --key "$(key hq)" --role hq
op west peer add hq --endpoint "$HQ_ENDPOINT" --key "$(key hq)" --role hq
op east peer list

step "hq loads the company-wide product catalogue and serves; the offices fetch it"
op hq import products fixtures/small/products.csv | tail -1
"$BIN" --dir "$WORK/hq" serve --log-level notice &
HQ_PID=$!
sleep 1
op east sync --once --timeout 60
op west sync --once --timeout 60

step "offices import their regions' share of the fixtures while offline"
python3 scripts/split-by-region.py fixtures/small "$WORK/east-csv" east,north,central
python3 scripts/split-by-region.py fixtures/small "$WORK/west-csv" west,south
for office in east west; do
    for table in customers orders interactions; do
        op "$office" import "$table" "$WORK/$office-csv/$table.csv" | tail -1
    done
done
echo "a bad file keeps its good rows and names the bad lines (an office also refuses other regions' customers):"
op east import customers fixtures/bad/customers-bad.csv --rejects "$WORK/rejects.csv" | tail -4

step "the offices sync through hq (no direct link between east and west); each receives only its own regions"
op east sync --once --timeout 60
op west sync --once --timeout 60
op east sync --once --timeout 60

CUSTOMER=$(op east customer list --region east --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
step "conflict: east (offline) and hq both edit customer $CUSTOMER's phone"
op east customer update "$CUSTOMER" --phone 13900000001 --owner "East's edit"
sleep 0.05
op hq customer update "$CUSTOMER" --phone 13900000002
op east sync --once
for node in hq east; do
    printf '%-5s phone=%s owner=%s\n' "$node" \
        "$(op $node customer show "$CUSTOMER" --json --unmask | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["phone"])')" \
        "$(op $node customer show "$CUSTOMER" --json --unmask | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["owner"])')"
done
if op west customer show "$CUSTOMER" >/dev/null 2>&1; then
    echo "west: holds an east customer"; exit 1
fi
echo "west: does not hold it (outside its regions, west and south)"
echo "rule: per field, the write with the higher hybrid clock wins (hq edited the phone last);"
echo "      east's owner edit touched another field and survives on both."
echo "the conflict as hq recorded it:"
op hq conflicts

op west sync --once
step "checksums: each office equals hq's checksum of the regions it holds"
op hq checksum
for pair in east:east,north,central west:west,south; do
    node=${pair%%:*} scope=${pair#*:}
    if diff <(op hq checksum --scope "$scope" --json) <(op $node checksum --json) >/dev/null; then
        echo "$node: identical to hq's checksum --scope $scope"
    else
        echo "$node: DIFFERS from hq's checksum --scope $scope"; exit 1
    fi
done

step "segmentation, locally on each node: the value pyramid on hq (all regions)"
op hq analytics tiers --as-of 2026-10-31 --limit 5
step "the star programme over the last two quarters: tiers, KPIs and who moved between tiers"
op hq analytics programme --as-of 2026-10-31 --quarters 2
step "a rule segment defined on hq replicates; east runs it on its own data"
op hq segment define vip_at_risk 'tier == "value" and recency > 30' --description "big spenders gone quiet"
op east sync --once
op east segment run vip_at_risk --as-of 2026-10-31
op east segment show vip_at_risk --limit 5
step "campaign: hq back-tests one on the fixtures' history, launched as of 2026-06-01 with a 10% holdout"
op hq segment define active_shops 'status == "active"' --description "every open shop"
CAMPAIGN=$(op hq campaign create "June visits" --segment active_shops --holdout 10 \
    --starts 2026-06-01 --ends 2026-06-30 --attribution-days 30 --channel visit --id june-visits)
op hq campaign launch "$CAMPAIGN" --as-of 2026-06-01
op east sync --once
echo "east's call list (targets of its region only, never the control group), the first rows filled in offline:"
op east campaign export "$CAMPAIGN" --output "$WORK/east-calls.csv"
python3 - "$WORK/east-calls.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for index, row in enumerate(rows[:30]):
    row["outcome"] = ["reached", "no_answer", "coupon_redeemed"][index % 3]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as out:
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
PY
op east campaign contact "$CAMPAIGN" --import "$WORK/east-calls.csv"
op east sync --once
op west sync --once
op east sync --once
step "the campaign report on hq (conversion from the replicated orders; the fixtures hold no true effect)"
op hq campaign report "$CAMPAIGN" --by region --as-of 2026-08-31
echo "west's report covers the regions west holds:"
op west campaign report "$CAMPAIGN" --by region --as-of 2026-08-31
step "status: is everything synced? (exit 3 would mean a peer is behind or unreachable)"
op hq status || true
op east status || true
step "the report of hq: one self-contained HTML page (open it in a browser, or print it on A4)"
# Outside the demo's directory, which is removed at the end; the page holds only synthetic data, phones masked.
REPORT="$(mktemp --suffix=.html /tmp/outpost-demo-report.XXXXXX)"
op hq report --html "$REPORT" --force --as-of 2026-10-31
echo "east's report of its own regions as JSON, read by a script:"
op east report --json --as-of 2026-10-31 --limit 3 > "$WORK/east-report.json"
python3 - "$WORK/east-report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
print("regions:", ", ".join(r["region"] for r in report["pyramid"]["regions"]))
print("flagged for churn:", report["watchlist"]["flagged"], "- top:",
      ", ".join(c["id"] + " " + c["phone"] for c in report["watchlist"]["customers"]))
print("last sync with hq:", report["header"]["offices"][0]["last_sync"])
PY
step "doctor: bookkeeping checked against the data"
op east doctor
echo
echo "demo finished"
