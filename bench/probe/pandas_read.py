"""pandas peer of the probe: read_csv of the same file, one JSON line like method.mjs.

  python3 bench/probe/pandas_read.py pandas-typed|pandas-plain
"""
import json
import os
import resource
import sys
import time

method = sys.argv[1]
data = os.environ.get("PROBE_DATA", "/tmp/columnar-probe")
path = os.path.join(data, "baseline_full.csv")
t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (import is timed apart)

steps = {"import": round(time.perf_counter() - t0, 3)}
cpu0 = resource.getrusage(resource.RUSAGE_SELF)
t1 = time.perf_counter()
CATEGORIES = ["home_ownership", "loan_purpose", "region", "target"]
if method == "pandas-typed":
    # The same typed result: float64/int64 numbers, category codes, datetime64 dates.
    df = pd.read_csv(path, dtype={c: "category" for c in CATEGORIES}, parse_dates=["application_date"])
elif method == "pandas-plain":
    df = pd.read_csv(path)
elif method == "pandas-profile":
    # The peer of `podium data add`: read_csv + describe + histograms + value counts.
    import numpy as np

    df = pd.read_csv(path, dtype={c: "category" for c in CATEGORIES}, parse_dates=["application_date"])
    steps["read_csv"] = round(time.perf_counter() - t1, 3)
    df.describe(percentiles=[0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
    for name in df.columns:
        col = df[name]
        if str(col.dtype) == "category":
            col.value_counts()
        elif col.dtype.kind in "if":
            np.histogram(col.dropna().values, bins=20)
            col.nunique()
        else:
            col.min(), col.max(), col.nunique()
elif method == "pandas-drift":
    # The peer of `podium drift --data`: read the current CSV, then SciPy ks_2samp and a
    # NumPy decile PSI per numeric feature against the reference values (a .npz made in setup).
    import numpy as np
    from scipy import stats

    df = pd.read_csv(os.path.join(data, "drift_full.csv"),
                     dtype={c: "category" for c in CATEGORIES}, parse_dates=["application_date"])
    steps["read_csv"] = round(time.perf_counter() - t1, 3)
    ref = np.load(os.path.join(data, "reference.npz"))

    def psi(r, c):
        edges = np.unique(np.quantile(r, np.linspace(0.1, 0.9, 9)))
        p = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1) / len(r)
        q = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1) / len(c)
        p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
        return float(np.sum((q - p) * np.log(q / p)))

    for name in ref.files:
        cur = df[name].dropna().values.astype("float64")
        stats.ks_2samp(ref[name], cur)
        psi(ref[name], cur)
elif method == "pandas-reference":
    # Setup only (untimed in the runner): the reference values of the numeric features.
    import numpy as np

    df = pd.read_csv(path)
    numeric = [c for c in df.columns if df[c].dtype.kind in "if" and c != "target"]
    np.savez(os.path.join(data, "reference.npz"), **{c: df[c].dropna().values.astype("float64") for c in numeric})
else:
    raise SystemExit(f"unknown method {method}")
seconds = time.perf_counter() - t1
steps.setdefault("read_csv", round(seconds, 3))
steps["total"] = round(seconds, 3)
cpu1 = resource.getrusage(resource.RUSAGE_SELF)
checksum = {}
# pandas-drift reads the drifted file, which is not the reference's: nothing to compare.
for name in df.columns if method not in ("pandas-drift", "pandas-reference") else []:
    col = df[name]
    if str(col.dtype) == "category":
        counts = col.value_counts(dropna=True)
        checksum[name] = {"kind": "category", "rows": len(col), "missing": int(col.isna().sum()),
                          "counts": dict(sorted((str(k), int(v)) for k, v in counts.items()))}
    elif str(col.dtype).startswith("datetime"):
        days = col.values.astype("datetime64[D]").astype("int64")
        checksum[name] = {"kind": "date", "rows": len(col), "missing": int(col.isna().sum()),
                          "sum": float(f"{float(days[~col.isna().values].sum()):.10g}")}
    elif col.dtype.kind in "if":
        checksum[name] = {"kind": "numeric", "rows": len(col), "missing": int(col.isna().sum()),
                          "sum": float(f"{float(col.sum()):.10g}")}
print(json.dumps({
    "method": method,
    "seconds": round(seconds, 3),
    "cpuSeconds": round(cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime, 3),
    "steps": steps,
    "rows": len(df),
    "checksum": checksum or None,
    "pandas": pd.__version__,
    "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
