"""Every export read back by a reader the project did not write, and compared with the catalog.

- Moodle XML: lxml (the structure, every type) and moodle-xml-parser (multichoice, as a
  Moodle XML reader from PyPI sees it).
- GIFT: pygiftparserrgmf, a ply grammar of GIFT from PyPI.
- QTI 1.2: pyslet's IMS content package and QTI 1.2.1 object model, and qti-package-maker's
  integrity check of Canvas QTI 1.2 packages (manifest references, answer linkage, idents).
- Anki: zipfile and sqlite3, and the anki package itself, which imports the .apkg into a
  new collection as the desktop program does.

HTML inside a format is compared as the visible text and checked for live markup with the
standard library's HTML parser.
"""

from __future__ import annotations

import html
import io
import logging
import re
import sqlite3
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from quizgen import qtypes
from quizgen.exports.common import accepted, fold_accents, rich
from tests.conftest import REPO, write_project
from tests.test_exports import ALL_TYPES, FEEDBACK, load_catalog, run

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "questions"


class _Text(HTMLParser):
    """Visible text of an HTML fragment, and any markup that would run."""

    LIVE_TAGS = {"script", "iframe", "object", "embed", "style", "base", "meta", "link", "form", "svg", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.LIVE_TAGS:
            self.live.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.live.append(f"{tag} {name}")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible(fragment: str) -> str:
    p = _Text()
    p.feed(fragment)
    p.close()
    return " ".join("".join(p.parts).split())


def live(fragment: str) -> list[str]:
    p = _Text()
    p.feed(fragment)
    p.close()
    return p.live


def same_text(got: str, bank_text: str) -> bool:
    return visible(got) == visible(rich(bank_text))


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readers")
    banks = {"all.yml": ALL_TYPES.read_text(encoding="utf-8"), "feedback.yml": FEEDBACK.read_text(encoding="utf-8")}
    return write_project(root, banks)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    return write_project(
        root,
        {"hostile.yml": (HOSTILE / "hostile.yml").read_text(encoding="utf-8")},
        glossary=(HOSTILE / "glossary.yml").read_text(encoding="utf-8"),
    )


def exported(project: Path, fmt: str, *extra: str) -> bytes:
    result = run("export", "--format", fmt, *extra, cwd=project)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def questions(project: Path) -> list[Any]:
    return load_catalog(project).questions()


# -- Moodle XML ----------------------------------------------------------------------------------

MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "fill_blank": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}


def moodle_tree(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _t(el: Any, path: str) -> str:
    found = el.find(path)
    return "" if found is None or found.text is None else found.text


@pytest.mark.parametrize("project", ["course", "repo"])
def test_moodle_xml_holds_every_question(project: str, request: pytest.FixtureRequest) -> None:
    root_dir = REPO if project == "repo" else request.getfixturevalue("course")
    catalog = load_catalog(root_dir)
    tree = moodle_tree(exported(root_dir, "moodle"))
    assert tree.tag == "quiz"
    elements = tree.findall("question")
    categories = [e for e in elements if e.get("type") == "category"]
    # Moodle reads "//" in a category name as a slash, and "/" as a sub-category.
    want = [f"$course$/top/{html.escape(b.title, quote=False).replace('/', '//')}" for b in catalog.banks]
    assert [_t(c, "category/text") for c in categories] == want
    items = [e for e in elements if e.get("type") != "category"]
    qs = catalog.questions()
    assert [_t(e, "idnumber") for e in items] == [q.id for q in qs] == [_t(e, "name/text") for e in items]
    for e, q in zip(items, qs, strict=True):
        assert e.get("type") == MOODLE_TYPES[q.type]
        text = _t(e, "questiontext/text")
        assert visible(text).startswith(visible(rich(q.prompt)))
        general = _t(e, "generalfeedback/text")
        assert visible(rich(q.explanation)) in visible(general)
        for ev in q.evidence:
            assert f"paragraph {ev.paragraph}: “{ev.quote}”" in visible(general)
        assert "Source: " in visible(general) and catalog.sources[0].file in general
        answers = e.findall("answer")
        if q.type in ("single", "multiple"):
            assert _t(e, "single") == ("true" if q.type == "single" else "false")
            k = sum(c.correct for c in q.choices)
            for a, c in zip(answers, q.choices, strict=True):
                assert same_text(_t(a, "text"), c.text)
                want = (100 if c.correct else 0) if q.type == "single" else (100 / k if c.correct else -100 / k)
                assert float(a.get("fraction")) == pytest.approx(want, abs=1e-4)
                assert visible(_t(a, "feedback/text")) == visible(rich(c.feedback or ""))
        if q.type in ("single", "multiple", "matching", "ordering"):
            assert visible(_t(e, "correctfeedback/text")) == visible(rich(q.feedback_correct or ""))
            assert visible(_t(e, "incorrectfeedback/text")) == visible(rich(q.feedback_incorrect or ""))
        if q.type == "true_false":
            right = {_t(a, "text"): a.get("fraction") for a in answers}
            assert right == {"true": "100" if q.answer else "0", "false": "0" if q.answer else "100"}
        if q.type == "fill_blank":
            assert _t(e, "usecase") == ("1" if q.case_sensitive else "0")
            full = [_t(a, "text") for a in answers if a.get("fraction") == "100"]
            assert full == [a.replace("*", "\\*") for a in accepted(q.answers, q.accent_sensitive)]
            assert set(q.answers) <= set(full)
        if q.type == "numeric":
            right = answers[0]
            assert float(_t(right, "text")) == q.answer and float(_t(right, "tolerance")) == q.tolerance
            if q.feedback_incorrect:
                assert _t(answers[1], "text") == "*" and answers[1].get("fraction") == "0"
        if q.type == "matching":
            subs = [(visible(_t(s, "text")), _t(s, "answer/text")) for s in e.findall("subquestion")]
            want = [(visible(rich(p.left)), visible(rich(p.right))) for p in q.pairs]
            assert subs == want + [("", visible(rich(d))) for d in q.distractors]
        if q.type == "ordering":
            assert _t(e, "gradingtype") == "ABSOLUTE_POSITION"
            assert [float(a.get("fraction")) for a in answers] == list(range(1, len(q.items) + 1))
            assert [visible(_t(a, "text")) for a in answers] == [visible(rich(i)) for i in q.items]


def test_moodle_xml_multichoice_as_a_moodle_xml_reader_sees_it(course: Path) -> None:
    from moodle_xml_parser import parser as moodle_reader

    read = moodle_reader.parse_bytes(exported(course, "moodle"))
    qs = {q.id: q for q in questions(course) if q.type in ("single", "multiple")}
    got = {m.name: m for m in read["multichoice"]}
    assert set(got) == set(qs)
    for qid, q in qs.items():
        m = got[qid]
        assert m.single is (q.type == "single")
        assert visible(m.text_pre_parse) == visible(rich(q.prompt))
        assert visible(rich(q.explanation)) in visible(m.general_feedback)
        assert visible(m.correct_feedback) == visible(rich(q.feedback_correct or ""))
        k = sum(c.correct for c in q.choices)
        for o, c in zip(m.options, q.choices, strict=True):
            assert visible(o.answer) == visible(rich(c.text))
            want = (100 if c.correct else 0) if q.type == "single" else (100 / k if c.correct else -100 / k)
            assert o.score_fraction == pytest.approx(want, abs=1e-4)
            assert visible(o.feedback or "") == visible(rich(c.feedback or ""))


# -- GIFT ------------------------------------------------------------------------------------------

GIFT_TYPES = {
    "single": "MultipleChoiceRadio",
    "multiple": "MultipleChoiceCheckbox",
    "true_false": "TrueFalse",
    "fill_blank": "Short",
    "numeric": "Numerical",
    "matching": "Matching",
    "ordering": "Matching",
}


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_gift(data: bytes) -> list[Any]:
    logging.getLogger().disabled = True  # the parser's table generator reports to the root logger
    try:
        from pygiftparser import parser as gift_reader

        return list(gift_reader.parse(data.decode("utf-8")).questions)
    finally:
        logging.getLogger().disabled = False


@pytest.mark.parametrize("project", ["course", "repo"])
def test_gift_holds_every_question(project: str, request: pytest.FixtureRequest) -> None:
    # The reader's grammar has no numerical wrong-answer feedback ("~#..."), which Moodle's own
    # GIFT export writes; the "all" bank has none, so it is read whole.
    root_dir = REPO if project == "repo" else request.getfixturevalue("course")
    extra = () if project == "repo" else ("--bank", "all")
    catalog = load_catalog(root_dir)
    qs = [q for b in catalog.banks if not extra or b.slug == "all" for q in b.questions]
    read = read_gift(exported(root_dir, "gift", *extra))
    assert [g.name for g in read] == [q.id for q in qs]
    for g, q in zip(read, qs, strict=True):
        assert type(g.answer).__name__ == GIFT_TYPES[q.type], q.id
        assert g.text.startswith("[html]") and visible(g.text[6:]).startswith(visible(rich(q.prompt)))
        options = g.answer.options
        texts = [visible(gift_unescape(o.text)) for o in options]
        if q.type in ("single", "multiple"):
            k = sum(c.correct for c in q.choices)
            weights = [o.percentage for o in options]
            for n, t in enumerate(texts):
                # The reader's grammar takes whole-number weights only; Moodle writes 1/3 as %33.33333%.
                if m := re.match(r"^%(-?\d+\.\d+)%(.*)$", t):
                    weights[n], texts[n] = float(m.group(1)) / 100, m.group(2)
            assert texts == [visible(rich(c.text)) for c in q.choices]
            for w, o, c in zip(weights, options, q.choices, strict=True):
                want = (1.0 if c.correct else 0.0) if q.type == "single" else (1 / k if c.correct else -1 / k)
                assert w == pytest.approx(want, abs=0.01)
                if c.feedback:
                    assert visible(rich(c.feedback)) in visible(gift_unescape(o.feedback))
        if q.type == "true_false":
            assert texts == ["True" if q.answer else "False"]
        if q.type == "fill_blank":
            assert texts == accepted(q.answers, q.accent_sensitive)
        if q.type == "numeric":
            assert g.answer.get_number() == q.answer and g.answer.get_error_margin() == q.tolerance
        if q.type == "matching":
            pairs = [g.answer.get_pair(o) for o in options]
            got = [(visible(gift_unescape(p["first"])), gift_unescape(p["second"])) for p in pairs]
            want = [(visible(rich(p.left)), visible(rich(p.right))) for p in q.pairs]
            assert got == want + [("", visible(rich(d))) for d in q.distractors]
        if q.type == "ordering":
            pairs = [g.answer.get_pair(o) for o in options]
            shown, _ = qtypes.get("ordering").shown(q)  # type: ignore[attr-defined]
            assert [visible(gift_unescape(p["first"])) for p in pairs] == [visible(rich(o.text)) for o in shown]
            place = [int(re.match(r"\d+", p["second"]).group()) for p in pairs]  # type: ignore[union-attr]
            assert [shown[i].text for i in sorted(range(len(shown)), key=place.__getitem__)] == list(q.items)
        # The explanation and evidence close the block, as general feedback (####).
        tail = gift_unescape(options[-1].feedback or "")
        assert "###" in tail and visible(rich(q.explanation)) in visible(tail)
        assert all(f"paragraph {e.paragraph}" in visible(tail) for e in q.evidence)


def test_gift_keeps_hostile_text_inside_its_fields(hostile: Path) -> None:
    """Every bank text is escaped: each question is one block, with one answer section and
    only the structure quizgen writes; what is inside reads back as the sanitised text."""
    text = exported(hostile, "gift").decode("utf-8")
    blocks = text.strip().split("\n\n")
    assert blocks[0].startswith("$CATEGORY: ") and "{" not in blocks[0] and "<script" not in blocks[0]
    for block, q in zip(blocks[1:], questions(hostile), strict=True):
        bare = re.sub(r"\\.", "", block)  # what is left once every escaped character is removed
        assert bare.count("{") == 1 and bare.count("}") == 1 and bare.count("::") == 2, q.id
        assert bare.count("####") == 1 and bare.split("\n")[1].startswith(f"::{q.id}::[html]")
        for line in block.split("\n")[2:]:
            if q.type == "fill_blank" and line.startswith("\t="):
                continue  # short answers are plain text that Moodle compares as typed and escapes to show
            if q.type == "matching" and " -> " in line:
                line, right = line.split(" -> ", 1)  # the right side is plain text too, as in Moodle's own export
                assert gift_unescape(right) in {p.right for p in q.pairs} | set(q.distractors)
            assert not live(gift_unescape(line)), (q.id, line)
        assert visible(rich(q.prompt)) in visible(gift_unescape(block.split("\n")[1]))


# -- QTI 1.2 ---------------------------------------------------------------------------------------

CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true_false": "true_false_question",
    "fill_blank": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "ordering": "matching_question",
}


def read_qti(data: bytes, folder: Path) -> dict[str, list[Any]]:
    """The package through pyslet: manifest, then each assessment's items, by assessment ident."""
    from pyslet import imscpv1p2 as imscp
    from pyslet.qtiv1 import xml as qtiv1

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(folder)
    out: dict[str, list[Any]] = {}
    logging.disable(logging.WARNING)  # pyslet logs every plain-text run inside an HTML mattext
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # pyslet's own renamed helpers
            package = imscp.ContentPackage(str(folder))
            try:
                for res in package.manifest.root.Resources.Resource:
                    assert res.type == "imsqti_xmlv1p2"
                    f = res.File[0]
                    doc = qtiv1.QTIDocument(base_uri=str(f.resolve_uri(f.href)))
                    doc.read()
                    assessment = doc.root.Assessment
                    out[assessment.ident] = list(assessment.SectionMixin[0].SectionItemMixin)
            finally:
                package.Close()
    finally:
        logging.disable(logging.NOTSET)
    return out


def _value(el: Any) -> str:
    return str(el.get_value())


@pytest.mark.parametrize("project", ["course", "repo"])
def test_qti_package_holds_every_question(project: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from qti_package_maker.common import package_integrity

    root_dir = REPO if project == "repo" else request.getfixturevalue("course")
    catalog = load_catalog(root_dir)
    data = exported(root_dir, "qti")
    (tmp_path / "p.zip").write_bytes(data)
    assert package_integrity.check_package(str(tmp_path / "p.zip")) == []
    read = read_qti(data, tmp_path / "x")
    assert [a.lower() for a in read] == [f"qg-{b.slug}" for b in catalog.banks]
    for bank, items in zip(catalog.banks, read.values(), strict=True):
        assert [i.ident.lower() for i in items] == [f"q-{q.id}" for q in bank.questions]
        for item, q in zip(items, bank.questions, strict=True):
            meta = {
                m.FieldLabel.get_value(): m.FieldEntry.get_value()
                for m in item.ItemMetadata.QTIMetadata[0].QTIMetadataField
            }
            assert meta["question_type"] == CANVAS_TYPES[q.type] and item.title == q.id
            responses = list(item.Presentation.get_children())[1:]
            conds = item.ResProcessing[0].ConditionMixin
            scoring = [c for c in conds if c.SetVar]
            feedback = {fb.ident for fb in item.ItemFeedback}
            assert "general_fb" in feedback
            assert ("correct_fb" in feedback) == bool(q.feedback_correct)
            assert ("general_incorrect_fb" in feedback) == bool(q.feedback_incorrect)

            def equal(cond: Any) -> list[tuple[str, str]]:
                found = []
                stack = list(cond.ConditionVar.get_children())
                while stack:
                    node = stack.pop(0)
                    if type(node).__name__ == "Not":
                        continue
                    if type(node).__name__ == "VarEqual":
                        found.append((node.responseIdentifier, _value(node)))
                    stack.extend(node.get_children() if hasattr(node, "get_children") else [])
                return found

            if q.type in ("single", "multiple", "true_false"):
                labels = [lab.ident for lab in list(responses[0].get_children())[0].get_children()]
                right = {v for _, v in equal(scoring[0])}
                if q.type == "true_false":
                    assert labels == ["true", "false"] and right == {"true" if q.answer else "false"}
                else:
                    assert labels == [c.key for c in q.choices]
                    assert right == {c.key for c in q.choices if c.correct}
                    assert {f"{c.key}_fb" for c in q.choices if c.feedback} <= feedback
            if q.type == "fill_blank":
                assert sorted(v for _, v in equal(scoring[0])) == sorted(accepted(q.answers, q.accent_sensitive))
            if q.type == "numeric":
                assert float(equal(scoring[0])[0][1]) == q.answer
            if q.type in ("matching", "ordering"):
                assert len(responses) == len(scoring) == (len(q.pairs) if q.type == "matching" else len(q.items))
                total = sum(float(_value(c.SetVar[0])) for c in scoring)
                assert total == pytest.approx(100, abs=0.01)


def test_qti_text_reads_back_exactly(course: Path, tmp_path: Path) -> None:
    """Prompts, choices, pairs and feedback, from the XML inside the package (lxml)."""
    from lxml import etree

    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    with zipfile.ZipFile(io.BytesIO(exported(course, "qti"))) as z:
        docs = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n != "imsmanifest.xml"}
    items = {i.get("ident"): i for d in docs.values() for i in d.iterfind(".//q:item", ns)}
    for q in questions(course):
        item = items[f"q-{q.id}"]
        prompt = item.find("q:presentation/q:material/q:mattext", ns)
        assert prompt.get("texttype") == "text/html" and visible(prompt.text).startswith(visible(rich(q.prompt)))
        fb = {f.get("ident"): f.find(".//q:mattext", ns).text for f in item.iterfind("q:itemfeedback", ns)}
        assert visible(rich(q.explanation)) in visible(fb["general_fb"])
        if q.feedback_correct:
            assert visible(fb["correct_fb"]) == visible(rich(q.feedback_correct))
        if q.type in ("single", "multiple"):
            labels = item.findall(".//q:response_label", ns)
            assert [visible(lab.find(".//q:mattext", ns).text) for lab in labels] == [
                visible(rich(c.text)) for c in q.choices
            ]
        if q.type == "matching":
            options, key = qtypes.get("matching").options(q)  # type: ignore[attr-defined]
            lids = item.findall(".//q:response_lid", ns)
            assert [visible(lid.find("q:material/q:mattext", ns).text) for lid in lids] == [
                visible(rich(p.left)) for p in q.pairs
            ]
            shown = [lab.find(".//q:mattext", ns).text for lab in lids[0].findall(".//q:response_label", ns)]
            assert shown == [visible(rich(o.text)) for o in options], "options in the order the site shows them"


# -- Anki ------------------------------------------------------------------------------------------


def read_anki_tables(data: bytes, tmp_path: Path) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    import json

    with sqlite3.connect(tmp_path / "c.anki2") as conn:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        notes = conn.execute(
            "SELECT n.guid, n.flds, n.tags, c.did FROM notes n JOIN cards c ON c.nid = n.id ORDER BY n.id"
        ).fetchall()
    return decks, notes


def test_anki_package_tables(course: Path, tmp_path: Path) -> None:
    import genanki

    catalog = load_catalog(course)
    decks, notes = read_anki_tables(exported(course, "anki"), tmp_path)
    names = {int(k): d["name"] for k, d in decks.items()}
    assert sorted(names.values()) == sorted(
        ["Default", *(b.title.replace("::", ": :") for b in catalog.banks), "Glossary"]
    )
    by_guid = {g: (f.split("\x1f"), tags, names[did]) for g, f, tags, did in notes}
    for bank in catalog.banks:
        for q in bank.questions:
            fields, tags, deck = by_guid[genanki.guid_for("quizgen-question", q.id)]
            assert deck == bank.title
            prompt, options, answer, feedback, explanation, evidence, label, qid = fields
            assert qid == q.id and visible(prompt) == visible(rich(q.prompt))
            assert visible(explanation) == visible(rich(q.explanation))
            assert all(f"paragraph {e.paragraph}: “{e.quote}”" in visible(evidence) for e in q.evidence)
            assert f"type::{q.type}" in tags.split() and f"bank::{bank.slug}" in tags.split()
            if q.feedback_correct:
                assert visible(rich(q.feedback_correct)) in visible(feedback)
    terms = [by_guid[genanki.guid_for("quizgen-term", t.slug)] for t in catalog.terms]
    assert all(deck == "Glossary" for _, _, deck in terms) and len(terms) == len(catalog.terms)


def anki_import(path: Path, folder: Path, **options: Any) -> Any:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(folder / "collection.anki2"))
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(**options))
    return col, col.import_anki_package(request)


def test_anki_imports_the_package_and_updates_it_in_place(course: Path, tmp_path: Path) -> None:
    """Anki itself imports the package; a later export updates the same notes, adds none."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    catalog = load_catalog(course)
    first = tmp_path / "first.apkg"
    first.write_bytes(exported(course, "anki"))
    (tmp_path / "col").mkdir()
    col, result = anki_import(first, tmp_path / "col")
    try:
        assert len(result.log.new) == len(catalog.questions()) + len(catalog.terms)
        deck_names = {d.name for d in col.decks.all_names_and_ids()}
        assert {b.title for b in catalog.banks} | {"Glossary"} <= deck_names
        for q in catalog.questions():
            [nid] = col.find_notes(f"Id:{q.id}")
            note = col.get_note(nid)
            assert note.note_type()["name"] == "quizgen question (v1)"
            assert visible(note["Prompt"]) == visible(rich(q.prompt))
            assert visible(rich(q.explanation)) in visible(note["Explanation"])
            card = note.cards()[0]
            assert visible(rich(q.prompt)) in visible(card.question())
            assert visible(rich(q.explanation)) in visible(card.answer())
        # The same notes, exported again with a later SOURCE_DATE_EPOCH: Anki takes them as newer.
        second = tmp_path / "second.apkg"
        second.write_bytes(exported_at(course, "1800000000"))
        newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
        request = ImportAnkiPackageRequest(
            package_path=str(second), options=ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer)
        )
        again = col.import_anki_package(request)
        assert not again.log.new and len(again.log.updated) == len(catalog.questions()) + len(catalog.terms)
        assert col.note_count() == len(catalog.questions()) + len(catalog.terms)
    finally:
        col.close()


def exported_at(project: Path, epoch: str) -> bytes:
    result = run("export", "--format", "anki", cwd=project, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


# -- hostile text, every format ------------------------------------------------------------------


def test_hostile_text_is_inert_in_every_format(hostile: Path, tmp_path: Path) -> None:
    qs = questions(hostile)
    # Moodle XML: every HTML field is sanitised; short answers are plain text, compared as typed.
    tree = moodle_tree(exported(hostile, "moodle"))
    for el in tree.iter("text"):
        parent = el.getparent()
        owner = parent.getparent()
        if (
            owner is not None
            and parent.tag == "answer"
            and (owner.get("type") == "shortanswer" or owner.tag == "subquestion")
        ):
            continue  # plain text, compared or listed as typed; Moodle escapes it to show it
        assert not live(el.text or ""), (parent.tag, el.text)
    single = next(q for q in qs if q.type == "single")
    # The "]]>" of a feedback reaches the CDATA section as HTML ("]]&gt;"), and reads back whole.
    fb = tree.find(".//question[@type='multichoice']/correctfeedback/text").text
    assert "]]&gt;" in fb and "]]>" in visible(fb) and visible(fb) == visible(rich(single.feedback_correct))
    fill = next(q for q in qs if q.type == "fill_blank")
    short = tree.find(".//question[@type='shortanswer']")
    assert [a.findtext("text") for a in short.findall("answer")][: len(fill.answers)] == list(fill.answers)

    # QTI: every mattext is escaped text; a text/html one holds no live markup, a text/plain one
    # (the options of a matching question, as Canvas writes them) is the bank's text as typed.
    plain_texts = {t for q in qs if q.type == "matching" for t in (*(p.right for p in q.pairs), *q.distractors)}
    with zipfile.ZipFile(io.BytesIO(exported(hostile, "qti"))) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8")
            assert "<script" not in xml.lower()
            for m in re.finditer(r'<mattext texttype="(text/html|text/plain)">(.*?)</mattext>', xml, re.S):
                if m.group(1) == "text/plain":
                    assert html.unescape(m.group(2)) in plain_texts | {"True", "False"} or m.group(2).startswith(
                        tuple("123456789")
                    )
                else:
                    assert not live(html.unescape(m.group(2))), m.group(2)
    read_qti(exported(hostile, "qti"), tmp_path / "q")

    # Anki: every field, and every card as Anki renders it.
    data = exported(hostile, "anki")
    _, notes = read_anki_tables(data, tmp_path)
    for _, flds, _, _ in notes:
        for field in flds.split("\x1f"):
            assert not live(field), field
    (tmp_path / "col").mkdir()
    (tmp_path / "h.apkg").write_bytes(data)
    col, _ = anki_import(tmp_path / "h.apkg", tmp_path / "col")
    try:
        for nid in col.find_notes(""):
            for card in col.get_note(nid).cards():
                # Anki puts the note type's own stylesheet first; the rest is the card.
                for side in (card.question(), card.answer()):
                    assert not live(re.sub(r"^<style>.*?</style>", "", side, flags=re.S)), side
        decks = {d.name for d in col.decks.all_names_and_ids()}
        assert any(n.startswith("Events <script>") for n in decks), "deck names are plain text, kept as written"
    finally:
        col.close()

    # JSON: exactly as written.
    import json

    doc = json.loads(exported(hostile, "json"))
    assert [q["prompt"] for b in doc["banks"] for q in b["questions"]] == [q.prompt for q in qs]


def test_accent_free_spellings_are_accepted_where_accents_do_not_matter(course: Path) -> None:
    fill = next(q for q in questions(course) if q.id == "t-fill")
    assert fold_accents("Bāchā Khān") == "Bacha Khan"
    assert accepted(fill.answers, fill.accent_sensitive) == ["Bāchā Khān", "Bacha Khan"]
