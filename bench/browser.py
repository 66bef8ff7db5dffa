"""Time to the first checked answer on a quiz page, in Chromium.

usage: python bench/browser.py SITE PAGE [--runs 5] [--json OUT]

Serves the built SITE on a free port of 127.0.0.1 (python -m http.server), then, in a fresh
browser context for each run (nothing cached, no saved progress), opens PAGE and, as soon as
the quiz is ready, answers the first question as a student would: picks its first option
(or types into its first text box) and presses Check. The figure is ``performance.now()``
when the result is shown: milliseconds since the navigation started, measured in the page
(the automation's round trips are not in it). Beside it: the end of the page's download,
DOMContentLoaded, the load event and the moment the quiz became ready.

Debian's Chromium (/usr/bin/chromium, or QG_CHROMIUM) through Playwright; no downloaded browser.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from quizgen.sheets import CHROMIUM_FLAGS  # noqa: E402

CHROMIUM = os.environ.get("QG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# Installed before the page loads: as soon as the quiz is ready (quizgen.js marks it
# data-qg-ready), answer its first question as a student would, in a task of its own as a
# click comes, and note when the result is shown. Measured in the page, so that the
# round trips of the automation are not counted.
WATCH = """
(() => {
  const answer = () => {
    const q = document.querySelector(".qg-q");
    const input = q.querySelector("input[type=radio], input[type=checkbox]");
    if (input) { input.click(); }
    else {
      const text = q.querySelector("input[type=text]");
      if (text) { text.value = "1"; text.dispatchEvent(new Event("change", {bubbles: true})); }
      const select = q.querySelector("select");
      if (select && select.options.length > 1) {
        select.selectedIndex = 1;
        select.dispatchEvent(new Event("change", {bubbles: true}));
      }
    }
    q.querySelector(".qg-check").click();
    const result = q.querySelector(".qg-result");
    return !!(result && result.textContent.trim());
  };
  const ready = () => {
    if (window.__qgReadyAt || !document.querySelector(".qg-quiz[data-qg-ready] .qg-q .qg-check")) return false;
    window.__qgReadyAt = performance.now();
    setTimeout(() => { if (answer()) window.__qgCheckedAt = performance.now(); }, 0);
    return true;
  };
  new MutationObserver((changes, observer) => { if (ready()) observer.disconnect(); })
    .observe(document, {subtree: true, attributes: true, attributeFilter: ["data-qg-ready"]});
})();
"""
MARKS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  return {response_end_ms: nav.responseEnd || null, dcl_ms: nav.domContentLoadedEventEnd || null,
          load_ms: nav.loadEventEnd || null, ready_ms: window.__qgReadyAt || null,
          checked_ms: window.__qgCheckedAt || null,
          live_questions: document.querySelectorAll(".qg-q").length};
}
"""


class Served:
    def __init__(self, folder: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        match = re.search(r"port (\d+)", self.proc.stdout.readline())
        if not match:
            raise SystemExit("http.server did not start")
        self.url = f"http://127.0.0.1:{match.group(1)}/"

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=10)


def first_check(site: Path, page: str, runs: int = 5, warmup: int = 1) -> dict[str, Any]:
    """Open ``page`` of ``site`` ``warmup + runs`` times; the timings of the last ``runs``."""
    from playwright.sync_api import sync_playwright

    server = Served(site)
    rows: list[dict[str, Any]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                for k in range(warmup + runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    tab = context.new_page()
                    tab.add_init_script(WATCH)
                    tab.goto(server.url + page.lstrip("/"), wait_until="commit")
                    tab.wait_for_function("() => window.__qgCheckedAt", timeout=60_000, polling=50)
                    row = tab.evaluate(MARKS)
                    context.close()
                    if k >= warmup:
                        rows.append(row)
            finally:
                browser.close()
    finally:
        server.stop()
    out: dict[str, Any] = {"runs": rows, "page": page}
    for key in ("checked_ms", "dcl_ms", "load_ms", "ready_ms", "response_end_ms"):
        xs = [r[key] for r in rows if r.get(key) is not None]
        if xs:
            out[key] = {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}
    out["live_questions_at_check"] = rows[-1]["live_questions"] if rows else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("page")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    res = first_check(a.site, a.page, a.runs)
    c = res["checked_ms"]
    print(f"first answer checked {c['median']:.0f} ms after navigation (min {c['min']:.0f}, max {c['max']:.0f})")
    if a.json:
        a.json.write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
