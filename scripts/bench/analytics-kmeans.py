#!/usr/bin/env python3
"""Time scikit-learn KMeans on the same points the Swift k-means bench clusters.

Input: a .csv (N rows of 6 numbers, optional header) or a raw little-endian float64 file (.bin/.f64, row-major N x dim).
Prints one line: `sklearn-kmeans n=N k=K algorithm=A seconds=S inertia=I iterations=T`.
The Swift side to compare with: KMeans.fit(FeatureMatrix(values:dimension: 6), k: 8,
options: KMeansOptions(restarts: 4, seed: 0)) on the same points, timed the same way (fit only, not loading).
"""
import argparse
import time

import numpy as np
from sklearn.cluster import KMeans


def load(path, dim):
    if path.endswith(".csv"):
        return np.loadtxt(path, delimiter=",", ndmin=2, skiprows=_header_rows(path))
    return np.fromfile(path, dtype="<f8").reshape(-1, dim)


def _header_rows(path):
    with open(path) as f:
        first = f.readline().split(",")[0].strip()
    try:
        float(first)
        return 0
    except ValueError:
        return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("points")
    parser.add_argument("--dim", type=int, default=6)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--n-init", type=int, default=4)
    parser.add_argument("--algorithm", choices=["lloyd", "elkan"], default="lloyd")
    args = parser.parse_args()
    x = load(args.points, args.dim)
    model = KMeans(n_clusters=args.k, n_init=args.n_init, algorithm=args.algorithm, random_state=0)
    start = time.perf_counter()
    model.fit(x)
    seconds = time.perf_counter() - start
    print(f"sklearn-kmeans n={len(x)} k={args.k} algorithm={args.algorithm} seconds={seconds:.3f} "
          f"inertia={model.inertia_:.6g} iterations={model.n_iter_}")


if __name__ == "__main__":
    main()
