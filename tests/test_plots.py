"""Figures: project style, codebook colours, column sizes, embedded fonts, reproducible files."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis import plots
from analysis.codebook import CODEBOOK, VOICES
from analysis.errors import FramingError


def test_balance_chart_is_double_column_with_voice_colours(seed_scored: pd.DataFrame) -> None:
    fig = plots.balance_chart(seed_scored)
    assert fig.get_size_inches()[0] == pytest.approx(plots.DOUBLE)
    axes = fig.axes
    words, quoted = int(seed_scored["words"].sum()), int(seed_scored["quoted_words"].sum())
    # each panel says what its shares rest on
    assert [ax.get_title(loc="left") for ax in axes] == ["Paragraphs (n = 10)", f"Words (n = {words})", f"Quoted words (n = {quoted})"]
    colours = [to_hex(bar.get_facecolor()).upper() for bar in axes[0].patches]
    assert colours == [CODEBOOK.colours("voice")[v].upper() for v in VOICES]
    widths = [bar.get_width() for bar in axes[0].patches]
    assert widths == pytest.approx([0.4, 0.3, 0.2, 0.0, 0.1])
    plt.close(fig)


def test_article_map_draws_each_paragraph_by_words(seed_scored: pd.DataFrame) -> None:
    fig = plots.article_map(seed_scored)
    ax_map = fig.axes[1]
    blocks = [p for p in ax_map.patches if p.get_y() > 0.3]  # voice blocks above the frame band
    assert len(blocks) == len(seed_scored)
    assert [b.get_width() for b in blocks] == seed_scored["words"].tolist()
    assert to_hex(blocks[5].get_facecolor()).upper() == CODEBOOK.colours("voice")["administration"].upper()
    assert ax_map.get_xlim() == (0, seed_scored["words"].sum())
    numbers = [t.get_text() for t in ax_map.texts]
    assert numbers == [str(p) for p in seed_scored["paragraph"]]  # every block of the seed has room for its number
    plt.close(fig)


def test_article_map_numbers_a_narrow_block_upright_and_leaves_out_only_a_sliver() -> None:
    size = plots.MAP_NUMBER_SIZE
    assert plots.map_number_rotation("7", 10 * size) == 0
    assert plots.map_number_rotation("107", 1.2 * size) == 90  # too narrow for three digits across
    assert plots.map_number_rotation("107", 0.5 * size) is None


def test_frame_shares_is_single_column(seed_scored: pd.DataFrame) -> None:
    fig = plots.frame_shares(seed_scored, resamples=200)
    assert fig.get_size_inches()[0] == pytest.approx(plots.SINGLE)
    plt.close(fig)


def test_style_file_sets_fonts_and_sizes() -> None:
    before = matplotlib.rcParams["font.size"]
    with plots.style():
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["font.size"] == 8
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert matplotlib.rcParams["font.size"] == before  # the style stays inside the with-block


def test_save_writes_every_format_reproducibly(seed_scored: pd.DataFrame, tmp_path: Path) -> None:
    first = plots.save(plots.balance_chart(seed_scored), tmp_path / "a", "balance")
    second = plots.save(plots.balance_chart(seed_scored), tmp_path / "b", "balance")
    assert [p.name for p in first] == ["balance.pdf", "balance.svg", "balance.png"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two saves"
    pdf = first[0].read_bytes()
    assert b"/FontFile2" in pdf and b"/Subtype /Type3" not in pdf  # TrueType embedded, no Type 3 fonts
    assert b"CreationDate" not in pdf
    assert first[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["balance.pdf", "balance.png", "balance.svg"]  # no temp files


def test_save_refuses_unknown_formats(seed_scored: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(FramingError, match="jpg.*valid formats are pdf, svg, png"):
        plots.save(plots.balance_chart(seed_scored), tmp_path, "x", ["png", "jpg"])
    assert not any(tmp_path.iterdir())


def test_stacked_shares_by_group() -> None:
    table = pd.DataFrame([[0.5, 0.5, 0, 0, 0], [0.2, 0.2, 0.2, 0.2, 0.2]], index=["Outlet A", "Outlet B"], columns=list(VOICES))
    fig = plots.stacked_shares(table, "Voices by outlet")
    assert len(fig.axes[0].patches) == 2 * len(VOICES)
    plt.close(fig)
    fig = plots.stacked_shares(table[["administration", "congress"]], "two voices")  # a report on some voices
    assert len(fig.axes[0].patches) == 2 * 2 and [t.get_text() for t in fig.legends[0].get_texts()] == [
        plots.VOICE_NAMES["administration"], plots.VOICE_NAMES["congress"]]
    plt.close(fig)
    with pytest.raises(FramingError, match="no voice column"):
        plots.stacked_shares(table.drop(columns=list(VOICES)).assign(x=1.0), "x")


def test_shares_by_date_sit_on_a_time_axis() -> None:
    import matplotlib.dates as mdates

    from analysis.codebook import VOICES

    table = pd.DataFrame({v: [0.2, 0.2, 0.2] for v in VOICES}, index=["2025-03-01", "2025-03-09", "(none)"])
    fig = plots.shares_over_time(table, "Voices by date")
    ax = fig.axes[0]
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    left, right = ax.get_xlim()  # eight days apart, as the dates are, not two evenly spaced rows
    assert right - left >= 8
    assert "1 without a date left out" in ax.get_title(loc="left")
    plt.close(fig)


def test_legends_read_row_by_row_in_codebook_order() -> None:
    # matplotlib fills legend columns first; 4 entries in 3 columns must read "a b c / d"
    assert plots.row_major(list("abcd"), 3) == ["a", "d", "b", "c"]
    assert plots.row_major(list("abcdefg"), 3) == ["a", "d", "g", "b", "e", "c", "f"]
    fig, ax = plt.subplots()
    handles = [ax.bar([0], [1], label=x) for x in "abcd"]
    legend = fig.legend(handles=plots.row_major(handles, 3), ncols=3)
    fig.canvas.draw()
    boxes = sorted(((round(-t.get_window_extent().y0), t.get_window_extent().x0), t.get_text()) for t in legend.get_texts())
    assert [text for _, text in boxes] == ["a", "b", "c", "d"]  # top row left to right, then the next row
    plt.close(fig)
