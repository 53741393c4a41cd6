"""Reference learners for scripts/bench-model.ts, trained on exactly the rows Candor used.

Usage: reference.py <bank-full.csv> <split.json>
split.json holds {"train": [row indices], "test": [row indices]} (0-based data rows).
Prints one JSON object: per learner its train seconds, test AUC/log-loss and test probabilities
(so the TypeScript side can score them with its own metric code too).
Features mirror the TypeScript loader: duration dropped, Y/N flags as 0/1, text columns as
native categoricals (ordinal codes).
"""
import csv
import json
import sys
import time

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss, roc_auc_score

NUMERIC = ["age", "default", "balance", "housing", "loan", "day", "campaign", "pdays", "previous"]
CATEGORICAL = ["job", "marital", "education", "contact", "month", "poutcome"]
BINARY = {"default", "housing", "loan"}
ORDER = ["age", "job", "marital", "education", "default", "balance", "housing", "loan", "contact",
         "day", "month", "campaign", "pdays", "previous", "poutcome"]


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    columns = []
    for name in ORDER:
        values = [r[name] for r in rows]
        if name in BINARY:
            columns.append([1.0 if v in ("Y", "yes") else 0.0 for v in values])
        elif name in CATEGORICAL:
            codes = {label: i for i, label in enumerate(sorted(set(values)))}
            columns.append([float(codes[v]) for v in values])
        else:
            columns.append([float(v) for v in values])
    X = np.array(columns, dtype=np.float64).T
    y = np.array([1 if r["y"] in ("Y", "yes") else 0 for r in rows], dtype=np.int64)
    return X, y


def evaluate(name, fit, predict, X_tr, y_tr, X_te, y_te, note):
    start = time.perf_counter()
    model = fit(X_tr, y_tr)
    seconds = time.perf_counter() - start
    proba = predict(model, X_te)
    return {
        "name": name,
        "note": note,
        "trainSeconds": seconds,
        "auc": float(roc_auc_score(y_te, proba)),
        "logLoss": float(log_loss(y_te, proba)),
        "proba": [float(p) for p in proba],
    }


def main():
    csv_path, split_path = sys.argv[1], sys.argv[2]
    with open(split_path) as f:
        split = json.load(f)
    X, y = load(csv_path)
    train, test = np.array(split["train"]), np.array(split["test"])
    X_tr, y_tr, X_te, y_te = X[train], y[train], X[test], y[test]
    is_cat = np.array([name in CATEGORICAL for name in ORDER])

    def fit_hgb(X_, y_):
        return HistGradientBoostingClassifier(categorical_features=is_cat, random_state=42).fit(X_, y_)

    def fit_xgb(X_, y_):
        types = ["c" if c else "q" for c in is_cat]
        dtrain = xgb.DMatrix(X_, label=y_, feature_types=types, enable_categorical=True)
        params = {
            "objective": "binary:logistic",
            "tree_method": "hist",
            "eta": 0.05,
            "max_depth": 6,
            "subsample": 0.8,
            "colsample_bytree": 0.8,
            "seed": 42,
        }
        return xgb.train(params, dtrain, num_boost_round=400), types

    def predict_xgb(model, X_):
        booster, types = model
        return booster.predict(xgb.DMatrix(X_, feature_types=types, enable_categorical=True))

    learners = [
        evaluate(f"sklearn {sklearn.__version__} HistGradientBoosting (defaults)", fit_hgb,
                 lambda m, X_: m.predict_proba(X_)[:, 1], X_tr, y_tr, X_te, y_te,
                 "native categoricals, internal 10% early stopping"),
        evaluate(f"XGBoost {xgb.__version__} (400 trees, lr 0.05, depth 6, hist, 0.8/0.8)", fit_xgb,
                 predict_xgb, X_tr, y_tr, X_te, y_te, "native categoricals"),
    ]
    json.dump({"learners": learners}, sys.stdout)


if __name__ == "__main__":
    main()
