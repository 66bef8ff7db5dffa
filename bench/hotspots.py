"""Where the time goes: cProfile of `quizgen validate` or `mkdocs build` on a synthetic project.

usage: python bench/hotspots.py validate [--questions 10000] [--top 30] [--sort tottime]
       python bench/hotspots.py build [--questions 1000]

The project is written by bench/synth.py into bench/work/profile-N/ (the same seeded banks
as the benchmark). The whole command runs in this process under cProfile, which slows it
down about twofold; read the shares, not the absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

BANKS = {100: 2, 1_000: 10, 10_000: 20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["validate", "build"])
    ap.add_argument("--questions", type=int, default=None, help="default: 10000 for validate, 1000 for build")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sort", default="tottime", help="a pstats sort key: tottime, cumulative, ...")
    a = ap.parse_args()
    n = a.questions or (10_000 if a.command == "validate" else 1_000)
    root = HERE / "work" / f"profile-{n}"
    synth.write_project(root, n, BANKS.get(n, max(1, -(-n // 500))))
    os.chdir(root)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if a.command == "validate":
        from quizgen.cli import main as entry

        sys.argv = ["quizgen", "validate"]
    else:
        from mkdocs.__main__ import cli as entry

        sys.argv = ["mkdocs", "build", "-q", "--site-dir", str(root / "site")]
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        entry()
    except SystemExit:
        pass
    finally:
        profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats(a.sort).print_stats(a.top)


if __name__ == "__main__":
    main()
