"""Exports: the command, the registry, refusing what a format cannot hold, all-or-nothing
writing, determinism and escaping. Reading each format back with a parser from outside the
project is in tests/test_exports_readers.py."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from quizgen.exports import FORMATS, Options, UnsupportedQuestions, export, export_files, write_files
from quizgen.exports.common import cdata, stable_int, xml_chars, zip_bytes
from quizgen.exports.gift import escape as gift_escape
from quizgen.models import Question
from tests.conftest import REPO, python_m, write_project

FIXTURES = Path(__file__).parent / "fixtures"
ALL_TYPES = Path(__file__).parent / "browser" / "fixtures" / "all-types.yml"
FEEDBACK = FIXTURES / "exports" / "feedback.yml"

CASE_SENSITIVE = """\
source: ../seeds/000_987c6cd902e74af3.txt
topic: events
title: Case
questions:
  - id: c-case
    type: fill_blank
    difficulty: recall
    prompt: The plane was fired upon in ___.
    answers: [Peshawar]
    case_sensitive: true
    explanation: The first sentence names the city.
    evidence: a commercial plane in Peshawar, Pakistan was fired upon
  - id: c-other
    type: true_false
    difficulty: recall
    prompt: "True or false: the plane was in Peshawar."
    answer: true
    explanation: The first sentence names the city.
    evidence: a commercial plane in Peshawar, Pakistan was fired upon
"""


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m quizgen`` with bytes out, as a script that pipes an export would see it."""
    return python_m("quizgen", *args, cwd=cwd, env=env, text=False)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("course")
    return write_project(
        root, {"all.yml": ALL_TYPES.read_text(encoding="utf-8"), "feedback.yml": FEEDBACK.read_text(encoding="utf-8")}
    )


@pytest.fixture(scope="module")
def case_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("case"), {"case.yml": CASE_SENSITIVE})


def load_catalog(project: Path):  # type: ignore[no-untyped-def]
    """The validated catalog of ``project``, built the way the command builds it."""
    from quizgen.cli import load

    cwd = os.getcwd()
    os.chdir(project)
    try:
        catalog, issues = load(())
    finally:
        os.chdir(cwd)
    assert catalog is not None, issues
    return catalog


def test_the_command_offers_every_registered_format() -> None:
    result = run("export", "--help", cwd=REPO)
    assert result.returncode == 0
    for name, fmt in FORMATS.items():
        assert name.encode() in result.stdout
        assert fmt.extension.startswith(".") and fmt.title
    assert set(FORMATS) == {"json", "moodle", "gift", "qti", "anki"}
    assert [f.name for f in FORMATS.values() if f.binary] == ["qti", "anki"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_input_same_bytes(course: Path, tmp_path: Path, fmt: str) -> None:
    """Two runs, with another hash seed, time zone and locale, write identical bytes."""
    first = run("export", "--format", fmt, cwd=course, env={"PYTHONHASHSEED": "1", "TZ": "UTC"})
    second = run(
        "export", "--format", fmt, cwd=course, env={"PYTHONHASHSEED": "2", "TZ": "Asia/Karachi", "LC_ALL": "C.UTF-8"}
    )
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout and len(first.stdout) > 1000
    out = tmp_path / f"x{FORMATS[fmt].extension}"
    assert run("export", "--format", fmt, "-o", str(out), cwd=course).returncode == 0
    assert out.read_bytes() == first.stdout, "standard output and -o FILE hold the same bytes"


@pytest.mark.parametrize("fmt", ["qti", "anki"])
def test_zip_entries_and_anki_times_are_pinned(course: Path, tmp_path: Path, fmt: str) -> None:
    """No time of writing anywhere: zip dates, and Anki's note, card and model times, are pinned."""
    plain = run("export", "--format", fmt, cwd=course).stdout
    pinned = run("export", "--format", fmt, cwd=course, env={"SOURCE_DATE_EPOCH": "1700000000"}).stdout
    assert plain != pinned
    for data, year, stamp in ((plain, 1980, 315_532_800), (pinned, 2023, 1_700_000_000)):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert {i.date_time[0] for i in z.infolist()} == {year}
            if fmt == "anki":
                db = tmp_path / f"{year}.anki2"
                db.write_bytes(z.read("collection.anki2"))
                with sqlite3.connect(db) as conn:
                    assert {m for (m,) in conn.execute("SELECT mod FROM notes UNION SELECT mod FROM cards")} == {stamp}
                    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
                    assert {m["mod"] for m in models.values()} == {stamp}
                    ids = [i for (i,) in conn.execute("SELECT id FROM notes ORDER BY id")]
                    assert ids[0] == stamp * 1000


def test_a_question_the_format_cannot_hold_is_named_and_nothing_is_written(case_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.gift.txt"
    out.write_bytes(b"previous")
    result = run("export", "--format", "gift", "-o", str(out), cwd=case_course)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "c-case (fill_blank, bank case)" in err and "ignore case" in err and "--skip-unsupported" in err
    assert "c-other" not in err
    assert out.read_bytes() == b"previous"
    # Moodle XML holds it: usecase 1.
    moodle = run("export", "--format", "moodle", cwd=case_course)
    assert moodle.returncode == 0 and b"<usecase>1</usecase>" in moodle.stdout


def test_skip_unsupported_leaves_out_and_lists_the_question(case_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.gift.txt"
    result = run("export", "--format", "gift", "--skip-unsupported", "-o", str(out), cwd=case_course)
    assert result.returncode == 0
    assert "left out c-case (fill_blank, bank case)" in result.stderr.decode()
    text = out.read_text(encoding="utf-8")
    assert "::c-other::" in text and "c-case" not in text


@dataclass(frozen=True, kw_only=True)
class EssayQuestion(Question):
    """A type no format knows, as a type added to quizgen after a format was written would be."""

    type = "essay"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_type_a_format_does_not_know_is_reported_not_a_crash(course: Path, fmt: str) -> None:
    catalog = load_catalog(course)
    bank = catalog.banks[0]
    odd = EssayQuestion(id="x-essay", prompt="Why?", explanation="Because.", evidence=(), difficulty="analysis")
    catalog = replace(catalog, banks=(replace(bank, questions=(*bank.questions, odd)), *catalog.banks[1:]))
    with pytest.raises(UnsupportedQuestions) as err:
        export(catalog, FORMATS[fmt], Options())
    assert [q.id for q in err.value.questions] == ["x-essay"]
    written = export(catalog, FORMATS[fmt], Options(), skip_unsupported=True)
    assert [str(q) for q in written.skipped] == [
        f"x-essay (essay, bank {bank.slug}): {FORMATS[fmt].title} has no essay questions"
    ]
    assert written.data == export(replace(catalog, banks=load_catalog(course).banks), FORMATS[fmt], Options()).data


def test_a_folder_gets_one_file_per_bank(course: Path, tmp_path: Path) -> None:
    for fmt in ("moodle", "anki", "json"):
        target = tmp_path / fmt
        result = run("export", "--format", fmt, "-d", str(target), cwd=course)
        assert result.returncode == 0, result.stderr.decode()
        ext = FORMATS[fmt].extension
        expected = {f"all{ext}", f"feedback{ext}"} | ({f"glossary{ext}"} if fmt == "anki" else set())
        assert {p.name for p in target.iterdir()} == expected
    # Each bank's file is that bank's part of the course export.
    one = run("export", "--format", "moodle", "--bank", "feedback", cwd=course).stdout
    assert (tmp_path / "moodle" / "feedback.xml").read_bytes() == one


def test_a_folder_is_written_all_or_nothing(case_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "case.gift.txt").write_text("previous", encoding="utf-8")
    result = run("export", "--format", "gift", "-d", str(target), cwd=case_course)
    assert result.returncode == 1
    assert [p.name for p in target.iterdir()] == ["case.gift.txt"]
    assert (target / "case.gift.txt").read_text(encoding="utf-8") == "previous"

    # A failure while the files are written (a full disk) leaves every old file and no temporary one.
    (target / "a.txt").write_text("old a", encoding="utf-8")
    calls = []
    real = os.fsync

    def failing(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError):
        write_files(target, {"a.txt": b"new a", "b.txt": b"new b"})
    assert sorted(p.name for p in target.iterdir()) == ["a.txt", "case.gift.txt"]
    assert (target / "a.txt").read_text(encoding="utf-8") == "old a"


def test_banks_and_sources_narrow_the_export(course: Path) -> None:
    only = run("export", "--format", "gift", "--bank", "all", cwd=course)
    assert only.returncode == 0
    assert b"::t-single::" in only.stdout and b"f-single" not in only.stdout
    bad = run("export", "--format", "gift", "--bank", "nope", cwd=course)
    assert bad.returncode == 2 and b"no bank nope" in bad.stderr and b"all, feedback" in bad.stderr
    both = run("export", "-o", "x.json", "-d", "x", cwd=course)
    assert both.returncode == 2


def test_bad_banks_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.apkg"
    out.write_bytes(b"previous")
    result = run("export", "--format", "anki", "-o", str(out), str(FIXTURES / "invalid" / "bad_id.yml"), cwd=REPO)
    assert result.returncode == 1 and out.read_bytes() == b"previous"


def test_gift_escapes_every_special_character() -> None:
    assert gift_escape("a~b=c#d{e}f:g\\h\nk") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\nk"


def test_cdata_splits_its_end_marker_and_xml_drops_what_it_cannot_carry() -> None:
    from lxml import etree

    text = "x ]]> <![CDATA[ y ]]> z"
    root = etree.fromstring(f"<t>{cdata(text)}</t>".encode())
    assert root.text == text
    assert xml_chars("a\x00b\x1fc\ufffed") == "a\ufffdb\ufffdc\ufffdd"


def test_stable_numbers_and_zips_depend_on_their_input_only() -> None:
    assert stable_int("deck", "Events") == stable_int("deck", "Events") != stable_int("deck", "Actors")
    assert 1 << 30 <= stable_int("x") < 1 << 31
    assert zip_bytes([("a", b"1")]) == zip_bytes([("a", b"1")]) != zip_bytes([("a", b"2")])


def test_repository_exports_every_format(tmp_path: Path) -> None:
    """The repository's own banks, in every format, in one folder each."""
    sizes = {}
    for fmt in FORMATS:
        out = tmp_path / f"course{FORMATS[fmt].extension}"
        result = run("export", "--format", fmt, "-o", str(out), cwd=REPO)
        assert result.returncode == 0, result.stderr.decode()
        sizes[fmt] = out.stat().st_size
    assert all(size > 10_000 for size in sizes.values()), sizes
    with tempfile.TemporaryDirectory() as d:
        files, skipped = export_files(load_catalog(REPO), FORMATS["anki"], Options())
        assert not skipped and set(files) == {"actors.apkg", "arguments.apkg", "events.apkg", "glossary.apkg"}
        write_files(Path(d), files)
