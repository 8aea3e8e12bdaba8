"""Score articles end to end: paragraphs -> voices -> frame and stance, batched across articles.

Scored paragraph table schema: the paragraph table (article.PARAGRAPH_COLUMNS), the attribution
columns (voices.ATTRIBUTION_COLUMNS: voice, speaker, cue, cue_class, quoted_words, evidence, rule),
`rule_voice` (the rules' answer) and one `p_<voice>` per voice (voice_model.VOICE_PROBS), then
`frame, frame_confidence`, one `p_<frame>` per frame, `stance, stance_score`, one `p_<stance>` per
stance (classify.PROB_COLUMNS), and `pair_confidence`. stance_score = p_support - p_oppose, in
[-1, 1]. frame and stance are decided jointly: the most probable pair the codebook allows
(codebook.ALLOWED_PAIRS), with pair_confidence its probability among the allowed pairs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import article as article_mod
from analysis import classify, io, voice_model, voices
from analysis.article import Article
from analysis.classify import FRAME_PROBS, STANCE_PROBS
from analysis.codebook import CODEBOOK
from analysis.errors import FramingError

SCORE_COLUMNS = (
    article_mod.PARAGRAPH_COLUMNS
    + list(voices.ATTRIBUTION_COLUMNS)
    + ["rule_voice", *voice_model.VOICE_PROBS]
    + ["frame", "frame_confidence", *FRAME_PROBS, "stance", "stance_score", *STANCE_PROBS, "pair_confidence"]
)


@dataclass
class ScoreResult:
    """A scored paragraph table (schema above) and the model that produced it."""

    table: pd.DataFrame
    model: dict


def score_table(paragraphs: pd.DataFrame, classifier: classify.Classifier, lexicon=None,
                progress: bool = True, sources: dict[str, voices.Source] | None = None,
                voice_method: str = voice_model.DEFAULT_METHOD) -> pd.DataFrame:
    """Attribute voices per article, then classify all paragraphs of all articles in one batched pass.
    The voice model reads the embedded classifier's own frozen layers, and the classifier reuses
    their states wherever the final voice is the rules' (the encoder's first layers run once)."""
    shared = voice_model.shared_encoder(classifier) if voice_method == "learned" else None
    states: dict | None = {} if shared else None  # model input -> hidden states, for this table only
    attributed = voice_model.attribute(paragraphs, lexicon, sources, voice_method, progress=progress,
                                       precision=classifier.info.get("precision", "fp32"), encoder=shared, keep=states)
    texts, used = attributed["text"].tolist(), attributed["voice"].tolist()
    probs = classifier.predict(texts, used, progress=progress, **({"states": states} if shared else {}))
    # labels from the raw probabilities; every probability reported is calibrated (classify.decide)
    scored = pd.concat([attributed, classify.decide(probs, getattr(classifier, "temperatures", None))], axis=1)
    return scored[SCORE_COLUMNS]


def model_info(classifier: classify.Classifier, voice_method: str) -> dict:
    """What scored the paragraphs, as summary.json records it: the classifier and the voice path."""
    info = dict(classifier.info)
    info["voices"] = voice_method if voice_method == "rules" else {
        "method": "learned", "sha256": classify.sha256_file(voice_model.VOICE_MODEL_FILE),
        "precision": classifier.info.get("precision", "fp32")}
    return info


def iter_scored(articles: list[Article], *, backend: str = "embedded", model: str | None = None,
                actors: str | Path | None = None, progress: bool = True,
                voice_method: str = voice_model.DEFAULT_METHOD, chunk: int = 32,
                precision: str = classify.DEFAULT_PRECISION) -> Iterator[tuple[Article, pd.DataFrame, dict]]:
    """(article, its scored rows, model info) for each article, scored `chunk` articles at a time with
    models loaded once: a caller writes each article as soon as its chunk is done."""
    classifier = classify.get_classifier(backend, str(model) if model else None, precision)
    lexicon = voices.load_lexicon(actors)
    info = model_info(classifier, voice_method)
    for start in range(0, len(articles), chunk):
        part = articles[start:start + chunk]
        table = score_table(article_mod.paragraph_table(part), classifier, lexicon, progress,
                            voices.sources_of(part), voice_method)
        groups = {k: g.reset_index(drop=True) for k, g in table.groupby("article_id", sort=False)}
        for art in part:
            yield art, groups[art.id], info


def score_articles(articles: list[Article], *, backend: str = "embedded", model: str | None = None,
                   actors: str | Path | None = None, progress: bool = True,
                   voice_method: str = voice_model.DEFAULT_METHOD,
                   precision: str = classify.DEFAULT_PRECISION) -> ScoreResult:
    """Score articles with one classifier loaded once; returns the scored table and model info."""
    classifier = classify.get_classifier(backend, str(model) if model else None, precision)
    lexicon = voices.load_lexicon(actors)
    table = score_table(article_mod.paragraph_table(articles), classifier, lexicon, progress,
                        voices.sources_of(articles), voice_method)
    return ScoreResult(table=table, model=model_info(classifier, voice_method))


def summary(article: Article, table: pd.DataFrame, model: dict, extra: dict | None = None) -> dict:
    """summary.json content for one article: its fields, the model, paragraph count, plus extra."""
    return {
        **article.fields(),
        "model": model,
        "codebook": {dim: [lab.label for lab in CODEBOOK.dimension(dim)] for dim in ("voice", "frame", "stance")},
        "paragraph_count": int(len(table)),
        **(extra or {}),
    }


def write_outputs(folder: str | Path, article: Article, table: pd.DataFrame, model: dict,
                  extra: dict | None = None) -> list[Path]:
    """Write folder/paragraphs.csv and folder/summary.json for one article, atomically."""
    folder = Path(folder)
    rows = table[table["article_id"] == article.id].reset_index(drop=True)
    return [
        io.write_csv(folder / "paragraphs.csv", rows.round(6)),
        io.write_json(folder / "summary.json", summary(article, rows, model, extra)),
    ]


def write_article_outputs(out_dir: str | Path, article: Article, table: pd.DataFrame, model: dict,
                          extra: dict | None = None) -> Path:
    """Write out_dir/<article_id>/paragraphs.csv and summary.json; returns that folder."""
    folder = Path(out_dir) / article.id
    if folder.resolve().parent != Path(out_dir).resolve() or article.id in ("", ".", ".."):
        # ids are checked where they are read; this guards every writer against one that was not
        raise FramingError(f"article id {article.id!r} does not name a folder inside {out_dir}")
    io.replace_folder(folder, lambda tmp: write_outputs(tmp, article, table, model, extra))
    return folder


def score_isolated(articles: list[Article], *, chunk: int, **options: Any) -> Iterator[tuple[Article, Any, Any, str | None]]:
    """(article, rows, model info, None) for each article scored, or (article, None, None, error)
    for one that failed: a chunk that fails is scored again article by article, so one bad
    article costs only itself. (The models are loaded before: their errors stop the run.)"""
    from analysis import workers

    for start in range(0, len(articles), chunk):
        part = articles[start:start + chunk]
        try:
            done = list(iter_scored(part, chunk=len(part), **options))
        except Exception:  # noqa: BLE001 - whatever one article breaks in the models; found below
            done = None
        if done is not None:
            for art, rows, info in done:
                yield art, rows, info, None
            continue
        for art in part:
            try:
                (_, rows, info), = iter_scored([art], chunk=1, **options)
            except Exception as exc:  # noqa: BLE001
                yield art, None, None, f"cannot score it ({workers.describe(exc)})"
                continue
            yield art, rows, info, None


def write_chunk(task: tuple[list[Article], str, Mapping[str, Any]]) -> list[tuple[str, str, str | None, str | None]]:
    """Score one chunk of articles and write each to OUT/<article_id>/ with its balance, as
    `framing score` does, in this process or a worker: (id, source, folder, None) per article
    written, (id, source, None, error) per article that failed. task: (articles, OUT, the options
    of iter_scored). A bad model or lexicon raises (it is the user's error, not the article's)."""
    from analysis import aggregate

    part, out, options = task
    classify.get_classifier(options["backend"], str(options["model"]) if options.get("model") else None,
                            options["precision"])
    voices.load_lexicon(options.get("actors"))
    results: list[tuple[str, str, str | None, str | None]] = []
    for art, rows, info, error in score_isolated(part, chunk=len(part), **options):
        if error is None:
            try:
                folder = write_article_outputs(out, art, rows, info, {"balance": aggregate.balance(rows)})
            except OSError as exc:
                error = f"cannot write its outputs ({exc.strerror or exc})"
            else:
                results.append((art.id, art.source, str(folder), None))
                continue
        results.append((art.id, art.source, None, error))
    return results
