"""Publication figures of the balance of voices, in the project style (framing.mplstyle).

Every figure takes the scored paragraph table of one article (analysis.score; schema in
analysis.aggregate) and returns a matplotlib Figure sized for a journal column: SINGLE (3.5 in) or
DOUBLE (7 in) wide. `save` writes it as PDF (TrueType fonts embedded), SVG and PNG, atomically, with
metadata that holds no date, so the same table gives byte-identical files.

Colours and display names come from the codebook (Okabe-Ito, colour-blind safe); the voice and frame
palettes share hues on purpose: administration and official justification are blue, the legislature
and legislative criticism vermillion, foreign voices and reactions green.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from analysis import __version__, aggregate, io
from analysis.codebook import CODEBOOK, FRAMES, VOICES
from analysis.errors import FramingError
from analysis.paths import STYLE_FILE

SINGLE = 3.5  # inches: one journal column
DOUBLE = 7.0  # inches: two journal columns (full page width)
FORMATS = ("pdf", "svg", "png")
VOICE_COLOURS = CODEBOOK.colours("voice")
FRAME_COLOURS = CODEBOOK.colours("frame")
STANCE_COLOURS = CODEBOOK.colours("stance")
VOICE_NAMES = CODEBOOK.names("voice")
FRAME_NAMES = CODEBOOK.names("frame")
MEASURES = {"paragraph_share": "Paragraphs", "word_share": "Words", "quoted_share": "Quoted words"}
MAP_NUMBER_SIZE = 6.5  # points: the paragraph numbers in the article map's blocks
FILL_ALPHA = 0.25  # stance area under the line
CREATOR = f"framing-study {__version__}"


@contextmanager
def style() -> Iterator[None]:
    """Apply the project style (analysis/framing.mplstyle) inside a with-block."""
    with plt.style.context(str(STYLE_FILE)):
        yield


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on a fill colour (relative luminance)."""
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def _percent(x: float) -> str:
    """A share as a whole percentage, '<1%' for small non-zero shares."""
    if x is None or np.isnan(x):
        return "–"
    return "<1%" if 0 < x < 0.005 else f"{x:.0%}"


def row_major(items: list, ncols: int) -> list:
    """Items reordered so that matplotlib, which fills a legend column by column, shows them row by
    row in the given order: [a, b, c, d] in 3 columns reads 'a b c / d'."""
    rows = -(-len(items) // ncols)
    grid = [items[r * ncols:(r + 1) * ncols] for r in range(rows)]
    return [grid[r][c] for c in range(ncols) for r in range(rows) if c < len(grid[r])]


def balance_chart(table: pd.DataFrame, width: float = DOUBLE, height: float = 1.9) -> Figure:
    """Share of paragraphs, words and quoted words by voice: three bar panels side by side."""
    voices = aggregate.shares(table, "voice")
    with style():
        fig, axes = plt.subplots(1, len(MEASURES), figsize=(width, height), sharey=True)
        y = np.arange(len(VOICES))
        colours = [VOICE_COLOURS[v] for v in VOICES]
        # the base of each share, so a reader sees how few paragraphs a percentage may rest on
        totals = {"paragraph_share": len(table), "word_share": int(table["words"].sum()),
                  "quoted_share": int(table["quoted_words"].sum())}
        for ax, (measure, title) in zip(axes, MEASURES.items(), strict=True):
            values = voices[measure].reindex(list(VOICES)).to_numpy(float)
            ax.set_title(f"{title} (n = {totals[measure]:,})" if measure in totals else title)
            ax.set_xlim(0, 1)
            ax.set_xticks([0, 0.5, 1], ["0", "50%", "100%"])
            ax.grid(axis="x")
            if np.all(np.isnan(values)):
                ax.text(0.5, 0.5, "no quoted words", transform=ax.transAxes, ha="center", va="center", color="#555555")
                continue
            ax.barh(y, np.nan_to_num(values), color=colours, height=0.7)
            for yi, v in zip(y, values, strict=True):
                ax.text(min(v, 1) + 0.02, yi, _percent(v), va="center", ha="left", fontsize=7)
        axes[0].set_yticks(y, [VOICE_NAMES[v] for v in VOICES])
        axes[0].invert_yaxis()
        axes[0].tick_params(axis="y", length=0)
    return fig


def _edges(table: pd.DataFrame) -> np.ndarray:
    """Word offsets of the paragraph boundaries: 0, w1, w1 + w2, ..., total words."""
    return np.concatenate([[0], np.cumsum(table["words"].to_numpy(float))])


def map_number_rotation(number: str, block_points: float) -> int | None:
    """How an article-map block block_points wide shows its number: 0 (across), 90 (upright, when
    only the digits' height fits) or None (too narrow for either: the paragraph table has it)."""
    digit = 0.6 * MAP_NUMBER_SIZE  # a digit's advance width, about 0.6 em in the project's sans-serif
    if block_points >= len(number) * digit + 2:
        return 0
    if block_points >= MAP_NUMBER_SIZE + 1:
        return 90
    return None


def article_map(table: pd.DataFrame, width: float = DOUBLE, height: float = 2.4, title: str | None = None) -> Figure:
    """The article as a strip of paragraphs (width = words, colour = voice, band = frame) under a stance line."""
    table = aggregate.check_scored(table)
    edges = _edges(table)
    total = edges[-1]
    if total <= 0:
        raise FramingError("scored table: the paragraphs have no words to draw")
    with style():
        fig, (ax_s, ax_m) = plt.subplots(2, 1, figsize=(width, height), sharex=True, height_ratios=[1.1, 1])
        # Stance: P(support) - P(oppose) as a step line over each paragraph, support and opposition shaded.
        score = table["stance_score"].to_numpy(float)
        ax_s.axhline(0, color="#999999", linewidth=0.5)
        ax_s.stairs(np.clip(score, 0, None), edges, baseline=0, fill=True, color=STANCE_COLOURS["support"], alpha=FILL_ALPHA, linewidth=0)
        ax_s.stairs(np.clip(score, None, 0), edges, baseline=0, fill=True, color=STANCE_COLOURS["oppose"], alpha=FILL_ALPHA, linewidth=0)
        ax_s.stairs(score, edges, baseline=None, color="#222222", linewidth=1.0)
        ax_s.set_ylim(-1.05, 1.05)
        ax_s.set_yticks([-1, 0, 1], ["oppose −1", "0", "support +1"])
        ax_s.set_title(title or "Stance toward the action, P(support) − P(oppose)")
        ax_s.spines["bottom"].set_visible(False)
        ax_s.tick_params(axis="x", length=0)
        # Map: a voice block and a frame band per paragraph, numbered across where the number fits,
        # upright where only that fits
        points_per_word = ax_m.get_position().width * width * 72 / total
        for i, row in enumerate(table.itertuples(index=False)):
            x0, w = edges[i], edges[i + 1] - edges[i]
            vcol, fcol = VOICE_COLOURS[row.voice], FRAME_COLOURS[row.frame]
            ax_m.add_patch(Rectangle((x0, 0.36), w, 0.64, facecolor=vcol, edgecolor="white", linewidth=0.8))
            ax_m.add_patch(Rectangle((x0, 0.0), w, 0.26, facecolor=fcol, edgecolor="white", linewidth=0.8))
            rotation = map_number_rotation(str(row.paragraph), w * points_per_word)
            if rotation is not None:
                ax_m.text(x0 + w / 2, 0.68, str(row.paragraph), ha="center", va="center", fontsize=MAP_NUMBER_SIZE,
                          rotation=rotation, color=_text_colour(vcol))
        ax_m.set_xlim(0, total)
        ax_m.set_ylim(0, 1)
        ax_m.set_yticks([0.68, 0.13], ["voice", "frame"])
        ax_m.tick_params(axis="y", length=0)
        ax_m.spines["left"].set_visible(False)
        ax_m.set_xlabel("words into the article (each block is one paragraph, numbered where it has room)")
        voices = [v for v in VOICES if v in set(table["voice"])]
        frames = [f for f in FRAMES if f in set(table["frame"])]
        for labels, colours, names, what in ((voices, VOICE_COLOURS, VOICE_NAMES, "Voice"), (frames, FRAME_COLOURS, FRAME_NAMES, "Frame")):
            handles = [Patch(facecolor=colours[lab], label=names[lab]) for lab in labels]
            fig.legend(handles=row_major(handles, 3), loc="outside lower left" if what == "Voice" else "outside lower right",
                       ncols=3, title=what, alignment="left")
    return fig


def frame_shares(table: pd.DataFrame, width: float = SINGLE, height: float = 2.5,
                 resamples: int = aggregate.RESAMPLES, seed: int = aggregate.SEED, level: float = aggregate.LEVEL) -> Figure:
    """Share of words per frame (bars: hard labels with bootstrap intervals; diamonds: probability-weighted)."""
    hard = aggregate.shares(table, "frame")
    expected = aggregate.shares(table, "frame", expected=True)
    ci = aggregate.share_intervals(table, "frame", resamples, seed, level)
    ratio = aggregate.justification_ratio(table, resamples, seed, level)
    with style():
        fig, ax = plt.subplots(figsize=(width, height))
        y = np.arange(len(FRAMES))
        values = hard["word_share"].reindex(list(FRAMES)).to_numpy(float)
        lo = ci["word_low"].reindex(list(FRAMES)).to_numpy(float)
        hi = ci["word_high"].reindex(list(FRAMES)).to_numpy(float)
        ax.barh(y, values, color=[FRAME_COLOURS[f] for f in FRAMES], height=0.65)
        ax.errorbar(values, y, xerr=[np.clip(values - lo, 0, None), np.clip(hi - values, 0, None)], fmt="none",
                    ecolor="#222222", elinewidth=0.8, capsize=2, capthick=0.8)
        ax.plot(expected["word_share"].reindex(list(FRAMES)).to_numpy(float), y, linestyle="none", marker="D", markersize=3.5,
                markerfacecolor="white", markeredgecolor="#222222", markeredgewidth=0.8)
        ax.set_yticks(y, [FRAME_NAMES[f] for f in FRAMES])
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
        ax.grid(axis="x")
        ax.set_xlabel("share of the article's words")
        key = [
            Patch(facecolor="#BBBBBB", label="hard labels"),
            Line2D([], [], color="#222222", linewidth=0.8, marker="|", markersize=5, label=f"{level:.0%} bootstrap interval"),
            Line2D([], [], linestyle="none", marker="D", markersize=3.5, markerfacecolor="white",
                   markeredgecolor="#222222", label="probability-weighted"),
        ]
        fig.legend(handles=key, loc="outside upper center", ncols=3, handletextpad=0.4, columnspacing=0.8)
        fig.supxlabel("Justification-to-criticism ratio (words): " + ratio_text(ratio["hard"])
                      + "\nprobability-weighted: " + ratio_text(ratio["expected"]), fontsize=6, color="#333333")
    return fig


def ratio_text(estimate: dict) -> str:
    """'2.5 [0.9, > 100]' for a ratio estimate from aggregate.ratio_estimate ('n/a' when undefined)."""
    if estimate["value"] is None:
        return "n/a (no criticism words)" if estimate["denominator_words"] == 0 else "n/a"
    return aggregate.format_ratio(estimate["value"], *estimate["interval"])


def stacked_shares(shares_table: pd.DataFrame, title: str, width: float = DOUBLE, bar_height: float = 0.22,
                   xlabel: str = "share of paragraphs") -> Figure:
    """Stacked horizontal bars of voice shares, one bar per row (article, outlet or date), voices in
    codebook order (the voice columns the table has: a report may show only some)."""
    shown = _voices_of(shares_table)
    rows = list(shares_table.index.astype(str))
    with style():
        fig, ax = plt.subplots(figsize=(width, 0.9 + bar_height * len(rows)))
        left = np.zeros(len(rows))
        for v in shown:
            values = shares_table[v].to_numpy(float)
            ax.barh(rows, values, left=left, color=VOICE_COLOURS[v], edgecolor="white", linewidth=0.4, label=VOICE_NAMES[v], height=0.75)
            left += np.nan_to_num(values)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        fig.legend(loc="outside lower center", ncols=len(shown))
    return fig


def shares_over_time(shares_table: pd.DataFrame, title: str, width: float = DOUBLE, height: float = 2.4,
                     ylabel: str = "share of paragraphs") -> Figure:
    """Voice shares by date as stacked bars on a time axis (rows indexed by date; rows without a
    readable date are left out and counted in a note)."""
    with style():
        fig, ax = plt.subplots(figsize=(width, height))
        undated = _time_bars(ax, shares_table)
        ax.set_ylabel(ylabel)
        ax.set_title(title + (f" ({undated} without a date left out)" if undated else ""))
        shown = _voices_of(shares_table)
        fig.legend(handles=_voice_handles(shown), loc="outside lower center", ncols=len(shown))
    return fig


def _voices_of(shares_table: pd.DataFrame) -> list[str]:
    """The voice columns of a shares table, in codebook order; an error if it has none."""
    shown = [v for v in VOICES if v in shares_table.columns]
    if not shown:
        raise FramingError(f"shares table: no voice column (expected any of {', '.join(VOICES)})")
    return shown


def _voice_handles(voices: Iterable[str] = VOICES) -> list[Patch]:
    """Legend patches for the voices, in codebook order."""
    return [Patch(facecolor=VOICE_COLOURS[v], label=VOICE_NAMES[v]) for v in voices]


def _time_bars(ax, shares_table: pd.DataFrame, span: np.timedelta64 | None = None, align: str = "center") -> int:
    """Draw voice shares by date as stacked bars on ax's time axis; returns how many rows had no
    readable date (left out). span: the gap the bars fill (default: the smallest gap between dates);
    align 'edge' starts each bar at its date (a period's start) instead of centring it there."""
    shown = _voices_of(shares_table)
    dates = pd.to_datetime(pd.Series(shares_table.index.astype(str)), errors="coerce", format="mixed")
    keep = dates.notna().to_numpy()
    table, when = shares_table[keep], dates[keep].to_numpy()
    if len(table):
        if span is None:
            span = np.diff(np.sort(when)).min() if len(when) > 1 else np.timedelta64(1, "D")
        bar = max(span * 0.8, np.timedelta64(12, "h"))  # never wider than the gap between two dates
        bottom = np.zeros(len(table))
        for v in shown:
            values = np.nan_to_num(table[v].to_numpy(float))
            ax.bar(when, values, bottom=bottom, width=bar, align=align, color=VOICE_COLOURS[v], edgecolor="white",
                   linewidth=0.4)
            bottom += values
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 0.5, 1], ["0", "50%", "100%"])
    return int((~keep).sum())


MAX_PANELS = 6  # outlets drawn one under the other in shares_over_time_by; the rest are named in a note


def shares_over_time_by(tables: Mapping[str, pd.DataFrame], title: str, width: float = DOUBLE,
                        panel_height: float = 1.1) -> Figure:
    """Voice shares over time, one panel per group (outlet) on a shared time axis, the groups with
    the most articles first (tables: group -> rows indexed by period start, VOICES columns and
    `articles`)."""
    order = sorted(tables, key=lambda g: (-int(tables[g]["articles"].sum()), str(g)))
    shown, rest = order[:MAX_PANELS], order[MAX_PANELS:]
    if not shown:
        raise FramingError("no groups to draw")
    starts = sorted({pd.Timestamp(t) for g in shown for t in tables[g].index})
    span = np.diff(np.array(starts, dtype="datetime64[ns]")).min() if len(starts) > 1 else None
    with style():
        fig, axes = plt.subplots(len(shown), 1, figsize=(width, 0.9 + panel_height * len(shown)), sharex=True,
                                 squeeze=False)
        for ax, group in zip(axes[:, 0], shown, strict=True):
            _time_bars(ax, tables[group], span, align="edge")
            ax.set_ylabel(f"{group}\n(n = {int(tables[group]['articles'].sum())})", rotation=0, ha="right",
                          va="center", fontsize=7)
            ax.set_yticks([0, 1], ["0", "100%"])
        note = f" (also {len(rest)} more outlet{'s' if len(rest) != 1 else ''})" if rest else ""
        axes[0, 0].set_title(title + note)
        voices = _voices_of(tables[shown[0]])
        fig.legend(handles=_voice_handles(voices), loc="outside lower center", ncols=len(voices))
    return fig


def ratio_over_time(ratios: pd.DataFrame, title: str, width: float = DOUBLE, height: float = 2.2,
                    level: float = aggregate.LEVEL) -> Figure:
    """The justification-to-criticism ratio per period (points) with its bootstrap interval (lines),
    on a log axis bounded at 1/100 and 100; unbounded ends and larger values sit on the bound."""
    lo_cap, hi_cap = 1 / aggregate.RATIO_SHOWN_UP_TO, aggregate.RATIO_SHOWN_UP_TO
    when = pd.to_datetime(pd.Series(ratios.index.astype(str)), errors="coerce", format="mixed").to_numpy()

    def capped(values: pd.Series, missing: float) -> np.ndarray:
        return np.clip(values.fillna(missing).to_numpy(float), lo_cap, hi_cap)

    value, low, high = capped(ratios["ratio"], np.nan), capped(ratios["low"], 0.0), capped(ratios["high"], np.inf)
    with style():
        fig, ax = plt.subplots(figsize=(width, height))
        ax.vlines(when, low, high, color="#222222", linewidth=0.8, label=f"{level:.0%} bootstrap interval over articles")
        ax.plot(when, value, linestyle="none", marker="o", markersize=3.5, color=FRAME_COLOURS["official_justification"],
                label="ratio (pooled words)")
        ax.axhline(1, color="#999999", linewidth=0.5)
        ax.set_yscale("log")
        ax.set_ylim(lo_cap * 0.8, hi_cap * 1.25)
        ax.set_yticks([lo_cap, 0.1, 1, 10, hi_cap], [f"< {lo_cap:g}", "0.1", "1", "10", f"> {hi_cap:g}"])
        ax.minorticks_off()
        ax.set_ylabel("justification / criticism")
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_title(title)
        fig.legend(loc="outside lower center", ncols=2)
    return fig


def save(fig: Figure, out_dir: str | Path, stem: str, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write fig as out_dir/stem.<format> for each format, atomically, with date-free metadata; closes fig."""
    formats = list(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise FramingError(f"figure format(s) {', '.join(bad) or '(none)'}: valid formats are {', '.join(FORMATS)}")
    metadata = {
        "pdf": {"Title": stem, "Creator": CREATOR, "CreationDate": None, "ModDate": None},
        "svg": {"Title": stem, "Creator": CREATOR, "Date": None},
        "png": {"Title": stem, "Software": CREATOR},
    }
    paths = []
    with style():
        for fmt in formats:
            path = Path(out_dir) / f"{stem}.{fmt}"
            io.atomic_write(path, lambda tmp, fmt=fmt: fig.savefig(tmp, format=fmt, metadata=metadata[fmt]))
            paths.append(path)
    plt.close(fig)
    return paths


def article_figures(table: pd.DataFrame, out_dir: str | Path, formats: Iterable[str] = FORMATS,
                    title: str | None = None) -> dict[str, list[Path]]:
    """Draw and save the three article figures (balance, article_map, frame_shares); returns their files."""
    formats = list(formats)
    figures = {
        "balance": balance_chart(table),
        "article_map": article_map(table, title=title),
        "frame_shares": frame_shares(table),
    }
    return {name: save(fig, out_dir, name, formats) for name, fig in figures.items()}


def corpus_figures(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, formats: Iterable[str] = FORMATS,
                   frequency: str = "month") -> dict[str, list[Path]]:
    """Draw and save the corpus report's figures from corpus.tables: voices by period, by period
    and outlet, by outlet, and the justification-to-criticism ratio by period; returns their files."""
    formats = list(formats)
    figures: dict[str, Figure] = {}
    if len(tables["by_period"]):
        figures["corpus_voices_by_period"] = shares_over_time(
            tables["by_period"].drop(columns="articles"), f"Voices by {frequency} (mean over articles)")
        per_outlet = {outlet: part.drop(columns="outlet") for outlet, part in tables["by_outlet_period"].groupby("outlet")}
        figures["corpus_voices_by_outlet_and_period"] = shares_over_time_by(
            per_outlet, f"Voices by {frequency} and outlet (mean over articles)")
        figures["corpus_ratio_by_period"] = ratio_over_time(
            tables["ratio_by_period"], f"Justification-to-criticism ratio by {frequency} (words, pooled over articles)")
    figures["corpus_voices_by_outlet"] = stacked_shares(
        tables["by_outlet"][[v for v in VOICES if v in tables["by_outlet"].columns]], "Voices by outlet (mean over articles)")
    return {name: save(fig, out_dir, name, formats) for name, fig in figures.items()}
