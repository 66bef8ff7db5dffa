"""Starting a course: `quizgen init` and `quizgen add-source`, checked with real builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from quizgen import scaffold
from tests.conftest import REPO, mkdocs_build, quizgen

GARDEN = REPO / "tests" / "fixtures" / "sources" / "community-garden.txt"


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def init(where: Path) -> Path:
    result = quizgen("init", str(where))
    assert result.returncode == 0, result.stderr
    return where


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A course made by `quizgen init` in a folder that did not exist, and its strict build."""
    base = tmp_path_factory.mktemp("init")
    result = quizgen("init", "new/course", cwd=base)
    assert result.returncode == 0, result.stderr
    course = base / "new" / "course"
    site = base / "site"
    build = mkdocs_build(course, site)
    assert build.returncode == 0, build.stderr
    return course, site, result.stdout


def test_init_prints_the_files_and_the_next_commands(built: tuple[Path, Path, str]) -> None:
    course, _, out = built
    for rel in files_in(course):
        assert str(Path("new/course") / rel) in out
    assert out.splitlines()[-2:] == ["  cd new/course", "  mkdocs serve"]


def test_the_new_course_builds_strict_with_every_page(built: tuple[Path, Path, str]) -> None:
    _, site, _ = built
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-qg-progress" in home  # the progress table on the home page
    for page in (
        "articles/library",
        "quizzes/index",
        "quizzes/library",
        "glossary",
        "sheets/library",
        "sheets/library-key",
    ):
        assert (site / f"{page}.html").is_file(), page
        assert f'href="{page}.html"' in home, f"{page} is not in the navigation"
    quiz = (site / "quizzes" / "library.html").read_text(encoding="utf-8")
    assert quiz.count('class="qg-q') >= 7
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    assert "reading log" in glossary


def test_the_new_course_works_offline_and_from_a_folder(built: tuple[Path, Path, str]) -> None:
    course, _, _ = built
    config = yaml.safe_load((course / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["use_directory_urls"] is False
    assert config["theme"]["font"] is False
    # Instant navigation needs site_url; the course leaves both out until the teacher knows the address.
    assert "site_url" not in config
    assert "navigation.instant" not in config["theme"].get("features", [])
    assert "127.0.0.1" not in re.sub(r"(?m)^#.*$", "", (course / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search", "quizgen"]


def test_quizgen_validate_passes_in_the_new_course(built: tuple[Path, Path, str]) -> None:
    course, _, _ = built
    result = quizgen("validate", cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr
    coverage = quizgen("coverage", "--strict", cwd=course)
    assert coverage.returncode == 0, coverage.stdout  # every paragraph covered, every term used


def test_the_sample_bank_uses_several_question_types(built: tuple[Path, Path, str]) -> None:
    course, _, _ = built
    bank = yaml.safe_load((course / "questions" / "library.yml").read_text(encoding="utf-8"))
    assert len({q["type"] for q in bank["questions"]}) >= 5


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A yaml.schemas glob as the YAML language server reads it: relative to the folder, ** for any depth."""
    out = ""
    for part in re.split(r"(\*\*/|\*)", pattern.lstrip("/")):
        out += {"**/": "(?:.*/)?", "*": "[^/]*"}.get(part, re.escape(part))
    return re.compile(out + r"\Z")


def schemas_for(rel: str, mapping: dict[str, list[str]]) -> list[str]:
    """The schemas a file gets; within one schema's list, the last matching pattern decides (`!` excludes)."""
    found = []
    for schema_file, patterns in mapping.items():
        hit = False
        for pattern in patterns:
            negated = pattern.startswith("!")
            if glob_regex(pattern.lstrip("!")).match(rel):
                hit = not negated
        if hit:
            found.append(schema_file)
    return found


def test_editor_settings_map_every_schema_and_each_equals_quizgen_schema(
    built: tuple[Path, Path, str], tmp_path: Path
) -> None:
    course, _, _ = built
    settings = json.loads((course / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    written = sorted(p.relative_to(course).as_posix() for p in (course / ".quizgen" / "schemas").iterdir())
    assert sorted(mapping) == written == [f".quizgen/schemas/{n}.schema.json" for n in ("bank", "glossary", "source")]

    result = quizgen("schema", "--write", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("bank", "glossary", "source"):
        assert (course / ".quizgen" / "schemas" / f"{name}.schema.json").read_bytes() == (
            tmp_path / f"{name}.schema.json"
        ).read_bytes()

    expected = {
        "questions/library.yml": "bank",
        "questions/sub/week-1.yml": "bank",
        "questions/glossary.yml": "glossary",
        "sources/library.yml": "source",
    }
    for rel, name in expected.items():
        assert schemas_for(rel, mapping) == [f".quizgen/schemas/{name}.schema.json"], rel
    assert schemas_for("mkdocs.yml", mapping) == []

    # Each starter file names its schema on its first line, by a path relative to itself.
    for rel in ("questions/library.yml", "questions/glossary.yml", "sources/library.yml"):
        first = (course / rel).read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, rel
        target = (course / rel).parent / match.group(1)
        assert target.resolve() == (course / schemas_for(rel, mapping)[0]).resolve(), rel


def test_init_refuses_when_any_file_exists_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Mine\n", encoding="utf-8")
    before = files_in(tmp_path)
    result = quizgen("init", str(tmp_path))
    assert result.returncode == 1
    assert "mkdocs.yml" in result.stderr and "index.md" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert files_in(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml"]


def test_init_into_a_folder_with_other_files_keeps_them(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    init(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "mkdocs.yml").is_file()


def test_init_refuses_a_file_as_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "course"
    target.write_text("", encoding="utf-8")
    result = quizgen("init", str(target))
    assert result.returncode == 1 and "is a file, not a folder" in result.stderr


def test_write_new_removes_everything_when_one_file_fails(tmp_path: Path) -> None:
    files = {tmp_path / "a" / "one.txt": b"1", tmp_path / "a" / "one.txt" / "two.txt": b"2"}
    with pytest.raises(scaffold.ScaffoldError, match="nothing was written"):
        scaffold.write_new(files)
    assert list(tmp_path.iterdir()) == []


# -- add-source --------------------------------------------------------------------------


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return init(tmp_path / "course")


def test_add_source_adds_a_second_source_and_the_course_builds(course: Path, tmp_path: Path) -> None:
    result = quizgen(
        "add-source",
        str(GARDEN),
        "--title",
        "A new community garden",
        "--author",
        "Sample text",
        "--date",
        "2024-05-04",
        "--bank",
        cwd=course,
    )
    assert result.returncode == 0, result.stderr
    article = course / "sources" / "community-garden.txt"
    assert article.read_bytes() == GARDEN.read_bytes()
    details = yaml.safe_load((course / "sources" / "community-garden.yml").read_text(encoding="utf-8"))
    assert details == {
        "id": "community-garden",
        "title": "A new community garden",
        "author": "Sample text",
        "date": "2024-05-04",
    }
    bank = yaml.safe_load((course / "questions" / "community-garden.yml").read_text(encoding="utf-8"))
    assert bank["source"] == "community-garden"
    (question,) = bank["questions"]
    assert question["evidence"] in " ".join(GARDEN.read_text(encoding="utf-8").split()[:30])
    for line in ("articles/community-garden.md", "quizzes/community-garden.md", "sheets/community-garden-key.md"):
        assert line in result.stdout

    validate = quizgen("validate", cwd=course)
    assert validate.returncode == 0, validate.stdout
    site = tmp_path / "site"
    build = mkdocs_build(course, site)
    assert build.returncode == 0, build.stderr
    for page in ("articles/library", "articles/community-garden", "quizzes/library", "quizzes/community-garden"):
        assert (site / f"{page}.html").is_file(), page
    text = (site / "articles" / "community-garden.html").read_text(encoding="utf-8")
    assert "A new community garden" in text and "Fenwick Hollow" in text


def test_add_source_with_f_from_another_folder_and_an_id(course: Path, tmp_path: Path) -> None:
    result = quizgen("-f", str(course / "mkdocs.yml"), "add-source", str(GARDEN), "--id", "garden", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (course / "sources" / "garden.txt").read_bytes() == GARDEN.read_bytes()
    details = yaml.safe_load((course / "sources" / "garden.yml").read_text(encoding="utf-8"))
    assert details == {"id": "garden", "title": "Community garden"}  # the title defaults to the file name
    assert "from the file name" in result.stdout
    assert quizgen("validate", cwd=course).returncode == 0


def test_add_source_writes_details_that_read_back_exactly(course: Path) -> None:
    title = 'Café: “quoted”, #1 and "more" — yes'
    result = quizgen("add-source", str(GARDEN), "--title", title, "--url", "https://example.org/a?b=1#c", cwd=course)
    assert result.returncode == 0, result.stderr
    details = yaml.safe_load((course / "sources" / "community-garden.yml").read_text(encoding="utf-8"))
    assert details["title"] == title and details["url"] == "https://example.org/a?b=1#c"
    assert quizgen("validate", cwd=course).returncode == 0


def test_add_source_refuses_an_existing_id(course: Path) -> None:
    before = files_in(course)
    same = quizgen("add-source", str(GARDEN), "--id", "library", cwd=course)
    assert same.returncode == 1
    assert "already has a source with the id 'library'" in same.stderr and "--id" in same.stderr
    assert files_in(course) == before

    assert quizgen("add-source", str(GARDEN), cwd=course).returncode == 0
    before = files_in(course)
    again = quizgen("add-source", str(GARDEN), cwd=course)
    assert again.returncode == 1 and "community-garden" in again.stderr
    assert files_in(course) == before


def test_add_source_refuses_a_file_in_the_way(course: Path) -> None:
    (course / "sources" / "community-garden.md").write_text("A draft.\n", encoding="utf-8")
    before = files_in(course)
    result = quizgen("add-source", str(GARDEN), cwd=course)
    assert result.returncode == 1  # its id is taken; and a .txt beside it would share its details file
    assert "community-garden" in result.stderr
    assert files_in(course) == before

    (course / "sources" / "garden.yaml").write_text("title: Old details\n", encoding="utf-8")
    (course / "questions" / "walks.yml").write_text("title: Mine\n", encoding="utf-8")
    before = files_in(course)
    details = quizgen("add-source", str(GARDEN), "--id", "garden", cwd=course)
    assert details.returncode == 1 and "sources/garden.yaml already exists" in details.stderr
    bank = quizgen("add-source", str(GARDEN), "--id", "walks", "--bank", cwd=course)
    assert bank.returncode == 1 and "questions/walks.yml" in bank.stderr
    assert files_in(course) == before


@pytest.mark.parametrize("bad", ["Garden", "my garden", "-garden", "g" * 65, ""])
def test_add_source_refuses_a_bad_id(course: Path, bad: str) -> None:
    before = files_in(course)
    result = quizgen("add-source", str(GARDEN), "--id", bad, cwd=course)
    assert result.returncode == 2
    assert "cannot be a source id" in result.stderr and "Traceback" not in result.stderr
    assert files_in(course) == before


def test_add_source_refuses_a_bad_url_naming_the_option(course: Path) -> None:
    before = files_in(course)
    result = quizgen("add-source", str(GARDEN), "--url", "ftp://example.org/x", cwd=course)
    assert result.returncode == 1 and "--url" in result.stderr and "nothing was written" in result.stderr
    assert files_in(course) == before


def test_add_source_refuses_a_file_that_is_not_an_article(course: Path, tmp_path: Path) -> None:
    before = files_in(course)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = quizgen("add-source", str(binary), cwd=course)
    assert result.returncode == 1 and "UTF-8" in result.stderr and "Traceback" not in result.stderr
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = quizgen("add-source", str(pdf), cwd=course)
    assert result.returncode == 1 and ".txt" in result.stderr
    missing = quizgen("add-source", str(tmp_path / "nope.txt"), cwd=course)
    assert missing.returncode == 2
    assert files_in(course) == before


def test_add_source_needs_a_course(tmp_path: Path) -> None:
    result = quizgen("add-source", str(GARDEN), cwd=tmp_path)
    assert result.returncode == 1 and "mkdocs.yml" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_add_source_bank_is_refused_where_its_pages_would_clash(course: Path) -> None:
    before = files_in(course)
    result = quizgen("add-source", str(GARDEN), "--id", "glossary", "--bank", cwd=course)
    assert result.returncode == 1 and "glossary" in result.stderr
    result = quizgen("add-source", str(GARDEN), "--id", "library-key", "--bank", cwd=course)
    assert result.returncode == 1 and "questions/library.yml" in result.stderr
    assert files_in(course) == before


def test_add_source_warns_about_banks_that_leave_source_out(course: Path) -> None:
    bank = course / "questions" / "library.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("source: library ", "# source: library "), "utf-8")
    assert quizgen("validate", cwd=course).returncode == 0  # one source: source: may be left out
    result = quizgen("add-source", str(GARDEN), cwd=course)
    assert result.returncode == 0
    assert "source: library" in result.stderr and "questions/library.yml" in result.stderr


def test_example_quote_opens_the_first_paragraph() -> None:
    from quizgen.source import read_source

    source, _ = read_source(GARDEN, "garden.txt")
    assert source is not None
    number, phrase = scaffold.example_quote(source) or (0, "")
    assert number == 1
    assert (
        phrase == "A community garden opened on Saturday on an empty plot behind the railway station in Fenwick Hollow"
    )
