"""Every bank text is inert in every output.

Whatever a teacher (or an attacker) writes in a prompt, a choice, a feedback, an explanation,
a description, a title or a glossary entry, every output shows it as text, or as the small
set of inline formatting bank text may ask for: the quiz pages, the article, the glossary
tooltips (``data-qg-tip``), the study sheets and answer keys, the JSON answer key embedded
in each quiz, MkDocs' search index and ``quizgen export``.

Most examples render the core directly (fast); a handful are real ``mkdocs build`` runs:
the hostile fixture project beside a neutral copy, and two hypothesis-generated banks.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import nh3
import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st
from markupsafe import escape

from quizgen import pages, qtypes, render
from quizgen import text as text_module
from quizgen.models import Bank, Catalog, Choice, Evidence, Pair, Question, Term
from quizgen.source import read_source
from quizgen.terms import annotate, matcher, occurrences, tip_text
from quizgen.text import inline, plain, script_json
from tests.conftest import SEED, mkdocs_build, quizgen, write_project
from tests.test_reliability_common import (
    FORMATTING,
    Page,
    assert_inert,
    examples,
    hostile_text,
    html_pages,
    problems,
    tree,
    url_is_safe,
    yaml_quote,
)

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
SOURCE = replace(read_source(SEED, "seeds/000_987c6cd902e74af3.txt")[0], id="airports", title="The article")  # type: ignore[type-var]
assert SOURCE is not None

# Field names of a catalog, each filled by ``text(name)``.
QTYPES = ("single", "multiple", "true_false", "fill_blank", "numeric", "matching", "ordering")
QFIELDS = ("prompt", "explanation", "fb-right", "fb-wrong", "evidence")
FIELDS = (
    ["title", "description", "term-name", "exp-TTP", "def-TTP", "exp-FATA", "def-FATA", "exp-term", "def-term", "alias"]
    + [f"{t}-{f}" for t in QTYPES for f in QFIELDS]
    + [
        "choice-0",
        "choice-1",
        "choice-2",
        "cfb-0",
        "cfb-1",
        "answer-0",
        "answer-1",
        "unit",
        "left-0",
        "left-1",
        "right-0",
        "right-1",
        "distractor",
        "item-0",
        "item-1",
        "item-2",
    ]
)


def make_catalog(text: Callable[[str], str]) -> Catalog:
    """A catalog with every kind of question and text field, filled by ``text(field)``."""
    ev = Evidence(quote="", paragraph=2, start=74, end=101)

    def q(qtype: str, **kw: Any) -> Question:
        prompt = text(f"{qtype}-prompt") + (" ___" if qtype == "fill_blank" else "")
        if qtype == "single":  # every glossary term, so that both builds have the same tooltips
            prompt += " TTP FATA " + text("term-name")
        return qtypes.question(
            qtype,
            id=f"q-{qtype.replace('_', '-')}",
            prompt=prompt,
            explanation=text(f"{qtype}-explanation"),
            difficulty="recall",
            evidence=(Evidence(text(f"{qtype}-evidence"), ev.paragraph, ev.start, ev.end),),
            feedback_correct=text(f"{qtype}-fb-right"),
            feedback_incorrect=text(f"{qtype}-fb-wrong"),
            **kw,
        )

    choices = tuple(
        Choice(key=k, text=text(f"choice-{n}"), correct=n == 0, feedback=text(f"cfb-{n}") if n < 2 else None)
        for n, k in enumerate("abc")
    )
    questions = (
        q("single", choices=choices),
        q("multiple", choices=tuple(Choice(c.key, c.text, c.key != "c", c.feedback) for c in choices)),
        q("true_false", answer=True),
        q("fill_blank", answers=(text("answer-0"), text("answer-1"))),
        q("numeric", answer=36, tolerance=0.5, unit=text("unit")),
        q(
            "matching",
            pairs=(Pair(text("left-0"), text("right-0")), Pair(text("left-1"), text("right-1"))),
            distractors=(text("distractor"),),
        ),
        q("ordering", items=(text("item-0"), text("item-1"), text("item-2"))),
    )
    bank = Bank(
        slug="bank",
        file="questions/bank.yml",
        source=SOURCE.id,
        topic="events",
        title=text("title"),
        questions=questions,
        description=text("description"),
        shuffle=True,
    )
    # An expansion equal to its term is not shown: keep them different, so that both catalogs
    # have the same elements.
    terms = (
        Term("TTP", text("exp-TTP") + " (e)", text("def-TTP"), "term-ttp", aliases=(text("alias"),)),
        Term("FATA", text("exp-FATA") + " (e)", text("def-FATA"), "term-fata"),
        Term(text("term-name"), text("exp-term") + " (e)", text("def-term"), "term-x"),
    )
    return Catalog(sources=(SOURCE,), banks=(bank,), terms=terms)


def render_all(catalog: Catalog) -> dict[str, str]:
    """Every generated page body, with glossary tooltips as the plugin adds them."""
    m = matcher(catalog.terms)
    out = {}
    for page in pages.plan(catalog):
        links = pages.Links(page.src, False)
        body = str(render.render_page(page, catalog, links))
        if page.src != pages.GLOSSARY:
            body = annotate(body, m, lambda t, links=links: links.to(pages.GLOSSARY, anchor=t.slug))  # type: ignore[misc]
        out[page.src] = body
    return out


NEUTRAL = render_all(make_catalog(lambda f: f"Neutral {f}"))


@examples(100)
@given(strings=st.fixed_dictionaries({f: hostile_text() for f in FIELDS}))
def test_hostile_text_in_every_field_adds_no_element_attribute_or_url(strings: dict[str, str]) -> None:
    catalog = make_catalog(strings.__getitem__)
    # A term name that really occurs in the article (such as "U" in "U.S.") rightly gets
    # links to its paragraphs on the glossary page, which the neutral build has not.
    used = matcher(catalog.terms[2:])
    assume(not any(occurrences(p.text, used) for p in catalog.sources[0].paragraphs))
    hostile = render_all(catalog)
    assert hostile.keys() == NEUTRAL.keys()
    for src, body in hostile.items():
        page, _ = assert_inert(body, NEUTRAL[src], src)
        # The embedded grading key reads back exactly as the data it was made from.
        for attrs, text in page.scripts:
            if attrs.get("class") == "qg-key":
                key = json.loads(text)
                assert key == {"bank": "bank", "q": {q.id: render.answer_key(q) for q in catalog.banks[0].questions}}
        # Tooltips carry the term's text as an attribute value, exactly (white space collapsed).
        for _, attrs in page.elements:
            if "data-qg-tip" in attrs:
                term = next(t for t in catalog.terms if attrs["href"] and attrs["href"].endswith("#" + t.slug))
                assert attrs["data-qg-tip"] == " ".join(tip_text(term).split())


@examples(300)
@given(text=hostile_text(max_parts=12))
@example(text="\ufeff\ufeff")  # the page keeps the second: so must the plain text
def test_inline_markdown_makes_only_formatting_and_safe_links(text: str) -> None:
    page = Page(str(inline(text)))
    assert {tag for tag, _ in page.elements} <= FORMATTING
    assert not problems(page)
    for tag, attrs in page.elements:
        assert set(attrs) <= ({"href", "rel"} if tag == "a" else set()), (tag, attrs)
        if tag == "a":
            assert (
                attrs["href"]
                and url_is_safe(attrs["href"])
                and attrs["href"].lower().startswith(("http://", "https://", "mailto:"))
            )
    # Plain text (options, aria-labels) is the visible text of the same Markdown.
    assert plain(text) == page.visible_text()


# Words, spaces, the punctuation around emphasis, the delimiters, and characters that are
# neither ASCII nor plain (a quote mark, an accent, Urdu, a byte-order mark, a no-break space).
_EMPHASIS_PIECES = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "__",
        "***",
        " ",
        "  ",
        "a",
        "Zarb",
        "e",
        "9",
        "(",
        ")",
        '"',
        "'",
        ".",
        ",",
        "!",
        "-",
        "é",
        "\u201c",
        "\u0627",
        "\ufeff",
        "\u00a0",
        "\u2003",
        "&",
        "\\",
        "`",
        "[",
        "]",
        "x_y",
        "1_000",
    ]
)


@examples(500)
@given(
    text=st.one_of(
        st.lists(_EMPHASIS_PIECES, max_size=14).map("".join),
        st.text(alphabet=st.sampled_from("*_ ab(.'é\U0001f600"), max_size=10),
    )
)
@example(text="a_b_")  # an underscore inside a word is not emphasis
@example(text="a*b*")
@example(text="Cells **root** similar")
@example(text='(*a*) "b" it\'s')
@example(text="*a*\ufeffb")
def test_the_emphasis_shortcut_renders_as_markdown_it_and_nh3_do(text: str) -> None:
    """Most bank text with markup has only plain emphasis, which quizgen renders without
    markdown-it: what the page and the plain text show must be what the reference gives."""
    from quizgen.text import _markdown, _simple, _visible

    reference = str(_markdown(text))
    assert str(text_module._rendered.__wrapped__(text)) == reference
    assert _visible.__wrapped__(text) == html.unescape(nh3.clean("." + reference, tags=set()))[1:]
    if text in ("Cells **root** similar", '(*a*) "b" it\'s'):
        assert _simple(text), "the shortcut is taken"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text(max_parts=2), children, max_size=4),
    max_leaves=12,
)


@examples(300)
@given(data=json_values)
def test_script_json_round_trips_and_never_leaves_its_script(data: Any) -> None:
    text = str(script_json(data))
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == data
    page = Page(f'<script type="application/json" class="qg-key">{text}</script><p>after</p>')
    assert page.scripts == [({"type": "application/json", "class": "qg-key"}, text)]
    assert not problems(page)


def test_script_json_refuses_nan_and_infinity() -> None:
    for bad in (float("nan"), float("inf"), [float("-inf")]):
        with pytest.raises(ValueError):
            script_json(bad)


def test_a_glossary_term_never_splits_a_character_reference() -> None:
    terms = [Term(name, "E", "D", f"t{k}") for k, name in enumerate(["amp", "lt", "quot", "39", "x27", "34", "nbsp"])]
    body = str(escape('Tom & Jerry <3 "quoted" it\'s')) + " &nbsp;&#x27;&#160;"
    assert annotate(f"<p>{body}</p>", matcher(terms), lambda t: "#") == f"<p>{body}</p>"


def test_a_glossary_of_thousands_of_names_is_matched_quickly() -> None:
    import random
    import time

    words = SOURCE.paragraphs[3].text.split()
    rng = random.Random(0)
    # 400 terms with 20 aliases each (the limits are 1,000 and 20): 8,400 names.
    terms = [
        Term(
            " ".join(rng.sample(words, 3)) + f" x{i}",
            "E",
            "D",
            f"t{i}",
            aliases=tuple(" ".join(rng.sample(words, 3)) + f" y{i}-{k}" for k in range(20)),
        )
        for i in range(400)
    ]
    terms.append(Term("TTP", "E", "D", "ttp"))
    m = matcher(terms)  # compiled once per glossary (and cached): seconds at the limits
    page = "".join(f"<p>{b.text}</p>" for b in SOURCE.blocks) * 20
    start = time.process_time()  # the work done, not the waits of a loaded machine
    out = annotate(page, m, lambda t: "#")
    assert time.process_time() - start < 2, "tooltips cost seconds per page"
    assert out.count('class="qg-term"') == 1


# -- real builds -----------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Hostile
site_url: !ENV [QG_SITE_URL, "http://127.0.0.1:8000/"]
use_directory_urls: false
theme:
  name: material
  font: false
  features: [navigation.instant, content.tooltips, search.highlight]
plugins:
  - search
  - quizgen
"""

TEXT_KEYS = {
    "title",
    "description",
    "prompt",
    "explanation",
    "text",
    "feedback",
    "correct",
    "incorrect",
    "unit",
    "left",
    "right",
    "expansion",
    "definition",
}
LIST_KEYS = {"answers", "distractors", "items", "aliases"}


def _neutral_name(name: str, n: int) -> str:
    """Term names are structure (where tooltips go): a plain one is kept, a hostile one replaced."""
    return name if re.fullmatch(r"[A-Za-z][A-Za-z -]*", name) else f"Neutralterm{n}"


def neutralize(data: Any, counter: list[int], names: dict[str, str], key: str = "") -> Any:
    """The same bank with every text replaced by a neutral one (structure, ids, quotes kept)."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k in ("correct", "incorrect") and isinstance(v, bool):
                out[k] = v
            elif k == "term":
                out[k] = names.setdefault(v, _neutral_name(v, len(names)))
            elif k == "terms" and isinstance(v, list) and all(isinstance(t, str) for t in v):
                out[k] = [names.setdefault(t, _neutral_name(t, len(names))) for t in v]
            elif k == "aliases":
                out[k] = [_neutral_name(t, 100 + n) for n, t in enumerate(v)]
            else:
                out[k] = neutralize(v, counter, names, k)
        return out
    if isinstance(data, list):
        return [neutralize(v, counter, names, key) for v in data]
    if isinstance(data, str) and (key in TEXT_KEYS or key in LIST_KEYS):
        counter[0] += 1
        return f"Neutral text {counter[0]}" + (" ___" if "___" in data else "")
    return data


def fixture_projects(root: Path) -> tuple[Path, Path]:
    """The hostile fixture project, and a copy whose every text is neutral."""
    bank = (FIXTURE / "questions" / "hostile.yml").read_text(encoding="utf-8")
    glossary = (FIXTURE / "questions" / "glossary.yml").read_text(encoding="utf-8")
    hostile = write_project(root / "hostile", {"hostile.yml": bank}, glossary)
    names: dict[str, str] = {}
    gdata = neutralize(yaml.safe_load(glossary), [0], names)
    bdata = neutralize(yaml.safe_load(bank), [1000], names)
    # Every glossary term in the first prompt: the neutral site has every tooltip the hostile one can have.
    bdata["questions"][0]["prompt"] += " " + " ".join(t["term"] for t in gdata["terms"])
    neutral = write_project(
        root / "neutral",
        {"hostile.yml": yaml.safe_dump(bdata, allow_unicode=True)},
        yaml.safe_dump(gdata, allow_unicode=True),
    )
    for project in (hostile, neutral):
        (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return hostile, neutral


@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    hostile, neutral = fixture_projects(tmp_path_factory.mktemp("sites"))
    for project in (hostile, neutral):
        result = mkdocs_build(project, project / "site")
        assert result.returncode == 0, result.stderr
    return hostile / "site", neutral / "site"


MATERIAL_SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}


def check_sites(hostile: Path, neutral: Path) -> None:
    hostile_pages, neutral_pages = html_pages(hostile), html_pages(neutral)
    assert hostile_pages.keys() == neutral_pages.keys()
    for name, body in hostile_pages.items():
        assert_inert(body, neutral_pages[name], name)
    # The search index: Material shows its titles and texts as HTML in the search results.
    index = json.loads((hostile / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for part in ("title", "text"):
            page = Page(doc[part])
            assert {tag for tag, _ in page.elements} <= MATERIAL_SEARCH_TAGS, (doc["location"], part, doc[part][:300])
            assert all(not attrs for _, attrs in page.elements), (doc["location"], part)
    # Everything else (theme assets, quizgen's own script and style) is the same.
    hostile_files, neutral_files = tree(hostile), tree(neutral)
    assert hostile_files.keys() == neutral_files.keys()
    for name in hostile_files:
        if not name.endswith((".html", ".json", ".xml", ".gz")):
            assert hostile_files[name] == neutral_files[name], name


def test_the_hostile_fixture_builds_and_every_page_is_inert(fixture_sites: tuple[Path, Path]) -> None:
    check_sites(*fixture_sites)


def test_the_hostile_fixture_is_shown_as_text(fixture_sites: tuple[Path, Path]) -> None:
    site = fixture_sites[0]
    quiz = Page((site / "quizzes" / "hostile.html").read_text(encoding="utf-8")).visible_text()
    for shown in (
        "<script>alert('prompt')</script>",
        "{{ 7*7 }}",
        '--8<-- "mkdocs.yml"',
        "{% raw %}x{% endraw %}",
        '{: onmouseover="alert(1)" }',
        "<!--<script>",
        "<b> & <i>",
        "پشاور میں طیارے پر فائرنگ",
        "שלום",
    ):
        assert shown in quiz, shown
    everything = "\n".join(Page(body).visible_text() for body in html_pages(site).values())
    assert "site_name: Hostile" not in everything and "root:x:0:0" not in everything, "a snippet was included"
    glossary = Page((site / "glossary.html").read_text(encoding="utf-8")).visible_text()
    assert "<script>alert('definition')</script>" in glossary
    assert "</span><script>alert('expansion')</script>" in glossary
    # The tooltip text is an attribute value: plain text, never markup.
    tips = [
        attrs["data-qg-tip"]
        for _, attrs in Page((site / "quizzes" / "hostile.html").read_text(encoding="utf-8")).elements
        if "data-qg-tip" in attrs
    ]
    assert any("<img src=x onerror=alert('tip')>" in (tip or "") for tip in tips)


def test_the_export_of_the_hostile_fixture_keeps_every_text_exactly(fixture_sites: tuple[Path, Path]) -> None:
    project = fixture_sites[0].parent
    result = quizgen("export", cwd=project)
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    bank = yaml.safe_load((project / "questions" / "hostile.yml").read_text(encoding="utf-8"))
    [out] = exported["banks"]
    assert out["title"] == bank["title"] and out["description"] == bank["description"]
    for written, q in zip(bank["questions"], out["questions"], strict=True):
        for key in ("prompt", "explanation", "answers", "items", "unit"):
            if key in written:
                assert q[key] == written[key], key
        for k, choice in enumerate(written.get("choices", [])):
            assert q["choices"][k]["text"] == choice["text"]


def write_generated(project: Path, strings: dict[str, str]) -> None:
    """A bank and glossary of every question type whose texts are ``strings`` (YAML-quoted)."""
    s = {k: yaml_quote(v) for k, v in strings.items()}
    unique = {k: yaml_quote(f"{v} {k}") for k, v in strings.items()}
    bank = f"""\
source: ../seeds/000_987c6cd902e74af3.txt
topic: events
title: {yaml_quote(strings["title"][:150])}
description: {s["description"]}
shuffle: true
questions:
  - id: q-single
    type: single
    difficulty: recall
    prompt: {yaml_quote(strings["single-prompt"] + " TTP FATA Neutralterm")}
    choices:
      - {{text: {unique["choice-0"]}, correct: true, feedback: {s["cfb-0"]}}}
      - {{text: {unique["choice-1"]}, feedback: {s["cfb-1"]}}}
      - {{text: {unique["choice-2"]}}}
    explanation: {s["single-explanation"]}
    evidence: killed 36 airport personnel
    feedback: {{correct: {s["single-fb-right"]}, incorrect: {s["single-fb-wrong"]}}}
    terms: [TTP]
  - id: q-fill
    type: fill_blank
    difficulty: recall
    prompt: {yaml_quote(strings["fill_blank-prompt"].replace("_", "-") + " ___")}
    answers: [{yaml_quote(strings["answer-0"][:150] + " 0")}, {yaml_quote(strings["answer-1"][:150] + " 1")}]
    explanation: {s["fill_blank-explanation"]}
    evidence: killed 36 airport personnel
  - id: q-numeric
    type: numeric
    difficulty: recall
    prompt: {s["numeric-prompt"]}
    answer: 36
    unit: {yaml_quote(strings["unit"][:40])}
    explanation: {s["numeric-explanation"]}
    evidence: killed 36 airport personnel
  - id: q-matching
    type: matching
    difficulty: recall
    prompt: {s["matching-prompt"]}
    pairs:
      - {{left: {unique["left-0"]}, right: {unique["right-0"]}}}
      - {{left: {unique["left-1"]}, right: {unique["right-1"]}}}
    distractors: [{unique["distractor"]}]
    explanation: {s["matching-explanation"]}
    evidence: killed 36 airport personnel
  - id: q-ordering
    type: ordering
    difficulty: recall
    prompt: {s["ordering-prompt"]}
    items: [{unique["item-0"]}, {unique["item-1"]}, {unique["item-2"]}]
    explanation: {s["ordering-explanation"]}
    evidence: killed 36 airport personnel
"""
    background = "background: true"
    glossary = f"""\
terms:
  - {{term: TTP, expansion: {yaml_quote(strings["exp-TTP"][:200])}, definition: {s["def-TTP"]}}}
  - {{term: FATA, expansion: {yaml_quote(strings["exp-FATA"][:200])}, definition: {s["def-FATA"]}}}
  - {{term: Neutralterm, expansion: {yaml_quote(strings["exp-term"][:200])}, definition: {s["def-term"]}, {background}}}
"""
    (project / "questions" / "bank.yml").write_text(bank, encoding="utf-8")
    (project / "questions" / "glossary.yml").write_text(glossary, encoding="utf-8")


@pytest.fixture(scope="module")
def neutral_generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("gen") / "neutral", {})
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_generated(project, {f: f"Neutral {f}" for f in FIELDS})
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@examples(2)
@given(strings=st.fixed_dictionaries({f: hostile_text(controls=False).filter(lambda t: t.strip()) for f in FIELDS}))
def test_generated_hostile_banks_build_into_inert_sites(
    tmp_path_factory: pytest.TempPathFactory, neutral_generated: Path, strings: dict[str, str]
) -> None:
    project = write_project(tmp_path_factory.mktemp("gen") / "hostile", {})
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_generated(project, strings)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr + (project / "questions" / "bank.yml").read_text(encoding="utf-8")
    try:
        check_sites(project / "site", neutral_generated)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def test_neutral_text_needs_no_escaping() -> None:
    # A guard for the tests above: the neutral texts themselves contain nothing to escape.
    assert all(re.fullmatch(r"[A-Za-z0-9 _-]+", f"Neutral {f}") for f in FIELDS)
