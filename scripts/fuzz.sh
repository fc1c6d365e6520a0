#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]
#   TARGET: wire (sync message decoder), csv (CSV import reader and rejects file), rule (segment rule parser).
# Builds the target with -sanitize=fuzzer into .build-fuzz (git-ignored; the fuzz targets exist in Package.swift
# only when OUTPOST_FUZZ=1, so normal builds and tests never see them), then runs it for SECONDS, starting from
# the committed seeds in fuzz/corpus/TARGET. New corpus entries go to .build-fuzz/corpus/TARGET, crash inputs to
# .build-fuzz/crashes/TARGET/, the log to .build-fuzz/logs/TARGET.log.
# OUTPOST_FUZZ_SEEDS=1 scripts/fuzz.sh TARGET 0 rewrites the committed seeds instead of fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/fuzz.sh wire|csv|rule SECONDS [libFuzzer flags…]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
case "$target" in
    wire) product=FuzzWire; max_len=4096 ;;
    csv) product=FuzzCSV; max_len=2048 ;;
    rule) product=FuzzRule; max_len=4096 ;;
    *) usage ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

build=.build-fuzz
# Release (optimised, preconditions and overflow checks kept) with testable imports, instrumented for libFuzzer.
OUTPOST_FUZZ=1 swift build -c release --build-path "$build" --product "$product" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -enable-testing
binary="$build/release/$product"
seeds="fuzz/corpus/$target"

if [ "${OUTPOST_FUZZ_SEEDS:-}" = 1 ]; then
    OUTPOST_FUZZ_SEEDS="$PWD/$seeds" "$binary"
    echo "fuzz.sh: wrote $(ls "$seeds" | wc -l) seeds to $seeds"
    exit 0
fi

corpus="$build/corpus/$target"
crashes="$build/crashes/$target"
log="$build/logs/$target.log"
mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
echo "fuzz.sh: $target for ${seconds}s; corpus $corpus, crashes $crashes/, log $log"
status=0
# Swift's own backtracer would catch the trap before libFuzzer can save the input.
SWIFT_BACKTRACE=enable=no "$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len="$max_len" \
    -artifact_prefix="$crashes/" -print_final_stats=1 "$@" 2>&1 | tee "$log" || status=$?
found=$(find "$crashes" -type f | wc -l)
echo "fuzz.sh: $target done (exit $status); $found crash/timeout/leak file(s) in $crashes/"
exit "$status"
