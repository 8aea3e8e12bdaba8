"""Labelled data loading, grouped folds, metrics, and a small real training run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import classify, data, metrics, training
from analysis.codebook import VOICES
from analysis.errors import InputError

PARAS = [
    ("The ministry said the raid removed a cell planning attacks on troops.", "administration", "official_justification", "support"),
    ("Lawmakers from both parties said the raid needed a vote first.", "congress", "congressional_criticism", "neutral"),
    ("The raid took place shortly after midnight.", "narration", "neutral_report", "neutral"),
    ("A senator called the raid reckless and illegal.", "congress", "congressional_criticism", "oppose"),
    ("The neighbouring government condemned the raid as a violation of its airspace.", "foreign", "foreign_reaction", "oppose"),
    ("A law professor said the legal basis looked thin.", "other", "other_criticism", "oppose"),
    ("Two representatives praised the troops for a flawless operation.", "congress", "legislative_support", "support"),
]


def write_labelled(path: Path, n_events: int = 6, copies: int = 1) -> Path:
    """A small labelled JSONL file: one article per event, the same authored paragraphs in each."""
    lines = []
    for e in range(n_events):
        for c in range(copies):
            paragraphs = [{"text": f"{t} (Report {e}-{c}.)", "voice": v, "frame": f, "stance": s} for t, v, f, s in PARAS]
            lines.append({"id": f"ev{e}-{c}", "event": f"ev{e}", "style": "wire", "paragraphs": paragraphs})
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_load_labelled_schema(tmp_path: Path) -> None:
    table = data.load_labelled([write_labelled(tmp_path / "a.jsonl", n_events=2)])
    assert list(table.columns) == data.LABELLED_COLUMNS
    assert len(table) == 14 and table["event"].nunique() == 2
    assert table.loc[0, "paragraph"] == 1 and table.loc[0, "words"] > 5


def test_bad_labelled_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "paragraphs": [{"text": "T.", "voice": "narration", "frame": "gossip", "stance": "neutral"}]}\n')
    with pytest.raises(InputError, match=r"bad.jsonl:1: paragraph 1: unknown frame 'gossip'"):
        data.load_labelled([bad])
    bad.write_text("not json\n")
    with pytest.raises(InputError, match=r"bad.jsonl:1: not valid JSON"):
        data.load_labelled([bad])
    thin = data.load_labelled([write_labelled(tmp_path / "thin.jsonl", n_events=2)])
    with pytest.raises(InputError, match="too few examples per frame class"):
        data.check_trainable(thin, "thin.jsonl")


def test_event_folds_never_split_an_event() -> None:
    events = ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] * 2 + ["e"]
    folds = training.event_folds(events, 3)
    assert sorted(np.concatenate(folds).tolist()) == list(range(len(events)))
    for fold in folds:
        inside = {events[i] for i in fold}
        outside = {events[i] for i in range(len(events)) if i not in set(fold.tolist())}
        assert not inside & outside


def test_metrics_on_known_values() -> None:
    gold = ["a", "a", "b", "b"]
    guess = ["a", "b", "b", "b"]
    scores = metrics.per_class(gold, guess, ["a", "b"])
    assert scores.loc["a", "recall"] == 0.5 and scores.loc["b", "precision"] == pytest.approx(2 / 3)
    assert metrics.macro_f1(gold, guess, ["a", "b"]) == pytest.approx((2 / 3 + 0.8) / 2)
    assert metrics.confusion(gold, guess, ["a", "b"]).to_numpy().tolist() == [[1, 1], [0, 2]]
    probs = np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]])
    # bins: 0.9 (correct), 0.6 (wrong), 0.8 and 0.7 (both correct)
    expected = 0.25 * abs(1 - 0.9) + 0.25 * abs(0 - 0.6) + 0.25 * abs(1 - 0.8) + 0.25 * abs(1 - 0.7)
    assert metrics.expected_calibration_error(probs, np.array([0, 1, 1, 1])) == pytest.approx(expected)


def test_train_save_load_is_deterministic(tmp_path: Path) -> None:
    table = data.load_labelled([write_labelled(tmp_path / "d.jsonl", n_events=6)])
    config = training.TrainConfig(epochs=2, frozen_layers=5)
    first = training.train(table, tmp_path / "m1", config, progress=False)
    second = training.train(table, tmp_path / "m2", config, progress=False)
    doc1 = json.loads((first / "config.json").read_text())
    doc2 = json.loads((second / "config.json").read_text())
    assert doc1["weights_sha256"] == doc2["weights_sha256"]  # same data + seed = same model
    clf = classify.EmbeddedClassifier(first)
    assert clf.info["sha256"] == doc1["weights_sha256"] and clf.info["backend"] == "embedded"
    probs = clf.predict(table["text"].tolist(), table["voice"].tolist())
    np.testing.assert_allclose(probs[classify.FRAME_PROBS].sum(axis=1), 1.0, atol=1e-5)
    # A model saved by training reloads to the same predictions on the same input.
    again = classify.EmbeddedClassifier(second).predict(table["text"].tolist(), table["voice"].tolist())
    np.testing.assert_allclose(again.to_numpy(), probs.to_numpy(), atol=1e-6)


def test_training_fixes_its_thread_count_so_the_weights_do_not_depend_on_the_machine(tmp_path: Path) -> None:
    torch = classify._torch()
    table = data.load_labelled([write_labelled(tmp_path / "d.jsonl", n_events=6)])
    config = training.TrainConfig(epochs=2, frozen_layers=5)
    before = torch.get_num_threads()
    shas = {}
    try:
        for process_threads in (1, 3):  # as if on a 1-core and a 3-core machine
            torch.set_num_threads(process_threads)
            folder = training.train(table, tmp_path / f"p{process_threads}", config, progress=False)
            assert torch.get_num_threads() == process_threads  # restored after training
            doc = json.loads((folder / "config.json").read_text())
            assert doc["train_config"]["threads"] == config.threads
            shas[process_threads] = doc["weights_sha256"]
    finally:
        torch.set_num_threads(before)
    # Without the fixed count these differ (measured here: 1 and 2 threads give other weights).
    assert shas[1] == shas[3]


def test_tampered_or_missing_weights_are_refused(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(classify.get_classifier().model_dir, folder)
    weights = folder / classify.WEIGHTS_FILE
    raw = bytearray(weights.read_bytes())
    raw[-1] ^= 0xFF
    weights.write_bytes(bytes(raw))
    with pytest.raises(classify.FramingError, match="sha256 .* does not match"):
        classify.EmbeddedClassifier(folder)
    weights.unlink()
    with pytest.raises(classify.FramingError, match="head file is missing"):
        classify.EmbeddedClassifier(folder)


def test_cross_validation_keeps_events_apart(tmp_path: Path) -> None:
    table = data.load_labelled([write_labelled(tmp_path / "cv.jsonl", n_events=5)])
    probs = training.cross_validate(table, training.TrainConfig(epochs=1, frozen_layers=5), n_folds=5, progress=False)
    assert probs.shape == (len(table), len(classify.PROB_COLUMNS))
    assert not (probs == 0).all(axis=1).any()  # every paragraph got an out-of-fold prediction
    assert isinstance(probs, pd.DataFrame)


def test_a_frame_outside_the_codebook_trains_stance_only_and_is_left_out_of_frame_figures(tmp_path: Path) -> None:
    from analysis import evaluation

    path = write_labelled(tmp_path / "unscored.jsonl", n_events=2)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    # the real development set marks paragraphs outside the six frames as frame "other"
    records[0]["paragraphs"][2]["frame"] = data.UNSCORED_FRAME
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    table = data.load_labelled([path])
    assert (table["frame"] == data.UNSCORED_FRAME).sum() == 1
    config = training.TrainConfig(epochs=1, frozen_layers=5)
    features, top_layers = training.encode(table, config, "voice", progress=False)
    assert features.frames[2] == training.IGNORE and (features.frames[[0, 1, 3]] >= 0).all()
    model = training.fit(features, top_layers, config, progress=False)
    assert all(p.isfinite().all() for p in model.parameters())  # no NaN from an ignored frame
    # frame figures count only the codebook's frames; stance figures count every paragraph
    probs = pd.DataFrame(np.full((len(table), len(classify.PROB_COLUMNS)), 1 / 3), columns=classify.PROB_COLUMNS)
    pred = pd.concat([table, probs, classify.decide(probs)[["frame", "stance"]].add_suffix("_predicted")], axis=1)
    pred["voice_used"] = pred["voice"]
    figures = evaluation.figures_of(pred)
    assert figures["paragraphs"] == len(table)
    text = evaluation.render(pred, "t")
    assert f"== frame: n={len(table) - 1} " in text and f"== stance: n={len(table)} " in text
    assert "1 paragraphs with frame 'other' are left out" in text


def test_cross_validation_with_extra_training_data_scores_only_the_target(tmp_path: Path) -> None:
    target = data.load_labelled([write_labelled(tmp_path / "target.jsonl", n_events=3)])
    extra = data.load_labelled([write_labelled(tmp_path / "extra.jsonl", n_events=2)])
    extra["event"] = "extra-" + extra["event"]
    probs = training.cross_validate(target, training.TrainConfig(epochs=1, frozen_layers=5), n_folds=3,
                                    progress=False, extra=extra)
    assert probs.shape == (len(target), len(classify.PROB_COLUMNS))
    # an event both scored and trained on would leak: refused
    with pytest.raises(classify.FramingError, match="events both scored and added to training"):
        training.cross_validate(target, training.TrainConfig(epochs=1, frozen_layers=5), n_folds=3,
                                progress=False, extra=data.load_labelled([tmp_path / "target.jsonl"]))


def test_evaluate_refuses_extra_training_data_with_a_fixed_model(tmp_path: Path) -> None:
    from analysis.cli import run

    path = write_labelled(tmp_path / "d.jsonl", n_events=2)
    assert run(["evaluate", str(path), "--model", "analysis/model", "--train", str(path), "--no-progress"]) == 2


def test_one_cross_validation_scores_several_voice_sources_as_separate_runs_would(tmp_path: Path) -> None:
    table = data.load_labelled([write_labelled(tmp_path / "cv.jsonl", n_events=3)])
    table["voice_flat"] = "narration"  # a voice source that differs from the gold one everywhere
    config = training.TrainConfig(epochs=1, frozen_layers=5)
    many = training.cross_validate_many(table, config, n_folds=3, test_voice_columns=["voice", "voice_flat"],
                                        progress=False)
    assert set(many) == {"voice", "voice_flat"}
    alone = training.cross_validate(table, config, n_folds=3, test_voice_column="voice_flat", progress=False)
    np.testing.assert_allclose(many["voice_flat"].to_numpy(), alone.to_numpy(), atol=1e-6)
    assert not np.allclose(many["voice"].to_numpy(), many["voice_flat"].to_numpy())  # the voice is read


def test_cross_validation_with_learned_voices_trains_the_voice_model_without_each_event(tmp_path: Path) -> None:
    from analysis import evaluation

    table = data.load_labelled([write_labelled(tmp_path / "cv.jsonl", n_events=3)])
    extra = data.load_labelled([write_labelled(tmp_path / "extra.jsonl", n_events=2)])
    extra["event"] = "extra-" + extra["event"]
    extra["article_id"] = "extra-" + extra["article_id"]
    voices_out = evaluation.learned_voices_cv(table, extra)
    assert len(voices_out) == len(table) and set(voices_out) <= set(VOICES)
    results = evaluation.evaluate_many(table, folds=3, voices_from=["gold", "learned"], epochs=1, frozen_layers=5,
                                       progress=False, extra=extra)
    assert list(results) == ["gold", "learned"]
    assert (results["gold"].predictions["voice_used"] == table["voice"]).all()
    assert (results["learned"].predictions["voice_used"].to_numpy() == voices_out.to_numpy()).all()
    assert "voices learned (out of fold)" in results["learned"].text
