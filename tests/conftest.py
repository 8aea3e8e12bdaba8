"""Shared fixtures: the seed article and its codebook example."""

from __future__ import annotations

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
