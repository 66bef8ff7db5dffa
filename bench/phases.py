"""Where the CPU time goes: `mkdocs build` (or `quizgen validate`) in this process, each of quizgen's phases timed.

usage: python bench/phases.py PROJECT [--validate] [--json]

Wraps the functions that own each phase (loading and checking the banks, the lint rules,
rendering quizzes, sheets and keys and marking glossary terms, Material's search plugin) with
a CPU-time counter and runs one real build. ``--validate`` runs `quizgen validate` instead,
its phases split finer (reading the YAML, the schema, the evidence, the checks across banks,
the lint rules), and times in the same process the validate figure's floor, a bare libyaml
parse of the same files, so that what each check costs can be read against it.

Unlike bench/hotspots.py (cProfile, which about doubles the time of small Python calls), the
counts are of the command as it runs; the rest (for a build, MkDocs reading and writing pages
and Material's templates) is what is left of the whole.
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
    ("quizgen.plugin", "annotate", "glossary tooltips"),
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

    # What MkDocs and Material import for any build first, then quizgen's plugin and the
    # libraries only it uses: the part of start-up the floor does not have.
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    start = time.process_time()
    importlib.import_module("quizgen.plugin")
    imported = time.process_time() - start
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
    out = {"import quizgen's plugin and the libraries only it uses": round(imported, 3)}
    out.update({label: round(spent[label], 3) for _, _, label in WRAPPED})
    ours = sum(
        out[label]
        for label in (
            "load and check the banks (lint included)",
            "render quizzes",
            "render sheets and keys",
            "glossary tooltips",
        )
    )
    out["MkDocs, Material and the rest"] = round(total - ours - out["Material search: strip page attributes"], 3)
    out["total"] = round(total + imported, 3)
    return out


#: The phases of `quizgen validate`; none of them calls another.
VALIDATE = (
    ("quizgen.catalog", "load_yaml", "read the YAML: compose with positions, build values"),
    ("quizgen.banks", "schema_issues", "JSON Schema"),
    ("quizgen.banks", "check", "questions and their evidence against the article"),
    ("quizgen.catalog", "CatalogBuilder._cross_checks", "across banks: ids and glossary references"),
    ("quizgen.lint", "run", "lint rules"),
)


def measure_validate(project: Path) -> dict[str, float]:
    """One `quizgen validate` of ``project``'s banks, by phase, and the parse floor of the same files."""
    os.chdir(project)
    import gc
    import importlib

    start = time.process_time()
    spent: collections.Counter[str] = collections.Counter()
    for module, attr, label in VALIDATE:
        owner: Any = importlib.import_module(module)
        *path, name = attr.split(".")
        for step in path:
            owner = getattr(owner, step)
        _wrap(owner, name, label, spent)
    from quizgen import cli

    try:
        cli.main(["validate", "questions"], standalone_mode=False)
    except SystemExit:
        pass
    total = time.process_time() - start
    out = {label: round(spent[label], 3) for _, _, label in VALIDATE}
    out["start-up, settings, sources and the rest"] = round(total - sum(spent.values()), 3)
    out["total"] = round(total, 3)

    import yaml

    files = sorted((project / "questions").rglob("*.yml"))
    gc.disable()
    start = time.process_time()
    for file in files:
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
    out["floor: bare libyaml parse, same files"] = round(time.process_time() - start, 3)
    gc.enable()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--validate", action="store_true", help="time `quizgen validate` instead of a build")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    out = (measure_validate if a.validate else measure)(a.project.resolve())
    if a.json:
        print(json.dumps(out))
        return
    for label, seconds in out.items():
        print(f"{label:55s} {seconds:7.2f} s", file=sys.stdout)


if __name__ == "__main__":
    main()
