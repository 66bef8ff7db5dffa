"""The ``quizgen`` command line: parse the arguments, build the catalog, act, report.

Exit codes are a contract for scripts and CI: 0 when everything is clean, 1 when problems
were found in the input, 2 for a usage error. Bad input never produces a traceback.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from quizgen import __version__
from quizgen.catalog import CatalogBuilder
from quizgen.models import Catalog
from quizgen.project import settings
from quizgen.report import Issue, format_json, format_text

#: Exit code when the input has problems (0: clean; click exits 2 on a usage error).
PROBLEMS = 1


def load(paths: Sequence[Path], source: Path | None = None) -> tuple[Catalog | None, list[Issue]]:
    """Build the catalog with the garbage collector paused.

    Loading makes millions of small objects and no cycles; CPython's collector would walk
    them again and again (it triples the time of a large load) for nothing.
    """
    project = settings()
    gc.disable()
    try:
        return CatalogBuilder().build(list(paths) or [project.banks_dir], source=source or project.source)
    finally:
        gc.enable()


def _report(issues: list[Issue], output: str, *, to_stderr: bool = False) -> None:
    if output == "json":
        click.echo(format_json(issues), nl=False)
        return
    text = format_text(issues)
    if text:
        click.echo(text, nl=False, err=to_stderr)
    errors = sum(i.severity == "error" for i in issues)
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found.", err=True)


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
source_option = click.option(
    "--source",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The article, when the banks should be checked against a specific one.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def main() -> None:
    """Turn a source article and YAML question banks into a learning site.

    Banks live in questions/ (one YAML file per topic, plus glossary.yml); the article in
    seeds/. See docs/authoring.md for the bank format. When mkdocs.yml configures the
    quizgen plugin (banks_dir, source, article_title), the commands use the same settings.
    """


@main.command()
@paths_argument
@source_option
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print problems.",
)
def validate(paths: tuple[Path, ...], source: Path | None, output: str) -> None:
    """Check banks and glossary against the schema and the article.

    PATHS are bank files or folders (default: questions). Every problem is printed as
    file:line:col: $.path: message (what to do). Exits 0 when clean, 1 when problems were found.
    """
    catalog, issues = load(paths, source)
    _report(issues, output)
    if catalog is None:
        sys.exit(PROBLEMS)
    if output == "text":
        n, banks = len(catalog.questions()), len(catalog.banks)
        click.echo(
            f"ok: {n} question{'s' if n != 1 else ''} in {banks} bank{'s' if banks != 1 else ''}, "
            f"{len(catalog.terms)} glossary terms, all evidence found in {catalog.source.file}."
        )


@main.command("coverage")
@paths_argument
@source_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when a paragraph is uncovered or a glossary term is unused.")
def coverage_command(paths: tuple[Path, ...], source: Path | None, as_json: bool, strict: bool) -> None:
    """Show which paragraphs each question covers, and what is left out.

    Lists every paragraph of the article with the questions whose evidence lies in it and the
    glossary terms that occur in it, the totals per bank, type and difficulty, and flags
    uncovered paragraphs and glossary terms the article never uses.
    """
    from quizgen.coverage import coverage
    from quizgen.coverage import format_json as cov_json
    from quizgen.coverage import format_text as cov_text

    catalog, issues = load(paths, source)
    if catalog is None:
        _report(issues, "text")
        sys.exit(PROBLEMS)
    report = coverage(catalog)
    click.echo(cov_json(report) if as_json else cov_text(report), nl=False)
    if strict and (report["uncovered_paragraphs"] or report["unused_terms"]):
        sys.exit(PROBLEMS)


@main.command()
@paths_argument
@source_option
@click.option("--pdf", "pdf_dir", type=click.Path(path_type=Path, file_okay=False), help="Write PDFs into this folder.")
@click.option(
    "--html",
    "html_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write printable HTML into this folder.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size.")
@click.option("--title", default=None, help="Title of the article, as printed (default: article_title in mkdocs.yml).")
def sheets(
    paths: tuple[Path, ...],
    source: Path | None,
    pdf_dir: Path | None,
    html_dir: Path | None,
    paper: str,
    title: str | None,
) -> None:
    """Print study sheets and answer keys, the article and the glossary.

    For every bank, writes <bank>-sheet (questions only: no answers, feedback or
    explanations) and <bank>-key (answers, explanations and evidence with paragraph
    numbers), plus article (numbered paragraphs) and glossary. PDFs need Chromium.
    """
    from quizgen.sheets import SheetsError, documents, write_html, write_pdfs

    if not pdf_dir and not html_dir:
        raise click.UsageError("say where to write: --pdf DIR and/or --html DIR")
    catalog, issues = load(paths, source)
    if catalog is None:
        _report(issues, "text")
        sys.exit(PROBLEMS)
    docs = documents(catalog, title or settings().article_title, paper)
    try:
        written = write_html(docs, html_dir) if html_dir else []
        written += write_pdfs(docs, pdf_dir) if pdf_dir else []
    except SheetsError as err:
        click.echo(f"quizgen sheets: {err}", err=True)
        sys.exit(PROBLEMS)
    for path in written:
        click.echo(str(path))


@main.command("schema")
@click.option("--glossary", is_flag=True, help="Print the glossary schema instead of the bank schema.")
def schema_command(glossary: bool) -> None:
    """Print the JSON Schema (draft 2020-12) for question banks."""
    from quizgen.schema import schema_text

    click.echo(schema_text("glossary" if glossary else "bank"), nl=False)


@main.command()
@paths_argument
@source_option
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True, help="Output format.")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
def export(paths: tuple[Path, ...], source: Path | None, fmt: str, out: Path | None) -> None:
    """Write the whole validated catalog as one JSON document.

    The document holds the article's paragraphs, every bank with its questions and answers,
    and the glossary. Nothing is written when the input has problems.
    """
    from quizgen.export import export_json
    from quizgen.fsutil import write_atomic

    catalog, issues = load(paths, source)
    if catalog is None:
        _report(issues, "text", to_stderr=True)  # stdout is for the JSON document only
        sys.exit(PROBLEMS)
    text = export_json(catalog)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
