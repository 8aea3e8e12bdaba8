"""Classifier backends: the packaged embedded model, the zero-shot NLI pipeline on a tiny model, bad models."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from analysis import classify
from analysis.codebook import FRAMES, STANCES
from analysis.errors import FramingError

TEXTS = [
    "The minister said the strike was a lawful act of self-defence that saved lives.",
    "Two senators demanded a vote on the deployment before any more troops are sent.",
    "The convoy left the base at dawn.",
]
VOICES = ["administration", "congress", "narration"]


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory) -> Path:
    """A tiny random-weight BERT NLI model with a real tokenizer, saved to a folder (no hub)."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("tiny-nli")
    tokenizer = AutoTokenizer.from_pretrained(classify.base_model_path(), local_files_only=True)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=512,
        id2label={0: "contradiction", 1: "neutral", 2: "entailment"},
        label2id={"contradiction": 0, "neutral": 1, "entailment": 2},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_zero_shot_backend_on_tiny_nli_model(tiny_nli: Path) -> None:
    clf = classify.get_classifier("zero-shot", str(tiny_nli))
    assert clf.info["backend"] == "zero-shot" and len(clf.info["sha256"]) == 64
    probs = clf.predict(TEXTS, VOICES)
    assert list(probs.columns) == classify.PROB_COLUMNS and len(probs) == 3
    np.testing.assert_allclose(probs[classify.FRAME_PROBS].sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(probs[classify.STANCE_PROBS].sum(axis=1), 1.0, atol=1e-5)
    # Random weights still give each hypothesis its own score: labels are mapped, not left at zero.
    assert (probs[classify.FRAME_PROBS].to_numpy() > 0).all()
    again = classify.ZeroShotClassifier(str(tiny_nli)).predict(TEXTS, VOICES)
    np.testing.assert_allclose(again.to_numpy(), probs.to_numpy(), atol=1e-6)
    decided = classify.decide(probs)
    assert set(decided["frame"]) <= set(FRAMES) and set(decided["stance"]) <= set(STANCES)


def test_zero_shot_model_not_nli(tmp_path: Path, tiny_nli: Path) -> None:
    from transformers import AutoConfig

    folder = tmp_path / "not-nli"
    shutil.copytree(tiny_nli, folder)
    config = AutoConfig.from_pretrained(folder)
    config.id2label, config.label2id = {0: "A", 1: "B", 2: "C"}, {"A": 0, "B": 1, "C": 2}
    config.save_pretrained(folder)
    with pytest.raises(FramingError, match="not an NLI model"):
        classify.ZeroShotClassifier(str(folder))


def test_zero_shot_unreachable_hub_name(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(FramingError, match="zero-shot model 'example-org/no-such-nli-model': cannot load"):
        classify.ZeroShotClassifier("example-org/no-such-nli-model")


def test_unknown_backend_and_missing_model_folder(tmp_path: Path) -> None:
    with pytest.raises(FramingError, match="unknown backend 'magic'"):
        classify.get_classifier("magic")
    with pytest.raises(FramingError, match="no such folder"):
        classify.get_classifier("embedded", str(tmp_path / "nowhere"))
    with pytest.raises(FramingError, match="not a framing model folder"):
        classify.get_classifier("embedded", str(tmp_path))


def test_decide_labels_and_stance_score() -> None:
    import pandas as pd

    row = dict.fromkeys(classify.PROB_COLUMNS, 0.0)
    row.update({"p_congressional_criticism": 0.7, "p_neutral_report": 0.3, "p_oppose": 0.6, "p_neutral": 0.3, "p_support": 0.1})
    decided = classify.decide(pd.DataFrame([row]))
    assert decided.loc[0, "frame"] == "congressional_criticism" and decided.loc[0, "frame_confidence"] == 0.7
    assert decided.loc[0, "stance"] == "oppose"
    assert decided.loc[0, "stance_score"] == pytest.approx(-0.5)


def test_length_batches_cover_every_index_once() -> None:
    batches = classify.length_batches([5, 50, 7, 30, 1], 2)
    assert sorted(i for b in batches for i in b) == [0, 1, 2, 3, 4]
    assert batches[0] == [1, 3]  # longest first


def test_damaged_model_folders_are_one_line_errors(tmp_path: Path) -> None:
    import json

    from analysis.paths import MODEL_DIR

    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    del config["frozen_layers"]
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(FramingError, match=r"config.json: missing key\(s\) frozen_layers"):
        classify.EmbeddedClassifier(model)
    # a head file that is no safetensors, but whose digest was written into the config
    shutil.copy(MODEL_DIR / "config.json", model / "config.json")
    (model / "top.safetensors").write_bytes(b"\x80\x04not a safetensors file")
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config["weights_sha256"] = classify.sha256_file(model / "top.safetensors")
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(FramingError, match="not the safetensors head of this model"):
        classify.EmbeddedClassifier(model)


def test_a_zero_shot_folder_with_only_pickled_weights_is_refused(tmp_path: Path, tiny_nli: Path) -> None:
    folder = tmp_path / "pickled"
    shutil.copytree(tiny_nli, folder)
    for f in folder.glob("*.safetensors"):
        f.rename(folder / "pytorch_model.bin")  # the name a pickled checkpoint has
    with pytest.raises(FramingError, match="holds only pickled weights"):
        classify.ZeroShotClassifier(str(folder))


def test_precision_settings_resolve_and_bad_ones_are_refused() -> None:
    assert classify.resolve_precision("fp32") == "fp32" and classify.resolve_precision("bf16") == "bf16"
    assert classify.resolve_precision("auto") == ("bf16" if classify.native_bf16() else "fp32")
    with pytest.raises(FramingError, match=r"unknown precision 'fp16' \(valid: auto, fp32, bf16\)"):
        classify.get_classifier(precision="fp16")


def test_bf16_scores_the_seed_as_fp32_does(seed_path: Path) -> None:
    from analysis import article, score

    arts = [article.read_article(seed_path)]
    tables = {p: score.score_articles(arts, progress=False, precision=p) for p in ("fp32", "bf16")}
    fp32, bf16 = tables["fp32"].table, tables["bf16"].table
    assert tables["bf16"].model["precision"] == "bf16" and tables["bf16"].model["voices"]["precision"] == "bf16"
    assert tables["fp32"].model["precision"] == "fp32"
    for column in ("voice", "frame", "stance"):
        assert fp32[column].tolist() == bf16[column].tolist(), column
    probs = [*classify.PROB_COLUMNS, "stance_score"]
    assert np.abs(fp32[probs].to_numpy() - bf16[probs].to_numpy()).max() <= 0.02


def test_padding_batches_to_a_few_widths_leaves_the_scores_as_they_were(seed_path: Path, monkeypatch) -> None:
    # batches are padded past their longest paragraph (to a multiple of encoder.PAD_MULTIPLE) so a
    # long run reuses a few tensor shapes; the extra positions must be masked everywhere: in the
    # bottom, in the voice model's pooled states and when the classifier reuses those states
    from analysis import article, encoder, score

    assert encoder.PAD_MULTIPLE > 1
    ids, mask = encoder.load(classify.base_model_path(), 3)[0].pad([[101, 7, 102], [101, 102]])
    assert ids.shape == mask.shape == (2, encoder.PAD_MULTIPLE) and mask.sum().item() == 5
    arts = [article.read_article(seed_path)]
    padded = score.score_articles(arts, progress=False, precision="fp32").table
    monkeypatch.setattr(encoder, "PAD_MULTIPLE", 1)
    tight = score.score_articles(arts, progress=False, precision="fp32").table
    for column in ("voice", "frame", "stance"):
        assert padded[column].tolist() == tight[column].tolist(), column
    probs = [c for c in padded.columns if c.startswith("p_")] + ["stance_score"]
    assert len(probs) > len(classify.PROB_COLUMNS)  # the voice model's probabilities too
    assert np.abs(padded[probs].to_numpy() - tight[probs].to_numpy()).max() <= 1e-5


def test_cli_default_precision_is_the_library_default() -> None:
    import inspect

    from analysis import cli, report

    for command in (cli.voices, cli.score, cli.run_corpus):
        assert inspect.signature(command).parameters["precision"].default == classify.DEFAULT_PRECISION
    for notebook in (report.ARTICLE_NOTEBOOK, report.COMPARE_NOTEBOOK):
        assert report.notebook_parameters(notebook)["precision"].default == classify.DEFAULT_PRECISION


def test_the_plain_torch_encoder_computes_what_transformers_bert_computes(seed_path: Path) -> None:
    # scoring reads the packaged model without transformers (analysis.encoder); training uses
    # transformers: the same ids and the same hidden states, or a trained head would not fit
    import sys

    import torch

    from analysis import article, classify, encoder

    texts = [classify.format_input(p, "congress") for p in article.read_article(seed_path).paragraphs]
    texts += ["word " * 400, "Short."]  # truncated at 256 tokens; and a batch with padding
    tok_hf, bottom_hf, _ = classify.load_bottom(3)
    tok, bottom, rest = encoder.load(classify.base_model_path(), 3)
    ids = tok.encode(texts, 256)
    assert ids == tok_hf(texts, truncation=True, max_length=256)["input_ids"] and max(map(len, ids)) == 256
    padded = tok_hf.pad({"input_ids": ids}, return_tensors="pt")
    with torch.inference_mode():
        expected = bottom_hf(input_ids=padded["input_ids"], attention_mask=padded["attention_mask"]).last_hidden_state
        got = bottom(*tok.pad(ids))
    assert torch.equal(got, expected)
    assert len(rest) == 3 and "transformers" in sys.modules  # (imported here by the comparison only)


def test_scoring_never_imports_transformers(seed_path: Path) -> None:
    # importing transformers cost 2-3 s of every start; only training and the zero-shot backend need it
    import subprocess
    import sys

    code = ("import sys; from analysis import article, score; "
            f"score.score_articles([article.read_article({str(seed_path)!r})], progress=False); "
            "print('transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
