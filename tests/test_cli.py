"""The framing CLI: output, --help, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import run


def test_paragraphs_on_seed_prints_csv(seed_path: Path, capsys) -> None:
    assert run(["paragraphs", str(seed_path)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["article_id", "paragraph", "text", "words"]
    assert len(table) == 10 and table.loc[0, "text"].startswith("Qassem Soleimani")


def test_paragraphs_out_file(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "p.csv"
    assert run(["paragraphs", str(seed_path), "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 10
    assert [p.name for p in out.parent.iterdir()] == ["p.csv"]  # no temporary file left behind


def test_bad_and_good_inputs_together(seed_path: Path, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "p.csv"
    status = run(["paragraphs", str(tmp_path / "missing.txt"), str(seed_path), str(empty), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"framing: error: {tmp_path / 'missing.txt'}: no such file" in err
    assert f"framing: error: {empty}: file is empty" in err
    assert "Traceback" not in err
    assert len(pd.read_csv(out)) == 10  # the good input is still processed


def test_only_bad_input_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.csv"
    assert run(["paragraphs", str(tmp_path), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().startswith(f"framing: error: {tmp_path}: no article files (")
    assert not out.exists()


def test_console_script_help_and_module_entry() -> None:
    for args in (["--help"], ["paragraphs", "--help"]):
        done = subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "Usage" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "analysis", "paragraphs", "--bogus"], capture_output=True, text=True)
    assert bad.returncode == 2 and "No such option" in bad.stderr and "Traceback" not in bad.stderr


def test_score_seed_writes_the_output_contract(seed_path: Path, tmp_path: Path) -> None:
    import json

    from analysis import classify
    from analysis.score import SCORE_COLUMNS

    from conftest import SEED_EXPECTED

    assert run(["score", str(seed_path), "--out", str(tmp_path / "a"), "--no-progress"]) == 0
    folder = tmp_path / "a" / "000_c99cd6f376a91b6b"
    table = pd.read_csv(folder / "paragraphs.csv")
    assert list(table.columns) == SCORE_COLUMNS
    for column in ["frame", "frame_confidence", "stance", "stance_score", *classify.PROB_COLUMNS]:
        assert column in table.columns
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["paragraph_count"] == 10 and summary["dateline"] == "BAGHDAD, Iraq"
    assert summary["model"]["backend"] == "embedded" and len(summary["model"]["sha256"]) == 64
    assert "justification_ratio" in summary["balance"]
    # The bar: voices 10 of 10 and frames at least 9 of 10 against the codebook's worked example.
    assert table["voice"].tolist() == [v for v, _, _ in SEED_EXPECTED]
    assert sum(f == g for f, (_, g, _) in zip(table["frame"], SEED_EXPECTED)) >= 9
    # Same input, same output.
    assert run(["score", str(seed_path), "--out", str(tmp_path / "b"), "--no-progress"]) == 0
    for name in ("paragraphs.csv", "summary.json"):
        assert (folder / name).read_bytes() == (tmp_path / "b" / "000_c99cd6f376a91b6b" / name).read_bytes()


def test_score_bad_backend_writes_nothing(seed_path: Path, tmp_path: Path, capsys) -> None:
    assert run(["score", str(seed_path), "--out", str(tmp_path / "o"), "--backend", "magic"]) == 2
    assert capsys.readouterr().err.strip() == "framing: error: unknown backend 'magic' (valid: embedded, zero-shot)"
    assert not (tmp_path / "o").exists()


def test_train_refuses_thin_data_and_evaluate_runs_on_a_model(tmp_path: Path, capsys) -> None:
    from test_training import write_labelled

    from analysis.paths import MODEL_DIR

    thin = write_labelled(tmp_path / "thin.jsonl", n_events=2)
    assert run(["train", str(thin), "--out", str(tmp_path / "m")]) == 2
    assert "too few examples per frame class" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
    labelled = write_labelled(tmp_path / "eval.jsonl", n_events=2)
    assert run(["evaluate", str(labelled), "--model", str(MODEL_DIR), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "== frame: n=14" in out and "macro-F1=" in out and "ECE=" in out and "== stance" in out
    # the default path's voices on held-out data, and several voice sources in one run
    assert run(["evaluate", str(labelled), "--model", str(MODEL_DIR), "--voices", "learned,gold", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "voices learned" in out and "voices gold" in out and out.count("== stance") == 2
    assert run(["evaluate", str(labelled), "--voices", "gold,robots", "--no-progress"]) == 2
    assert "--voices: unknown voice source 'robots'" in capsys.readouterr().err


def test_version_and_flag_help(capsys) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("framing-study ")
    assert run(["score", "--help"]) == 0
    progress = [line for line in capsys.readouterr().out.splitlines() if "--progress" in line][0]
    assert "<bool>" not in progress  # a flag has no value to show
    assert run(["score", "--help"]) == 0
    assert "[default: progress]" not in capsys.readouterr().out  # the default is: only on a terminal
    commands = ["paragraphs", "voices", "score", "train", "evaluate", "calibrate", "train-voices", "evaluate-voices",
                "report", "compare"]
    for args in (["--help"], *([c, "--help"] for c in commands)):
        assert run(args) == 0
        assert "<bool>" not in capsys.readouterr().out, args  # no flag, --help included, shows a value type


@pytest.mark.parametrize("command", ["score", "report", "compare"])
def test_out_naming_an_existing_file_is_one_line(seed_path: Path, tmp_path: Path, capsys, command: str) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder\n", encoding="utf-8")
    assert run([command, str(seed_path), "--out", str(taken)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"framing: error: --out {taken}: is a file; give a folder (it will be created if missing)"
    assert taken.read_text(encoding="utf-8") == "not a folder\n"


def test_csv_out_inside_a_file_or_onto_a_folder(seed_path: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert run(["paragraphs", str(seed_path), "--out", str(tmp_path / "f" / "p.csv")]) == 2
    assert capsys.readouterr().err.strip().endswith("is a file, not a folder")
    assert run(["voices", str(seed_path), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("is a folder; give a file name")


def test_an_os_error_while_writing_is_one_line(seed_path: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from analysis import io as io_mod

    def full_disk(path, *args, **kwargs):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(io_mod, "write_csv", full_disk)
    assert run(["paragraphs", str(seed_path), "--out", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"framing: error: {tmp_path / 'p.csv'}: No space left on device" and "Traceback" not in err


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(tmp_path: Path) -> None:
    path = tmp_path / "formula.txt"
    path.write_text("=cmd|' /C calc'!A0 said the ministry.\n\n@SUM(1+1) wrote a senator.\n\n"
                    "+1 for the strike, said an official.\n\nThe ministry confirmed the strike.\n", encoding="utf-8")
    out = tmp_path / "p.csv"
    assert run(["paragraphs", str(path), "--out", str(out)]) == 0
    texts = pd.read_csv(out)["text"].tolist()
    assert texts[:3] == ["'=cmd|' /C calc'!A0 said the ministry.", "'@SUM(1+1) wrote a senator.", "'+1 for the strike, said an official."]
    assert texts[3] == "The ministry confirmed the strike."


def test_a_second_writer_into_one_out_is_refused(seed_path: Path, tmp_path: Path, capsys) -> None:
    import os

    out = tmp_path / "o"
    out.mkdir()
    (out / ".framing.lock").write_text(f"{os.getppid()}\n", encoding="utf-8")  # a live process holds it
    assert run(["score", str(seed_path), "--out", str(out)]) == 2
    assert "another framing run (pid" in capsys.readouterr().err
    # a lock and a half-written folder left by a dead process are cleaned up
    (out / ".framing.lock").write_text("999999999\n", encoding="utf-8")
    (out / ".000_c99cd6f376a91b6b.abc.tmp").mkdir()
    (out / ".000_c99cd6f376a91b6b.abc.tmp" / "paragraphs.csv").write_text("half", encoding="utf-8")
    assert run(["score", str(seed_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["000_c99cd6f376a91b6b"]
    assert sorted(p.name for p in (out / "000_c99cd6f376a91b6b").iterdir()) == ["paragraphs.csv", "summary.json"]


def test_an_article_folder_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    from analysis import io as io_mod

    folder = tmp_path / "a"
    io_mod.replace_folder(folder, lambda tmp: (tmp / "x.txt").write_text("old", encoding="utf-8"))

    def dies_half_way(tmp: Path) -> None:
        (tmp / "x.txt").write_text("new", encoding="utf-8")
        raise KeyboardInterrupt  # killed between the two files

    with pytest.raises(KeyboardInterrupt):
        io_mod.replace_folder(folder, dies_half_way)
    assert (folder / "x.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a"]


def test_one_article_that_cannot_be_written_costs_only_itself(tmp_path: Path, capsys, monkeypatch) -> None:
    from analysis import score as score_mod

    corpus = tmp_path / "two.jsonl"
    corpus.write_text('{"id": "good", "text": "The ministry confirmed the strike."}\n'
                      '{"id": "bad", "text": "Senators asked for a vote."}\n', encoding="utf-8")
    real = score_mod.write_article_outputs

    def failing(out_dir, article, *args, **kwargs):
        if article.id == "bad":
            raise OSError(28, "No space left on device")
        return real(out_dir, article, *args, **kwargs)

    monkeypatch.setattr(score_mod, "write_article_outputs", failing)
    assert run(["score", str(corpus), "--out", str(tmp_path / "o")]) == 2
    assert "article bad: cannot write its outputs (No space left on device)" in capsys.readouterr().err
    assert (tmp_path / "o" / "good" / "summary.json").is_file() and not (tmp_path / "o" / "bad").exists()


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not write in: a read-only temp folder, or (as root, which ignores
    permission bits) /proc/1, where not even root can create a file."""
    import os

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return folder
    if Path("/proc/1").is_dir() and not os.access("/proc/1", os.W_OK):
        return Path("/proc/1")
    pytest.skip("no folder here is unwritable for this user")


@pytest.mark.parametrize("command", ["score", "report", "compare"])
def test_an_unwritable_out_is_one_line_before_any_work(seed_path: Path, tmp_path: Path, capsys, command: str) -> None:
    folder = _unwritable_folder(tmp_path)
    assert run([command, str(seed_path), "--out", str(folder)]) == 2
    assert capsys.readouterr().err.strip() == f"framing: error: --out {folder}: cannot write in this folder (no write permission)"
    inside = folder / "study" / "may"
    assert run([command, str(seed_path), "--out", str(inside)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"framing: error: --out {inside}: cannot create it in {folder} (no write permission)")


def test_worker_processes_write_what_one_process_writes(tmp_path: Path, capsys) -> None:
    import json

    from analysis import workers

    lines = [json.dumps({"id": f"a{i:02d}", "paragraphs": [
        f"Sen. Ada Quill said the strike on depot {i} was carried out without a vote of Congress.",
        "The Pentagon said the strike hit an arms depot used by the militia and caused no civilian casualties."]})
        for i in range(workers.CHUNK_ARTICLES + 2)]  # two chunks
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["score", str(corpus), "--out", str(tmp_path / "one"), "--no-progress", "--workers", "1"]) == 0
    assert run(["score", str(corpus), "--out", str(tmp_path / "two"), "--no-progress", "--workers", "2"]) == 0
    written = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(written) == 2 * len(lines)
    for name in written:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    # the parent reports every article, in input order
    err = capsys.readouterr().err.splitlines()
    assert [ln.rsplit("/", 1)[-1] for ln in err if ln.startswith("wrote")][-len(lines):] == [f"a{i:02d}" for i in range(len(lines))]


def test_worker_count_and_chunks() -> None:
    from analysis import workers

    assert workers.resolve_workers(0, 1) == 1  # one chunk: this process
    assert workers.resolve_workers(3, 2) == 2  # never more workers than chunks
    assert workers.resolve_workers(0, 50) == min(workers.cpu_count(), 50)
    assert [len(c) for c in workers.chunks(list(range(19)), 8)] == [8, 8, 3]
    with pytest.raises(ValueError):
        workers.resolve_workers(-1, 5)
