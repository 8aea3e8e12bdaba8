"""Shared fixtures: the seed article and its codebook example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.paths import SEED_ARTICLE

# The worked example in ../shared/codebook.md (voice, frame, stance per paragraph).
SEED_EXPECTED = [
    ("narration", "neutral_report", "neutral"),
    ("foreign", "foreign_reaction", "neutral"),
    ("foreign", "foreign_reaction", "oppose"),
    ("administration", "neutral_report", "neutral"),
    ("administration", "neutral_report", "neutral"),
    ("administration", "official_justification", "support"),
    ("administration", "official_justification", "support"),
    ("congress", "congressional_criticism", "oppose"),
    ("congress", "congressional_criticism", "oppose"),
    ("congress", "congressional_criticism", "oppose"),
]


@pytest.fixture
def seed_path() -> Path:
    return SEED_ARTICLE


def scored_table(article_id: str = "000_c99cd6f376a91b6b", labels=None, confidence: float = 0.7) -> "pd.DataFrame":
    """A scored paragraph table of the seed article with the worked example's labels and invented probabilities.

    The frame gets probability `confidence`, the other frames share the rest; the stance 0.8, the others 0.1.
    """
    import pandas as pd

    from analysis import article
    from analysis.codebook import FRAMES, STANCES

    labels = labels or SEED_EXPECTED
    table = article.paragraph_table([article.read_article(SEED_ARTICLE)]).assign(article_id=article_id)
    quote = re.compile(r"“[^”]*”")
    rows = []
    for (voice, frame, stance), text in zip(labels, table["text"], strict=True):
        frame_p = {f"p_{f}": confidence if f == frame else (1 - confidence) / (len(FRAMES) - 1) for f in FRAMES}
        stance_p = {f"p_{s}": 0.8 if s == stance else 0.1 for s in STANCES}
        rows.append({
            "voice": voice, "speaker": "", "cue": "", "cue_class": "", "evidence": "",
            "quoted_words": sum(article.count_words(q) for q in quote.findall(text)),
            "frame": frame, "frame_confidence": confidence, **frame_p,
            "stance": stance, "stance_score": stance_p["p_support"] - stance_p["p_oppose"], **stance_p,
        })
    return pd.concat([table, pd.DataFrame(rows)], axis=1)


@pytest.fixture
def seed_scored() -> "pd.DataFrame":
    return scored_table()
