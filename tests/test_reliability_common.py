"""Shared by the reliability tests (``test_reliability_*.py``, ``test_properties.py``, the
hostile browser test): hostile strings, the hypothesis profile, an HTML skeleton, and small
project functions. This module holds no tests itself.

The skeleton is what "inert" is checked against: the multiset of elements (tag and attribute
names) a page has. A page built from hostile text must have exactly the skeleton of the same
page built from neutral text, apart from the inline formatting bank text may ask for
(``em``, ``strong``, ``code``, ``br`` and links to http, https or mailto).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import resource
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SEED

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# One profile for every reliability property: reproducible in CI (derandomize), no deadline
# (builds and the first libyaml call vary a lot on a shared machine), modest example counts.
# QG_HYPOTHESIS_SCALE=10 runs ten times the examples (for a nightly job).
SCALE = max(1, int(os.environ.get("QG_HYPOTHESIS_SCALE", "1")))
settings.register_profile(
    "quizgen-reliability",
    deadline=None,
    derandomize=CI,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
PROFILE = settings.get_profile("quizgen-reliability")


def examples(n: int) -> settings:
    """The reliability profile with ``n`` examples (times QG_HYPOTHESIS_SCALE)."""
    return settings(PROFILE, max_examples=n * SCALE)


# -- hostile text -----------------------------------------------------------------------

PUNCT = "<>&\"'=/`{}*_[]()!:;\\#|~-"
TOKENS = [
    "<!--",
    "-->",
    "</script",
    "</script>",
    "<script>",
    "<script>alert(1)</script>",
    "</SCRIPT >",
    "<!--<script>",
    "javascript:",
    "JaVaScRiPt:",
    "java&#115;cript:",
    "&#106;avascript:",
    " \tjavascript:",
    "data:",
    "data:text/html,",
    "vbscript:",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    '[x](https://example.org/" onmouseover="alert(1))',
    '[x](https://example.org "<img src=x onerror=alert(1)>")',
    "<javascript:alert(1)>",
    '![i](x" onerror="alert(1))',
    "{{",
    "}}",
    "{{ config }}",
    "{%",
    "%}",
    "{% include 'mkdocs.yml' %}",
    "--8<--",
    '--8<-- "mkdocs.yml"',
    '{: onmouseover="alert(1)" }',
    "{: .x #y onclick=alert(1) }",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '<a href="javascript:x">',
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<style>",
    "</textarea>",
    "</title>",
    "<![CDATA[",
    "]]>",
    "&lt;",
    "&amp;",
    "&#60;",
    "&#x3c;",
    "&quot;",
    "&nbsp;",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u202e",
    "\ufeff",
    "پشاور",
    "كراچی میں",
    "שלום",
    "مرحبا",
    "*em*",
    "**strong**",
    "`code`",
    "_u_",
    "\\",
    "  \n",
    "\n",
    "\t",
]


def _part(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(TOKENS),
        st.text(alphabet=st.sampled_from(PUNCT + "aZ9 "), min_size=1, max_size=6),
        st.text(alphabet=alphabet, min_size=1, max_size=4),
    )


#: One piece of hostile text, with control characters and without. Made once: building a
#: strategy of characters by category costs more than drawing from it, and a test that
#: draws dozens of texts per example spent most of its time building them again.
_PARTS = {
    True: _part(st.characters(exclude_categories=("Cs",))),
    False: _part(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")),
}


@st.composite
def hostile_text(draw: Any, *, max_parts: int = 8, controls: bool = True) -> str:
    """A string biased towards markup, URL schemes, template and snippet syntax and RTL text.

    ``controls`` allows C0/C1 control characters (the loader refuses them; the renderer
    must cope with them anyway).
    """
    text = "".join(draw(st.lists(_PARTS[controls], min_size=1, max_size=max_parts)))
    if not controls:
        text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text) or "x"
    return text


# -- the HTML skeleton ------------------------------------------------------------------

#: Elements bank text may produce through inline Markdown.
FORMATTING = {"em", "strong", "code", "br", "a"}
#: Attributes that hold a URL.
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "longdesc",
    "manifest",
    "codebase",
    "icon",
    "lowsrc",
    "dynsrc",
}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_STRIP_URL = re.compile("[\x00-\x20\x7f-\x9f]")


def url_is_safe(url: str) -> bool:
    """http, https, mailto or relative, after removing what browsers ignore in a scheme."""
    cleaned = _STRIP_URL.sub("", html.unescape(url))
    first = cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    scheme = urlsplit(cleaned).scheme.lower() if ":" in first else ""
    return scheme in SAFE_SCHEMES


class Page(HTMLParser):
    """Every element of a page with its attributes, the text of each script, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._script_text = dict(attrs), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)

    def skeleton(self, *, formatting: bool = False) -> Counter[tuple[str, tuple[str, ...]]]:
        """Elements by tag and attribute names; inline formatting left out unless asked for.

        ``dir="auto"`` is left out too: quizgen writes it where a text may run against the page,
        so whether an element has it depends on the text (its value is checked in :func:`problems`).
        """
        return Counter(
            (tag, tuple(sorted(a for a in attrs if a != "dir" or attrs[a] != "auto")))
            for tag, attrs in self.elements
            if formatting or not _is_formatting(tag, attrs)
        )

    def visible_text(self) -> str:
        return "".join(self.text)


#: The rel quizgen puts on every link written in bank text.
BANK_LINK_REL = "noopener noreferrer nofollow"


#: A glossary tooltip link, exactly as quizgen writes it.
TOOLTIP_ATTRS = {"class", "href", "data-qg-tip", "aria-description"}


def _is_formatting(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag != "a":
        return tag in FORMATTING and not attrs
    return attrs.get("rel") == BANK_LINK_REL or attrs.get("class") == "qg-term"


def problems(page: Page) -> list[str]:
    """What makes a page not inert, whatever the neutral build looks like."""
    out = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name == "dir" and value not in ("auto", "ltr", "rtl"):
                out.append(f"<{tag} dir={value!r}>")
            if name.startswith("on"):
                out.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and value is not None and not url_is_safe(value):
                out.append(f"<{tag} {name}={value!r}>: unsafe URL")
        if tag in FORMATTING and tag != "a" and attrs and not (tag == "code" and set(attrs) <= {"class"}):
            out.append(f"<{tag}> with attributes {sorted(attrs)}")
        if tag == "a" and attrs.get("rel") == BANK_LINK_REL and set(attrs) != {"href", "rel"}:
            out.append(f"<a> from bank text with attributes {sorted(attrs)}")
        if (
            tag == "a"
            and attrs.get("class") == "qg-term"
            and (
                set(attrs) != TOOLTIP_ATTRS
                or attrs["data-qg-tip"] != attrs["aria-description"]
                or not re.fullmatch(r"(\.\./)*glossary\.html#term-[a-z0-9-]+", attrs["href"] or "")
            )
        ):
            out.append(f"a tooltip link with attributes {attrs}")
    for attrs, text in page.scripts:
        lowered = text.lower()
        if attrs.get("type") == "application/json":
            for bad in ("</script", "<!--", "<script", "\u2028", "\u2029"):
                if bad in lowered:
                    out.append(f"{bad!r} inside a JSON script")
            try:
                json.loads(text)
            except ValueError as err:
                out.append(f"JSON script does not parse: {err}")
    return out


def assert_inert(hostile_html: str, neutral_html: str, where: str = "") -> tuple[Page, Page]:
    """The hostile page adds nothing to the neutral one but inline formatting, and is inert."""
    hostile, neutral = Page(hostile_html), Page(neutral_html)
    found = problems(hostile)
    assert not found, f"{where}: {found}"
    # Inline formatting and glossary tooltip links depend on the text (a term name may occur
    # in it); they are checked above, attribute by attribute, and left out here.
    extra = hostile.skeleton() - neutral.skeleton()
    missing = neutral.skeleton() - hostile.skeleton()
    assert not extra, f"{where}: elements the neutral page lacks: {dict(extra)}"
    assert not missing, f"{where}: elements the hostile page lost: {dict(missing)}"
    return hostile, neutral


# -- YAML writing -------------------------------------------------------------------------

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def yaml_quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that loads back exactly (any Unicode)."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\ufffe\uffff":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# -- files ----------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (POSIX), with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for name, data in tree(folder).items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def html_pages(site: Path) -> dict[str, str]:
    return {name: data.decode("utf-8") for name, data in tree(site).items() if name.endswith(".html")}


def limit_memory(megabytes: int) -> Any:
    """A preexec_fn for subprocess that caps the address space (a memory blow-up fails fast)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 1024 * 1024, megabytes * 1024 * 1024))

    return apply


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


__all__ = ["REPO", "SEED", "Iterable"]
