"""The `framing` command line: one command per step of the study, each with --help."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from analysis import article
from analysis.errors import FramingError, InputError

def _no_type_label(option):
    """The --help option without its '<bool>' type label (a flag takes no value)."""
    if option is not None:
        option.metavar = ""
    return option


class _Group(typer.core.TyperGroup):
    """The `framing` group: --help rows of the group and its commands without a '<bool>' label."""

    def get_help_option(self, ctx):
        return _no_type_label(super().get_help_option(ctx))

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _no_type_label(command.get_help_option(ctx))
        return command


app = typer.Typer(
    name="framing",
    help="Measure whose voices a news article carries and how it frames an event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Group,
)

EXIT_USER_ERROR = 2


def _version(value: bool) -> None:
    """--version: print the installed package's version and stop."""
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"framing-study {version('framing-study')}")
        except PackageNotFoundError:
            typer.echo("framing-study (not installed as a package)")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, show_default=False, metavar="",
                                               help="Print the version and exit.")] = False,
) -> None:
    """Measure whose voices a news article carries and how it frames an event."""

Paths = Annotated[list[Path], typer.Argument(help="Article files (.txt, .md, .html, or .jsonl with one article per line) or folders of them (read recursively).", show_default=False)]
Encoding = Annotated[str | None, typer.Option(help="Text encoding of the inputs (default: UTF-8, falling back to Windows-1252 with a warning).")]


def fail(message: str) -> NoReturn:
    """Print a one-line error on stderr and exit with the user-error status."""
    typer.echo(f"framing: error: {message}", err=True)
    raise typer.Exit(EXIT_USER_ERROR)


def _writable_ancestor(path: Path, option: str) -> None:
    """Fail unless the nearest existing folder above path is a folder this process may write in."""
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        fail(f"{option} {path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        fail(f"{option} {path}: cannot create it in {parent} (no write permission)")


def check_out_folder(out: Path, option: str = "--out") -> None:
    """Fail, before any work, when out cannot be an output folder (an existing file, an unwritable place); creates nothing."""
    if out.exists():
        if not out.is_dir():
            fail(f"{option} {out}: is a file; give a folder (it will be created if missing)")
        if not os.access(out, os.W_OK | os.X_OK):
            fail(f"{option} {out}: cannot write in this folder (no write permission)")
        return
    _writable_ancestor(out, option)


def check_out_file(out: Path, option: str = "--out") -> None:
    """Fail, before any work, when out cannot be written as a file (a folder, an unwritable place)."""
    if out.is_dir():
        fail(f"{option} {out}: is a folder; give a file name")
    if out.exists() and not os.access(out, os.W_OK):
        fail(f"{option} {out}: cannot overwrite this file (no write permission)")
    _writable_ancestor(out, option)


def report_input_errors(errors: list[InputError]) -> None:
    """List each bad input on its own stderr line."""
    for err in errors:
        typer.echo(f"framing: error: {err}", err=True)


def read_inputs(paths: list[Path], encoding: str | None) -> tuple[list[article.Article], list[InputError]]:
    """Read all inputs; fail at once if none of them gives an article."""
    articles, errors = article.read_articles(paths, encoding)
    if not articles:
        report_input_errors(errors)
        raise typer.Exit(EXIT_USER_ERROR)
    return articles, errors


def emit_table(table, out: Path | None, n_articles: int, errors: list[InputError]) -> None:
    """Write a table as CSV to out (atomically) or standard output, then list bad inputs and exit 2 if any."""
    if out is None:
        from analysis import io

        io.spreadsheet_safe(table).to_csv(sys.stdout, index=False)
    else:
        from analysis import io

        io.write_csv(out, table)
        typer.echo(f"wrote {len(table)} paragraphs of {n_articles} article(s) to {out}", err=True)
    report_input_errors(errors)
    if errors:
        raise typer.Exit(EXIT_USER_ERROR)


def _chunk_result(task: tuple, future) -> list[tuple[str, str, str | None, str | None]]:
    """A worker's results for a chunk; a bad model or lexicon is raised, a lost worker costs its chunk."""
    from concurrent.futures.process import BrokenProcessPool

    from analysis import workers as workers_mod

    try:
        return future.result()
    except FramingError:
        raise
    except BrokenProcessPool as exc:
        return [(art.id, art.source, None, f"cannot score it (its worker process died: {workers_mod.describe(exc)})")
                for art in task[0]]


def _articles_bar(total: int, show: bool):
    """A progress bar over articles written (the worker processes show none of their own)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="articles", unit="article", disable=not show or None, leave=False)


@app.command()
def paragraphs(
    paths: Paths,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the CSV here instead of standard output.")] = None,
    encoding: Encoding = None,
) -> None:
    """Print the paragraph table (article_id, paragraph, text, words) as CSV."""
    if out is not None:
        check_out_file(out)
    articles, errors = read_inputs(paths, encoding)
    table = article.paragraph_table(articles)
    emit_table(table, out, len(articles), errors)


Backend = Annotated[str, typer.Option(help="Classifier backend: 'embedded' (offline default) or 'zero-shot' (any NLI model).")]
Model = Annotated[str | None, typer.Option(help="embedded: a model folder from 'framing train' (default: the packaged model); zero-shot: an NLI model name or local path (default: facebook/bart-large-mnli).")]
Actors = Annotated[Path | None, typer.Option(help="A TOML actor lexicon that extends the packaged one (see analysis/actors.toml).")]
Progress = Annotated[bool, typer.Option("--progress/--no-progress", show_default=False, metavar="",
                                         help="Progress bars on standard error (default: only when it is a terminal; --no-progress: never).")]
FrozenLayers = Annotated[int, typer.Option(min=0, max=6, help="Encoder layers kept frozen in training (of 6; fewer = more fine-tuning, slower training).")]
Split = Annotated[str, typer.Option(help="Which events of DATA: 'all', or the project's declared split of the real development set: 'tuning' (voice_model.TUNING_EVENTS) or 'untouched' (the rest).")]
Precision = Annotated[str, typer.Option(help="Encoder precision at inference: 'auto' (bf16 where the CPU has native bf16, else fp32), 'fp32' or 'bf16'; recorded in summary.json.")]
Workers = Annotated[int, typer.Option(min=0, help="Worker processes, each with one torch thread, scoring chunks of articles in parallel: 0 (default) means one per core, and this process alone when the input is a single chunk.")]
VoiceMethod = Annotated[str, typer.Option("--voices", help="Voice attribution: 'learned' (default: the rules propose, the voice model decides) or 'rules' (the rules alone); figures for both in MODEL_CARD.md.")]


def check_voice_method(method: str) -> None:
    """Refuse an unknown --voices value with one line."""
    from analysis.voice_model import METHODS

    if method not in METHODS:
        fail(f"--voices must be one of {', '.join(METHODS)}, not {method!r}")


def check_precision(precision: str) -> None:
    """Fail with a one-line error on an unknown --precision."""
    from analysis.classify import PRECISIONS

    if precision not in PRECISIONS:
        fail(f"--precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")


@app.command()
def voices(
    paths: Paths,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the CSV here instead of standard output.")] = None,
    actors: Actors = None,
    encoding: Encoding = None,
    voice_method: VoiceMethod = "learned",  # voice_model.DEFAULT_METHOD (a test keeps them equal)
    precision: Precision = "auto",  # classify.DEFAULT_PRECISION (a test keeps them equal)
) -> None:
    """Print the paragraph table with who speaks in each paragraph (voice, speaker, cue, evidence, rule, p_<voice>) as CSV."""
    from analysis import voice_model
    from analysis import voices as voices_mod

    check_voice_method(voice_method)
    check_precision(precision)
    if out is not None:
        check_out_file(out)
    lexicon = voices_mod.load_lexicon(actors)
    articles, errors = read_inputs(paths, encoding)
    table = voice_model.attribute(article.paragraph_table(articles), lexicon, voices_mod.sources_of(articles), voice_method,
                                  precision=precision)
    emit_table(table, out, len(articles), errors)


@app.command()
def score(
    paths: Paths,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: OUT/<article_id>/paragraphs.csv and summary.json.")],
    backend: Backend = "embedded",
    model: Model = None,
    actors: Actors = None,
    encoding: Encoding = None,
    progress: Progress = True,
    voice_method: VoiceMethod = "learned",  # voice_model.DEFAULT_METHOD (a test keeps them equal)
    precision: Precision = "auto",  # classify.DEFAULT_PRECISION (a test keeps them equal)
    workers: Workers = 0,
) -> None:
    """Attribute voices and score frame and stance for every paragraph; one folder per article."""
    check_voice_method(voice_method)
    check_precision(precision)
    check_out_folder(out)
    from analysis import io
    from analysis import score as score_mod
    from analysis import workers as workers_mod

    articles, errors = read_inputs(paths, encoding)
    parts = workers_mod.chunks(articles)
    n_workers = workers_mod.resolve_workers(workers, len(parts))
    options = dict(backend=backend, model=str(model) if model else None, actors=str(actors) if actors else None,
                   voice_method=voice_method, precision=precision, progress=progress and n_workers == 1)
    tasks = [(part, str(out), options) for part in parts]
    with io.output_lock(out):
        # each article is written as soon as its chunk is scored; a failure costs that article only
        if n_workers == 1:
            done = ((task, score_mod.write_chunk(task)) for task in tasks)
        else:
            done = ((task, _chunk_result(task, future)) for task, future in workers_mod.imap(score_mod.write_chunk, tasks, n_workers))
        bar = _articles_bar(len(articles), progress and n_workers > 1)
        for _, results in done:
            for article_id, source, folder, error in results:
                bar.update(1)
                if error is not None:
                    errors.append(InputError(source, f"article {article_id}: {error}"))
                else:
                    typer.echo(f"wrote {folder}", err=True)
        bar.close()
    report_input_errors(errors)
    if errors:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command()
def train(
    data: Annotated[list[Path], typer.Argument(help="Labelled JSONL files or folders of them (see data/README.md).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the trained model (config.json, top.safetensors).")],
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs.")] = 8,
    seed: Annotated[int, typer.Option(help="Random seed (same data + seed + threads = same model).")] = 13,
    frozen_layers: FrozenLayers = 3,  # training.TrainConfig's default
    threads: Annotated[int, typer.Option(min=1, help="torch threads while training. The weights depend on it (the order of floating-point sums), so it is fixed, not taken from the machine; the shipped model used 2.")] = 2,
    progress: Progress = True,
) -> None:
    """Train the embedded frame/stance model on labelled paragraphs."""
    from analysis import data as data_mod
    from analysis import training

    table = data_mod.load_labelled(data)
    data_mod.check_trainable(table, ", ".join(map(str, data)))
    config = training.TrainConfig(epochs=epochs, seed=seed, frozen_layers=frozen_layers, threads=threads)
    folder = training.train(table, out, config, progress=progress,
                            meta={"training_files": [p.name for p in data_mod.expand(data)]})
    typer.echo(f"trained on {len(table)} paragraphs from {table['event'].nunique()} events; wrote {folder}", err=True)


@app.command()
def evaluate(
    data: Annotated[list[Path], typer.Argument(help="Labelled JSONL files or folders of them.", show_default=False)],
    model: Annotated[Path | None, typer.Option(help="Evaluate this trained model folder on DATA; without it, run grouped cross-validation by event.")] = None,
    design: Annotated[str, typer.Option(help="Cross-validation design: 'finetune' (shipped) or 'frozen' (baseline: heads on frozen embeddings).")] = "finetune",
    folds: Annotated[int, typer.Option(min=2, help="Number of event-grouped folds.")] = 5,
    voices_from: Annotated[str, typer.Option("--voices", help="'predicted' (the attribution rules alone), 'learned' (the default path of real use, the voice model over the rules; under cross-validation a voice model trained without each event, with --train data added) or 'gold' (the labelled voices); several separated by commas are all scored by the same models.")] = "predicted",
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs per fold.")] = 8,
    train: Annotated[list[Path] | None, typer.Option(help="Cross-validation only: labelled data added to every fold's training set, never scored (e.g. data/train when DATA is real news).")] = None,
    split: Split = "all",
    frozen_layers: FrozenLayers = 3,  # training.TrainConfig's default
    predictions: Annotated[Path | None, typer.Option(help="Also write every scored paragraph with its probabilities (out-of-fold under cross-validation) here as CSV.")] = None,
    actors: Actors = None,
    progress: Progress = True,
) -> None:
    """Macro-F1, per-class F1, confusion matrices and calibration error for frame and stance."""
    if predictions is not None:
        check_out_file(predictions, "--predictions")
    from analysis import data as data_mod
    from analysis import evaluation

    chosen = parse_voices(voices_from)
    if train and model is not None:
        fail("--train adds data to cross-validation folds; it does not apply with --model")
    results = evaluation.evaluate_many(data_mod.load_labelled(data), model=model, design=design, folds=folds,
                                       voices_from=chosen, epochs=epochs, actors=actors, progress=progress,
                                       sources=data_mod.article_sources(data),
                                       extra=data_mod.load_labelled(train) if train else None, split=split,
                                       frozen_layers=frozen_layers,
                                       extra_sources=data_mod.article_sources(train) if train else None)
    typer.echo("\n\n".join(result.text for result in results.values()))
    if predictions is not None:
        from analysis import io

        table = evaluation.predictions_table(results)
        io.write_csv(predictions, table)
        typer.echo(f"wrote {len(table)} rows ({len(results)} voice source(s)) to {predictions}", err=True)


def parse_voices(spec: str) -> list[str]:
    """--voices 'gold,learned' -> the voice sources, or a one-line error naming the valid ones."""
    from analysis import evaluation

    try:
        return evaluation.parse_voice_sources(spec)
    except FramingError as exc:
        fail(f"--voices: {exc}")


@app.command()
def calibrate(
    data: Annotated[list[Path], typer.Argument(help="Labelled JSONL files or folders of them.", show_default=False)],
    model: Annotated[Path, typer.Option(help="The model folder whose config.json gets the temperatures (the packaged one is analysis/model).")],
    head: Annotated[list[str] | None, typer.Option(help="Head(s) to calibrate: frame, stance (default both); a head not named keeps temperature 1.")] = None,
    cv: Annotated[bool, typer.Option("--cv", metavar="", show_default=False, help="For a model trained on DATA itself: fit on the out-of-fold predictions of grouped cross-validation over DATA (with --train data in every fold) instead of scoring DATA with the model.")] = False,
    train: Annotated[list[Path] | None, typer.Option(help="With --cv: labelled data added to every fold's training set (the rest of the model's training data).")] = None,
    split: Split = "all",
    folds: Annotated[int, typer.Option(min=2, help="With --cv: number of event-grouped folds.")] = 5,
    voices_from: Annotated[str, typer.Option("--voices", help="The voices the held-out paragraphs are read with: 'gold' (the labelled voices, so the fit sees the classifier's own confidence and not the voice's errors; the shipped temperatures), 'learned' (real use's default path; under --cv a voice model trained without each event) or 'predicted' (the rules). Several separated by commas: fitted on the first; with --cv the others are scored by the same models and reported.")] = "gold",
    predictions: Annotated[Path | None, typer.Option(help="Also write the scored paragraphs the fit used (out of fold under --cv; raw probabilities, before any temperature; every --voices source, named in 'voices_from') here as CSV, so later analyses need not repeat the cross-validation.")] = None,
    actors: Actors = None,
    progress: Progress = True,
) -> None:
    """Fit one temperature per head (frame, stance) on held-out labelled data, read with the
    labelled voices unless --voices says otherwise, and write them into the model's config.json."""
    from analysis import classify, evaluation, io
    from analysis import data as data_mod

    if train and not cv:
        fail("--train only applies with --cv")
    if predictions is not None:
        check_out_file(predictions, "--predictions")
    chosen = parse_voices(voices_from)
    result = evaluation.calibrate(model, data_mod.load_labelled(data), heads=head or ("frame", "stance"), cv=cv,
                                  extra=data_mod.load_labelled(train) if train else None, split=split, folds=folds,
                                  actors=actors, sources=data_mod.article_sources(data), progress=progress,
                                  voices_from=chosen, extra_sources=data_mod.article_sources(train) if train else None)
    typer.echo(result.text)
    config_path = Path(model) / classify.CONFIG_FILE
    config = json.loads(config_path.read_text(encoding="utf-8"))  # read and checked by calibrate()
    config["temperature"] = result.temperatures
    config["calibration"] = {"files": [p.name for p in data_mod.expand(data)], "split": split,
                             "method": f"grouped {folds}-fold cross-validation by event, out-of-fold" if cv else "the model on held-out data",
                             "voices": {"predicted": "predicted (rules)", "learned": "learned (the default path)"
                                        + (", out of fold" if cv else ""), "gold": "gold"}[chosen[0]],
                             "figures": result.figures}
    if predictions is not None:  # before config.json: a long run's probabilities are kept even if that write fails
        io.write_csv(predictions, result.predictions)
        typer.echo(f"wrote {len(result.predictions)} rows to {predictions}", err=True)
    io.write_json(config_path, config)
    typer.echo(f"wrote {config_path}", err=True)


@app.command("train-voices")
def train_voices(
    data: Annotated[list[Path], typer.Argument(help="Voice-labelled JSONL files or folders of them (paragraphs with a 'voice').", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The voice model JSON to write (the packaged one is analysis/model/voice.json).")],
    progress: Progress = True,
) -> None:
    """Train the voice model (the learned decision over the attribution rules) on labelled articles."""
    from analysis import voice_model

    labelled = voice_model.read_labelled(data)
    model = voice_model.train(labelled, progress=progress, meta={"training_files": [p.name for p in data]})
    path = voice_model.save(model, out)
    typer.echo(f"trained on {len(labelled.table)} paragraphs from {labelled.table['event'].nunique()} events; wrote {path}", err=True)


@app.command("evaluate-voices")
def evaluate_voices(
    data: Annotated[list[Path], typer.Argument(help="Voice-labelled JSONL files or folders of them.", show_default=False)],
    cv: Annotated[bool, typer.Option("--cv/--model", metavar="", help="--cv: leave-one-event-out cross-validation on DATA (with --train data in every fold); --model: the packaged (or --voice-model) model as is.")] = True,
    train_data: Annotated[list[Path] | None, typer.Option("--train", help="With --cv: labelled data added to every fold's training set (e.g. data/train).")] = None,
    voice_model_file: Annotated[Path | None, typer.Option("--voice-model", help="With --model: a voice model JSON from 'framing train-voices'.")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write every paragraph with both paths' voices here as CSV.")] = None,
    progress: Progress = True,
) -> None:
    """Voice accuracy, per-voice F1, confusion and mean per-article balance error: the rules and the learned path side by side."""
    from analysis import io, voice_model, voices

    labelled = voice_model.read_labelled(data)
    if cv:
        extra = voice_model.read_labelled(train_data) if train_data else None
        pred = voice_model.cross_validate(labelled, extra, progress=progress)
        title = "leave-one-event-out cross-validation" + (f", plus {', '.join(map(str, train_data))} in every fold" if train_data else "")
    else:
        model = voice_model.load(voice_model_file) if voice_model_file else voice_model.load()
        pred = voice_model.attribute(labelled.table, voices.load_lexicon(), labelled.sources, "learned", model, progress)
        title = f"voice model {voice_model_file or voice_model.VOICE_MODEL_FILE} as is"
    typer.echo(voice_model.report(pred, title))
    if errors:
        io.write_csv(errors, pred)


@app.command("run")
def run_corpus(
    paths: Paths,
    store: Annotated[Path, typer.Option("--store", "-s", help="The results store folder (created if missing): store.duckdb and parquet/.")],
    backend: Backend = "embedded",
    model: Model = None,
    actors: Actors = None,
    encoding: Encoding = None,
    progress: Progress = True,
    voice_method: VoiceMethod = "learned",  # voice_model.DEFAULT_METHOD (a test keeps them equal)
    precision: Precision = "auto",  # classify.DEFAULT_PRECISION (a test keeps them equal)
    engine: Annotated[str, typer.Option(help="Where to score: 'local' (this process) or 'dask' (the workers of a dask.distributed cluster, each loading the models once).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="With --engine dask: the scheduler's address (default: a LocalCluster with one single-threaded worker per core).")] = None,
) -> None:
    """Score a corpus into a results store, incrementally: only new and changed articles are scored
    (a key of content, models, lexicon and code decides); each is written as soon as it is done."""
    from analysis import store as store_mod

    check_voice_method(voice_method)
    check_precision(precision)
    check_out_folder(store, "--store")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"{', '.join(missing)}: no such file or folder")  # a typo makes no store

    def said(art, error) -> None:
        if error is not None:
            typer.echo(f"framing: error: {art.source}: article {art.id}: {error}", err=True)

    # articles are read one by one as the run goes: a corpus never has to fit in memory
    result = store_mod.run(article.iter_articles(paths, encoding), store, inputs=[str(p) for p in paths],
                           backend=backend, model=model, actors=actors, precision=precision,
                           voice_method=voice_method, progress=progress, on_article=said,
                           on_error=lambda err: report_input_errors([err]), engine=engine, scheduler=scheduler)
    typer.echo(f"{store}: {result.summary()}", err=True)  # the one line a scheduled run mails
    if result.failed:
        raise typer.Exit(EXIT_USER_ERROR)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement over the tables paragraphs, articles, runs and failures (DuckDB).", show_default=False)],
    store: Annotated[Path, typer.Option("--store", "-s", help="The results store folder made by 'framing run'.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the CSV here instead of standard output.")] = None,
) -> None:
    """Query a results store with SQL (DuckDB); the result as CSV."""
    from analysis import store as store_mod

    if out is not None:
        check_out_file(out)
    from analysis import io

    with store_mod.Store(store, read_only=True) as opened:
        table = opened.query(sql)
    if out is None:
        io.spreadsheet_safe(table).to_csv(sys.stdout, index=False)
    else:
        io.write_csv(out, table)
        typer.echo(f"wrote {len(table)} rows to {out}", err=True)


Figures = Annotated[Path | None, typer.Option(help="Folder for the figures (default: OUT/figures).")]
Formats = Annotated[str, typer.Option("--formats", help="Figure formats, comma-separated: any of pdf, svg, png.")]
ShowCode = Annotated[bool, typer.Option("--show-code/--hide-code", metavar="", show_default=False, help="Show the code cells in report.html (hidden by default).")]
Params = Annotated[list[str] | None, typer.Option("--param", "-p", help="Any other notebook parameter as NAME=VALUE (repeatable); see 'papermill --help-notebook'.")]


def _report_parameters(backend: str, model: str | None, actors: Path | None, figures: Path | None, formats: str,
                       show_code: bool, param: list[str] | None, precision: str = "auto") -> dict:
    """Notebook parameters from the report options; -p NAME=VALUE pairs come last and win."""
    from analysis import report as report_mod

    values: dict = {"backend": backend, "model": model or "", "precision": precision, "actors": str(actors) if actors else "",
                    "figure_dir": str(figures) if figures else "",
                    "figure_formats": [f.strip() for f in formats.split(",") if f.strip()], "show_code": show_code}
    values.update(report_mod.parse_assignment(p) for p in param or [])
    return values


def _announce(result) -> None:
    """Say on stderr what a notebook report wrote and where its time went."""
    from analysis import report as report_mod

    typer.echo(f"wrote {result.html} and {len(result.files) - 1} other files in {result.folder}", err=True)
    typer.echo(f"time: {report_mod.format_timings(result.timings)}", err=True)
    if result.skipped:
        report_input_errors(result.skipped)  # compared without them
        raise typer.Exit(EXIT_USER_ERROR)


def _notebook_command(name: str, metavar: str, target_help: str, out_help: str, doc: str, runner: str,
                      many: bool = False) -> None:
    """Register a command that runs one of the report notebooks; both share the notebook options.

    many: the command takes one or more inputs (a list of paths) instead of one.
    """

    def command(
        target: Path,
        out: Path,
        backend: Backend = "embedded",
        model: Model = None,
        actors: Actors = None,
        figures: Figures = None,
        formats: Formats = "pdf,svg,png",
        show_code: ShowCode = False,
        param: Params = None,
        precision: Precision = "auto",  # classify.DEFAULT_PRECISION (a test keeps them equal)
    ) -> None:
        from analysis import report as report_mod

        check_out_folder(out)
        values = _report_parameters(backend, model, actors, figures, formats, show_code, param, precision)
        _announce(getattr(report_mod, runner)(target, out, **values))

    # Set as objects, not strings: these annotations close over this call's arguments.
    command.__annotations__.update(
        target=Annotated[list[Path] if many else Path, typer.Argument(metavar=metavar, help=target_help, show_default=False)],
        out=Annotated[Path, typer.Option("--out", "-o", help=out_help)],
    )
    command.__doc__ = doc
    app.command(name)(command)


@app.command("corpus-report")
def corpus_report(
    store: Annotated[Path, typer.Option("--store", "-s", help="The results store folder made by 'framing run'.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Report folder: report.html, the executed notebook, tables, summary.json, figures/.")],
    start: Annotated[str, typer.Option(help="First date to include (YYYY-MM-DD); undated articles are then left out.")] = "",
    end: Annotated[str, typer.Option(help="Last date to include (YYYY-MM-DD).")] = "",
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="An outlet to include, as stored (repeatable; default: all).")] = None,
    voice: Annotated[list[str] | None, typer.Option("--voice", help="A voice to show in the trends and tables, by its code (repeatable; default: all). Shares stay shares of all paragraphs.")] = None,
    frequency: Annotated[str, typer.Option(help="Time step of the trends: week, month, quarter or year.")] = "month",
    top: Annotated[int, typer.Option(help="How many of the articles furthest from the balance to list.")] = 10,
    article_reports: Annotated[Path | None, typer.Option(help="A folder of per-article reports (<article_id>/report.html) to link from the page.")] = None,
    figures: Figures = None,
    formats: Formats = "pdf,svg,png",
    show_code: ShowCode = False,
) -> None:
    """The balance of voices in a results store: over time, by outlet, the justification-to-criticism
    ratio over time, and the articles furthest from the balance (notebooks/corpus_report.ipynb)."""
    from analysis import report as report_mod

    check_out_folder(out)
    values = {"start": start, "end": end, "outlets": list(outlet or []), "voices": list(voice or []),
              "frequency": frequency, "top": top,
              "article_reports": str(article_reports) if article_reports else "",
              "figure_dir": str(figures) if figures else "",
              "figure_formats": [f.strip() for f in formats.split(",") if f.strip()], "show_code": show_code}
    _announce(report_mod.run_corpus_report(store, out, **values))


_notebook_command(
    "report", "ARTICLE", "The article: .txt, .md, .html, or a .jsonl holding one article (several: use compare; a results store: corpus-report).",
    "Report folder: report.html, the executed notebook, paragraphs.csv, summary.json, figures/.",
    "Score one article and write its balance-of-voices report (notebooks/article_report.ipynb, run by papermill).",
    "run_article_report",
)
_notebook_command(
    "compare", "ARTICLES", "Article files, folders (read recursively) and JSONL corpora, as 'framing score' takes them.",
    "Report folder: report.html, the executed notebook, tables, summary.json, figures/.",
    "Balance of voices across articles, by article, outlet and date (notebooks/compare_articles.ipynb).",
    "run_compare_report", many=True,
)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI on argv and return its exit status; user errors become one stderr line, status 2."""
    try:
        app(args=argv, prog_name="framing")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except FramingError as exc:
        typer.echo(f"framing: error: {exc}", err=True)
        return EXIT_USER_ERROR
    except OSError as exc:
        # a full disk, a path that turned into a file, a permission taken away mid-run
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"framing: error: {where}{exc.strerror or exc}", err=True)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        typer.echo("framing: interrupted", err=True)
        return 130
    return 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
