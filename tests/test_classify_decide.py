"""Frame and stance decided jointly: only the pairs the codebook allows, and the most probable of them."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd

from analysis import classify
from analysis.codebook import ALLOWED_PAIRS, FRAMES, STANCES
from analysis.paths import CODEBOOK_FILE


def test_allowed_pairs_come_from_the_codebook() -> None:
    with open(CODEBOOK_FILE, "rb") as fh:
        frames = tomllib.load(fh)["frame"]
    expected = {(f["label"], s) for f in frames for s in (f.get("stances") or STANCES)}
    assert set(ALLOWED_PAIRS) == expected
    # the codebook's conventions: a justification and legislative support defend the action,
    # a neutral report takes no side, outside criticism never supports, legislators' criticism may
    allowed = set(ALLOWED_PAIRS)
    assert ("official_justification", "oppose") not in allowed and ("official_justification", "support") in allowed
    assert ("legislative_support", "neutral") not in allowed
    assert ("neutral_report", "support") not in allowed
    assert ("other_criticism", "support") not in allowed
    assert {("congressional_criticism", s) for s in STANCES} <= allowed


def test_every_decision_is_an_allowed_pair_and_the_best_one() -> None:
    rng = np.random.default_rng(7)
    frame_p = rng.dirichlet(np.ones(len(FRAMES)) * 0.5, size=400)
    stance_p = rng.dirichlet(np.ones(len(STANCES)) * 0.5, size=400)
    probs = pd.DataFrame(np.hstack([frame_p, stance_p]), columns=classify.FRAME_PROBS + classify.STANCE_PROBS)
    decided = classify.decide(probs)
    pairs = list(zip(decided["frame"], decided["stance"], strict=True))
    assert set(pairs) <= set(ALLOWED_PAIRS)
    for i, (frame, stance) in enumerate(pairs):
        best = max(frame_p[i, FRAMES.index(f)] * stance_p[i, STANCES.index(s)] for f, s in ALLOWED_PAIRS)
        assert np.isclose(frame_p[i, FRAMES.index(frame)] * stance_p[i, STANCES.index(stance)], best)
    assert ((decided["pair_confidence"] > 0) & (decided["pair_confidence"] <= 1)).all()


def test_a_contradiction_resolves_to_the_more_probable_coherent_pair() -> None:
    row = dict.fromkeys(classify.FRAME_PROBS + classify.STANCE_PROBS, 0.0)
    # a justification (0.6) read with stance oppose (0.7): justification+support scores 0.6 x 0.2,
    # legislative criticism+oppose 0.3 x 0.7, which wins
    row.update({"p_official_justification": 0.6, "p_congressional_criticism": 0.3, "p_neutral_report": 0.1,
                "p_support": 0.2, "p_oppose": 0.7, "p_neutral": 0.1})
    decided = classify.decide(pd.DataFrame([row]))
    assert (decided.loc[0, "frame"], decided.loc[0, "stance"]) == ("congressional_criticism", "oppose")
    # the same frame with a clear support stance keeps both
    row.update({"p_support": 0.8, "p_oppose": 0.1})
    decided = classify.decide(pd.DataFrame([row]))
    assert (decided.loc[0, "frame"], decided.loc[0, "stance"]) == ("official_justification", "support")
    assert np.isclose(decided.loc[0, "stance_score"], 0.7)  # still P(support) - P(oppose)
