"""The hostile fixture site in Chromium: nothing in it ever runs.

The project in tests/fixtures/hostile (every text field an attack string) and a copy with
neutral text are built and served. On every page of both sites the test clicks every
choice, picks every match, types into every box, moves every ordering item, checks every
answer, reloads (answers are restored from storage), hovers every glossary term and every
link (Material's ``content.tooltips`` is on, which shows a ``title`` as HTML), and finally
searches the site. It records dialogs (alert, confirm, prompt, print, open: both the
``dialog`` event and stubs of those functions), uncaught errors, and the DOM afterwards.

The hostile site must show no dialog and no error, and have no element, event handler
attribute or script URL the neutral site lacks, apart from the inline formatting that bank
text may ask for (em, strong, code, br, links to http, https or mailto).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.browser.conftest import Served, serve_built
from tests.conftest import mkdocs_build
from tests.test_reliability_common import FORMATTING
from tests.test_reliability_render import fixture_projects

PAGES = [
    "quizzes/hostile.html",
    "article.html",
    "glossary.html",
    "sheets/hostile.html",
    "sheets/hostile-key.html",
    "index.html",
    "quizzes/index.html",
]

STUBS = """
window.__qgCalls = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  try {
    Object.defineProperty(window, name, {configurable: false, writable: false,
      value: function () { window.__qgCalls.push(name + "(" + Array.from(arguments).join(", ") + ")"); return null; }});
  } catch (e) { window.__qgCalls.push("could not stub " + name); }
}
"""

DOM = """() => {
  const counts = {};
  const handlers = [];
  const urls = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    counts[tag] = (counts[tag] || 0) + 1;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) handlers.push(tag + "[" + name + "=" + attr.value.slice(0, 80) + "]");
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data):/.test(value) || name === "srcdoc") {
          urls.push(tag + "[" + name + "=" + attr.value.slice(0, 80) + "]");
        }
      }
    }
  }
  return {counts, handlers, urls, calls: window.__qgCalls || []};
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    hostile, neutral = fixture_projects(tmp_path_factory.mktemp("hostile-browser"))
    servers = [serve_built(project, project / "site") for project in (hostile, neutral)]
    urls = [next(server) for server in servers]
    try:
        yield urls[0], urls[1]
    finally:
        for server in servers:
            server.close()


class Visit:
    """One browser context for one site, recording everything that must never happen."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(STUBS)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))
        self.page.on("popup", lambda popup: self.dialogs.append(f"popup {popup.url}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def hover_all(self, selector: str, limit: int = 80) -> None:
        for element in self.page.locator(selector).all()[:limit]:
            if element.is_visible():
                element.hover()

    def answer_everything(self) -> None:
        page = self.page
        for label in page.locator(".qg-choice label").all():
            label.click()
        for select in page.locator("select.qg-select").all():
            options = select.locator("option").all()
            select.select_option(index=len(options) - 1)
        for box in page.locator(".qg-input").all():
            box.fill("<img src=x onerror=alert('typed')> 36")
            box.press("Enter")
        for button in page.locator(".qg-up, .qg-down").all():
            button.click()
        for button in page.locator(".qg-check").all():
            button.click()
        page.locator(".qg-retry").click()
        for button in page.locator(".qg-check").all():
            button.click()

    def dom(self) -> dict[str, Any]:
        return self.page.evaluate(DOM)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.context.close()


def tour(browser: Any, base: str) -> tuple[dict[str, dict[str, Any]], Visit]:
    """Visit every page, do everything a student can, and record the DOM of each page after."""
    visit = Visit(browser, base)
    seen = {}
    for path in PAGES:
        visit.go(path)
        if path.startswith("quizzes/") and path != "quizzes/index.html":
            visit.answer_everything()
            visit.page.reload()  # saved answers and results are restored and shown again
            visit.page.wait_for_load_state("load")
        visit.hover_all(".qg-term")
        visit.hover_all(".md-content a[href]:not(.qg-pnum):not(.headerlink)", limit=40)
        seen[path] = visit.dom()
    return seen, visit


def test_nothing_in_the_hostile_site_runs_or_adds_an_element(browser: Any, sites: tuple[str, str]) -> None:
    hostile_url, neutral_url = sites
    hostile, hostile_visit = tour(browser, hostile_url)
    neutral, neutral_visit = tour(browser, neutral_url)
    try:
        assert not hostile_visit.dialogs, hostile_visit.dialogs
        assert not hostile_visit.errors, hostile_visit.errors
        assert not neutral_visit.errors, neutral_visit.errors
        for path in PAGES:
            h, n = hostile[path], neutral[path]
            assert not h["calls"], (path, h["calls"])
            new_handlers = sorted(set(h["handlers"]) - set(n["handlers"]))
            assert sorted(h["handlers"]) == sorted(n["handlers"]), (path, new_handlers)
            assert not h["urls"], (path, h["urls"])
            extra = {
                tag: count - n["counts"].get(tag, 0)
                for tag, count in h["counts"].items()
                if tag not in FORMATTING and count > n["counts"].get(tag, 0)
            }
            assert not extra, f"{path}: elements the neutral site lacks: {extra}"
        # The attack strings are on the page, as text.
        hostile_visit.go("quizzes/hostile.html")
        text = hostile_visit.page.locator(".qg-quiz").text_content() or ""
        for shown in ("<script>alert('prompt')</script>", "<svg/onload=alert('feedback')>", "{{ 7*7 }}"):
            assert shown in text, shown
    finally:
        hostile_visit.close()
        neutral_visit.close()


def test_searching_the_hostile_site_runs_nothing(browser: Any, sites: tuple[str, str]) -> None:
    visit = Visit(browser, sites[0])
    try:
        visit.go("index.html")
        before = Counter(visit.dom()["counts"])
        search = visit.page.locator("input.md-search__input")
        search.click()
        results = visit.page.locator(".md-search-result__item")
        found = {}
        for query in ("onerror", "script", "پشاور", "alert"):
            search.fill("")
            search.press_sequentially(query, delay=20)
            if query == "onerror":  # in several pages' text: wait for the index to load and answer
                results.first.wait_for(state="visible")
            visit.page.wait_for_timeout(400)
            found[query] = results.count()
            visit.hover_all(".md-search-result a", limit=20)
        assert max(found.values()) > 0, f"the search showed no results at all: {found}"
        after = visit.dom()
        assert not visit.dialogs and not visit.errors, (visit.dialogs, visit.errors)
        assert not after["calls"], after["calls"]
        assert not after["urls"], after["urls"]
        new_handlers = [h for h in after["handlers"] if "search" in h]
        assert not new_handlers, new_handlers
        # Results render Material's own markup only: the hostile tags stay text.
        for tag in ("img", "svg", "iframe", "object", "embed", "math", "details", "marquee", "form", "input", "base"):
            assert after["counts"].get(tag, 0) <= before.get(tag, 0), tag

    finally:
        visit.close()


COPIES = 10

#: Each element of one question, in order: its tag and its attributes' names (an id or a
#: choice's name holds the question's id, which differs between copies of one question).
#: Glossary tooltips are left out: a page links a term where it first occurs only.
SHAPES = """() => Array.from(document.querySelectorAll(".qg-q")).map(q => [q.id, q.textContent,
  Array.from(q.querySelectorAll("*")).filter(el => !el.hasAttribute("data-qg-tip")).map(el =>
    [el.tagName.toLowerCase(), ...Array.from(el.attributes).map(a => a.name).sort()].join(" "))])"""

#: Every choice picked and every question checked, at once: the feedback and explanations of
#: the questions brought in later are shown too.
ANSWER = """() => {
  document.querySelectorAll(".qg-choice input").forEach(i => i.click());
  document.querySelectorAll(".qg-check").forEach(b => b.click());
}"""


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile bank's questions ten times over: a quiz long enough to keep most of them
    waiting in blocks that the script brings in after the page has loaded."""
    hostile, _ = fixture_projects(tmp_path_factory.mktemp("hostile-many"))
    data = yaml.safe_load((hostile / "questions" / "hostile.yml").read_text(encoding="utf-8"))
    data["shuffle"] = False  # in the order written: the first copies are in the page, the others wait
    # Copies written out in full (the loader refuses YAML aliases).
    data["questions"] = [{**copy.deepcopy(q), "id": f"{q['id']}-{n}"} for n in range(COPIES) for q in data["questions"]]
    (hostile / "questions" / "hostile.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    site = hostile / "site"
    site.mkdir()
    server = Served(site)
    try:
        # Not --strict: the copies are, rightly, duplicate questions to quizgen lint.
        result = mkdocs_build(hostile, site, strict=False, env={"QG_SITE_URL": server.url})
        assert result.returncode == 0, result.stderr
        page = (site / "quizzes" / "hostile.html").read_text(encoding="utf-8")
        blocks = page.split('<template class="qg-later"><script type="text/html">')[1:]
        assert len(blocks) >= 1 and all("&lt;script&gt;alert(" in b.split("</script>")[0] for b in blocks)
        yield server.url
    finally:
        server.stop()


def test_hostile_questions_brought_in_later_are_as_inert_as_those_in_the_page(browser: Any, many_site: str) -> None:
    visit = Visit(browser, many_site)
    try:
        visit.go("quizzes/hostile.html")
        # Most questions came as text in blocks, which the script has parsed and put in the page.
        visit.page.wait_for_function("() => !document.querySelector('template.qg-later')")
        found = visit.page.evaluate(SHAPES)
        ids = [i for i, _, _ in found]
        # Each question's first copy, which was in the page from the start.
        first = {i.rsplit("-", 1)[0]: i for i in reversed(ids)}
        assert len(ids) == COPIES * len(first) == COPIES * 7
        shapes = {i: shape for i, _, shape in found}
        for i, text, shape in found:
            assert shape == shapes[first[i.rsplit("-", 1)[0]]], f"{i} differs from its first copy"
            handlers = [part for entry in shape for part in entry.split()[1:] if part.startswith("on")]
            assert not handlers, (i, handlers)
            if i.startswith("q-hostile-single-"):
                assert "<script>alert('prompt')</script>" in text, i
        visit.page.evaluate(ANSWER)
        assert visit.page.locator(".qg-q .qg-feedback:visible").count() >= COPIES * 3  # the three types with choices
        dom = visit.dom()
        assert not visit.dialogs and not visit.errors, (visit.dialogs, visit.errors)
        assert not dom["calls"] and not dom["urls"], (dom["calls"], dom["urls"])
    finally:
        visit.close()
