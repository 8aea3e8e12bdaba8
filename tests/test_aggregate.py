"""Balance of voices: shares, prominence, first voices and the justification-to-criticism ratio."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from analysis import aggregate
from analysis.codebook import FRAMES, VOICES
from analysis.errors import FramingError
from conftest import SEED_EXPECTED, scored_table


def test_voice_shares_on_the_seed(seed_scored: pd.DataFrame) -> None:
    voices = aggregate.shares(seed_scored, "voice")
    assert list(voices.index) == list(VOICES)
    assert voices["paragraphs"].to_dict() == {"administration": 4, "congress": 3, "foreign": 2, "other": 0, "narration": 1}
    for col in ("paragraph_share", "word_share", "quoted_share", "prominence"):
        assert voices[col].sum() == pytest.approx(1.0)
    words = seed_scored.groupby("voice")["words"].sum()
    assert voices.loc["administration", "word_share"] == pytest.approx(words["administration"] / seed_scored["words"].sum())
    # Only the foreign statement (3) and Murphy's tweet (9) hold quotation marks.
    assert voices.loc["administration", "quoted_words"] == 0
    assert voices.loc["congress", "quoted_share"] + voices.loc["foreign", "quoted_share"] == pytest.approx(1.0)
    assert aggregate.ranking(voices)[:2] == ["administration", "congress"]


def test_position_weights_halve_every_half_life() -> None:
    w = aggregate.position_weights(np.arange(1, 12), half_life=5)
    assert w[0] == 1.0 and w[5] == pytest.approx(0.5) and w[10] == pytest.approx(0.25)
    assert np.all(np.diff(w) < 0)
    with pytest.raises(FramingError, match="half_life"):
        aggregate.position_weights([1], half_life=0)


def test_prominence_favours_the_lead() -> None:
    # Same paragraphs, the foreign voice moved from the lead to the tail: its prominence drops.
    labels = [("foreign", "foreign_reaction", "oppose")] + [("narration", "neutral_report", "neutral")] * 9
    lead = aggregate.shares(scored_table(labels=labels), "voice").loc["foreign", "prominence"]
    tail = aggregate.shares(scored_table(labels=labels[1:] + labels[:1]), "voice").loc["foreign", "prominence"]
    assert lead > 0.1 > tail  # both are one paragraph in ten
    assert lead > tail * 3


def test_expected_shares_use_probabilities(seed_scored: pd.DataFrame) -> None:
    expected = aggregate.shares(seed_scored, "frame", expected=True)
    assert expected["paragraph_share"].sum() == pytest.approx(1.0)
    assert expected.loc["official_justification", "paragraphs"] == pytest.approx(seed_scored["p_official_justification"].sum())
    # Uncertain paragraphs spread some weight onto frames no paragraph has as its label.
    assert expected.loc["legislative_support", "paragraph_share"] > 0
    with pytest.raises(FramingError, match="no probabilities for voice"):
        aggregate.shares(seed_scored, "voice", expected=True)


def test_lead_and_first_voice(seed_scored: pd.DataFrame) -> None:
    assert aggregate.first_voices(seed_scored) == {"lead_voice": "narration", "first_voice": {"voice": "foreign", "paragraph": 2}}
    narration_only = scored_table(labels=[("narration", "neutral_report", "neutral")] * 10)
    assert aggregate.first_voices(narration_only)["first_voice"] is None


def test_ratio_and_its_bootstrap_interval(seed_scored: pd.DataFrame) -> None:
    ratio = aggregate.justification_ratio(seed_scored, resamples=500, seed=3)
    words = seed_scored["words"]
    just = words[seed_scored["frame"] == "official_justification"].sum()
    crit = words[seed_scored["frame"] == "congressional_criticism"].sum()
    assert ratio["hard"]["value"] == pytest.approx(just / crit)
    lo, hi = ratio["expected"]["interval"]
    assert lo < ratio["expected"]["value"] < hi
    # Seeded: the same interval again; another seed gives another one.
    assert aggregate.justification_ratio(seed_scored, resamples=500, seed=3) == ratio
    assert aggregate.justification_ratio(seed_scored, resamples=500, seed=4)["expected"]["interval"] != [lo, hi]
    # Three criticism paragraphs in ten: about 0.7 ** 10 = 3% of resamples have none, more than the 2.5% tail.
    assert ratio["hard"]["interval"][1] is None and 0.01 < ratio["hard"]["undefined_share"] < 0.06


def test_ratio_without_criticism_is_undefined() -> None:
    table = scored_table(labels=[("administration", "official_justification", "support")] * 10, confidence=1.0)
    hard = aggregate.justification_ratio(table, resamples=100)["hard"]
    assert hard["value"] is None and hard["denominator_words"] == 0 and hard["undefined_share"] == 1.0


def test_percentile_interval_with_infinite_tail() -> None:
    values = np.array([1.0] * 90 + [math.inf] * 10)
    assert aggregate.percentile_interval(values, 0.95) == (1.0, math.inf)
    assert aggregate.percentile_interval(np.array([math.nan]), 0.95) == (pytest.approx(math.nan, nan_ok=True),) * 2


def test_balance_is_json_and_complete(seed_scored: pd.DataFrame) -> None:
    bal = aggregate.balance(seed_scored, resamples=300)
    text = json.dumps(bal, allow_nan=False)  # no NaN or Infinity in summary.json
    assert json.loads(text) == bal
    assert bal["voice_ranking"][:2] == ["administration", "congress"]
    assert bal["lead_voice"] == "narration" and bal["first_voice"]["voice"] == "foreign"
    assert set(bal["frames"]) == set(FRAMES) and "expected" in bal["frames"]["neutral_report"]
    assert bal["frames"]["official_justification"]["word_low"] <= bal["frames"]["official_justification"]["word_share"]
    assert bal["justification_ratio"]["hard"]["interval"][0] is not None
    assert isinstance(bal["voices"]["administration"]["paragraphs"], int)
    assert bal["paragraphs"] == len(SEED_EXPECTED)


def test_bad_tables_are_refused(seed_scored: pd.DataFrame) -> None:
    with pytest.raises(FramingError, match="missing column.*stance_score"):
        aggregate.balance(seed_scored.drop(columns="stance_score"))
    with pytest.raises(FramingError, match="unknown voice label.*pundit"):
        aggregate.balance(seed_scored.assign(voice="pundit"))
    two = pd.concat([seed_scored, seed_scored.assign(article_id="other")])
    with pytest.raises(FramingError, match="2 articles"):
        aggregate.balance(two)
    with pytest.raises(FramingError, match="no paragraphs"):
        aggregate.balance(seed_scored.iloc[:0])


def test_several_articles_by_outlet(seed_scored: pd.DataFrame) -> None:
    other = scored_table("b", labels=[("congress", "congressional_criticism", "oppose")] * 10)
    balances = aggregate.balance_by_article(pd.concat([seed_scored, other]), resamples=50)
    shares = aggregate.voice_share_table(balances)
    assert list(shares.index) == ["000_c99cd6f376a91b6b", "b"] and shares.loc["b", "congress"] == 1.0
    fields = pd.DataFrame({"outlet": ["ABC News", None]}, index=["000_c99cd6f376a91b6b", "b"])
    by_outlet = aggregate.group_shares(shares, fields, "outlet")
    assert by_outlet.loc["(none)", "congress"] == 1.0 and by_outlet.loc["ABC News", "articles"] == 1
    rows = aggregate.article_rows(balances)
    assert rows.loc["b", "leading_voice"] == "congress" and rows.loc["b", "ratio"] == 0.0
    with pytest.raises(FramingError, match="unknown article field 'desk'"):
        aggregate.group_shares(shares, fields, "desk")


def test_bootstrap_blocks_draw_the_same_indices_as_one_matrix() -> None:
    import numpy as np

    blocks = list(aggregate.bootstrap_indices(50_000, resamples=300, seed=3))
    assert len(blocks) > 1 and sum(len(b) for b in blocks) == 300  # memory stays flat for long articles
    assert (np.concatenate(blocks) == np.random.default_rng(3).integers(0, 50_000, size=(300, 50_000))).all()


def test_ratios_print_one_way_everywhere() -> None:
    assert aggregate.format_ratio(2.5149, 0.912, None) == "2.5 [0.91, > 100]"
    assert aggregate.format_ratio(0.4333, None, 250.0) == "0.43 [0, > 100]"
    assert aggregate.format_ratio(12.0, 0.0, 31.7) == "12 [0, 32]"
    assert aggregate.format_ratio(None, None, None) == "n/a"
    assert aggregate.format_ratio(1.0, 0.98, 1.104) == "1.0 [0.98, 1.1]"  # two significant figures on both sides
    assert aggregate.format_ratio(99.7, 0.0504, 100.0) == "100 [0.050, 100]"
