"""Evaluate frame and stance: a trained model on labelled data, or grouped cross-validation by event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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


def evaluate(table: pd.DataFrame, *, model: str | Path | None = None, design: str = "finetune", folds: int = 5,
             voices_from: str = "predicted", epochs: int = 8, actors: str | Path | None = None,
             progress: bool = True, sources: Mapping[str, voices.Source] | None = None,
             extra: pd.DataFrame | None = None) -> Evaluation:
    """Score labelled paragraphs with a trained model, or by grouped CV when model is None
    (with `extra` labelled paragraphs added to every fold's training set)."""
    if model is None and design not in training.DESIGNS:
        raise FramingError(f"unknown design {design!r} (valid: {', '.join(training.DESIGNS)})")
    table = table.reset_index(drop=True).copy()
    table["voice_used"] = predicted_voices(table, actors, sources).to_numpy() if voices_from == "predicted" else table["voice"]
    if model is not None:
        if not (Path(model) / classify.CONFIG_FILE).is_file():
            raise FramingError(f"model folder {model}: no {classify.CONFIG_FILE} (train one with 'framing train')")
        clf = classify.EmbeddedClassifier(Path(model))
        probs = clf.predict(table["text"].tolist(), table["voice_used"].tolist(), progress=progress)
        temperatures = clf.temperatures
        title = f"model {model} ({clf.info['sha256'][:12]}) on the given data, voices {voices_from}"
    else:
        config = training.TrainConfig(epochs=epochs)
        probs = training.cross_validate(table, config, design, folds, "voice_used", progress, extra)
        temperatures = None  # models trained in each fold are not calibrated
        title = (f"grouped {folds}-fold cross-validation by event, design {design}, voices {voices_from}"
                 + (f", plus {len(extra)} labelled paragraphs in every fold's training" if extra is not None else ""))
    decided = classify.decide(probs, temperatures)
    pred = pd.concat([table, decided[classify.PROB_COLUMNS], decided[["frame", "stance"]].add_suffix("_predicted")], axis=1)
    return Evaluation(predictions=pred, figures=figures_of(pred), text=render(pred, title))
