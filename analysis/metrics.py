"""Classification metrics for frames, stances and voices: F1, confusion matrices, calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> pd.DataFrame:
    """Confusion matrix: rows gold, columns predicted, in the given label order."""
    table = pd.crosstab(pd.Categorical(gold, categories=labels), pd.Categorical(predicted, categories=labels),
                        dropna=False)
    table.index.name, table.columns.name = "gold", "predicted"
    return table.reindex(index=list(labels), columns=list(labels), fill_value=0).astype(int)


def per_class(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> pd.DataFrame:
    """Precision, recall, F1 and support per label."""
    cm = confusion(gold, predicted, labels).to_numpy()
    tp = np.diag(cm).astype(float)
    precision = np.divide(tp, cm.sum(0), out=np.zeros_like(tp), where=cm.sum(0) > 0)
    recall = np.divide(tp, cm.sum(1), out=np.zeros_like(tp), where=cm.sum(1) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(tp), where=(precision + recall) > 0)
    return pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": cm.sum(1)}, index=list(labels))


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean F1 over the labels that occur in gold."""
    scores = per_class(gold, predicted, labels)
    return float(scores.loc[scores["support"] > 0, "f1"].mean())


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of exact matches."""
    gold, predicted = np.asarray(gold), np.asarray(predicted)
    return float((gold == predicted).mean()) if len(gold) else float("nan")


def expected_calibration_error(probs: np.ndarray, gold_index: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-label confidence: bin-size-weighted |accuracy - confidence| over equal-width bins."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == gold_index
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        in_bin = which == b
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


def report(name: str, gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str],
           probs: np.ndarray | None = None) -> str:
    """A plain-text block: accuracy, macro-F1, ECE, per-class scores and the confusion matrix."""
    lines = [f"== {name}: n={len(gold)}  accuracy={accuracy(gold, predicted):.3f}  "
             f"macro-F1={macro_f1(gold, predicted, labels):.3f}"]
    if probs is not None:
        index = np.array([list(labels).index(g) for g in gold])
        lines[0] += f"  ECE={expected_calibration_error(probs, index):.3f}"
    lines += ["", per_class(gold, predicted, labels).round(3).to_string(), "",
              confusion(gold, predicted, labels).to_string(), ""]
    return "\n".join(lines)
