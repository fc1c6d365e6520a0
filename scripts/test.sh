#!/usr/bin/env bash
# The README's test command: installs what the build needs, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/include/zmq.h ] || need+=(libzmq3-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

# Every import must be a dependency its target declares in Package.swift (a missing one otherwise builds
# by accident, through another target's module).
swift build --build-tests --explicit-target-dependency-import-check=error
swift test --skip-build --parallel "$@"
