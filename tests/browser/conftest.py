"""Browser fixtures: Debian's Chromium driven by Playwright, against sites served on 127.0.0.1.

Playwright's own browser builds cannot be downloaded here and are never used. When Chromium
is missing the browser tests are skipped on a developer's machine, but under CI=true a
missing browser fails the run: a suite that skips everything must not read as green.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from quizgen.sheets import CHROMIUM_FLAGS
from tests.conftest import ENGINE, ENGINES, REPO, mkdocs_build, write_project

CHROMIUM = os.environ.get("QG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Chromium's headless shell (Debian's chromium-headless-shell, of the same version as its
#: chromium): the build Playwright itself runs headless tests in. The browser tests take
#: about 40% less CPU time in it than in the full browser's headless mode. Used when it is
#: installed, unless QG_CHROMIUM names a browser or the tests run --headed.
HEADLESS_SHELL = shutil.which("chromium-headless-shell")
CHROMIUM_ARGS = CHROMIUM_FLAGS  # Playwright adds --headless itself
ARTIFACTS = Path(os.environ.get("QG_ARTIFACTS", REPO / "test-results"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The one place that picks the engine of the sites a test uses (the ``engine`` fixture).

    A test marked ``engine`` (what students do: grading, saved progress, tooltips, paragraph
    links, printing, instant navigation, file://, no JavaScript) runs on the output of every
    engine; any other test on QG_ENGINE's (mkdocs unless set).
    """
    if "engine" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker("engine") is not None
        metafunc.parametrize("engine", ENGINES if marked else (ENGINE,), indirect=True, scope="session")


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine that builds the sites of this test: mkdocs, properdocs or zensical."""
    return str(getattr(request, "param", ENGINE))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    """Use Debian's chromium (or its headless shell), never a downloaded build."""
    headed = browser_type_launch_args.get("headless") is False
    executable = HEADLESS_SHELL if HEADLESS_SHELL and not headed and not os.environ.get("QG_CHROMIUM") else CHROMIUM
    if not Path(executable).exists():
        message = (
            f"Chromium is not installed at {executable}; run `make test` (it installs it) or apt-get install chromium"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:  # type: ignore[type-arg]
    # At least 1220 px wide, or Material moves the navigation into a drawer.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


class Served:
    """A folder served over HTTP on 127.0.0.1 with a free port, stopped by PID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        match = re.search(r"port (\d+)", self.proc.stdout.readline())
        assert match, "http.server did not start"
        self.url = f"http://127.0.0.1:{match.group(1)}/"

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=10)


def serve_built(project: Path, site: Path, engine: str | None = None) -> Iterator[str]:
    """Serve ``site`` first, then build into it with site_url set to the served origin.

    Material's instant navigation only works when site_url (port included) matches the origin.
    """
    site.mkdir(parents=True, exist_ok=True)
    server = Served(site)
    try:
        result = mkdocs_build(project, site, env={"QG_SITE_URL": server.url}, engine=engine)
        assert result.returncode == 0, result.stderr
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    """The repository's own site, built from its real banks and served."""
    yield from serve_built(REPO, tmp_path_factory.mktemp(f"repo-site-{engine}"), engine)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- Quiz suite: the fixture banks, their sites, axe-core and a page that fails on errors. ---

FIXTURES = Path(__file__).resolve().parent / "fixtures"


PALETTE = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle: { icon: material/weather-night, name: Switch to dark mode }
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle: { icon: material/weather-sunny, name: Switch to light mode }
"""


def fixture_banks() -> dict[str, str]:
    """The banks in tests/browser/fixtures (every question type, and a shuffled bank)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.yml"))}


def write_quiz_project(root: Path, *, directory_urls: bool) -> Path:
    """A project with the fixture banks, the test glossary and light and dark palettes."""
    write_project(root, fixture_banks(), directory_urls=directory_urls)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false\n" in text
    config.write_text(text.replace("  font: false\n", "  font: false\n" + PALETTE), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def quiz_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    """The fixture banks built with directory URLs (quizzes/all-types/) and served on 127.0.0.1."""
    project = write_quiz_project(tmp_path_factory.mktemp("quiz-project"), directory_urls=True)
    yield from serve_built(project, tmp_path_factory.mktemp(f"quiz-site-{engine}"), engine)


@pytest.fixture(scope="session")
def file_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The fixture banks built with use_directory_urls: false, to be opened from file://."""
    project = write_quiz_project(tmp_path_factory.mktemp("file-project"), directory_urls=False)
    site = tmp_path_factory.mktemp(f"file-site-{engine}")
    result = mkdocs_build(project, site, engine=engine)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core as shipped inside the axe-playwright-python wheel."""
    path = Path(str(resources.files("axe_playwright_python") / "axe.min.js"))
    assert path.is_file(), f"axe.min.js not found at {path}"
    return path


class PageErrors:
    """Collects uncaught exceptions and console errors from the pages it watches."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def watch(self, page: Any) -> Any:
        page.on("pageerror", lambda exc: self.items.append(f"{page.url}: uncaught: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        return page

    def _console(self, page: Any, msg: Any) -> None:
        # The browser asks for /favicon.ico by itself when a page names no icon (a quizgen
        # redirect page names none); that request is not the page loading anything.
        if msg.type == "error" and not str((msg.location or {}).get("url", "")).endswith("/favicon.ico"):
            self.items.append(f"{page.url}: console.{msg.type}: {msg.text}")


@pytest.fixture
def page_errors() -> Iterator[PageErrors]:
    """Watch pages with ``page_errors.watch(page)``; the test fails if any of them logged an error."""
    errors = PageErrors()
    yield errors
    assert not errors.items, "errors in the browser:\n" + "\n".join(errors.items)


@pytest.fixture
def watched_page(page: Any, page_errors: PageErrors) -> Any:
    """pytest-playwright's ``page``, failing the test on any page error or console error."""
    page.set_default_timeout(10_000)
    return page_errors.watch(page)


# quizgen's own components: axe-core checks only these (Material's theme has known issues of its own).
QG_COMPONENTS = (".qg-quiz", ".qg-article", ".qg-glossary", ".qg-progress", ".qg-sheet", ".qg-term")

AXE_RUN = """async ([selectors, options]) => {
  const include = selectors.filter((s) => document.querySelector(s)).map((s) => [s]);
  if (!include.length) return [];
  const result = await axe.run({include}, {resultTypes: ["violations"], ...options});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))}));
}"""


def axe_start(
    page: Any, axe_js: Path, selectors: tuple[str, ...] = QG_COMPONENTS, options: dict[str, Any] | None = None
) -> None:
    """Start axe-core on the page, limited to ``selectors`` (those present), without waiting for it.

    Pages of different browser contexts run in different renderer processes, so audits started
    on two pages run at the same time; collect each result with :func:`axe_result`.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_js))
    page.evaluate(
        f"(args) => {{ window.__qgAxe = new Promise((done) => setTimeout(() => done(({AXE_RUN})(args)))); }}",
        [list(selectors), options or {}],
    )


def axe_result(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("() => window.__qgAxe")  # type: ignore[no-any-return]


def axe_violations(page: Any, axe_js: Path, selectors: tuple[str, ...] = QG_COMPONENTS) -> list[dict[str, Any]]:
    """Run axe-core on the page, limited to ``selectors`` (those present on the page)."""
    axe_start(page, axe_js, selectors)
    return axe_result(page)


def format_violations(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


def search_entries(base_url: str) -> list[dict[str, Any]]:
    """The site's search index, as entries with a location, a title and a text.

    Material's search writes search/search_index.json (``docs``); Zensical's writes
    search.json (``items``), with the same three fields.
    """
    import json
    import urllib.error
    import urllib.request

    for path, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        try:
            with urllib.request.urlopen(base_url + path) as response:
                return list(json.loads(response.read())[key])
        except urllib.error.HTTPError:
            continue
    raise AssertionError(f"no search index at {base_url}")


def site_pages(page: Any, base_url: str) -> list[str]:
    """Every page of a served site, from its sitemap."""
    response = page.request.get(base_url + "sitemap.xml")
    assert response.ok, f"no sitemap at {base_url}sitemap.xml"
    return re.findall(r"<loc>([^<]+)</loc>", response.text())


# The right order and pairs of the fixture bank (tests/browser/fixtures/all-types.yml).
ORDER = [
    "TTP starts trying to impose a harsh version of Islamic law",
    "Ten militants attack Jinnah International Airport in Karachi",
    "The military launches an operation against terrorism on its own turf",
    "Imran Khan endorses the operation",
]
MATCH = {
    "Ikram Sehgal": "Defense analyst and security adviser",
    "Imran Khan": "Leader of the Movement for Justice party",
    "Nawaz Sharif": "Pakistan's prime minister",
}


@pytest.fixture
def quiz(watched_page: Any, quiz_site: str) -> Any:
    """The fixture bank with one question of every type, open in a watched page."""
    watched_page.goto(quiz_site + "quizzes/all-types/")
    return watched_page


# --- A course as a class met it: its language, a full glossary, a longer bank,
# --- Material's back-to-top button, and a menu whose order is not the alphabet's.

CLASSROOM = FIXTURES / "classroom"
CLASSROOM_NAV = """\
nav:
  - Home: index.md
  - articles/000-987c6cd902e74af3.md
  - Quizzes:
      - quizzes/index.md
      - quizzes/shuffled.md
      - quizzes/long.md
      - quizzes/all-types.md
  - glossary.md
"""


def write_classroom_project(root: Path, language: str = "en") -> Path:
    """The fixture banks and a longer one, and the glossary of fixtures/classroom, in ``language``."""
    write_quiz_project(root, directory_urls=False)
    for bank in CLASSROOM.glob("*.yml"):  # the longer bank, and the glossary
        shutil.copyfile(bank, root / "questions" / bank.name)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  font: false\n", f"  font: false\n  language: {language}\n")
    text = text.replace("features: [navigation.instant]", "features: [navigation.instant, navigation.top]")
    assert "navigation.top" in text and f"language: {language}" in text
    config.write_text(text + CLASSROOM_NAV, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def classroom_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``classroom_site("fr")``: the classroom course in a language, built once and served."""
    served: dict[str, str] = {}
    servers: list[Iterator[str]] = []

    def site(language: str = "en") -> str:
        if language not in served:
            project = write_classroom_project(tmp_path_factory.mktemp(f"classroom-{language}"), language)
            run = serve_built(project, tmp_path_factory.mktemp(f"classroom-site-{language}"), "mkdocs")
            served[language] = next(run)
            servers.append(run)
        return served[language]

    yield site
    for run in servers:
        run.close()
