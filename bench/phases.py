"""Where a build's CPU time goes: `mkdocs build` in this process, each of quizgen's phases timed.

usage: python bench/phases.py PROJECT [--json]

Wraps the functions that own each phase (loading and checking the banks, the lint rules,
rendering quizzes, sheets and keys, Material's search plugin) with a CPU-time counter and
runs one real build. Unlike bench/hotspots.py (cProfile, which about doubles the time of
small Python calls), the counts are of the build as it runs; the rest (MkDocs reading and
writing pages, Material's templates) is what is left of the whole.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: (module, attribute, phase name), outermost first: a phase's time includes the phases it calls.
WRAPPED = (
    ("quizgen.catalog", "CatalogBuilder.build", "load and check the banks (lint included)"),
    ("quizgen.lint", "run", "lint rules"),
    ("quizgen.render", "render_quiz", "render quizzes"),
    ("quizgen.render", "render_sheet", "render sheets and keys"),
    ("material.plugins.search.plugin", "SearchPlugin.on_page_context", "Material search: strip page attributes"),
)


def _wrap(owner: Any, name: str, label: str, spent: collections.Counter[str]) -> None:
    real: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)


def measure(project: Path) -> dict[str, float]:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(project)
    import importlib

    spent: collections.Counter[str] = collections.Counter()
    for module, attr, label in WRAPPED:
        owner: Any = importlib.import_module(module)
        *path, name = attr.split(".")
        for step in path:
            owner = getattr(owner, step)
        _wrap(owner, name, label, spent)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.process_time()
    with tempfile.TemporaryDirectory() as site:
        build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=site))
    total = time.process_time() - start
    out = {label: round(spent[label], 3) for _, _, label in WRAPPED}
    ours = out["load and check the banks (lint included)"] + out["render quizzes"] + out["render sheets and keys"]
    out["MkDocs, Material and the rest"] = round(total - ours - out["Material search: strip page attributes"], 3)
    out["total"] = round(total, 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    out = measure(a.project.resolve())
    if a.json:
        print(json.dumps(out))
        return
    for label, seconds in out.items():
        print(f"{label:45s} {seconds:7.2f} s", file=sys.stdout)


if __name__ == "__main__":
    main()
