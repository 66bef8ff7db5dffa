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
from pathlib import Path

import pytest

from tests.conftest import REPO, mkdocs_build

CHROMIUM = os.environ.get("QG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(os.environ.get("QG_ARTIFACTS", REPO / "test-results"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    """Use Debian's chromium, never a downloaded build."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM}; run `make test` (it installs it) or apt-get install chromium"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:  # type: ignore[type-arg]
    # At least 1220 px wide, or Material moves the navigation into a drawer.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


class Served:
    """A folder served over HTTP on 127.0.0.1 with a free port, stopped by PID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.proc = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                      "--directory", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        match = re.search(r"port (\d+)", self.proc.stdout.readline())
        assert match, "http.server did not start"
        self.url = f"http://127.0.0.1:{match.group(1)}/"

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=10)


def serve_built(project: Path, site: Path) -> Iterator[str]:
    """Serve ``site`` first, then build into it with site_url set to the served origin.

    Material's instant navigation only works when site_url (port included) matches the origin.
    """
    site.mkdir(parents=True, exist_ok=True)
    server = Served(site)
    try:
        result = mkdocs_build(project, site, env={"QG_SITE_URL": server.url})
        assert result.returncode == 0, result.stderr
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own site, built from its real banks and served."""
    yield from serve_built(REPO, tmp_path_factory.mktemp("repo-site"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
