#!/usr/bin/env python3
"""Counts in fixtures/small under both as-of conventions, from the CSVs alone (no Outpost code).

    python3 scripts/fixture-window-counts.py fixtures/small 2026-10-31

Snapshot at the start of D: rows before D count, an N-day period is [D - N, D). The old convention (rows through
the end of D, periods D - N + 1 ... D) is printed beside it, to show what the off-by-one changed. Counts: star
tiers by trailing-365-day net spend (value >= 100,000, potential >= 50,000), frequency drops (order days in the
last 90 at least 30% below the 90 before), customers with >= 2 channel switches among last-90-day purchases
(consecutive by time, then order id).
"""

import csv
import datetime
import sys
from collections import defaultdict


def day(ts):
    return datetime.date.fromisoformat(ts[:10]).toordinal()


def counts(orders, d, shift):
    """shift 0: [d - n, d); shift 1: the old [d - n + 1, d]."""
    end = d + shift
    spend = defaultdict(float)
    days90 = defaultdict(set)
    daysprev = defaultdict(set)
    purchases = defaultdict(list)
    for o in orders:
        t = day(o["ordered_at"])
        if t >= end:
            continue
        amount = float(o["amount"])
        cid = o["customer_id"]
        if t >= end - 365:
            spend[cid] += amount
        if amount > 0:
            if t >= end - 90:
                days90[cid].add(t)
                purchases[cid].append((o["ordered_at"], o["id"], o["channel"]))
            elif t >= end - 180:
                daysprev[cid].add(t)
    value = sum(1 for s in spend.values() if s >= 100000)
    potential = sum(1 for s in spend.values() if 50000 <= s < 100000)
    drops = {c for c in daysprev if len(daysprev[c]) - len(days90[c]) >= 0.3 * len(daysprev[c]) * (1 - 1e-12)}
    switchers = set()
    for c, rows in purchases.items():
        rows.sort()
        if sum(1 for a, b in zip(rows, rows[1:]) if a[2] != b[2]) >= 2:
            switchers.add(c)
    return value, potential, drops, switchers


def main():
    folder, as_of = sys.argv[1], sys.argv[2]
    with open(f"{folder}/orders.csv", newline="", encoding="utf-8") as handle:
        orders = list(csv.DictReader(handle))
    with open(f"{folder}/customers.csv", newline="", encoding="utf-8") as handle:
        customers = sum(1 for _ in csv.DictReader(handle))
    d = datetime.date.fromisoformat(as_of).toordinal()
    for label, shift in (("[D-N, D) (snapshot at the start of D)", 0), ("old: D-N+1 ... D, D included", 1)):
        value, potential, drops, switchers = counts(orders, d, shift)
        print(f"{label}: tiers value {value}, potential {potential}, basic {customers - value - potential}; "
              f"frequency drops {len(drops)}; >= 2 channel switches {len(switchers)}")
    _, _, new_drops, new_switchers = counts(orders, d, 0)
    _, _, old_drops, old_switchers = counts(orders, d, 1)
    print(f"drops only in the old convention {len(old_drops - new_drops)}, only in the new {len(new_drops - old_drops)}")
    print(f"switchers only in the old convention {len(old_switchers - new_switchers)}, "
          f"only in the new {len(new_switchers - old_switchers)}")


if __name__ == "__main__":
    main()
