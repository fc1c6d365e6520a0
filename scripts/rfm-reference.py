#!/usr/bin/env python3
"""Expected RFM scores and segments of R package rfm 0.3.0 for the committed fixtures.

Written from a reading of rfm 0.3.0's R sources (github.com/rsquaredacademy/rfm, DESCRIPTION Version 0.3.0):
R/utils.R `bins`, `bins_lower`, `bins_upper` and R/rfm-table-transaction.R `rfm_prep_bins`, which both
`rfm_table_customer` and `rfm_table_order` call, plus `rfm_segment` (R/rfm-segment.R) with the segment bounds
of its documentation. No R is needed, and nothing here comes from Outpost's Swift code: the R/F/M inputs are
computed from the CSV files themselves.

    python3 scripts/rfm-reference.py fixtures/small 2026-10-31 > fixtures/rfm-reference.csv

The algorithm, for each of recency days, frequency and monetary, with `bins` = 5:
  * probs = seq(0, 1, length.out = bins + 1): 0, then k * (1 / bins) for k = 1 .. bins - 1 (as R's `seq`
    computes them, so 3 * 0.2 = 0.6000000000000001), then 1;
  * quantile type 7 of the values at the inner probs: index = 1 + (n - 1) * p, lo = floor(index),
    hi = ceiling(index), q = x[lo], and where index > lo and x[hi] != q, q = (1 - h) * q + h * x[hi] with
    h = index - lo (R's `quantile.default` formula, in that order of operations);
  * cuts = q + 1; lower bounds = (min, cuts...), upper bounds = (cuts..., max + 1);
  * for i = 1 .. bins in turn, every value with lower[i] <= value < upper[i] gets bin i (a later bin
    overwrites); frequency and monetary score = i, recency score = bins + 1 - i (fewer days is better).
  * segment: the first rule (in the table's order) whose three inclusive score ranges hold, else "Others".

Two sets of inputs, both as of the start of the as-of day D (only rows before D count):
  * customer (Outpost's default, `rfm_table_customer`): customers with at least one order day in
    [D - 365, D); recency = D - last order day, frequency = distinct order days (a day with a row of amount
    > 0) in the window, monetary = sum of every row's amount in the window (returns net), rounded to the cent;
  * order lines (`--inputs order-lines`, what `rfm_table_order` computes from the order rows):
    customers with at least one order row before D, all history; recency = D - day of the latest row,
    frequency = number of rows (returns included), monetary = sum of the rows' amounts, rounded to the cent.
"""

import csv
import datetime
import sys
from decimal import Decimal

BINS = 5

SEGMENTS = [  # name, recency, frequency, monetary (inclusive lower, upper)
    ("Champions", (5, 5), (5, 5), (5, 5)),
    ("Potential Loyalist", (3, 5), (3, 5), (2, 5)),
    ("Loyal Customers", (2, 4), (2, 4), (2, 4)),
    ("Promising", (3, 4), (1, 3), (3, 5)),
    ("New Customers", (4, 5), (1, 3), (1, 5)),
    ("Can't Lose Them", (1, 2), (3, 4), (4, 5)),
    ("At Risk", (1, 2), (2, 5), (4, 5)),
    ("Need Attention", (1, 3), (3, 5), (3, 5)),
    ("About To Sleep", (2, 3), (1, 3), (1, 4)),
    ("Lost", (1, 1), (1, 5), (1, 5)),
]


def r_probs(bins):
    """seq(0, 1, length.out = bins + 1) as R's seq.default builds it."""
    step = (1.0 - 0.0) / bins
    return [0.0] + [0.0 + k * step for k in range(1, bins)] + [1.0]


def quantile7(values, p):
    x = sorted(values)
    n = len(x)
    index = 1 + max(n - 1, 0) * p
    lo = int(index // 1)
    hi = lo if index == lo else lo + 1
    q = x[lo - 1]
    if index > lo and x[hi - 1] != q:
        h = index - lo
        q = (1 - h) * q + h * x[hi - 1]
    return q


def scores(values, bins, reverse):
    probs = r_probs(bins)[1:-1]
    cuts = [quantile7(values, p) + 1 for p in probs]
    lower = [min(values)] + cuts
    upper = cuts + [max(values) + 1]
    result = [None] * len(values)
    for i in range(bins):
        score = bins - i if reverse else i + 1
        for k, v in enumerate(values):
            if lower[i] <= v < upper[i]:
                result[k] = score
    assert all(s is not None for s in result)
    return result


def segment(r, f, m):
    for name, (r0, r1), (f0, f1), (m0, m1) in SEGMENTS:
        if r0 <= r <= r1 and f0 <= f <= f1 and m0 <= m <= m1:
            return name
    return "Others"


def day_number(timestamp):
    return datetime.date.fromisoformat(timestamp[:10]).toordinal()


def main():
    folder, as_of = sys.argv[1], sys.argv[2]
    d = datetime.date.fromisoformat(as_of).toordinal()
    window_start = d - 365
    customer = {}  # id -> [order days in window (set), last order day, window cents]
    lines = {}  # id -> [rows, latest row day, cents]
    with open(f"{folder}/orders.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = day_number(row["ordered_at"])
            if day >= d:
                continue
            cents = int(Decimal(row["amount"]) * 100)
            cid = row["customer_id"]
            entry = lines.setdefault(cid, [0, day, 0])
            entry[0] += 1
            entry[1] = max(entry[1], day)
            entry[2] += cents
            c = customer.setdefault(cid, [set(), None, 0])
            if cents > 0:
                c[1] = day if c[1] is None else max(c[1], day)
                if day >= window_start:
                    c[0].add(day)
            if day >= window_start:
                c[2] += cents
    ids = sorted(customer)
    scored = [i for i in ids if customer[i][0]]
    inputs = {
        "customer": (
            scored,
            [float(d - customer[i][1]) for i in scored],
            [float(len(customer[i][0])) for i in scored],
            [float(Decimal(customer[i][2]) / 100) for i in scored],
        ),
        "lines": (
            sorted(lines),
            [float(d - lines[i][1]) for i in sorted(lines)],
            [float(lines[i][0]) for i in sorted(lines)],
            [float(Decimal(lines[i][2]) / 100) for i in sorted(lines)],
        ),
    }
    results = {}
    for kind, (who, rec, freq, mon) in inputs.items():
        r = scores(rec, BINS, reverse=True)
        f = scores(freq, BINS, reverse=False)
        m = scores(mon, BINS, reverse=False)
        results[kind] = {
            c: (rec[k], freq[k], mon[k], r[k], f[k], m[k], segment(r[k], f[k], m[k])) for k, c in enumerate(who)
        }
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(
        ["customer_id", "inputs", "recency_days", "frequency", "monetary", "r", "f", "m", "rfm_score", "segment"]
    )
    for kind, label in (("customer", "customer"), ("lines", "order-lines")):
        for c in sorted(results[kind]):
            rec, freq, mon, r, f, m, seg = results[kind][c]
            out.writerow([c, label, int(rec), int(freq), f"{mon:.2f}", r, f, m, 100 * r + 10 * f + m, seg])


if __name__ == "__main__":
    main()
