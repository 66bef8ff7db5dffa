"""MkDocs hook for the benchmark: record what the quizgen plugin gave MkDocs, for the no-work floor.

Loaded (``hooks:``) into a build of the quizgen project, after the plugin in every event. It
writes into the folder named by ``QG_CAPTURE``:

- ``manifest.json``: the files the plugin added (their paths, and whether each is a page), the
  scripts and stylesheets it registered, and each page's finished content (by file name);
- ``files/N``: the bytes of each added file (a generated page's front matter and slot, an
  asset, a redirect);
- ``pages/N.html``: each page's content as ``on_page_content`` left it;
- ``late/N.html``: what the plugin fills in as a quiz, sheet or key page is written
  (``on_post_page``), in the place it left in the page's content;
- ``search_index.json``: the finished search index.

``bench/hooks/floor.py`` gives MkDocs the same things back, with no work in between.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

OUT = Path(os.environ.get("QG_CAPTURE", "capture"))
_manifest: dict[str, Any] = {"files": [], "extra_javascript": [], "extra_css": [], "pages": {}, "late": {}}


@event_priority(-100)
def on_config(config: Any) -> Any:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "files").mkdir(parents=True)
    (OUT / "pages").mkdir()
    (OUT / "late").mkdir()
    _record_late(config)
    _manifest["extra_javascript"] = [str(x) for x in config.extra_javascript]
    _manifest["extra_css"] = [str(x) for x in config.extra_css]
    return config


def _record_late(config: Any) -> None:
    """Keep what the plugin fills in as each quiz, sheet and key is written.

    Those pages get their body in ``on_post_page``; the plugin makes it in one method, which
    is wrapped here to write down what it gives for each page.
    """
    plugin = config.plugins.get("quizgen")
    made = plugin._generated

    def recording(generated: Any, content: str, links: Any, config: Any, *, heading: bool = True) -> str:
        out = made(generated, content, links, config, heading=heading)
        if not heading:
            n = len(_manifest["late"])
            (OUT / "late" / f"{n}.html").write_text(out, encoding="utf-8")
            _manifest["late"][generated.src] = f"{n}.html"
        return out

    plugin._generated = recording


@event_priority(-100)
def on_files(files: Any, *, config: Any) -> Any:
    for f in files:
        if getattr(f, "generated_by", None) is None:
            continue
        n = len(_manifest["files"])
        content = f.content_bytes
        (OUT / "files" / str(n)).write_bytes(content)
        _manifest["files"].append({"src_uri": f.src_uri, "data": str(n)})
    return files


@event_priority(-100)
def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    n = len(_manifest["pages"])
    (OUT / "pages" / f"{n}.html").write_text(html, encoding="utf-8")
    _manifest["pages"][page.file.src_uri] = f"{n}.html"
    return html


@event_priority(-100)
def on_post_build(*, config: Any) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        shutil.copyfile(index, OUT / "search_index.json")
    (OUT / "manifest.json").write_text(json.dumps(_manifest, indent=1), encoding="utf-8")
