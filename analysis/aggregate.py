"""Balance of voices and frames in one article, from its scored paragraph table.

Input: the scored paragraph table (analysis.score; one row per paragraph) of ONE article. The columns
used here are `article_id, paragraph, words, voice, quoted_words, frame, p_<frame>..., stance,
stance_score, p_<stance>...`; aggregation never looks at the text and never runs a classifier.

Measures, per label of a dimension (voice, frame, stance):

| key             | meaning                                                                  |
|-----------------|--------------------------------------------------------------------------|
| `paragraphs`    | paragraphs with the label                                                |
| `words`         | their words                                                              |
| `quoted_words`  | their words inside quotation marks                                       |
| `paragraph_share`, `word_share`, `quoted_share` | the above over the article's totals      |
| `prominence`    | position-weighted paragraph share (see `position_weights`)               |

Hard shares count each paragraph under its one label. Expected shares (frames and stances, which
have probabilities) count each paragraph under every label with weight p_<label>, so a paragraph
the classifier is unsure about is split between labels instead of being given to one.

Prominence weighting: paragraph i (1-based) weighs 0.5 ** ((i - 1) / HALF_LIFE): the lead weighs 1
and each HALF_LIFE paragraphs further down halve the weight (1, 0.87, 0.76, ... with the default 5).
It models readers leaving an inverted-pyramid story; unlike a linear rank weight it does not depend
on the article's length, so prominence compares across long and short articles.

Justification-to-criticism ratio: official_justification words over congressional_criticism words
(hard labels, and expected with probabilities), with a percentile bootstrap interval: the paragraphs
are resampled with replacement (seeded, so the interval is reproducible) and the ratio recomputed.
A resample without criticism words has an infinite ratio; when more than (1 - level) / 2 of the
resamples do, the upper bound is unbounded and written as null (`undefined_share` says how often).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from analysis.codebook import FRAMES, STANCES, VOICES
from analysis.errors import FramingError

HALF_LIFE = 5.0
RESAMPLES = 2000
SEED = 0  # default bootstrap seed: the same table gives the same interval
LEVEL = 0.95
NUMERATOR = "official_justification"
DENOMINATOR = "congressional_criticism"
SILENT_VOICE = "narration"  # the reporter's own voice: not a "voice heard"
DIMENSIONS: dict[str, tuple[str, ...]] = {"voice": VOICES, "frame": FRAMES, "stance": STANCES}
PROBABILISTIC = ("frame", "stance")
REQUIRED_COLUMNS = (
    ["article_id", "paragraph", "words", "voice", "quoted_words", "frame", "stance", "stance_score"]
    + [f"p_{f}" for f in FRAMES] + [f"p_{s}" for s in STANCES]
)
SHARE_COLUMNS = ["paragraphs", "words", "quoted_words", "paragraph_share", "word_share", "quoted_share", "prominence"]


def check_scored(table: pd.DataFrame, single: bool = True) -> pd.DataFrame:
    """Validate a scored table (columns, labels, one article if single) and return it in paragraph order."""
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise FramingError(f"scored table: missing column(s) {', '.join(missing)}; expected the table of 'framing score'")
    if table.empty:
        raise FramingError("scored table: no paragraphs")
    for dim, labels in DIMENSIONS.items():
        bad = sorted(set(table[dim].astype(str)) - set(labels))
        if bad:
            raise FramingError(f"scored table: unknown {dim} label(s) {', '.join(bad)}; valid: {', '.join(labels)}")
    if single and table["article_id"].nunique() != 1:
        raise FramingError(f"scored table: {table['article_id'].nunique()} articles; balance is computed for one article at a time")
    return table.sort_values(["article_id", "paragraph"], kind="stable").reset_index(drop=True)


def position_weights(paragraph: pd.Series | np.ndarray, half_life: float = HALF_LIFE) -> np.ndarray:
    """Prominence weight of each 1-based paragraph position: 0.5 ** ((i - 1) / half_life)."""
    if half_life <= 0:
        raise FramingError(f"half_life must be positive, not {half_life}")
    return 0.5 ** ((np.asarray(paragraph, dtype=float) - 1.0) / half_life)


def _ratio(num: float, den: float) -> float:
    """num / den with 0/0 as NaN and x/0 as infinity."""
    if den > 0:
        return num / den
    return math.nan if num == 0 else math.inf


def membership(table: pd.DataFrame, dimension: str, expected: bool = False) -> pd.DataFrame:
    """Paragraph-by-label weights: one-hot hard labels, or the p_<label> probabilities if expected."""
    labels = DIMENSIONS[dimension]
    if expected:
        if dimension not in PROBABILISTIC:
            raise FramingError(f"no probabilities for {dimension}; expected shares exist for {', '.join(PROBABILISTIC)}")
        return table[[f"p_{lab}" for lab in labels]].set_axis(list(labels), axis=1).astype(float)
    values = table[dimension].to_numpy(dtype=object)
    return pd.DataFrame((values[:, None] == np.array(labels, dtype=object)[None, :]).astype(float),
                        columns=list(labels), index=table.index)


def shares(table: pd.DataFrame, dimension: str, expected: bool = False, half_life: float = HALF_LIFE) -> pd.DataFrame:
    """Per-label counts and shares (SHARE_COLUMNS), one row per label in codebook order."""
    return _shares(check_scored(table), dimension, expected, half_life)


# The private twins of the public measures take a table check_scored has already validated and
# ordered: balance() checks once, not once per measure (it was most of its time on short articles).
def _member_matrix(table: pd.DataFrame, dimension: str, expected: bool) -> np.ndarray:
    """membership() as a paragraphs x labels array (the private measures work on arrays: building
    small DataFrames was most of the balance's time)."""
    labels = DIMENSIONS[dimension]
    if expected:
        if dimension not in PROBABILISTIC:
            raise FramingError(f"no probabilities for {dimension}; expected shares exist for {', '.join(PROBABILISTIC)}")
        return table[[f"p_{lab}" for lab in labels]].to_numpy(float)
    values = table[dimension].to_numpy(dtype=object)
    return (values[:, None] == np.array(labels, dtype=object)[None, :]).astype(float)


def _shares(table: pd.DataFrame, dimension: str, expected: bool, half_life: float,
            member: np.ndarray | None = None) -> pd.DataFrame:
    m = _member_matrix(table, dimension, expected) if member is None else member
    words = table["words"].to_numpy(float)
    quoted = table["quoted_words"].to_numpy(float)
    weights = position_weights(table["paragraph"].to_numpy(), half_life)
    paragraphs, word_counts, quoted_counts = m.sum(axis=0), words @ m, quoted @ m
    nan = np.full(m.shape[1], math.nan)
    data = {
        "paragraphs": paragraphs if expected else paragraphs.astype(int),
        "words": word_counts if expected else word_counts.astype(int),
        "quoted_words": quoted_counts if expected else quoted_counts.astype(int),
        "paragraph_share": paragraphs / len(table),
        "word_share": word_counts / words.sum() if words.sum() > 0 else nan,
        "quoted_share": quoted_counts / quoted.sum() if quoted.sum() > 0 else nan,
        "prominence": (weights @ m) / weights.sum(),
    }
    return pd.DataFrame(data, index=pd.Index(list(DIMENSIONS[dimension]), name=dimension))


def ranking(share_table: pd.DataFrame) -> list[str]:
    """Labels with at least one paragraph, by paragraphs, then words, then codebook order."""
    rows = zip(share_table.index, share_table["paragraphs"].tolist(), share_table["words"].tolist(), strict=True)
    present = [(-p, -w, i, lab) for i, (lab, p, w) in enumerate(rows) if p > 0]
    return [lab for *_, lab in sorted(present)]


def first_voices(table: pd.DataFrame) -> dict[str, Any]:
    """The lead paragraph's voice, and the first voice heard (the first paragraph not in narration)."""
    return _first_voices(check_scored(table))


def _first_voices(table: pd.DataFrame) -> dict[str, Any]:
    voices = table["voice"].to_numpy(dtype=object)
    heard = np.flatnonzero(voices != SILENT_VOICE)
    first = None if heard.size == 0 else {"voice": str(voices[heard[0]]),
                                          "paragraph": int(table["paragraph"].to_numpy()[heard[0]])}
    return {"lead_voice": str(voices[0]), "first_voice": first}


def stance_by_voice(table: pd.DataFrame) -> pd.DataFrame:
    """Mean stance score (P(support) - P(oppose)) and its word-weighted mean, per voice present."""
    return _stance_by_voice(check_scored(table))


def _stance_by_voice(table: pd.DataFrame) -> pd.DataFrame:
    voices = table["voice"].to_numpy(dtype=object)
    words = table["words"].to_numpy(float)
    score = table["stance_score"].to_numpy(float)
    rows: dict[str, list[float]] = {"mean_stance": [], "word_weighted_stance": []}
    present = [v for v in VOICES if (voices == v).any()]
    for voice in present:
        mask = voices == voice
        w, s = words[mask], score[mask]
        rows["mean_stance"].append(float(s.mean()))
        rows["word_weighted_stance"].append(float((w @ s) / w.sum()) if w.sum() else math.nan)
    return pd.DataFrame(rows, index=present, dtype=float)


BOOTSTRAP_CELLS = 2_000_000  # indices drawn at once: memory stays flat however long the article


def bootstrap_indices(n: int, resamples: int = RESAMPLES, seed: int = SEED) -> Iterator[np.ndarray]:
    """Blocks of a (resamples x n) matrix of paragraph indices drawn with replacement, reproducible
    from seed; blocks of about BOOTSTRAP_CELLS indices (the draws are the same as in one block)."""
    if resamples < 1:
        raise FramingError(f"resamples must be at least 1, not {resamples}")
    rng = np.random.default_rng(seed)
    rows = max(1, BOOTSTRAP_CELLS // max(n, 1))
    for start in range(0, resamples, rows):
        yield rng.integers(0, n, size=(min(rows, resamples - start), n))


def percentile_interval(values: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """Percentile interval of bootstrap values (infinite values allowed; NaN draws dropped)."""
    if not 0 < level < 1:
        raise FramingError(f"level must be between 0 and 1, not {level}")
    values = np.sort(values[~np.isnan(values)])
    if values.size == 0:
        return math.nan, math.nan
    alpha = (1 - level) / 2
    # Nearest-rank quantiles: well defined when the tail holds infinite values.
    lo = values[min(values.size - 1, int(math.floor(alpha * values.size)))]
    hi = values[min(values.size - 1, max(0, int(math.ceil((1 - alpha) * values.size)) - 1))]
    return float(lo), float(hi)


def _boot_ratio(num_words: np.ndarray, den_words: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Ratio of summed numerator to denominator words in each resample (inf / NaN on zero denominators)."""
    num = num_words[idx].sum(axis=1)
    den = den_words[idx].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.where(num > 0, np.inf, np.nan))


def ratio_estimate(num_words: np.ndarray, den_words: np.ndarray, idx: Iterable[np.ndarray], level: float = LEVEL) -> dict[str, Any]:
    """Ratio, its bootstrap interval (idx: blocks of resampled indices) and the share of resamples without denominator words."""
    boot = np.concatenate([_boot_ratio(num_words, den_words, block) for block in idx])
    lo, hi = percentile_interval(boot, level)
    return {
        "value": _finite(_ratio(float(num_words.sum()), float(den_words.sum()))),
        "interval": [_finite(lo), _finite(hi)],
        "undefined_share": float(np.mean(~np.isfinite(boot))),
        "numerator_words": _finite(float(num_words.sum())),
        "denominator_words": _finite(float(den_words.sum())),
    }


def justification_ratio(table: pd.DataFrame, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL) -> dict[str, Any]:
    """Justification-to-criticism word ratio, hard and expected, each with a seeded bootstrap interval."""
    return _justification_ratio(check_scored(table), resamples, seed, level)


def _justification_ratio(table: pd.DataFrame, resamples: int, seed: int, level: float) -> dict[str, Any]:
    words = table["words"].to_numpy(float)
    is_num = (table["frame"] == NUMERATOR).to_numpy(float)
    is_den = (table["frame"] == DENOMINATOR).to_numpy(float)
    hard = ratio_estimate(words * is_num, words * is_den, bootstrap_indices(len(table), resamples, seed), level)
    expected = ratio_estimate(words * table[f"p_{NUMERATOR}"].to_numpy(float),
                              words * table[f"p_{DENOMINATOR}"].to_numpy(float),
                              bootstrap_indices(len(table), resamples, seed), level)
    hard["numerator_words"] = int(hard["numerator_words"])
    hard["denominator_words"] = int(hard["denominator_words"])
    return {
        "numerator": NUMERATOR, "denominator": DENOMINATOR, "unit": "words",
        "hard": hard, "expected": expected,
        "level": level, "resamples": resamples, "seed": seed,
    }


def share_intervals(table: pd.DataFrame, dimension: str = "frame", resamples: int = RESAMPLES, seed: int = SEED,
                    level: float = LEVEL, expected: bool = False) -> pd.DataFrame:
    """Bootstrap intervals (low, high) of each label's paragraph and word share, over resampled paragraphs."""
    return _share_intervals(check_scored(table), dimension, resamples, seed, level, expected)


def _share_intervals(table: pd.DataFrame, dimension: str, resamples: int, seed: int, level: float,
                     expected: bool, member: np.ndarray | None = None) -> pd.DataFrame:
    m = _member_matrix(table, dimension, expected) if member is None else member
    words = table["words"].to_numpy(float)
    weighted = m * words[:, None]
    para_parts, word_parts = [], []
    for idx in bootstrap_indices(len(table), resamples, seed):
        # per block: sums over each resample's paragraphs, label by label (never block x n x labels)
        para_parts.append(np.stack([m[:, j][idx].mean(axis=1) for j in range(m.shape[1])], axis=1))
        wsum = words[idx].sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            word_parts.append(np.stack([weighted[:, j][idx].sum(axis=1) for j in range(m.shape[1])], axis=1) / wsum)
    para = np.concatenate(para_parts)  # resamples x labels
    word = np.concatenate(word_parts)
    rows = {}
    for j, lab in enumerate(DIMENSIONS[dimension]):
        p_lo, p_hi = percentile_interval(para[:, j], level)
        w_lo, w_hi = percentile_interval(word[:, j], level)
        rows[lab] = {"paragraph_low": p_lo, "paragraph_high": p_hi, "word_low": w_lo, "word_high": w_hi}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(dimension)


RATIO_SHOWN_UP_TO = 100  # larger ratios, and unbounded interval ends, print as "> 100"


def format_ratio(value: float | None, low: float | None, high: float | None) -> str:
    """'2.5 [0.9, > 100]': a ratio and its interval, two significant figures, the same everywhere
    (None or NaN: an undefined ratio, an interval end at zero below or unbounded above)."""
    def num(x: float | None, missing: str) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return missing
        if x > RATIO_SHOWN_UP_TO:
            return f"> {RATIO_SHOWN_UP_TO}"
        if x == 0:
            return "0"
        # '#' keeps a significant trailing zero (1.0 next to 1.1, not 1); 99.7 rounds to 100, not 1.0e+02
        text = f"{x:#.2g}"
        return f"{x:.0f}" if "e+" in text else text.rstrip(".")

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{num(value, 'n/a')} [{num(low, '0')}, {num(high, f'> {RATIO_SHOWN_UP_TO}')}]"


def _finite(x: float, digits: int = 6) -> float | None:
    """x as a JSON-safe float rounded to digits: None for NaN or infinity."""
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def _records(frame: pd.DataFrame, digits: int = 6) -> dict[str, dict[str, Any]]:
    """A label-indexed table as {label: {column: JSON-safe value}}; integer columns stay integers."""
    labels = [str(label) for label in frame.index]
    out: dict[str, dict[str, Any]] = {label: {} for label in labels}
    for col in frame.columns:
        values = frame[col].to_numpy()
        integer = np.issubdtype(values.dtype, np.integer)
        for label, v in zip(labels, values.tolist(), strict=True):
            out[label][col] = int(v) if integer else (None if _finite(float(v)) is None else round(float(v), digits))
    return out


def balance(table: pd.DataFrame, *, half_life: float = HALF_LIFE, resamples: int = RESAMPLES, seed: int = SEED,
            level: float = LEVEL) -> dict[str, Any]:
    """All balance measures of one article as a JSON-ready dict (the `balance` key of summary.json)."""
    table = check_scored(table)
    member = {(dim, expected): _member_matrix(table, dim, expected)
              for dim in DIMENSIONS for expected in (False, True) if not expected or dim in PROBABILISTIC}
    voices = _shares(table, "voice", False, half_life, member["voice", False]).join(_stance_by_voice(table))
    frames = _shares(table, "frame", False, half_life, member["frame", False])
    frames_expected = _shares(table, "frame", True, half_life, member["frame", True])
    frame_ci = _share_intervals(table, "frame", resamples, seed, level, False, member["frame", False])
    frame_ci_expected = _share_intervals(table, "frame", resamples, seed, level, True, member["frame", True])
    stances = _shares(table, "stance", False, half_life, member["stance", False])
    stances_expected = _shares(table, "stance", True, half_life, member["stance", True])
    words = table["words"].to_numpy(float)
    frames_out = _records(frames.join(frame_ci))
    for lab, rec in _records(frames_expected.join(frame_ci_expected)).items():
        frames_out[lab]["expected"] = rec
    stances_out = _records(stances)
    for lab, rec in _records(stances_expected).items():
        stances_out[lab]["expected"] = rec
    return {
        "article_id": str(table.iloc[0]["article_id"]),
        "paragraphs": int(len(table)),
        "words": int(words.sum()),
        "quoted_words": int(table["quoted_words"].sum()),
        **_first_voices(table),
        "voice_ranking": ranking(voices),
        "frame_ranking": ranking(frames),
        "voices": _records(voices),
        "frames": frames_out,
        "stances": stances_out,
        "stance": {
            "mean": round(float(table["stance_score"].mean()), 6),
            "word_weighted": round(float(words @ table["stance_score"].to_numpy(float) / words.sum()), 6) if words.sum() else None,
        },
        "justification_ratio": _justification_ratio(table, resamples, seed, level),
        "method": {
            "prominence": f"position-weighted paragraph share; paragraph i weighs 0.5 ** ((i - 1) / {half_life:g})",
            "half_life_paragraphs": half_life,
            "expected": "probability-weighted: each paragraph counts under every label with weight p_<label>",
            "interval": f"{level:.0%} percentile bootstrap over paragraphs, {resamples} resamples, seed {seed}",
        },
    }


def voice_share_table(summaries: dict[str, dict[str, Any]], measure: str = "paragraph_share") -> pd.DataFrame:
    """Articles x voices table of one share measure, from {article_id: balance dict}."""
    if measure not in SHARE_COLUMNS:
        raise FramingError(f"unknown measure {measure!r}; valid: {', '.join(SHARE_COLUMNS)}")
    rows = {aid: {v: bal["voices"][v][measure] for v in VOICES} for aid, bal in summaries.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(VOICES)).rename_axis("article_id")


def balance_by_article(table: pd.DataFrame, **kwargs: Any) -> dict[str, dict[str, Any]]:
    """The balance dict of every article in a multi-article scored table, by article id."""
    table = check_scored(table, single=False)
    return {str(aid): balance(group, **kwargs) for aid, group in table.groupby("article_id", sort=False)}


def group_shares(per_article: pd.DataFrame, fields: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean of per-article shares within groups of an article field (outlet, date): each article counts once.

    per_article: articles x labels (index article_id); fields: article fields (index article_id) with
    column `by`. Returns groups x labels plus an `articles` column; missing field values group as "(none)".
    """
    if by not in fields.columns:
        raise FramingError(f"unknown article field {by!r}; valid: {', '.join(fields.columns)}")
    key = fields[by].reindex(per_article.index).fillna("(none)").astype(str)
    out = per_article.groupby(key).mean()
    out.insert(0, "articles", per_article.groupby(key).size())
    return out.rename_axis(by)


def article_rows(summaries: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per article from {article_id: balance dict}: size, leading/lead/first voice, ratio, voice shares."""
    rows = {}
    for aid, bal in summaries.items():
        ratio = bal["justification_ratio"]["hard"]
        first = bal["first_voice"]
        rows[aid] = {
            "paragraphs": bal["paragraphs"], "words": bal["words"],
            "leading_voice": bal["voice_ranking"][0], "lead_voice": bal["lead_voice"],
            "first_voice": first["voice"] if first else None,
            "ratio": ratio["value"], "ratio_low": ratio["interval"][0], "ratio_high": ratio["interval"][1],
            "mean_stance": bal["stance"]["mean"],
            **{f"{v}_share": bal["voices"][v]["paragraph_share"] for v in VOICES},
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("article_id")
