#!/usr/bin/env python3
"""Reference values for the forecast methods (Sources/Analytics/ExponentialSmoothing.swift, Croston.swift),
computed once and committed as fixtures/forecast-reference.json. CI never runs this.

    python3 -m venv /tmp/venv-forecast && /tmp/venv-forecast/bin/pip install statsmodels
    /tmp/venv-forecast/bin/python scripts/forecast-reference.py

- "ets": statsmodels' holtwinters.ExponentialSmoothing with given parameters and initial states
  (initialization_method="known", fit(optimized=False)): one-step fitted values, SSE and forecasts.
- "fits": the same class fitting the smoothing parameters (initial states known and fixed, damping bounded to
  [0.8, 0.98] as ours): its SSE and parameters. Ours must reach an SSE no larger.
- "intervals": statsmodels' ETSModel (additive errors) with given parameters: the mean and 80% interval of
  get_prediction(...).summary_frame(alpha=0.2), and the mse it scales them by.
- "croston": Croston's method and SBA (alpha 0.1), written out below from Croston (1972) and Syntetos & Boylan
  (2005) as statsforecast's CrostonClassic / CrostonSBA define them; statsforecast itself when installed.
The series are drawn here (numpy, seed 2026) and stored with the values.
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rng = np.random.default_rng(2026)


def seasonal_series(n, m, level=100.0, slope=0.4, amplitude=20.0, noise=6.0):
    t = np.arange(n)
    return level + slope * t + amplitude * np.sin(2 * np.pi * t / m) + rng.normal(0, noise, n)


def trended_series(n, level=50.0, slope=1.2, noise=4.0):
    return level + slope * np.arange(n) + np.cumsum(rng.normal(0, noise / 3, n)) + rng.normal(0, noise, n)


def intermittent_series(n, p=0.35, mean_size=6.0):
    demand = rng.random(n) < p
    sizes = rng.poisson(mean_size, n) + 1
    return np.where(demand, sizes, 0).astype(float)


def simple_initial(y, trend, m):
    """The initial states Outpost uses (ExponentialSmoothing.initialStates)."""
    if m is None:
        return float(y[0]), (float(y[1] - y[0]) if trend else 0.0), []
    level = float(np.mean(y[:m]))
    slope = float((np.mean(y[m:2 * m]) - level) / m) if trend and len(y) >= 2 * m else 0.0
    return level, slope, [float(v - level) for v in y[:m]]


SHAPES = {  # name: (trend, damped, seasonal)
    "ANN": (None, False, False),
    "AAN": ("add", False, False),
    "AAdN": ("add", True, False),
    "ANA": (None, False, True),
    "AAA": ("add", False, True),
    "AAdA": ("add", True, True),
}


def holt_winters(y, shape, m, params, horizon):
    trend, damped, seasonal = SHAPES[shape]
    level, slope, seasons = simple_initial(y, trend, m if seasonal else None)
    kwargs = dict(initialization_method="known", initial_level=level)
    if trend:
        kwargs["initial_trend"] = slope
    if seasonal:
        kwargs["initial_seasonal"] = seasons
    def make(**extra):
        return ExponentialSmoothing(
            y, trend=trend, damped_trend=damped, seasonal="add" if seasonal else None,
            seasonal_periods=m if seasonal else None, **kwargs, **extra)

    model = make()
    fixed = dict(smoothing_level=params["alpha"], optimized=False)
    if trend:
        fixed["smoothing_trend"] = params["beta"]
    if damped:
        fixed["damping_trend"] = params["phi"]
    if seasonal:
        fixed["smoothing_seasonal"] = params["gamma"]
    result = model.fit(**fixed)
    case = dict(shape=shape, period=m if seasonal else None, params=params, initial_level=level,
                initial_trend=slope, initial_seasons=seasons, series=list(map(float, y)),
                fitted=list(map(float, result.fittedvalues)), sse=float(result.sse),
                forecast=list(map(float, result.forecast(horizon))))
    optimised = (make(bounds={"damping_trend": (0.8, 0.98)}) if damped else model).fit(optimized=True)
    fit = dict(shape=shape, period=m if seasonal else None, series=list(map(float, y)),
               sse=float(optimised.sse),
               params={k: float(optimised.params[k]) for k in
                       ("smoothing_level", "smoothing_trend", "smoothing_seasonal", "damping_trend")
                       if optimised.params.get(k) is not None and not np.isnan(optimised.params[k])})
    return case, fit


def ets_interval(y, shape, m, params, horizon):
    trend, damped, seasonal = SHAPES[shape]
    level, slope, seasons = simple_initial(y, trend, m if seasonal else None)
    # ETSModel's prediction frame needs an indexed series.
    model = ETSModel(
        pd.Series(y), error="add", trend=trend, damped_trend=damped, seasonal="add" if seasonal else None,
        seasonal_periods=m if seasonal else None, initialization_method="known", initial_level=level,
        initial_trend=slope if trend else None, initial_seasonal=seasons if seasonal else None)
    # ETSModel's smoothing_trend is the state-space beta = alpha * (Holt-Winters beta).
    values = dict(smoothing_level=params["alpha"])
    if trend:
        values["smoothing_trend"] = params["alpha"] * params["beta"]
    if seasonal:
        values["smoothing_seasonal"] = params["gamma"]
    if damped:
        values["damping_trend"] = params["phi"]
    with model.fix_params(values):
        result = model.fit(disp=False)
    frame = result.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(alpha=0.2)
    return dict(shape=shape, period=m if seasonal else None, params=params, initial_level=level,
                initial_trend=slope, initial_seasons=seasons, series=list(map(float, y)),
                mse=float(result.mse), sse=float(result.sse), mean=list(map(float, frame["mean"].values)),
                lower=list(map(float, frame["pi_lower"].values)), upper=list(map(float, frame["pi_upper"].values)))


def croston(y, alpha=0.1, sba=False):
    """Forecast after the whole series: sizes and intervals smoothed from their first values."""
    idx = np.flatnonzero(y)
    if len(idx) == 0:
        return 0.0
    sizes = y[idx]
    intervals = np.diff(idx + 1, prepend=0).astype(float)
    z, p = sizes[0], intervals[0]
    for size, interval in zip(sizes[1:], intervals[1:]):
        z = z + alpha * (size - z)
        p = p + alpha * (interval - p)
    return float((1 - alpha / 2 if sba else 1) * z / p)


def statsforecast_croston(y):
    try:
        from statsforecast.models import CrostonClassic, CrostonSBA
    except ImportError:
        return None
    return dict(classic=float(CrostonClassic().forecast(y.astype(float), h=1)["mean"][0]),
                sba=float(CrostonSBA().forecast(y.astype(float), h=1)["mean"][0]))


def main():
    horizon = 8
    ets, fits, intervals = [], [], []
    plans = [
        ("ANN", trended_series(40, slope=0.0), None, dict(alpha=0.35)),
        ("AAN", trended_series(48), None, dict(alpha=0.6, beta=0.2)),
        ("AAdN", trended_series(48, slope=-0.8), None, dict(alpha=0.5, beta=0.3, phi=0.9)),
        ("ANA", seasonal_series(60, 12, slope=0.0), 12, dict(alpha=0.3, gamma=0.2)),
        ("AAA", seasonal_series(72, 12), 12, dict(alpha=0.25, beta=0.1, gamma=0.3)),
        ("AAdA", seasonal_series(72, 12), 12, dict(alpha=0.4, beta=0.15, phi=0.92, gamma=0.25)),
        ("AAdA", seasonal_series(130, 52, amplitude=35.0), 52, dict(alpha=0.2, beta=0.05, phi=0.95, gamma=0.1)),
    ]
    for shape, y, m, params in plans:
        case, fit = holt_winters(y, shape, m, params, horizon)
        ets.append(case)
        fits.append(fit)
        intervals.append(ets_interval(y, shape, m, params, horizon))
    crostons = []
    for n, p, size in [(60, 0.3, 5.0), (80, 0.15, 12.0), (52, 0.5, 3.0), (30, 0.1, 4.0)]:
        y = intermittent_series(n, p, size)
        entry = dict(series=list(map(float, y)), alpha=0.1, classic=croston(y), sba=croston(y, sba=True))
        reference = statsforecast_croston(y)
        if reference is not None:
            entry["statsforecast"] = reference
        crostons.append(entry)
    # Croston's worked example shape: demand 0,0,5,0,0,0,3,0,4 by hand (see docs/analytics.md).
    hand = np.array([0, 0, 5, 0, 0, 0, 3, 0, 4], dtype=float)
    crostons.append(dict(series=list(map(float, hand)), alpha=0.1, classic=croston(hand), sba=croston(hand, sba=True)))
    out = dict(made_by="scripts/forecast-reference.py", numpy=np.__version__, statsmodels=statsmodels.__version__,
               horizon=horizon, ets=ets, fits=fits, intervals=intervals, croston=crostons)
    with open(os.path.join(ROOT, "fixtures", "forecast-reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
