"""The no-work floor of a quizgen site: the same final pages, built by MkDocs with nothing of quizgen's in between.

usage: python bench/floor.py PROJECT FLOOR [--capture DIR]

1. Builds PROJECT once with ``bench/hooks/capture.py`` added (``hooks:``), which records what
   the plugin gave MkDocs: the files it added, the scripts and stylesheets it registered,
   each page's content as ``on_page_content`` left it, and the finished search index.
2. Writes FLOOR: a copy of PROJECT's ``mkdocs.yml`` and ``docs/`` with the quizgen plugin
   removed and ``bench/hooks/floor.py`` added, which gives all of that back.

``mkdocs build`` of FLOOR is the least work MkDocs and Material can do for the same output:
``same_output`` compares the two built sites file by file.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOOKS = HERE / "hooks"
# Compiled bytecode is kept, as on any machine after its first run (see ENV in run.py).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}

# The plugin's entry in `plugins:`, with its options (lines indented deeper than the dash).
_PLUGIN = re.compile(r"^(?P<indent> *)- quizgen\b[^\n]*\n(?:(?P=indent) +[^-\s][^\n]*\n)*", re.M)


def with_hook(config_text: str, hook: Path, *, drop_plugin: bool) -> str:
    if drop_plugin:
        config_text, found = _PLUGIN.subn("", config_text, count=1)
        if not found:
            raise SystemExit("no `- quizgen` entry found under plugins: in mkdocs.yml")
    if re.search(r"^hooks:", config_text, re.M):
        raise SystemExit("the project's mkdocs.yml has hooks: of its own; add the benchmark's by hand")
    return config_text.rstrip("\n") + f"\nhooks:\n  - {hook}\n"


def capture(project: Path, out: Path, *, site: Path) -> None:
    """Build ``project`` once, recording what the plugin gave MkDocs into ``out``."""
    cfg = project / "mkdocs.capture.yml"
    cfg.write_text(
        with_hook((project / "mkdocs.yml").read_text(encoding="utf-8"), HOOKS / "capture.py", drop_plugin=False),
        encoding="utf-8",
    )
    try:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "--site-dir", str(site)],
            check=True,
            cwd=project,
            env={**ENV, "QG_CAPTURE": str(out)},
        )
    finally:
        cfg.unlink()


def write_floor(project: Path, floor: Path) -> None:
    """The floor project: ``project``'s docs and settings, the plugin replaced by the floor hook."""
    if floor.exists():
        shutil.rmtree(floor)
    floor.mkdir(parents=True)
    shutil.copytree(project / "docs", floor / "docs")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (floor / "mkdocs.yml").write_text(with_hook(text, HOOKS / "floor.py", drop_plugin=True), encoding="utf-8")


def make(project: Path, floor: Path, capture_dir: Path | None = None) -> Path:
    """Capture ``project`` and write its floor; the capture folder (give it to the floor build as QG_CAPTURE)."""
    capture_dir = capture_dir or floor.with_name(floor.name + "-capture")
    capture(project, capture_dir, site=floor.with_name(floor.name + "-capture-site"))
    write_floor(project, floor)
    return capture_dir


def same_output(a: Path, b: Path, *, ignore: tuple[str, ...] = ("sitemap.xml", "sitemap.xml.gz")) -> list[str]:
    """The files that differ between two built sites (empty when they are the same)."""
    differ: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: str) -> None:
        differ.extend(os.path.join(rel, x) for x in cmp.left_only + cmp.right_only if x not in ignore)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differ.extend(os.path.join(rel, x) for x in mismatch + errors if x not in ignore)
        for name, sub in cmp.subdirs.items():
            walk(sub, os.path.join(rel, name))

    walk(filecmp.dircmp(str(a), str(b)), "")
    return sorted(differ)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("floor", type=Path)
    ap.add_argument("--capture", type=Path)
    a = ap.parse_args()
    out = make(a.project.resolve(), a.floor.resolve(), a.capture)
    print(f"{a.floor}: build it with QG_CAPTURE={out} mkdocs build -f {a.floor / 'mkdocs.yml'}")


if __name__ == "__main__":
    main()
