"""Graded quizzes (docs/graded.md): no answer anywhere in a graded site, receipts, `quizgen grade`.

The browser side (the receipt made in Chromium, its QR code, reload, keyboard, phone and
print) is in tests/browser/test_graded.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen import qtypes, receipts, render
from quizgen.catalog import CatalogBuilder
from quizgen.config import read_settings
from quizgen.models import Catalog
from quizgen.receipts import Answer, Receipt, ReceiptError
from tests.conftest import ENV, GOOD_BANK, REPO, mkdocs_build, quizgen, write_project

FIXTURES = REPO / "tests" / "fixtures"
EXAM = (FIXTURES / "graded" / "exam.yml").read_text(encoding="utf-8")
MOVED = (FIXTURES / "graded" / "exam-moved.yml").read_text(encoding="utf-8")
GRADING = json.loads((FIXTURES / "grading.json").read_text(encoding="utf-8"))


def graded_project(root: Path, banks: dict[str, str] | None = None, options: str = "") -> Path:
    """A course with the graded fixture bank (and the given banks), with plugin options."""
    write_project(root, banks if banks is not None else {"exam.yml": EXAM}, directory_urls=False)
    if options:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - quizgen\n", "  - quizgen:\n" + options), encoding="utf-8")
    return root


def catalog_of(root: Path) -> Catalog:
    project, issues = read_settings(root / "mkdocs.yml")
    catalog, found = CatalogBuilder(root).build(settings=project)
    assert catalog is not None, [i.format() for i in issues + found]
    return catalog


def receipt_for(catalog: Catalog, slug: str, name: str, answers: dict[str, object], made: int = 29_500_000) -> str:
    """The code a student's page would make for these answers (by question id; the rest unanswered)."""
    bank = next(b for b in catalog.banks if b.slug == slug)
    version, qversions = render.page_versions(bank)
    return receipts.encode(
        Receipt(
            bank=slug,
            bank_version=version[:8],
            made=made,
            name=name,
            answers=tuple(Answer(qversions[q.id][:4], answers.get(q.id)) for q in bank.questions),
        )
    )


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# -- a graded site holds no answer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def graded_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The graded fixture bank built twice: as written, and with every answer changed."""
    base = tmp_path_factory.mktemp("graded")
    sites = []
    for name, bank in (("exam", EXAM), ("moved", MOVED)):
        project = graded_project(base / name, {"exam.yml": bank})
        site = base / f"{name}-site"
        result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.returncode == 0, result.stderr
        sites.append(site)
    return sites[0], sites[1]


def test_a_graded_site_is_the_same_whatever_the_answers(graded_sites: tuple[Path, Path]) -> None:
    """Every byte of every file: moving every right answer, and changing every explanation,
    piece of feedback and evidence quote, changes nothing in the site. So no file holds an
    answer, or anything from which one could be worked out (a hash of it, an order chosen by it)."""
    first, second = (site_bytes(s) for s in graded_sites)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ


def test_a_graded_site_has_no_key_no_feedback_and_no_explanation(graded_sites: tuple[Path, Path]) -> None:
    files = site_bytes(graded_sites[0])
    markers = sorted(set(re.findall(r"[A-Z]+-MARK-[a-z-]+", EXAM)))
    assert len(markers) == 12
    for name, data in files.items():
        for marker in markers:
            assert marker.encode() not in data, (marker, name)
    assert not any("-key" in name for name in files), [n for n in files if "-key" in n]
    quiz = files["quizzes/exam.html"].decode("utf-8")
    for absent in (
        'class="qg-key"',
        "qg-feedback",
        "qg-explanation",
        "qg-evidence",
        "qg-check",
        "qg-choice-fb",
        "Answer key",
    ):
        assert absent not in quiz, absent
    assert "data-qg-graded" in quiz and "Make my receipt" in quiz
    assert b"receipt.js" in files["quizzes/exam.html"] and "assets/quizgen/receipt.js" in files
    # Search finds the questions as students see them, never their answers.
    index = json.loads(files["search/search_index.json"])
    entries = [d for d in index["docs"] if d["location"].startswith("quizzes/exam.html#")]
    assert len(entries) == 7
    assert not any("MARK" in d["text"] for d in index["docs"])


def test_a_graded_page_shows_options_and_items_in_an_order_of_their_own(graded_sites: tuple[Path, Path]) -> None:
    """Not the order written (the right choice is often written first), nor a seeded shuffle
    (which could be undone): the choices, options and items in the order of their texts."""
    quiz = (graded_sites[0] / "quizzes" / "exam.html").read_text(encoding="utf-8")
    single = re.search(r'id="q-g-single".*?</ul>', quiz, re.S)
    assert single is not None
    assert re.findall(r'class="qg-text"(?: dir="auto")?>([^<]+)<', single.group(0)) == [
        "Karachi",
        "North Waziristan",
        "Peshawar",
    ]
    ordering = re.search(r'id="q-g-ordering".*?</ol>', quiz, re.S)
    assert ordering is not None
    items = re.findall(r'<span class="qg-text"(?: dir="auto")?>(.*?)</span> <span class="qg-move', ordering.group(0))
    shown = [re.sub(r"<[^>]+>", "", i) for i in items]
    assert len(shown) == 4 and shown == sorted(shown, key=str.casefold)


def test_a_practice_site_can_keep_its_keys_for_the_teacher(tmp_path: Path) -> None:
    project = graded_project(tmp_path / "p", {"events.yml": GOOD_BANK}, options="      answer_keys: teacher\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "sheets" / "events-key.html").exists()
    assert (site / "sheets" / "events.html").is_file()
    quiz = (site / "quizzes" / "events.html").read_text(encoding="utf-8")
    assert "Answer key" not in quiz and "events-key" not in quiz
    assert "qg-key" in quiz  # a practice quiz still grades itself
    for page in ("index.html", "quizzes/index.html"):
        assert "events-key" not in (site / page).read_text(encoding="utf-8")
    # The teacher prints them.
    out = tmp_path / "out"
    printed = quizgen("sheets", "--html", str(out), cwd=project)
    assert printed.returncode == 0, printed.stderr
    assert (out / "events-key.html").is_file() and (out / "events-sheet.html").is_file()


def test_answer_keys_none_makes_no_key_anywhere(tmp_path: Path) -> None:
    project = graded_project(tmp_path / "p", {"events.yml": GOOD_BANK}, options="      answer_keys: none\n")
    out = tmp_path / "out"
    assert quizgen("sheets", "--html", str(out), cwd=project).returncode == 0
    assert (out / "events-sheet.html").is_file() and not (out / "events-key.html").exists()


def test_the_teacher_prints_the_key_of_a_graded_bank(tmp_path: Path) -> None:
    project = graded_project(tmp_path / "p")
    out = tmp_path / "out"
    result = quizgen("sheets", "--html", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    key = (out / "exam-key.html").read_text(encoding="utf-8")
    assert "EXPLANATION-MARK-single" in key
    # Its letters are the page's: Peshawar is the third choice in the order students see.
    assert "C. Peshawar" in key


def test_the_site_mode_and_a_banks_own_mode(tmp_path: Path) -> None:
    practice = GOOD_BANK.replace("title: Events", "title: Events\nmode: practice")
    banks = {"events.yml": practice, "exam.yml": EXAM.replace("mode: graded\n", "")}
    project = graded_project(tmp_path / "p", banks, options="      mode: graded\n")
    catalog = catalog_of(project)
    modes = {b.slug: b.mode for b in catalog.banks}
    assert modes == {"events": "practice", "exam": "graded"}
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "data-qg-graded" in (site / "quizzes" / "exam.html").read_text(encoding="utf-8")
    assert "qg-key" in (site / "quizzes" / "events.html").read_text(encoding="utf-8")
    assert (site / "sheets" / "events-key.html").is_file() and not (site / "sheets" / "exam-key.html").exists()
    # The table of quizzes links no key for the graded one.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "events-key.html" in home and "exam-key.html" not in home and "data-qg-graded" in home


def test_a_mode_that_is_neither_is_refused_by_the_schema(tmp_path: Path) -> None:
    project = graded_project(tmp_path / "p", {"exam.yml": EXAM.replace("mode: graded", "mode: exam")})
    result = quizgen("validate", cwd=project)
    assert result.returncode == 1
    assert "questions/exam.yml:8:7: $.mode:" in result.stdout, result.stdout


# -- the code ------------------------------------------------------------------------------------------

answers_strategy = st.recursive(
    st.none()
    | st.booleans()
    | st.text(max_size=40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["a", "z", "l0", "r12", "i255", "i256", "a01", "true"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=40).filter(lambda n: len(n.encode("utf-8")) <= receipts.MAX_NAME_BYTES),
    values=st.lists(answers_strategy, max_size=12),
    made=st.integers(0, 2**32 - 1),
)
def test_a_receipt_reads_back_as_it_was_written(name: str, values: list[object], made: int) -> None:
    answers = tuple(Answer(f"{k * 7919 % 65536:04x}", v) for k, v in enumerate(values))
    r = Receipt("kabul-events", "0123abcd", made, name, answers)
    code = receipts.encode(r)
    assert re.fullmatch(r"QG1(-[0-9A-HJKMNP-TV-Z]{1,5})+", code)
    back = receipts.decode(code)
    assert (back.bank, back.bank_version, back.made, back.name) == (r.bank, r.bank_version, r.made, r.name)
    assert [a.version for a in back.answers] == [a.version for a in answers]
    assert [json.dumps(a.value) for a in back.answers] == [json.dumps(_as_read(a.value)) for a in answers]


def _as_read(value: object) -> object:
    """A value as a receipt gives it back: numbers that are whole come back as integers."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53 and str(value) != "-0.0":
        return int(value)
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    return value


SAMPLE = Receipt(
    "events",
    "1a2b3c4d",
    29_500_000,
    "Ana Lima",
    (
        Answer("ab12", ["a"]),
        Answer("0000", None),
        Answer("ffff", {"l0": "r3", "l1": "r0", "l2": ""}),
        Answer("1234", ["i2", "i0", "i1"]),
        Answer("9999", "Bāchā Khān"),
    ),
)


def test_every_mistyped_character_is_refused() -> None:
    code = receipts.encode(SAMPLE)
    body = receipts.compact(code)
    refused = 0
    for k in range(len(receipts.PREFIX), len(body)):
        for c in receipts.ALPHABET:
            if c == body[k]:
                continue
            with pytest.raises(ReceiptError):
                receipts.decode(body[:k] + c + body[k + 1 :])
            refused += 1
    assert refused == 31 * (len(body) - len(receipts.PREFIX))


def test_swapped_missing_and_extra_characters_are_refused() -> None:
    body = receipts.compact(receipts.encode(SAMPLE))
    for k in range(len(receipts.PREFIX), len(body) - 1):
        if body[k] != body[k + 1]:
            with pytest.raises(ReceiptError):
                receipts.decode(body[:k] + body[k + 1] + body[k] + body[k + 2 :])
        with pytest.raises(ReceiptError):
            receipts.decode(body[:k] + body[k + 1 :])
        with pytest.raises(ReceiptError):
            receipts.decode(body[:k] + "7" + body[k:])


def test_a_code_is_read_whatever_its_case_spacing_and_look_alike_letters() -> None:
    code = receipts.encode(SAMPLE)
    assert receipts.decode(code.lower()) == SAMPLE
    assert receipts.decode(" ".join(code.replace("-", "")[i : i + 4] for i in range(0, len(code), 4))) == SAMPLE
    typed = "QG1" + receipts.compact(code)[3:].replace("0", "O").replace("1", "l")
    assert receipts.decode(typed) == SAMPLE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the code is empty"),
        ("hello", "this is not a receipt code (a receipt code starts with QG1)"),
        ("QG2-ABCDE", "made by a newer quizgen (format QG2): upgrade quizgen to grade it"),
        ("QG1-ABCDU-12345", "a character that codes never use: 'U' (character 8)"),
        ("QG1-ABC", "too short to be a receipt"),
    ],
)
def test_a_code_that_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(ReceiptError, match=re.escape(message)):
        receipts.decode(text)


def test_a_changed_code_is_refused_by_its_check_characters() -> None:
    """An answer changed in the bytes, with the old checksum kept: what editing a code by hand gives."""
    data = bytearray(receipts.payload(SAMPLE))
    check = zlib.crc32(bytes(data)).to_bytes(4, "big")
    data[-3] ^= 1
    altered = receipts.PREFIX + receipts._base32(bytes(data) + check)
    with pytest.raises(ReceiptError, match="mistyped or was changed: its check characters do not match"):
        receipts.decode(altered)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet=receipts.ALPHABET + "QG1-", max_size=300).map(lambda t: "QG1" + t))
def test_any_text_is_read_as_a_receipt_or_refused_with_a_reason(text: str) -> None:
    try:
        receipts.decode(text)
    except ReceiptError as err:
        assert str(err)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_with_a_right_checksum_are_read_or_refused(data: bytes) -> None:
    """What a forger who recomputes the checksum can hand in: never anything but a receipt or a refusal."""
    code = receipts.PREFIX + receipts._base32(data + zlib.crc32(data).to_bytes(4, "big"))
    try:
        r = receipts.decode(code)
    except ReceiptError as err:
        assert str(err)
    else:
        assert receipts.decode(receipts.encode(r)) == r


def test_the_vendored_qr_encoder_is_the_one_its_readme_names() -> None:
    folder = REPO / "quizgen" / "assets" / "receipt" / "vendor"
    digest = hashlib.sha256((folder / "qrcode.js").read_bytes()).hexdigest()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"sha256  {digest}  qrcode.js" in readme
    assert "MIT" in (folder / "LICENSE").read_text(encoding="utf-8")


# -- grading ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", GRADING["cases"], ids=lambda c: f"{c['key']['t']}:{json.dumps(c['answer'])}")
def test_each_type_grades_in_python_as_its_script_does(case: dict) -> None:  # type: ignore[type-arg]
    result = qtypes.get(case["key"]["t"]).grade(case["key"], case["answer"])
    assert result.score == pytest.approx(case["score"], abs=1e-12)
    for part in ("right", "total"):
        if part in case:
            assert getattr(result, part) == case[part]


@pytest.mark.parametrize("case", GRADING["malformed"], ids=lambda c: c["key"]["t"])
def test_an_answer_of_the_wrong_shape_scores_nothing(case: dict) -> None:  # type: ignore[type-arg]
    assert qtypes.get(case["key"]["t"]).grade(case["key"], case["answer"]).score == 0


def test_every_type_has_a_grader_and_the_table_covers_it() -> None:
    covered = {c["key"]["t"] for c in GRADING["cases"]}
    assert covered == set(qtypes.names())


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return graded_project(tmp_path_factory.mktemp("course") / "p", {"exam.yml": EXAM, "events.yml": GOOD_BANK})


#: Answers to the fixture bank, with their scores: 1 + 0.5 + 1 + 1 + 2/3 + 0 (none) + 1.
ANSWERS = {
    "g-single": ["c"],  # Peshawar, third in the page's order
    "g-multiple": ["c"],  # Air operations: one of two
    "g-truefalse": ["false"],
    "g-fill": "bacha khan",
    "g-matching": {"l0": "r3", "l1": "r1", "l2": "r0"},
    "g-numeric": "22 million",
}


def test_the_page_order_keys_are_what_the_fixture_answers_assume(course: Path) -> None:
    bank = next(b for b in catalog_of(course).banks if b.slug == "exam")
    single = next(q for q in bank.questions if q.id == "g-single")
    assert [(c.key, c.text) for c in single.choices] == [("a", "Karachi"), ("b", "North Waziristan"), ("c", "Peshawar")]
    matching = next(q for q in bank.questions if q.id == "g-matching")
    options, key = qtypes.of(matching).options(matching)
    assert [o.text for o in options] == ["Army chief", "Party leader", "Prime minister", "Security adviser"]
    assert key == {"l0": "r3", "l1": "r1", "l2": "r2"}


def test_quizgen_grade_prints_scores_per_question_results_and_a_class_summary(course: Path, tmp_path: Path) -> None:
    catalog = catalog_of(course)
    ana = receipt_for(catalog, "exam", "Ana Lima", ANSWERS)
    bo = receipt_for(catalog, "exam", "Bo", {"g-single": ["a"], "g-ordering": ["i3", "i1", "i0", "i2"]})
    codes = tmp_path / "codes.txt"
    # A code broken over two lines, and a comment line.
    codes.write_text(f"# week 3\n{ana[:40]}\n{ana[40:]}\n\n{bo}\n", encoding="utf-8")
    result = quizgen("grade", str(codes), cwd=course)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Ana Lima: 5.17 of 7 (74%)" in out
    assert f"[{codes}:2]" in out and f"[{codes}:5]" in out
    assert re.search(r"2 g-multiple\s+partly right \(0\.5\)", out)
    assert re.search(r"6 g-ordering\s+no answer", out)
    assert "Class: 2 receipts" in out and "Most missed:" in out
    missed = out.split("Most missed:")[1].splitlines()
    assert missed[1].split()[:2] == ["6", "g-ordering"] or "missed by 2 of 2" in missed[1]

    data = json.loads(quizgen("grade", str(codes), "-o", "json", cwd=course).stdout)
    [first, second] = data["receipts"]
    assert first["name"] == "Ana Lima" and first["score"] == pytest.approx(1 + 0.5 + 1 + 1 + 2 / 3 + 1)
    assert first["out_of"] == 7 and first["current"] is True
    assert [q["status"] for q in first["questions"]] == [
        "right",
        "partly",
        "right",
        "right",
        "partly",
        "unanswered",
        "right",
    ]
    assert second["score"] == pytest.approx(0 + 0.5)  # Karachi is wrong; ordering: 2 of 4 in place
    assert data["summary"][0]["receipts"] == 2 and data["problems"] == []

    table = list(csv.reader(io.StringIO(quizgen("grade", str(codes), "-o", "csv", cwd=course).stdout)))
    assert table[0][:5] == ["name", "quiz", "score", "out_of", "percent"] and "g-single" in table[0]
    assert [row[0] for row in table[1:]] == ["Ana Lima", "Bo", "(class mean)", "(missed by)"]
    col = table[0].index("g-single")
    assert [table[1][col], table[2][col], table[3][col], table[4][col]] == ["1", "0", "0.5", "1"]


def test_codes_from_a_csv_from_standard_input_and_as_arguments(course: Path, tmp_path: Path) -> None:
    catalog = catalog_of(course)
    ana = receipt_for(catalog, "exam", "Ana Lima", ANSWERS)
    sheet = tmp_path / "handed-in.csv"
    sheet.write_text(f"Student,Receipt\nAna Lima,{ana}\nBo Chen,{ana}\n", encoding="utf-8")
    data = json.loads(quizgen("grade", str(sheet), "-o", "json", cwd=course).stdout)
    assert [r["where"] for r in data["receipts"]] == [f"{sheet}:2", f"{sheet}:3"]
    assert "the list says 'Bo Chen', the receipt says 'Ana Lima'" in data["receipts"][1]["notes"]
    assert any("same name" in n for n in data["receipts"][1]["notes"])
    piped = subprocess.run(
        [sys.executable, "-m", "quizgen", "grade", "-o", "json"],
        input=ana + "\n",
        capture_output=True,
        text=True,
        cwd=course,
        env=ENV,
        timeout=300,
    )
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["receipts"][0]["where"] == "stdin:1"
    argued = json.loads(quizgen("grade", ana, "--csv", str(sheet), "-o", "json", cwd=course).stdout)
    assert [r["where"] for r in argued["receipts"]] == ["argument 1", f"{sheet}:2", f"{sheet}:3"]


def test_a_mistyped_or_altered_code_is_named_and_refused(course: Path, tmp_path: Path) -> None:
    catalog = catalog_of(course)
    ana = receipt_for(catalog, "exam", "Ana Lima", ANSWERS)
    k = len(ana) // 2
    typo = ana[:k] + ("X" if ana[k] != "X" else "Y") + ana[k + 1 :]
    codes = tmp_path / "codes.txt"
    codes.write_text(f"{ana}\n{typo}\n", encoding="utf-8")
    result = quizgen("grade", str(codes), cwd=course)
    assert result.returncode == 1
    assert (
        f"{codes}:2: the code is mistyped or was changed: its check characters do not match "
        "(ask for the code again, copied or scanned from the QR code)" in result.stdout
    )
    assert "Ana Lima: 5.17 of 7" in result.stdout and "1 receipt could not be graded." in result.stdout
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,code\nAna,\nBo,QG1-UUUUU\n", encoding="utf-8")
    result = quizgen("grade", str(sheet), "-o", "csv", cwd=course)
    assert result.returncode == 1
    assert f"{sheet}:2: the code cell is empty" in result.stderr
    assert f"{sheet}:3: the code has a character that codes never use: 'U'" in result.stderr
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("name,answer\nAna,x\n", encoding="utf-8")
    result = quizgen("grade", str(nothing), cwd=course)
    assert (
        result.returncode == 1
        and "no column named code or receipt in the first row (it has: name, answer)" in result.stdout
    )


def test_a_receipt_for_a_quiz_the_course_does_not_have(course: Path) -> None:
    code = receipts.encode(replace(SAMPLE, bank="week-9"))
    result = quizgen("grade", code, cwd=course)
    assert result.returncode == 1
    assert (
        "this receipt is for the quiz 'week-9', which this course does not have (it has: events, exam)" in result.stdout
    )


def test_an_old_receipt_is_graded_where_it_still_matches_and_flagged_where_not(tmp_path: Path) -> None:
    project = graded_project(tmp_path / "p")
    old = receipt_for(catalog_of(project), "exam", "Ana Lima", ANSWERS)
    bank = project / "questions" / "exam.yml"
    text = bank.read_text(encoding="utf-8")
    # The teacher fixes a key (Karachi was right all along), rewords one question, and adds one first.
    text = text.replace("      - text: Peshawar\n        correct: true\n", "      - text: Peshawar\n")
    text = text.replace("      - text: Karachi\n", "      - text: Karachi\n        correct: true\n")
    text = text.replace(
        "How many million people live in Karachi", "How many million people live in the city of Karachi"
    )
    added = """\
  - id: g-new
    type: true_false
    difficulty: recall
    prompt: "True or false: the article names the airport in Peshawar."
    answer: true
    explanation: It does.
    evidence: while landing at Bacha Khan International Airport

"""
    text = text.replace("questions:\n", "questions:\n" + added, 1)
    bank.write_text(text, encoding="utf-8")
    data = json.loads(quizgen("grade", old, "-o", "json", cwd=project).stdout)
    [r] = data["receipts"]
    assert r["current"] is False
    status = {q["id"] or f"#{q['position']}": q["status"] for q in r["questions"]}
    assert status == {
        "g-new": "new",
        "g-single": "wrong",  # graded with the fixed key
        "g-multiple": "partly",
        "g-truefalse": "right",
        "g-fill": "right",
        "g-matching": "partly",
        "g-ordering": "unanswered",
        "g-numeric": "changed",  # reworded: the one question between the same neighbours
    }
    assert r["out_of"] == 6 and r["score"] == pytest.approx(0.5 + 1 + 1 + 2 / 3)
    text_out = quizgen("grade", old, cwd=project).stdout
    assert "made from an earlier version of the quiz: graded where the questions are the same" in text_out
    assert "changed since the receipt was made: not graded" in text_out
    assert "added since the receipt was made: not graded" in text_out


def test_a_graded_questions_version_does_not_depend_on_its_answer(course: Path) -> None:
    bank = next(b for b in catalog_of(course).banks if b.slug == "exam")
    for q in bank.questions:
        t = qtypes.of(q)
        assert render.seen_version(t.public(q)) == render.seen_version(q), q.id
