"""The words quizgen shows, in the course's language: gettext catalogs, compiled by Babel.

Each language is one catalog, ``quizgen/locale/<lang>/LC_MESSAGES/quizgen.po``, made from
the template ``quizgen/locale/quizgen.pot`` that ``pybabel extract`` takes from the Python
modules and the Jinja templates (docs/developing.md says how). The ``.po`` files are the
source of truth: they are compiled in memory the first time a language is used, so nothing
generated is committed or packaged. English is the language of the source strings and needs
no catalog. ``theme.language`` chooses the catalog, as it chooses Material's
``partials/languages/<lang>.html``.

- Templates call ``_``, ``gettext`` and ``ngettext`` from Jinja2's ``i18n`` extension, in its
  "newstyle" form: ``%(name)s`` placeholders, whose values are escaped.
- Python code calls :func:`gettext` and :func:`ngettext` here, and marks words it translates
  later with :func:`N_`.
- The browser's words travel in each page's data block (:func:`browser_strings`), with
  ``{name}`` placeholders, and a plural in one form per CLDR plural category, which the
  script picks with ``Intl.PluralRules``.

The language in use is a context variable that :func:`using` sets around one render, the
way ``gettext`` itself works: a question type's ``answer_html`` and a template's macros ask
for their words without being handed a language, and nothing outlives the render.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, Literal

from babel import Locale
from babel.lists import format_list as _format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

DOMAIN = "quizgen"
DEFAULT = "en"

_active: ContextVar[str] = ContextVar("quizgen_language", default=DEFAULT)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


@cache
def shipped() -> tuple[str, ...]:
    """The languages quizgen speaks: English, and every language with a catalog."""
    base = resources.files("quizgen").joinpath("locale")
    found = [
        entry.name
        for entry in base.iterdir()
        if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
    ]
    return (DEFAULT, *sorted(found))


def resolve(language: str | None) -> tuple[str, bool]:
    """The shipped language for ``theme.language``, and whether quizgen has it.

    ``pt-BR`` or ``fr_CA`` fall back to their base language when only that is shipped; a
    language quizgen does not speak falls back to English (the plugin warns).
    """
    wanted = (language or DEFAULT).strip().replace("_", "-")
    by_key = {code.casefold(): code for code in shipped()}
    if wanted.casefold() in by_key:
        return by_key[wanted.casefold()], True
    base = wanted.split("-", 1)[0].casefold()
    if base in by_key:
        return by_key[base], True
    return DEFAULT, False


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of a shipped language (English: the source strings themselves)."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    po = resources.files("quizgen").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: they fall back to English
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


@contextmanager
def using(language: str | None) -> Iterator[str]:
    """Speak ``language`` (resolved to a shipped one) inside the block; gives the code in use."""
    code = resolve(language)[0]
    token = _active.set(code)
    try:
        yield code
    finally:
        _active.reset(token)


def current() -> str:
    """The language in use (English outside :func:`using`)."""
    return _active.get()


def gettext(message: str) -> str:
    return translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_active.get()).ngettext(singular, plural, n)


def direction(language: str | None = None) -> str:
    """``rtl`` for a language written right to left (Urdu), else ``ltr``."""
    try:
        order = Locale.parse((language or current()).replace("-", "_")).character_order
    except (ValueError, LookupError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"]


def format_list(items: Sequence[str | Markup], style: ListStyle = "standard") -> Markup:
    """Items joined the way the language joins a list ("A, B and C"; style ``or``: "A or B").

    Items are escaped unless they are Markup already, so a list of links stays links.
    """
    if not items:
        return Markup("")
    tokens = [f"\x00{k}\x00" for k in range(len(items))]
    joined = escape(_format_list(tokens, style=style, locale=current().replace("-", "_")))
    out = str(joined)
    for k, item in enumerate(items):
        out = out.replace(f"\x00{k}\x00", str(escape(item)))
    return Markup(out)


# -- words for the browser -----------------------------------------------------------------


def _forms(pick: Callable[[int], str]) -> str | dict[str, str]:
    """A plural for the browser: the form for each CLDR category of the language in use.

    gettext numbers its plural forms and the browser's ``Intl.PluralRules`` names categories,
    so each category gets the form gettext chooses for the first number in that category
    (one string when every category reads the same).
    """
    rule = Locale.parse(current().replace("-", "_")).plural_form
    out: dict[str, str] = {}
    for n in (*range(0, 112), 1_000_000):
        out.setdefault(rule(n), pick(n))
    return next(iter(out.values())) if len(set(out.values())) == 1 else out


def _core_strings() -> dict[str, Any]:
    # The {name} placeholders are filled in by the browser.
    return {
        "correct": gettext("✓ Correct."),
        "wrong": gettext("✗ Not quite."),
        "partly_places": gettext("◐ Partly right: {right} of {total} in the right place."),
        # TRANSLATORS: {percent} is a percentage written the browser's way for the language ("50%", "50 %").
        "partly_marks": gettext("◐ Partly right: {percent} of the marks."),
        # TRANSLATORS: keep the numbers; write them the way students of this language write decimals.
        "not_a_number": gettext("Write a number, such as 36 or 1.25."),
        "empty": gettext("Answer the question first."),
        "score": _forms(
            lambda n: ngettext(
                "Score: {right} of {total} · {done} answered", "Score: {right} of {total} · {done} answered", n
            )
        ),
        "progress": _forms(
            lambda n: ngettext(
                "{done} of {total} checked · score {score}", "{done} of {total} checked · score {score}", n
            )
        ),
        # TRANSLATORS: a mark beside an option after checking; shown by the stylesheet.
        "mark_right": gettext("✓ right"),
        "mark_wrong": gettext("✗ wrong"),
        # TRANSLATORS: a mark at the end of the right option's row, pointing back at it
        # (in a language written right to left, the arrow points the other way: →).
        "mark_answer": gettext("← the right answer"),
        "cleared": _forms(lambda n: ngettext("{count} answer cleared.", "All {count} answers cleared.", n)),
        "restored": gettext("Your answers are back."),
    }


def browser_strings(types: Sequence[Any] = ()) -> dict[str, Any]:
    """Every word the script writes, in the language in use, for a page's data block.

    ``types`` are question types whose ``strings`` (msgids marked with :func:`N_`) join in,
    each under ``<type>.<name>``.
    """
    out: dict[str, Any] = {"lang": current(), **_core_strings()}
    for qtype in types:
        for name, message in getattr(qtype, "strings", {}).items():
            out[f"{qtype.name}.{name}"] = gettext(message)
    return out


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def css_content(message: str, **values: str) -> str:
    """A translated message as the value of a CSS ``content`` property.

    ``{name}`` placeholders become the CSS given in ``values`` (``counter(page)``); the text
    around them becomes CSS strings, with quotes, backslashes and ``<`` escaped.
    """
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(message):
        if m.start() > pos:
            parts.append(_css_string(message[pos : m.start()]))
        parts.append(values[m.group(1)])
        pos = m.end()
    if pos < len(message):
        parts.append(_css_string(message[pos:]))
    return " ".join(parts) or '""'


def _css_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in " .,:;·/-()" else f"\\{ord(c):x} " for c in text) + '"'
