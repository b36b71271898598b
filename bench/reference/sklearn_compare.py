"""scikit-learn's counterparts of `podium compare`'s five models on the Walmart weekly sales,
on the same time-ordered 80/20 split (oldest 80% of rows train, newest 20% validate), for
BENCHMARKS.md. Run by `npm run bench` where python3 has scikit-learn and pandas.
Prints: model | train_r2 | val_r2 | seconds."""
import sys
import time
import warnings
warnings.filterwarnings("ignore")
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import ElasticNet, LinearRegression
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def main(path):
    df = pd.read_csv(path)
    d = pd.to_datetime(df["Date"], format="%d-%m-%Y")
    df = df.assign(year=d.dt.year, month=d.dt.month, week=d.dt.isocalendar().week.astype(int), dayofyear=d.dt.dayofyear)
    df = df.iloc[d.argsort(kind="stable")].drop(columns=["Date"])
    y = df.pop("Weekly_Sales")
    cut = round(len(df) * 0.8)
    x_train, x_val, y_train, y_val = df.iloc[:cut], df.iloc[cut:], y.iloc[:cut], y.iloc[cut:]
    numeric = [c for c in df.columns if c != "Store"]
    pre = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["Store"]),
    ])
    for name, model in [
        ("linear regression (LinearRegression)", LinearRegression()),
        ("elastic net (ElasticNet)", ElasticNet(alpha=0.001, l1_ratio=0.5, max_iter=10000)),
        ("random forest (RandomForestRegressor)", RandomForestRegressor(n_estimators=100, random_state=0, n_jobs=-1)),
        ("gbm (HistGradientBoostingRegressor)", HistGradientBoostingRegressor(random_state=0)),
        ("ecd (MLPRegressor)", MLPRegressor(hidden_layer_sizes=(64, 32), max_iter=500, random_state=0)),
    ]:
        started = time.perf_counter()
        target = y_train if "MLP" not in name else (y_train - y_train.mean()) / y_train.std()
        pipe = make_pipeline(pre, model).fit(x_train, target)
        seconds = time.perf_counter() - started
        unscale = (lambda p: p) if "MLP" not in name else (lambda p: p * y_train.std() + y_train.mean())
        train_r2 = r2_score(y_train, unscale(pipe.predict(x_train)))
        val_r2 = r2_score(y_val, unscale(pipe.predict(x_val)))
        print(f"{name} | {train_r2:.4f} | {val_r2:.4f} | {seconds:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
