"""MkDocs hook for the benchmark's no-work floor: the quizgen site's final pages, with no work in between.

The project is a copy of the quizgen project with the plugin removed and this hook added.
From the folder named by ``QG_CAPTURE`` (written by ``bench/hooks/capture.py`` during a build
of the quizgen project) it registers the same scripts and stylesheets, adds the same files
(generated pages with the same front matter, so the same search rules apply; the assets; the
redirects), returns each page's captured content from ``on_page_content``, fills quizzes,
sheets and keys in ``on_post_page`` as the plugin does (where it left their place), and
writes the captured search index over the one the search plugin wrote. MkDocs and Material do all of
their own work; nothing of quizgen's is left. A page the serve benchmark has edited keeps its
new content, so that a save shows under ``mkdocs serve``.

The theme's compiled templates are kept on disk as the plugin keeps them (``on_env``, in the
same cache folder, ``QUIZGEN_CACHE_DIR``): the floor does no work the plugin spares itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

CAPTURE = Path(os.environ.get("QG_CAPTURE", "capture"))
#: What the serve benchmark writes into a page it edits (bench/serve.py).
EDITED = "qgbench"
_manifest: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    _manifest.clear()
    _manifest.update(json.loads((CAPTURE / "manifest.json").read_text(encoding="utf-8")))
    config.extra_javascript[:] = _manifest["extra_javascript"]
    config.extra_css[:] = _manifest["extra_css"]
    return config


# Where the quizgen plugin adds its files (after other plugins).
@event_priority(-50)
def on_files(files: Any, *, config: Any) -> Any:
    for f in _manifest["files"]:
        files.append(File.generated(config, f["src_uri"], content=(CAPTURE / "files" / f["data"]).read_bytes()))
    return files


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    name = _manifest["pages"].get(page.file.src_uri)
    if name is None or EDITED in (page.markdown or ""):
        return html  # a page of its own, or one the serve benchmark has just edited
    return (CAPTURE / "pages" / name).read_text(encoding="utf-8")


def on_env(env: Any, *, config: Any, files: Any) -> Any:
    from quizgen import templatecache  # the plugin's own cache, not its work

    if env.bytecode_cache is None:
        templatecache.install(env)
    return env


SLOT = '<div class="qg-slot" data-qg-slot></div>'


# Where the quizgen plugin fills the pages it fills as they are written.
@event_priority(100)
def on_post_page(output: str, *, page: Any, config: Any) -> str:
    name = _manifest.get("late", {}).get(page.file.src_uri)
    if name is None or SLOT not in output:
        return output
    return output.replace(SLOT, (CAPTURE / "late" / name).read_text(encoding="utf-8"), 1)


# Where the quizgen plugin adds its search entries: after the search plugin has written its index.
@event_priority(-50)
def on_post_build(*, config: Any) -> None:
    captured = CAPTURE / "search_index.json"
    if captured.exists():
        (Path(config.site_dir) / "search" / "search_index.json").write_bytes(captured.read_bytes())
