"""Evaluate frame and stance: a trained model on labelled data, or grouped cross-validation by event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import classify, metrics, training, voices
from analysis.codebook import FRAMES, STANCES, VOICES
from analysis.data import UNSCORED_FRAME
from analysis.errors import FramingError


@dataclass
class Evaluation:
    """Predictions beside the gold labels, headline figures, and the printable report."""

    predictions: pd.DataFrame
    figures: dict = field(default_factory=dict)
    text: str = ""


def predicted_voices(table: pd.DataFrame, actors: str | Path | None = None,
                     sources: Mapping[str, voices.Source] | None = None) -> pd.Series:
    """Voices the attribution rules give each labelled paragraph, article by article.

    sources (article_id -> url, outlet, title, date) let the rules recognise official texts, the
    acting country named in a headline and who was in office, as they do in real use.
    """
    paragraphs = table[["article_id", "paragraph", "text", "words"]].reset_index(drop=True)
    return voices.attribute(paragraphs, voices.load_lexicon(actors), sources)["voice"].rename("voice_predicted")


def learned_voices(table: pd.DataFrame, actors: str | Path | None = None,
                   sources: Mapping[str, voices.Source] | None = None, progress: bool = False) -> pd.Series:
    """Voices the default path (the packaged voice model over the rules) gives each labelled paragraph."""
    from analysis import voice_model

    paragraphs = table[["article_id", "paragraph", "text", "words"]].reset_index(drop=True)
    return voice_model.attribute(paragraphs, voices.load_lexicon(actors), sources, progress=progress)["voice"].rename("voice_predicted")


def learned_voices_cv(table: pd.DataFrame, extra: pd.DataFrame | None = None,
                      sources: Mapping[str, voices.Source] | None = None,
                      extra_sources: Mapping[str, voices.Source] | None = None, progress: bool = False) -> pd.Series:
    """The default path's voices out of fold: each event's paragraphs get the voices of a voice model
    trained on the other events of table plus all of extra (voice_model.cross_validate), so a
    cross-validation over real news can use the learned path without leaking its own events."""
    from analysis import voice_model

    def labelled(rows: pd.DataFrame, srcs: Mapping[str, voices.Source] | None) -> voice_model.Labelled:
        cols = rows[["article_id", "paragraph", "text", "words", "event"]].reset_index(drop=True)
        return voice_model.Labelled(cols.assign(gold=rows["voice"].to_numpy()), dict(srcs or {}))

    pred = voice_model.cross_validate(labelled(table, sources),
                                      labelled(extra, extra_sources) if extra is not None else None, progress=progress)
    return pred["voice"].rename("voice_predicted")


VOICE_SOURCES = ("predicted", "learned", "gold")


def voices_of(source: str, table: pd.DataFrame, *, out_of_fold: bool = False, actors: str | Path | None = None,
              sources: Mapping[str, voices.Source] | None = None, extra: pd.DataFrame | None = None,
              extra_sources: Mapping[str, voices.Source] | None = None, progress: bool = False) -> np.ndarray:
    """The voice of each paragraph of table from one VOICE_SOURCES entry: the rules', the labelled
    one, or the learned path's (out_of_fold: learned_voices_cv, for cross-validation over table)."""
    if source == "predicted":
        return predicted_voices(table, actors, sources).to_numpy()
    if source == "gold":
        return table["voice"].to_numpy()
    if out_of_fold:
        return learned_voices_cv(table, extra, sources, extra_sources, progress).to_numpy()
    return learned_voices(table, actors, sources, progress).to_numpy()


def parse_voice_sources(spec: str | Sequence[str]) -> list[str]:
    """'gold,learned' or ["gold", "learned"] -> the voice sources in order; unknown ones raise FramingError."""
    chosen = [v.strip() for v in (spec.split(",") if isinstance(spec, str) else spec) if v.strip()]
    bad = [v for v in chosen if v not in VOICE_SOURCES]
    if bad or not chosen:
        what = f"unknown voice source {', '.join(map(repr, bad))}" if bad else "no voice source given"
        raise FramingError(f"{what} (valid: {', '.join(VOICE_SOURCES)}; several separated by commas)")
    return list(dict.fromkeys(chosen))


SPLITS = ("all", "tuning", "untouched")


def select_split(table: pd.DataFrame, split: str) -> pd.DataFrame:
    """The rows of the tuning events (voice_model.TUNING_EVENTS), of the other events, or all rows."""
    from analysis.voice_model import TUNING_EVENTS

    if split not in SPLITS:
        raise FramingError(f"unknown split {split!r} (valid: {', '.join(SPLITS)})")
    if split == "all":
        return table
    chosen = table[table["event"].isin(TUNING_EVENTS) == (split == "tuning")]
    if chosen.empty:
        raise FramingError(f"no paragraphs of the {split} events in the data")
    return chosen.reset_index(drop=True)


def frame_scored(pred: pd.DataFrame) -> pd.DataFrame:
    """The rows whose gold frame is one of the codebook's (frame figures leave UNSCORED_FRAME out)."""
    return pred[pred["frame"] != UNSCORED_FRAME]


def calibration_errors(probs: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """ECE per head of a probability table against gold `frame` / `stance` (frames outside the codebook left out)."""
    out = {}
    for head, labels, cols in (("frame", FRAMES, classify.FRAME_PROBS), ("stance", STANCES, classify.STANCE_PROBS)):
        keep = gold[head].isin(labels).to_numpy()
        index = gold.loc[keep, head].map({lab: i for i, lab in enumerate(labels)}).to_numpy()
        out[head] = round(metrics.expected_calibration_error(probs.loc[keep, cols].to_numpy(), index), 4)
    return out


def figures_of(pred: pd.DataFrame) -> dict:
    """Headline numbers: macro-F1, accuracy and ECE for frame and stance (and voice accuracy)."""
    out: dict = {"paragraphs": int(len(pred)), "events": int(pred["event"].nunique())}
    for dim, labels, cols in (("frame", FRAMES, classify.FRAME_PROBS), ("stance", STANCES, classify.STANCE_PROBS)):
        scored = frame_scored(pred) if dim == "frame" else pred
        gold, guess = scored[dim], scored[f"{dim}_predicted"]
        gold_index = gold.map({lab: i for i, lab in enumerate(labels)}).to_numpy()
        out[dim] = {
            "macro_f1": round(metrics.macro_f1(gold, guess, labels), 4),
            "accuracy": round(metrics.accuracy(gold, guess), 4),
            "ece": round(metrics.expected_calibration_error(scored[cols].to_numpy(), gold_index), 4),
            "f1": metrics.per_class(gold, guess, labels)["f1"].round(4).to_dict(),
        }
    out["voice_accuracy"] = round(metrics.accuracy(pred["voice"], pred["voice_used"]), 4)
    return out


def render(pred: pd.DataFrame, title: str) -> str:
    """The printable evaluation report."""
    parts = [f"# {title}", f"{len(pred)} paragraphs, {pred['event'].nunique()} events", ""]
    framed = frame_scored(pred)
    if len(framed) < len(pred):
        parts.append(f"({len(pred) - len(framed)} paragraphs with frame '{UNSCORED_FRAME}' are left out of the frame figures)\n")
    parts.append(metrics.report("frame", framed["frame"], framed["frame_predicted"], FRAMES,
                                framed[classify.FRAME_PROBS].to_numpy()))
    parts.append(metrics.report("stance", pred["stance"], pred["stance_predicted"], STANCES,
                                pred[classify.STANCE_PROBS].to_numpy()))
    parts.append(metrics.report("voice used for scoring", pred["voice"], pred["voice_used"], VOICES))
    return "\n".join(parts)


_VOICES_SLOT = "\0voices\0"  # where a report's title names its voice source


def evaluate(table: pd.DataFrame, *, model: str | Path | None = None, design: str = "finetune", folds: int = 5,
             voices_from: str = "predicted", epochs: int = 8, actors: str | Path | None = None,
             progress: bool = True, sources: Mapping[str, voices.Source] | None = None,
             extra: pd.DataFrame | None = None, split: str = "all",
             frozen_layers: int = training.TrainConfig.frozen_layers,
             extra_sources: Mapping[str, voices.Source] | None = None) -> Evaluation:
    """Score labelled paragraphs with a trained model, or by grouped CV when model is None, reading
    them with one source of voices (evaluate_many with one source)."""
    return evaluate_many(table, model=model, design=design, folds=folds, voices_from=[voices_from], epochs=epochs,
                         actors=actors, progress=progress, sources=sources, extra=extra, split=split,
                         frozen_layers=frozen_layers, extra_sources=extra_sources)[voices_from]


def evaluate_many(table: pd.DataFrame, *, model: str | Path | None = None, design: str = "finetune", folds: int = 5,
                  voices_from: Sequence[str] = ("predicted",), epochs: int = 8, actors: str | Path | None = None,
                  progress: bool = True, sources: Mapping[str, voices.Source] | None = None,
                  extra: pd.DataFrame | None = None, split: str = "all",
                  frozen_layers: int = training.TrainConfig.frozen_layers, threads: int = training.TrainConfig.threads,
                  extra_sources: Mapping[str, voices.Source] | None = None) -> dict[str, Evaluation]:
    """Score labelled paragraphs with a trained model, or by grouped CV when model is None
    (with `extra` labelled paragraphs added to every fold's training set), once per voice source.

    voices_from: 'gold', 'predicted' (the rules) and/or 'learned' (the default path: the packaged
    voice model with a model; under cross-validation, a voice model trained without each event,
    see learned_voices_cv). Cross-validation trains each fold once and scores every source.
    split ('all', 'tuning', 'untouched'): a model scores only those events; cross-validation
    trains every fold on all of table minus its events and reports all events, then the split's.
    """
    chosen = parse_voice_sources(voices_from)
    if split != "all" and model is None:
        results = evaluate_many(table, design=design, folds=folds, voices_from=chosen, epochs=epochs, actors=actors,
                                progress=progress, sources=sources, extra=extra, frozen_layers=frozen_layers,
                                threads=threads, extra_sources=extra_sources)
        out = {}
        for source, result in results.items():
            picked = select_split(result.predictions, split)
            text = render(picked, f"{result.text.splitlines()[0][2:]}; figures on the {split} events")
            out[source] = Evaluation(predictions=picked, figures=figures_of(picked), text=f"{result.text}\n{text}")
        return out
    table = select_split(table, split)
    if model is None and design not in training.DESIGNS:
        raise FramingError(f"unknown design {design!r} (valid: {', '.join(training.DESIGNS)})")
    table = table.reset_index(drop=True).copy()
    used = {source: voices_of(source, table, out_of_fold=model is None, actors=actors, sources=sources, extra=extra,
                              extra_sources=extra_sources, progress=progress) for source in chosen}
    if model is not None:
        if not (Path(model) / classify.CONFIG_FILE).is_file():
            raise FramingError(f"model folder {model}: no {classify.CONFIG_FILE} (train one with 'framing train')")
        clf = classify.EmbeddedClassifier(Path(model))
        probs = {source: clf.predict(table["text"].tolist(), list(voice), progress=progress) for source, voice in used.items()}
        temperatures = clf.temperatures
        title = f"model {model} ({clf.info['sha256'][:12]}) on the given data, voices " + _VOICES_SLOT
    else:
        config = training.TrainConfig(epochs=epochs, frozen_layers=frozen_layers, threads=threads)
        columns = {source: f"voice_{source}" for source in used}
        probs = training.cross_validate_many(table.assign(**{columns[s]: v for s, v in used.items()}), config, design,
                                             folds, list(columns.values()), progress, extra)
        probs = {source: probs[column] for source, column in columns.items()}
        temperatures = None  # models trained in each fold are not calibrated
        title = (f"grouped {folds}-fold cross-validation by event, design {design}, {frozen_layers} frozen layers, voices "
                 + _VOICES_SLOT
                 + (f", plus {len(extra)} labelled paragraphs in every fold's training" if extra is not None else ""))
    out = {}
    for source, voice in used.items():
        decided = classify.decide(probs[source], temperatures)
        pred = pd.concat([table.assign(voice_used=voice), decided[classify.PROB_COLUMNS],
                          decided[["frame", "stance"]].add_suffix("_predicted")], axis=1)
        label = source if model is not None or source != "learned" else "learned (out of fold)"
        out[source] = Evaluation(predictions=pred, figures=figures_of(pred), text=render(pred, title.replace(_VOICES_SLOT, label)))
    return out


def predictions_table(results: Mapping[str, Evaluation]) -> pd.DataFrame:
    """Every source's scored paragraphs in one table, `voices_from` naming the voice source of each row."""
    return pd.concat([r.predictions.assign(voices_from=source) for source, r in results.items()], ignore_index=True)


@dataclass
class Calibration:
    """Temperatures fitted for a model, the ECE before and after on each split checked, the printable
    text, and the scored paragraphs behind them (raw probabilities, one row per paragraph and voice
    source, `voices_from` naming the source)."""

    temperatures: dict[str, float]
    figures: dict
    text: str
    predictions: pd.DataFrame


def calibrate(model: str | Path, table: pd.DataFrame, *, heads: Sequence[str] = ("frame", "stance"), cv: bool = False,
              extra: pd.DataFrame | None = None, split: str = "all", folds: int = 5, actors: str | Path | None = None,
              sources: Mapping[str, voices.Source] | None = None, progress: bool = True,
              voices_from: Sequence[str] = ("gold",),
              extra_sources: Mapping[str, voices.Source] | None = None) -> Calibration:
    """Fit per-head temperatures for a model on held-out labelled paragraphs, read with the first
    voice source of voices_from (under cv the others are scored and reported too, not fitted on).

    Without cv the model scores the `split` events of table (they must be unseen by it); with cv,
    a model trained on table itself is calibrated on the out-of-fold predictions of grouped
    cross-validation over table (plus `extra` in every fold), fitted on the `split` events and
    checked on the other split too. Heads not in `heads` keep temperature 1.
    """
    from analysis import calibration

    bad = sorted(set(heads) - set(calibration.HEADS))
    if bad:
        raise FramingError(f"unknown head(s) {', '.join(bad)} (valid: {', '.join(calibration.HEADS)})")
    chosen = parse_voice_sources(voices_from)
    clf = classify.EmbeddedClassifier(Path(model))  # predict() gives the raw probabilities the fit needs
    trained_with = clf.config.get("train_config", {})  # cross-validation repeats the model's own training
    parts: list[str] = []
    if cv:
        results = evaluate_many(table, folds=folds, voices_from=chosen, actors=actors, progress=progress,
                                sources=sources, extra=extra, extra_sources=extra_sources,
                                epochs=int(trained_with.get("epochs", training.TrainConfig.epochs)),
                                frozen_layers=int(trained_with.get("frozen_layers", training.TrainConfig.frozen_layers)),
                                threads=int(trained_with.get("threads", training.TrainConfig.threads)))
        scored = results[chosen[0]].predictions
        parts.extend(result.text for result in results.values())
        everything = predictions_table(results)
    else:
        scored = select_split(table, split)
        used = voices_of(chosen[0], scored, actors=actors, sources=sources, progress=progress)
        scored = pd.concat([scored.reset_index(drop=True), clf.predict(scored["text"].tolist(), list(used), progress=progress)],
                           axis=1)
        everything = scored.assign(voice_used=list(used), voices_from=chosen[0])
    fitted = select_split(scored, split)
    temperatures = {h: (t if h in heads else 1.0) for h, t in calibration.fit(fitted[classify.PROB_COLUMNS], fitted).items()}
    checks = {split: fitted}
    if cv and split != "all":
        other = "untouched" if split == "tuning" else "tuning"
        checks[f"{other} (not fitted on)"] = select_split(scored, other)
        parts.append(render(checks[f"{other} (not fitted on)"], f"out-of-fold figures on the {other} events"))
    if cv:  # the same temperatures on the other voice sources' out-of-fold predictions, never fitted on them
        for source in chosen[1:]:
            for name in ("tuning", "untouched") if split != "all" else ("all",):
                rows = select_split(results[source].predictions, name)
                checks[f"{name}, voices {source} (not fitted on)"] = rows
                if split != "all":  # the whole run's figures are in its report above
                    parts.append(render(rows, f"out-of-fold figures on the {name} events, voices {source} (not fitted on)"))
    figures = {}
    for name, rows in checks.items():
        before = calibration_errors(rows[classify.PROB_COLUMNS], rows)
        after = calibration_errors(calibration.rescale(rows[classify.PROB_COLUMNS], temperatures), rows)
        figures[name] = {"paragraphs": len(rows), "events": int(rows["event"].nunique()), "ece_before": before, "ece_after": after}
        parts.extend(f"{name}: {h} temperature {temperatures[h]:.3g}, ECE {before[h]:.3f} -> {after[h]:.3f} "
                     f"on {len(rows)} paragraphs of {rows['event'].nunique()} events" for h in ("frame", "stance"))
    return Calibration(temperatures, figures, "\n".join(parts), everything)
