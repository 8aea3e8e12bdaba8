"""The learned voice decision: the rules propose, a trained model decides, with a probability per voice.

The rules of `analysis.voices` find a candidate speaker and voice for each paragraph with the
evidence. Real news breaks them in ways no single rule sees (positions reported without a speech
verb, official texts, transcripts), so a multinomial logistic regression makes the final call
from three kinds of features:

- the rules' decision for the paragraph and its neighbours (voice, rule, cue class), the
  article's rule-voice shares and its source (official issuer, title, first-person form);
- what the paragraph's own words (quotations masked) name: lexicon terms per voice, resolved
  against the article's acting country, in the whole paragraph and in its first sentence;
- the paragraph's meaning: the mean-pooled output of the packaged MiniLM encoder's first
  layers on the raw paragraph text.

The model is a JSON file (`analysis/model/voice.json`: feature names, scaler, weights, sha256 of
the training data) read with numpy only; `train` rebuilds it deterministically.

Voice probability columns (VOICE_PROBS), appended to the attribution table by `decide`:
`p_administration, p_congress, p_foreign, p_other, p_narration` (each row sums to 1); `voice`
becomes the most probable voice, `rule_voice` keeps the rules' own answer, and `evidence` says
which decided.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import classify, voices
from analysis.codebook import VOICES
from analysis.errors import FramingError
from analysis.paths import VOICE_MODEL_FILE

VOICE_PROBS = [f"p_{v}" for v in VOICES]
VOICE_MODEL_FORMAT = 2  # 2: the encoder reads the classifier's input (voice | text) through 3 layers
# The pooled output of the first layers, the ones the frame and stance model keeps frozen: enough for
# who-speaks cues, and scoring computes them once for both models (MODEL_CARD.md, "Voices").
ENCODER_LAYERS = 3
ENCODER_MAX_LENGTH = 256
EMBED_SLICE = 2048  # paragraphs whose hidden states are held at once when they are not kept for the classifier
_CUE_CLASSES = ("neutral", "loaded")


# ---------------------------------------------------------------------------------------------
# Features


def _onehot(value: str, labels: Sequence[str], prefix: str) -> dict[str, float]:
    """{prefix=label: 1.0 for the matching label, 0.0 otherwise}."""
    return {f"{prefix}={lab}": float(value == lab) for lab in labels}


def _lexicon_counts(text: str, lexicon: voices.ActorLexicon, home: str, prefix: str) -> dict[str, float]:
    """log(1 + count) of lexicon terms per voice in text, country terms resolved against the acting country."""
    counts = dict.fromkeys(VOICES, 0)
    weak = dict.fromkeys(VOICES, 0)
    foreign_names = 0
    for m in lexicon.matches(text):
        if m.kind == "name":
            foreign_names += m.country != home
        elif m.kind in ("executive", "legislature"):
            counts[m.voice if m.country == home or lexicon.has_term(home, m.kind, m.text) else "foreign"] += 1
        elif m.kind == "weak":
            weak[m.voice] += 1
        else:
            counts[m.voice] += 1
    out = {f"{prefix}:{v}": math.log1p(n) for v, n in counts.items()}
    out.update({f"{prefix}:weak_{v}": math.log1p(n) for v, n in weak.items()})
    out[f"{prefix}:foreign_country"] = math.log1p(foreign_names)
    return out


def article_features(paragraphs: Sequence[str], attributed: pd.DataFrame, lexicon: voices.ActorLexicon,
                     source: voices.Source | None = None, parsed: Sequence[str] | None = None) -> pd.DataFrame:
    """Rule, context, lexicon and source features of one article's paragraphs (one row each, in order).

    attributed: the rules' ATTRIBUTION_COLUMNS for these paragraphs (voices.attribute_paragraphs).
    parsed: per paragraph, the voice of the position holder the parse found where the rules found
    no speaker ('' elsewhere): evidence the model weighs rather than a decision.
    """
    paragraphs = list(paragraphs)
    home = voices.article_home(paragraphs, lexicon, source)
    if paragraphs:
        paragraphs[0] = voices.split_dateline(paragraphs[0])[2]
    n = len(paragraphs)
    when = source.when() if source else None
    title = (source.title or "") if source else ""
    quotes = voices.scan_quotes(paragraphs)
    masked = [voices.mask_quotes(p, q) for p, q in zip(paragraphs, quotes, strict=True)]
    rule_voices = attributed["voice"].tolist()
    rules = attributed["rule"].tolist()
    shares = {v: rule_voices.count(v) / n for v in VOICES} if n else {}
    issuer = lexicon.issuer(source.url, source.outlet) if source else None
    known = lexicon.known_people("\n".join(paragraphs), when, home)
    known_patterns = {voice: re.compile(r"\b(?:" + "|".join(re.escape(k) for k, (v, _) in known.items() if v == voice) + r")\b")
                      for voice in {v for v, _ in known.values()}}
    person_share = sum(bool(voices.FIRST_PERSON.search(m)) for m in masked) / n if n else 0.0
    doc = {
        "doc:home_is_default": float(home == lexicon.home),
        "doc:issuer_executive": float(bool(issuer) and issuer[1] == "executive"),
        "doc:issuer_legislature": float(bool(issuer) and issuer[1] == "legislature"),
        "doc:issuer_record": float(bool(issuer) and issuer[1] == "record"),
        "doc:issuer_at_home": float(bool(issuer) and issuer[0] == home),
        "doc:official_title": float(bool(voices._OFFICIAL_TITLE.search(title))),
        "doc:first_person_share": person_share,
        "doc:official_rule": float("official" in rules),
        "doc:labels": float(any(r in ("label", "question_label") for r in rules)),
        "doc:paragraphs": math.log1p(n),
        **{f"doc:share_{v}": s for v, s in shares.items()},
    }
    rows = []
    for i, text in enumerate(paragraphs):
        row = dict(doc)
        row.update(_onehot(rule_voices[i], VOICES, "rule_voice"))
        row.update(_onehot(rules[i], voices.RULES, "rule"))
        row.update(_onehot(attributed["cue_class"].iloc[i], _CUE_CLASSES, "cue_class"))
        row.update(_onehot(rule_voices[i - 1] if i > 0 else "", VOICES, "prev_voice"))
        row.update(_onehot(rule_voices[i + 1] if i + 1 < n else "", VOICES, "next_voice"))
        row.update(_onehot(parsed[i] if parsed else "", VOICES, "parsed_voice"))
        words = voices.count_words(text)
        row.update({
            "par:first": float(i == 0),
            "par:last": float(i == n - 1),
            "par:position": i / max(n - 1, 1),
            "par:log_words": math.log1p(words),
            "par:quoted_share": quotes[i].covers(text),
            "par:first_person": float(bool(voices.FIRST_PERSON.search(masked[i]))),
            "par:has_speaker": float(bool(attributed["speaker"].iloc[i])),
            ANCHOR: float(rules[i] == "cue" and rule_voices[i] != "other" and rule_voices[i] in known_patterns
                          and bool(known_patterns[rule_voices[i]].search(attributed["speaker"].iloc[i]))),
        })
        row.update(_lexicon_counts(masked[i], lexicon, home, "lex"))
        # office holders named in the paragraph's own words (people.toml, as of the article's date)
        row.update({f"known:{v}": math.log1p(len(known_patterns[v].findall(masked[i])) if v in known_patterns else 0)
                    for v in VOICES})
        sents = voices.sentences(masked[i])
        first = masked[i][sents[0][0]:sents[0][1]] if sents else masked[i]
        row.update(_lexicon_counts(first, lexicon, home, "lex1"))
        rows.append(row)
    return pd.DataFrame(rows)


class Encoder:
    """Mean-pooled output of the packaged MiniLM encoder's first ENCODER_LAYERS layers, read on the
    frame and stance model's own input (classify.format_input with the rules' voice): the layers,
    the input and the batching are the classifier's, so scoring computes them once for both
    (`shared_encoder`; the classifier reuses the kept states wherever the final voice is the rules')."""

    def __init__(self, layers: int = ENCODER_LAYERS, batch_size: int = 32, max_length: int = ENCODER_MAX_LENGTH,
                 precision: str = "fp32", parts: tuple | None = None) -> None:
        self.precision = classify.resolve_precision(precision)
        if parts is None:
            from analysis import encoder

            parts = encoder.load(classify.base_model_path(), layers, classify._dtype(self.precision))[:2]
        self.tokenizer, self.model = parts
        self.batch_size, self.max_length = batch_size, max_length

    def embed(self, texts: Sequence[str], rule_voices: Sequence[str], progress: bool = False,
              keep: dict | None = None) -> np.ndarray:
        """(len(texts), hidden) float32 embeddings of the paragraphs as the classifier reads them
        with the rules' voices; keep, if given, receives each model input's hidden states."""
        from analysis import encoder

        inputs = [classify.format_input(t, v) for t, v in zip(texts, rule_voices, strict=True)]
        out = np.zeros((len(inputs), self.model.hidden_size), dtype=np.float32)
        # states not kept are pooled slice by slice, so a long table never holds them all at once
        step = len(inputs) if keep is not None else EMBED_SLICE
        for start in range(0, len(inputs), max(step, 1)):
            part = inputs[start:start + step]
            states = encoder.hidden_states(self.tokenizer, self.model, part, self.max_length, self.batch_size,
                                           "voices" if progress else None)
            for i, h in enumerate(states):
                out[start + i] = h.float().mean(0).numpy()
            if keep is not None:
                keep.update(zip(part, states))
        return out


@lru_cache(maxsize=2)
def get_encoder(precision: str = "fp32") -> Encoder:
    """The encoder for voice features in a resolved precision ('fp32' trains; scoring may take
    'bf16'), loaded once per process."""
    return Encoder(precision=precision)


def shared_encoder(classifier: object) -> Encoder | None:
    """An Encoder over the embedded classifier's own bottom layers, or None when the classifier has
    no such bottom (another backend) or one of another depth or input length than the voice model's."""
    config = getattr(classifier, "config", None)
    if not isinstance(classifier, classify.EmbeddedClassifier) or not isinstance(config, dict):
        return None
    if int(config.get("frozen_layers", -1)) != ENCODER_LAYERS or classifier.max_length != ENCODER_MAX_LENGTH:
        return None
    return Encoder(batch_size=classifier.batch_size, max_length=classifier.max_length, precision=classifier.precision,
                   parts=(classifier.tokenizer, classifier.bottom))


def embedding_frame(embeddings: np.ndarray) -> pd.DataFrame:
    """Embeddings as feature columns emb:0 ... emb:N."""
    return pd.DataFrame(embeddings, columns=[f"emb:{k}" for k in range(embeddings.shape[1])])


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class VoiceModel:
    """Standardised features -> multinomial logistic regression over the codebook voices."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (voices, features)
    intercept: np.ndarray  # (voices,)
    info: dict

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """(rows, voices) probabilities in codebook order."""
        missing = [c for c in self.features if c not in X]
        if missing:
            raise FramingError(f"voice model: feature(s) missing from the input: {', '.join(missing[:5])}")
        z = (X[self.features].to_numpy(np.float64) - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        """The model as plain JSON data (rounded so that files are stable and small)."""
        return {
            "format": VOICE_MODEL_FORMAT, "voices": list(VOICES), "encoder_layers": ENCODER_LAYERS,
            "features": self.features, "mean": _round(self.mean), "scale": _round(self.scale),
            "coef": [_round(row) for row in self.coef], "intercept": _round(self.intercept), "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict, where: str = "voice model") -> VoiceModel:
        """Read to_json() output back; a file of another format or label set is refused."""
        if data.get("format") != VOICE_MODEL_FORMAT:
            raise FramingError(f"{where}: format {data.get('format')!r}, this version reads {VOICE_MODEL_FORMAT}")
        if data.get("voices") != list(VOICES) or data.get("encoder_layers") != ENCODER_LAYERS:
            raise FramingError(f"{where}: trained for other voices or another encoder; retrain it with 'framing train-voices'")
        return cls(list(data["features"]), np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]),
                   np.array(data["intercept"]), dict(data.get("info", {})))


def _round(values: np.ndarray) -> list[float]:
    """Floats rounded to 7 significant digits for a stable JSON file."""
    return [float(f"{v:.7g}") for v in np.asarray(values, dtype=np.float64)]


def fit(X: pd.DataFrame, y: Sequence[str], weights: Sequence[float] | None = None, C: float = 0.03,
        info: dict | None = None) -> VoiceModel:
    """Fit the logistic regression (lbfgs, deterministic) on standardised features."""
    from sklearn.linear_model import LogisticRegression

    values = X.to_numpy(np.float64)
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0
    reg = LogisticRegression(C=C, max_iter=5000)
    reg.fit((values - mean) / scale, np.asarray(y), sample_weight=None if weights is None else np.asarray(weights))
    order = [list(reg.classes_).index(v) if v in reg.classes_ else None for v in VOICES]
    if None in order:
        absent = [v for v, o in zip(VOICES, order, strict=True) if o is None]
        raise FramingError(f"voice model: no training paragraphs for {', '.join(absent)}")
    return VoiceModel(list(X.columns), mean, scale, reg.coef_[order], reg.intercept_[order], dict(info or {}))


def save(model: VoiceModel, path: str | Path = VOICE_MODEL_FILE) -> Path:
    """Write the model JSON atomically."""
    from analysis import io

    return io.write_json(Path(path), model.to_json())


@lru_cache(maxsize=4)
def load(path: str | Path = VOICE_MODEL_FILE) -> VoiceModel:
    """The voice model at path (the packaged one by default), read once per process."""
    path = Path(path)
    if not path.is_file():
        raise FramingError(f"{path}: no voice model here (train one with 'framing train-voices')")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FramingError(f"{path}: not a voice model (not valid JSON: {exc})") from None
    return VoiceModel.from_json(data, str(path))


# ---------------------------------------------------------------------------------------------
# Attribution with the model


METHODS = ("rules", "learned")
# A feature, and a rule of the learned path: a reporting verb whose subject is an office holder the
# article names (people.toml, in office at its date) keeps the rules' voice. The model, trained
# largely on leads where presidents' acts are narration, overrules some of these statements
# ("<president> tweeted ..."); keeping them cost nothing on any held-out set (MODEL_CARD.md, "Voices").
ANCHOR = "rule:office_holder_cue"
# Rules whose voice also stands: an official text's issuer (rule "official") was right on all 179
# labelled paragraphs it decided (dev, data/train, held-out sets), where the model, reading "the
# US Administration" in a British statement, overruled 3 of 37 on the dev set out of fold. A
# statement an introducer announces ("carry_over": "The Department issued the following statement:")
# was right on all 10 labelled paragraphs; the model, retrained with batches 21-28, leaned to
# narration on the seed's own statement (0.54 against 0.44).
ANCHORED_RULES = frozenset({"official", "carry_over"})
# the model overrules the rules' voice only when it is this much surer of its own (dev, events
# out of fold: 0.852 -> 0.860; in-house held-out: 0.930 -> 0.941; MODEL_CARD.md)
OVERRIDE_MARGIN = 0.2
# The learned path is the default: it beats the rules on real events held out and on both in-house
# held-out sets, and keeps the seed's ten voices (MODEL_CARD.md, "Voices").
DEFAULT_METHOD = "learned"


def rule_tables(table: pd.DataFrame, lexicon: voices.ActorLexicon,
                sources: Mapping[str, voices.Source] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rule attribution, features) for a paragraph table, article by article, rows aligned with table."""
    table = table.reset_index(drop=True)
    attributed, feats = [], []
    for article_id, group in table.groupby("article_id", sort=False):
        group = group.sort_values("paragraph")
        source = (sources or {}).get(str(article_id))
        att, holders = voices.attribute_with_holders(group["text"].tolist(), lexicon, source)
        att.index = group.index
        f = article_features(group["text"].tolist(), att, lexicon, source, holders)
        f.index = group.index
        attributed.append(att)
        feats.append(f)
    if not attributed:
        return pd.DataFrame(columns=list(voices.ATTRIBUTION_COLUMNS)), pd.DataFrame()
    return pd.concat(attributed).reindex(table.index), pd.concat(feats).reindex(table.index)


def features(table: pd.DataFrame, lexicon: voices.ActorLexicon, sources: Mapping[str, voices.Source] | None = None,
             encoder: Encoder | None = None, progress: bool = False,
             keep: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rule attribution, all model features incl. the encoder's) for a paragraph table; keep (if
    given) receives the encoder's hidden states per model input (Encoder.embed)."""
    attributed, feats = rule_tables(table, lexicon, sources)
    if len(table):
        emb = (encoder or get_encoder()).embed(table.reset_index(drop=True)["text"].tolist(),
                                               attributed["voice"].tolist(), progress, keep)
        feats = pd.concat([feats.reset_index(drop=True), embedding_frame(emb)], axis=1)
    return attributed.reset_index(drop=True), feats


def anchored_rows(attributed: pd.DataFrame, feats: pd.DataFrame) -> np.ndarray:
    """Rows whose rule voice the model may not overrule: office holders' statements and ANCHORED_RULES."""
    return (feats[ANCHOR].to_numpy() > 0) | attributed["rule"].isin(ANCHORED_RULES).to_numpy()


def decide(attributed: pd.DataFrame, probs: np.ndarray, anchored: Sequence[bool] | None = None) -> pd.DataFrame:
    """The attribution table with the model's voice, `rule_voice` and the VOICE_PROBS columns.

    anchored: rows where the rules' voice stands whatever the model says (anchored_rows).
    """
    out = attributed.copy()
    out["rule_voice"] = attributed["voice"]
    if anchored is not None and len(probs):
        keep = np.asarray(anchored, dtype=bool)
        probs = np.where(keep[:, None], rule_probabilities(attributed), probs)
    best = probs.argmax(axis=1)
    if len(probs):
        ruled = rule_probabilities(attributed).argmax(axis=1)
        rows = np.arange(len(probs))
        best = np.where(probs[rows, best] - probs[rows, ruled] > OVERRIDE_MARGIN, best, ruled)
    out["voice"] = [VOICES[k] for k in best]
    changed = out["voice"] != out["rule_voice"]
    out.loc[changed, "evidence"] = [
        f"voice model: {v} (p={probs[i, best[i]]:.2f}) over the rules' {r} ({e})"
        for i, v, r, e in zip(np.flatnonzero(changed), out.loc[changed, "voice"], out.loc[changed, "rule_voice"],
                              out.loc[changed, "evidence"], strict=True)
    ]
    for k, col in enumerate(VOICE_PROBS):
        out[col] = probs[:, k]
    return out


def rule_probabilities(attributed: pd.DataFrame) -> np.ndarray:
    """The rules' answer as probabilities: 1 for the rule voice."""
    index = {v: k for k, v in enumerate(VOICES)}
    probs = np.zeros((len(attributed), len(VOICES)))
    probs[np.arange(len(attributed)), [index[v] for v in attributed["voice"]]] = 1.0
    return probs


def attribute(table: pd.DataFrame, lexicon: voices.ActorLexicon | None = None,
              sources: Mapping[str, voices.Source] | None = None, method: str = DEFAULT_METHOD,
              model: VoiceModel | None = None, progress: bool = False,
              precision: str = classify.DEFAULT_PRECISION, encoder: Encoder | None = None,
              keep: dict | None = None) -> pd.DataFrame:
    """The paragraph table with ATTRIBUTION_COLUMNS, `rule_voice` and VOICE_PROBS, by the learned model or the rules.

    precision: of the encoder behind the learned path (classify.PRECISIONS), unless encoder is
    given (shared_encoder: the classifier's own layers); keep: as in features().
    """
    if method not in METHODS:
        raise FramingError(f"unknown voice method {method!r} (valid: {', '.join(METHODS)})")
    lexicon = lexicon or voices.load_lexicon()
    table = table.reset_index(drop=True)
    if method == "rules":
        attributed, _ = rule_tables(table, lexicon, sources)
        attributed = attributed.reset_index(drop=True)
        decided = decide(attributed, rule_probabilities(attributed))
    else:
        encoder = encoder or get_encoder(classify.resolve_precision(precision))
        attributed, feats = features(table, lexicon, sources, encoder, progress=progress, keep=keep)
        decided = decide(attributed, (model or load()).predict_proba(feats), anchored_rows(attributed, feats)) if len(table) else decide(
            attributed, np.zeros((0, len(VOICES))))
    base = table.drop(columns=[c for c in (*voices.ATTRIBUTION_COLUMNS, "rule_voice", *VOICE_PROBS) if c in table])
    return pd.concat([base, decided[[*voices.ATTRIBUTION_COLUMNS, "rule_voice", *VOICE_PROBS]]], axis=1).astype(
        {"quoted_words": int})


def data_sha256(table: pd.DataFrame) -> str:
    """sha256 of the training rows (article, paragraph, text, gold voice): what a model was trained on."""
    digest = hashlib.sha256()
    for row in table[["article_id", "paragraph", "text", "gold"]].itertuples(index=False):
        digest.update("\x1f".join(map(str, row)).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Training and evaluation on labelled articles

# Events of ../shared/dev/real_articles.jsonl whose errors were read while the rules, the lexicon
# and TRAIN_C were developed: figures on them are optimistic, so reports give the others apart.
TUNING_EVENTS = frozenset({
    "1999 Kosovo air war / War Powers suit", "2002 Iraq war authorization", "2011 bin Laden raid",
    "2014 Bergdahl prisoner swap", "2015 Obama ISIS AUMF proposal",
    "2017 MOAB strike in Afghanistan", "2017 Paris agreement withdrawal",
})
TRAIN_C = 0.03  # inverse L2 strength: chosen by grouped CV on the tuning events (MODEL_CARD.md)


@dataclass
class Labelled:
    """Labelled articles as a paragraph table with `gold` voice and `event`, plus their sources."""

    table: pd.DataFrame
    sources: dict[str, voices.Source]


def read_labelled(paths: Sequence[str | Path]) -> Labelled:
    """Labelled JSONL articles (paragraphs with a `voice` label) -> Labelled; bad files raise InputError."""
    from analysis import article as article_mod
    from analysis import data as data_mod
    from analysis.errors import InputError

    files = data_mod.expand(paths)
    articles, errors = article_mod.read_articles(files)
    if errors:
        raise errors[0]
    labelled = [a for a in articles if a.labels]
    if not labelled:
        raise InputError(", ".join(map(str, files)) or "(none)", "no paragraphs labelled with a 'voice'")
    for art in labelled:
        bad = sorted({str(lab.get("voice")) for lab in art.labels} - set(VOICES))
        if bad:
            raise InputError(art.source, f"article {art.id}: unknown voice label(s) {', '.join(bad)} (valid: {', '.join(VOICES)})")
    table = article_mod.paragraph_table(labelled)
    table["gold"] = [lab["voice"] for art in labelled for lab in art.labels]
    table["event"] = [art.event or art.id for art in labelled for _ in art.paragraphs]
    return Labelled(table, voices.sources_of(labelled))


def balance_errors(table: pd.DataFrame, predicted: str = "voice", gold: str = "gold") -> pd.Series:
    """Per article: the largest absolute difference over the voices between predicted and gold paragraph shares, in points."""
    def err(g: pd.DataFrame) -> float:
        return 100 * max(abs((g[predicted] == v).mean() - (g[gold] == v).mean()) for v in VOICES)

    return table.groupby("article_id", sort=False)[[predicted, gold]].apply(err)


def cross_validate(target: Labelled, extra: Labelled | None = None, C: float = TRAIN_C,
                   progress: bool = False) -> pd.DataFrame:
    """Leave-one-event-out predictions for target: each event is scored by a model trained on the
    other events of target plus all of extra. Returns target's table with both paths' voices and VOICE_PROBS."""
    lexicon = voices.load_lexicon()
    encoder = get_encoder()
    att, X = features(target.table, lexicon, target.sources, encoder, progress)
    y = target.table["gold"].to_numpy()
    events = target.table["event"].to_numpy()
    if extra is not None:
        _, X_extra = features(extra.table, lexicon, extra.sources, encoder, progress)
        y_extra = extra.table["gold"].to_numpy()
    probs = np.zeros((len(X), len(VOICES)))
    for event in pd.unique(events):
        test = events == event
        X_fit, y_fit = X[~test], y[~test]
        if extra is not None:
            X_fit, y_fit = pd.concat([X_fit, X_extra], ignore_index=True), np.concatenate([y_fit, y_extra])
        probs[test] = fit(X_fit, y_fit, C=C).predict_proba(X[test])
    out = decide(att, probs, anchored_rows(att, X))
    return pd.concat([target.table.reset_index(drop=True), out[["voice", "rule_voice", "rule", "evidence", *VOICE_PROBS]]], axis=1)


def report(pred: pd.DataFrame, title: str) -> str:
    """Voice accuracy, per-voice F1, confusion and mean balance error for the rules and the learned path."""
    from analysis import metrics

    parts = [f"# {title}", f"{len(pred)} paragraphs, {pred['article_id'].nunique()} articles, "
             f"{pred['event'].nunique()} events", ""]
    summary = []
    untouched = pred[~pred["event"].isin(TUNING_EVENTS)]
    subsets = [("all events", pred)]
    if 0 < len(untouched) < len(pred):
        subsets.append((f"the {untouched['event'].nunique()} events not used for tuning", untouched))
    for label, subset in subsets:
        summary.append(f"{label}: {len(subset)} paragraphs, {subset['article_id'].nunique()} articles")
        for name, column in (("rules", "rule_voice"), ("learned", "voice")):
            acc = metrics.accuracy(subset["gold"], subset[column])
            bal = float(balance_errors(subset, column).mean())
            summary.append(f"  {name:8s} accuracy {acc:.3f}  macro-F1 {metrics.macro_f1(subset['gold'], subset[column], VOICES):.3f}  "
                           f"mean balance error {bal:.1f} points")
    for name, column in (("rules", "rule_voice"), ("learned", "voice")):
        acc = metrics.accuracy(pred["gold"], pred[column])
        bal = float(balance_errors(pred, column).mean())
        parts += [f"== voices, {name}: accuracy {acc:.3f}, mean per-article balance error {bal:.1f} points", "",
                  metrics.per_class(pred["gold"], pred[column], VOICES).round(3).to_string(), "",
                  "confusion (rows gold, columns predicted):", metrics.confusion(pred["gold"], pred[column], VOICES).to_string(), ""]
    return "\n".join(parts[:3] + summary + [""] + parts[3:])


def train(data: Labelled, C: float = TRAIN_C, progress: bool = False, meta: dict | None = None) -> VoiceModel:
    """The voice model fitted on all of data (deterministic: same data, same file)."""
    lexicon = voices.load_lexicon()
    _, X = features(data.table, lexicon, data.sources, get_encoder(), progress)
    info = {"paragraphs": int(len(data.table)), "articles": int(data.table["article_id"].nunique()),
            "events": int(data.table["event"].nunique()), "C": C, "data_sha256": data_sha256(data.table), **(meta or {})}
    return fit(X, data.table["gold"].to_numpy(), C=C, info=info)
