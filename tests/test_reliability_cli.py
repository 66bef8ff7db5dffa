"""No crash on any bytes: `quizgen validate`, `quizgen export` and `mkdocs build`.

Whatever a bank or glossary file holds, each command ends with located problems (exit 1) or
success, never a traceback, a hang or a memory blow-up. One project holds a bad file of
every class at once (they are all reported in one run), and the commands run in
subprocesses under a memory cap and a timeout. Hypothesis then mutates valid banks and
glossaries, in process, through the catalog, every renderer, the export and the plugin.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from quizgen import limits, pages, render
from quizgen.catalog import CatalogBuilder
from quizgen.export import export_json
from tests.conftest import ENV, GLOSSARY, GOOD_BANK, SEED, write_project
from tests.test_reliability_common import examples, limit_memory
from tests.test_reliability_loader import YAML_BITS, bomb

HEAD = b"source: ../seeds/000_987c6cd902e74af3.txt\ntopic: events\ntitle: Bad\n"


def q(extra: bytes = b"", answer: bytes = b"true") -> bytes:
    return (
        b"questions:\n  - id: q-1\n    type: true_false\n    difficulty: recall\n    prompt: P\n"
        b"    explanation: E\n    evidence: killed 36 airport personnel\n    answer: " + answer + b"\n" + extra
    )


# file name -> (bytes, line of the problem)
BAD_BANKS: dict[str, tuple[bytes, int]] = {
    "alias-bomb.yml": (HEAD + bomb() + q(), 5),
    "self-alias.yml": (HEAD + b"extra: &t [a, *t]\n" + q(), 4),
    "deep-flow.yml": (HEAD + b"extra: " + b"[" * 5000 + b"]" * 5000 + b"\n" + q(), 4),
    "deep-block.yml": (HEAD + b"".join(b"  " * i + b"k%d:\n" % i for i in range(60)) + q(), 36),
    "huge-int.yml": (HEAD + q(answer=b"9" * 5000), 11),
    "nan.yml": (HEAD + q(answer=b".nan"), 11),
    "inf.yml": (HEAD + q(answer=b"-.inf"), 11),
    "yes.yml": (HEAD + q(answer=b"yes"), 11),
    "not-utf8.yml": (HEAD + q().replace(b"prompt: P", b"prompt: caf\xe9"), 8),
    "empty.yml": (b"", 1),
    "only-comments.yml": (b"# a bank\n", 1),
    "two-documents.yml": (HEAD + q() + b"---\n" + HEAD, 12),
    "utf16.yml": (b"\xff\xfe" + (HEAD + q()).decode().encode("utf-16-le"), 1),
    "nul.yml": (HEAD + q().replace(b"prompt: P", b"prompt: P\x00"), 8),
    "line-separator.yml": (HEAD + q().replace(b"prompt: P", "prompt: P\u2028".encode()), 8),
    "next-line.yml": (HEAD + q().replace(b"prompt: P", "prompt: P\x85".encode()), 8),
    "tab.yml": (HEAD + q().replace(b"    prompt: P", b"\tprompt: P"), 8),
    "merge-key.yml": (
        HEAD + b"base: &b {type: true_false}\n" + q().replace(b"    type: true_false\n", b"    <<: *b\n"),
        7,
    ),
    "python-tag.yml": (HEAD + q(answer=b"!!python/object/apply:os.system ['touch /tmp/pwned']"), 11),
    "binary-tag.yml": (HEAD + q().replace(b"prompt: P", b"prompt: !!binary UA=="), 8),
    "set-tag.yml": (HEAD + q(answer=b"!!set {a, b}"), 11),
    "complex-key.yml": (HEAD + b"? [a, b]\n: c\n" + q(), 4),
    "duplicate-key.yml": (HEAD + q(b"    answer: false\n"), 12),
    "date.yml": (HEAD + q().replace(b"prompt: P", b"prompt: 2014-06-08"), 8),
    "escaped-nul.yml": (b'source: "../seeds/x\\0.txt"\ntopic: events\ntitle: Bad\n' + q(), 1),
    "many-values.yml": (HEAD + q() + b"extra: [" + b"0," * limits.MAX_EVENTS + b"0]\n", 12),
    # placed where the file passes the limit: in the long comment after the question
    "too-big.yml": (HEAD + q() + b"# " + b"x" * limits.MAX_FILE_BYTES + b"\n", (HEAD + q()).count(b"\n") + 1),
}
BAD_GLOSSARY = (b"terms:\n  - term: TTP\n    expansion: E\n    definition: D\n" + bomb(), 6)


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("bad") / "p", {"good.yml": GOOD_BANK}, glossary=None)
    for name, (data, _) in BAD_BANKS.items():
        (project / "questions" / name).write_bytes(data)
    (project / "questions" / "glossary.yml").write_bytes(BAD_GLOSSARY[0])
    return project


def run(project: Path, *args: str, memory_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        preexec_fn=limit_memory(memory_mb),
    )
    assert time.monotonic() - start < 60, f"{args} took {time.monotonic() - start:.0f} s"
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert "MemoryError" not in result.stdout + result.stderr
    return result


def assert_every_file_located(report: str) -> None:
    for name, (_, line) in BAD_BANKS.items():
        assert f"questions/{name}:{line}:" in report, (name, line, [r for r in report.splitlines() if name in r])
    assert f"questions/glossary.yml:{BAD_GLOSSARY[1]}:" in report


def test_validate_reports_every_bad_file_at_its_line(bad_project: Path) -> None:
    result = run(bad_project, "-m", "quizgen", "validate")
    assert result.returncode == 1
    assert_every_file_located(result.stdout)
    for line in result.stdout.splitlines():
        assert len(line) < 500, "an unbounded value was echoed"


def test_validate_json_is_json(bad_project: Path) -> None:
    result = run(bad_project, "-m", "quizgen", "validate", "-o", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert_every_file_located("\n".join(f"{i['file']}:{i['line']}:" for i in report["issues"]))


def test_export_writes_nothing(bad_project: Path) -> None:
    result = run(bad_project, "-m", "quizgen", "export")
    assert result.returncode == 1 and not result.stdout.lstrip().startswith("{")
    assert_every_file_located(result.stderr + result.stdout)
    out = bad_project / "export.json"
    result = run(bad_project, "-m", "quizgen", "export", "-o", str(out))
    assert result.returncode == 1 and not out.exists()
    assert not list(bad_project.glob(".export.json.*")), "a temporary file was left behind"


def test_mkdocs_build_fails_with_every_problem_located(bad_project: Path) -> None:
    result = run(bad_project, "-m", "mkdocs", "build", "-q", "-d", str(bad_project / "site"), memory_mb=3072)
    assert result.returncode == 1
    assert_every_file_located(result.stderr)
    assert not (bad_project / "site").exists()


# -- hypothesis: mutated banks and glossaries through everything --------------------------


@st.composite
def mutated(draw: st.DrawFn, base: bytes, edits: int = 4) -> bytes:
    """``base`` with a few edits: YAML tokens inserted, bytes deleted, lines swapped or repeated."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, edits))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "swap", "repeat"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(YAML_BITS) | st.text(max_size=4)).encode("utf-8", "surrogatepass")
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 12))]
        elif kind == "replace":
            data[pos : pos + 1] = draw(st.binary(min_size=1, max_size=3))
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


RICH_BANK = (Path(__file__).parent / "fixtures" / "hostile" / "questions" / "hostile.yml").read_bytes()
RICH_GLOSSARY = (Path(__file__).parent / "fixtures" / "hostile" / "questions" / "glossary.yml").read_bytes()
pairs = st.one_of(
    st.tuples(mutated(GOOD_BANK.encode()), st.one_of(st.just(GLOSSARY.encode()), mutated(GLOSSARY.encode()))),
    st.tuples(mutated(RICH_BANK, edits=2), st.one_of(st.just(RICH_GLOSSARY), mutated(RICH_GLOSSARY, edits=2))),
    st.tuples(st.binary(max_size=300), st.binary(max_size=100)),
)


def exercise(project: Path) -> None:
    """Build the catalog; when it is valid, render every page and the export."""
    catalog, issues = CatalogBuilder(project).build([project / "questions"])
    for issue in issues:
        assert issue.line >= 1 and issue.column >= 1 and issue.file
        issue.format()
    event("valid: every page rendered" if catalog is not None else "refused with located issues")
    if catalog is not None:
        for page in pages.plan(catalog):
            render.render_page(page, catalog, pages.Links(page.src, False))
        json.loads(export_json(catalog))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("scratch") / "p", {}, glossary=None)


@examples(200)
@given(files=pairs)
def test_any_bank_and_glossary_bytes_give_issues_or_a_site(scratch: Path, files: tuple[bytes, bytes]) -> None:
    bank, glossary = files
    (scratch / "questions" / "bank.yml").write_bytes(bank)
    (scratch / "questions" / "glossary.yml").write_bytes(glossary)
    exercise(scratch)


@examples(12)
@given(files=pairs)
def test_the_plugin_ends_with_a_located_error_or_a_site(
    tmp_path_factory: pytest.TempPathFactory, files: tuple[bytes, bytes]
) -> None:
    bank, glossary = files
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    project = write_project(tmp_path_factory.mktemp("plugin") / "p", {}, glossary=None)
    (project / "questions" / "bank.yml").write_bytes(bank)
    (project / "questions" / "glossary.yml").write_bytes(glossary)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        try:
            build(config)
        except (PluginError, Abort) as err:
            # mkdocs build reports the plugin's error and aborts; find the error in the chain.
            cause: BaseException | None = err
            while cause is not None and not isinstance(cause, PluginError):
                cause = cause.__cause__ or cause.__context__
            assert cause is not None, f"aborted without a plugin error: {err!r}"
            assert "quizgen found problems" in str(cause) and "questions/" in str(cause), str(cause)[:2000]
        else:
            assert (project / "site" / "quizzes" / "bank.html").is_file()


# -- the article a bank names -----------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_bank_naming_an_endless_file_as_its_article_is_refused(tmp_path: Path) -> None:
    bank = GOOD_BANK.replace("../seeds/000_987c6cd902e74af3.txt", "/dev/zero")
    project = write_project(tmp_path / "p", {"events.yml": bank})
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
        preexec_fn=limit_memory(1024),
    )
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert "questions/events.yml:1:9:" in result.stdout, result.stdout


def test_near_miss_quotes_cost_no_more_than_short_ones(tmp_path: Path) -> None:
    import random

    words = SEED.read_text(encoding="utf-8").split()
    rng = random.Random(0)

    def bank(length: int) -> str:
        quotes = (" ".join(rng.sample(words, 400))[:length].replace('"', "'") for _ in range(20))
        return "source: ../seeds/000_987c6cd902e74af3.txt\ntopic: events\ntitle: T\nquestions:\n" + "".join(
            f"  - {{id: q-{n}, type: true_false, answer: true, difficulty: recall, prompt: P, explanation: E, "
            f'evidence: "{quote}"}}\n'
            for n, quote in enumerate(quotes)
        )

    timings = []
    for length in (200, 2000):
        project = write_project(tmp_path / str(length), {"b.yml": bank(length)}, glossary=None)
        start = time.process_time()  # the work done, not the waits of a loaded machine
        _, issues = CatalogBuilder(project).build([project / "questions"])
        timings.append(time.process_time() - start)
        assert len(issues) == 20
    assert timings[1] < 4 * timings[0] + 0.3, f"{timings[1]:.2f} s for 2,000-character quotes vs {timings[0]:.2f} s"
