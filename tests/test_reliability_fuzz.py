"""The loader's fuzz target runs in CI, briefly, and its seed corpus is a regression suite.

``tests/fuzz/fuzz_loader.py`` is an atheris (libFuzzer) target. Here it tries QG_FUZZ_RUNS
inputs (20,000 by default, a few seconds) from the seed corpus in ``tests/fuzz/corpus`` with
a dictionary of YAML tokens, under a memory limit and a per-input timeout; any exception,
hang or memory blow-up fails the test with the input that caused it. libFuzzer's draws are
seeded and the run is a number of inputs, not a time, so a run explores the same inputs on
every machine however fast or busy it is (a longer search: QG_FUZZ_RUNS=1000000). atheris is built for CPython up
to 3.11: there, without it, the fuzzing test is skipped on a developer's machine and fails
under CI=true; on newer Pythons, where it cannot be installed, the test is skipped and the
corpus replay and the property tests of the loader stand in. The corpus replay needs no atheris.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ENV
from tests.test_reliability_common import CI

FUZZ = Path(__file__).parent / "fuzz"
RUNS = int(os.environ.get("QG_FUZZ_RUNS", "20000"))


def load_target():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fuzz_loader", FUZZ / "fuzz_loader.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", sorted(p.name for p in (FUZZ / "corpus").iterdir()))
def test_every_corpus_file_passes_the_target(seed: str) -> None:
    load_target().TestOneInput((FUZZ / "corpus" / seed).read_bytes())


def test_the_loader_survives_fuzzing(tmp_path: Path) -> None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        if sys.version_info >= (3, 12):
            pytest.skip("atheris has no build for this Python (it supports CPython up to 3.11)")
        message = "atheris is not installed (pip install atheris; it supports CPython up to 3.11)"
        if CI:
            pytest.fail(message + ": under CI the fuzz target must run", pytrace=False)
        pytest.skip(message)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    command = [
        sys.executable,
        str(FUZZ / "fuzz_loader.py"),
        f"-runs={RUNS}",
        "-seed=1",
        "-rss_limit_mb=2048",
        "-timeout=10",
        f"-dict={FUZZ / 'yaml.dict'}",
        f"-artifact_prefix={tmp_path}/",
        "-print_final_stats=1",
        str(corpus),
        str(FUZZ / "corpus"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=600, cwd=tmp_path)
    found = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-")))
    assert result.returncode == 0 and not found, f"{found}\n{result.stderr[-4000:]}"
    assert "Done" in result.stderr and "stat::number_of_executed_units" in result.stderr
    runs = int(next(line.split(":")[-1] for line in result.stderr.splitlines() if "number_of_executed_units" in line))
    assert runs == RUNS, f"{runs} inputs were tried, not {RUNS}"
