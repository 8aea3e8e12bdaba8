"""The packaged MiniLM-L6 encoder for scoring, in plain torch: no transformers import at run time.

Scoring needs a tokenizer and the BERT layers of one small model. Importing transformers for them
cost 2-3 seconds of every start (and of every worker process's), so scoring reads the model
folder directly: the `tokenizers` library reads its tokenizer.json, safetensors its weights, and
the modules below compute what BERT's embeddings and encoder layers compute (the same operations
in the same order as transformers' BERT with SDPA attention, so the numbers match: a test compares
them). Training keeps transformers (analysis.classify.load_bottom); the parameter names are the
same, so a head trained there loads here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

# Batches are padded to a multiple of this many tokens, so a long run sees 8 tensor widths instead
# of up to 256. Padded to their longest, or to multiples of 8 or 16, the classifier's memory kept
# creeping over thousands of articles; at 32 it stayed flat, for about 15% more classifier time
# (benchmarks/bench_memory.py --stage classifier; figures in the README).
PAD_MULTIPLE = 32


class _SelfAttention(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.heads, self.head_size = heads, hidden // heads
        self.scaling = self.head_size ** -0.5
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        shape = (*hidden.shape[:-1], -1, self.head_size)
        q, k, v = (proj(hidden).view(shape).transpose(1, 2) for proj in (self.query, self.key, self.value))
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, scale=self.scaling, is_causal=False)
        out = out.reshape(out.shape[0], -1, q.shape[2], v.shape[-1]).transpose(1, 2).contiguous()
        return out.reshape(*hidden.shape[:-1], -1).contiguous()


class _AddNorm(nn.Module):
    """dense, then LayerNorm of the result plus the residual."""

    def __init__(self, inner: int, hidden: int, eps: float) -> None:
        super().__init__()
        self.dense = nn.Linear(inner, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, hidden: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden) + residual)


class _Attention(nn.Module):
    def __init__(self, hidden: int, heads: int, eps: float) -> None:
        super().__init__()
        self.self = _SelfAttention(hidden, heads)
        self.output = _AddNorm(hidden, hidden, eps)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        return self.output(self.self(hidden, mask), hidden)


class _Intermediate(nn.Module):
    def __init__(self, hidden: int, inner: int) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, inner)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(hidden))


class Layer(nn.Module):
    """One encoder layer: self-attention, then the feed-forward block, each with a residual LayerNorm.
    attention_mask: None, a boolean mask (True: attend) or an additive float mask, as SDPA takes them."""

    def __init__(self, hidden: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.attention = _Attention(hidden, heads, eps)
        self.intermediate = _Intermediate(hidden, inner)
        self.output = _AddNorm(inner, hidden, eps)

    def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        attended = self.attention(hidden, attention_mask)
        return self.output(self.intermediate(attended), attended)


class _Embeddings(nn.Module):
    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.word_embeddings = nn.Embedding(config["vocab_size"], hidden, padding_idx=config.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        types = torch.zeros_like(positions).expand(input_ids.shape[0], -1)
        embedded = self.word_embeddings(input_ids) + self.token_type_embeddings(types)
        return self.LayerNorm(embedded + self.position_embeddings(positions))


class Bottom(nn.Module):
    """The embeddings and the first layers: last hidden states for (input_ids, attention_mask)."""

    def __init__(self, embeddings: _Embeddings, layers: Sequence[Layer], hidden_size: int) -> None:
        super().__init__()
        self.embeddings = embeddings
        self.layer = nn.ModuleList(layers)
        self.hidden_size = hidden_size

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.embeddings(input_ids)
        mask = None
        if not bool(attention_mask.all()):
            # every query row sees the same keys: (batch, 1, length, length), True where a key is a token
            b, n = attention_mask.shape
            mask = attention_mask.bool()[:, None, None, :].expand(b, 1, n, n)
        for layer in self.layer:
            hidden = layer(hidden, mask)
        return hidden


def hidden_states(tokenizer: Tokenizer, bottom: Bottom, inputs: Sequence[str], max_length: int, batch_size: int,
                  progress: str | None = None) -> list[torch.Tensor]:
    """The bottom's last hidden states of each input, trimmed to its own tokens ((tokens, hidden)
    each), computed in batches of similar length. progress: a bar's label, or None for no bar."""
    from tqdm.auto import tqdm

    from analysis.classify import length_batches

    enc = tokenizer.encode(inputs, max_length)
    out: list[torch.Tensor] = [torch.empty(0)] * len(enc)
    batches = length_batches([len(ids) for ids in enc], batch_size)
    with torch.inference_mode():
        for batch in tqdm(batches, desc=progress, unit="batch", disable=progress is None or None, leave=False):
            ids, mask = tokenizer.pad([enc[i] for i in batch])
            hidden = bottom(ids, mask)
            for row, i in enumerate(batch):
                out[i] = hidden[row, :len(enc[i])].clone()  # a copy: the padded batch can be freed
    return out


def padded_length(n: int) -> int:
    """The batch width for a longest sequence of n tokens: n rounded up to a multiple of PAD_MULTIPLE."""
    return -(-n // PAD_MULTIPLE) * PAD_MULTIPLE


def pad_states(states: Sequence[torch.Tensor]) -> torch.Tensor:
    """(batch, width, hidden) tensor of trimmed hidden states, zeros after each one's tokens; the
    width is that of Tokenizer.pad for the same sequences."""
    n = padded_length(max(len(s) for s in states))
    out = states[0].new_zeros((len(states), n, states[0].shape[-1]))
    for row, s in enumerate(states):
        out[row, :len(s)] = s
    return out


class Tokenizer:
    """The model folder's tokenizer.json: ids with [CLS] and [SEP], truncated; batches padded."""

    def __init__(self, folder: Path, pad_id: int = 0) -> None:
        from tokenizers import Tokenizer as RustTokenizer

        self._tokenizer = RustTokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self.pad_id = pad_id

    def encode(self, texts: Sequence[str], max_length: int) -> list[list[int]]:
        """Token ids of each text, at most max_length including the special tokens."""
        self._tokenizer.enable_truncation(max_length)
        return [e.ids for e in self._tokenizer.encode_batch(list(texts))]

    def pad(self, sequences: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """(input_ids, attention_mask) of sequences padded to the longest, rounded up (padded_length)."""
        n = padded_length(max(len(s) for s in sequences))
        ids = torch.full((len(sequences), n), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(sequences), n), dtype=torch.long)
        for row, seq in enumerate(sequences):
            ids[row, :len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[row, :len(seq)] = 1
        return ids, mask


@lru_cache(maxsize=2)
def _weights(folder: str) -> dict[str, torch.Tensor]:
    """The model's fp32 weights by name, without a 'bert.' prefix, read once per process."""
    from safetensors.torch import load_file

    return {k.removeprefix("bert."): v for k, v in load_file(str(Path(folder) / "model.safetensors")).items()}


def load(folder: Path, n_bottom: int, dtype: torch.dtype = torch.float32) -> tuple[Tokenizer, Bottom, list[Layer]]:
    """Tokenizer, the embeddings with the first n_bottom layers (eval mode, no gradients, in dtype),
    and fresh fp32 copies of the remaining layers (base weights, for a head to fine-tune or load)
    of the model in folder. The bottom's modules are shared by every caller in this process (the
    frame/stance classifier and the voice model's encoder both read the first layers)."""
    config, tokenizer, embeddings, layers = _base(str(folder), dtype)
    weights = _weights(str(folder))
    rest = [_layer(config, weights, i) for i in range(n_bottom, config["num_hidden_layers"])]
    return tokenizer, Bottom(embeddings, layers[:n_bottom], config["hidden_size"]), rest


@lru_cache(maxsize=2)
def _base(folder: str, dtype: torch.dtype) -> tuple[dict, Tokenizer, _Embeddings, list[Layer]]:
    """The model's config, tokenizer, embeddings and all its layers in dtype, frozen, once per process."""
    path = Path(folder)
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    weights = _weights(folder)
    embeddings = _embeddings_from(config, weights).eval().requires_grad_(False).to(dtype)
    layers = [_layer(config, weights, i).eval().requires_grad_(False).to(dtype) for i in range(config["num_hidden_layers"])]
    return config, Tokenizer(path, config.get("pad_token_id", 0)), embeddings, layers


def _layer(config: dict, weights: dict[str, torch.Tensor], i: int) -> Layer:
    """Encoder layer i with the model's weights, fp32."""
    layer = Layer(config["hidden_size"], config["num_attention_heads"], config["intermediate_size"], config["layer_norm_eps"])
    prefix = f"encoder.layer.{i}."
    layer.load_state_dict({k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)})
    return layer


def _embeddings_from(config: dict, weights: dict[str, torch.Tensor]) -> _Embeddings:
    embeddings = _Embeddings(config)
    state = {k[len("embeddings."):]: v for k, v in weights.items()
             if k.startswith("embeddings.") and not k.endswith(("position_ids", "token_type_ids"))}
    embeddings.load_state_dict(state)
    return embeddings
