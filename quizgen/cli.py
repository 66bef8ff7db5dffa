"""The ``quizgen`` command line: parse the arguments, build the catalog, act, report.

Exit codes are a contract for scripts and CI: 0 when everything is clean, 1 when problems
were found in the input, 2 for a usage error. Bad input never produces a traceback.

Every command reads the course's settings from ``mkdocs.yml`` (``-f`` names another) through
the same reader as the MkDocs plugin, so the command line and the site always agree.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from quizgen import __version__
from quizgen.catalog import CatalogBuilder
from quizgen.models import Catalog
from quizgen.report import Issue, format_json, format_text, sort_issues
from quizgen.settings import Settings

#: Exit code when the input has problems (0: clean; click exits 2 on a usage error).
PROBLEMS = 1


def settings(config_file: Path | None = None) -> tuple[Settings, list[Issue]]:
    from quizgen.config import read_settings

    ctx = click.get_current_context(silent=True)
    if config_file is None and ctx is not None and ctx.obj:
        config_file = ctx.obj.get("config_file")
    return read_settings(config_file)


def load(
    paths: Sequence[Path], source: str | None = None, *, record: bool = True
) -> tuple[Catalog | None, list[Issue]]:
    """Build the course's catalog (narrowed to one source when ``source`` names one).

    ``record``: compare the banks with the record of what they were last checked against.
    """
    project, issues = settings()
    source_file = None
    if source and ("/" in source or "\\" in source or Path(source).suffix in (".txt", ".md")):
        source_file, source = Path(source), None
    builder = CatalogBuilder(project.root, record=record)
    catalog, found = builder.build(list(paths), settings=project, source=source_file)
    issues += found
    if issues and any(i.severity == "error" for i in issues):
        return None, issues
    if catalog is not None and source is not None:
        known = [s.id for s in catalog.sources]
        if source not in known:
            raise click.UsageError(f"no source with the id '{source}' (this course has: {', '.join(known)})")
        catalog = catalog.only(source)
    return catalog, issues


def _report(issues: list[Issue], output: str, *, to_stderr: bool = False) -> None:
    if output == "json":
        click.echo(format_json(issues), nl=False)
        return
    text = format_text(issues)
    if text:
        click.echo(text, nl=False, err=to_stderr)
    unique = sort_issues(issues)
    errors = sum(i.severity == "error" for i in unique)
    warnings = len(unique) - errors
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} found.", err=True)
    if warnings and output == "text":
        click.echo(
            f"{_plural(warnings, 'warning')} about the craft of the questions (`quizgen lint --rules` explains "
            "each rule; --strict makes them errors).",
            err=True,
        )


def _strict(issues: list[Issue]) -> list[Issue]:
    """Warnings as errors, for --strict."""
    return [replace(i, severity="error") if i.severity == "warning" else i for i in issues]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
source_option = click.option(
    "--source",
    metavar="ID",
    help="Only this source of the course (its id; a path to an article file also works).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
@click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The course's mkdocs.yml (default: ./mkdocs.yml).",
)
@click.pass_context
def main(ctx: click.Context, config_file: Path | None) -> None:
    """Turn source articles and YAML question banks into a learning site.

    A course keeps its banks in questions/ (plus glossary.yml) and its articles in sources/
    (see docs/authoring.md). `quizgen init DIR` starts one. The commands read the plugin's
    settings from mkdocs.yml, so they agree with the site.
    """
    ctx.obj = {"config_file": config_file}


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
@click.option("--strict", is_flag=True, help="Count the warnings of the lint rules as errors.")
def validate(paths: tuple[Path, ...], source: str | None, output: str, strict: bool) -> None:
    """Check banks, glossary and sources against the schemas, the articles and the lint rules.

    PATHS are bank files or folders (default: the course's banks). Every problem is printed as
    file:line:col: $.path: message (what to do); the findings of the lint rules (`quizgen
    lint`) as warnings. Exits 0 when there is no error, 1 when there is one (or, with
    --strict, a warning).
    """
    catalog, issues = load(paths, source)
    if strict:
        issues = _strict(issues)
    _report(issues, output)
    if catalog is None or any(i.severity == "error" for i in issues):
        sys.exit(PROBLEMS)
    if output == "text":
        n, banks = len(catalog.questions()), len(catalog.banks)
        where = ", ".join(s.file for s in catalog.sources)
        click.echo(
            f"ok: {_plural(n, 'question')} in {_plural(banks, 'bank')}, {len(catalog.terms)} glossary terms, "
            f"all evidence found in {where}."
        )


@main.command("coverage")
@paths_argument
@source_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when a paragraph is uncovered or a glossary term is unused.")
def coverage_command(paths: tuple[Path, ...], source: str | None, as_json: bool, strict: bool) -> None:
    """Show which paragraphs each question covers, and what is left out.

    Lists every paragraph of each source with the questions whose evidence lies in it and the
    glossary terms that occur in it, the totals per bank, type and difficulty, and flags
    uncovered paragraphs and glossary terms no source uses.
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
@click.option(
    "--versions",
    metavar="A,B",
    default=None,
    help="Print each bank's sheet and key in several versions (A: the quiz page's order; B, C...: each in "
    "its own order of questions and options), named <bank>-sheet-a, <bank>-key-a, ...",
)
def sheets(
    paths: tuple[Path, ...],
    source: str | None,
    pdf_dir: Path | None,
    html_dir: Path | None,
    paper: str,
    versions: str | None,
) -> None:
    """Print study sheets and answer keys, the articles and the glossary.

    For every bank, writes <bank>-sheet (questions only: no answers, feedback or
    explanations) and <bank>-key (answers, explanations and evidence with paragraph
    numbers), plus article-<source> (numbered paragraphs) and glossary. PDFs need Chromium.
    Sheets and keys show the questions' options in the order of the quiz page (seeded: the
    same on every run), so a sheet and its key always agree.
    """
    from quizgen.sheets import SheetsError, documents, version_names, write_html, write_pdfs

    if not pdf_dir and not html_dir:
        raise click.UsageError("say where to write: --pdf DIR and/or --html DIR")
    try:
        chosen = version_names(versions) if versions is not None else []
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--versions") from None
    catalog, issues = load(paths, source)
    if catalog is None:
        _report(issues, "text")
        sys.exit(PROBLEMS)
    docs = documents(catalog, paper, chosen, language=settings()[0].language)  # theme.language, as the site speaks
    try:
        written = write_html(docs, html_dir) if html_dir else []
        written += write_pdfs(docs, pdf_dir) if pdf_dir else []
    except SheetsError as err:
        click.echo(f"quizgen sheets: {err}", err=True)
        sys.exit(PROBLEMS)
    for path in written:
        click.echo(str(path))


@main.command("lint")
@paths_argument
@source_option
@click.option("--strict", is_flag=True, help="Exit 1 when a rule finds anything (its findings become errors).")
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@click.option(
    "--rules", "list_rules", is_flag=True, help="List the rules, their thresholds and the advice they follow."
)
def lint_command(paths: tuple[Path, ...], source: str | None, strict: bool, output: str, list_rules: bool) -> None:
    """Check the craft of the questions: what gives an answer away, or counts a fact twice.

    Answers always in the same position, the longest option always right, tags that name
    the answer, an answer printed in another question on the same page, duplicates, true/false
    statements that are mostly true or hold "never", matching without a spare option, and
    "all of the above". Each finding names its rule (QG101...) and says how to fix it; one
    question silences a rule with `lint: {ignore: {QG101: "the reason"}}`. The same findings
    are warnings in `quizgen validate` and `mkdocs serve`. Exits 1 when the banks have errors
    or, with --strict, findings.
    """
    from quizgen import lint

    if list_rules:
        for r in lint.RULES.values():
            click.echo(f"{r.id} {r.name}: {r.summary}\n    threshold: {r.threshold}\n    advice: {r.advice}")
        return
    catalog, issues = load(paths, source)
    findings = [i for i in issues if i.rule]
    errors = sum(1 for i in sort_issues(issues) if i.severity == "error" and not i.rule)
    if strict:
        findings = _strict(findings)
    if output == "json":
        click.echo(format_json(findings), nl=False)
    else:
        click.echo(format_text(findings), nl=False)
        count = len(sort_issues(findings))
        if count:
            click.echo(f"{_plural(count, 'finding')} (`quizgen lint --rules` explains each rule).", err=True)
        elif not errors:
            click.echo("ok: no lint rule finds anything in these banks.")
    if errors:
        click.echo(
            f"The banks also have {_plural(errors, 'error')}; `quizgen validate` lists them.",
            err=True,
        )
    if errors or (strict and findings):
        sys.exit(PROBLEMS)


@main.command()
@source_option
def accept(source: str | None) -> None:
    """Record what the banks are checked against now, in checked.json beside them.

    For each source, its SHA-256 and a fingerprint of each paragraph a question cites; for
    each question, the paragraph of each of its quotes. When an article changes later,
    `quizgen validate` lists each question whose cited paragraph changed, moved or vanished.
    Read those questions against the new text, fix what needs fixing, then run this again
    to accept the change. Refuses while the banks have other problems. Commit the file with
    the banks.
    """
    from quizgen import drift
    from quizgen.fsutil import write_atomic
    from quizgen.sources import display

    project, _ = settings()
    catalog, issues = load((), source, record=False)
    errors = [i for i in issues if i.severity == "error"]
    if catalog is None or errors:
        _report(errors, "text")
        click.echo("Nothing was recorded: fix these first.", err=True)
        sys.exit(PROBLEMS)
    path = drift.path_of(project.banks_dir)
    old, _ = drift.read(path, display(path))
    new = drift.record_of(catalog)
    kept = [s for s in (old.sources if old else {}) if s not in new["sources"]] if source else []
    merged = drift.merge(old, new, kept) if source else new
    changed = 0
    if old is not None:
        for qid, entry in new["questions"].items():
            before = old.questions.get(qid)
            if not isinstance(before, dict):
                continue
            src = entry["source"]
            prints_now = new["sources"][src]["paragraphs"]
            prints_then = old.sources.get(src, {}).get("paragraphs", {})
            then = [(e.get("paragraph"), prints_then.get(str(e.get("paragraph")))) for e in before.get("evidence", [])]
            now = [(e["paragraph"], prints_now.get(str(e["paragraph"]))) for e in entry["evidence"]]
            changed += then != now
    write_atomic(path, drift.text_of(merged).encode("utf-8"))
    n, s = len(new["questions"]), len(new["sources"])
    note = f"; accepted the changes to {_plural(changed, 'question')}" if changed else ""
    click.echo(f"{display(path)}: recorded {_plural(n, 'question')} against {_plural(s, 'source')}{note}.")


@main.command("schema")
@click.option("--glossary", "which", flag_value="glossary", help="The glossary schema.")
@click.option("--source", "which", flag_value="source", help="The schema of a source's details file.")
@click.option("--bank", "which", flag_value="bank", default=True, help="The bank schema (the default).")
@click.option(
    "--write",
    "write_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write all three schemas into this folder instead.",
)
def schema_command(which: str, write_dir: Path | None) -> None:
    """Print a JSON Schema (draft 2020-12): bank, glossary or source details."""
    from quizgen.definitions import NAMES, schema_text
    from quizgen.fsutil import write_atomic

    if write_dir is None:
        click.echo(schema_text(which), nl=False)
        return
    for name in NAMES:
        target = write_dir / f"{name}.schema.json"
        write_atomic(target, schema_text(name).encode("utf-8"))
        click.echo(str(target))


@main.command()
@paths_argument
@source_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "moodle", "gift", "qti", "anki"]),
    default="json",
    show_default=True,
    help="json (the whole catalog), moodle (Moodle XML), gift (Moodle GIFT), qti (QTI 1.2 package, "
    "as Canvas imports), anki (Anki package).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write one file (atomically) instead of standard output.",
)
@click.option(
    "-d",
    "--out-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write one file per bank into this folder (all or nothing), plus glossary.apkg for anki.",
)
@click.option("--bank", "banks", multiple=True, metavar="SLUG", help="Only this bank (repeat for several).")
@click.option(
    "--skip-unsupported",
    is_flag=True,
    help="Leave out, and list, the questions the format cannot hold (default: write nothing and exit 1).",
)
@click.option("--title", default=None, help="A name over the banks: parent Anki deck, Moodle category, QTI title.")
def export(
    paths: tuple[Path, ...],
    source: str | None,
    fmt: str,
    out: Path | None,
    out_dir: Path | None,
    banks: tuple[str, ...],
    skip_unsupported: bool,
    title: str | None,
) -> None:
    """Export the course, one source (--source) or some banks (--bank) for another program.

    json is the whole validated catalog; moodle and gift import into Moodle's question bank;
    qti is an IMS content package with QTI 1.2 assessments (Canvas: "QTI .zip file"); anki is
    a package with one deck per bank and one for the glossary. docs/exports.md says what
    each question type becomes. A question the format cannot hold is named, and nothing is
    written, unless --skip-unsupported is given. The same input gives the same bytes; set
    SOURCE_DATE_EPOCH to choose the time stored in zip files and Anki packages.
    """
    import os

    from quizgen.exports import EPOCH, FORMATS, Options, UnsupportedQuestions, export_files, narrow, write_files
    from quizgen.exports import export as run_export
    from quizgen.fsutil import write_atomic

    if out is not None and out_dir is not None:
        raise click.UsageError("give -o FILE or -d DIR, not both")
    form = FORMATS[fmt]
    if form.binary and out is None and out_dir is None and sys.stdout.isatty():
        raise click.UsageError(f"--format {fmt} writes a binary file: give -o FILE{form.extension} or -d DIR")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
    options = Options(title=title, timestamp=int(epoch) if epoch else EPOCH)

    catalog, issues = load(paths, source)
    if catalog is None:
        _report(issues, "text", to_stderr=True)  # stdout is for the exported document only
        sys.exit(PROBLEMS)
    try:
        catalog = narrow(catalog, banks)
    except KeyError as err:
        known = ", ".join(b.slug for b in catalog.banks)
        raise click.UsageError(f"no bank {err.args[0]} (this course has: {known})") from None
    try:
        if out_dir is not None:
            files, skipped = export_files(catalog, form, options, skip_unsupported=skip_unsupported)
        else:
            written = run_export(catalog, form, options, skip_unsupported=skip_unsupported)
            skipped = written.skipped
    except UnsupportedQuestions as err:
        count = _plural(len(err.questions), "question")
        click.echo(f"quizgen export: {count} cannot be written as {form.title}:", err=True)
        for q in err.questions:
            click.echo(f"  {q}", err=True)
        click.echo("Nothing was written. Add --skip-unsupported to leave them out.", err=True)
        sys.exit(PROBLEMS)
    for q in skipped:
        click.echo(f"quizgen export: left out {q}", err=True)
    if out_dir is not None:
        for path in write_files(out_dir, files):
            click.echo(str(path))
    elif out is not None:
        write_atomic(out, written.data)
    else:
        sys.stdout.buffer.write(written.data)
        sys.stdout.buffer.flush()


# -- pages for an engine that runs no plugins ----------------------------------------------


@main.command("pages")
@click.option(
    "-d",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The folder the engine builds (default: docs_dir of mkdocs.yml).",
)
@click.option(
    "--engine",
    type=click.Choice(["zensical", "mkdocs"]),
    default="zensical",
    show_default=True,
    help="Who builds the folder: zensical, or mkdocs (also ProperDocs) with the quizgen plugin off. "
    "It decides how links are written.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running, and write the pages again whenever a bank, the glossary, a source or mkdocs.yml changes.",
)
@click.option(
    "--interval",
    type=click.FloatRange(0.05, 60),
    default=0.25,
    show_default=True,
    help="How often --watch looks for changes, in seconds.",
)
def pages_command(out: Path | None, engine: str, watch: bool, interval: float) -> None:
    """Write the generated pages into the docs folder, for an engine that runs no plugins.

    Zensical ignores the quizgen plugin. This writes what the plugin makes (the articles,
    quizzes, glossary, study sheets, answer keys and quizgen's script and stylesheet) as
    ordinary files, at the addresses the plugin uses, for the engine to build as it builds
    the rest: see docs/engines.md for the settings it needs. Each file is marked as generated
    and listed in .quizgen-generated.json; only those are ever replaced or removed, and a
    file of your own at one of the addresses stops the run. Problems are printed as `quizgen
    validate` prints them, and then nothing is written. With --watch, a save is picked up at
    once and the engine's own live reload shows it; broken banks leave the last good pages.
    """
    from quizgen import assets, emit
    from quizgen.sources import display

    builders: dict[Path, CatalogBuilder] = {}
    current: list[Settings] = []
    names: list[str] = []  # the files of the last good run

    def once() -> bool:
        project, issues = settings()
        current[:] = [project]
        folder = out or project.docs_dir or project.root / "docs"
        builder = builders.setdefault(project.root, CatalogBuilder(project.root))
        catalog = None
        if not any(i.severity == "error" for i in issues):
            catalog, found = builder.build(settings=project)
            issues += found
        _report(issues, "text")
        if catalog is None or any(i.severity == "error" for i in issues):
            click.echo(f"Nothing was written: {display(folder)} keeps the pages it had.", err=True)
            return False
        new = emit.files(catalog, project, engine, docs=folder)
        names[:] = list(new)
        try:
            outcome = emit.write(folder, new, engine)
        except emit.Refused as err:
            click.echo(
                "quizgen pages: these files stand where quizgen writes its pages, and are not its own:", err=True
            )
            for clash in err.clashes:
                click.echo(f"  {display(folder / clash.path)} {clash.reason}", err=True)
            click.echo("Nothing was written. Rename or remove those files, then run it again.", err=True)
            return False
        except OSError as err:
            click.echo(f"quizgen pages: cannot write into {display(folder)}: {err}", err=True)
            return False
        for path in outcome.left:
            click.echo(
                f"{display(folder / path)}: no longer generated, and changed since quizgen wrote it: "
                "left as it is (it is yours now)",
                err=True,
            )
        click.echo(
            f"{display(folder)}: {_plural(len(outcome.written), 'file')} written, {len(outcome.removed)} removed, "
            f"{len(outcome.unchanged)} unchanged."
        )
        return True

    def notes() -> None:
        if current and engine == "zensical":
            for note in emit.setup_notes(current[0], names or assets.NAMES):
                click.echo(f"note: {note}", err=True)

    if not watch:
        ok = once()
        notes()
        if not ok:
            sys.exit(PROBLEMS)
        return

    def state() -> object:
        project = current[0] if current else settings()[0]
        return emit.stamp(emit.inputs(project), skip=out or project.docs_dir)

    def run() -> None:
        shown = bool(current)
        once()
        if not shown:
            notes()
            click.echo("Watching for changes (Ctrl+C stops).", err=True)

    try:
        emit.watch(run, state, interval=interval)
    except KeyboardInterrupt:
        pass


# -- starting a course ---------------------------------------------------------------------
# (init and add-source: see quizgen/scaffold.py)


class Refusal(click.ClickException):
    """A command that will not do what was asked: ``quizgen COMMAND: why (what to do)``, exit 1."""

    exit_code = PROBLEMS

    def __init__(self, command: str, message: object) -> None:
        super().__init__(str(message))
        self.command = command

    def show(self, file: object = None) -> None:
        click.echo(f"quizgen {self.command}: {self.message}", err=True)


def _source_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from quizgen.scaffold import id_problem

    problem = id_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem)
    return value


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Start a course in DIR: a site that builds and serves at once.

    Writes mkdocs.yml, a home page, a short fictional sample article with its details, a
    question bank and a glossary about it, the JSON Schemas with editor settings for them,
    a .gitignore and a README. DIR is made if missing. A file that already exists is never
    replaced: if any is in the way, they are listed and nothing is written.
    """
    import importlib.util
    import shlex

    from quizgen.scaffold import ScaffoldError, init_course
    from quizgen.sources import display

    try:
        written = init_course(directory)
    except ScaffoldError as err:
        raise Refusal("init", err) from None
    for path in written:
        click.echo(display(path))
    click.echo(f"Wrote {_plural(len(written), 'file')}. Next:")
    if directory.resolve() != Path.cwd().resolve():
        click.echo(f"  cd {shlex.quote(str(directory))}")
    click.echo("  mkdocs serve")
    if importlib.util.find_spec("material") is None:
        click.echo('Material for MkDocs is not installed; install it first: pip install "quizgen[material]"', err=True)


@main.command("add-source")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--id", "source_id", metavar="ID", callback=_source_id, help="The source's id (default: from the file name)."
)
@click.option("--title", metavar="TEXT", help="The article's title (default: from the file name).")
@click.option("--author", metavar="TEXT", help="Who wrote it.")
@click.option("--outlet", metavar="TEXT", help="Where it was published.")
@click.option("--date", metavar="TEXT", help="When it was published, as text.")
@click.option("--url", metavar="URL", help="Where the original can be read (http or https).")
@click.option("--licence", metavar="TEXT", help="Under which terms it may be copied.")
@click.option("--bank", is_flag=True, help="Also write a first bank, <banks_dir>/<id>.yml, with one example question.")
def add_source(
    file: Path,
    source_id: str | None,
    title: str | None,
    author: str | None,
    outlet: str | None,
    date: str | None,
    url: str | None,
    licence: str | None,
    bank: bool,
) -> None:
    """Add an article to the course whose mkdocs.yml is here (or -f).

    Copies FILE (.txt or .md) unchanged into the sources folder as <id>.txt, writes its
    details in <id>.yml and, with --bank, a first bank whose example question quotes the
    article. Refuses an id or a file that is already there. Prints the nav: lines for the
    new pages; mkdocs.yml itself is left as it is.
    """
    from quizgen import scaffold
    from quizgen.sources import display, slug_of

    project, issues = settings()
    if any(i.severity == "error" for i in issues):
        _report(issues, "text")
        sys.exit(PROBLEMS)
    if project.config_file is None:
        raise Refusal(
            "add-source",
            "there is no mkdocs.yml here (run it in the course's folder, or name the course's mkdocs.yml "
            "with -f; `quizgen init DIR` starts a course)",
        )
    if source_id is None and not slug_of(file.stem):
        raise click.UsageError(f"cannot make a source id from the file name '{file.name}': give one with --id")
    before = scaffold.existing_sources(project.sources_dir, project.source)
    sourceless = scaffold.banks_without_source(project.banks_dir) if len(before) == 1 else []
    details = {"title": title, "author": author, "outlet": outlet, "date": date, "url": url, "licence": licence}
    try:
        new = scaffold.plan_source(
            file,
            sources_dir=project.sources_dir,
            banks_dir=project.banks_dir,
            root=project.root,
            source_id=source_id,
            details=details,
            bank=bank,
            topics=project.topics,
            extra_source=project.source,
        )
        written = scaffold.write_new(new.files)
    except scaffold.ScaffoldError as err:
        raise Refusal("add-source", err) from None
    for path in written:
        click.echo(display(path))
    if new.title_from_name:
        click.echo(f"The title is '{new.title}', from the file name: change it in {display(new.details)}.")
    if scaffold.has_nav(project.config_file):
        click.echo(f"{project.config_file.name} lists its pages under nav:. To list the new ones, add:")
        lines = scaffold.nav_lines(new)
        width = max(len(line) for _, line in lines)
        for where, line in lines:
            click.echo(f"  {line:<{width}}  # {where}")
    else:
        click.echo(f"{project.config_file.name} has no nav:, so the new pages are listed by themselves.")
    if sourceless:
        (old,) = before
        click.echo(
            f"The course now has two sources, so each bank must say which one it is about. Add `source: {old}` to:",
            err=True,
        )
        for path in sourceless:
            click.echo(f"  {display(path)}", err=True)


# -- graded quizzes ------------------------------------------------------------------------------


@main.command("grade")
@click.argument("inputs", nargs=-1, metavar="[CODE|FILE|-]...")
@click.option(
    "--csv",
    "csv_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A CSV file with a column named code or receipt (repeat for several).",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="text for reading, csv for a spreadsheet, json for other tools.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the results into this file instead of standard output.",
)
def grade_command(inputs: tuple[str, ...], csv_files: tuple[Path, ...], output: str, out_file: Path | None) -> None:
    """Grade the receipts students handed in for graded quizzes (docs/graded.md).

    Each input is a receipt code, a file of codes (one a line), a CSV file with a column
    named code or receipt, or - for standard input (the default when there is no input).
    Prints each student's score and per-question results and, for each quiz, a class
    summary with the questions most students missed. A code that is mistyped or was changed
    is named with its file and line and not graded; the command then exits 1.
    """
    from quizgen import grading, receipts
    from quizgen.fsutil import write_atomic

    items = list(inputs) + [str(p) for p in csv_files]
    if not items:
        if sys.stdin.isatty():
            raise click.UsageError("give receipt codes, files of codes, or - to read them from standard input")
        items = ["-"]
    reads = receipts.read_inputs(items, stdin=click.get_text_stream("stdin"))  # type: ignore[operator]
    if not reads:
        raise Refusal("grade", "no receipt codes found in the input")
    catalog, issues = load(())
    if catalog is None:
        _report(issues, "text", to_stderr=True)
        sys.exit(PROBLEMS)
    report = grading.grade(reads, catalog)
    if output == "json":
        text = grading.format_json(report)
    elif output == "csv":
        text = grading.format_csv(report)
        for p in report.problems:
            click.echo(f"{p.where}: {p.message}", err=True)
    else:
        text = grading.format_text(report)
    if out_file is not None:
        write_atomic(out_file, text.encode("utf-8"))
        if output == "text":
            for p in report.problems:
                click.echo(f"{p.where}: {p.message}", err=True)
    else:
        click.echo(text, nl=False)
    if report.problems:
        sys.exit(PROBLEMS)
