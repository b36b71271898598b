"""scikit-learn's counterpart of `podium predict` on Walmart-shaped rows, for BENCHMARKS.md.
`fit TRAIN.csv MODEL.pkl gbm|linear`: fits a pipeline (standardised numbers, one-hot Store,
year/month/ISO week/day of year from Date) and pickles it; untimed.
`predict MODEL.pkl INPUT.csv OUTPUT.csv LABEL`: what the bench times as a whole process: read the
CSV with pandas, derive the date parts, predict, write the input columns plus `prediction` and
`model_version` with pandas `to_csv`."""
import pickle
import sys
import warnings

warnings.filterwarnings("ignore")
import pandas as pd


def features(df):
    d = pd.to_datetime(df["Date"], format="%d-%m-%Y")
    return df.drop(columns=["Date", "Weekly_Sales"], errors="ignore").assign(
        year=d.dt.year, month=d.dt.month, week=d.dt.isocalendar().week.astype(int), dayofyear=d.dt.dayofyear
    )


def fit(train_csv, model_pkl, family):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    df = pd.read_csv(train_csv)
    y = df["Weekly_Sales"]
    x = features(df)
    numeric = [c for c in x.columns if c != "Store"]
    pre = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["Store"]),
    ])
    model = HistGradientBoostingRegressor(max_iter=200, random_state=0) if family == "gbm" else LinearRegression()
    pipe = make_pipeline(pre, model).fit(x, y)
    with open(model_pkl, "wb") as out:
        pickle.dump(pipe, out)


def predict(model_pkl, input_csv, output_csv, label):
    with open(model_pkl, "rb") as source:
        pipe = pickle.load(source)
    df = pd.read_csv(input_csv)
    df["prediction"] = pipe.predict(features(df))
    df["model_version"] = label
    df.to_csv(output_csv, index=False)


if __name__ == "__main__":
    if sys.argv[1] == "fit":
        fit(*sys.argv[2:5])
    else:
        predict(*sys.argv[2:6])
