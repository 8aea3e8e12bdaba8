"""The results store of a corpus run (`framing run`): DuckDB tables, exported as a Parquet dataset.

Layout of a store folder:

- `store.duckdb`: the tables below, the store's source of truth. Each chunk of scored articles is
  written in one transaction (their old rows out, their new rows in), so a run killed at any point
  leaves whole articles only, and the next run goes on from there.
- `parquet/`: the same tables as a Parquet dataset, brought up to date at the end of every run
  (only the partitions whose articles changed are written again, each file whole, then renamed
  into place): `paragraphs/` and `articles/` partitioned by
  `month=YYYY-MM` (`unknown` without a date) and `outlet_slug=<outlet, folder-safe>`, plus
  `runs.parquet` and `failures.parquet`. Read it with DuckDB
  (`read_parquet('STORE/parquet/articles/*/*/*.parquet', hive_partitioning = true)`) or pandas
  (`pd.read_parquet('STORE/parquet/articles')`).
- `.framing.lock`: held by the run writing the store.

Tables (one schema, here):

- `paragraphs`: one row per scored paragraph, the columns of `analysis.score.SCORE_COLUMNS`
  (article_id, paragraph, text, words, voice ... pair_confidence); (article_id, paragraph) is unique.
- `articles`: one row per article: `article_id` (unique), `key` (sha256 of content and versions:
  the article is scored again only when it changes), `content_sha256`, `versions_sha256`, `run_id`
  (the run that scored it), `scored_at`; the article fields `title, outlet, date, month, dateline,
  url, author, source, fields` (JSON of the other metadata); and the balance measures of
  `aggregate.article_rows` (`paragraphs, words, leading_voice, lead_voice, first_voice, ratio,
  ratio_low, ratio_high, mean_stance, <voice>_share`, and `justification_words, criticism_words`:
  the words framed as official justification and as legislative criticism, the ratio's two sides),
  `balance` (the whole balance dict as JSON)
  and `model` (JSON: classifier, voice path, precision).
- `runs`: one row per run: `run_id, started, finished, status` (running, done, interrupted),
  `inputs` (JSON list), `new, changed, unchanged, failed` (article counts) and `versions` (JSON).
- `failures`: `run_id, article_id, source, error`: the articles (or inputs) a run could not score.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import io
from analysis.article import Article
from analysis.codebook import VOICES
from analysis.errors import FramingError

DATABASE = "store.duckdb"
PARQUET = "parquet"
EXPORT_STATE = ".partitions.json"  # in PARQUET: partition -> fingerprint of what was last written there
# DuckDB keeps the store's blocks in memory up to this, then reads them again from disk (its
# default is 80% of the machine's RAM, so a scoring run grew with the store it was writing).
# A run writing the store holds the models too, so its connection gets less: rewriting 21,000
# stored articles peaked 206 MB above the start with 128 MB and 363 MB with 256 MB, at the same speed.
MEMORY_LIMIT = "256MB"
WRITE_MEMORY_LIMIT = "128MB"
# Bump when a change to the code changes what scoring produces for the same article and models:
# every stored article is then scored again on the next run.
SCORING_VERSION = 1

_INTEGER = {"paragraph", "words", "quoted_words", "paragraphs", "new", "changed", "unchanged", "failed",
            "justification_words", "criticism_words"}


def _sql_type(column: str) -> str:
    """The DuckDB type of a stored column, by the project's naming rules."""
    if column in _INTEGER:
        return "INTEGER"
    if column.startswith("p_") or column.endswith(("_confidence", "_score", "_share")) or column in (
            "ratio", "ratio_low", "ratio_high", "mean_stance"):
        return "DOUBLE"
    if column in ("scored_at", "started", "finished"):
        return "TIMESTAMP"
    return "VARCHAR"


def paragraph_columns() -> list[str]:
    """The `paragraphs` table's columns, in order."""
    from analysis.score import SCORE_COLUMNS

    return list(SCORE_COLUMNS)


MEASURE_COLUMNS = ["paragraphs", "words", "leading_voice", "lead_voice", "first_voice", "ratio", "ratio_low",
                   "ratio_high", "mean_stance", *[f"{v}_share" for v in VOICES], "justification_words",
                   "criticism_words"]
ARTICLE_COLUMNS = ["article_id", "key", "content_sha256", "versions_sha256", "run_id", "scored_at", "title", "outlet",
                   "date", "month", "dateline", "url", "author", "source", "fields", *MEASURE_COLUMNS, "balance", "model"]
RUN_COLUMNS = ["run_id", "started", "finished", "status", "inputs", "new", "changed", "unchanged", "failed", "versions"]
FAILURE_COLUMNS = ["run_id", "article_id", "source", "error"]


def _create(name: str, columns: Sequence[str], key: str | None = None) -> str:
    body = ", ".join(f'"{c}" {_sql_type(c)}' for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body}{f', PRIMARY KEY ({key})' if key else ''})"


def _sha256(data: Any) -> str:
    """sha256 of a JSON-ready value (keys sorted), or of bytes."""
    raw = data if isinstance(data, bytes) else json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


def content_sha256(art: Article) -> str:
    """sha256 of what scoring reads from an article: its id, fields and paragraphs."""
    return _sha256({"id": art.id, "title": art.title, "outlet": art.outlet, "date": art.date, "dateline": art.dateline,
                    "url": art.url, "author": art.author, "paragraphs": list(art.paragraphs)})


def versions(backend: str, model: str | None, actors: str | Path | None, precision: str, voice_method: str) -> dict:
    """What besides an article's content decides its scores: the classifier's weights, the voice
    path and its model, the actor lexicon files, the encoder precision and the scoring code."""
    from analysis import __version__, classify, voice_model
    from analysis.paths import ACTORS_FILE, MODEL_DIR, PEOPLE_FILE

    if backend == "embedded":
        config = Path(model or MODEL_DIR) / classify.CONFIG_FILE
        try:
            weights = json.loads(config.read_text(encoding="utf-8"))["weights_sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            raise FramingError(f"{config}: not a framing model folder (no readable weights_sha256)") from None
        classifier = {"backend": backend, "weights_sha256": weights}
    else:
        classifier = {"backend": backend, "model": model or classify.DEFAULT_ZERO_SHOT_MODEL}
    lexicon = [ACTORS_FILE, PEOPLE_FILE, *([Path(actors)] if actors else [])]
    voices_used = {"method": voice_method}
    if voice_method != "rules":
        voices_used["sha256"] = classify.sha256_file(voice_model.VOICE_MODEL_FILE)
    return {
        "classifier": classifier,
        "voices": voices_used,
        "lexicon_sha256": _sha256(b"".join(Path(p).read_bytes() for p in lexicon)),
        "precision": classify.resolve_precision(precision) if backend == "embedded" else "fp32",
        "scoring_version": SCORING_VERSION,
        "package": __version__,
    }


def month(date: str | None) -> str:
    """The YYYY-MM partition of an article date, or 'unknown'."""
    m = re.match(r"^\s*(\d{4})-(\d{2})", date or "")
    return f"{m.group(1)}-{m.group(2)}" if m else "unknown"


def outlet_slug(outlet: str | None) -> str:
    """A folder-safe partition value for an outlet ('unknown' without one)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", outlet or "").strip("-").lower()[:60]
    return slug or "unknown"


@dataclass(frozen=True)
class Scored:
    """One scored article as the store writes it: its paragraph rows (SCORE_COLUMNS), model info,
    balance (aggregate.balance), key and content sha256."""

    article: Article
    rows: pd.DataFrame
    model: Mapping[str, Any]
    balance: Mapping[str, Any]
    key: str
    content: str


class Store:
    """A results store folder (layout in the module docstring), opened for writing by one run."""

    def __init__(self, folder: str | Path, read_only: bool = False) -> None:
        import duckdb

        self.folder = Path(folder)
        self.path = self.folder / DATABASE
        if read_only and not self.path.is_file():
            raise FramingError(f"{self.folder}: not a results store (no {DATABASE}); make one with 'framing run'")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc).splitlines()[0]
            if "lock" in message.lower():
                raise FramingError(f"{self.folder}: the store is in use by another process (a run writing it?)") from None
            raise FramingError(f"{self.path}: cannot open the store ({message})") from None
        except duckdb.Error as exc:
            raise FramingError(f"{self.path}: not a readable store ({str(exc).splitlines()[0]})") from None
        self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT if read_only else WRITE_MEMORY_LIMIT}'")
        if not read_only:
            self.con.execute(_create("paragraphs", paragraph_columns(), "article_id, paragraph"))
            self.con.execute(_create("articles", ARTICLE_COLUMNS, "article_id"))
            self.con.execute(_create("runs", RUN_COLUMNS, "run_id"))
            self.con.execute(_create("failures", FAILURE_COLUMNS))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def keys(self) -> dict[str, str]:
        """article_id -> key of every stored article."""
        return dict(self.con.execute("SELECT article_id, key FROM articles").fetchall())

    def start_run(self, inputs: Sequence[str], version: Mapping[str, Any]) -> str:
        """Record a new run (status running); a run left running by a killed process becomes interrupted."""
        run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        self.con.execute("INSERT INTO runs (run_id, started, status, inputs, versions) VALUES (?, ?, 'running', ?, ?)",
                         [run_id, _now(), json.dumps(list(inputs)), json.dumps(dict(version), sort_keys=True)])
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Record a run's end and its article counts."""
        self.con.execute("UPDATE runs SET finished = ?, status = 'done', new = ?, changed = ?, unchanged = ?, failed = ? "
                         "WHERE run_id = ?", [_now(), counts["new"], counts["changed"], counts["unchanged"],
                                              counts["failed"], run_id])

    def write_articles(self, run_id: str, scored: Sequence[Scored], versions_sha: str) -> None:
        """Replace the rows of a chunk of scored articles in one transaction: all of them or none."""
        from analysis import aggregate

        if not scored:
            return
        records = []
        for item in scored:
            art, balance = item.article, item.balance
            measures = aggregate.article_rows({art.id: dict(balance)}).iloc[0].to_dict()
            hard = balance["justification_ratio"]["hard"]  # the ratio's two sides, so periods and outlets can pool them
            measures |= {"justification_words": hard["numerator_words"], "criticism_words": hard["denominator_words"]}
            records.append({
                "article_id": art.id, "key": item.key, "content_sha256": item.content, "versions_sha256": versions_sha,
                "run_id": run_id, "scored_at": _now(), "title": art.title, "outlet": art.outlet, "date": art.date,
                "month": month(art.date), "dateline": art.dateline, "url": art.url, "author": art.author,
                "source": art.source, "fields": json.dumps(dict(art.extra_fields), ensure_ascii=False, default=str),
                **{c: measures.get(c) for c in MEASURE_COLUMNS},
                "balance": json.dumps(balance, ensure_ascii=False, default=str),
                "model": json.dumps(dict(item.model), sort_keys=True, default=str),
            })
        # one registration and one statement per table for the chunk: per article, registering the
        # frames cost more than scoring's share of the writer (about 40 ms an article)
        paragraphs = pd.concat([item.rows[paragraph_columns()] for item in scored], ignore_index=True)
        articles = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
        cols = ", ".join(f'"{c}"' for c in paragraph_columns())
        acols = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.register("new_paragraphs", paragraphs)
            self.con.register("new_articles", articles)
            self.con.execute("DELETE FROM paragraphs WHERE article_id IN (SELECT article_id FROM new_articles)")
            self.con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM new_articles)")
            self.con.execute(f"INSERT INTO paragraphs ({cols}) SELECT {cols} FROM new_paragraphs")
            self.con.execute(f"INSERT INTO articles ({acols}) SELECT {acols} FROM new_articles")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.unregister("new_paragraphs")
            self.con.unregister("new_articles")

    def record_failure(self, run_id: str, article_id: str | None, source: str, error: str) -> None:
        """Record an article (or input) a run could not score."""
        self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?)", [run_id, article_id, source, error])

    def export_parquet(self) -> Path:
        """Bring STORE/parquet up to date with the tables, one (month, outlet) partition at a time.

        Only partitions whose articles changed since the last export are written again (each file
        whole, then renamed into place), and partitions left without articles are removed, so a
        nightly run rewrites what it touched and memory is bounded by one partition, not the store.
        A fingerprint per partition (its articles' ids, keys and runs) in `parquet/.partitions.json`
        says what is on disk; a missing or unreadable one means every partition is written again.
        """
        import shutil

        folder = self.folder / PARQUET
        state_file = folder / EXPORT_STATE
        try:
            done = json.loads(state_file.read_text(encoding="utf-8"))
            done = done if isinstance(done, dict) else {}
        except (OSError, ValueError):
            done = {}
        outlets = [o for (o,) in self.con.execute("SELECT DISTINCT coalesce(outlet, '') FROM articles").fetchall()]
        self.con.register("outlet_slugs", pd.DataFrame({"outlet_key": outlets, "outlet_slug": [outlet_slug(o) for o in outlets]},
                                                       columns=["outlet_key", "outlet_slug"]))
        try:
            self.con.execute("CREATE OR REPLACE TEMP TABLE part_of AS SELECT a.article_id, a.month, s.outlet_slug, "
                             "a.key, a.run_id FROM articles a JOIN outlet_slugs s ON coalesce(a.outlet, '') = s.outlet_key")
        finally:
            self.con.unregister("outlet_slugs")
        parts = {f"month={m}/outlet_slug={o}": (m, o, f) for m, o, f in self.con.execute(
            "SELECT month, outlet_slug, md5(string_agg(article_id || ' ' || key || ' ' || run_id, ',' ORDER BY article_id)) "
            "FROM part_of GROUP BY month, outlet_slug").fetchall()}
        for table in ("paragraphs", "articles"):
            (folder / table).mkdir(parents=True, exist_ok=True)
            for part in (folder / table).glob("*=*/*=*"):  # partitions whose articles are all gone
                if part.is_dir() and f"{part.parent.name}/{part.name}" not in parts:
                    shutil.rmtree(part)
                    if not any(part.parent.iterdir()):
                        part.parent.rmdir()
        order = {"paragraphs": "article_id, paragraph", "articles": "article_id"}
        for part, (month_value, slug, fingerprint) in sorted(parts.items()):
            if done.get(part) == fingerprint:
                continue
            for table in ("paragraphs", "articles"):
                target = folder / table / part / "data_0.parquet"
                drop = "EXCLUDE (month)" if table == "articles" else ""
                io.atomic_write(target, lambda tmp, table=table, drop=drop: self.con.execute(
                    f"COPY (SELECT * {drop} FROM {table} WHERE article_id IN (SELECT article_id FROM part_of "
                    f"WHERE month = ? AND outlet_slug = ?) ORDER BY {order[table]}) TO '{_sql_path(tmp)}' (FORMAT parquet)",
                    [month_value, slug]))
                for other in target.parent.glob("*.parquet"):  # files of an older layout
                    if other != target:
                        other.unlink()
            done[part] = fingerprint
            io.write_json(state_file, done)
        for table in ("runs", "failures"):
            io.atomic_write(folder / f"{table}.parquet", lambda tmp, table=table: self.con.execute(
                f"COPY {table} TO '{_sql_path(tmp)}' (FORMAT parquet)"))
        io.write_json(state_file, {k: v for k, v in done.items() if k in parts})
        self.con.execute("DROP TABLE part_of")
        return folder

    def query(self, sql: str) -> pd.DataFrame:
        """The result of one SQL statement over the store's tables, as a DataFrame."""
        import duckdb

        try:
            return self.con.execute(sql).df()
        except duckdb.Error as exc:
            raise FramingError(f"query: {str(exc).splitlines()[0]}") from None


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _sql_path(path: Path) -> str:
    """A path as a SQL string literal's body (quotes doubled)."""
    return str(path).replace("'", "''")


@dataclass
class RunResult:
    """What a corpus run did."""

    run_id: str
    new: int
    changed: int
    unchanged: int
    failed: int
    exported: Path | None
    log: Path | None = None

    def summary(self) -> str:
        """The one-line summary a scheduled run mails: counts, then where the log is."""
        return (f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged, {self.failed} failed "
                f"(run {self.run_id}{f'; log {self.log}' if self.log else ''})")


LOGS = "logs"


def run(items: Iterable[Article | Exception], store_dir: str | Path, *, inputs: Sequence[str],
        backend: str = "embedded", model: str | None = None, actors: str | Path | None = None,
        precision: str = "auto", voice_method: str = "learned", progress: bool = True,
        chunk: int = 32, on_article: Any = None, on_error: Any = None, engine: str = "local",
        scheduler: str | None = None) -> RunResult:
    """Score the new and changed articles of items into the store, each chunk in one transaction as
    soon as it is scored, and export the Parquet dataset if anything changed.

    items: articles and the input errors met while reading them (article.iter_articles), consumed
    one by one, so memory does not grow with the corpus: unchanged articles are passed over, the
    others scored `chunk` at a time. A failure costs its article only (recorded in `failures`);
    on_article(article, error or None) and on_error(input error) report progress as it happens.
    engine: 'local' scores in this process; 'dask' sends the chunks to the workers of a
    dask.distributed cluster (scheduler: its address; default a LocalCluster with one single-threaded
    worker process per core), each loading the models once; this process writes the store.
    """
    from analysis import voices

    version = versions(backend, model, actors, precision, voice_method)
    versions_sha = _sha256(version)
    voices.load_lexicon(actors)  # a bad lexicon is the user's error: one line, before any work
    folder = Path(store_dir)
    # one bar for the run (articles read, with the counts so far); none inside each chunk
    options = dict(backend=backend, model=model, actors=actors, precision=precision, voice_method=voice_method,
                   progress=False)
    counts = {"new": 0, "changed": 0, "unchanged": 0, "failed": 0}
    if engine not in ENGINES:
        raise FramingError(f"unknown engine {engine!r} (valid: {', '.join(ENGINES)})")
    with io.output_lock(folder), Store(folder) as store, _scorer(engine, scheduler, options) as scorer:
        stored = store.keys()
        run_id = store.start_run(inputs, version)
        log = [f"{_now():%Y-%m-%d %H:%M:%S} UTC run {run_id}: inputs {', '.join(inputs)}",
               f"versions {json.dumps(version, sort_keys=True)}"]
        try:
            result = _run_items(store, run_id, items, stored, counts, log, versions_sha, scorer, chunk, progress,
                                on_article, on_error)
        except BaseException as exc:
            log.append(f"{_now():%Y-%m-%d %H:%M:%S} UTC stopped: {type(exc).__name__}: {exc}; "
                       f"{counts['new'] + counts['changed']} article(s) read for scoring before it")
            raise
        finally:
            io.write_text(folder / LOGS / f"{run_id}.log", "\n".join(log) + "\n")
    return result


def _run_items(store: "Store", run_id: str, items: Iterable[Article | Exception], stored: Mapping[str, str],
               counts: dict[str, int], log: list[str], versions_sha: str, scorer: "_LocalScorer", chunk: int,
               progress: bool, on_article: Any, on_error: Any) -> RunResult:
    """The body of run(): read, score, write, count and log; see run()."""
    folder = store.folder
    keys: dict[str, tuple[str, str]] = {}
    pending: list[Article] = []

    def fail(art: Article, error: str) -> None:
        store.record_failure(run_id, art.id, art.source, error)
        log.append(f"failed: {art.source}: article {art.id}: {error}")
        counts["failed"] += 1

    def write(results: Iterable[Outcome]) -> None:
        done: list[tuple[Article, str | None]] = []
        scored: list[Scored] = []
        for art, rows, info, error, balance in results:
            key, content = keys.pop(art.id)
            if error is None:
                scored.append(Scored(art, rows, info, balance, key, content))
            else:
                fail(art, error)
            done.append((art, error))
        refused: dict[str, str] = {}
        try:
            store.write_articles(run_id, scored, versions_sha)
        except FramingError:  # which article it was: each alone, so the others are still written
            for item in scored:
                try:
                    store.write_articles(run_id, [item], versions_sha)
                except FramingError as exc:
                    fail(item.article, str(exc))
                    refused[item.article.id] = str(exc)
        if on_article is not None:
            for art, error in done:
                on_article(art, refused.get(art.id, error))

    def flush() -> None:
        if pending:
            write(scorer.submit(list(pending)))
            pending.clear()

    from tqdm.auto import tqdm

    bar = tqdm(items, desc="articles", unit="article", disable=not progress or None, leave=False)
    for item in bar:
        bar.set_postfix(counts, refresh=False)
        if isinstance(item, Exception):
            store.record_failure(run_id, None, str(getattr(item, "path", "")), str(item))
            log.append(f"failed: {item}")
            counts["failed"] += 1
            if on_error is not None:
                on_error(item)
            continue
        content = content_sha256(item)
        key = _sha256({"content": content, "versions": versions_sha})
        if stored.get(item.id) == key:
            counts["unchanged"] += 1
            continue
        counts["changed" if item.id in stored else "new"] += 1
        keys[item.id] = (key, content)
        pending.append(item)
        if len(pending) >= chunk:
            flush()
    flush()
    write(scorer.drain())
    store.finish_run(run_id, counts)
    exported = store.export_parquet()  # rewrites only what changed, and repairs an export a kill cut short
    result = RunResult(run_id, counts["new"], counts["changed"], counts["unchanged"], counts["failed"], exported,
                       folder / LOGS / f"{run_id}.log")
    log.append(f"{_now():%Y-%m-%d %H:%M:%S} UTC done: {result.summary()}")
    return result


ENGINES = ("local", "dask")


# (article, rows, model info, error, balance): rows, info and balance are None when error says why
Outcome = tuple[Article, Any, Any, str | None, Mapping[str, Any] | None]


def _with_balance(results: Iterable[tuple[Article, Any, Any, str | None]]) -> Iterator[Outcome]:
    """Scored articles with their balance (aggregate.balance), computed where they were scored: on a
    dask worker it is off the one writer's path, which caps how many articles a cluster can store."""
    from analysis import aggregate

    for art, rows, info, error in results:
        if error is not None:
            yield art, None, None, error, None
            continue
        try:
            yield art, rows, info, None, aggregate.balance(rows)
        except FramingError as exc:
            yield art, None, None, str(exc), None


class _LocalScorer:
    """Scores chunks in this process, as they come."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)

    def submit(self, part: list[Article]) -> Iterator[Outcome]:
        from analysis import classify

        classify.get_classifier(self.options["backend"], self.options["model"], self.options["precision"])  # a bad model: one line
        from analysis import score

        yield from _with_balance(score.score_isolated(part, chunk=len(part), **self.options))

    def drain(self) -> Iterator[Outcome]:
        return iter(())


class _DaskScorer:
    """Sends chunks to the workers of a dask.distributed cluster, at most `window` at a time per
    worker, and hands back the finished ones: memory stays flat however long the corpus."""

    def __init__(self, client: Any, options: Mapping[str, Any], window: int = 2) -> None:
        from distributed import as_completed

        self.client, self.options = client, dict(options)
        self.limit = window * max(1, len(client.scheduler_info().get("workers", {})))
        self.running = as_completed()
        self.parts: dict[str, list[Article]] = {}  # future key -> its chunk, to name the articles of a lost one
        self.count = 0

    def submit(self, part: list[Article]) -> Iterator[Outcome]:
        future = self.client.submit(_score_chunk, part, self.options, pure=False)
        self.parts[future.key] = part
        self.running.add(future)
        self.count += 1
        while self.count >= self.limit:
            yield from self._next()

    def drain(self) -> Iterator[Outcome]:
        while self.count:
            yield from self._next()

    def _next(self) -> list[Outcome]:
        future = next(self.running)
        self.count -= 1
        part = self.parts.pop(future.key)
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost while it held the chunk
            return [(art, None, None, f"cannot score it (worker: {type(exc).__name__}: {exc})", None) for art in part]


def _score_chunk(part: list[Article], options: Mapping[str, Any]) -> list[Outcome]:
    """On a dask worker: score one chunk with the worker's models (loaded once per worker process),
    torch on as many threads as the worker has, and each article's balance."""
    import torch

    try:
        from distributed import get_worker

        torch.set_num_threads(max(1, get_worker().state.nthreads))
    except (ImportError, ValueError):
        pass
    from analysis import score

    return list(_with_balance(score.score_isolated(part, chunk=len(part), **options)))


@contextmanager
def _scorer(engine: str, scheduler: str | None, options: Mapping[str, Any]) -> Iterator[Any]:
    """The scorer of an engine; for dask, a client of the given scheduler or of a LocalCluster."""
    if engine == "local":
        yield _LocalScorer(options)
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise FramingError("--engine dask needs dask.distributed: install the project with "
                           "'pip install -e .[dask]'") from None
    import os

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise FramingError(f"--scheduler {scheduler}: cannot reach it ({exc})") from None
        with client:
            yield _DaskScorer(client, options)
        return
    with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield _DaskScorer(client, options)
