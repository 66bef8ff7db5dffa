"""`quizgen pages`: the generated pages as files, for an engine that runs no plugins (Zensical).

Each test runs the command as a teacher does, in a project of its own, and checks what is on
disk: the files are marked and listed, a teacher's file is never replaced, a broken bank
changes nothing, --watch picks up a save, and the engines build the result.
"""

from __future__ import annotations

import hashlib
import json
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from quizgen import emit
from tests.conftest import ARTICLE, ENV, GOOD_BANK, REPO, SEED_ID, mkdocs_build, quizgen
from tests.test_build import parse

GENERATED = [
    "article.html",
    f"articles/{SEED_ID}.md",
    "assets/quizgen/quizgen.css",
    "assets/quizgen/quizgen.js",
    "glossary.md",
    "quizzes/events.md",
    "quizzes/index.md",
    "sheets/events-key.md",
    "sheets/events.md",
]
OTHER_BANK = (
    GOOD_BANK.replace("id: ev-plane", "id: ac-plane")
    .replace("id: ev-dead", "id: ac-dead")
    .replace("topic: events", "topic: actors")
    .replace("title: Events", "title: Actors")
)


def files_in(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``, with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_pages_are_written_marked_and_listed(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    home = (proj / "docs" / "index.md").read_bytes()
    result = quizgen("pages", cwd=proj)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"docs: {len(GENERATED)} files written, 0 removed, 0 unchanged.\n"
    docs = proj / "docs"
    assert sorted(files_in(docs)) == sorted([*GENERATED, emit.MANIFEST, "index.md"])
    assert (docs / "index.md").read_bytes() == home, "the teacher's page is never touched"
    for src in GENERATED:
        if src.endswith(".md"):
            text = (docs / src).read_text(encoding="utf-8")
            front, body = text.split("\n---\n", 1)
            assert front.startswith("---\ntitle: ") and "\ngenerator: quizgen" in front, src
            assert body.lstrip().startswith(emit.NOTICE), src
    manifest = json.loads((docs / emit.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["generator"] == "quizgen" and manifest["engine"] == "zensical" and "pending" not in manifest
    assert manifest["files"] == {src: hashlib.sha256((docs / src).read_bytes()).hexdigest() for src in GENERATED}
    assert "search:\n  exclude: true" in (docs / "sheets" / "events.md").read_text(encoding="utf-8")
    assert "exclude" not in (docs / "quizzes" / "events.md").read_text(encoding="utf-8").split("\n---\n")[0]


def test_a_second_run_touches_nothing(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    assert quizgen("pages", cwd=proj).returncode == 0
    before = files_in(proj / "docs")
    result = quizgen("pages", cwd=proj)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"docs: 0 files written, 0 removed, {len(GENERATED)} unchanged.\n"
    assert files_in(proj / "docs") == before


def test_links_between_source_files_for_zensical_and_between_pages_for_mkdocs(project) -> None:  # type: ignore[no-untyped-def]
    proj = project(directory_urls=True)
    assert quizgen("pages", cwd=proj).returncode == 0
    quiz = (proj / "docs" / "quizzes" / "events.md").read_text(encoding="utf-8")
    assert f'href="../articles/{SEED_ID}.md?hl=1.' in quiz and '<a href="../sheets/events-key.md">' in quiz
    # Zensical leaves <noscript> as written: that link is to the built page.
    noscript = re.search(r"<noscript data-search-exclude>.*?</noscript>", quiz, re.S).group(0)
    assert 'href="../../sheets/events/"' in noscript
    assert 'data-qg-root="../../"' in quiz  # a data attribute is not rewritten either
    redirect = (proj / "docs" / "article" / "index.html").read_text(encoding="utf-8")
    assert f'href="../articles/{SEED_ID}/"' in redirect

    assert quizgen("pages", "--engine", "mkdocs", cwd=proj).returncode == 0
    quiz = (proj / "docs" / "quizzes" / "events.md").read_text(encoding="utf-8")
    assert f'href="../../articles/{SEED_ID}/?hl=1.' in quiz and '<a href="../../sheets/events-key/">' in quiz


def test_a_teachers_file_at_a_generated_address_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    (proj / "docs" / "glossary.md").write_text("# My glossary\n", encoding="utf-8")
    before = files_in(proj / "docs")
    result = quizgen("pages", cwd=proj)
    assert result.returncode == 1
    assert "docs/glossary.md is not a file quizgen wrote" in result.stderr
    assert "Nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert files_in(proj / "docs") == before


def test_a_generated_file_edited_since_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    assert quizgen("pages", cwd=proj).returncode == 0
    quiz = proj / "docs" / "quizzes" / "events.md"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "\nMy note.\n", encoding="utf-8")
    (proj / "questions" / "events.yml").write_text(GOOD_BANK.replace("fired upon?", "shot at?"), encoding="utf-8")
    before = files_in(proj / "docs")
    result = quizgen("pages", cwd=proj)
    assert result.returncode == 1
    assert "docs/quizzes/events.md was changed since quizgen wrote it" in result.stderr
    assert files_in(proj / "docs") == before


def test_a_broken_bank_leaves_everything_as_it_was(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    assert quizgen("pages", cwd=proj).returncode == 0
    before = files_in(proj / "docs")
    (proj / "questions" / "events.yml").write_text(GOOD_BANK.replace("correct: true", "correct: yes"), encoding="utf-8")
    result = quizgen("pages", cwd=proj)
    validate = quizgen("validate", cwd=proj)
    assert result.returncode == validate.returncode == 1
    assert result.stdout == validate.stdout and validate.stdout.startswith("questions/events.yml:11:18:")
    assert result.stderr.startswith(validate.stderr)
    assert "Nothing was written: docs keeps the pages it had." in result.stderr
    assert files_in(proj / "docs") == before


def test_a_broken_bank_writes_nothing_the_first_time(project) -> None:  # type: ignore[no-untyped-def]
    proj = project({"events.yml": GOOD_BANK.replace("correct: true", "correct: yes")})
    assert quizgen("pages", cwd=proj).returncode == 1
    assert sorted(files_in(proj / "docs")) == ["index.md"]


def test_a_removed_bank_takes_its_pages_and_nothing_else(project) -> None:  # type: ignore[no-untyped-def]
    proj = project({"events.yml": GOOD_BANK, "actors.yml": OTHER_BANK})
    (proj / "docs" / "sheets").mkdir()
    (proj / "docs" / "sheets" / "notes.md").write_text("# My notes on the sheets\n", encoding="utf-8")
    assert quizgen("pages", cwd=proj).returncode == 0
    assert (proj / "docs" / "quizzes" / "actors.md").is_file()
    (proj / "questions" / "actors.yml").unlink()
    result = quizgen("pages", cwd=proj)
    assert result.returncode == 0, result.stderr
    assert "3 removed" in result.stdout
    for gone in ("quizzes/actors.md", "sheets/actors.md", "sheets/actors-key.md"):
        assert not (proj / "docs" / gone).exists(), gone
    assert sorted(files_in(proj / "docs")) == sorted([*GENERATED, emit.MANIFEST, "index.md", "sheets/notes.md"])
    assert set(emit.read_manifest(proj / "docs").files) == set(GENERATED)


def test_a_page_no_longer_generated_but_edited_is_left_to_the_teacher(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    emit.write(docs, {"quizzes/old.md": b"old\n", "quizzes/kept.md": b"kept\n"})
    (docs / "quizzes" / "old.md").write_text("mine now\n", encoding="utf-8")
    outcome = emit.write(docs, {"quizzes/kept.md": b"kept\n"})
    assert outcome.left == ("quizzes/old.md",) and outcome.removed == ()
    assert (docs / "quizzes" / "old.md").read_text(encoding="utf-8") == "mine now\n"
    assert set(emit.read_manifest(docs).files) == {"quizzes/kept.md"}


def test_an_interrupted_run_is_recognised_as_quizgens_own(tmp_path: Path) -> None:
    """The manifest names the new bytes before any file moves: a run cut short in between is finished by the next."""
    docs = tmp_path / "docs"
    emit.write(docs, {"a.md": b"one\n", "b.md": b"one\n"})
    old = emit.read_manifest(docs)
    # As a run stops after moving a.md and before b.md: the journal lists both contents.
    journal = {"a.md": hashlib.sha256(b"two\n").hexdigest(), "b.md": hashlib.sha256(b"two\n").hexdigest()}
    (docs / emit.MANIFEST).write_text(json.dumps({"files": dict(old.files), "pending": journal}), encoding="utf-8")
    (docs / "a.md").write_bytes(b"two\n")
    (docs / ".quizgen-staging-x").mkdir()
    outcome = emit.write(docs, {"a.md": b"three\n", "b.md": b"three\n"})
    assert sorted(outcome.written) == ["a.md", "b.md"]
    assert not (docs / ".quizgen-staging-x").exists()
    assert not emit.read_manifest(docs).pending


def test_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        emit.write(tmp_path / "docs", {"../outside.md": b"x"})
    assert not (tmp_path / "outside.md").exists()


def test_watch_runs_again_only_when_the_inputs_change() -> None:
    states = iter([1, 1, 2, 2, 2, 3])
    runs: list[int] = []
    current = [0]

    def state() -> int:
        current[0] = next(states)
        return current[0]

    ticks = iter(range(6))
    emit.watch(lambda: runs.append(current[0]), state, stop=lambda: next(ticks, None) is None, sleep=lambda s: None)
    assert runs == [1, 2, 3]


def test_the_setup_notes_name_what_mkdocs_yml_lacks_for_zensical(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    result = quizgen("pages", cwd=proj)
    assert "note: mkdocs.yml does not list assets/quizgen/quizgen.js under extra_javascript" in result.stderr
    assert "quizgen.mdext" in result.stderr
    assert "note:" not in quizgen("pages", "--engine", "mkdocs", cwd=proj).stderr
    from quizgen.config import read_settings

    assert emit.setup_notes(read_settings(REPO / "mkdocs.yml")[0]) == [], "this repository's mkdocs.yml has them all"


class Lines:
    """The lines a process prints, read in a thread, so that a test can wait for one with a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, seconds: float = 30) -> list[str]:
        seen: list[str] = []
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} within {seconds} s; got {seen}") from None
            seen.append(line)
            if text in line:
                return seen


@pytest.mark.slow
def test_watch_writes_the_pages_again_after_a_save(project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizgen", "pages", "--watch", "--interval", "0.05"],
        cwd=proj,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = Lines(proc)
        lines.wait_for(f"{len(GENERATED)} files written")
        quiz = proj / "docs" / "quizzes" / "events.md"
        assert "shot at" not in quiz.read_text(encoding="utf-8")

        bank = proj / "questions" / "events.yml"
        bank.write_text(GOOD_BANK.replace("fired upon?", "shot at?"), encoding="utf-8")
        lines.wait_for("written")
        assert "shot at?" in quiz.read_text(encoding="utf-8")

        # A broken bank: the problems, as validate prints them, and the last good pages stay.
        before = files_in(proj / "docs")
        bank.write_text(GOOD_BANK.replace("correct: true", "correct: yes"), encoding="utf-8")
        seen = lines.wait_for("Nothing was written")
        assert any(line.startswith("questions/events.yml:11:18:") for line in seen), seen
        assert files_in(proj / "docs") == before

        bank.write_text(GOOD_BANK, encoding="utf-8")
        lines.wait_for("written")
        assert "fired upon?" in quiz.read_text(encoding="utf-8")
        assert proc.poll() is None, "--watch keeps running"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# -- the engines build what `quizgen pages` wrote -------------------------------------------


def internal_links_resolve(site: Path) -> None:
    """Every relative link of every page leads to a file, and to an id there when it names one."""
    for page in site.rglob("*.html"):
        for href in parse(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "/")) or not parts.path or page.name == "404.html":
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, f"{page.relative_to(site)}: no #{parts.fragment} in {href}"


@pytest.mark.slow
def test_zensical_builds_the_repository_course(tmp_path: Path) -> None:
    """A real `zensical build` of this repository's course (on a copy: it writes into the project)."""
    site = tmp_path / "site"
    result = mkdocs_build(REPO, site, engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("articles/airports.html", "glossary.html", "quizzes/index.html", "sheets/events-key.html"):
        assert (site / page).is_file(), page
    for bank in ("events", "actors", "arguments"):
        quiz = (site / "quizzes" / f"{bank}.html").read_text(encoding="utf-8")
        assert 'class="qg-quiz"' in quiz and "assets/quizgen/quizgen.js" in quiz and "zensical" in quiz
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-qg-progress" in home and "quizgen:progress" not in home, "quizgen.mdext fills the panel"
    assert 'href="quizzes/events.html"' in home
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    assert any(i["location"].startswith("quizzes/events.html") for i in index)
    assert not any(i["location"].startswith("sheets/") for i in index)
    text = " ".join(i["text"] for i in index)
    assert "Why:" not in text and "needs JavaScript" not in text, "no answers, no <noscript> markup in search"
    internal_links_resolve(site)
    assert not any(p.name.startswith(".quizgen") for p in site.rglob("*")), "the manifest stays out of the site"


@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", [True, False])
def test_zensical_builds_a_course_whose_links_all_resolve(tmp_path: Path, project, directory_urls: bool) -> None:  # type: ignore[no-untyped-def]
    home = "# Home\n\n## Who the TTP are\n\nThe TTP attacked an airport.\n\n<!-- quizgen:progress -->\n"
    proj = project(directory_urls=directory_urls, index=home)
    site = tmp_path / "site"
    result = mkdocs_build(proj, site, engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    internal_links_resolve(site)
    article = (site / ARTICLE.replace(".html", "/index.html" if directory_urls else ".html")).read_text(
        encoding="utf-8"
    )
    assert article.count('class="qg-term"') >= 2, "tooltips on the generated pages"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-qg-bank="events"' in home and "quizgen:progress" not in home, "quizgen.mdext fills the panel"
    # A tooltip on the teacher's page too, in its text only: not in the heading, the TOC or the title.
    assert home.count('class="qg-term"') == 1
    assert re.search(r'<p>The <a class="qg-term" href="glossary(\.html|/)#term-ttp"', home), home


def test_mkdocs_takes_back_the_pages_quizgen_wrote(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    """After `quizgen pages`, the plugin builds as before: its own files are no clash, a teacher's still is."""
    proj = project()
    assert quizgen("pages", cwd=proj).returncode == 0
    result = mkdocs_build(proj, tmp_path / "site", engine="mkdocs")
    assert result.returncode == 0, result.stderr
    quiz = (tmp_path / "site" / "quizzes" / "events.html").read_text(encoding="utf-8")
    assert f'href="../{ARTICLE}?hl=1.' in quiz and "generator: quizgen" not in quiz
    (proj / "docs" / "quizzes" / "events.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(proj, tmp_path / "site2", engine="mkdocs")
    assert result.returncode != 0 and "docs/quizzes/events.md" in result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_an_engine_with_the_plugin_off_builds_the_pages(tmp_path: Path, project, engine: str) -> None:  # type: ignore[no-untyped-def]
    proj = project(directory_urls=True)
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - quizgen\n", "  - quizgen:\n      enabled: false\n")
        + "extra_css: [assets/quizgen/quizgen.css]\nextra_javascript: [assets/quizgen/quizgen.js]\n",
        encoding="utf-8",
    )
    assert quizgen("pages", "--engine", "mkdocs", cwd=proj).returncode == 0
    site = tmp_path / "site"
    result = mkdocs_build(proj, site, engine=engine)
    assert result.returncode == 0, result.stderr
    internal_links_resolve(site)
    quiz = (site / "quizzes" / "events" / "index.html").read_text(encoding="utf-8")
    assert 'class="qg-quiz"' in quiz and '<script src="../../assets/quizgen/quizgen.js">' in quiz
