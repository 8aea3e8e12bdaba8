"""Temperature scaling: fitted on held-out predictions, applied to what is reported, never to the labels."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import calibration, classify
from analysis.cli import run
from analysis.errors import FramingError
from tests.test_training import write_labelled


def overconfident(n: int, temperature: float, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of a head whose true logits were sharpened by `temperature`, and labels drawn from the truth."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 1.5, size=(n, 3))
    truth = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    gold = np.array([rng.choice(3, p=p) for p in truth])
    return calibration.apply_temperature(truth, 1 / temperature), gold


def test_the_fitted_temperature_undoes_overconfidence() -> None:
    probs, gold = overconfident(4000, temperature=2.5)
    t = calibration.fit_temperature(probs, gold)
    assert 2.2 < t < 2.8
    from analysis.metrics import expected_calibration_error
    assert expected_calibration_error(calibration.apply_temperature(probs, t), gold) < expected_calibration_error(probs, gold) / 2


def test_rescaling_keeps_each_head_argmax_and_sums_to_one() -> None:
    probs, _ = overconfident(200, temperature=3.0)
    out = calibration.apply_temperature(probs, 3.0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    assert (out.argmax(axis=1) == probs.argmax(axis=1)).all()
    assert (out.max(axis=1) <= probs.max(axis=1) + 1e-12).all()  # softer, never sharper, for T > 1


def test_decide_labels_on_raw_probabilities_and_reports_calibrated_ones() -> None:
    rng = np.random.default_rng(11)
    frame_p = rng.dirichlet(np.ones(len(classify.FRAME_PROBS)) * 0.4, size=50)
    stance_p = rng.dirichlet(np.ones(len(classify.STANCE_PROBS)) * 0.4, size=50)
    probs = pd.DataFrame(np.hstack([frame_p, stance_p]), columns=classify.PROB_COLUMNS)
    raw = classify.decide(probs)
    hot = classify.decide(probs, {"stance": 4.0})
    assert (raw[["frame", "stance"]] == hot[["frame", "stance"]]).all().all()  # calibration never changes a label
    np.testing.assert_allclose(hot[classify.FRAME_PROBS], probs[classify.FRAME_PROBS])  # frame head untouched
    assert (hot[classify.STANCE_PROBS].max(axis=1) <= raw[classify.STANCE_PROBS].max(axis=1) + 1e-12).all()
    np.testing.assert_allclose(hot["stance_score"], hot["p_support"] - hot["p_oppose"])  # from the calibrated ones
    assert not np.allclose(hot[classify.STANCE_PROBS], probs[classify.STANCE_PROBS])


def test_a_model_with_a_bad_temperature_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(classify.get_classifier().model_dir, folder)
    config = json.loads((folder / classify.CONFIG_FILE).read_text())
    config["temperature"] = {"frame": 1.0, "stance": 0.0}
    (folder / classify.CONFIG_FILE).write_text(json.dumps(config))
    with pytest.raises(FramingError, match="temperatures must be positive"):
        classify.EmbeddedClassifier(folder)


def test_calibrate_command_writes_the_temperatures_into_the_model(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(classify.get_classifier().model_dir, folder)
    data = write_labelled(tmp_path / "held.jsonl", n_events=3)
    assert run(["calibrate", str(data), "--model", str(folder), "--head", "stance", "--no-progress"]) == 0
    config = json.loads((folder / classify.CONFIG_FILE).read_text())
    assert config["temperature"]["frame"] == 1.0 and config["temperature"]["stance"] > 0
    assert config["calibration"]["figures"]["all"]["paragraphs"] == 21 and config["calibration"]["files"] == ["held.jsonl"]
    assert config["calibration"]["voices"] == "gold"  # by default the fit reads the labelled voices, as the shipped one did
    assert classify.EmbeddedClassifier(folder).temperatures == config["temperature"]
    assert run(["calibrate", str(data), "--model", str(folder), "--head", "tone", "--no-progress"]) == 2
    assert run(["calibrate", str(data), "--model", str(folder), "--split", "tuning", "--no-progress"]) == 2  # no such events
    assert run(["calibrate", str(data), "--model", str(folder), "--train", str(data), "--no-progress"]) == 2  # only with --cv


def test_calibrate_keeps_the_scored_paragraphs_it_fitted_on(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(classify.get_classifier().model_dir, folder)
    data = write_labelled(tmp_path / "held.jsonl", n_events=3)
    out = tmp_path / "fit.csv"
    assert run(["calibrate", str(data), "--model", str(folder), "--head", "stance", "--voices", "gold",
                "--predictions", str(out), "--no-progress"]) == 0
    kept = pd.read_csv(out)
    assert len(kept) == 21 and set(kept["voices_from"]) == {"gold"}
    assert (kept["voice_used"] == kept["voice"]).all()
    # Raw probabilities, as the fit saw them: refitting on the file gives the temperature written.
    refit = calibration.fit(kept[classify.PROB_COLUMNS], kept)["stance"]
    config = json.loads((folder / classify.CONFIG_FILE).read_text())
    assert refit == pytest.approx(config["temperature"]["stance"], rel=1e-3)
    assert run(["calibrate", str(data), "--model", str(folder), "--predictions", str(tmp_path),
                "--no-progress"]) == 2  # a folder, refused before any work
