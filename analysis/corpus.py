"""Corpus measures over a results store (analysis.store): the balance of voices over time and by
outlet, the justification-to-criticism ratio over time with bootstrap intervals over articles, and
the articles that stand furthest from the corpus's balance.

Article table schema (load_articles): one row per article, indexed by article_id, with `title,
outlet, date` (as stored), `when` (the date as a Timestamp, NaT if unreadable), `paragraphs,
words`, `<voice>_share` for every voice (share of the article's paragraphs), `leading_voice`, and
`justification_words, criticism_words` (the words framed as official justification and as
legislative criticism). Every measure counts each article once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import aggregate
from analysis.codebook import VOICES
from analysis.errors import FramingError

# pandas period codes; a week runs Monday to Sunday (pandas names weeks by their last day)
FREQUENCIES = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
SHARES = [f"{v}_share" for v in VOICES]
NO_OUTLET = "(none)"


def load_articles(store: str | Path, start: str = "", end: str = "", outlets: Sequence[str] = ()) -> pd.DataFrame:
    """The store's articles (schema above), optionally those dated from start to end (YYYY-MM-DD,
    inclusive; undated articles are then left out) and of the given outlets."""
    from analysis.store import Store

    columns = ", ".join(["article_id", "title", "outlet", "date", "paragraphs", "words", "leading_voice", *SHARES,
                         "justification_words", "criticism_words"])
    with Store(store, read_only=True) as opened:
        table = opened.query(f"SELECT {columns} FROM articles ORDER BY article_id")
    table["outlet"] = table["outlet"].fillna(NO_OUTLET)
    table["when"] = pd.to_datetime(table["date"], errors="coerce", format="mixed")
    for name, bound in (("start", start), ("end", end)):
        if bound and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", bound) or pd.isna(pd.to_datetime(bound, errors="coerce"))):
            raise FramingError(f"{name} {bound!r}: not a date (YYYY-MM-DD)")
    if start:
        table = table[table["when"] >= pd.Timestamp(start)]
    if end:
        table = table[table["when"] < pd.Timestamp(end) + pd.Timedelta(days=1)]
    if outlets:
        unknown = sorted(set(outlets) - set(table["outlet"]))
        if unknown:
            raise FramingError(f"outlet(s) {', '.join(map(repr, unknown))} not in the store's selection; "
                               f"valid: {', '.join(sorted(set(table['outlet'])))}")
        table = table[table["outlet"].isin(list(outlets))]
    if table.empty:
        raise FramingError(f"{store}: no articles in this selection")
    return table.set_index("article_id")


def periods(when: pd.Series, frequency: str) -> pd.Series:
    """The start of each date's period (week from Monday, month, quarter, year); NaT stays NaT."""
    if frequency not in FREQUENCIES:
        raise FramingError(f"frequency {frequency!r}; valid: {', '.join(FREQUENCIES)}")
    dated = when.dropna()
    out = pd.Series(pd.NaT, index=when.index, dtype="datetime64[ns]")
    out[dated.index] = dated.dt.to_period(FREQUENCIES[frequency]).dt.start_time
    return out


def check_voices(voices: Sequence[str]) -> list[str]:
    """The voices a report shows, in codebook order: all of them when none are named."""
    unknown = [v for v in voices if v not in VOICES]
    if unknown:
        raise FramingError(f"parameter voices: unknown voice(s) {', '.join(map(repr, unknown))}; valid: {', '.join(VOICES)}")
    return [v for v in VOICES if v in voices] if voices else list(VOICES)


def shares_by(articles: pd.DataFrame, key: pd.Series | str, voices: Sequence[str] = VOICES) -> pd.DataFrame:
    """Mean voice shares per group (each article counts once), with an `articles` column; groups
    by a column name or a Series aligned with articles (rows where it is missing are left out).
    Only the given voices are kept; each share stays a share of all the article's paragraphs."""
    keys = articles[key] if isinstance(key, str) else key
    table = articles[[f"{v}_share" for v in voices]].set_axis(list(voices), axis=1)
    grouped = table.groupby(keys, sort=True)
    out = grouped.mean()
    out.insert(0, "articles", grouped.size())
    return out


def ratio_by(articles: pd.DataFrame, key: pd.Series | str, resamples: int = aggregate.RESAMPLES,
             seed: int = aggregate.SEED, level: float = aggregate.LEVEL) -> pd.DataFrame:
    """The justification-to-criticism word ratio pooled over each group's articles, with a
    percentile bootstrap interval over its articles: columns articles, ratio, low, high
    (NaN: undefined, or unbounded above)."""
    keys = articles[key] if isinstance(key, str) else key
    rows = {}
    for group, part in articles.groupby(keys, sort=True):
        num = part["justification_words"].to_numpy(float)
        den = part["criticism_words"].to_numpy(float)
        est = aggregate.ratio_estimate(num, den, aggregate.bootstrap_indices(len(part), resamples, seed), level)
        low, high = est["interval"]
        rows[group] = {"articles": len(part), "ratio": est["value"], "low": low, "high": high,
                       "justification_words": int(num.sum()), "criticism_words": int(den.sum())}
    return pd.DataFrame.from_dict(rows, orient="index").astype({"ratio": float, "low": float, "high": float})


def distance_from_balance(articles: pd.DataFrame, voices: Sequence[str] = VOICES) -> pd.Series:
    """Each article's largest absolute difference, over the voices, between its paragraph shares and
    the mean shares of all the selected articles (in share points, 0-1): who moves the balance most."""
    shares = articles[[f"{v}_share" for v in voices]].to_numpy(float)
    return pd.Series(np.abs(shares - shares.mean(axis=0)).max(axis=1), index=articles.index, name="distance")


def furthest(articles: pd.DataFrame, n: int = 10, voices: Sequence[str] = VOICES) -> pd.DataFrame:
    """The n articles furthest from the corpus's balance over the given voices (distance_from_balance), furthest first."""
    out = articles[["title", "outlet", "date", "paragraphs", "leading_voice", *(f"{v}_share" for v in voices)]].copy()
    out.insert(0, "distance", distance_from_balance(articles, voices))
    return out.sort_values(["distance", "paragraphs"], ascending=[False, False], kind="stable").head(n)


def tables(articles: pd.DataFrame, frequency: str = "month", top: int = 10,
           voices: Sequence[str] = ()) -> dict[str, pd.DataFrame]:
    """The corpus report's tables: `by_period` (mean voice shares per period), `ratio_by_period`,
    `by_outlet` (mean shares with the pooled ratio and its interval), `by_outlet_period` (shares per
    outlet and period, long form with an `outlet` column) and `furthest` (the top articles furthest
    from the balance). Undated articles count in the outlet tables, not in the period ones.
    voices: the voices shown (check_voices; default all)."""
    voices = check_voices(voices)
    period = periods(articles["when"], frequency).rename("period")
    dated = period.notna()
    by_outlet = shares_by(articles, "outlet", voices).join(ratio_by(articles, "outlet").drop(columns="articles"))
    per_outlet = [shares_by(part, period[part.index][dated[part.index]], voices).assign(outlet=outlet)
                  for outlet, part in articles[dated].groupby("outlet", sort=True)]
    return {
        "by_period": shares_by(articles[dated], period[dated], voices).rename_axis("period"),
        "ratio_by_period": ratio_by(articles[dated], period[dated]).rename_axis("period"),
        "by_outlet": by_outlet.rename_axis("outlet"),
        "by_outlet_period": (pd.concat(per_outlet).rename_axis("period") if per_outlet
                             else pd.DataFrame(columns=["articles", *voices, "outlet"])),
        "furthest": furthest(articles, top, voices),
    }


def selection(articles: pd.DataFrame, params: dict) -> dict:
    """What a corpus report covers (summary.json): the store, the filters, and the articles selected."""
    dated = articles["when"].dropna()
    return {
        "store": params["store"], "start": params["start"] or None, "end": params["end"] or None,
        "outlets": list(params["outlets"]), "frequency": params["frequency"],
        "voices": check_voices(params.get("voices", [])),
        "articles": int(len(articles)), "dated_articles": int(len(dated)),
        "first_date": dated.min().strftime("%Y-%m-%d") if len(dated) else None,
        "last_date": dated.max().strftime("%Y-%m-%d") if len(dated) else None,
        "paragraphs": int(articles["paragraphs"].sum()),
        "outlet_counts": {str(k): int(v) for k, v in articles["outlet"].value_counts().sort_index().items()},
    }
