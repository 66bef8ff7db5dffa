"""The class's language: one gettext catalog per language, every word quizgen shows in it.

The template (``quizgen/locale/quizgen.pot``) must be what ``pybabel extract`` finds in the
code today, and every shipped catalog must translate every one of those words, with the same
placeholders and every plural form: a word added in English and not translated fails here,
not in a classroom. The script and the stylesheet have no words of their own.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from quizgen import i18n, pages, render
from quizgen.catalog import CatalogBuilder
from quizgen.sheets import documents
from tests.conftest import ENV, REPO, write_project

LOCALE = REPO / "quizgen" / "locale"
LANGUAGES = [code for code in i18n.shipped() if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def extracted() -> dict[str | tuple[str, str], list[str]]:
    """What ``pybabel extract -F babel.cfg`` finds in the code now: msgid -> files."""
    parser = configparser.RawConfigParser()
    parser.read(REPO / "babel.cfg", encoding="utf-8")
    method_map = []
    options_map = {}
    for section in parser.sections():
        method, pattern = (s.strip() for s in section.split(":", 1))
        method_map.append((pattern, method))
        options_map[pattern] = dict(parser.items(section))
    found: dict[str | tuple[str, str], list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, comment_tags=("TRANSLATORS:",)
    ):
        key = message if isinstance(message, str) else tuple(message[:2])
        found.setdefault(key, []).append(filename)
    return found


def catalog_ids(path: Path) -> dict[str | tuple[str, str], object]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m for m in catalog if m.id}


def test_babel_cfg_covers_every_template_and_module() -> None:
    files = {f for names in extracted().values() for f in names}
    assert "quizgen/templates/quiz.html" in files and "quizgen/qtypes/matching.html" in files
    assert "quizgen/render.py" in files and "quizgen/i18n.py" in files


def test_the_template_is_what_the_code_says() -> None:
    """Run `pybabel extract` (docs/developing.md) after changing a word; this says which."""
    now = set(extracted())
    pot = set(catalog_ids(LOCALE / "quizgen.pot"))
    assert not now - pot, f"new words, not in quizgen.pot yet: {sorted(map(str, now - pot))}"
    assert not pot - now, f"words no longer in the code, still in quizgen.pot: {sorted(map(str, pot - now))}"


def test_english_french_spanish_german_and_urdu_are_shipped() -> None:
    assert {"en", "fr", "es", "de", "ur"} <= set(i18n.shipped())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_is_translated(language: str) -> None:
    """Every word the code shows, in every plural form, with the same placeholders."""
    messages = catalog_ids(LOCALE / language / "LC_MESSAGES" / "quizgen.po")
    problems = []
    for msgid in extracted():
        m = messages.get(msgid)
        name = msgid if isinstance(msgid, str) else msgid[0]
        if m is None:
            problems.append(f"missing: {name!r}")
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)  # type: ignore[attr-defined]
        if m.fuzzy or not all(forms):  # type: ignore[attr-defined]
            problems.append(f"untranslated or fuzzy: {name!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(name))
        for form in forms:
            # A plural form may leave the number out ("one answer"), never add or rename one.
            if not set(PLACEHOLDER.findall(form)) <= set(wanted) or (
                isinstance(msgid, str) and sorted(PLACEHOLDER.findall(form)) != wanted
            ):
                problems.append(f"placeholders differ: {name!r} -> {form!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_match_the_language(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "quizgen.po").open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == language
    for m in catalog:
        if m.id and isinstance(m.id, tuple):
            assert len(m.string) == catalog.num_plurals, m.id


def test_languages_resolve_to_a_shipped_one() -> None:
    assert i18n.resolve("fr") == ("fr", True)
    assert i18n.resolve("fr-CA") == ("fr", True)
    assert i18n.resolve("de_AT") == ("de", True)
    assert i18n.resolve("UR") == ("ur", True)
    assert i18n.resolve("pt-BR") == ("en", False)
    assert i18n.resolve(None) == ("en", True)
    assert i18n.direction("ur") == "rtl" and i18n.direction("fr") == "ltr"


def test_the_browser_gets_a_form_for_each_plural_category() -> None:
    with i18n.using("fr"):
        words = i18n.browser_strings()
    assert words["lang"] == "fr"
    assert words["cleared"]["one"] == "{count} réponse effacée."
    assert words["cleared"]["other"].startswith("Les {count} réponses")
    with i18n.using("de"):
        assert isinstance(i18n.browser_strings()["score"], str)  # the same in every form: one string


def js_strings(code: str) -> list[str]:
    """The string literals of a script, past its comments and regular expressions."""
    out, k, n = [], 0, len(code)
    last = "("  # the last significant character: says whether a slash starts a regular expression
    while k < n:
        c = code[k]
        if code.startswith("//", k):
            k = code.find("\n", k)
            k = n if k < 0 else k
        elif code.startswith("/*", k):
            k = code.index("*/", k) + 2
        elif c in "'\"`":
            end = k + 1
            while code[end] != c:
                end += 2 if code[end] == "\\" else 1
            out.append(code[k + 1 : end])
            k, last = end + 1, c
        elif c == "/" and last in "(,=:[!&|?{};+-*%<>~^":
            end, in_class = k + 1, False
            while in_class or code[end] != "/":
                in_class = (in_class or code[end] == "[") and code[end] != "]"
                end += 2 if code[end] == "\\" else 1
            k, last = end + 1, ")"
        else:
            if not c.isspace():
                last = c
            k += 1
    return out


def test_script_and_stylesheet_have_no_words_of_their_own() -> None:
    """Words reach the browser in the page's data block; the stylesheet shows attr() and counters."""
    css = (REPO / "quizgen/assets/quizgen/quizgen.css").read_text(encoding="utf-8")
    for value in re.findall(r"content:\s*([^;}]+)", css):
        literal = " ".join(re.findall(r'"([^"]*)"', value))
        assert not re.search(r"[A-Za-z]{2,}", literal), f"a word in CSS content: {value.strip()}"
    scripts = [REPO / "quizgen/assets/quizgen/quizgen.js", *sorted((REPO / "quizgen/qtypes").glob("*.js"))]
    for path in scripts:
        code = re.sub(r"new Error\([^)]*\)", "", path.read_text(encoding="utf-8"))  # for developers, in the console
        for literal in js_strings(code):
            selector = re.fullmatch(r"[a-z0-9_.,:#\[\]=\"' ()*>+~-]+", literal) and re.search(r"[.#\[,:>]", literal)
            if literal == "use strict" or selector or re.fullmatch(r"[a-z_.-]+", literal):
                continue  # a directive, a selector, a key or a class name
            words = re.findall(r"[A-Za-z]{2,}", re.sub(r"qg-[\w-]+|data-[\w-]+|\[[^\]]*\]", "", literal))
            assert len(words) < 2 and not re.search(r"[A-Za-z]{2,}[.!?]\s*$", literal), f"{path.name}: {literal!r}"


def test_print_documents_speak_the_language_and_urdu_reads_right_to_left(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    catalog, issues = CatalogBuilder(root).build([root / "questions"])
    assert catalog is not None, issues
    french = {d.name: d.html for d in documents(catalog, language="fr")}
    assert '<html lang="fr" dir="ltr">' in french["events-sheet"]
    assert "Nom\u00a0:" in french["events-sheet"] and "Name:" not in french["events-sheet"]
    assert "Page " in french["events-sheet"] and '" sur "' in french["events-sheet"]
    urdu = {d.name: d.html for d in documents(catalog, language="ur")}
    assert all('<html lang="ur" dir="rtl">' in html for html in urdu.values())
    assert "جوابات" in urdu["events-key"]


def test_pages_render_in_the_language_asked(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    catalog, _ = CatalogBuilder(root).build([root / "questions"])
    assert catalog is not None
    planned = {p.kind: p for p in pages.plan(catalog, "de")}
    assert planned["quiz-index"].title == "Quizze" and planned["sheet"].title.endswith("— Arbeitsblatt")
    quiz = str(render.render_page(planned["quiz"], catalog, pages.Links("quizzes/events.md"), language="de"))
    assert ">Prüfen</button>" in quiz and ">Check</button>" not in quiz
    assert '"lang":"de"' in quiz  # the script's words travel with the quiz
    english = str(render.render_page(planned["quiz"], catalog, pages.Links("quizzes/events.md")))
    assert ">Check</button>" in english


URDU_PROMPT = "پشاور میں کیا ہوا؟"


def test_a_quiz_says_its_direction_once_and_dir_auto_only_where_a_text_runs_the_other_way(tmp_path: Path) -> None:
    """dir="auto" changes nothing on a text that runs the way the quiz does: left out there, it
    stays on every text that may run the other way (an Urdu prompt on an English page, an
    English one on an Urdu page), and the quiz's direction is written on the quiz itself."""
    from tests.conftest import GOOD_BANK

    bank = GOOD_BANK.replace("prompt: Where was the commercial plane fired upon?", f"prompt: {URDU_PROMPT}")
    assert bank != GOOD_BANK
    root = write_project(tmp_path / "p", {"events.yml": bank})
    catalog, issues = CatalogBuilder(root).build([root / "questions"])
    assert catalog is not None, issues
    quiz_page = next(p for p in pages.plan(catalog) if p.kind == "quiz")
    links = pages.Links("quizzes/events.md")
    english = str(render.render_page(quiz_page, catalog, links))
    urdu = str(render.render_page(quiz_page, catalog, links, language="ur"))
    assert '<div class="qg-quiz" dir="ltr"' in english and '<div class="qg-quiz" dir="rtl"' in urdu
    assert f'<span dir="auto">{URDU_PROMPT}</span>' in english and f"<span>{URDU_PROMPT}</span>" in urdu
    choice = re.compile(r'<span class="qg-text"( dir="auto")?>Bacha Khan International Airport in Peshawar</span>')
    assert [m.group(1) for m in choice.finditer(english)] == [None]
    assert [m.group(1) for m in choice.finditer(urdu)] == [' dir="auto"']
    # Neutral text (digits, punctuation) follows the page on an English page and keeps "auto" on an Urdu one.
    assert english.count(' dir="auto"') < urdu.count(' dir="auto"')


def test_an_unknown_language_builds_in_english_with_a_warning(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  language: it\n"))
    # Not quiet: the warning is what this is about (and not --strict, which would stop on it).
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "theme.language is 'it', which quizgen does not speak yet" in result.stderr
    html = (tmp_path / "site" / "quizzes" / "events.html").read_text(encoding="utf-8")
    assert ">Check</button>" in html
    # Material itself speaks Italian: only quizgen's words fall back.
    assert 'lang="it"' in html
