"""All or nothing, and nowhere else.

- A failing `mkdocs build` or `quizgen export -o FILE` leaves the previous output byte for
  byte as it was (the site folder is hashed before and after).
- Every path quizgen derives from data (bank file names, ids) stays inside the output folder.
- Under `mkdocs serve`, saving a broken bank logs located errors and keeps serving the last
  good site; fixing the bank recovers it without a restart.
"""

from __future__ import annotations

import os
import stat
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quizgen import fsutil, pages
from quizgen.catalog import CatalogBuilder
from tests.conftest import GOOD_BANK, mkdocs_build, mkdocs_serve, quizgen, stop_server, write_project
from tests.test_reliability_common import examples, tree, tree_hash

BROKEN = {
    "syntax": GOOD_BANK.replace("    difficulty: recall\n    prompt: Where", "\tdifficulty: recall\n    prompt: Where"),
    "evidence": GOOD_BANK.replace("killed 36 airport personnel", "killed 99 airport personnel"),
    "duplicate key": GOOD_BANK.replace("    answer: 36\n", "    answer: 36\n    answer: 37\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("aon") / "p")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("kind", BROKEN)
def test_a_failing_build_leaves_the_previous_site_untouched(built: Path, kind: str) -> None:
    site = built / "site"
    before, listing = tree_hash(site), sorted(tree(site))
    bank = built / "questions" / "events.yml"
    bank.write_text(BROKEN[kind], encoding="utf-8")
    try:
        result = mkdocs_build(built, site)
        assert result.returncode == 1
        assert "questions/events.yml:" in result.stderr and "Traceback" not in result.stderr
        assert tree_hash(site) == before and sorted(tree(site)) == listing
    finally:
        bank.write_text(GOOD_BANK, encoding="utf-8")


def test_a_failing_export_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    out = tmp_path / "out" / "catalog.json"
    assert quizgen("export", "-o", str(out), cwd=project).returncode == 0
    good = out.read_bytes()
    bank = project / "questions" / "events.yml"
    for broken in BROKEN.values():
        bank.write_text(broken, encoding="utf-8")
        result = quizgen("export", "-o", str(out), cwd=project)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert out.read_bytes() == good
        assert sorted(p.name for p in out.parent.iterdir()) == ["catalog.json"], "a temporary file was left behind"
    bank.write_text(GOOD_BANK.replace("Where was the commercial plane", "Where was the plane"), encoding="utf-8")
    assert quizgen("export", "-o", str(out), cwd=project).returncode == 0
    assert out.read_bytes() != good and b"Where was the plane" in out.read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == ["catalog.json"]


@pytest.mark.parametrize("failure", ["write", "replace"])
def test_write_atomic_never_leaves_half_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    target = tmp_path / "catalog.json"
    target.write_bytes(b"previous")

    class Boom(Exception):
        pass

    def boom(*args: object, **kwargs: object) -> None:
        raise Boom

    if failure == "replace":
        monkeypatch.setattr(os, "replace", boom)
    else:
        real_fdopen = os.fdopen

        def fdopen(fd: int, mode: str) -> object:
            handle = real_fdopen(fd, mode)
            handle.write = boom  # type: ignore[method-assign]
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(Boom):
        fsutil.write_atomic(target, b"new contents")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]


def test_write_atomic_gives_the_mode_of_an_ordinary_write(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        fresh = tmp_path / "new.json"
        fsutil.write_atomic(fresh, b"{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644, "readable only by its owner (a temporary file's 0o600)"
        kept = tmp_path / "kept.json"
        kept.write_bytes(b"{}")
        kept.chmod(0o640)
        fsutil.write_atomic(kept, b"[]")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"[]"
    finally:
        os.umask(previous)


# -- paths from data stay inside the output folder -------------------------------------------


@examples(300)
@given(
    relative=st.text(max_size=30)
    | st.sampled_from(
        ["..", "../x", "/etc/passwd", "a/../../b", "a/./b", "~", "//x", "a\\..\\..\\b", "\x00", "quizzes/../../x.md"]
    )
)
def test_inside_never_returns_a_path_outside_its_root(tmp_path_factory: pytest.TempPathFactory, relative: str) -> None:
    root = tmp_path_factory.getbasetemp() / "inside-root"
    try:
        target = fsutil.inside(root, relative)
    except ValueError:
        return
    assert target.is_relative_to(root.resolve())


# A file name is text a file system can store: no "/", no NUL, and no lone surrogate (which
# no UTF-8 file system can encode; drawing one made this test fail at random).
FILE_NAMES = st.text(
    st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=40
) | st.sampled_from(
    ["..", ".", "...", "-", "a b", "A", "é", "q\u200b", "events.key", "x" * 100, "con", "-rf", "sheets", "quizzes"]
)


@examples(120)
@given(stem=FILE_NAMES)
def test_page_paths_from_bank_file_names_stay_inside_the_site(
    tmp_path_factory: pytest.TempPathFactory, stem: str
) -> None:
    assume(len(f"{stem}.yml".encode()) <= 255 and stem not in (".", "..") and stem != "glossary")
    # Names that collide with another generated page are the xfail tests below.
    assume(stem != "index" and not stem.endswith("-key"))
    project = tmp_path_factory.getbasetemp() / "names"
    if not project.exists():
        write_project(project, {}, glossary=None)
    for old in (project / "questions").iterdir():
        old.unlink()
    (project / "questions" / f"{stem}.yml").write_text(GOOD_BANK, encoding="utf-8")
    catalog, issues = CatalogBuilder(project).build([project / "questions"])
    if catalog is None:
        assert issues and all(i.line >= 1 for i in issues)
        return
    site = project / "site"
    planned = [p.src for p in pages.plan(catalog)]
    assert len(planned) == len(set(planned)), "two pages at one path"
    for src in planned:
        assert fsutil.inside(site, src).is_relative_to(site.resolve())
        assert fsutil.inside(site, pages.url_of(src, True) or "index.html").is_relative_to(site.resolve())


def _plan(tmp_path: Path, banks: dict[str, str]) -> list[str]:
    project = write_project(tmp_path / "p", banks, glossary=None)
    catalog, issues = CatalogBuilder(project).build([project / "questions"])
    if catalog is None:
        return ["refused: " + i.format() for i in issues]
    return [p.src for p in pages.plan(catalog)]


def _second(bank: str) -> str:
    return bank.replace("ev-plane", "ev2-plane").replace("ev-dead", "ev2-dead")


def test_a_bank_named_index_does_not_replace_the_quiz_index(tmp_path: Path) -> None:
    planned = _plan(tmp_path, {"index.yml": GOOD_BANK})
    assert planned[0].startswith("refused: ") or len(planned) == len(set(planned)), planned


def test_a_bank_named_like_another_banks_answer_key_is_refused(tmp_path: Path) -> None:
    planned = _plan(tmp_path, {"events.yml": GOOD_BANK, "events-key.yml": _second(GOOD_BANK)})
    assert planned[0].startswith("refused: ") or len(planned) == len(set(planned)), planned


# -- mkdocs serve -----------------------------------------------------------------------------


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return ""


def wait_for(what: str, check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_keeps_the_last_good_site_and_recovers_without_restart(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    log_path = tmp_path / "serve.log"
    proc, port = mkdocs_serve(project, log_path)
    url = f"http://127.0.0.1:{port}/quizzes/events.html"
    bank = project / "questions" / "events.yml"
    try:

        def log_text() -> str:
            return log_path.read_text(encoding="utf-8", errors="replace")

        wait_for("the first build", lambda: "Where was the commercial plane fired upon?" in fetch(url))
        good = fetch(url)
        assert "qg-problems" not in good

        for n, kind in enumerate(["evidence", "syntax"], start=1):
            bank.write_text(BROKEN[kind], encoding="utf-8")
            wait_for(
                f"the {kind} error in the log",
                lambda n=n: log_text().count("questions/events.yml:") >= n and "qg-problems" in fetch(url),
            )
            page = fetch(url)
            # The last good questions, with the problems listed above them.
            assert "Where was the commercial plane fired upon?" in page and "How many airport personnel" in page
            assert "questions/events.yml:" in page

        bank.write_text(
            GOOD_BANK.replace("Where was the commercial plane fired upon?", "Where was the plane hit?"),
            encoding="utf-8",
        )
        wait_for(
            "the fixed bank", lambda: "Where was the plane hit?" in (page := fetch(url)) and "qg-problems" not in page
        )
        assert proc.poll() is None, "the server stopped"
        assert "Traceback" not in log_text(), log_text()[-3000:]
    finally:
        stop_server(proc)
