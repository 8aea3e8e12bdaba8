"""Tables for reading in the report notebooks: parameters, model, headline metrics, shares, paragraphs.

Each function takes plain data (a parameters dict, a model dict, a balance dict from
analysis.aggregate, a scored paragraph table) and returns a DataFrame or a pandas Styler to display.
Display names and colours come from the codebook; article text is HTML-escaped.
"""

from __future__ import annotations

import html
import os
import re

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from analysis import __version__, aggregate
from analysis.article import Article
from analysis.codebook import CODEBOOK, FRAMES, STANCES, VOICES

VOICE_NAMES = CODEBOOK.names("voice")
FRAME_NAMES = CODEBOOK.names("frame")
STANCE_NAMES = CODEBOOK.names("stance")
VOICE_COLOURS = CODEBOOK.colours("voice")
TINT = 0.82  # paragraph rows: the voice colour mixed with this much white
FIGURE_WIDTH_PX = {"balance": 900, "article_map": 900, "frame_shares": 520}


def tint(hex_colour: str, amount: float = TINT) -> str:
    """A colour mixed with white (amount 0 = the colour, 1 = white), as #rrggbb."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def markdown_text(value: object) -> str:
    """A field shown as plain text in Markdown: HTML escaped (a title may hold '<script>'), and the
    characters Markdown would read as markup backslash-escaped."""
    text = html.escape(" ".join(str(value).split()), quote=True)
    return re.sub(r"([\\`*_\[\]{}()#+\-!|~>])", r"\\\1", text)


def untitled_heading(art: Article, words: int = 8) -> str:
    """A heading for an article without a title: its first words (outlet and date follow below the heading)."""
    first = art.paragraphs[0].split() if art.paragraphs else []
    return " ".join(first[:words]) + (" …" if len(first) > words else "") if first else art.id


def article_header(art: Article) -> str:
    """Markdown heading for an article: title (or id), then outlet, date, dateline and source file;
    every field escaped, since any of them can come from an untrusted file."""
    fields = [markdown_text(f) for f in (art.outlet, art.date, art.dateline) if f]
    lines = [f"## {markdown_text(art.title or untitled_heading(art))}", f"*{' · '.join(fields)}*" if fields else "",
             f"Article {markdown_text(art.id)}, {len(art.paragraphs)} paragraph{'s' if len(art.paragraphs) != 1 else ''}, from {markdown_text(Path(art.source).name)}."]
    return "\n\n".join(line for line in lines if line)


def parameters_view(params: Mapping[str, Any]) -> pd.DataFrame:
    """The parameters a report ran with, one row each."""
    return pd.DataFrame({"parameter": list(params), "value": [_show(v) for v in params.values()]}).set_index("parameter")


def _show(value: Any) -> str:
    """A parameter value for display: lists joined, empty strings marked as default."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if value == "":
        return "(default)"
    return str(value)


def model_view(model: Mapping[str, Any]) -> pd.DataFrame:
    """The model that scored the paragraphs (backend, name, sha256, ...) and the package version."""
    rows = {k: ("" if v is None else str(v)) for k, v in model.items()}
    rows["framing-study"] = __version__
    return pd.DataFrame({"value": rows}).rename_axis("model")


def _pct(x: float | None) -> str:
    """A share as a percentage with one decimal; a dash when undefined."""
    return "–" if x is None else f"{x:.1%}"


def ratio_cell(estimate: Mapping[str, Any], level: float) -> str:
    """'2.5 [0.9, > 100] (95% bootstrap interval in brackets)' for a ratio estimate."""
    if estimate["value"] is None:
        return "n/a (no criticism words)" if not estimate["denominator_words"] else "n/a"
    return f"{aggregate.format_ratio(estimate['value'], *estimate['interval'])} ({level:.0%} bootstrap interval in brackets)"


def headline(balance: Mapping[str, Any]) -> pd.DataFrame:
    """The article's key balance measures, one row each."""
    first = balance["first_voice"]
    ratio = balance["justification_ratio"]
    ranking = balance["voice_ranking"]
    rows = {
        "leading voices (by paragraphs)": ", ".join(
            f"{VOICE_NAMES[v]} {_pct(balance['voices'][v]['paragraph_share'])}" for v in ranking[:2]),
        "lead paragraph's voice": VOICE_NAMES[balance["lead_voice"]],
        "first voice heard": f"{VOICE_NAMES[first['voice']]} (paragraph {first['paragraph']})" if first else "none (narration only)",
        "leading frame (by paragraphs)": FRAME_NAMES[balance["frame_ranking"][0]],
        "justification / criticism, words (hard labels)": ratio_cell(ratio["hard"], ratio["level"]),
        "justification / criticism, words (probability-weighted)": ratio_cell(ratio["expected"], ratio["level"]),
        "mean stance, P(support) − P(oppose)": f"{balance['stance']['mean']:+.2f}",
        "paragraphs / words / quoted words": f"{balance['paragraphs']} / {balance['words']} / {balance['quoted_words']}",
    }
    return pd.DataFrame({"value": rows}).rename_axis("measure")


def shares_view(balance: Mapping[str, Any], dimension: str) -> pd.DataFrame:
    """Counts and shares per voice, frame or stance (expected shares beside the hard ones where they exist)."""
    key, labels, names = {"voice": ("voices", VOICES, VOICE_NAMES), "frame": ("frames", FRAMES, FRAME_NAMES),
                          "stance": ("stances", STANCES, STANCE_NAMES)}[dimension]
    rows = []
    for lab in labels:
        rec = balance[key][lab]
        row = {dimension: names[lab], "paragraphs": rec["paragraphs"], "words": rec["words"],
               "paragraph share": _pct(rec["paragraph_share"]), "word share": _pct(rec["word_share"]),
               "quoted-word share": _pct(rec["quoted_share"]), "prominence": _pct(rec["prominence"])}
        if "word_low" in rec:
            row["word share interval"] = f"{_pct(rec['word_low'])} – {_pct(rec['word_high'])}"
        if "expected" in rec:
            row["expected paragraph share"] = _pct(rec["expected"]["paragraph_share"])
            row["expected word share"] = _pct(rec["expected"]["word_share"])
        if "mean_stance" in rec:
            row["mean stance"] = "–" if rec["mean_stance"] is None else f"{rec['mean_stance']:+.2f}"
        rows.append(row)
    return pd.DataFrame(rows).set_index(dimension)


def table(frame: pd.DataFrame) -> Styler:
    """A display table: one header row (a named index becomes the first column), cells and headers
    left-aligned, values HTML-escaped."""
    named = any(name is not None for name in frame.index.names)
    if named:
        frame = frame.reset_index()  # else the index name sits on a header row of its own
    styler = (
        frame.style.format(escape="html", precision=3, na_rep="–").format_index(escape="html", axis=1)
        .set_properties(**{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": "text-align: left"}])
    )
    if named:
        return styler.hide(axis="index").set_properties(subset=[frame.columns[0]], **{"font-weight": "bold"})
    if isinstance(frame.index, pd.RangeIndex):
        return styler.hide(axis="index")  # a bare row count is no information
    return styler.format_index(escape="html", axis=0)


def paragraph_view(table: pd.DataFrame) -> Styler:
    """The scored paragraphs (number, voice, speaker, cue, text, frame, stance), each row tinted by its voice."""
    view = pd.DataFrame({
        "#": table["paragraph"].astype(int),
        "voice": table["voice"].map(VOICE_NAMES),
        "speaker": table["speaker"].fillna("").astype(str),
        "cue": table["cue"].fillna("").astype(str),
        "text": table["text"].astype(str),
        "frame": table["frame"].map(FRAME_NAMES) + table["frame_confidence"].map(lambda p: f" ({p:.0%})"),
        "stance": table["stance"].map(STANCE_NAMES) + table["stance_score"].map(lambda s: f" ({s:+.2f})"),
    }).reset_index(drop=True)
    colours = table["voice"].map(VOICE_COLOURS).reset_index(drop=True)

    def row_style(row: pd.Series) -> list[str]:
        colour = colours[row.name]
        cells = [f"background-color: {tint(colour)}; vertical-align: top; text-align: left"] * len(row)
        cells[list(row.index).index("voice")] += f"; border-left: 6px solid {colour}; font-weight: bold"
        return cells

    return (
        view.style.apply(row_style, axis=1)
        .format(escape="html")
        .hide(axis="index")
        .set_properties(subset=["text"], **{"min-width": "28em", "white-space": "normal"})
        .set_table_styles([{"selector": "th", "props": "text-align: left; background-color: #f2f2f2"}])
    )


def _figure_file(paths: list[Path]) -> Path | None:
    """The saved file to show for a figure: its PNG, else its SVG, else None."""
    for suffix in (".png", ".svg"):
        for path in paths:
            if Path(path).suffix == suffix:
                return Path(path)
    return None


def show_figure(paths: list[Path], name: str) -> Any:
    """An IPython display object for a saved figure: the PNG (or SVG) file at a readable width, else a link."""
    from IPython.display import SVG, Image, Markdown

    path = _figure_file(paths)
    if path is None:
        return Markdown(f"Figure `{name}`: " + ", ".join(f"`{Path(p).name}`" for p in paths))
    if path.suffix == ".png":
        return Image(filename=str(path), width=FIGURE_WIDTH_PX.get(name, 700))
    return SVG(filename=str(path))


def articles_view(per_article: pd.DataFrame) -> pd.DataFrame:
    """The per-article comparison (aggregate.article_rows joined with fields) in a readable form."""
    out = pd.DataFrame(index=per_article.index)
    for col in ("title", "outlet", "date"):
        if col in per_article:
            out[col] = per_article[col]
    out["paragraphs"] = per_article["paragraphs"]
    for col in ("leading_voice", "lead_voice", "first_voice"):
        out[col.replace("_", " ")] = per_article[col].map(lambda v: VOICE_NAMES.get(v, "–") if isinstance(v, str) else "–")
    out["justification / criticism"] = [
        "n/a" if pd.isna(r) else aggregate.format_ratio(r, lo, hi)
        for r, lo, hi in zip(per_article["ratio"], per_article["ratio_low"], per_article["ratio_high"], strict=True)
    ]
    for v in VOICES:
        out[VOICE_NAMES[v]] = per_article[f"{v}_share"].map(_pct)
    return out


def group_view(groups: pd.DataFrame) -> pd.DataFrame:
    """Shares by outlet or date (aggregate.group_shares) in the by-article table's form: articles,
    then each voice under its codebook name as a percentage."""
    out = pd.DataFrame(index=groups.index)
    out["articles"] = groups["articles"]
    for v in VOICES:
        if v in groups.columns:  # a corpus report may show only some voices
            out[VOICE_NAMES[v]] = groups[v].map(_pct)
    return out


def label_key() -> pd.DataFrame:
    """The codebook's labels: the code in the CSV and JSON outputs, the name the figures and tables
    use, and the definition, one row per label of each dimension."""
    rows = [{"dimension": dim, "code in CSV/JSON": lab.label, "name in figures and tables": lab.name,
             "definition": lab.definition}
            for dim in ("voice", "frame", "stance") for lab in CODEBOOK.dimension(dim)]
    return pd.DataFrame(rows)


def period_view(groups: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """Shares by period (corpus.tables' by_period) as group_view, the period shown as a label
    ('2025-03', '2025-W10', '2025-Q1', '2025') instead of its start date."""
    out = group_view(groups)
    out.index = pd.Index([_period_label(t, frequency) for t in groups.index], name=frequency)
    return out


def _period_label(start: Any, frequency: str) -> str:
    """'2025-03' for a month starting 2025-03-01, and likewise for weeks, quarters and years."""
    when = pd.Timestamp(start)
    if frequency == "week":
        iso = when.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if frequency == "quarter":
        return f"{when.year}-Q{when.quarter}"
    if frequency == "year":
        return str(when.year)
    return when.strftime("%Y-%m")


def ratio_view(ratios: pd.DataFrame, frequency: str | None = None) -> pd.DataFrame:
    """A ratio table (corpus.ratio_by) as articles, words on each side and 'ratio [low, high]'."""
    out = pd.DataFrame(index=ratios.index)
    if frequency is not None:
        out.index = pd.Index([_period_label(t, frequency) for t in ratios.index], name=frequency)
    out["articles"] = ratios["articles"].to_numpy()
    out["justification words"] = ratios["justification_words"].to_numpy()
    out["criticism words"] = ratios["criticism_words"].to_numpy()
    out["justification / criticism"] = [
        aggregate.format_ratio(None if pd.isna(r) else r, None if pd.isna(lo) else lo, None if pd.isna(hi) else hi)
        for r, lo, hi in zip(ratios["ratio"], ratios["low"], ratios["high"], strict=True)]
    return out


def outlet_view(by_outlet: pd.DataFrame) -> pd.DataFrame:
    """Voice shares by outlet with the pooled ratio (corpus.tables' by_outlet), as the other tables read."""
    shares = group_view(by_outlet)
    ratios = ratio_view(by_outlet)
    return shares.join(ratios.drop(columns="articles"))


def furthest_view(furthest: pd.DataFrame) -> pd.DataFrame:
    """The articles furthest from the corpus's balance (corpus.furthest), in percentage points."""
    out = pd.DataFrame(index=furthest.index)
    out["distance (points)"] = (furthest["distance"] * 100).round(0).astype(int)
    for col in ("title", "outlet", "date", "paragraphs"):
        out[col] = furthest[col]
    out["leading voice"] = furthest["leading_voice"].map(lambda v: VOICE_NAMES.get(v, "–") if isinstance(v, str) else "–")
    for v in VOICES:
        if f"{v}_share" in furthest.columns:
            out[VOICE_NAMES[v]] = furthest[f"{v}_share"].map(_pct)
    return out


def corpus_heading(selection: Mapping[str, Any]) -> str:
    """Markdown lines saying what a corpus report covers (corpus.selection), every field escaped."""
    outlets = selection["outlet_counts"]
    span = (f"dated {selection['first_date']} to {selection['last_date']}" if selection["first_date"]
            else "none of them dated")
    undated = selection["articles"] - selection["dated_articles"]
    lines = [
        f"**{selection['articles']} articles** ({selection['paragraphs']} paragraphs) from **{len(outlets)} "
        f"outlet{'s' if len(outlets) != 1 else ''}**, {span}"
        + (f"; {undated} undated article{'s' if undated != 1 else ''} count in the outlet tables only." if undated else "."),
        f"Store: {markdown_text(selection['store'])}. Trends by {markdown_text(selection['frequency'])}"
        + (f", from {markdown_text(selection['start'])}" if selection["start"] else "")
        + (f", to {markdown_text(selection['end'])}" if selection["end"] else "")
        + (f"; outlets: {', '.join(markdown_text(o) for o in selection['outlets'])}" if selection["outlets"] else "") + ".",
    ]
    shown = selection.get("voices") or list(VOICES)
    if list(shown) != list(VOICES):
        lines.append(f"Voices shown: {', '.join(VOICE_NAMES[v] for v in shown)} (each a share of all paragraphs).")
    return "\n\n".join(lines)


def report_index(articles: pd.DataFrame, reports_dir: str | Path, page_dir: str | Path) -> pd.DataFrame:
    """The articles that have a per-article report under reports_dir (<article_id>/report.html, as
    `framing report ARTICLE --out REPORTS/<article_id>` writes it), with a link relative to the
    folder of the page that shows them (page_dir); title, outlet, date and leading voice beside it."""
    if not reports_dir:
        return pd.DataFrame(columns=["report", "title", "outlet", "date", "leading voice"])
    base, page = Path(reports_dir).resolve(), Path(page_dir).resolve()
    rows = []
    for aid, row in articles.iterrows():
        target = base / str(aid) / "report.html"
        if target.is_file():
            href = html.escape(Path(os.path.relpath(target, page)).as_posix(), quote=True)
            rows.append({"report": f'<a href="{href}">{html.escape(str(aid))}</a>',
                         "title": html.escape(str(row["title"])) if isinstance(row["title"], str) else "–",
                         "outlet": html.escape(str(row["outlet"])), "date": html.escape(str(row["date"] or "–")),
                         "leading voice": VOICE_NAMES.get(row["leading_voice"], "–")})
    return pd.DataFrame(rows, columns=["report", "title", "outlet", "date", "leading voice"])


def linked_table(frame: pd.DataFrame) -> Styler:
    """A display table whose cells are already HTML (escaped by the caller, links kept): see report_index."""
    return (frame.style.hide(axis="index").set_properties(**{"text-align": "left"})
            .set_table_styles([{"selector": "th", "props": "text-align: left"}]))
