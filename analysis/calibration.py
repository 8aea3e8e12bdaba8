"""Temperature scaling: one temperature per head so that the classifier's probabilities mean what they say.

A temperature T divides a head's logits before the softmax; on probabilities that is
p ** (1 / T), renormalised. T > 1 softens an over-confident head. It is fitted by minimising
the negative log-likelihood of held-out predictions (events the model never saw), over a fixed
grid so the result is deterministic. Calibration changes the reported probabilities, never the
labels: classify.decide chooses the (frame, stance) pair on the raw probabilities.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.codebook import FRAMES, STANCES

# the probability columns of each head (classify.FRAME_PROBS, classify.STANCE_PROBS)
HEADS = {"frame": ([f"p_{f}" for f in FRAMES], FRAMES), "stance": ([f"p_{s}" for s in STANCES], STANCES)}
GRID = np.exp(np.linspace(np.log(0.25), np.log(8.0), 301))  # T from 0.25 to 8, 1.2% steps
_EPS = 1e-12


def apply_temperature(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Rows of probabilities re-scaled by a temperature (softmax of log p / T)."""
    logits = np.log(np.clip(probs, _EPS, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    return out / out.sum(axis=1, keepdims=True)


def nll(probs: np.ndarray, gold_index: np.ndarray) -> float:
    """Mean negative log-likelihood of the gold labels."""
    return float(-np.log(np.clip(probs[np.arange(len(probs)), gold_index], _EPS, 1.0)).mean())


def fit_temperature(probs: np.ndarray, gold_index: np.ndarray) -> float:
    """The temperature on GRID with the lowest NLL of the gold labels (1.0 when there is nothing to fit)."""
    if len(probs) == 0:
        return 1.0
    losses = [nll(apply_temperature(probs, t), gold_index) for t in GRID]
    return float(round(GRID[int(np.argmin(losses))], 4))


def fit(probs: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Temperatures per head from a probability table and its gold `frame` and `stance` columns.

    Gold frames outside the codebook (the dev set's "other") are left out of the frame fit.
    """
    out = {}
    for head, (columns, labels) in HEADS.items():
        keep = gold[head].isin(labels).to_numpy()
        index = gold.loc[keep, head].map({lab: i for i, lab in enumerate(labels)}).to_numpy()
        out[head] = fit_temperature(probs.loc[keep, columns].to_numpy(), index)
    return out


def rescale(probs: pd.DataFrame, temperatures: Mapping[str, float]) -> pd.DataFrame:
    """A probability table with each head re-scaled by its temperature (heads not named are left as they are)."""
    out = probs.copy()
    for head, (columns, _) in HEADS.items():
        t = float(temperatures.get(head, 1.0))
        if t != 1.0:
            out[columns] = apply_temperature(probs[columns].to_numpy(), t)
    return out
