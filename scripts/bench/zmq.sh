#!/usr/bin/env bash
# ZeroMQ layer benchmark (called by `scripts/bench.sh zmq`): message rate and bandwidth of 64 B and 64 KiB messages,
# PUSH -> PULL over tcp loopback (ephemeral port), with and without CURVE, through the Swift ZeroMQ module and through
# a minimal C program against libzmq, both built in this run. Runs alternate C / Swift RUNS times per case and report
# the median (and best) rate of each and the least CPU time per message (robust when other jobs share the
# cores); ratios are Swift / C of rates and C / Swift of CPU time. Output is a Markdown table.
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

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { sort -g | tail -1; }
least() { sort -g | head -1; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

echo "| case | C msg/s | C MB/s | C CPU µs/msg | Swift msg/s | Swift MB/s | Swift CPU µs/msg | rate ratio (median) | rate ratio (best) | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
run_case() {  # name mode size count swift-options...
    local name=$1 mode=$2 size=$3 count=$4
    shift 4
    local c_rate=() c_bw=() c_cpu=() s_rate=() s_bw=() s_cpu=() rate bw cpu
    for _ in $(seq "$runs"); do
        read -r rate bw cpu < <("$out/zmq-bench-c" "$mode" "$size" "$count")
        c_rate+=("$rate"); c_bw+=("$bw"); c_cpu+=("$cpu")
        read -r rate bw cpu < <("$out/zmq-bench-swift" "$mode" "$size" "$count" "$@")
        s_rate+=("$rate"); s_bw+=("$bw"); s_cpu+=("$cpu")
    done
    local cm sm cb sb cc sc
    cm=$(printf '%s\n' "${c_rate[@]}" | median); sm=$(printf '%s\n' "${s_rate[@]}" | median)
    cb=$(printf '%s\n' "${c_rate[@]}" | best); sb=$(printf '%s\n' "${s_rate[@]}" | best)
    cc=$(printf '%s\n' "${c_cpu[@]}" | least); sc=$(printf '%s\n' "${s_cpu[@]}" | least)
    echo "| $name | $cm | $(printf '%s\n' "${c_bw[@]}" | median) | $cc | $sm | $(printf '%s\n' "${s_bw[@]}" | median) | $sc |" \
        "$(ratio "$sm" "$cm") | $(ratio "$sb" "$cb") | $(ratio "$cc" "$sc") |"
}
small=${COUNT_SMALL:-500000} small_curve=${COUNT_SMALL_CURVE:-200000}
large=${COUNT_LARGE:-20000} large_curve=${COUNT_LARGE_CURVE:-5000}
run_case "64 B, plain" plain 64 "$small" reuse
run_case "64 B, plain, receive() allocating" plain 64 "$small"
run_case "64 B, CURVE" curve 64 "$small_curve" reuse
run_case "64 KiB, plain" plain 65536 "$large" reuse
run_case "64 KiB, plain, zero-copy Frame send" plain 65536 "$large" reuse frame
run_case "64 KiB, CURVE" curve 65536 "$large_curve" reuse
echo
echo "Swift rows use send([[UInt8]]) and receive(into:) unless noted. Rate: median (best) of $runs alternating runs;"
echo "CPU: least CPU time of the whole process per message; CPU ratio = C / Swift (1.0 = no overhead)."
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r), libzmq $(pkg-config --modversion libzmq 2>/dev/null || echo '?')."
