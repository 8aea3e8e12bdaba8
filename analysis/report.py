"""Reports as executed notebooks: parameter validation, papermill execution, HTML export, folder layout.

A report notebook (notebooks/article_report.ipynb, notebooks/compare_articles.ipynb) has one cell
tagged `parameters` holding only annotated literals, each with a comment: `name: type = value  # help`.
`notebook_parameters` reads that cell; `validate` checks given values against it before any work
(unknown names, types, files); `run` executes the notebook with papermill and exports HTML.

Article report folder (`run_article_report`, `framing report ARTICLE --out DIR`):

| file                   | what                                                                 |
|------------------------|----------------------------------------------------------------------|
| `article_report.ipynb` | the executed notebook, outputs kept                                  |
| `report.html`          | the notebook as a self-contained page; code hidden unless show_code  |
| `paragraphs.csv`       | the scored paragraph table (analysis.score)                          |
| `summary.json`         | article fields, model, paragraph count and `balance` (aggregate)     |
| `figures/`             | balance, article_map, frame_shares in each figure format (or figure_dir) |
"""

from __future__ import annotations

import ast
import difflib
import json
import io as _io
import os
import sys
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import io
from analysis.classify import BACKENDS, PRECISIONS  # no torch: classify imports it only to score
from analysis.article import SUFFIXES, Article
from analysis.errors import FramingError, InputError
from analysis.paths import NOTEBOOK_DIR

ARTICLE_NOTEBOOK = NOTEBOOK_DIR / "article_report.ipynb"
TEMPLATE_DIR = Path(__file__).parent / "templates"
COMPARE_NOTEBOOK = NOTEBOOK_DIR / "compare_articles.ipynb"
CORPUS_NOTEBOOK = NOTEBOOK_DIR / "corpus_report.ipynb"
HTML_NAME = "report.html"
FIGURE_FORMATS = ("pdf", "svg", "png")
KERNEL = "python3"  # jupyter_client starts it with the running Python (this venv)
START_TIMEOUT = 120  # seconds to wait for the kernel
TYPES = ("str", "bool", "int", "float", "list[str]", "str | list[str]")
# Cell tags of the report notebooks, in the order the timing breakdown lists them.
TIMED_TAGS = ("imports", "validate", "load-model", "score", "aggregate", "figures", "display")


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its name, annotated type, default literal and help comment."""

    name: str
    type: str
    default: Any
    help: str

    def describe(self) -> str:
        """'name: type = default  (help)' for error messages and --help."""
        return f"{self.name}: {self.type} = {self.default!r}  ({self.help})"


@dataclass
class ReportResult:
    """Files a report run left, and where its time went (seconds by step)."""

    folder: Path
    notebook: Path
    html: Path
    files: list[Path]
    timings: dict[str, float] = field(default_factory=dict)
    skipped: list = field(default_factory=list)  # inputs that could not be read (InputError), left out


def _comments(source: str) -> dict[int, str]:
    """Line number -> text of the comment on that line."""
    out = {}
    for tok in tokenize.generate_tokens(_io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def parse_parameters_cell(source: str, where: str = "parameters cell") -> dict[str, Parameter]:
    """Parameters of a `parameters` cell: `name: type = literal  # help` lines, nothing else."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise FramingError(f"{where}: not valid Python ({exc.msg}, line {exc.lineno})") from None
    comments = _comments(source)
    params: dict[str, Parameter] = {}
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise FramingError(f"{where}, line {node.lineno}: only 'name: type = literal  # help' lines are allowed")
        name, type_name = node.target.id, ast.unparse(node.annotation)
        if type_name not in TYPES:
            raise FramingError(f"{where}, line {node.lineno}: type {type_name!r} of {name}; valid types: {', '.join(TYPES)}")
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise FramingError(f"{where}, line {node.lineno}: the default of {name} is not a literal") from None
        help_text = comments.get(node.end_lineno or node.lineno, "")
        if not help_text:
            raise FramingError(f"{where}, line {node.lineno}: {name} has no '# help' comment")
        params[name] = Parameter(name, type_name, default, help_text)
    return params


def notebook_parameters(notebook: str | Path = ARTICLE_NOTEBOOK) -> dict[str, Parameter]:
    """The parameters declared in a notebook's cell tagged `parameters` (read as plain JSON: nbformat is slow to import)."""
    path = Path(notebook)
    if not path.is_file():
        raise FramingError(f"{path}: no such notebook")
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise FramingError(f"{path}: not a Jupyter notebook") from None
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise FramingError(f"{path}: needs exactly one cell tagged 'parameters', found {len(tagged)}")
    source = tagged[0]["source"]
    return parse_parameters_cell("".join(source) if isinstance(source, list) else source, f"{path.name}: parameters cell")


def type_ok(value: Any, type_name: str) -> bool:
    """Whether value has the annotated type (bool is not an int; an int is a float)."""
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_name == "str":
        return isinstance(value, str)
    if type_name == "list[str]":
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    if type_name == "str | list[str]":
        return type_ok(value, "str") or type_ok(value, "list[str]")
    raise FramingError(f"unknown parameter type {type_name!r}; valid types: {', '.join(TYPES)}")


def _resolve(value: str, base: Path) -> Path:
    """A user path made absolute against base (the caller's working folder)."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def _check_file(name: str, value: str, base: Path, suffixes: set[str] | None = None, allow_dir: bool = False) -> str:
    """An existing input file (or folder, if allowed) as an absolute path string."""
    path = _resolve(value, base)
    kinds = "file or folder" if allow_dir else "file"
    valid = f"an existing {kinds}" + (f" ({', '.join(sorted(suffixes))})" if suffixes else "")
    if not path.exists():
        raise FramingError(f"parameter {name}: no such {kinds} {value!r} (looked for {path}); valid: {valid}")
    if path.is_dir() and not allow_dir:
        raise FramingError(f"parameter {name}: {value!r} is a folder; valid: {valid}")
    if path.is_file() and suffixes and path.suffix.lower() not in suffixes:
        raise FramingError(f"parameter {name}: {value!r} has type {path.suffix or '(none)'!r}; valid: {valid}")
    return str(path.resolve())


def check_values(values: dict[str, Any], base: Path) -> dict[str, Any]:
    """Check the values of the report parameters that name files, backends and formats; paths made absolute."""
    out = dict(values)
    if "article" in out:
        if (_resolve(out["article"], base) / "store.duckdb").is_file():
            raise FramingError(f"parameter article: {out['article']!r} is a results store; report on it with "
                               f"'framing corpus-report --store {out['article']} --out DIR'")
        out["article"] = _check_file("article", out["article"], base, SUFFIXES)
    if "articles" in out:
        if isinstance(out["articles"], str):
            out["articles"] = _check_file("articles", out["articles"], base, SUFFIXES, allow_dir=True)
        elif not out["articles"]:
            raise FramingError("parameter articles: an empty list; valid: a folder, a corpus file, or a list of them")
        else:
            out["articles"] = [_check_file("articles", v, base, SUFFIXES, allow_dir=True) for v in out["articles"]]
    if out.get("article_reports"):
        path = _resolve(out["article_reports"], base)
        if not path.is_dir():
            raise FramingError(f"parameter article_reports: no such folder {out['article_reports']!r}; "
                               "valid: a folder of <article_id>/report.html, or empty")
        out["article_reports"] = str(path.resolve())
    if "store" in out:
        path = _resolve(out["store"], base)
        if not (path / "store.duckdb").is_file():
            raise FramingError(f"parameter store: no results store at {out['store']!r} (looked for {path / 'store.duckdb'}); "
                               "valid: a folder made by 'framing run'")
        out["store"] = str(path.resolve())
    if "frequency" in out:
        from analysis.corpus import FREQUENCIES

        if out["frequency"] not in FREQUENCIES:
            raise FramingError(f"parameter frequency: {out['frequency']!r}; valid: {', '.join(FREQUENCIES)}")
    if "voices" in out:
        from analysis.corpus import check_voices

        check_voices(out["voices"])
    if "top" in out and out["top"] < 1:
        raise FramingError(f"parameter top: {out['top']}; valid: 1 or more")
    if "backend" in out and out["backend"] not in BACKENDS:
        raise FramingError(f"parameter backend: {out['backend']!r} is not a backend; valid: {', '.join(BACKENDS)}")
    if "precision" in out and out["precision"] not in PRECISIONS:
        raise FramingError(f"parameter precision: {out['precision']!r} is not a precision; valid: {', '.join(PRECISIONS)}")
    if out.get("model"):
        path = _resolve(out["model"], base)
        if out.get("backend", "embedded") == "embedded":
            if not path.is_dir():
                raise FramingError(f"parameter model: no such model folder {out['model']!r}; valid: a folder made by "
                                   "'framing train', or empty for the packaged model")
            out["model"] = str(path.resolve())
        elif path.exists():  # zero-shot: a local folder, else a model name left as it is
            out["model"] = str(path.resolve())
    if out.get("actors"):
        out["actors"] = _check_file("actors", out["actors"], base, {".toml"})
    if "figure_formats" in out:
        formats = list(out["figure_formats"])
        bad = [f for f in formats if f not in FIGURE_FORMATS]
        if bad or not formats:
            raise FramingError(f"parameter figure_formats: {', '.join(map(repr, bad)) or 'empty list'}; "
                               f"valid: one or more of {', '.join(FIGURE_FORMATS)}")
        out["figure_formats"] = formats
    for key in ("output_dir", "figure_dir"):
        if out.get(key):
            out[key] = str(_resolve(out[key], base).resolve())
    if "output_dir" in out and not out.get("figure_dir") and "figure_dir" in out:
        out["figure_dir"] = str(Path(out["output_dir"]) / "figures")
    return out


def validate(given: Mapping[str, Any], notebook: str | Path = ARTICLE_NOTEBOOK, base: str | Path | None = None) -> dict[str, Any]:
    """All parameters of a notebook (defaults, overridden by given), checked: names, types, files, values."""
    spec = notebook_parameters(notebook)
    listing = ", ".join(f"{p.name} ({p.type})" for p in spec.values())
    for name in given:
        if name not in spec:
            close = difflib.get_close_matches(name, list(spec), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise FramingError(f"unknown parameter {name!r}{hint} for {Path(notebook).name}; valid: {listing}")
    values = {name: p.default for name, p in spec.items()} | dict(given)
    for name, value in values.items():
        if not type_ok(value, spec[name].type):
            raise FramingError(f"parameter {name} must be {spec[name].type}, not {type(value).__name__} ({value!r}); "
                               f"valid: {spec[name].describe()}")
    return check_values(values, Path(base) if base is not None else Path.cwd())


_PATH_PARAMETERS = ("article", "articles", "store", "article_reports", "actors", "model", "output_dir", "figure_dir")


def injected_names(namespace: Mapping[str, Any]) -> list[str]:
    """Names papermill assigned in the cell it injected ('# Parameters' first), found in the kernel's
    history of executed cells (`In`); none outside papermill."""
    names: list[str] = []
    for source in namespace.get("In") or []:
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            names += [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)]
    return names


def check_namespace(namespace: Mapping[str, Any], notebook: str | Path = ARTICLE_NOTEBOOK) -> dict[str, Any]:
    """Inside a notebook: the declared parameters taken from its namespace (globals()), validated.

    A value papermill injected under a name the notebook does not declare (a misspelled `-p
    articel ...`) stops the run, since papermill itself only warns. Paths left at their declared
    defaults are read from the notebook's folder, so the notebook runs from any working folder.
    """
    spec = notebook_parameters(notebook)
    missing = [name for name in spec if name not in namespace]
    if missing:
        raise FramingError(f"run the parameters cell first (missing: {', '.join(missing)})")
    stray = sorted({name for name in injected_names(namespace) if name not in spec})
    if stray:
        listing = ", ".join(spec)
        hints = [f"{n!r}" + (f" (did you mean {c[0]!r}?)" if (c := difflib.get_close_matches(n, list(spec), n=1)) else "")
                 for n in stray]
        raise FramingError(f"unknown parameter(s) {', '.join(hints)} for {Path(notebook).name}; valid: {listing}")
    values = {name: namespace[name] for name in spec}
    for name in _PATH_PARAMETERS:
        if (name in spec and isinstance(values[name], str) and values[name] and values[name] == spec[name].default
                and not Path(values[name]).is_absolute()):
            values[name] = str((Path(notebook).parent / values[name]).resolve())
    return validate(values, notebook)


def parse_assignment(text: str) -> tuple[str, Any]:
    """'name=value' from the command line: value as a Python literal if it parses, else as a string."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise FramingError(f"parameter {text!r}: write it as NAME=VALUE")
    try:
        value = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError):
        value = raw
    return name.strip(), value


# --- inside the notebook: the work itself -----------------------------------------------------

def load_model(params: Mapping[str, Any]) -> dict:
    """Load (and cache for this process) the classifier the parameters name; returns its model info."""
    import warnings

    with warnings.catch_warnings():
        # tqdm.auto, imported by the classifier, warns inside Jupyter when ipywidgets is absent; the
        # report draws no progress bars, so the warning would only be noise on the page.
        warnings.filterwarnings("ignore", message="IProgress not found")
        import tqdm.auto  # noqa: F401

        from analysis import classify

        return dict(classify.get_classifier(params["backend"], params["model"] or None, params["precision"]).info)


def read_article(params: Mapping[str, Any]) -> Article:
    """The one article the parameters name; a JSONL file holding several is refused (never its first, silently)."""
    from analysis import article

    found = list(article.read_path(params["article"]))
    articles = [a for a in found if not isinstance(a, InputError)]
    if len(found) > 1:
        raise FramingError(f"{params['article']}: holds {len(found)} articles; a report is about one article: "
                           "use 'framing compare' for all of them, or put the one you want in a file of its own")
    if not articles:
        raise found[0] if found else FramingError(f"{params['article']}: no article found")
    return articles[0]


def read_corpus(params: Mapping[str, Any]) -> list[Article]:
    """The good articles of a folder (read recursively) or a corpus file; bad files and lines are
    skipped (framing compare lists them), and a corpus without one good article raises."""
    return _corpus(params)[0]


def _corpus(params: Mapping[str, Any]) -> tuple[list[Article], list[InputError]]:
    """(good articles, problems met) of the parameters' corpus; raises when no article is good."""
    from analysis import article

    inputs = [params["articles"]] if isinstance(params["articles"], str) else list(params["articles"])
    articles, errors = article.read_articles([Path(p) for p in inputs])
    if not articles:
        raise errors[0] if errors else FramingError(f"{', '.join(inputs)}: no articles")
    return articles, errors


def score(params: Mapping[str, Any], articles: list[Article]):
    """Score articles with the parameters' backend, model and actor lexicon (analysis.score.ScoreResult)."""
    from analysis import score as score_mod

    return score_mod.score_articles(articles, backend=params["backend"], model=params["model"] or None,
                                    actors=params["actors"] or None, progress=False, precision=params["precision"])


def write_outputs(folder: str | Path, art: Article, table: pd.DataFrame, model: dict, balance: dict) -> list[Path]:
    """Write folder/paragraphs.csv and folder/summary.json (with `balance`) for one article, atomically."""
    from analysis import score as score_mod

    return score_mod.write_outputs(folder, art, table, model, {"balance": balance})


# --- outside: execute and export -------------------------------------------------------------

# exceptions of a notebook cell that are the user's input or the machine's disk, not a bug: the
# executed notebook is not kept for them (there is nothing in it to debug)
_USER_ERRORS = frozenset({"FramingError", "InputError"})
_OS_ERRORS = frozenset({"OSError", "PermissionError", "FileNotFoundError", "IsADirectoryError",
                        "NotADirectoryError", "FileExistsError"})


def _failure(exc: Exception, output: Path) -> FramingError:
    """A one-line error for a failed notebook: the user error's own message, a disk error's, else the cell's exception."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = str(getattr(exc, "evalue", exc)).strip().splitlines()
    message = evalue[-1] if evalue else ename
    if ename in _USER_ERRORS:
        return FramingError(message)
    if ename in _OS_ERRORS:
        return FramingError(f"{output.parent}: cannot write the report ({message})")
    return FramingError(f"the notebook failed ({ename}: {message}); see {output}")


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 (the kernel inherits it and logs start-up chatter there); errors come back as exceptions."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def execute(notebook: Path, params: Mapping[str, Any], output: Path, clock: dict[str, datetime] | None = None) -> Any:
    """Execute notebook with papermill into output (parameters injected); returns the executed notebook node.

    clock, if given, receives wall-clock times: 'imported' (papermill loaded) and 'finished'.
    """
    import logging

    import papermill

    if clock is not None:
        clock["imported"] = datetime.now(timezone.utc)
    logging.getLogger("papermill").setLevel(logging.ERROR)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.running.ipynb")
    # The kernel is stopped at once after the last cell: every output is in hand and every file written
    # (atomically) by then, while a graceful stop waits seconds for the kernel to exit.
    try:
        with _quiet_stderr():
            nb = papermill.execute_notebook(str(notebook), str(tmp), parameters=dict(params), kernel_name=KERNEL,
                                            cwd=str(notebook.parent), progress_bar=False, log_output=False,
                                            start_timeout=START_TIMEOUT, shutdown_kernel="immediate")
    except Exception as exc:  # papermill wraps every cell error; keep the executed notebook of a bug to look at
        if tmp.exists():
            if getattr(exc, "ename", type(exc).__name__) in _USER_ERRORS | _OS_ERRORS:
                tmp.unlink()
            else:
                tmp.replace(output)
        raise _failure(exc, output) from None
    tmp.replace(output)
    if clock is not None:
        clock["finished"] = datetime.now(timezone.utc)
    return nb


def export_html(notebook: Path, html: Path, show_code: bool = False, title: str | None = None) -> Path:
    """Export an executed notebook to one self-contained HTML page (code hidden unless show_code), atomically."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    if not show_code:  # code cells without output would only leave blank space on the page
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    # the lab page minus the scripts it fetches from the web (analysis/templates/offline)
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or notebook.stem}})
    return io.write_text(html, body)


def _parse_time(text: str | None) -> datetime | None:
    """A papermill ISO timestamp, or None."""
    return datetime.fromisoformat(text) if text else None


def timings(nb: Any, clock: Mapping[str, datetime]) -> dict[str, float]:
    """Seconds per step: papermill import, kernel start, each tagged cell group, kernel stop and saving."""
    starts, ends, tagged = [], [], {}
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        pm = meta.get("papermill", {})
        if cell.cell_type != "code" or not pm.get("start_time"):
            continue
        starts.append(_parse_time(pm["start_time"]))
        ends.append(_parse_time(pm["end_time"]))
        for tag in meta.get("tags", []):
            if tag in TIMED_TAGS and pm.get("duration") is not None:
                tagged[tag] = tagged.get(tag, 0.0) + float(pm["duration"])
    out = {"papermill import": (clock["imported"] - clock["called"]).total_seconds()}
    if starts:
        out["kernel start"] = (min(starts) - clock["imported"]).total_seconds()
    out |= tagged
    if ends:
        out["kernel stop, save"] = (clock["finished"] - max(ends)).total_seconds()
    return {k: round(v, 2) for k, v in out.items()}


def _remove_new(folder: Path, before: set[Path], keep: set[Path]) -> None:
    """Remove the files and folders under folder that are not in before (nor in keep), deepest first."""
    for path in sorted(set(folder.rglob("*")) - before - keep, key=lambda p: len(p.parts), reverse=True):
        if path.name == io.LOCK_NAME:
            continue
        try:
            if path.is_dir():
                path.rmdir()  # only when empty: a kept file keeps its folder
            else:
                path.unlink()
        except OSError:
            pass


def run(notebook: Path, params: Mapping[str, Any], folder: Path, show_code: bool, title: str) -> ReportResult:
    """Execute a validated notebook into folder, export report.html; returns the files and timings."""
    folder = Path(folder)
    output = folder / notebook.name
    clock = {"called": datetime.now(timezone.utc)}
    with io.output_lock(folder):  # one report run writes into a folder at a time
        before = set(folder.rglob("*"))
        try:
            nb = execute(notebook, params, output, clock)
            html = export_html(output, folder / HTML_NAME, show_code, title)
        except BaseException:
            # a full disk, a user error found by the notebook, an interrupt: take away what this run
            # wrote (tables, figures), so the folder holds the last complete report or nothing; the
            # notebook of a failed cell stays, to be looked at
            _remove_new(folder, before, keep={output})
            raise
    done = datetime.now(timezone.utc)
    steps = timings(nb, clock) | {"export": round((done - clock["finished"]).total_seconds(), 2),
                                  "total": round((done - clock["called"]).total_seconds(), 2)}
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return ReportResult(folder=folder, notebook=output, html=html, files=files, timings=steps)


def run_article_report(article: str | Path, out_dir: str | Path, **parameters: Any) -> ReportResult:
    """`framing report`: validate the parameters, execute article_report.ipynb into out_dir, export HTML."""
    params = validate({"article": str(article), "output_dir": str(out_dir), **parameters}, ARTICLE_NOTEBOOK)
    read_article(params)  # one readable article, before any work
    return run(ARTICLE_NOTEBOOK, params, Path(params["output_dir"]), params["show_code"],
               f"Balance of voices: {Path(params['article']).stem}")


def run_compare_report(articles: str | Path | Sequence[str | Path], out_dir: str | Path, **parameters: Any) -> ReportResult:
    """`framing compare`: validate, execute compare_articles.ipynb into out_dir, export HTML.

    articles: a folder, a corpus file, or several of them.
    """
    inputs = [str(articles)] if isinstance(articles, (str, Path)) else [str(a) for a in articles]
    given = inputs[0] if len(inputs) == 1 else inputs
    params = validate({"articles": given, "output_dir": str(out_dir), **parameters}, COMPARE_NOTEBOOK)
    _, errors = _corpus(params)  # before any work
    name = Path(inputs[0]).name if len(inputs) == 1 else f"{Path(inputs[0]).name} and {len(inputs) - 1} more"
    result = run(COMPARE_NOTEBOOK, params, Path(params["output_dir"]), params["show_code"],
                 f"Balance of voices across articles: {name}")
    result.skipped = errors
    return result


def run_corpus_report(store: str | Path, out_dir: str | Path, **parameters: Any) -> ReportResult:
    """`framing corpus-report`: validate, execute corpus_report.ipynb on a results store into out_dir, export HTML."""
    params = validate({"store": str(store), "output_dir": str(out_dir), **parameters}, CORPUS_NOTEBOOK)
    from analysis import corpus

    corpus.load_articles(params["store"], params["start"], params["end"], params["outlets"])  # a selection, before any work
    return run(CORPUS_NOTEBOOK, params, Path(params["output_dir"]), params["show_code"],
               f"Balance of voices in a corpus: {Path(params['store']).name}")


def _write_tables(folder: Path, tables: Mapping[str, pd.DataFrame], summary: Mapping[str, Any]) -> list[Path]:
    """Write folder/<name>.csv for each table (index as a column, numbers to 6 decimals) and
    folder/summary.json, atomically."""
    paths = []
    for name, table in tables.items():
        flat = table.reset_index()
        numbers = flat.select_dtypes("number").columns  # dates (periods) are left as they are
        flat[numbers] = flat[numbers].round(6)
        paths.append(io.write_csv(folder / f"{name}.csv", flat))
    paths.append(io.write_json(folder / "summary.json", dict(summary)))
    return paths


def write_corpus_outputs(folder: str | Path, tables: Mapping[str, pd.DataFrame], selection: Mapping[str, Any]) -> list[Path]:
    """Write folder/<name>.csv for each corpus table and folder/summary.json (the selection and its size), atomically."""
    return _write_tables(Path(folder), tables, selection)


def format_timings(steps: Mapping[str, float]) -> str:
    """'total 12.3 s (kernel start 1.2, imports 4.5, ...)' for the command line."""
    parts = ", ".join(f"{k} {v:.1f}" for k, v in steps.items() if k != "total")
    return f"{steps.get('total', 0.0):.1f} s ({parts})"


def fields_table(articles: list[Article]) -> pd.DataFrame:
    """Article fields (title, outlet, date, ...) as a table indexed by article_id."""
    return pd.DataFrame([a.fields() for a in articles]).set_index("article_id")


def write_compare_outputs(folder: str | Path, tables: Mapping[str, pd.DataFrame], balances: dict, model: dict) -> list[Path]:
    """Write folder/<name>.csv for each table and folder/summary.json (model, balance by article), atomically."""
    return _write_tables(Path(folder), tables, {"model": model, "articles": len(balances), "balance": balances})
