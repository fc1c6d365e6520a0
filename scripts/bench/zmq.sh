#!/usr/bin/env bash
# ZeroMQ layer benchmark (called by `scripts/bench.sh zmq`): message rate and bandwidth of 64 B and 64 KiB messages,
# PUSH -> PULL over tcp loopback (ephemeral port), with and without CURVE, through the Swift ZeroMQ module and through
# a minimal C program against libzmq, both built in this run. Runs alternate C / Swift RUNS times per case and report
# the median (and best) of each; the ratio is Swift / C of the medians. Output is a Markdown table.
#
# Environment: RUNS (default 5); COUNT_SMALL, COUNT_SMALL_CURVE, COUNT_LARGE, COUNT_LARGE_CURVE (messages per run);
# SCRATCH (SwiftPM scratch path, default .build).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${RUNS:-5}
scratch=${SCRATCH:-.build}
out="$scratch/bench-zmq"
mkdir -p "$out"

echo "zmq bench: building (release ZeroMQ module, swiftc -O bench, gcc -O2 baseline)" >&2
swift build -c release --scratch-path "$scratch" --target ZeroMQ >&2
release="$scratch/release"
gcc -O2 -o "$out/zmq-bench-c" scripts/bench/zmq/zmq_bench.c -lzmq -lpthread
# The bench links the module's release object files directly: no executable target is needed in Package.swift.
swiftc -O -swift-version 6 scripts/bench/zmq/ZMQBench.swift -o "$out/zmq-bench-swift" \
    -I "$release/Modules" -Xcc -fmodule-map-file=Sources/CZeroMQ/module.modulemap \
    "$release"/ZeroMQ.build/*.o -lzmq

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { sort -n | tail -1; }

echo "| case | libzmq C msg/s | C MB/s | Swift msg/s | Swift MB/s | ratio (median) | ratio (best) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
run_case() {  # name mode size count [swift-extra]
    local name=$1 mode=$2 size=$3 count=$4 extra=${5:-}
    local c_rates=() s_rates=() c_bw=() s_bw=()
    for _ in $(seq "$runs"); do
        read -r rate bw < <("$out/zmq-bench-c" "$mode" "$size" "$count")
        c_rates+=("$rate"); c_bw+=("$bw")
        # shellcheck disable=SC2086
        read -r rate bw < <("$out/zmq-bench-swift" "$mode" "$size" "$count" $extra)
        s_rates+=("$rate"); s_bw+=("$bw")
    done
    local cm sm cb sb cmb smb
    cm=$(printf '%s\n' "${c_rates[@]}" | median); sm=$(printf '%s\n' "${s_rates[@]}" | median)
    cb=$(printf '%s\n' "${c_rates[@]}" | best); sb=$(printf '%s\n' "${s_rates[@]}" | best)
    cmb=$(printf '%s\n' "${c_bw[@]}" | median); smb=$(printf '%s\n' "${s_bw[@]}" | median)
    printf '| %s | %s | %s | %s | %s | %.2f | %.2f |\n' "$name" "$cm" "$cmb" "$sm" "$smb" \
        "$(echo "$sm / $cm" | bc -l)" "$(echo "$sb / $cb" | bc -l)"
}
run_case "64 B, plain" plain 64 "${COUNT_SMALL:-500000}"
run_case "64 B, CURVE" curve 64 "${COUNT_SMALL_CURVE:-200000}"
run_case "64 KiB, plain" plain 65536 "${COUNT_LARGE:-20000}"
run_case "64 KiB, CURVE" curve 65536 "${COUNT_LARGE_CURVE:-5000}"
run_case "64 KiB, plain, zero-copy Frame send" plain 65536 "${COUNT_LARGE:-20000}" frame
echo
echo "$(nproc) cores, $(uname -r), libzmq $(pkg-config --modversion libzmq 2>/dev/null || echo '?'), ${runs} runs per case."
