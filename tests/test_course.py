"""Courses of several sources, and of one: real builds, per-source pages, commands and problems."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, mkdocs_build, quizgen

COURSE = REPO / "tests" / "fixtures" / "course"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the three-source course (airports, ferry, garden)."""
    return Path(shutil.copytree(COURSE, tmp_path / "course"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Path(shutil.copytree(COURSE, tmp_path_factory.mktemp("c") / "course"))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_each_source_gets_its_article_page_with_its_details(built: Path) -> None:
    assert sorted(p.name for p in (built / "articles").iterdir()) == ["airports.html", "ferry.html", "garden.html"]
    garden = (built / "articles" / "garden.html").read_text(encoding="utf-8")
    assert "A garden behind the station" in garden and "Staff reporter" in garden and "2026-04-18" in garden
    assert "CC0 1.0" in garden and 'id="p1"' in garden
    # The redirect from the address of a one-source course is not made when there are several.
    assert not (built / "article.html").exists()


def test_quiz_pages_cite_the_article_of_their_own_source(built: Path) -> None:
    ferry = (built / "quizzes" / "ferry-timetable.html").read_text(encoding="utf-8")
    assert 'href="../articles/ferry.html?hl=1.' in ferry and "articles/garden.html?hl=" not in ferry
    assert 'data-qg-source="ferry"' in ferry and 'data-qg-bank="ferry-timetable"' in ferry


def test_the_quiz_list_groups_the_banks_by_source(built: Path) -> None:
    html = (built / "quizzes" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 class="qg-progress-source" id="source-([a-z-]+)"', html)
    assert headings == ["airports", "ferry", "garden"]
    rows = re.findall(r'<tr data-qg-bank="([a-z-]+)" data-qg-source="([a-z-]+)"', html)
    assert rows == [("airports", "airports"), ("ferry-timetable", "ferry"), ("garden-basics", "garden")]
    home = (built / "index.html").read_text(encoding="utf-8")
    assert home.count('class="qg-progress-source"') == 3


def test_the_glossary_says_which_source_uses_a_term(built: Path) -> None:
    html = (built / "glossary.html").read_text(encoding="utf-8")
    assert 'In <span dir="auto">Twice a day to Gull Island</span>:' in html
    assert 'href="articles/ferry.html#p1"' in html


def test_commands_work_per_course_and_per_source(course: Path) -> None:
    ok = quizgen("validate", cwd=course)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "5 questions in 3 banks" in ok.stdout
    one = quizgen("validate", "--source", "ferry", cwd=course)
    assert one.returncode == 0 and "2 questions in 1 bank," in one.stdout and "sources/ferry.txt" in one.stdout
    report = json.loads(quizgen("coverage", "--json", "--source", "garden", cwd=course).stdout)
    assert [s["id"] for s in report["sources"]] == ["garden"] and report["totals"]["questions"] == 2
    full = json.loads(quizgen("coverage", "--json", cwd=course).stdout)
    assert full["totals"]["by_source"] == {"airports": 1, "ferry": 2, "garden": 2}
    exported = json.loads(quizgen("export", "--source", "ferry", cwd=course).stdout)
    assert [s["id"] for s in exported["sources"]] == ["ferry"] and [b["slug"] for b in exported["banks"]] == [
        "ferry-timetable"
    ]
    result = quizgen("sheets", "--html", "out", "--source", "garden", cwd=course)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (course / "out").iterdir()) == [
        "article-garden.html",
        "garden-basics-key.html",
        "garden-basics-sheet.html",
        "glossary.html",
    ]
    # Sheet footers name the source by its details, not by a file name.
    sheet = (course / "out" / "garden-basics-sheet.html").read_text(encoding="utf-8")
    assert "A garden behind the station · by Staff reporter" in sheet and "garden.txt" not in sheet
    # Links between print documents resolve inside the folder.
    key = (course / "out" / "garden-basics-key.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#?]+)', key):
        assert (course / "out" / href).is_file(), href
    unknown = quizgen("validate", "--source", "nope", cwd=course)
    assert unknown.returncode == 2 and "no source with the id 'nope'" in unknown.stderr


def test_a_bank_must_say_which_source_when_there_are_several(course: Path) -> None:
    bank = course / "questions" / "ferry" / "timetable.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("source: ferry\n", ""), encoding="utf-8")
    result = quizgen("validate", cwd=course)
    assert result.returncode == 1
    assert (
        "questions/ferry/timetable.yml:1:1: $.source: this course has several sources; say which one this bank is about"
        in result.stdout
    )
    assert "add source: with one of airports, ferry, garden" in result.stdout


def test_an_unknown_source_id_is_reported_with_a_suggestion(course: Path) -> None:
    bank = course / "questions" / "ferry" / "timetable.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("source: ferry", "source: ferri"), encoding="utf-8")
    result = quizgen("validate", cwd=course)
    assert result.returncode == 1
    assert (
        "timetable.yml:1:9: $.source: there is no source with the id 'ferri' (did you mean 'ferry'?)" in result.stdout
    )


def test_evidence_is_checked_in_the_banks_own_source(course: Path) -> None:
    bank = course / "questions" / "ferry" / "timetable.yml"
    # A true quote, but of another source of the course.
    text = bank.read_text(encoding="utf-8").replace(
        "will run twice a day from next month", "was last used as a car park"
    )
    bank.write_text(text, encoding="utf-8")
    result = quizgen("validate", cwd=course)
    assert result.returncode == 1 and "the quote is not in the article" in result.stdout


def test_two_sources_with_one_id_and_bad_details_are_reported(course: Path) -> None:
    (course / "sources" / "garden.yml").write_text("id: ferry\ntitle: Garden\nurl: ftp://x\n", encoding="utf-8")
    result = quizgen("validate", cwd=course)
    assert result.returncode == 1
    assert "sources/garden.yml:3:6: $.url: 'ftp://x' is not a web address" in result.stdout
    (course / "sources" / "garden.yml").write_text("id: ferry\ntitle: Garden\n", encoding="utf-8")
    result = quizgen("validate", cwd=course)
    assert "the source id 'ferry' is already used by sources/ferry.txt" in result.stdout


def test_topics_are_the_courses_own(course: Path) -> None:
    yml = course / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - quizgen\n", "  - quizgen:\n      topics: [timeline, {id: people, title: People}]\n"
        ),
        encoding="utf-8",
    )
    result = quizgen("validate", cwd=course)
    assert result.returncode == 1
    assert "$.topic: 'events' is not one of timeline, people" in result.stdout
    for bank in (course / "questions").rglob("*.yml"):
        bank.write_text(bank.read_text(encoding="utf-8").replace("topic: events", "topic: timeline"), encoding="utf-8")
    assert quizgen("validate", cwd=course).returncode == 0


def test_a_course_of_one_source_needs_no_source_key(tmp_path: Path) -> None:
    project = tmp_path / "one"
    (project / "sources").mkdir(parents=True)
    (project / "questions").mkdir()
    (project / "docs").mkdir()
    shutil.copyfile(COURSE / "sources" / "ferry.txt", project / "sources" / "ferry.txt")
    bank = (COURSE / "questions" / "ferry" / "timetable.yml").read_text(encoding="utf-8")
    (project / "questions" / "ferry.yml").write_text(
        bank.replace("source: ferry\n", "").replace("    terms: [island council]\n", ""), encoding="utf-8"
    )
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: One\nuse_directory_urls: false\ntheme:\n  name: material\nplugins:\n  - quizgen\n", encoding="utf-8"
    )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    # Without a details file, the id is the file name and the title the default.
    assert "The article" in (site / "articles" / "ferry.html").read_text(encoding="utf-8")
    redirect = (site / "article.html").read_text(encoding="utf-8")
    assert 'url=articles/ferry.html"' in redirect and "location.search + location.hash" in redirect
