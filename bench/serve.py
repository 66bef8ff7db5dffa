"""Save one bank under `mkdocs serve`, and time until the served page shows the new text.

usage: python bench/serve.py PROJECT [--bank questions/bank-01.yml] [--page /quizzes/bank-01.html] [--edits 5]
                             [--dirty]

Starts ``mkdocs serve`` on a free port of 127.0.0.1 in PROJECT (a copy is not made: the bank
is edited in place and put back at the end), waits until the page is served, then edits one
prompt of the bank ``--edits`` times (:func:`page_edit` edits a Markdown page instead, for a
site without banks). Each figure is the time from writing the file to the
first response of the page that holds the new prompt, polled every 10 ms: it includes
MkDocs' file watcher (it polls every 0.5 s and waits 0.1 s for changes to settle), the
rebuild, and serving the page. The server's CPU time for each rebuild is read from
/proc/PID/stat (user + system, children excluded) where the system has it. The server is
stopped by its process id.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# Compiled bytecode is kept, as on any machine after its first run (see ENV in run.py).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONUNBUFFERED": "1",
}
# A prompt written as a plain scalar: `prompt: According to the article, ...?`
PROMPT = re.compile(r"^( +prompt: )([A-Z][^\"'#\n:]*\?)$", re.M)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def summary(xs: list[float]) -> dict[str, float]:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def bank_edit(bank: Path) -> tuple[Path, str, Any]:
    """Edits of one prompt of ``bank``: the file, its text, and a function from edit number to (new text, marker)."""
    original = bank.read_text(encoding="utf-8")
    line = PROMPT.search(original)
    if line is None:
        raise SystemExit(f"no plain prompt line found in {bank} to edit")

    def edit(k: int, tag: str) -> tuple[str, str]:
        marker = f"Benchmark edit {k} {tag}"
        return original[: line.start(2)] + marker + "?" + original[line.end(2) :], marker

    return bank, original, edit


def page_edit(md: Path) -> tuple[Path, str, Any]:
    """Edits of a Markdown page: a paragraph added at its end."""
    original = md.read_text(encoding="utf-8")

    def edit(k: int, tag: str) -> tuple[str, str]:
        marker = f"Benchmark edit {k} {tag}"
        return original.rstrip("\n") + f"\n\n{marker}\n", marker

    return md, original, edit


def measure(
    project: Path,
    target: tuple[Path, str, Any],
    page: str,
    edits: int,
    *,
    log_path: Path,
    settle: float = 1.3,
    dirty: bool = False,
    env: dict[str, str] | None = None,
    start_timeout: float = 600,
    edit_timeout: float = 120,
) -> dict[str, Any]:
    """Time ``edits`` saves of the file in ``target`` (see :func:`bank_edit`) until ``page`` serves each one."""
    path, original, edit = target
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    if dirty:
        cmd.append("--dirty")
    times: list[float] = []
    cpu: list[float] = []
    # MkDocs serves from a temporary folder it removes only when stopped with Ctrl-C; the server
    # is stopped with SIGTERM below (a SIGINT was at times not acted on for seconds), so the
    # folder is made where the benchmark's own files are, and removed here.
    scratch = log_path.with_name(log_path.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            cmd,
            cwd=project,
            env={**ENV, **(env or {}), "QG_SITE_URL": f"http://127.0.0.1:{port}/", "TMPDIR": str(scratch)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"mkdocs serve exited early; see {log_path}")
                try:
                    if http_get(port, page)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"mkdocs serve did not serve {page} within {start_timeout:.0f} s; see {log_path}")
                time.sleep(0.1)
            first_served = time.perf_counter() - started
            for k in range(1, edits + 1):
                time.sleep(settle)  # the save lands anywhere in the watcher's polling cycle
                text, marker = edit(k, f"qgbench{port}x{k}")
                before = cpu_seconds(server.pid)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                while True:
                    status, body = http_get(port, page)
                    if status == 200 and marker in body:
                        times.append(time.perf_counter() - start)
                        break
                    if time.perf_counter() - start > edit_timeout:
                        raise SystemExit(
                            f"the edit did not appear on {page} within {edit_timeout:.0f} s; see {log_path}"
                        )
                    time.sleep(0.01)
                # The server may still be writing the rest of the site: let it finish before reading its CPU time.
                time.sleep(0.3)
                after = cpu_seconds(server.pid)
                if before is not None and after is not None:
                    cpu.append(after - before)
                print(
                    f"    edit {k}: {times[-1]:.3f} s" + (f" (server CPU {cpu[-1]:.2f} s)" if cpu else ""), flush=True
                )
        finally:
            path.write_text(original, encoding="utf-8")
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            shutil.rmtree(scratch, ignore_errors=True)
    log_text = log_path.read_text("utf-8", "replace")
    return {
        "save_to_served_s": summary(times),
        "edits": times,
        "server_cpu_per_save_s": summary(cpu) if cpu else None,
        "first_served_s": first_served,
        "mkdocs_logged_build_s": [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log_text)],
        "page": page,
        "edited": str(path.relative_to(project)),
        "dirty": dirty,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--bank", default="questions/bank-01.yml")
    ap.add_argument("--page", default="/quizzes/bank-01.html")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--dirty", action="store_true", help="run mkdocs serve --dirty")
    a = ap.parse_args()
    project = a.project.resolve()
    res = measure(project, bank_edit(project / a.bank), a.page, a.edits, log_path=project / "serve.log", dirty=a.dirty)
    s = res["save_to_served_s"]
    print(f"save -> served: median {s['median']:.3f} s (min {s['min']:.3f}, max {s['max']:.3f}, n={s['n']})")


if __name__ == "__main__":
    main()
