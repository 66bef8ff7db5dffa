"""Where saved progress lives, and when it stops applying.

Progress is kept under one localStorage key per quiz, scoped to the folder of the site, the
source and the bank ("quizgen:2:<scope>:<source>:<bank>"), with an entry per question that
carries the question's version. So two sites on one origin, or two copies of a site opened
from file:// (every file:// page shares one origin), never see each other's answers; an
edited question loses its old answer while the others keep theirs; and a record in the
first format ("quizgen:<bank>") is brought over once.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import FIXTURES, Served, write_quiz_project
from tests.conftest import mkdocs_build

CORRECT = "✓ Correct."
WRONG = "✗ Not quite."
SCORE = ".qg-score"
ROW = '[data-qg-progress] tr[data-qg-bank="all-types"] .qg-progress-text'


def q(page: Page, qid: str) -> Locator:
    return page.locator(f"#q-{qid}")


def check(page: Page, qid: str) -> Locator:
    q(page, qid).locator(".qg-check").click()
    return q(page, qid).locator(".qg-result")


def answer_some(page: Page) -> None:
    """Right: single, fill_blank. Wrong: true_false, numeric. Partly right: matching (1 of 3)."""
    q(page, "t-single").locator('input[value="a"]').check()
    expect(check(page, "t-single")).to_have_text(CORRECT)
    q(page, "t-truefalse").locator('input[value="true"]').check()
    expect(check(page, "t-truefalse")).to_have_text(WRONG)
    q(page, "t-fill").get_by_label("Your answer").fill("Bacha Khan")
    expect(check(page, "t-fill")).to_have_text(CORRECT)
    q(page, "t-numeric").get_by_label("Your answer").fill("30")
    expect(check(page, "t-numeric")).to_have_text(WRONG)
    q(page, "t-matching").locator(".qg-pair", has_text="Ikram Sehgal").locator("select").select_option(
        label="Defense analyst and security adviser"
    )
    expect(check(page, "t-matching")).to_contain_text("Partly right: 1 of 3")
    # 1 + 0 + 1 + 0 + 1/3
    expect(page.locator(SCORE)).to_have_text("Score: 2.3 of 7 · 5 answered")


def expect_untouched(page: Page) -> None:
    expect(page.locator(SCORE)).to_have_text("Score: 0 of 7 · 0 answered")
    expect(page.locator(".qg-result:not(:empty)")).to_have_count(0)
    expect(page.locator(".qg-choice input:checked")).to_have_count(0)
    expect(q(page, "t-fill").get_by_label("Your answer")).to_have_value("")


def stored(page: Page) -> dict[str, Any]:
    """Every quizgen key in the page's localStorage, with its parsed value."""
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter((k) => k.startsWith('quizgen:')).map((k) => [k, JSON.parse(localStorage.getItem(k))]))""")


def versions(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('.qg-q')].map((q) => [q.id.slice(2), q.dataset.qgV]))"
    )


def source_of(page: Page) -> str:
    source = page.locator(".qg-quiz").get_attribute("data-qg-source")
    assert source
    return source


# --- Two sites on one origin -----------------------------------------------------------------


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture project built twice, into /a/ and /b/ of one http.server root."""
    project = write_quiz_project(tmp_path_factory.mktemp("two-project"), directory_urls=True)
    root = tmp_path_factory.mktemp("two-root")
    server = Served(root)
    try:
        for name in ("a", "b"):
            result = mkdocs_build(project, root / name, env={"QG_SITE_URL": f"{server.url}{name}/"})
            assert result.returncode == 0, result.stderr
        yield server.url
    finally:
        server.stop()


def test_two_sites_on_one_origin_keep_their_own_progress(watched_page: Page, two_sites: str) -> None:
    page = watched_page
    page.goto(two_sites + "a/quizzes/all-types/")
    answer_some(page)
    source = source_of(page)

    page.goto(two_sites + "b/quizzes/all-types/")
    expect(page.locator(".qg-quiz[data-qg-ready]")).to_have_count(1)
    expect_untouched(page)
    q(page, "t-truefalse").locator('input[value="false"]').check()
    expect(check(page, "t-truefalse")).to_have_text(CORRECT)
    expect(page.locator(SCORE)).to_have_text("Score: 1 of 7 · 1 answered")

    keys = stored(page)
    assert sorted(keys) == [f"quizgen:2:/a/:{source}:all-types", f"quizgen:2:/b/:{source}:all-types"], keys
    assert set(keys[f"quizgen:2:/b/:{source}:all-types"]["q"]) == {"t-truefalse"}

    page.goto(two_sites + "a/quizzes/all-types/")
    expect(page.locator(SCORE)).to_have_text("Score: 2.3 of 7 · 5 answered")
    expect(q(page, "t-truefalse").locator(".qg-result")).to_have_text(WRONG)
    expect(q(page, "t-truefalse").locator('input[value="true"]')).to_be_checked()

    # Each home page and quiz list reads its own site's record.
    for path in ("", "quizzes/"):
        page.goto(two_sites + "a/" + path)
        expect(page.locator(ROW)).to_have_text("5 of 7 checked · score 2.3")
        page.goto(two_sites + "b/" + path)
        expect(page.locator(ROW)).to_have_text("1 of 7 checked · score 1")

    # Reset on one site leaves the other alone.
    page.goto(two_sites + "b/quizzes/all-types/")
    page.get_by_role("button", name="Reset").click()
    expect_untouched(page)
    page.goto(two_sites + "a/")
    expect(page.locator(ROW)).to_have_text("5 of 7 checked · score 2.3")


# --- Two copies opened from file:// ----------------------------------------------------------


def test_two_file_copies_keep_their_own_progress(watched_page: Page, file_site: Path, tmp_path: Path) -> None:
    page = watched_page
    one, two = tmp_path / "one" / "site", tmp_path / "two" / "site"
    shutil.copytree(file_site, one)
    shutil.copytree(file_site, two)

    page.goto((one / "quizzes" / "all-types.html").as_uri())
    expect(page.locator(".qg-quiz[data-qg-ready]")).to_have_count(1)
    answer_some(page)
    source = source_of(page)

    page.goto((two / "quizzes" / "all-types.html").as_uri())
    expect(page.locator(".qg-quiz[data-qg-ready]")).to_have_count(1)
    expect_untouched(page)
    q(page, "t-fill").get_by_label("Your answer").fill("Peshawar")
    q(page, "t-fill").get_by_label("Your answer").press("Enter")
    expect(q(page, "t-fill").locator(".qg-result")).to_have_text(WRONG)

    # The scope is the folder of each copy, as file:// gives it.
    scope_one, scope_two = urlparse(one.as_uri()).path + "/", urlparse(two.as_uri()).path + "/"
    assert sorted(stored(page)) == sorted(
        [f"quizgen:2:{scope_one}:{source}:all-types", f"quizgen:2:{scope_two}:{source}:all-types"]
    )

    page.goto((one / "quizzes" / "all-types.html").as_uri())
    expect(page.locator(SCORE)).to_have_text("Score: 2.3 of 7 · 5 answered")
    expect(q(page, "t-fill").get_by_label("Your answer")).to_have_value("Bacha Khan")
    page.goto((one / "index.html").as_uri())
    expect(page.locator(ROW)).to_have_text("5 of 7 checked · score 2.3")
    page.goto((two / "quizzes" / "index.html").as_uri())
    expect(page.locator(ROW)).to_have_text("1 of 7 checked · score 0")


# --- An edited question ----------------------------------------------------------------------


@pytest.fixture
def rebuildable(tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    """A fixture project of this test's own, served; rebuild it with :func:`build`."""
    project = write_quiz_project(tmp_path / "project", directory_urls=True)
    site = tmp_path / "site"
    site.mkdir()
    server = Served(site)
    try:
        build(project, site, server)
        yield project, server
    finally:
        server.stop()


def build(project: Path, site: Path, server: Served) -> None:
    result = mkdocs_build(project, site, env={"QG_SITE_URL": server.url})
    assert result.returncode == 0, result.stderr


def edit(project: Path, old: str, new: str) -> None:
    bank = project / "questions" / "all-types.yml"
    text = bank.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    bank.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_a_question_resets_that_question_alone(watched_page: Page, rebuildable: tuple[Path, Served]) -> None:
    page = watched_page
    project, server = rebuildable
    page.goto(server.url + "quizzes/all-types/")
    answer_some(page)
    before = versions(page)

    # Only the wording of fill_blank changes; numeric gets another answer.
    edit(project, "while landing at ___ International Airport.", "while it landed at ___ International Airport.")
    edit(project, "answer: 22\n    tolerance: 1", "answer: 30\n    tolerance: 1")
    build(project, server.folder, server)
    page.reload()

    after = versions(page)
    assert {k for k in before if before[k] != after[k]} == {"t-fill", "t-numeric"}, (before, after)
    # The edited questions start again, empty and unchecked ...
    expect(q(page, "t-fill").get_by_label("Your answer")).to_have_value("")
    expect(q(page, "t-numeric").get_by_label("Your answer")).to_have_value("")
    for qid in ("t-fill", "t-numeric"):
        expect(q(page, qid).locator(".qg-result")).to_have_text("")
        expect(q(page, qid).locator(".qg-feedback")).to_be_hidden()
    # ... and the others keep their answers and results (1 + 0 + 1/3).
    expect(q(page, "t-single").locator('input[value="a"]')).to_be_checked()
    expect(q(page, "t-single").locator(".qg-result")).to_have_text(CORRECT)
    expect(q(page, "t-truefalse").locator('input[value="true"]')).to_be_checked()
    expect(q(page, "t-truefalse").locator(".qg-result")).to_have_text(WRONG)
    expect(q(page, "t-matching").locator(".qg-result")).to_contain_text("Partly right: 1 of 3")
    expect(page.locator(SCORE)).to_have_text("Score: 1.3 of 7 · 3 answered")

    # The old entries are gone from storage, not just hidden.
    [record] = stored(page).values()
    assert set(record["q"]) == {"t-single", "t-truefalse", "t-matching"}, record
    assert all(e["v"] == after[k] for k, e in record["q"].items()), record
    page.goto(server.url)
    expect(page.locator(ROW)).to_have_text("3 of 7 checked · score 1.3")

    # The same answer to the new numeric question is graded by the new key.
    page.goto(server.url + "quizzes/all-types/")
    q(page, "t-numeric").get_by_label("Your answer").fill("30")
    expect(check(page, "t-numeric")).to_have_text(CORRECT)


def test_a_removed_question_is_not_counted(watched_page: Page, rebuildable: tuple[Path, Served]) -> None:
    page = watched_page
    project, server = rebuildable
    page.goto(server.url + "quizzes/all-types/")
    answer_some(page)
    text = (FIXTURES / "all-types.yml").read_text(encoding="utf-8")
    numeric = text[text.index("  - id: t-numeric") :]
    edit(project, numeric, "")
    build(project, server.folder, server)

    # The progress table counts only questions the bank still has, before the quiz is opened again.
    page.goto(server.url)
    expect(page.locator(ROW)).to_have_text("4 of 6 checked · score 2.3")
    page.goto(server.url + "quizzes/all-types/")
    expect(page.locator(SCORE)).to_have_text("Score: 2.3 of 6 · 4 answered")
    [record] = stored(page).values()
    assert "t-numeric" not in record["q"], record


# --- The first format ------------------------------------------------------------------------


def put_old_record(page: Page, record: dict[str, Any]) -> None:
    page.evaluate("(r) => localStorage.setItem('quizgen:all-types', JSON.stringify(r))", record)


def test_old_record_of_the_same_bank_version_is_brought_over(watched_page: Page, quiz_site: str) -> None:
    page = watched_page
    page.goto(quiz_site + "quizzes/all-types/")
    version = page.locator(".qg-quiz").get_attribute("data-qg-version")
    put_old_record(
        page,
        {
            "v": version,
            "a": {"t-single": ["a"], "t-truefalse": ["true"], "t-fill": "Bacha", "t-gone": ["b"]},
            # The old record's score of the true_false answer is wrong: results are graded again.
            "s": {"t-single": 1, "t-truefalse": 1},
            "o": {},
        },
    )
    page.reload()

    expect(q(page, "t-single").locator('input[value="a"]')).to_be_checked()
    expect(q(page, "t-single").locator(".qg-result")).to_have_text(CORRECT)
    expect(q(page, "t-truefalse").locator(".qg-result")).to_have_text(WRONG)
    expect(q(page, "t-fill").get_by_label("Your answer")).to_have_value("Bacha")
    expect(q(page, "t-fill").locator(".qg-result")).to_have_text("")
    expect(page.locator(SCORE)).to_have_text("Score: 1 of 7 · 2 answered")

    keys = stored(page)
    assert list(keys) == [f"quizgen:2:/:{source_of(page)}:all-types"], keys
    record = keys[f"quizgen:2:/:{source_of(page)}:all-types"]
    now = versions(page)
    assert record == {
        "q": {
            "t-single": {"v": now["t-single"], "a": ["a"], "s": 1},
            "t-truefalse": {"v": now["t-truefalse"], "a": ["true"], "s": 0},
            "t-fill": {"v": now["t-fill"], "a": "Bacha"},
        }
    }, json.dumps(record)
    page.goto(quiz_site)
    expect(page.locator(ROW)).to_have_text("2 of 7 checked · score 1")

    # Once only: an old record written later (by a tab of the old site still open) is not read.
    put_old_record(page, {"v": version, "a": {"t-fill": "Karachi"}, "s": {}, "o": {}})
    page.goto(quiz_site + "quizzes/all-types/")
    expect(q(page, "t-fill").get_by_label("Your answer")).to_have_value("Bacha")
    expect(page.locator(SCORE)).to_have_text("Score: 1 of 7 · 2 answered")


def test_old_record_of_another_bank_version_comes_back_unchecked(watched_page: Page, quiz_site: str) -> None:
    page = watched_page
    page.goto(quiz_site + "quizzes/all-types/")
    put_old_record(
        page,
        {
            "v": "000000000000",
            "a": {"t-single": ["a"], "t-numeric": "22", "t-gone": ["b"]},
            "s": {"t-single": 1, "t-numeric": 1, "t-gone": 1},
            "o": {},
        },
    )
    page.reload()

    # The answers are back, as if typed but never checked.
    expect(q(page, "t-single").locator('input[value="a"]')).to_be_checked()
    expect(q(page, "t-numeric").get_by_label("Your answer")).to_have_value("22")
    expect(page.locator(".qg-result:not(:empty)")).to_have_count(0)
    expect(page.locator(".qg-feedback:visible")).to_have_count(0)
    expect(page.locator(SCORE)).to_have_text("Score: 0 of 7 · 0 answered")
    keys = stored(page)
    assert "quizgen:all-types" not in keys, keys
    [record] = keys.values()
    assert set(record["q"]) == {"t-single", "t-numeric"}, record
    assert not any("s" in e for e in record["q"].values()), record
    # Checking now grades them as usual.
    expect(check(page, "t-numeric")).to_have_text(CORRECT)
    expect(page.locator(SCORE)).to_have_text("Score: 1 of 7 · 1 answered")
