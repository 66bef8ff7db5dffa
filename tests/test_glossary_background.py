"""Glossary honesty: a term no source uses is an error unless marked background, and a
definition marked background is labelled so on the glossary page and in its print."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen import sheets
from quizgen.catalog import CatalogBuilder
from quizgen.config import read_settings
from tests.conftest import REPO, quizgen, write_project

LABEL = "Background, not from the article:"


def test_a_term_no_source_uses_needs_to_be_marked_background(tmp_path: Path) -> None:
    glossary = "terms:\n  - term: Lahore\n    expansion: a city\n    definition: A city in Pakistan.\n"
    root = write_project(tmp_path / "p", glossary=glossary)
    result = quizgen("validate", cwd=root)
    assert result.returncode == 1
    assert "questions/glossary.yml:2:11: $.terms[0].term: no source uses 'Lahore'" in result.stdout
    (root / "questions" / "glossary.yml").write_text(glossary + "    background: true\n", encoding="utf-8")
    assert quizgen("validate", cwd=root).returncode == 0


def test_a_term_used_by_its_alias_or_plural_is_used(tmp_path: Path) -> None:
    glossary = (
        "terms:\n  - term: IDP\n    expansion: internally displaced person\n    definition: Someone forced from home.\n"
        "  - term: drone attack\n    expansion: attack\n    definition: An attack.\n    aliases: [drone strike]\n"
    )
    assert quizgen("validate", cwd=write_project(tmp_path / "p", glossary=glossary)).returncode == 0


def test_background_definitions_are_labelled_on_the_page_and_in_print() -> None:
    settings, _ = read_settings(REPO / "mkdocs.yml")
    catalog, _ = CatalogBuilder(REPO).build(settings=settings)
    assert catalog is not None
    background = {t.term for t in catalog.terms if t.background}
    assert {"ISIS", "Uzbekistan", "lieutenant governor"} <= background and "Karachi" not in background
    [doc] = [d for d in sheets.documents(catalog) if d.name == "glossary"]
    entries = re.findall(r'<dt id="([^"]+)".*?</dd>', doc.html, re.S)
    assert entries
    for t in catalog.terms:
        entry = re.search(rf'<dt id="{t.slug}".*?</dd>', doc.html, re.S)
        assert entry is not None
        assert (LABEL in entry.group()) is t.background, t.term
