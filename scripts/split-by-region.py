#!/usr/bin/env python3
"""Split the fixture CSVs into one office's share: the customers of the given regions and their orders and
interactions (products go to every office). Used by scripts/demo.sh; stdlib only."""
import csv
import os
import sys

if len(sys.argv) < 4:
    sys.exit("usage: split-by-region.py FIXTURE_DIR OUT_DIR REGION[,REGION...]")
source, out, regions = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
os.makedirs(out, exist_ok=True)
ids = set()
with open(os.path.join(source, "customers.csv"), newline="", encoding="utf-8") as f, open(
    os.path.join(out, "customers.csv"), "w", newline="", encoding="utf-8"
) as g:
    reader, writer = csv.DictReader(f), None
    writer = csv.DictWriter(g, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in reader:
        if row["region"] in regions:
            ids.add(row["id"])
            writer.writerow(row)
for name in ("orders.csv", "interactions.csv"):
    with open(os.path.join(source, name), newline="", encoding="utf-8") as f, open(
        os.path.join(out, name), "w", newline="", encoding="utf-8"
    ) as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        for row in reader:
            if row["customer_id"] in ids:
                writer.writerow(row)
with open(os.path.join(source, "products.csv"), encoding="utf-8") as f, open(
    os.path.join(out, "products.csv"), "w", encoding="utf-8"
) as g:
    g.write(f.read())
