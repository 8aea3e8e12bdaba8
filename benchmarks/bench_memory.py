"""Memory of one scoring process over a growing corpus: RSS per chunk, and what the growth is.

Scores generated articles (recombined in-house paragraphs, as bench_corpus.py makes them) in chunks
of 32 in this process, the way `framing run --engine local` does, and prints the process's RSS
every few chunks. Options:

  --trim        call glibc's malloc_trim(0) after every chunk (memory freed but kept by malloc)
  --traced N    after a warm-up, trace N chunks with tracemalloc and print where Python objects
                grew, next to the RSS growth over the same chunks (what is native and what is not)
  --stage S     run one part of scoring only, to find which part grows: `rules` (the voice rules
                and the parse), `classifier` (the frame and stance model on the rules-free voice
                'narration'), `store` (no scoring: the first chunk is scored once, then every
                chunk writes those rows under new article ids into a results store, as a run's
                writer does; RSS then is the store's, DuckDB's cache included); `full` (the
                default) is the whole of scoring
  --new-words K end every paragraph with K invented words, so the vocabulary grows as in real news

Run one variant per process: RSS is per process. Example:

  .venv/bin/python benchmarks/bench_memory.py --articles 1000
  .venv/bin/python benchmarks/bench_memory.py --articles 1000 --trim
  .venv/bin/python benchmarks/bench_memory.py --articles 500 --traced 12
  .venv/bin/python benchmarks/bench_memory.py --articles 20000 --stage store --every 100
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import dataclasses
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_corpus  # noqa: E402

CHUNK = 32
OPTIONS = dict(backend="embedded", model=None, actors=None, precision="auto", voice_method="learned", progress=False)


def rss_mb() -> float:
    """Resident set size of this process now, in MB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def malloc_trim() -> None:
    """Return freed heap memory to the system (glibc only; a no-op elsewhere)."""
    name = ctypes.util.find_library("c")
    if name:
        libc = ctypes.CDLL(name)
        if hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--paragraphs", type=int, default=20, help="mean paragraphs per article")
    parser.add_argument("--trim", action="store_true", help="malloc_trim(0) after every chunk")
    parser.add_argument("--traced", type=int, default=0, metavar="N", help="trace N chunks after a 2-chunk warm-up")
    parser.add_argument("--every", type=int, default=5, help="print every this many chunks")
    parser.add_argument("--stage", choices=("full", "rules", "classifier", "store"), default="full")
    parser.add_argument("--memory-limit", default=None, help="--stage store: DuckDB's cache for the writer "
                        "(default: the store's own, store.WRITE_MEMORY_LIMIT)")
    parser.add_argument("--new-words", type=int, default=0, metavar="K", help="invented words per paragraph")
    args = parser.parse_args()

    from analysis import article, classify, score, syntax, voice_model, voices
    from analysis import store as results

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        total = bench_corpus.write_corpus(path, args.articles, args.paragraphs, seed=7, prefix="m",
                                            new_words=args.new_words)
        articles = [a for a in article.iter_articles([path]) if not isinstance(a, Exception)]
    print(f"{len(articles)} articles, {total} paragraphs; chunks of {CHUNK}; trim {args.trim}; stage {args.stage}; "
          f"{args.new_words} invented words per paragraph", flush=True)
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]

    lexicon = voices.load_lexicon()
    classifier = classify.get_classifier("embedded", None, OPTIONS["precision"]) if args.stage == "classifier" else None
    if args.stage == "store":
        # as a run's scorers hand them to the writer: rows, model info and balance
        sample = [(art, rows, info, balance) for art, rows, info, error, balance
                  in results._with_balance(score.score_isolated(chunks[0], chunk=CHUNK, **OPTIONS)) if error is None]
        folder = tempfile.TemporaryDirectory()
        target = results.Store(folder.name)
        if args.memory_limit:
            try:
                target.con.execute(f"SET memory_limit = '{args.memory_limit}'")
            except Exception as exc:  # noqa: BLE001 - duckdb's error for a bad size
                raise SystemExit(f"--memory-limit {args.memory_limit!r}: {str(exc).splitlines()[0]}") from None
        run_id = target.start_run(["generated"], {})
        gc.collect()
        cap = target.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        print(f"{len(sample)} articles scored once; RSS {rss_mb():.0f} MB; DuckDB cache {cap}", flush=True)
        written = 0

    def run(part: list) -> int:
        nonlocal written
        paragraphs = 0
        if args.stage == "store":
            items = []
            for art, rows, info, balance in sample:
                new_id = f"{art.id}-{written}"
                written += 1
                items.append(results.Scored(dataclasses.replace(art, id=new_id), rows.assign(article_id=new_id), info,
                                            balance, new_id, new_id))
                paragraphs += len(rows)
            target.write_articles(run_id, items, "")
        elif args.stage == "rules":
            table = article.paragraph_table(part)
            voice_model.rule_tables(table, lexicon, voices.sources_of(part))
            paragraphs = len(table)
        elif args.stage == "classifier":
            texts = article.paragraph_table(part)["text"].tolist()
            classifier.predict(texts, ["narration"] * len(texts), progress=False)
            paragraphs = len(texts)
        else:
            for _art, rows, _info, _error in score.score_isolated(part, chunk=len(part), **OPTIONS):
                paragraphs += 0 if rows is None else len(rows)
        if args.trim:
            gc.collect()
            malloc_trim()
        return paragraphs

    start, done, scored = time.perf_counter(), 0, 0
    if args.traced:
        for part in chunks[:2]:  # the models load here
            scored += run(part)
        nlp = syntax.load_parser()
        tracemalloc.start(10)
        gc.collect()
        before, rss_before, vocab_before = tracemalloc.take_snapshot(), rss_mb(), len(nlp.vocab.strings)
        for part in chunks[2:2 + args.traced]:
            scored += run(part)
        gc.collect()
        after, rss_after, vocab_after = tracemalloc.take_snapshot(), rss_mb(), len(nlp.vocab.strings)
        traced = sum(s.size_diff for s in after.compare_to(before, "filename")) / 2**20
        print(f"{args.traced} chunks: RSS {rss_before:.0f} -> {rss_after:.0f} MB (+{rss_after - rss_before:.0f}); "
              f"Python objects traced +{traced:.1f} MB; spaCy strings {vocab_before} -> {vocab_after}")
        for stat in after.compare_to(before, "traceback")[:6]:
            print(f"{stat.size_diff / 2**20:+.2f} MB in {stat.count_diff:+d} blocks, allocated at:")
            for line in stat.traceback.format()[-4:]:
                print("   ", line)
        return
    for k, part in enumerate(chunks, 1):
        scored += run(part)
        done += len(part)
        if k % args.every == 0 or k == len(chunks):
            print(f"{done:6d} articles {scored:7d} paragraphs  RSS {rss_mb():6.0f} MB  peak {peak_mb():6.0f} MB  "
                  f"spaCy strings {len(syntax.load_parser().vocab.strings):7d}  {time.perf_counter() - start:6.0f} s",
                  flush=True)
    if args.stage == "store":
        target.close()
        folder.cleanup()


if __name__ == "__main__":
    main()
