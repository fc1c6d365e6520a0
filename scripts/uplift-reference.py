#!/usr/bin/env python3
"""Reference values for the campaign statistics (Sources/Analytics/UpliftStatistics.swift) and the holdout
buckets (Sources/CRM/CampaignBucket.swift), computed once with statsmodels, scipy and hashlib and committed as
fixtures/uplift-reference.json and fixtures/campaign-buckets.csv. CI never runs this.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install statsmodels scipy numpy
    /tmp/venv/bin/python scripts/uplift-reference.py
"""
import csv
import hashlib
import json
import os

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# (target conversions, targets, control conversions, controls)
PROPORTION_CASES = [
    (170, 1000, 80, 1000),
    (612, 3240, 58, 360),
    (20, 45, 3, 5),
    (0, 120, 0, 15),
    (9000, 32400, 720, 3600),
    (3, 50, 7, 50),
    (450, 450, 49, 50),
]


def proportions():
    out = []
    for x1, n1, x2, n2 in PROPORTION_CASES:
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=0.05)
        w1 = proportion_confint(x1, n1, alpha=0.05, method="wilson")
        pooled = (x1 + x2) / (n1 + n2)
        if 0 < pooled < 1:
            z, p = proportions_ztest([x1, x2], [n1, n2])
        else:
            z, p = None, 1.0
        out.append({
            "successes1": x1, "trials1": n1, "successes2": x2, "trials2": n2,
            "newcombe": [float(low), float(high)], "wilson1": [float(w1[0]), float(w1[1])],
            "z": None if z is None else float(z), "p": float(p),
        })
    return out


def welch():
    rng = np.random.default_rng(13)
    out = []
    for n1, n2, mean1, mean2, sd1, sd2 in [(40, 25, 10.0, 8.0, 3.0, 6.0), (200, 30, 0.5, 0.4, 1.0, 0.2),
                                          (12, 9, 100.0, 120.0, 30.0, 10.0)]:
        x = np.round(rng.normal(mean1, sd1, n1), 3)
        y = np.round(rng.normal(mean2, sd2, n2), 3)
        cm = CompareMeans(DescrStatsW(x), DescrStatsW(y))
        low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        result = stats.ttest_ind(x, y, equal_var=False)
        out.append({"x": x.tolist(), "y": y.tolist(), "difference": float(x.mean() - y.mean()),
                    "interval": [float(low), float(high)], "df": float(result.df)})
    return out


def cuped():
    rng = np.random.default_rng(2013)
    n_t, n_c = 300, 60
    pre = np.round(rng.gamma(2.0, 500.0, n_t + n_c), 2)
    converted = (rng.random(n_t + n_c) < 0.1 + pre / 20000).astype(float)
    converted[:n_t] = np.maximum(converted[:n_t], (rng.random(n_t) < 0.05).astype(float))
    theta = np.cov(pre, converted, ddof=1)[0, 1] / np.var(pre, ddof=1)
    adjusted = converted - theta * (pre - pre.mean())
    cm = CompareMeans(DescrStatsW(adjusted[:n_t]), DescrStatsW(adjusted[n_t:]))
    low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
    return {"target_outcome": converted[:n_t].tolist(), "target_covariate": pre[:n_t].tolist(),
            "control_outcome": converted[n_t:].tolist(), "control_covariate": pre[n_t:].tolist(),
            "theta": float(theta), "difference": float(adjusted[:n_t].mean() - adjusted[n_t:].mean()),
            "interval": [float(low), float(high)]}


def srm():
    out = []
    for control, target, share in [(1000, 9000, 0.1), (1100, 8900, 0.1), (1200, 8800, 0.1), (480, 520, 0.5),
                                   (300, 2700, 0.2)]:
        n = control + target
        chi, p = stats.chisquare([control, target], [n * share, n * (1 - share)])
        out.append({"control": control, "target": target, "share": share, "chi_square": float(chi), "p": float(p)})
    return out


def mde():
    out = []
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    for base, n1, n2 in [(0.2, 32400, 3600), (0.08, 900, 100), (0.5, 50, 50)]:
        out.append({"base": base, "trials1": n1, "trials2": n2,
                    "mde": float(z * np.sqrt(base * (1 - base) * (1 / n1 + 1 / n2)))})
    return out


def quantiles():
    return {
        "normal": [[p, float(stats.norm.ppf(p))] for p in [1e-10, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999999]],
        "t": [[p, df, float(stats.t.ppf(p, df))] for p, df in
              [(0.975, 1), (0.975, 2.5), (0.975, 10), (0.975, 57.3), (0.995, 400), (0.025, 7), (0.9, 3)]],
    }


def buckets():
    rows = []
    for campaign in ["cmp-1a2b3c4d", "spring-2026", "活动-东区"]:
        for customer in ["310115613410", "110105183071", "C1", "客户7", "x" * 40]:
            digest = hashlib.sha256(campaign.encode() + b"\x00" + customer.encode()).digest()
            rows.append((campaign, customer, int.from_bytes(digest[:4], "big") % 10000))
    return rows


def main():
    reference = {
        "generator": "scripts/uplift-reference.py",
        "versions": {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "proportions": proportions(), "welch": welch(), "cuped": cuped(), "srm": srm(), "mde": mde(),
        "quantiles": quantiles(),
    }
    with open(os.path.join(ROOT, "fixtures", "uplift-reference.json"), "w") as out:
        json.dump(reference, out, indent=1, ensure_ascii=False)
        out.write("\n")
    with open(os.path.join(ROOT, "fixtures", "campaign-buckets.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["campaign_id", "customer_id", "bucket"])
        writer.writerows(buckets())


if __name__ == "__main__":
    main()
