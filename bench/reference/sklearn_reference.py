"""scikit-learn's usual models on the same tables, for BENCHMARKS.md (run by hand where
scikit-learn is installed: python3 bench/reference/sklearn_reference.py). Same 70/15/15
random split proportions as Podium's default; test-split metrics."""
import sys
import warnings
warnings.filterwarnings("ignore")
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import r2_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.impute import SimpleImputer


def frame(path, target, date_col, date_format, categorical):
    df = pd.read_csv(path)
    d = pd.to_datetime(df[date_col], format=date_format)
    df = df.drop(columns=[date_col]).assign(year=d.dt.year, month=d.dt.month, dayofweek=d.dt.dayofweek, dayofyear=d.dt.dayofyear)
    y = df.pop(target)
    numeric = [c for c in df.columns if c not in categorical]
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
    ])
    x_train, x_rest, y_train, y_rest = train_test_split(df, y, test_size=0.3, random_state=42)
    _, x_test, _, y_test = train_test_split(x_rest, y_rest, test_size=0.5, random_state=42)
    return pre, x_train, y_train, x_test, y_test


def main(credit_csv, walmart_csv):
    pre, xt, yt, xs, ys = frame(credit_csv, "target", "application_date", "%Y-%m-%d", ["home_ownership", "loan_purpose", "region"])
    for name, model in [("LogisticRegression", LogisticRegression(max_iter=2000)), ("RandomForestClassifier", RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=-1)), ("HistGradientBoostingClassifier", HistGradientBoostingClassifier(random_state=0))]:
        pipe = make_pipeline(pre, model).fit(xt, yt)
        print(f"credit-risk baseline | {name} | roc_auc {roc_auc_score(ys, pipe.predict_proba(xs)[:, 1]):.4f}")
    pre, xt, yt, xs, ys = frame(walmart_csv, "Weekly_Sales", "Date", "%d-%m-%Y", ["Store"])
    for name, model in [("LinearRegression", LinearRegression()), ("RandomForestRegressor", RandomForestRegressor(n_estimators=200, random_state=0, n_jobs=-1)), ("HistGradientBoostingRegressor", HistGradientBoostingRegressor(random_state=0))]:
        pipe = make_pipeline(pre, model).fit(xt, yt)
        print(f"walmart | {name} | r2 {r2_score(ys, pipe.predict(xs)):.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
