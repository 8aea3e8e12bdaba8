"""Benchmark: paragraphs per second and peak memory of the default backend, speed of zero-shot.

    .venv/bin/python benchmarks/bench_score.py [--paragraphs 2000] [--zero-shot-paragraphs 24]
        [--agreement-paragraphs 10000] [--end-to-end 1000 10000]

Paragraphs are the project's labelled data (mixed lengths), repeated to the requested count.
The zero-shot figure uses a model with the shape of facebook/bart-large-mnli built from its
configuration with random weights (speed only: its predictions mean nothing).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

import numpy as np

from analysis import classify, data, syntax, voices
from analysis.paths import DATA_DIR
from peak import run_measured


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def paragraphs(n: int) -> tuple[list[str], list[str]]:
    """n labelled paragraphs of mixed length (repeating the data set as needed) and their gold voices."""
    table = data.load_labelled([DATA_DIR / "train", DATA_DIR / "heldout"])
    reps = int(np.ceil(n / len(table)))
    texts = (table["text"].tolist() * reps)[:n]
    voice = (table["voice"].tolist() * reps)[:n]
    return texts, voice


def bart_large_mnli_shaped(folder: str) -> str:
    """Save a random-weight model with bart-large-mnli's shape (and a BERT tokenizer) to folder."""
    import torch
    from transformers import AutoTokenizer, BartConfig, BartForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(classify.base_model_path(), local_files_only=True)
    # BART looks for its end-of-sequence id in every input: use the BERT tokenizer's special ids.
    config = BartConfig(
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.cls_token_id,
        eos_token_id=tokenizer.sep_token_id, decoder_start_token_id=tokenizer.sep_token_id,
        vocab_size=50265, d_model=1024, encoder_layers=12, decoder_layers=12, encoder_attention_heads=16,
        decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, max_position_embeddings=1024,
        id2label={0: "contradiction", 1: "neutral", 2: "entailment"},
        label2id={"contradiction": 0, "neutral": 1, "entailment": 2},
    )
    torch.manual_seed(0)
    BartForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def balance_of_a_long_article(n: int) -> str:
    """Time and peak traced memory of aggregate.balance (bootstrap intervals) on a synthetic n-paragraph article."""
    import tracemalloc

    import pandas as pd

    from analysis import aggregate
    from analysis.codebook import FRAMES, STANCES, VOICES

    rng = np.random.default_rng(1)
    table = pd.DataFrame({"article_id": "long", "paragraph": np.arange(1, n + 1), "words": rng.integers(5, 80, n),
                          "quoted_words": 0, "voice": rng.choice(VOICES, n), "frame": rng.choice(FRAMES, n),
                          "stance": rng.choice(STANCES, n)})
    for column, labels in (("voice", VOICES), ("frame", FRAMES), ("stance", STANCES)):
        for label in labels:
            table[f"p_{label}"] = (table[column] == label).astype(float)
    table["stance_score"] = table["p_support"] - table["p_oppose"]
    tracemalloc.start()
    t0 = time.perf_counter()
    aggregate.balance(table)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return f"balance of a {n}-paragraph article: {elapsed:.1f} s, peak traced memory {peak:.0f} MB"


def distinct_paragraphs(n: int) -> tuple[list[str], list[str]]:
    """n distinct paragraphs: each labelled paragraph, then pairs of them joined (a seeded draw),
    with the first one's voice."""
    table = data.load_labelled([DATA_DIR / "train", DATA_DIR / "heldout"])
    texts, voice = table["text"].tolist(), table["voice"].tolist()
    rng = np.random.default_rng(0)
    seen = set(texts)
    while len(texts) < n:
        i, j = rng.integers(0, len(table), 2)
        joined = f"{table['text'].iat[i]} {table['text'].iat[j]}"
        if joined not in seen:
            seen.add(joined)
            texts.append(joined)
            voice.append(table["voice"].iat[i])
    return texts[:n], voice[:n]


def precision_agreement(n: int) -> str:
    """How often bf16 decides frame and stance as fp32 does on n distinct paragraphs, and how far
    the probabilities move (issue 13's bar: decisions >= 99.5%, |diff| <= 0.02 on >= 99%)."""
    texts, voice = distinct_paragraphs(n)
    probs = {p: classify.get_classifier("embedded", precision=p).predict(texts, voice) for p in ("fp32", "bf16")}
    temperatures = classify.get_classifier("embedded", precision="fp32").temperatures
    decided = {p: classify.decide(probs[p], temperatures) for p in probs}
    frame = (decided["fp32"]["frame"] == decided["bf16"]["frame"]).mean()
    stance = (decided["fp32"]["stance"] == decided["bf16"]["stance"]).mean()
    diff = np.abs(probs["fp32"].to_numpy() - probs["bf16"].to_numpy()).max(axis=1)
    return (f"bf16 against fp32 on {n} distinct paragraphs: frame decisions agree {frame:.2%}, stance {stance:.2%}; "
            f"largest probability difference <= 0.02 on {(diff <= 0.02).mean():.2%} (max {diff.max():.3f})")


def plain_minilm_loop(texts: list[str], batch_size: int = 16) -> float:
    """Paragraphs/s of the reference issue 13 measures against: the packaged all-MiniLM-L6 run as is
    (fp32, batches of 16 in input order, padded to the batch, mean pooling), no voices, no heads."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = classify.base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    with torch.inference_mode():
        model(**tokenizer(texts[:16], padding=True, truncation=True, max_length=256, return_tensors="pt"))  # warm-up
        t0 = time.perf_counter()
        for start in range(0, len(texts), batch_size):
            enc = tokenizer(texts[start:start + batch_size], padding=True, truncation=True, max_length=256,
                            return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1)
            (hidden * mask).sum(1) / mask.sum(1)
        return len(texts) / (time.perf_counter() - t0)


def framing_score_end_to_end(texts: list[str], per_article: int = 20, workers: int = 0) -> tuple[float, float]:
    """(paragraphs/s, peak RSS in MB of the largest process) of `framing score` as a user runs it,
    command start to last file written, on texts grouped into articles of per_article paragraphs;
    workers as its --workers (0: the default, one worker process per core)."""
    import json
    import sys
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for i in range(0, len(texts), per_article):
                fh.write(json.dumps({"id": f"a{i:07d}", "paragraphs": texts[i:i + per_article]}) + "\n")
        t0 = time.perf_counter()
        _, peak = run_measured([str(Path(sys.executable).with_name("framing")), "score", str(corpus), "--out",
                                str(Path(folder) / "out"), "--no-progress", "--workers", str(workers)],
                               check=True, capture_output=True)
        elapsed = time.perf_counter() - t0
    return len(texts) / elapsed, peak


def fresh_lexicon() -> voices.ActorLexicon:
    """The packaged lexicon with an empty match cache, as a new process has (a warm cache would
    favour whichever run comes second)."""
    voices._load_cached.cache_clear()
    return voices.load_lexicon()


def warm_engine(texts: list[str], per_article: int = 20) -> tuple[float, float, float]:
    """(paragraphs/s of the whole scoring engine, of voice attribution alone, of the frame and stance
    model alone) in this process with its models already loaded: no start-up, no reading or
    writing, one process (torch's threads as set). The ceiling `framing score` approaches in one process."""
    from analysis import article as article_mod
    from analysis import score, voice_model

    arts = [article_mod.Article(id=f"a{i:07d}", paragraphs=tuple(texts[i:i + per_article]), source="bench")
            for i in range(0, len(texts), per_article)]
    clf = classify.get_classifier("embedded")
    lexicon = voices.load_lexicon()
    table = article_mod.paragraph_table(arts)
    score.score_table(article_mod.paragraph_table(arts[:2]), clf, lexicon, progress=False)  # warm-up
    lexicon = fresh_lexicon()
    t0 = time.perf_counter()
    scored = score.score_table(table, clf, lexicon, progress=False, sources=voices.sources_of(arts))
    engine = time.perf_counter() - t0
    lexicon = fresh_lexicon()
    t0 = time.perf_counter()
    voice_model.attribute(table, lexicon, voices.sources_of(arts), precision=clf.info["precision"],
                          encoder=voice_model.shared_encoder(clf))
    attribution = time.perf_counter() - t0
    t0 = time.perf_counter()
    clf.predict(scored["text"].tolist(), scored["voice"].tolist())
    model = time.perf_counter() - t0
    return len(texts) / engine, len(texts) / attribution, len(texts) / model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--zero-shot-paragraphs", type=int, default=24, help="0: skip the zero-shot figure")
    parser.add_argument("--end-to-end", type=int, nargs="*", default=[1_000, 10_000],
                        help="paragraph counts for framing score end to end against the plain MiniLM loop")
    parser.add_argument("--agreement-paragraphs", type=int, default=10_000,
                        help="distinct paragraphs on which bf16 is compared with fp32 (0: skip)")
    args = parser.parse_args()

    import torch

    texts, gold_voices = paragraphs(args.paragraphs)
    words = np.array([len(t.split()) for t in texts])
    print(f"{len(texts)} paragraphs, words per paragraph: median {np.median(words):.0f}, "
          f"p90 {np.percentile(words, 90):.0f}, max {words.max()}; torch threads {torch.get_num_threads()}")
    print(f"peak memory before loading: {peak_mb():.0f} MB")

    print(f"this CPU multiplies bf16 natively: {classify.native_bf16()}; 'auto' means {classify.resolve_precision('auto')}")
    for precision in ("fp32", "bf16"):
        t0 = time.perf_counter()
        clf = classify.get_classifier("embedded", precision=precision)
        load = time.perf_counter() - t0
        clf.predict(texts[:64], gold_voices[:64])  # warm-up
        t0 = time.perf_counter()
        clf.predict(texts, gold_voices)
        elapsed = time.perf_counter() - t0
        print(f"embedded, {precision}: load {load:.1f} s; {len(texts) / elapsed:.1f} paragraphs/s "
              f"({elapsed:.1f} s for {len(texts)}); peak memory {peak_mb():.0f} MB")
    if args.agreement_paragraphs:
        print(precision_agreement(args.agreement_paragraphs))
    for n in args.end_to_end:
        distinct, _ = distinct_paragraphs(n)
        reference = plain_minilm_loop(distinct)
        engine, attribution, model = warm_engine(distinct)
        print(f"warm, one process, {n} distinct paragraphs ({torch.get_num_threads()} threads, "
              f"{classify.resolve_precision('auto')}): scoring engine {engine:.1f} paragraphs/s (x{engine / reference:.2f} "
              f"the plain loop), of which voice attribution alone {attribution:.1f} and the frame and stance model "
              f"alone {model:.1f} (x{model / reference:.2f})")
        for workers in (1, 0):
            rate, peak = framing_score_end_to_end(distinct, workers=workers)
            how = "one process" if workers == 1 else "default: a worker per core"
            print(f"end to end, {n} distinct paragraphs: framing score ({how}) {rate:.1f} paragraphs/s "
                  f"(peak RSS {peak:.0f} MB); plain MiniLM loop {reference:.1f} paragraphs/s; ratio x{rate / reference:.2f}")

    t0 = time.perf_counter()
    syntax.load_parser()
    print(f"parser load {time.perf_counter() - t0:.1f} s")
    for parse in (False, True):
        lexicon = fresh_lexicon()
        t0 = time.perf_counter()
        for start in range(0, len(texts), 12):
            voices.attribute_paragraphs(texts[start:start + 12], lexicon, parse=parse)
        elapsed = time.perf_counter() - t0
        print(f"voice attribution ({'rules and parse' if parse else 'rules only'}): {len(texts) / elapsed:.1f} paragraphs/s")
    # a hostile run-on paragraph: many reporting verbs and no sentence break (the scan is linear
    # in paragraph length, and capped at voices.MAX_ATTRIBUTION_WORDS words)
    cues = "the senator said that the minister argued that officials warned that ".split()
    for n in (1_000, 2_000, 50_000):
        run_on = " ".join(cues[i % len(cues)] for i in range(n))
        t0 = time.perf_counter()
        voices.attribute_paragraphs([run_on], voices.load_lexicon())
        print(f"run-on paragraph of {n} words: attributed in {time.perf_counter() - t0:.2f} s")

    print(balance_of_a_long_article(20_000))

    if args.zero_shot_paragraphs <= 0:
        return
    subset = texts[: args.zero_shot_paragraphs]
    with tempfile.TemporaryDirectory() as folder:
        zs = classify.ZeroShotClassifier(bart_large_mnli_shaped(folder))
        zs.predict(subset[:2], gold_voices[:2])  # warm-up
        t0 = time.perf_counter()
        zs.predict(subset, gold_voices[: len(subset)])
        elapsed = time.perf_counter() - t0
    labels = len(classify.FRAMES) + len(classify.STANCES)
    print(f"zero-shot (bart-large-mnli shape, {labels} hypotheses per paragraph): "
          f"{len(subset) / elapsed:.2f} paragraphs/s ({elapsed:.1f} s for {len(subset)})")


if __name__ == "__main__":
    main()
