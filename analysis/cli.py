"""The `framing` command line: one command per step of the study, each with --help."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from analysis import article
from analysis.errors import FramingError, InputError

app = typer.Typer(
    name="framing",
    help="Measure whose voices a news article carries and how it frames an event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_USER_ERROR = 2


@app.callback()
def _root() -> None:
    """Measure whose voices a news article carries and how it frames an event."""

Paths = Annotated[list[Path], typer.Argument(help="Article files: .txt, .md, .html or .jsonl (one article per line).", show_default=False)]
Encoding = Annotated[str | None, typer.Option(help="Text encoding of the inputs (default: UTF-8, falling back to Windows-1252 with a warning).")]


def fail(message: str) -> NoReturn:
    """Print a one-line error on stderr and exit with the user-error status."""
    typer.echo(f"framing: error: {message}", err=True)
    raise typer.Exit(EXIT_USER_ERROR)


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


@app.command()
def paragraphs(
    paths: Paths,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the CSV here instead of standard output.")] = None,
    encoding: Encoding = None,
) -> None:
    """Print the paragraph table (article_id, paragraph, text, words) as CSV."""
    articles, errors = read_inputs(paths, encoding)
    table = article.paragraph_table(articles)
    if out is None:
        table.to_csv(sys.stdout, index=False)
    else:
        from analysis import io

        io.write_csv(out, table)
        typer.echo(f"wrote {len(table)} paragraphs of {len(articles)} article(s) to {out}", err=True)
    report_input_errors(errors)
    if errors:
        raise typer.Exit(EXIT_USER_ERROR)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI on argv and return its exit status; user errors become one stderr line, status 2."""
    try:
        app(args=argv, prog_name="framing")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except FramingError as exc:
        typer.echo(f"framing: error: {exc}", err=True)
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
