#!/usr/bin/env bash
# An independent implementation of `outpost checksum`, with the sqlite3 shell, xxd and sha256sum only, so
# tests can check the Swift code (Sources/Replica/TableChecksum.swift) against something it did not compute.
#
#   scripts/checksum-reference.sh DATABASE [TABLE...]   # prints "TABLE ROWS SHA256" per table
#   scripts/checksum-reference.sh --fixture             # the same for fixtures/checksum-reference.sql
#
# The canonical form is the one docs/conflicts.md ("Checksums") describes: rows in key order; per row the
# table's columns in declared order without the bookkeeping ones (names starting with "_"); per value a tag
# byte, then for integers 8 bytes little-endian two's complement, for text and blobs an 8-byte little-endian
# byte length and the bytes. NULL is the tag alone. REAL values (IEEE bits) are not done here: the script
# stops if it meets one, so pick tables and rows without them.
#
# The pinned values in Tests/ReplicaTests/ChecksumReferenceTests.swift came from `--fixture`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fixture" ]; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    sqlite3 "$scratch/reference.sqlite" <fixtures/checksum-reference.sql
    set -- "$scratch/reference.sqlite" customers customer_tags
fi
database=${1:?usage: scripts/checksum-reference.sh DATABASE [TABLE...] | --fixture}
shift
[ $# -gt 0 ] || set -- customers customer_tags segments campaign_members interactions

# Bytes of an integer expression, little-endian, as hex.
le64() {
    local parts=() shift
    for shift in 0 8 16 24 32 40 48 56; do parts+=("(($1) >> $shift) & 255"); done
    local IFS=,
    echo "printf('%02x%02x%02x%02x%02x%02x%02x%02x', ${parts[*]})"
}

for table in "$@"; do
    columns=$(sqlite3 "$database" "SELECT name FROM pragma_table_info('$table') WHERE name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY cid")
    [ -n "$columns" ] || { echo "checksum-reference: no table $table in $database" >&2; exit 1; }
    keys=$(sqlite3 "$database" "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('$table') WHERE pk > 0 ORDER BY pk)")
    # Append-only tables have no primary key; their key is the unique id.
    [ -n "$keys" ] || keys=id
    encoded=()
    for column in $columns; do
        encoded+=("CASE typeof($column)
            WHEN 'null' THEN '00'
            WHEN 'integer' THEN '01' || $(le64 "$column")
            WHEN 'text' THEN '03' || $(le64 "length(CAST($column AS BLOB))") || hex(CAST($column AS BLOB))
            WHEN 'blob' THEN '04' || $(le64 "length($column)") || hex($column)
            ELSE 'REAL' END")
    done
    row=$(printf '%s || ' "${encoded[@]}")
    hex=$(sqlite3 "$database" "SELECT ${row% || } FROM $table ORDER BY $keys" | tr -d '\n')
    if [[ $hex == *REAL* ]]; then
        echo "checksum-reference: $table holds a REAL value; this script does not encode those" >&2
        exit 1
    fi
    rows=$(sqlite3 "$database" "SELECT count(*) FROM $table")
    hash=$(printf '%s' "$hex" | xxd -r -p | sha256sum | cut -d' ' -f1)
    echo "$table $rows $hash"
done
