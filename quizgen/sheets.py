"""Paper: study sheets, answer keys, the article and the glossary as print documents and PDFs.

The documents are rendered by the core from the catalog, with their own print stylesheet,
so they do not depend on MkDocs or on a theme and look the same wherever they are printed.
PDFs come from headless Chromium (Debian's ``chromium-headless-shell`` or ``chromium``),
which lays out CSS for paper (page size, breaks inside questions avoided) better than any
pure-Python renderer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from quizgen import i18n, pages, render
from quizgen.fsutil import write_atomic
from quizgen.models import Catalog

PAPERS = {"a4": "A4", "letter": "letter"}
#: Chromium's headless shell first (Debian's chromium-headless-shell): the same Blink and
#: Skia, so the same pages, printed in 0.65 s instead of 1.5 s, since it starts no browser UI.
CHROMIUM_NAMES = (
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
#: How quizgen runs Chromium: no sandbox (it often runs as root in CI), and no background
#: network traffic (pages must never load anything). The browser tests use the same flags.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PRINT_FLAGS = ["--headless", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"]


class SheetsError(Exception):
    """Something the user must fix to get PDFs (usually: install Chromium)."""


@dataclass(frozen=True)
class Document:
    name: str  # file name without extension, e.g. "events-sheet"
    title: str
    html: str


def documents(
    catalog: Catalog, paper: str = "a4", versions: Sequence[str] = (), language: str | None = None
) -> list[Document]:
    """Every print document: a sheet and a key per bank, each article and the glossary.

    Their names and the links between them come from :mod:`quizgen.pages`, so a folder of
    them (``quizgen sheets --html``) links up the way the site does. Sheets and keys are in
    the order the quiz page shows (:mod:`quizgen.order`); with ``versions`` (``["A", "B"]``)
    each bank gets a sheet and a key per version, named ``<bank>-sheet-a``, ``<bank>-key-a``, ...,
    version A in the page's order and each other one in its own.

    The documents speak ``language`` (``theme.language``; default English), right to left
    for Urdu, and number their pages.
    """
    with i18n.using(language) as lang:
        return _documents(catalog, paper, versions, lang)


def _documents(catalog: Catalog, paper: str, versions: Sequence[str], lang: str) -> list[Document]:
    css = resources.files("quizgen").joinpath("assets/quizgen/quizgen.css").read_text(encoding="utf-8")
    number = i18n.css_content(i18n.gettext("Page {page} of {pages}"), page="counter(page)", pages="counter(pages)")
    common = {
        "css": Markup(css),
        "paper": PAPERS[paper],
        "lang": lang,
        "dir": i18n.direction(lang),
        "page_number": Markup(number),
    }
    template = render._env().get_template("print.html")
    out: list[Document] = []
    for page in pages.plan(catalog, printing=True):
        if page.kind in ("quiz", "quiz-index"):
            continue
        links = pages.Links(page.src, use_directory_urls=False, printing=True)
        footer = render.credit(page.source) if page.source else " · ".join(render.credit(s) for s in catalog.sources)
        name = pages.print_name(page.src)
        if page.kind in ("sheet", "key") and versions:
            assert page.bank is not None
            for version in versions:
                body = render.render_sheet(page.bank, links, key_mode=page.kind == "key", version=version)
                title = pages.sheet_title(page.bank, key_mode=page.kind == "key", version=version)
                html = template.render(title=title, body=body, footer=footer, **common)
                out.append(Document(f"{name}-{version.lower()}", title, html))
            continue
        body = render.render_page(page, catalog, links)
        html = template.render(title=page.title, body=body, footer=footer, **common)
        out.append(Document(name, page.title, html))
    return out


def version_names(text: str) -> list[str]:
    """``"A,B"`` -> ``["A", "B"]``: capital letters, each once, A first if given at all (ValueError otherwise)."""
    names = [v.strip().upper() for v in text.split(",") if v.strip()]
    if not names or any(len(v) != 1 or not "A" <= v <= "Z" for v in names) or len(set(names)) != len(names):
        raise ValueError("versions are letters separated by commas, each once, such as A,B")
    return names


def find_chromium() -> str | None:
    explicit = os.environ.get("QUIZGEN_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((p for name in CHROMIUM_NAMES if (p := shutil.which(name))), None)


def write_html(docs: list[Document], out: Path) -> list[Path]:
    written = []
    for d in docs:
        target = out / f"{d.name}.html"
        write_atomic(target, d.html.encode("utf-8"))
        written.append(target)
    return written


def write_pdfs(docs: list[Document], out: Path, chromium: str | None = None, timeout: float = 120) -> list[Path]:
    """Print every document to ``out/<name>.pdf``: all of them, or none if one fails.

    Each document is printed by a headless Chromium of its own. Nothing is written to ``out``
    until every document printed, so a failure leaves the PDFs of the last good run whole
    (sheets and keys that agree), and the message names every document that failed.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise SheetsError(
            "PDFs need Chromium, which is not installed. On Debian or Ubuntu run:\n"
            "    sudo apt-get install -y chromium\n"
            "(or set QUIZGEN_CHROMIUM to a Chromium or Chrome executable). "
            "`quizgen sheets --html DIR` writes the printable pages without it."
        )
    with tempfile.TemporaryDirectory(prefix="quizgen-sheets-") as tmp:
        work = Path(tmp)
        printed = [_print(d, work, chromium, timeout) for d in docs]
        failed = [error for _, error in printed if error]
        if failed:
            raise SheetsError("\n".join(failed) + "\nNo PDF was written.")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for pdf, _ in printed:
            write_atomic(out / pdf.name, pdf.read_bytes())
            written.append(out / pdf.name)
    return written


def _print(d: Document, work: Path, chromium: str, timeout: float) -> tuple[Path, str]:
    """Print one document into ``work``; its PDF, and what went wrong ("" if nothing)."""
    folder = work / d.name
    folder.mkdir()
    html = folder / f"{d.name}.html"
    html.write_text(d.html, encoding="utf-8")
    pdf = folder / f"{d.name}.pdf"
    cmd = [
        chromium,
        *CHROMIUM_FLAGS,
        *PRINT_FLAGS,
        f"--user-data-dir={folder / 'profile'}",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as err:
        return pdf, f"Chromium could not print {d.name}: {err}"
    if not pdf.exists() or pdf.stat().st_size == 0:
        return pdf, f"Chromium did not write {d.name}.pdf (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
    return pdf, ""
