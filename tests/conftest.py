"""Shared fixtures: small real projects in temporary folders, built with the real engines (MkDocs by default)."""

from __future__ import annotations

import atexit
import json
import locale
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.forkserver import starts_fresh

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_987c6cd902e74af3.txt"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: The seed's source id (from its file name) and its pages, in the test projects.
SEED_ID = "000-987c6cd902e74af3"
ARTICLE = f"articles/{SEED_ID}.html"
ARTICLE_PRINT = f"article-{SEED_ID}"

MKDOCS_YML = """\
site_name: Test site
site_url: !ENV [QG_SITE_URL, "http://127.0.0.1:8000/"]
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
  - search
  - quizgen
"""

GOOD_BANK = """\
source: ../seeds/000_987c6cd902e74af3.txt
topic: events
title: Events
questions:
  - id: ev-plane
    type: single
    difficulty: recall
    prompt: Where was the commercial plane fired upon?
    choices:
      - text: Bacha Khan International Airport in Peshawar
        correct: true
      - text: Jinnah International Airport in Karachi
        feedback: That airport was attacked earlier in the month.
    explanation: The first sentence says so.
    evidence: a commercial plane in Peshawar, Pakistan was fired upon
  - id: ev-dead
    type: numeric
    difficulty: recall
    prompt: How many airport personnel were killed in Karachi?
    answer: 36
    explanation: Paragraph 2 gives the figure.
    evidence: killed 36 airport personnel
"""

GLOSSARY = """\
terms:
  - term: TTP
    expansion: Tehrik-e-Taliban Pakistan
    definition: An armed group that fights the government of Pakistan.
  - term: FATA
    expansion: Federally Administered Tribal Areas
    definition: A region in north-west Pakistan.
"""


def write_project(
    root: Path,
    banks: dict[str, str] | None = None,
    glossary: str | None = GLOSSARY,
    *,
    directory_urls: bool = False,
    index: str = "# Home\n\n<!-- quizgen:progress -->\n",
) -> Path:
    """A minimal quizgen project: mkdocs.yml, docs/index.md, the seed and the given banks."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    (root / "questions").mkdir(exist_ok=True)
    shutil.copyfile(SEED, root / "seeds" / SEED.name)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(directory_urls=str(directory_urls).lower()), encoding="utf-8")
    (root / "docs" / "index.md").write_text(index, encoding="utf-8")
    for name, text in (banks if banks is not None else {"events.yml": GOOD_BANK}).items():
        (root / "questions" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if glossary is not None:
        (root / "questions" / "glossary.yml").write_text(glossary, encoding="utf-8")
    return root


#: The engines a course builds with (docs/engines.md). QG_ENGINE picks the one every build of
#: the tests uses by default; the browser tests marked `engine` run on each of them.
ENGINES = ("mkdocs", "properdocs", "zensical")
ENGINE = os.environ.get("QG_ENGINE", "mkdocs")
if ENGINE not in ENGINES:
    raise pytest.UsageError(f"QG_ENGINE must be one of {', '.join(ENGINES)}, not {ENGINE!r}")

#: What a teacher adds to mkdocs.yml for Zensical (docs/engines.md), when a project lacks it.
ZENSICAL_SETTINGS = {
    "extra_css": "assets/quizgen/quizgen.css",
    "extra_javascript": "assets/quizgen/quizgen.js",
    "markdown_extensions": "quizgen.mdext",
}


class ForkServer:
    """Runs ``python -m MODULE ARGS`` as :func:`subprocess.run` would, in a fork of a warm Python.

    The server (``tests/forkserver.py``) is started by the first command of this pytest
    process and has imported MkDocs, Material and quizgen once; each command is a fork of it,
    a process of its own with its own folder, environment, exit code and output. A command
    whose environment changes what Python settles at start-up (the hash seed, the locale, a
    ``PYTHON*`` variable) gets a new interpreter instead, and so does every command when
    QG_FORKSERVER=0.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self.enabled = os.environ.get("QG_FORKSERVER", "1") != "0" and hasattr(os, "fork")

    def run(
        self, module: str, args: Sequence[str], *, cwd: Path | None, env: dict[str, str], timeout: float, text: bool
    ) -> subprocess.CompletedProcess[Any]:
        cmd = [sys.executable, "-m", module, *args]
        if not self.enabled or starts_fresh(module, env, ENV):
            return subprocess.run(cmd, capture_output=True, text=text, cwd=cwd, env=env, timeout=timeout)
        with self._lock, tempfile.TemporaryDirectory(prefix="qg-fork-") as tmp:
            out, err = Path(tmp, "stdout"), Path(tmp, "stderr")
            request = {
                "module": module,
                "args": list(args),
                "env": env,
                "cwd": str(cwd or os.getcwd()),
                "stdout": str(out),
                "stderr": str(err),
            }
            proc = self._started()
            assert proc.stdin is not None
            proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            proc.stdin.flush()
            deadline = time.monotonic() + timeout
            pid = self._answer(deadline + 30)["pid"]
            try:
                returncode = self._answer(deadline)["returncode"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                self._answer(time.monotonic() + 30)
                raise subprocess.TimeoutExpired(cmd, timeout, out.read_bytes(), err.read_bytes()) from None
            stdout, stderr = out.read_bytes(), err.read_bytes()
        if text:  # as subprocess.run(text=True) reads them: the locale's encoding, universal newlines
            encoding = locale.getpreferredencoding(False)
            return subprocess.CompletedProcess(cmd, returncode, _text(stdout, encoding), _text(stderr, encoding))
        return subprocess.CompletedProcess(cmd, returncode, stdout, stderr)

    def _started(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "tests.forkserver"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=REPO,
                env=ENV,
            )
            self._buffer = b""
            atexit.register(self.stop)
        return self._proc

    def _answer(self, deadline: float) -> dict[str, Any]:
        """The server's next line, or TimeoutError at ``deadline``."""
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the fork server stopped (tests/forkserver.py); run with QG_FORKSERVER=0 to compare")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(timeout=30)


def _text(data: bytes, encoding: str) -> str:
    return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


#: The one fork server of this pytest process.
FORKS = ForkServer()


def python_m(
    module: str,
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    text: bool = True,
) -> subprocess.CompletedProcess[Any]:
    """``python -m module args`` in a process of its own, its output captured (see :class:`ForkServer`).

    ``env`` adds to the tests' environment.
    """
    return FORKS.run(module, args, cwd=cwd, env={**ENV, **(env or {})}, timeout=timeout, text=text)


def mkdocs_build(
    project: Path, site: Path, *, strict: bool = True, env: dict[str, str] | None = None, engine: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Build ``project`` into ``site`` in a subprocess, exactly as a user runs it.

    ``engine`` is mkdocs, properdocs or zensical (default: QG_ENGINE, else mkdocs).
    """
    engine = engine or ENGINE
    run_env = {**ENV, **(env or {})}
    if engine == "zensical":
        return zensical_build(project, site, strict=strict, env=run_env)
    args = ["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        args.append("--strict")
    return python_m(engine, *args, env=run_env)


def with_zensical_settings(config: Path) -> None:
    """Add to ``config`` each of :data:`ZENSICAL_SETTINGS` it does not have yet."""
    text = config.read_text(encoding="utf-8")
    for key, item in ZENSICAL_SETTINGS.items():
        if item in text:
            continue
        if re.search(rf"^{key}:\n", text, re.M):
            text = re.sub(rf"^{key}:\n", f"{key}:\n  - {item}\n", text, count=1, flags=re.M)
        else:
            text = text.rstrip("\n") + f"\n{key}:\n  - {item}\n"
    config.write_text(text, encoding="utf-8")


#: What a project's copy for Zensical leaves out: outputs, caches, environments.
_NOT_COPIED = (
    *("site", "out", "build", "dist", "*.egg-info", "test-results"),
    *(".cache", ".*_cache", ".hypothesis", ".venv", ".git", "node_modules"),
)


def zensical_build(project: Path, site: Path, *, strict: bool, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`quizgen pages`, then `zensical build`, as a teacher runs them, on a copy of ``project``.

    Zensical writes into the project only (site_dir must be inside it, and it keeps a .cache
    there) and has no --site-dir, and `quizgen pages` writes into docs/: both work on a
    throwaway copy, whose site then replaces the contents of ``site`` (which may be served
    already). Its output is coloured whatever NO_COLOR says: the codes are removed.
    """
    work = Path(tempfile.mkdtemp(prefix="qg-zensical-")) / project.name
    try:
        shutil.copytree(project, work, ignore=shutil.ignore_patterns(*_NOT_COPIED))
        with_zensical_settings(work / "mkdocs.yml")
        config = str(work / "mkdocs.yml")
        pages = python_m("quizgen", "-f", config, "pages", "--engine", "zensical", env=env, cwd=work)
        if pages.returncode != 0:
            return pages
        cmd = [sys.executable, "-m", "zensical", "build", "-f", config, *(["--strict"] if strict else [])]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=work)
        ansi = re.compile(r"\x1b\[[0-9;]*m")
        result = subprocess.CompletedProcess(
            result.args, result.returncode, ansi.sub("", result.stdout), ansi.sub("", result.stderr)
        )
        if result.returncode == 0:
            site.mkdir(parents=True, exist_ok=True)
            for old in site.iterdir():
                shutil.rmtree(old) if old.is_dir() else old.unlink()
            shutil.copytree(work / "site", site, dirs_exist_ok=True)
        return result
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def quizgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The quizgen CLI in a process of its own (python -m quizgen)."""
    return python_m("quizgen", *args, cwd=cwd)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Empty pytest-playwright's output folder (test-results/) once, before any test runs.

    The screenshots and PDFs of tests/browser go there too (QG_ARTIFACTS). pytest-playwright
    empties it itself at the start of each session; under pytest-xdist each worker is a session
    of its own, and a worker that starts late would delete what another one has written. Only
    the controller (or a run without xdist) empties it, and :func:`delete_output_dir` replaces
    the fixture that did it in each session.
    """
    if hasattr(session.config, "workerinput"):
        return
    output = session.config.getoption("--output", None)
    if output and os.path.isdir(output):
        shutil.rmtree(output)


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir() -> None:
    """pytest-playwright's fixture of this name, made a no-op: see :func:`pytest_sessionstart`."""


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now; another process may still take it first."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mkdocs_serve(project: Path, log_path: Path, *, tries: int = 5) -> tuple[subprocess.Popen[bytes], int]:
    """`mkdocs serve` on ``project`` on a free port of 127.0.0.1; its output goes to ``log_path``.

    MkDocs binds its port only after the first build, seconds after the port was picked, and
    meanwhile another test (or any process) may have taken it: then the server exits at once,
    and is started again on another port. Returns once it serves, with site_url set to it.
    """
    # MkDocs serves from a temporary folder it removes only when it stops on Ctrl-C: this one
    # lies inside the test's own, so that a server stopped at once (stop_server) leaves nothing.
    scratch = log_path.with_name(log_path.name + ".tmp")
    scratch.mkdir(exist_ok=True)
    for _ in range(tries):
        port = free_port()
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                cwd=project,
                env={**ENV, "QG_SITE_URL": f"http://127.0.0.1:{port}/", "TMPDIR": str(scratch)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if f"Serving on http://127.0.0.1:{port}/" in log_path.read_text(encoding="utf-8", errors="replace"):
                return proc, port
            time.sleep(0.1)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            raise AssertionError(f"mkdocs serve did not start within 120 s:\n{log_path.read_text(errors='replace')}")
        output = log_path.read_text(encoding="utf-8", errors="replace")
        if "Address already in use" not in output:
            raise AssertionError(f"mkdocs serve stopped:\n{output[-3000:]}")
    raise AssertionError(f"mkdocs serve found no free port in {tries} tries")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`mkdocs_serve`, at once.

    Not with Ctrl-C (SIGINT): in full test runs a server sometimes did not act on it (one in
    several runs, never when the test ran alone) and kept running until it was killed 15 s
    later. Nothing of the server needs to be kept, so SIGTERM ends it at once.
    """
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def make(*args: object, **kwargs: object) -> Path:
        return write_project(tmp_path / "proj", *args, **kwargs)  # type: ignore[arg-type]

    return make
