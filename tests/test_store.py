"""Corpus runs into a results store: incremental, failure-isolated, resumable, queryable.

The articles are invented for the tests (and the seed article).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import store as store_mod
from analysis.cli import run
from analysis.paths import REPO_DIR, SEED_ARTICLE

ARTICLES = [
    {"id": "quay-strike-1", "outlet": "Harbour Ledger", "date": "2025-03-02", "paragraphs": [
        "The navy struck a fuel depot near the port on Sunday, the defence ministry said.",
        "“This was a measured answer to weeks of attacks on our ships,” the defence minister said.",
        "Sen. Ada Quill said the strike needed a vote in Congress before it happened."]},
    {"id": "quay-strike-2", "outlet": "Valley Courier", "date": "2025-03-03", "paragraphs": [
        "Lawmakers from both parties asked the White House for a briefing on the strike.",
        "The foreign ministry in Cairo called the strike a dangerous escalation."]},
    {"id": "quay-strike-3", "outlet": "Valley Courier", "date": "2025-04-11", "paragraphs": [
        "Rep. Tomas Reyes praised the troops who carried out the raid.",
        "The depot had been empty for a week, according to satellite images."]},
]


def write_corpus(path: Path, articles: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles) + "".join(line + "\n" for line in extra_lines),
                    encoding="utf-8")
    return path


def counts(store: Path) -> dict:
    with store_mod.Store(store, read_only=True) as opened:
        return opened.query("SELECT count(*) AS rows, count(DISTINCT (article_id, paragraph)) AS distinct_rows, "
                            "count(DISTINCT article_id) AS articles FROM paragraphs").iloc[0].to_dict()


def test_a_run_scores_only_what_is_new_or_changed(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_corpus(inbox / "march.jsonl", ARTICLES[:2])
    store = tmp_path / "store"
    assert run(["run", str(inbox), str(SEED_ARTICLE), "--store", str(store), "--no-progress"]) == 0
    assert "3 new, 0 changed, 0 unchanged, 0 failed" in capsys.readouterr().err
    assert counts(store) == {"rows": 15, "distinct_rows": 15, "articles": 3}

    assert run(["run", str(inbox), str(SEED_ARTICLE), "--store", str(store), "--no-progress"]) == 0
    assert "0 new, 0 changed, 3 unchanged, 0 failed" in capsys.readouterr().err

    # a new file, and one article edited: only those two are scored
    edited = dict(ARTICLES[1], paragraphs=[*ARTICLES[1]["paragraphs"], "The ministry said the strike would not be repeated."])
    write_corpus(inbox / "march.jsonl", [ARTICLES[0], edited])
    write_corpus(inbox / "april.jsonl", ARTICLES[2:])
    assert run(["run", str(inbox), str(SEED_ARTICLE), "--store", str(store), "--no-progress"]) == 0
    assert "1 new, 1 changed, 2 unchanged, 0 failed" in capsys.readouterr().err
    assert counts(store) == {"rows": 18, "distinct_rows": 18, "articles": 4}  # no duplicate of the edited article

    # the Parquet dataset holds the same rows, partitioned by month and outlet
    paragraphs = pd.read_parquet(store / "parquet" / "paragraphs")
    articles = pd.read_parquet(store / "parquet" / "articles")
    assert len(paragraphs) == 18 and sorted(articles["article_id"]) == sorted(
        ["000_c99cd6f376a91b6b", *(a["id"] for a in ARTICLES)])
    assert set(articles["month"]) == {"2020-01", "2025-03", "2025-04"}
    assert set(articles["outlet_slug"]) == {"abc-news", "harbour-ledger", "valley-courier"}
    assert (store / "parquet" / "articles" / "month=2025-03" / "outlet_slug=valley-courier").is_dir()
    seed = articles.set_index("article_id").loc["000_c99cd6f376a91b6b"]
    assert seed["outlet"] == "ABC News" and seed["paragraphs"] == 10 and json.loads(seed["model"])["backend"] == "embedded"

    # the runs table says what each run did; query prints CSV
    assert run(["query", "SELECT new, changed, unchanged, failed, status FROM runs ORDER BY started",
                "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines() == ["new,changed,unchanged,failed,status", "3,0,0,0,done",
                                                    "0,0,3,0,done", "1,1,2,0,done"]


def test_a_change_of_models_or_lexicon_scores_everything_again(tmp_path: Path, capsys) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES)
    store = tmp_path / "store"
    assert run(["run", str(corpus), "--store", str(store), "--no-progress", "--voices", "rules"]) == 0
    assert run(["run", str(corpus), "--store", str(store), "--no-progress"]) == 0
    assert "0 new, 3 changed, 0 unchanged" in capsys.readouterr().err.splitlines()[-1]
    lexicon = tmp_path / "more.toml"
    lexicon.write_text('[voices]\nother = ["harbour pilots"]\n', encoding="utf-8")
    assert run(["run", str(corpus), "--store", str(store), "--no-progress", "--actors", str(lexicon)]) == 0
    assert "0 new, 3 changed, 0 unchanged" in capsys.readouterr().err.splitlines()[-1]


def test_a_bad_line_is_recorded_and_the_good_articles_are_stored(tmp_path: Path, capsys) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES[:2], ("{not json",))
    store = tmp_path / "store"
    assert run(["run", str(corpus), "--store", str(store), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{corpus}:3: not valid JSON" in err and "2 new, 0 changed, 0 unchanged, 1 failed" in err
    # one log per run, for a scheduled run that nobody watches
    logs = list((store / "logs").glob("*.log"))
    assert len(logs) == 1 and err.strip().splitlines()[-1].endswith(f"log {logs[0]})")
    log = logs[0].read_text(encoding="utf-8")
    assert f"failed: {corpus}:3: not valid JSON" in log and "done: 2 new, 0 changed, 0 unchanged, 1 failed" in log
    with store_mod.Store(store, read_only=True) as opened:
        failures = opened.query("SELECT source, error FROM failures")
    assert failures["source"].tolist() == [str(corpus)] and "not valid JSON" in failures["error"][0]
    assert counts(store)["articles"] == 2


def test_an_article_the_store_refuses_costs_only_itself(tmp_path: Path, capsys, monkeypatch) -> None:
    from analysis import aggregate
    from analysis.errors import FramingError

    real = aggregate.article_rows

    def refuse_one(summaries: dict) -> pd.DataFrame:
        if "quay-strike-2" in summaries:
            raise FramingError("its balance cannot be stored")
        return real(summaries)

    monkeypatch.setattr(aggregate, "article_rows", refuse_one)
    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES)
    store = tmp_path / "store"
    # the three articles are one chunk, written in one transaction: that fails, and each is written alone
    assert run(["run", str(corpus), "--store", str(store), "--no-progress"]) == 2
    assert "3 new, 0 changed, 0 unchanged, 1 failed" in capsys.readouterr().err
    assert counts(store) == {"rows": 5, "distinct_rows": 5, "articles": 2}
    with store_mod.Store(store, read_only=True) as opened:
        failures = opened.query("SELECT article_id, error FROM failures")
    assert failures.to_dict("records") == [{"article_id": "quay-strike-2", "error": "its balance cannot be stored"}]
    # the next run tries it again, and only it
    monkeypatch.setattr(aggregate, "article_rows", real)
    assert run(["run", str(corpus), "--store", str(store), "--no-progress"]) == 0
    assert "1 new, 0 changed, 2 unchanged, 0 failed" in capsys.readouterr().err


def test_a_run_killed_half_way_resumes_without_duplicates(tmp_path: Path, capsys) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES)
    store = tmp_path / "store"
    # chunks of two articles; kill -9 the run right after its first chunk is committed
    killer = (
        "import os, signal, sys\n"
        "from analysis import store\n"
        "store.run.__kwdefaults__['chunk'] = 2\n"
        "real = store.Store.write_articles\n"
        "def write_then_die(self, *args, **kwargs):\n"
        "    real(self, *args, **kwargs)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "store.Store.write_articles = write_then_die\n"
        "from analysis.cli import run\n"
        f"sys.exit(run(['run', {str(corpus)!r}, '--store', {str(store)!r}, '--no-progress']))\n"
    )
    killed = subprocess.run([sys.executable, "-c", killer], cwd=REPO_DIR, capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    assert (store / ".framing.lock").exists()  # left behind by the dead run
    assert run(["run", str(corpus), "--store", str(store), "--no-progress"]) == 0
    assert "1 new, 0 changed, 2 unchanged, 0 failed" in capsys.readouterr().err
    assert counts(store) == {"rows": 7, "distinct_rows": 7, "articles": 3}
    with store_mod.Store(store, read_only=True) as opened:
        assert opened.query("SELECT status FROM runs ORDER BY started")["status"].tolist() == ["interrupted", "done"]
    assert not (store / ".framing.lock").exists()


def test_query_errors_are_one_line(tmp_path: Path, capsys) -> None:
    assert run(["run", str(tmp_path / "typo.jsonl"), "--store", str(tmp_path / "s"), "--no-progress"]) == 2
    assert capsys.readouterr().err.strip() == f"framing: error: {tmp_path / 'typo.jsonl'}: no such file or folder"
    assert not (tmp_path / "s").exists()
    assert run(["query", "SELECT 1", "--store", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == (f"framing: error: {tmp_path / 'nowhere'}: not a results store "
                                              "(no store.duckdb); make one with 'framing run'")
    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES[:1])
    assert run(["run", str(corpus), "--store", str(tmp_path / "s"), "--no-progress"]) == 0
    capsys.readouterr()
    assert run(["query", "SELECT nonsense FROM articles", "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("framing: error: query: Binder Error") and "\n" not in err
    assert run(["query", "DELETE FROM articles", "--store", str(tmp_path / "s")]) == 2  # the store opens read-only
    assert "read-only" in capsys.readouterr().err


@pytest.mark.parametrize("date, expected", [("2025-03-02", "2025-03"), ("2025", "unknown"), (None, "unknown")])
def test_partition_values(date: str | None, expected: str) -> None:
    assert store_mod.month(date) == expected
    assert store_mod.outlet_slug("Le Monde / Éditions") == "le-monde-ditions"
    assert store_mod.outlet_slug(None) == "unknown" and store_mod.outlet_slug("../..") == "unknown"


# --- the corpus report over a store ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """A store of the three invented articles plus an undated one."""
    folder = tmp_path_factory.mktemp("corpus")
    undated = {"id": "quay-undated", "outlet": "Harbour Ledger", "paragraphs": [
        "The port reopened on Tuesday.", "Sen. Ada Quill said the raid was unlawful and demanded a vote."]}
    corpus = write_corpus(folder / "c.jsonl", [*ARTICLES, undated])
    assert run(["run", str(corpus), "--store", str(folder / "store"), "--no-progress"]) == 0
    return folder / "store"


def test_corpus_tables_pool_and_count_each_article_once(small_store: Path) -> None:
    import numpy as np

    from analysis import corpus
    from analysis.errors import FramingError

    articles = corpus.load_articles(small_store)
    assert sorted(articles.index) == ["quay-strike-1", "quay-strike-2", "quay-strike-3", "quay-undated"]
    tables = corpus.tables(articles, "month", top=2)
    by_period = tables["by_period"]
    assert [t.strftime("%Y-%m") for t in by_period.index] == ["2025-03", "2025-04"]
    assert by_period["articles"].tolist() == [2, 1]  # the undated article is in no period
    march = articles.loc[["quay-strike-1", "quay-strike-2"], [f"{v}_share" for v in corpus.VOICES]].mean()
    assert np.allclose(by_period.iloc[0][list(corpus.VOICES)].to_numpy(float), march.to_numpy(float))
    by_outlet = tables["by_outlet"]
    assert by_outlet.loc["Harbour Ledger", "articles"] == 2 and by_outlet.loc["Valley Courier", "articles"] == 2
    ledger = articles[articles["outlet"] == "Harbour Ledger"]
    assert by_outlet.loc["Harbour Ledger", "criticism_words"] == ledger["criticism_words"].sum()
    distance = corpus.distance_from_balance(articles)
    assert tables["furthest"].index.tolist() == distance.sort_values(ascending=False, kind="stable").index[:2].tolist()
    assert set(tables["by_outlet_period"]["outlet"]) == {"Harbour Ledger", "Valley Courier"}
    # a report on two voices keeps their shares (of all paragraphs) and measures distance over them
    two = corpus.tables(articles, "month", top=2, voices=["congress", "administration"])
    assert list(two["by_period"].columns) == ["articles", "administration", "congress"]
    assert np.allclose(two["by_period"][["administration", "congress"]], by_period[["administration", "congress"]])
    assert [c for c in two["furthest"].columns if c.endswith("_share")] == ["administration_share", "congress_share"]
    with pytest.raises(FramingError, match="unknown voice\\(s\\) 'legislature'; valid: administration, congress"):
        corpus.tables(articles, voices=["legislature"])


def test_corpus_selection_filters_and_their_errors(small_store: Path) -> None:
    from analysis import corpus
    from analysis.errors import FramingError

    assert corpus.load_articles(small_store, start="2025-03-03").index.tolist() == ["quay-strike-2", "quay-strike-3"]
    assert corpus.load_articles(small_store, end="2025-03-02").index.tolist() == ["quay-strike-1"]
    assert corpus.load_articles(small_store, outlets=["Valley Courier"]).index.tolist() == ["quay-strike-2", "quay-strike-3"]
    with pytest.raises(FramingError, match="start 'March': not a date"):
        corpus.load_articles(small_store, start="March")
    with pytest.raises(FramingError, match="no articles in this selection"):
        corpus.load_articles(small_store, start="2030-01-01")
    with pytest.raises(FramingError, match="outlet\\(s\\) 'Nowhere Times' not in the store's selection; valid: Harbour Ledger"):
        corpus.load_articles(small_store, outlets=["Nowhere Times"])
    assert [corpus.periods(pd.Series(pd.to_datetime(["2025-03-05"])), f).iloc[0].strftime("%Y-%m-%d")
            for f in ("week", "month", "quarter", "year")] == ["2025-03-03", "2025-03-01", "2025-01-01", "2025-01-01"]


def test_corpus_report_runs_the_notebook_on_a_store(small_store: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report"
    reports = tmp_path / "article-reports"
    (reports / "quay-strike-2").mkdir(parents=True)
    (reports / "quay-strike-2" / "report.html").write_text("<html></html>", encoding="utf-8")
    assert run(["corpus-report", "--store", str(small_store), "--out", str(out), "--formats", "png",
                "--article-reports", str(reports)]) == 0
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"report.html", "corpus_report.ipynb", "summary.json", "by_period.csv", "ratio_by_period.csv",
            "by_outlet.csv", "by_outlet_period.csv", "furthest.csv", "figures/corpus_voices_by_period.png",
            "figures/corpus_voices_by_outlet_and_period.png", "figures/corpus_ratio_by_period.png",
            "figures/corpus_voices_by_outlet.png"} <= names
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 4 and summary["dated_articles"] == 3 and summary["first_date"] == "2025-03-02"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "4 articles" in page and "1 undated article count in the outlet tables only" in page
    assert "Warning" not in page and "Traceback" not in page
    # the index links the one article report that exists, relative to the page
    assert '<a href="../article-reports/quay-strike-2/report.html">quay-strike-2</a>' in page
    assert 'href="../article-reports/quay-strike-1' not in page
    assert run(["corpus-report", "--store", str(small_store), "--out", str(tmp_path / "r2"), "--frequency", "daily"]) == 2
    assert capsys.readouterr().err.strip().endswith("parameter frequency: 'daily'; valid: week, month, quarter, year")
    assert not (tmp_path / "r2").exists()
    assert run(["corpus-report", "--store", str(small_store), "--out", str(tmp_path / "r2"), "--voice", "senate"]) == 2
    assert "parameter voices: unknown voice(s) 'senate'" in capsys.readouterr().err
    assert not (tmp_path / "r2").exists()
    # two voices: the figures and tables show those two
    assert run(["corpus-report", "--store", str(small_store), "--out", str(tmp_path / "r4"), "--formats", "png",
                "--voice", "congress", "--voice", "administration"]) == 0
    assert pd.read_csv(tmp_path / "r4" / "by_outlet.csv").columns.tolist()[:3] == ["outlet", "articles", "administration"]
    assert json.loads((tmp_path / "r4" / "summary.json").read_text(encoding="utf-8"))["voices"] == ["administration", "congress"]
    assert "Voices shown: Administration, Legislature (each a share of all paragraphs)." in (tmp_path / "r4" / "report.html").read_text(encoding="utf-8")
    assert run(["report", str(small_store), "--out", str(tmp_path / "r3")]) == 2  # a store given to the article report
    assert f"is a results store; report on it with 'framing corpus-report --store {small_store}" in capsys.readouterr().err


def test_the_dask_engine_stores_what_the_local_engine_stores(tmp_path: Path, capsys) -> None:
    distributed = pytest.importorskip("distributed")

    corpus = write_corpus(tmp_path / "c.jsonl", ARTICLES)
    assert run(["run", str(corpus), "--store", str(tmp_path / "local"), "--no-progress"]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert run(["run", str(corpus), "--store", str(tmp_path / "dask"), "--no-progress", "--engine", "dask",
                    "--scheduler", cluster.scheduler_address]) == 0
    assert "3 new, 0 changed, 0 unchanged, 0 failed" in capsys.readouterr().err.splitlines()[-1]
    columns = "article_id, paragraph, voice, frame, stance, round(stance_score, 4) AS stance_score"
    tables = []
    for name in ("local", "dask"):
        with store_mod.Store(tmp_path / name, read_only=True) as opened:
            tables.append(opened.query(f"SELECT {columns} FROM paragraphs ORDER BY article_id, paragraph"))
    pd.testing.assert_frame_equal(tables[0], tables[1])
    assert run(["run", str(corpus), "--store", str(tmp_path / "x"), "--engine", "spark"]) == 2
    assert "unknown engine 'spark' (valid: local, dask)" in capsys.readouterr().err


def _put(opened: store_mod.Store, article_id: str, outlet: str | None, month: str, key: str, paragraphs: int) -> None:
    """An article and its paragraphs written straight into the tables (no scoring), as a run leaves them."""
    opened.con.execute("DELETE FROM paragraphs WHERE article_id = ?", [article_id])
    opened.con.execute("DELETE FROM articles WHERE article_id = ?", [article_id])
    opened.con.execute("INSERT INTO articles (article_id, key, run_id, outlet, month) VALUES (?, ?, 'r1', ?, ?)",
                       [article_id, key, outlet, month])
    for i in range(1, paragraphs + 1):
        opened.con.execute("INSERT INTO paragraphs (article_id, paragraph, text) VALUES (?, ?, ?)",
                           [article_id, i, f"{article_id} paragraph {i} ({key})"])


def test_the_parquet_export_rewrites_only_the_partitions_that_changed(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    parquet = folder / "parquet"
    folder.mkdir()
    with store_mod.Store(folder) as opened:
        _put(opened, "a1", "Harbour Ledger", "2025-03", "k1", 2)
        _put(opened, "a2", "Harbour Ledger", "2025-03", "k1", 1)
        _put(opened, "a3", "Valley Courier", "2025-04", "k1", 3)
        _put(opened, "a4", None, "unknown", "k1", 1)
        opened.export_parquet()
        march = parquet / "paragraphs" / "month=2025-03" / "outlet_slug=harbour-ledger" / "data_0.parquet"
        april = parquet / "paragraphs" / "month=2025-04" / "outlet_slug=valley-courier" / "data_0.parquet"
        assert (parquet / "articles" / "month=unknown" / "outlet_slug=unknown" / "data_0.parquet").is_file()
        first = {path: path.stat().st_ino for path in (march, april)}
        for path in first:  # a file written again gets a fresh time; an inode number can be reused
            os.utime(path, ns=(0, 0))

        # nothing changed: nothing is written again
        opened.export_parquet()
        assert {path: path.stat().st_ino for path in first} == first

        # a3 re-scored (a new key): only April's partition is written again, with a3's new rows
        _put(opened, "a3", "Valley Courier", "2025-04", "k2", 2)
        opened.export_parquet()
        assert march.stat().st_mtime_ns == 0 and april.stat().st_mtime_ns != 0
        assert sorted(pd.read_parquet(april)["text"]) == ["a3 paragraph 1 (k2)", "a3 paragraph 2 (k2)"]

        # a partition whose articles are all gone is removed; a stray file of an older layout goes too
        stray = march.with_name("data_1.parquet")
        stray.write_bytes(march.read_bytes())
        opened.con.execute("DELETE FROM articles WHERE article_id = 'a4'")
        opened.con.execute("DELETE FROM paragraphs WHERE article_id = 'a4'")
        _put(opened, "a2", "Harbour Ledger", "2025-03", "k2", 1)
        opened.export_parquet()
        assert not (parquet / "paragraphs" / "month=unknown").exists()
        assert not (parquet / "articles" / "month=unknown").exists()
        assert not stray.exists()

        # an unreadable record of what was exported: every partition is written again
        (parquet / store_mod.EXPORT_STATE).write_text("{not json", encoding="utf-8")
        os.utime(march, ns=(0, 0))
        opened.export_parquet()
        assert march.stat().st_mtime_ns != 0

        # the dataset holds exactly the tables' rows, in order
        rows = pd.read_parquet(parquet / "paragraphs")
        assert sorted(zip(rows["article_id"], rows["paragraph"])) == sorted(
            opened.con.execute("SELECT article_id, paragraph FROM paragraphs").fetchall())
        assert sorted(pd.read_parquet(parquet / "articles")["article_id"]) == ["a1", "a2", "a3"]
        assert list(pd.read_parquet(march)["article_id"]) == ["a1", "a1", "a2"]


def test_scorers_hand_back_each_articles_balance_or_why_it_has_none(monkeypatch) -> None:
    # the balance is computed where the article is scored (on a dask worker, off the one writer's path)
    from analysis import aggregate
    from analysis.errors import FramingError
    from conftest import scored_table

    good, bad = scored_table("good"), scored_table("bad")
    real = aggregate.balance

    def balance(rows: pd.DataFrame) -> dict:
        if rows["article_id"].iloc[0] == "bad":
            raise FramingError("no voice to weigh")
        return real(rows)

    monkeypatch.setattr(aggregate, "balance", balance)
    out = list(store_mod._with_balance([("a", good, {"m": 1}, None), ("b", bad, {"m": 1}, None),
                                        ("c", None, None, "cannot score it (boom)")]))
    assert [(art, error) for art, _, _, error, _ in out] == [("a", None), ("b", "no voice to weigh"),
                                                              ("c", "cannot score it (boom)")]
    assert out[0][1] is good and out[0][4] == real(good)
    assert all(rows is None and info is None and bal is None for _, rows, info, _, bal in out[1:])


def test_a_writing_store_caps_duckdbs_cache_below_a_reading_one(tmp_path: Path) -> None:
    def cap_mib(opened: store_mod.Store) -> float:
        value, unit = opened.con.execute("SELECT current_setting('memory_limit')").fetchone()[0].split()
        return float(value) * {"MiB": 1, "GiB": 1024}[unit]

    (tmp_path / "s").mkdir()
    with store_mod.Store(tmp_path / "s") as writing:
        written = cap_mib(writing)
    with store_mod.Store(tmp_path / "s", read_only=True) as reading:
        read = cap_mib(reading)
    # DuckDB's own default is 80% of the machine's memory: a run would grow with its store
    assert written == pytest.approx(122.0) and read == pytest.approx(244.1, abs=0.1)
