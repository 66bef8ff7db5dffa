"""Real `mkdocs build --strict` runs of small projects in temporary folders."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ARTICLE, GOOD_BANK, REPO, SEED_ID, mkdocs_build, quizgen


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import write_project

    proj = write_project(tmp_path_factory.mktemp("p") / "proj")
    site = proj / "site"
    result = mkdocs_build(proj, site)
    assert result.returncode == 0, result.stderr
    return site


def test_generated_pages_exist_and_nothing_is_written_into_docs(built: Path) -> None:
    for page in (
        ARTICLE,
        "article.html",  # the address earlier versions used: a redirect
        "glossary.html",
        "quizzes/index.html",
        "quizzes/events.html",
        "sheets/events.html",
        "sheets/events-key.html",
        "assets/quizgen/quizgen.js",
        "assets/quizgen/quizgen.css",
    ):
        assert (built / page).is_file(), page
    assert sorted(p.name for p in (built.parent / "docs").iterdir()) == ["index.md"]


def test_article_has_numbered_linkable_paragraphs(built: Path) -> None:
    html = (built / ARTICLE).read_text(encoding="utf-8")
    numbers = re.findall(r'id="p(\d+)"', html)
    assert numbers == [str(n) for n in range(1, 27)]
    assert '<a class="qg-pnum" href="#p1"' in html
    assert '<h2 id="s-urban-sophistication" dir="auto">Urban Sophistication</h2>' in html


def test_quiz_page_has_real_controls_and_hidden_feedback(built: Path) -> None:
    html = (built / "quizzes" / "events.html").read_text(encoding="utf-8")
    assert html.count("<fieldset>") == 2 and html.count("<legend") == 2
    assert html.count('type="radio" name="qg-ev-plane"') == 2
    assert 'class="qg-feedback" data-search-exclude hidden' in html
    assert f'href="../{ARTICLE}?hl=1.' in html and "#p1" in html
    key = json.loads(re.search(r'<script type="application/json" class="qg-key">(.*?)</script>', html, re.S).group(1))
    assert key["q"]["ev-plane"] == {"t": "single", "c": ["a"]} and key["q"]["ev-dead"]["a"] == 36
    assert '<a href="../sheets/events.html">Study sheet (print)</a>' in html


def test_every_internal_link_resolves(built: Path) -> None:
    for page in built.rglob("*.html"):
        for href in parse(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "/")) or not parts.path or page.name == "404.html":
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.exists(), f"{page.relative_to(built)} links to missing {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, f"{page.relative_to(built)}: no #{parts.fragment} in {href}"


def test_glossary_tooltips_mark_first_use_without_leaking_text(built: Path) -> None:
    article = (built / ARTICLE).read_text(encoding="utf-8")
    assert article.count('class="qg-term"') >= 2
    assert article.count('data-qg-tip="Tehrik-e-Taliban Pakistan: An armed group') == 1
    # The definition lives only in attributes, never in the page's text or its search entry.
    visible = re.sub(r"<[^>]+>", " ", article)
    assert "An armed group that fights" not in visible
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any("An armed group that fights" in d["text"] for d in index["docs"] if "glossary" not in d["location"])
    assert 'class="qg-term"' not in (built / "glossary.html").read_text(encoding="utf-8")


def test_answers_stay_out_of_the_search_index(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"])
    assert "The first sentence says so" not in text  # a single-choice explanation
    assert "Paragraph 2 gives the figure" not in text  # a numeric one, after "The answer: 36"
    assert "attacked earlier in the month" not in text  # per-choice feedback
    titles = " ".join(d["title"] for d in index["docs"])
    assert "Where was the commercial plane fired upon?" in titles


def test_quiz_search_entries_come_from_the_catalog_and_link_to_each_question(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    quiz = [d for d in index["docs"] if d["location"].startswith("quizzes/events.html")]
    assert [d["location"] for d in quiz] == [
        "quizzes/events.html",
        "quizzes/events.html#q-ev-plane",
        "quizzes/events.html#q-ev-dead",
    ]
    assert quiz[1]["title"] == "1. Where was the commercial plane fired upon?"
    # The options students see are searchable; which one is right is not said.
    assert quiz[1]["text"] == "Bacha Khan International Airport in Peshawar · Jinnah International Airport in Karachi"
    # Sheets and keys stay out of search; the quiz page's HTML is not parsed for it.
    assert not any(d["location"].startswith("sheets/") for d in index["docs"])
    assert sum(d["location"] == "quizzes/events.html" for d in index["docs"]) == 1


def test_progress_marker_on_a_hand_written_page(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "data-qg-progress" in html and 'data-qg-bank="events"' in html and "quizgen:progress" not in html


def test_directory_urls_links_resolve(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project(directory_urls=True)
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    quiz = (tmp_path / "site" / "quizzes" / "events" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../articles/{SEED_ID}/?hl=1.' in quiz
    assert (tmp_path / "site" / "article" / "index.html").is_file()  # the old address redirects
    assert 'href="../../sheets/events-key/"' in quiz


def test_bank_errors_fail_the_build_with_the_validate_messages(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project({"events.yml": GOOD_BANK.replace("correct: true", "correct: yes")})
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode != 0
    expected = quizgen("validate", cwd=proj).stdout.strip()
    assert expected.startswith("questions/events.yml:11:18:")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists(), "a failed build must not leave a half-written site"


def test_a_hand_written_page_at_a_generated_path_fails_naming_it(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    (proj / "docs" / "glossary.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/glossary.md" in result.stderr and "quizgen generates" in result.stderr


def test_disabled_plugin_generates_nothing(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    yml = proj / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("  - quizgen\n", "  - quizgen:\n      enabled: false\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "article.html").exists()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_repository_site_builds_strict(tmp_path: Path, engine: str) -> None:
    """MkDocs, and ProperDocs (which continues MkDocs 1.x and runs the plugin), with --strict."""
    result = mkdocs_build(REPO, tmp_path / "site", engine=engine)
    assert result.returncode == 0, result.stderr
    for bank in ("events", "actors", "arguments"):
        assert (tmp_path / "site" / "quizzes" / f"{bank}.html").is_file()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "not what you should think about the events" in home and "data-qg-progress" in home


def test_bank_file_names_become_web_addresses(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project({"Week_1.yml": GOOD_BANK})
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "quizzes" / "week-1.html").is_file()


def test_two_files_with_the_same_address_are_refused(project) -> None:  # type: ignore[no-untyped-def]
    other = GOOD_BANK.replace("id: ev-plane", "id: ev-plane-2").replace("id: ev-dead", "id: ev-dead-2")
    proj = project({"week_1.yml": GOOD_BANK, "week-1.yml": other})
    result = quizgen("validate", cwd=proj)
    assert result.returncode == 1
    assert "this bank needs the page quizzes/week-1, which is already a page of questions/" in result.stdout


def test_the_script_and_stylesheet_are_served_minified_with_their_names_kept() -> None:
    """Comments and indentation go (a third less to load on a weak network); every function
    and class name of the sources is still there, and the licence line leads each file."""
    from quizgen import assets

    served = {name: data.decode("utf-8") for name, data in assets.files().items()}
    sources = {
        assets.JS: (REPO / "quizgen" / assets.JS).read_text(encoding="utf-8")
        + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "quizgen" / "qtypes").glob("*.js"))),
        assets.CSS: (REPO / "quizgen" / assets.CSS).read_text(encoding="utf-8"),
    }
    for name, text in served.items():
        assert text.startswith("/*! quizgen "), name
        assert len(text) < 0.8 * len(sources[name]), name
    for fn in set(re.findall(r"function (\w+)\(", sources[assets.JS])):
        assert f"function {fn}(" in served[assets.JS], fn
    for cls in set(re.findall(r"\.(qg-[\w-]+)", sources[assets.CSS])):
        assert f".{cls}" in served[assets.CSS], cls


def test_every_generated_page_has_one_heading_its_title(built: Path) -> None:
    """Quizzes, sheets and keys are filled as they are written, their heading first: Material
    adds a heading of its own to a page whose content has none, which would show the title twice."""
    for page, title in (
        ("quizzes/events.html", "Events"),
        ("sheets/events.html", "Events — study sheet"),
        ("sheets/events-key.html", "Events — answer key"),
        ("glossary.html", "Glossary"),
        ("quizzes/index.html", "Quizzes"),
    ):
        text = (built / page).read_text(encoding="utf-8")
        headings = re.findall(r"<h1\b[^>]*>(.*?)</h1>", text, re.S)
        assert [re.sub(r"<[^>]+>", "", h).strip() for h in headings] == [title], page


HOOK = """
import json, pathlib
from mkdocs.plugins import event_priority
seen = {}

@event_priority(-1000)
def on_page_context(context, page, config, nav):
    seen.setdefault(page.file.src_uri, {})["content"] = len(page.content or "")

@event_priority(-1000)
def on_post_page(output, page, config):
    seen.setdefault(page.file.src_uri, {})["finished"] = 'class="qg-quiz"' in output or 'class="qg-sheet' in output
    return output

def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""


def test_heavy_pages_are_filled_as_written_and_other_plugins_see_them_finished(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    """MkDocs makes every page's content before it writes the first page: quizzes, sheets and
    keys (most of a site's HTML) are filled as each is written, so a build does not hold them
    all at once, and a plugin that rewrites finished pages (a minifier) still gets them whole."""
    SLOT = "data-qg-slot"

    proj = project()
    (proj / "hook.py").write_text(HOOK, encoding="utf-8")
    yml = proj / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n", encoding="utf-8")
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    seen = json.loads((proj / "seen.json").read_text(encoding="utf-8"))
    for page in ("quizzes/events.md", "sheets/events.md", "sheets/events-key.md"):
        assert seen[page]["content"] < 200, page  # the heading and the place to fill
        assert seen[page]["finished"], page
        written = (tmp_path / "site" / page.replace(".md", ".html")).read_text(encoding="utf-8")
        assert "Where was the commercial plane fired upon?" in written and SLOT not in written, page
    assert seen[f"articles/{SEED_ID}.md"]["content"] > 5_000  # searched pages are filled at once


def test_a_theme_that_leaves_out_the_page_content_is_told_what_to_keep(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    proj = project()
    (proj / "overrides").mkdir()
    (proj / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p>Nothing here.</p>{% endblock %}\n', encoding="utf-8"
    )
    yml = proj / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode != 0
    assert "quizzes/events.md" in result.stderr and "{{ page.content }}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
