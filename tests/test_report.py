"""Report notebooks: parameters, papermill runs on the seed, the HTML page in a real (headless) browser."""

from __future__ import annotations

import base64
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import report
from analysis.cli import run
from analysis.errors import FramingError
from analysis.paths import NOTEBOOK_DIR, SEED_ARTICLE

SEED_ID = SEED_ARTICLE.stem
FIGURES = ("balance", "article_map", "frame_shares")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
BROWSER_TIMEOUT = 60.0


# --- parameters: checked before any work --------------------------------------------------------

def test_parameters_cell_declares_typed_documented_literals() -> None:
    params = report.notebook_parameters(report.ARTICLE_NOTEBOOK)
    assert list(params) == ["article", "backend", "model", "precision", "actors", "output_dir", "figure_dir", "figure_formats",
                            "show_code"]
    assert params["figure_formats"].type == "list[str]" and params["show_code"].default is False
    assert all(p.help for p in params.values())
    assert set(report.notebook_parameters(report.COMPARE_NOTEBOOK)) >= {"articles", "backend", "output_dir"}


def test_papermill_documents_the_parameters() -> None:
    done = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(report.ARTICLE_NOTEBOOK)],
                          capture_output=True, text=True, check=True)
    assert "article: str" in done.stdout and "show_code: bool (default False)" in done.stdout
    assert "figure files to write" in done.stdout


def test_defaults_work_from_the_notebook_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NOTEBOOK_DIR)  # as in JupyterLab, which runs a notebook in its own folder
    params = report.validate({}, report.ARTICLE_NOTEBOOK)
    assert Path(params["article"]) == SEED_ARTICLE
    assert params["figure_dir"] == str(Path(params["output_dir"]) / "figures")
    assert Path(report.validate({}, report.COMPARE_NOTEBOOK)["articles"]).is_file()


@pytest.mark.parametrize(("given", "message"), [
    ({"artcle": "x.txt"}, "unknown parameter 'artcle' (did you mean 'article'?) for article_report.ipynb; valid: article (str), backend (str)"),
    ({"show_code": "yes"}, "parameter show_code must be bool, not str ('yes'); valid: show_code: bool = False"),
    ({"figure_formats": "png"}, "parameter figure_formats must be list[str], not str"),
    ({"article": "no/such/article.txt"}, "parameter article: no such file 'no/such/article.txt'"),
    ({"article": "pyproject.toml"}, "parameter article: 'pyproject.toml' has type '.toml'; valid: an existing file (.htm, .html, .jsonl"),
    ({"backend": "bert"}, "parameter backend: 'bert' is not a backend; valid: embedded, zero-shot"),
    ({"model": "no-such-model"}, "parameter model: no such model folder 'no-such-model'"),
    ({"figure_formats": ["png", "jpg"]}, "parameter figure_formats: 'jpg'; valid: one or more of pdf, svg, png"),
])
def test_bad_parameters_fail_before_any_work(given: dict, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    with pytest.raises(FramingError) as err:
        report.run_article_report(given.pop("article", SEED_ARTICLE), tmp_path / "out", **given)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "out").exists()  # nothing was started or written


def test_cli_bad_parameter_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["report", str(SEED_ARTICLE), "--out", str(tmp_path / "r"), "-p", "figure_format=['png']"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error: unknown parameter 'figure_format' (did you mean 'figure_formats'?)")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert run(["report", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "r")]) == 2
    assert "parameter article: no such file" in capsys.readouterr().err


def test_parse_assignment() -> None:
    assert report.parse_assignment("show_code=True") == ("show_code", True)
    assert report.parse_assignment("figure_formats=['png']") == ("figure_formats", ["png"])
    assert report.parse_assignment("model=some/folder") == ("model", "some/folder")
    with pytest.raises(FramingError, match="NAME=VALUE"):
        report.parse_assignment("show_code")


def test_parameters_cell_must_hold_only_literals() -> None:
    with pytest.raises(FramingError, match="line 1: the default of x is not a literal"):
        report.parse_parameters_cell("x: str = str(1)  # help\n")
    with pytest.raises(FramingError, match="line 1: only 'name: type = literal"):
        report.parse_parameters_cell("x = 1  # help\n")
    with pytest.raises(FramingError, match="x has no '# help' comment"):
        report.parse_parameters_cell("x: int = 1\n")


def test_notebooks_are_stored_without_outputs() -> None:
    notebooks = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    assert len(notebooks) >= 2
    done = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", *map(str, notebooks)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_notebook_validates_parameters_itself_under_papermill(tmp_path: Path) -> None:
    # Run straight through papermill (no validation outside): the notebook's own check stops it.
    with pytest.raises(FramingError, match="^parameter figure_formats: 'jpg'; valid: one or more of pdf, svg, png$"):
        report.execute(report.ARTICLE_NOTEBOOK, {"figure_formats": ["jpg"], "output_dir": str(tmp_path)}, tmp_path / "nb.ipynb")
    assert not (tmp_path / "nb.ipynb").exists()  # a user error leaves no notebook: the message says it all
    assert not (tmp_path / "summary.json").exists()


def test_a_misspelled_papermill_parameter_stops_the_notebook(tmp_path: Path) -> None:
    # papermill injects names the notebook does not declare and only warns; the notebook refuses them
    with pytest.raises(FramingError, match=r"^unknown parameter\(s\) 'articel' \(did you mean 'article'\?\) for article_report.ipynb; valid: article, "):
        report.execute(report.ARTICLE_NOTEBOOK, {"articel": "x.txt", "output_dir": str(tmp_path)}, tmp_path / "nb.ipynb")
    assert not (tmp_path / "summary.json").exists()


def test_notebook_defaults_resolve_from_any_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # e.g. `papermill notebooks/article_report.ipynb out.ipynb` from elsewhere
    namespace = {name: p.default for name, p in report.notebook_parameters(report.ARTICLE_NOTEBOOK).items()}
    params = report.check_namespace({**namespace, "In": ["", "x = 3"], "x": 3}, report.ARTICLE_NOTEBOOK)
    assert Path(params["article"]) == SEED_ARTICLE  # and a name of the user's own in JupyterLab is no parameter
    # a value the user gave is read from the working folder, as papermill users expect
    (tmp_path / "mine.txt").write_text("The ministry confirmed the strike.\n", encoding="utf-8")
    params = report.check_namespace({**namespace, "article": "mine.txt"}, report.ARTICLE_NOTEBOOK)
    assert Path(params["article"]) == tmp_path / "mine.txt"


# --- one real report on the seed, shared by the tests below --------------------------------------

@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> report.ReportResult:
    out = tmp_path_factory.mktemp("report") / SEED_ID
    return report.run_article_report(SEED_ARTICLE, out)


def test_report_folder_layout(seed_report: report.ReportResult) -> None:
    folder = seed_report.folder
    names = {p.relative_to(folder).as_posix() for p in seed_report.files}
    expected = {"article_report.ipynb", "report.html", "paragraphs.csv", "summary.json"}
    expected |= {f"figures/{name}.{fmt}" for name in FIGURES for fmt in ("pdf", "svg", "png")}
    assert names == expected
    assert not [p for p in folder.rglob(".*")]  # no temporary files left behind


def test_summary_balance_on_the_seed(seed_report: report.ReportResult) -> None:
    summary = json.loads((seed_report.folder / "summary.json").read_text())
    assert summary["article_id"] == SEED_ID and summary["paragraph_count"] == 10
    assert summary["model"]["sha256"]
    balance = summary["balance"]
    assert balance["voice_ranking"][:2] == ["administration", "congress"]
    assert balance["lead_voice"] == "narration"
    ratio = balance["justification_ratio"]
    assert len(ratio["hard"]["interval"]) == 2 and ratio["expected"]["interval"][0] is not None
    table = pd.read_csv(seed_report.folder / "paragraphs.csv")
    assert len(table) == 10 and {"voice", "frame", "stance_score", "p_official_justification"} <= set(table.columns)


def test_executed_notebook_shows_the_report(seed_report: report.ReportResult) -> None:
    nb = nbformat.read(seed_report.notebook, as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "sha256" in html and "Administration" in html and "Senator Chris Murphy" in html
    assert sum("image/png" in o.get("data", {}) for o in outputs) == len(FIGURES)
    assert set(seed_report.timings) >= {"kernel start", "imports", "load-model", "score", "export", "total"}


def test_html_hides_code_by_default(seed_report: report.ReportResult) -> None:
    html = seed_report.html.read_text()
    assert "report.check_namespace" not in html and "Balance of voices" in html


# --- the page in headless Chromium ---------------------------------------------------------------

def chromium() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def open_in_chromium(html: Path, screenshot: Path, width: int = 1200) -> dict:
    """Load a page in headless Chromium over the DevTools protocol; screenshot it; return its images and text."""
    import websocket

    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                 f"--window-size={width},900", "about:blank"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + BROWSER_TIMEOUT
            while not (port_file.exists() and "\n" in port_file.read_text()):
                assert proc.poll() is None, "chromium exited at start"
                assert time.monotonic() < deadline, "chromium did not start"
                time.sleep(0.05)
            port = int(port_file.read_text().split()[0])
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=BROWSER_TIMEOUT) as resp:
                page = next(t for t in json.load(resp) if t["type"] == "page")
            ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=BROWSER_TIMEOUT, suppress_origin=True)
            ids = iter(range(1, 1_000_000))

            def call(method: str, **params: object) -> dict:
                msg_id = next(ids)
                ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
                while True:
                    msg = json.loads(ws.recv())
                    if msg.get("id") == msg_id:
                        assert "error" not in msg, msg
                        return msg["result"]

            call("Page.enable")
            call("Page.navigate", url=html.resolve().as_uri())
            while json.loads(ws.recv()).get("method") != "Page.loadEventFired":
                pass
            probe = """JSON.stringify({
                images: Array.from(document.images).map(i => ({complete: i.complete, width: i.naturalWidth, height: i.naturalHeight})),
                text: document.body.innerText, height: document.documentElement.scrollHeight, title: document.title})"""
            info = json.loads(call("Runtime.evaluate", expression=probe, returnByValue=True)["result"]["value"])
            shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                        clip={"x": 0, "y": 0, "width": width, "height": info["height"], "scale": 1})
            screenshot.write_bytes(base64.b64decode(shot["data"]))
            ws.close()
            return info
        finally:
            proc.terminate()
            proc.wait(timeout=BROWSER_TIMEOUT)


def test_report_in_headless_chromium(seed_report: report.ReportResult) -> None:
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (make test installs Debian's chromium)")
        pytest.skip("chromium is not installed; make test installs it")
    screenshot = seed_report.folder.parent / "report.png"
    info = open_in_chromium(seed_report.html, screenshot)
    assert info["title"] == f"Balance of voices: {SEED_ID}"
    assert len(info["images"]) == len(FIGURES)
    for image in info["images"]:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0, image
    text = info["text"]
    for bad in ("Traceback", "Error", "error:", "Exception"):
        assert bad not in text, f"{bad!r} on the page"
    for good in ("Key measures", "Who speaks where", "Administration", "sha256", "Senator Richard Blumenthal"):
        assert good in text
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 50_000
    keep = os.environ.get("FRAMING_SCREENSHOT")  # set it to keep the screenshot for a look
    if keep:
        shutil.copy(screenshot, keep)


# --- the comparison notebook ---------------------------------------------------------------------

def test_compare_notebook_on_a_corpus(tmp_path: Path) -> None:
    result = report.run_compare_report(NOTEBOOK_DIR / "example_corpus.jsonl", tmp_path / "compare", figure_formats=["png"])
    names = {p.relative_to(result.folder).as_posix() for p in result.files}
    assert {"compare_articles.ipynb", "report.html", "articles.csv", "by_outlet.csv", "by_date.csv", "summary.json",
            "figures/compare_articles.png", "figures/compare_outlets.png", "figures/compare_dates.png"} <= names
    by_outlet = pd.read_csv(result.folder / "by_outlet.csv")
    assert set(by_outlet["outlet"]) == {"Northgate Wire", "Coastal Gazette"} and by_outlet["articles"].sum() == 4
    shares = by_outlet[["administration", "congress", "foreign", "other", "narration"]].sum(axis=1)
    assert shares.to_numpy() == pytest.approx([1.0, 1.0])


def test_paragraph_table_escapes_article_text(seed_scored: pd.DataFrame) -> None:
    from analysis import views

    table = seed_scored.assign(text=seed_scored["text"].where(seed_scored["paragraph"] != 1, "<script>alert(1)</script>"))
    html = views.paragraph_view(table).to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert views.tint("#0072B2") != "#0072b2" and "border-left: 6px solid #0072B2" in html


def test_report_refuses_a_corpus_of_several_articles(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = tmp_path / "two.jsonl"
    corpus.write_text('{"id": "a", "text": "The ministry confirmed the strike."}\n'
                      '{"id": "b", "text": "Senators asked for a vote."}\n', encoding="utf-8")
    assert run(["report", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"framing: error: {corpus}: holds 2 articles; a report is about one article: use 'framing compare' "
                   "for all of them, or put the one you want in a file of its own")
    assert not (tmp_path / "out").exists()


def test_hostile_fields_are_escaped_in_the_report(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_text("---\ntitle: \"<script>document.title='pwned'</script> *x*\"\n"
                       "outlet: \"<img src=x onerror=alert(1)>\"\ndate: \"<iframe src=javascript:alert(2)>\"\n---\n\n"
                       "WASHINGTON — The ministry confirmed the strike on Monday.\n\n"
                       "Sen. Ada Quill said the strike was unlawful.\n", encoding="utf-8")
    result = report.run_article_report(hostile, tmp_path / "out")
    page = result.html.read_text(encoding="utf-8")
    for raw in ("<script>document.title", "<img src=x onerror", "<iframe src=javascript"):
        assert raw not in page
    assert "&lt;script&gt;document.title" in page


def test_compare_skips_a_bad_line_and_compares_the_good_articles(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_text('{"id": "a", "text": "The ministry confirmed the strike on Monday."}\n'
                      "{not json\n"
                      '{"id": "b", "text": "Sen. Ada Quill said the strike was unlawful."}\n', encoding="utf-8")
    folder = tmp_path / "inbox" / "may"
    folder.mkdir(parents=True)
    (folder / "c.txt").write_text("Title: Third\n\nThe Foreign Ministry in Cairo condemned the strike.\n", encoding="utf-8")
    # several inputs, as 'framing score' takes them: a corpus, a folder read recursively, a single file
    assert run(["compare", str(corpus), str(tmp_path / "inbox"), str(SEED_ARTICLE), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{corpus}:2:" in err and "wrote" in err
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert sorted(summary["balance"]) == ["000_c99cd6f376a91b6b", "a", "b", "c"]
    assert run(["compare", str(corpus), str(tmp_path / "missing"), "--out", str(tmp_path / "out2")]) == 2
    assert "missing" in capsys.readouterr().err and not (tmp_path / "out2").exists()


def test_report_page_fetches_nothing_from_the_web(seed_report: report.ReportResult) -> None:
    page = seed_report.html.read_text(encoding="utf-8")
    assert re.search(r"<script[^>]+src=", page) is None  # no require.js
    assert "cdnjs" not in page and "MathJax.Hub" not in page and "import(\"https" not in page


def test_an_untitled_article_gets_a_heading_from_its_first_words() -> None:
    from analysis import article as article_mod
    from analysis import views

    art = article_mod.Article(id="a1", paragraphs=("The ministry confirmed the strike on the depot early on Monday.",),
                              source="a1.txt", outlet="Harbour Ledger", date="2025-03-01")
    header = views.article_header(art)
    assert header.startswith("## The ministry confirmed the strike on the depot …")
    assert "Harbour Ledger · 2025\\-03\\-01" in header


def test_a_second_report_into_one_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import os

    out = tmp_path / "out"
    out.mkdir()
    (out / ".framing.lock").write_text(f"{os.getppid()}\n", encoding="utf-8")  # a live process writes here
    assert run(["report", str(SEED_ARTICLE), "--out", str(out)]) == 2
    assert "another framing run (pid" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [".framing.lock"]


def test_a_report_that_fails_half_way_leaves_its_folder_as_it_was(tmp_path: Path, monkeypatch,
                                                                   capsys: pytest.CaptureFixture) -> None:
    from types import SimpleNamespace

    def fills_the_disk(notebook, params, output, clock=None):
        # the kernel wrote a table and a figure, then the disk filled up
        (output.parent / "paragraphs.csv").write_text("half", encoding="utf-8")
        (output.parent / "figures").mkdir(exist_ok=True)
        (output.parent / "figures" / "balance.svg").write_bytes(b"<svg")
        raise report._failure(SimpleNamespace(ename="OSError", evalue="[Errno 28] No space left on device"), output)

    monkeypatch.setattr(report, "execute", fills_the_disk)
    new = tmp_path / "new"
    assert run(["report", str(SEED_ARTICLE), "--out", str(new)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"framing: error: {new}: cannot write the report ([Errno 28] No space left on device)")
    assert not new.exists()
    old = tmp_path / "old"
    (old / "figures").mkdir(parents=True)
    (old / "figures" / "balance.png").write_bytes(b"the last complete report's figure")
    assert run(["report", str(SEED_ARTICLE), "--out", str(old)]) == 2
    assert sorted(p.relative_to(old).as_posix() for p in old.rglob("*")) == ["figures", "figures/balance.png"]


def test_display_tables_have_one_header_row_and_groups_read_like_articles() -> None:
    from analysis import views

    shares = pd.DataFrame({"articles": [2, 1], "administration": [0.5, 0.0], "congress": [0.25, 1.0], "foreign": [0.25, 0.0],
                           "other": [0.0, 0.0], "narration": [0.0, 0.0]},
                          index=pd.Index(["Northgate Wire", "<b>Gazette</b>"], name="outlet"))
    shown = views.group_view(shares)
    assert list(shown.columns) == ["articles", "Administration", "Legislature", "Foreign", "Other", "Narration"]
    assert shown.loc["Northgate Wire"].tolist() == [2, "50.0%", "25.0%", "25.0%", "0.0%", "0.0%"]
    html = views.table(shown).to_html()
    assert html.count("<tr>") == 1 + len(shown)  # no row of its own for the index name
    assert ">outlet</th>" in html and "&lt;b&gt;Gazette&lt;/b&gt;" in html and "<b>Gazette" not in html
    key = views.table(views.label_key()).to_html()
    assert ">congress</td>" in key and ">Legislature</td>" in key and ">0</th>" not in key  # no row numbers
