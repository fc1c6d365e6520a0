#!/usr/bin/env bash
# Renders `outpost report` of the committed fixtures (an HQ node holding all of fixtures/small, as of 2026-10-31)
# to HTML, PNG and A4 PDF with headless Chromium, for people to look at; not part of .ci/run.
# Usage: scripts/report-shot.sh [OUT_DIR]   (default /tmp/outpost-report-shot)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-/tmp/outpost-report-shot}"

if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

swift build --product outpost 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/outpost"
mkdir -p "$OUT"
NODE="$(mktemp -d /tmp/outpost-report-node.XXXXXX)"
trap 'rm -rf "$NODE"' EXIT
"$BIN" --dir "$NODE/hq" init --name hq --role hq --region all >/dev/null
for kind in products customers orders interactions; do
    "$BIN" --dir "$NODE/hq" import "$kind" "fixtures/small/$kind.csv" | tail -1
done
"$BIN" --dir "$NODE/hq" report --html "$OUT/report.html" --force --as-of 2026-10-31 \
    --generated-at 2026-11-01T00:00:00Z

# --no-sandbox: Chromium's sandbox needs user namespaces that containers and root shells often lack.
chrome() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>/dev/null; }
chrome --window-size=1200,3200 --screenshot="$OUT/report.png" "file://$OUT/report.html"
chrome --no-pdf-header-footer --print-to-pdf="$OUT/report.pdf" "file://$OUT/report.html"
echo "page:       $OUT/report.html"
echo "screenshot: $OUT/report.png"
echo "A4 PDF:     $OUT/report.pdf"
