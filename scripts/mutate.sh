#!/usr/bin/env bash
# Mutation check of the test suite: applies deliberate bugs to a scratch copy of the tree, one at a time, and
# runs the tests meant to notice each. A mutant is killed when those tests fail; one that still passes means
# the tests do not check what they claim. Too slow for CI (one incremental rebuild per mutant); see
# docs/testing.md.
#
#   scripts/mutate.sh                 # every mutant
#   scripts/mutate.sh NAME…           # only these (names as listed by --list)
#   scripts/mutate.sh --list          # names, files and test filters
#
# The scratch copy lives in $OUTPOST_MUTANTS_DIR (default /tmp/outpost-mutants): src/ is the tree (files copied
# only when they differ, keeping their timestamps, so rebuilds stay incremental), build/ the build folder, kept
# between runs. The first run builds everything once. Before any mutant, the unmutated tree must pass every
# filter used below (skip that with MUTATE_SKIP_BASELINE=1 when you know it does).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${OUTPOST_MUTANTS_DIR:-/tmp/outpost-mutants}

names=() files=() filters=() olds=() news=()
# mutant NAME FILE TEST-FILTER OLD-TEXT NEW-TEXT: replaces the first occurrence of OLD-TEXT (exact text).
mutant() { names+=("$1"); files+=("$2"); filters+=("$3"); olds+=("$4"); news+=("$5"); }

mutant constant-checksum Sources/Replica/TableChecksum.swift 'ChecksumReferenceTests|ChecksumCLITests' \
    'let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()' \
    'let hash = String(repeating: "0", count: 64)'
mutant type-blind-checksum Sources/Replica/TableChecksum.swift 'ChecksumReferenceTests' \
    'buffer.append(1)' 'buffer.append(3)'
mutant reversed-lww-tie-break Sources/Replica/RowVersion.swift 'MergeTests|SiteIDTextTests' \
    'return lhs.site < rhs.site' 'return rhs.site < lhs.site'
mutant hlc-counter-stuck Sources/Replica/HybridLogicalClock.swift 'ChangeCaptureTests|MergeTests|CellClockTests' \
    'last = physical > last ? physical : last + 1' 'last = physical > last ? physical : last'
mutant vector-off-by-one Sources/Replica/ChangeMerger.swift 'MergeTests' \
    'return (senderHeads[version.site] ?? 0) < version.seq' 'return (senderHeads[version.site] ?? 0) <= version.seq'
mutant stale-generation-cell-applied Sources/Replica/ChangeMerger.swift 'MergeTests' \
    'let localLength = sentinel?.causalLength ?? 0
        if change.causalLength < localLength {' \
    'let localLength = sentinel?.causalLength ?? 0
        if false, change.causalLength < localLength {'
mutant capture-outside-the-transaction Sources/Replica/Replica.swift 'ChangeCaptureTests' \
    'let (result, head, wrote) = try pool.write { db in' \
    'let (result, head, wrote) = try pool.writeWithoutTransaction { db in'
mutant commit-observer-dropped Sources/Sync/SyncEngine.swift 'ResumeAndPushTests' \
    'let observer = replica.observeCommits { _ in waker.wake() }' 'let observer = replica.observeCommits { _ in }'
mutant no-heartbeat Sources/Sync/Session.swift 'LivenessTests|SessionExchangeTests' \
    '} else if now - lastSent > options.heartbeat {' \
    '} else if now - lastSent > options.heartbeat * 1000 {'
mutant no-silence-timeout Sources/Sync/Session.swift 'LivenessTests|SessionExchangeTests' \
    'if now - lastReceived > options.timeout {' \
    'if now - lastReceived > options.timeout * 1000 {'
mutant own-node-id-accepted Sources/Sync/Session.swift 'HostilePeerTests|SessionStateMachineTests' \
    'guard site != options.ownSite else {' 'guard site != options.ownSite || true else {'
mutant journal-prune-off-by-one Sources/Sync/PeerBook.swift 'JournalRetentionTests' \
    'if db.lastInsertedRowID % 1000 == 0 {' 'if db.lastInsertedRowID % 1000 == 1 {'
mutant wrong-refusal-code Sources/SyncProtocol/WireError.swift 'HostilePeerTests' \
    'case .unsupportedVersion: .incompatibleProtocol' 'case .unsupportedVersion: .malformed'
mutant zap-admits-every-key Sources/ZeroMQ/ZAPAuthenticator.swift 'CurveAuthenticationTests' \
    'if let key, allowList.withLock({ $0.contains(key) }) {' 'if let key, allowList.withLock({ _ in true }) {'
mutant rejected-row-kept Sources/CRM/ImportRecord.swift 'ImportTests|DataCLITests' \
    'guard let text = optional(name) else { throw RowRejection("\(name) is required") }' \
    'guard let text = optional(name) ?? Optional("") else { throw RowRejection("\(name) is required") }'
mutant rfm-cut-without-plus-one Sources/Analytics/RFMAnalysis.swift 'RFMAnalysisTests|FixtureAnalyticsTests' \
    'let cuts = (1..<bins).map { quantile7(sorted, Double($0) * step) + 1 }' \
    'let cuts = (1..<bins).map { quantile7(sorted, Double($0) * step) }'
mutant window-includes-the-as-of-day Sources/CRM/FeatureExtractor.swift 'FeatureExtractionTests|FixtureAnalyticsTests' \
    'var cutoff: String { asOf.startTimestamp }' 'var cutoff: String { asOf.adding(days: 1).startTimestamp }'
mutant potential-threshold-moved Sources/Analytics/StarTier.swift 'StarProgrammeTests|AnalyticsCLITests' \
    'public init(value: Double = 100_000, potential: Double = 50_000) {' \
    'public init(value: Double = 100_000, potential: Double = 45_000) {'
mutant secret-key-mode-unchecked Sources/Node/DoctorReport+Files.swift 'DoctorReportTests' \
    'if secretMode & 0o077 != 0 {' 'if secretMode & 0o002 != 0 {'
mutant duplicate-peer-key-accepted Sources/Node/PeerAdmin.swift 'PeerAdminTests' \
    'if let clash = existing.first(where: { $0.publicKey == key }) {' \
    'if let clash = existing.first(where: { _ in false }) {'
mutant stale-serve-pid-alive Sources/Node/ServeMarker.swift 'StatusReportTests|NodeCLITests' \
    'kill(pid, 0) == 0 || errno == EPERM' 'kill(pid, 0) == 0 || errno == EPERM || true'

# The hardening of the sync path: each bound must be held by a test.
mutant clock-bound-ignored Sources/Replica/ChangeAdmission.swift 'ClockSkewTests|ChangeAdmissionTests' \
    'if change.version.hlc > latest | 0xFFFF {' 'if false, change.version.hlc > latest | 0xFFFF {'
mutant received-values-unchecked Sources/Replica/ChangeAdmission.swift 'ReceivedValueValidationTests' \
    'if let reason = Self.problem(with: change, tables: tables) {' \
    'if false, let reason = Self.problem(with: change, tables: tables) {'
mutant digest-mismatch-ignored Sources/Sync/DivergenceCheck.swift 'DivergenceTests' \
    'if entry?.rows != UInt64(checksum.rows) || entry?.hash != Self.bytes(checksum.hash) {' \
    'if false, entry?.rows != UInt64(checksum.rows) || entry?.hash != Self.bytes(checksum.hash) {'
mutant removed-peer-keeps-session Sources/Sync/SyncLoop.swift 'LiveAllowListTests' \
    'for peer in difference.removed { cutOff(peer) }' 'for peer in difference.removed where false { cutOff(peer) }'
mutant sender-sends-what-receiver-refuses Sources/Sync/BatchPlanner.swift 'OversizedChangeTests' \
    'unsendable(wire, size: size) ?? ChangeAdmission.problem(with: change, tables: tables)' 'unsendable(wire, size: size)'

# The replica engine's ownership and invariants.
mutant local-write-by-any-owner Sources/Replica/Replica.swift 'TableDeclarationTests' \
    'guard tables.isDeclared(owner) else' 'guard tables.isDeclared(owner) || true else'
mutant writer-read-may-write Sources/Replica/LocalWriter.swift 'TableDeclarationTests' \
    'try db.readOnly { try body(db) }' 'try body(db)'
mutant verify-misses-rows-without-clocks Sources/Replica/ReplicaVerifier.swift 'VerifyTests|DoctorReportTests' \
    'WHERE m.cl IS NULL OR m.cl % 2 = 0 OR m.cl != t._cl' 'WHERE m.cl IS NULL AND 0'
mutant verify-misses-unlogged-markers Sources/Replica/ReplicaVerifier.swift 'VerifyTests' \
    'AND NOT EXISTS (SELECT 1 FROM outpost_log l WHERE l.site = m.site AND l.seq = m.seq' \
    'AND 0 AND NOT EXISTS (SELECT 1 FROM outpost_log l WHERE l.site = m.site AND l.seq = m.seq'
mutant suspension-window-shortened Sources/CRM/ComplianceGate.swift 'ComplianceGateTests' \
    'newest.at >= asOf.adding(days: -suspensionDays)' 'newest.at > asOf.adding(days: -suspensionDays)'
mutant programme-window-takes-the-boundary Sources/Analytics/StarProgramme.swift 'StarProgrammeHistoryTests' \
    'while i < days.count && days[i] < boundary {' 'while i < days.count && days[i] <= boundary {'

if [ "${1:-}" = "--list" ]; then
    for i in "${!names[@]}"; do printf '%-32s %-42s %s\n' "${names[$i]}" "${files[$i]}" "${filters[$i]}"; done
    exit 0
fi
selected=()
for i in "${!names[@]}"; do
    if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "${names[$i]}"; then selected+=("$i"); fi
done
[ ${#selected[@]} -gt 0 ] || { echo "mutate.sh: no such mutant: $*" >&2; exit 2; }

# Copies the tree into src/, only files that differ, keeping timestamps: an unchanged file is not rebuilt.
sync_tree() {
    mkdir -p "$scratch/src"
    (cd "$repo" && { git ls-files; git ls-files --others --exclude-standard; } | grep -v '^\.build/' | sort -u) |
        while IFS= read -r file; do
            [ -f "$repo/$file" ] || continue
            if ! cmp -s "$repo/$file" "$scratch/src/$file"; then
                mkdir -p "$(dirname "$scratch/src/$file")"
                cp -p "$repo/$file" "$scratch/src/$file"
            fi
        done
    [ ! -f "$repo/Package.resolved" ] || cmp -s "$repo/Package.resolved" "$scratch/src/Package.resolved" ||
        cp -p "$repo/Package.resolved" "$scratch/src/Package.resolved"
}

swift_in_scratch() { swift "$1" --package-path "$scratch/src" --scratch-path "$scratch/build" "${@:2}"; }
build() { swift_in_scratch build --build-tests >"$scratch/build.log" 2>&1; }
run_tests() { timeout 900 swift test --package-path "$scratch/src" --scratch-path "$scratch/build" \
    --skip-build --filter "$1" >"$scratch/test.log" 2>&1; }

started=$(date +%s)
sync_tree
echo "building the scratch copy in $scratch (the first run builds everything)"
build || { echo "mutate.sh: the unmutated tree does not build; see $scratch/build.log" >&2; exit 1; }
if [ "${MUTATE_SKIP_BASELINE:-0}" != 1 ]; then
    union=$(for i in "${selected[@]}"; do echo "${filters[$i]}"; done | tr '\n' '|' | sed 's/|$//')
    run_tests "$union" || {
        echo "mutate.sh: the unmutated tree fails its tests ($union); see $scratch/test.log" >&2
        exit 1
    }
    echo "baseline: every filter passes on the unmutated tree"
fi

killed=0 total=0 report=()
for i in "${selected[@]}"; do
    name=${names[$i]} file=${files[$i]}
    total=$((total + 1))
    t0=$(date +%s)
    if ! OLD=${olds[$i]} NEW=${news[$i]} python3 - "$scratch/src/$file" <<'EOF'; then
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
old, new = os.environ["OLD"], os.environ["NEW"]
if old not in text:
    sys.exit(1)
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
EOF
        verdict="NOT APPLIED (text not found in $file: update the mutant)"
    elif ! build; then
        verdict="DID NOT COMPILE (see a rerun with only this mutant)"
    elif run_tests "${filters[$i]}"; then
        verdict="SURVIVED (${filters[$i]} still pass)"
    else
        verdict="killed"
        killed=$((killed + 1))
    fi
    cp -p "$repo/$file" "$scratch/src/$file"
    line=$(printf '%-32s %s (%ds)' "$name" "$verdict" $(($(date +%s) - t0)))
    echo "$line"
    report+=("$line")
done
# Leave the scratch build matching the tree, so the next run starts incremental.
build || true

echo
printf '%s\n' "${report[@]}"
echo "$killed of $total mutants killed in $(($(date +%s) - started)) s"
[ "$killed" -eq "$total" ]
