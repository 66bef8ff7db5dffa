"""Paper: study sheets, answer keys, the article and the glossary as print documents and PDFs.

The documents are rendered by the core from the catalog, with their own print stylesheet,
so they do not depend on MkDocs or on a theme and look the same wherever they are printed.
PDFs come from headless Chromium (Debian's ``chromium`` package), which lays out CSS for
paper (page size, breaks inside questions avoided) better than any pure-Python renderer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from quizgen import pages, render
from quizgen.fsutil import write_atomic
from quizgen.models import Catalog

PAPERS = {"a4": "A4", "letter": "letter"}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
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


def documents(catalog: Catalog, paper: str = "a4") -> list[Document]:
    """Every print document: a sheet and a key per bank, each article and the glossary.

    Their names and the links between them come from :mod:`quizgen.pages`, so a folder of
    them (``quizgen sheets --html``) links up the way the site does.
    """
    css = resources.files("quizgen").joinpath("assets/quizgen/quizgen.css").read_text(encoding="utf-8")
    template = render._env().get_template("print.html")
    out: list[Document] = []
    for page in pages.plan(catalog):
        if page.kind in ("quiz", "quiz-index"):
            continue
        links = pages.Links(page.src, use_directory_urls=False, printing=True)
        body = render.render_page(page, catalog, links)
        footer = page.source.credit if page.source else " · ".join(s.credit for s in catalog.sources)
        html = template.render(title=page.title, body=body, css=Markup(css), paper=PAPERS[paper], footer=footer)
        out.append(Document(pages.print_name(page.src), page.title, html))
    return out


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
    """Print every document to ``out/<name>.pdf``; each PDF appears whole or not at all."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise SheetsError(
            "PDFs need Chromium, which is not installed. On Debian or Ubuntu run:\n"
            "    sudo apt-get install -y chromium\n"
            "(or set QUIZGEN_CHROMIUM to a Chromium or Chrome executable). "
            "`quizgen sheets --html DIR` writes the printable pages without it."
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="quizgen-sheets-") as tmp:
        work = Path(tmp)
        for d in docs:
            html = work / f"{d.name}.html"
            html.write_text(d.html, encoding="utf-8")
            pdf = work / f"{d.name}.pdf"
            cmd = [
                chromium,
                *CHROMIUM_FLAGS,
                *PRINT_FLAGS,
                f"--user-data-dir={work / 'profile'}",
                f"--print-to-pdf={pdf}",
                html.as_uri(),
            ]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except (OSError, subprocess.TimeoutExpired) as err:
                raise SheetsError(f"Chromium could not print {d.name}: {err}") from err
            if not pdf.exists() or pdf.stat().st_size == 0:
                raise SheetsError(
                    f"Chromium did not write {d.name}.pdf (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
                )
            write_atomic(out / pdf.name, pdf.read_bytes())
            written.append(out / pdf.name)
    return written
