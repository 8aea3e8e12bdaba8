"""The framing CLI: output, --help, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

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
    assert capsys.readouterr().err.strip() == f"framing: error: {tmp_path}: is a directory, not an article file"
    assert not out.exists()


def test_console_script_help_and_module_entry() -> None:
    for args in (["--help"], ["paragraphs", "--help"]):
        done = subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "Usage" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "analysis", "paragraphs", "--bogus"], capture_output=True, text=True)
    assert bad.returncode == 2 and "No such option" in bad.stderr and "Traceback" not in bad.stderr
