"""A logistic scorer: ``fit`` on feature rows, ``predict_proba``, ``save``/``load`` as data.

Two ways to fit the same linear model:

* pointwise (``fit(X, y)``): logistic regression, for a calibrated probability per row;
* listwise (``fit(X, y, groups=g)``): a conditional logit, softmax over the rows of each group
  (the candidate sentences of one question) against the share of the group's positive rows,
  so the weights learn which candidate of a question answers, not how easy the question is.

Plain numpy, deterministic: features are standardised with the training mean and standard
deviation, then the weights are fitted by Newton's method with an L2 penalty, from zero, for
a fixed number of steps. Same data, same
weights, same file. The file stores the format version and the feature names with the
weights, and loading a file whose names differ from the code's raises, saying how to re-fit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

FORMAT_VERSION = 1


class ScorerError(ValueError):
    pass


class LogisticScorer:
    def __init__(self, features: Sequence[str], l2: float = 1.0, steps: int = 30) -> None:
        self.features = tuple(features)
        self.l2 = l2
        self.steps = steps
        self.mean = np.zeros(len(self.features))
        self.scale = np.ones(len(self.features))
        self.weights = np.zeros(len(self.features))
        self.bias = 0.0

    def _z(self, X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=np.float64) - self.mean) / self.scale

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        sample_weight: np.ndarray | None = None,
        groups: np.ndarray | None = None,
    ) -> LogisticScorer:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.features) or len(y) != len(X):
            raise ScorerError(f"expected rows of {len(self.features)} features and one label each, got {X.shape}")
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.mean = X.mean(axis=0)
        self.scale = X.std(axis=0)
        self.scale[self.scale < 1e-9] = 1.0
        if groups is not None:
            return self._fit_listwise(self._z(X), y, np.asarray(groups))
        Z = np.hstack([self._z(X), np.ones((len(X), 1))])
        beta = np.zeros(Z.shape[1])
        penalty = np.full(Z.shape[1], self.l2)
        penalty[-1] = 0.0  # the intercept is not shrunk
        for _ in range(self.steps):
            p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))
            grad = Z.T @ (sw * (p - y)) + penalty * beta
            hess = (Z * (sw * p * (1 - p))[:, None]).T @ Z + np.diag(penalty) + 1e-9 * np.eye(Z.shape[1])
            step = np.linalg.solve(hess, grad)
            beta -= step
            if np.max(np.abs(step)) < 1e-8:
                break
        self.weights, self.bias = beta[:-1], float(beta[-1])
        return self

    def _fit_listwise(self, Z: np.ndarray, y: np.ndarray, groups: np.ndarray) -> LogisticScorer:
        """Damped Newton steps on the softmax cross-entropy within each group (groups without a
        positive row say nothing about which row answers and are left out). No intercept: a
        constant shifts every row of a group alike."""
        order = np.argsort(groups, kind="stable")
        Z, y, groups = Z[order], y[order], groups[order]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        bounds = [(a, b) for a, b in zip(starts, np.r_[starts[1:], len(groups)], strict=True) if y[a:b].sum() > 0]
        targets = [y[a:b] / y[a:b].sum() for a, b in bounds]

        def loss(beta: np.ndarray) -> float:
            total = 0.5 * self.l2 * float(beta @ beta)
            for (a, b), t in zip(bounds, targets, strict=True):
                s = Z[a:b] @ beta
                m = s.max()
                total += float(m + np.log(np.exp(s - m).sum()) - t @ s)
            return total

        beta = np.zeros(Z.shape[1])
        current = loss(beta)
        for _ in range(self.steps):
            grad = self.l2 * beta
            hess = self.l2 * np.eye(Z.shape[1])
            for (a, b), t in zip(bounds, targets, strict=True):
                z = Z[a:b]
                s = z @ beta
                p = np.exp(s - s.max())
                p /= p.sum()
                mean = p @ z
                grad += (p - t) @ z
                hess += (z * p[:, None]).T @ z - np.outer(mean, mean)
            step = np.linalg.solve(hess + 1e-9 * np.eye(Z.shape[1]), grad)
            size = 1.0
            while size > 1e-4 and loss(beta - size * step) > current:
                size /= 2
            beta = beta - size * step
            new = loss(beta)
            if current - new < 1e-9:
                break
            current = new
        self.weights, self.bias = beta, 0.0
        return self

    def decision(self, X: np.ndarray) -> np.ndarray:
        return self._z(X) @ self.weights + self.bias

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision(X), -30, 30)))

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": [rounded(v) for v in self.mean],
            "scale": [rounded(v) for v in self.scale],
            "weights": [rounded(v) for v in self.weights],
            "bias": rounded(self.bias),
            "l2": self.l2,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object], features: Sequence[str]) -> LogisticScorer:
        names = tuple(data["features"])  # type: ignore[arg-type]
        if names != tuple(features):
            raise ScorerError(
                f"the fitted reader model has features {list(names)} but the code computes {list(features)}; "
                "re-fit it with `make train-reader`"
            )
        s = cls(names, l2=float(data.get("l2", 1.0)))  # type: ignore[arg-type]
        s.mean = np.asarray(data["mean"], dtype=np.float64)
        s.scale = np.asarray(data["scale"], dtype=np.float64)
        s.weights = np.asarray(data["weights"], dtype=np.float64)
        s.bias = float(data["bias"])  # type: ignore[arg-type]
        return s


def rounded(value: float) -> float:
    """A fitted number as the model file stores it: 8 decimals, and no "-0.0" (a weight a hair
    below zero in one refit and above it in the next would otherwise change the file)."""
    return round(float(value), 8) + 0.0


def save_model(path: Path, payload: dict[str, object]) -> None:
    text = json.dumps({"format": FORMAT_VERSION, **payload}, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def load_model(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScorerError(
            f"the reader model {path} cannot be read ({exc}); re-fit it with `make train-reader`"
        ) from exc
    if not isinstance(data, dict):
        raise ScorerError(f"the reader model {path} is not an object; re-fit it with `make train-reader`")
    if data.get("format") != FORMAT_VERSION:
        raise ScorerError(
            f"the reader model {path} has format {data.get('format')}, this code reads {FORMAT_VERSION}; "
            "re-fit it with `make train-reader`"
        )
    return data


def neighbour_mean(values: Sequence[float], width: int) -> list[float]:
    """Each of ``values`` (a curve over a threshold grid) averaged with up to ``width`` neighbours
    on each side: a flat, jagged curve's top is then chosen by its shape, not one point's noise."""
    return [float(np.mean(values[max(0, i - width) : i + width + 1])) for i in range(len(values))]


Fitted = TypeVar("Fitted")


def load_fitted(
    path: Path, build: Callable[[dict[str, object]], Fitted], default: Fitted, what: str, refit: str
) -> Fitted:
    """A model built by ``build`` from the file at ``path`` (``default`` without one); a file that
    does not hold ``what`` raises, saying how to refit it (``refit``)."""
    if not path.exists():
        return default
    data = load_model(path)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ScorerError(f"{path}: not {what} ({exc}); refit: {refit}") from exc
