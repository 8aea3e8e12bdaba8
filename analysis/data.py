"""Labelled paragraph data: the project's JSONL files read into one validated table.

File format: one article per line, {"id", "event", "style", "paragraphs": [{"text", "voice",
"frame", "stance", "speaker"?}, ...], plus optional article fields}. See data/README.md.

Labelled table schema (one row per paragraph):

| column       | type | meaning                                   |
|--------------|------|-------------------------------------------|
| `article_id` | str  | the article's `id`                        |
| `event`      | str  | event slug: the grouping unit for CV      |
| `style`      | str  | wire, broadcast, press_release, ...       |
| `paragraph`  | int  | 1-based position in the article           |
| `text`       | str  | paragraph text                            |
| `words`      | int  | word count                                |
| `voice`      | str  | gold voice (codebook VOICES)              |
| `frame`      | str  | gold frame (codebook FRAMES, or UNSCORED_FRAME) |
| `stance`     | str  | gold stance (codebook STANCES)            |
| `speaker`    | str  | annotated speaker, "" when none           |

A frame of "other" (UNSCORED_FRAME) marks a paragraph outside the codebook's six frames, as the
real development set (../shared/dev) labels some: it counts for voice and stance, trains the
stance head only, and is left out of frame figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.article import count_words, normalise
from analysis.codebook import FRAMES, STANCES, VOICES
from analysis.errors import InputError

LABELLED_COLUMNS = ["article_id", "event", "style", "paragraph", "text", "words", "voice", "frame", "stance", "speaker"]
UNSCORED_FRAME = "other"
_ALLOWED = {"voice": VOICES, "frame": (*FRAMES, UNSCORED_FRAME), "stance": STANCES}


def _rows(path: Path) -> list[dict]:
    """Validated rows of one labelled JSONL file; the first problem raises InputError with its line."""
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "is not a file")
    rows: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg})", number) from None
        if not isinstance(record, dict) or not isinstance(record.get("paragraphs"), list):
            raise InputError(path, "expected an object with a 'paragraphs' list", number)
        art_id = str(record.get("id") or f"{path.stem}-{number}")
        event = str(record.get("event") or art_id)
        for i, para in enumerate(record["paragraphs"], 1):
            if not isinstance(para, dict) or not str(para.get("text", "")).strip():
                raise InputError(path, f"paragraph {i}: needs a non-empty 'text'", number)
            for key, allowed in _ALLOWED.items():
                if para.get(key) not in allowed:
                    raise InputError(
                        path, f"paragraph {i}: unknown {key} {para.get(key)!r} (valid: {', '.join(allowed)})", number
                    )
            text = normalise(para["text"])
            rows.append({
                "article_id": art_id, "event": event, "style": str(record.get("style") or ""),
                "paragraph": i, "text": text, "words": count_words(text),
                "voice": para["voice"], "frame": para["frame"], "stance": para["stance"],
                "speaker": str(para.get("speaker") or ""),
            })
    if not rows:
        raise InputError(path, "no labelled paragraphs")
    return rows


def article_sources(paths: Iterable[str | Path]) -> dict:
    """article_id -> voices.Source (url, outlet, title, date) of the labelled files' articles, for attribution."""
    from analysis.voices import Source

    out = {}
    for path in expand(paths):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                art_id = str(record.get("id") or f"{path.stem}-{number}")
                fields = {k: (str(record[k]) if record.get(k) else None) for k in ("url", "outlet", "title", "date")}
                out[art_id] = Source(**fields)
    return out


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, with each directory replaced by the *.jsonl files in it (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    return out


def load_labelled(paths: Iterable[str | Path]) -> pd.DataFrame:
    """The labelled table (schema above) of one or more JSONL files or directories of them."""
    files = expand(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or "(none)", "no labelled JSONL files")
    rows = [row for f in files for row in _rows(f)]
    table = pd.DataFrame(rows, columns=LABELLED_COLUMNS)
    dupes = table.drop_duplicates(["article_id", "paragraph"]).shape[0] != len(table)
    if dupes:
        raise InputError(", ".join(map(str, files)), "the same article id appears twice")
    return table


def check_trainable(table: pd.DataFrame, source: str, min_per_class: int = 5) -> None:
    """Refuse training data with too few examples of any frame or stance, or fewer than two events."""
    for column, labels in (("frame", FRAMES), ("stance", STANCES)):
        counts = table[column].value_counts()  # UNSCORED_FRAME is not a class: it is not counted
        thin = [f"{lab} ({int(counts.get(lab, 0))})" for lab in labels if counts.get(lab, 0) < min_per_class]
        if thin:
            raise InputError(source, f"too few examples per {column} class, need {min_per_class}: {', '.join(thin)}")
    if table["event"].nunique() < 2:
        raise InputError(source, "needs paragraphs from at least two events for grouped evaluation")
