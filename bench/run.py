"""quizgen's benchmark suite: ``make bench`` (or ``python bench/run.py``).

Generates seeded synthetic projects (bench/synth.py) at 100, 1,000 and 10,000 questions in
bench/work/ (not kept under version control), times quizgen against the floor each figure is
measured against, in the same run and interleaved, and writes bench/results.json (every raw
timing) and bench/RESULTS.md (the table, with the machine it ran on).

Every timing is a whole process started from here: wall time, CPU time (user + system) and
peak memory come from os.wait4 for that one child. Each figure is the median over several
rounds after a warm-up round; in each round quizgen and its floor run back to back, and the
ratio is taken round by round, so that a burst of load from elsewhere on the machine hits
both sides of a ratio alike.

    python bench/run.py              # the full suite (about 3 minutes on 2 cores)
    python bench/run.py --quick      # fewer rounds, no 10,000-question build
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
SIZES = ((100, 2), (1_000, 10), (10_000, 20))  # questions, banks
TARGETS = {
    "validate_vs_parse": 1.5,
    "build_vs_plain": 1.05,
    "serve_rebuild_s": 1.0,
    "assets_gzip_bytes": 8192,
    "peak_rss_mb": 300,
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
PACKAGES = (
    "quizgen",
    "mkdocs",
    "mkdocs-material",
    "PyYAML",
    "fastjsonschema",
    "jsonschema",
    "Markdown",
    "markdown-it-py",
    "nh3",
    "Jinja2",
    "click",
    "pymdown-extensions",
)

# The floor of validate_vs_parse: parse the same files with libyaml, collector paused.
PARSE_FLOOR = """\
import gc, sys, yaml
gc.disable()
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""


# -- running one process ------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    rc: int
    out: str
    err: str


def run(cmd: list[str], *, cwd: Path | None = None, timeout: float = 600) -> Run:
    """Run ``cmd`` to the end; wall time, CPU time and peak memory of that child alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def check(r: Run, what: str) -> Run:
    if r.rc != 0:
        raise SystemExit(f"{what} failed with exit code {r.rc}:\n{r.out[-2000:]}\n{r.err[-2000:]}")
    return r


def summary(xs: list[float]) -> dict[str, float]:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def paired(
    a_cmd: list[str],
    b_cmd: list[str],
    rounds: int,
    warmup: int,
    *,
    a_cwd: Path | None = None,
    b_cwd: Path | None = None,
    what: str = "",
) -> dict[str, Any]:
    """Run a and b back to back, ``warmup`` + ``rounds`` times; a's figures over b's, round by round."""
    a_runs: list[Run] = []
    b_runs: list[Run] = []
    for k in range(warmup + rounds):
        a = check(run(a_cmd, cwd=a_cwd), what or " ".join(a_cmd))
        b = check(run(b_cmd, cwd=b_cwd), " ".join(b_cmd))
        if k >= warmup:
            a_runs.append(a)
            b_runs.append(b)
        print(
            f"    round {k + 1}/{warmup + rounds}{' (warm-up)' if k < warmup else ''}: "
            f"{a.wall:.3f} s vs {b.wall:.3f} s (CPU {a.cpu:.3f} vs {b.cpu:.3f})",
            flush=True,
        )
    return {
        "a": {
            "wall": summary([r.wall for r in a_runs]),
            "cpu": summary([r.cpu for r in a_runs]),
            "rss_mb": summary([r.rss_mb for r in a_runs]),
        },
        "b": {
            "wall": summary([r.wall for r in b_runs]),
            "cpu": summary([r.cpu for r in b_runs]),
            "rss_mb": summary([r.rss_mb for r in b_runs]),
        },
        "ratio_wall": summary([a.wall / b.wall for a, b in zip(a_runs, b_runs, strict=True)]),
        "ratio_cpu": summary([a.cpu / b.cpu for a, b in zip(a_runs, b_runs, strict=True)]),
        "a_out": a_runs[-1].out.strip()[-300:],
    }


def repeat(cmd: list[str], rounds: int, warmup: int, *, cwd: Path | None = None) -> dict[str, Any]:
    runs = []
    for k in range(warmup + rounds):
        r = check(run(cmd, cwd=cwd), " ".join(cmd))
        if k >= warmup:
            runs.append(r)
    return {
        "wall": summary([r.wall for r in runs]),
        "cpu": summary([r.cpu for r in runs]),
        "rss_mb": summary([r.rss_mb for r in runs]),
        "out": runs[-1].out.strip()[-300:],
    }


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem_gib = round(kib / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    import yaml

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": mem_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_impl": platform.python_implementation(),
        "libyaml": bool(yaml.__with_libyaml__),
        "packages": versions,
    }


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- the figures ----------------------------------------------------------------------------


def quizgen_cmd() -> list[str]:
    script = Path(sys.executable).with_name("quizgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]


def mkdocs_build(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "--site-dir", str(site)]


@dataclass
class Synthetic:
    root: Path  # the quizgen project
    plain: Path  # the same pages as plain Markdown
    banks: int
    bytes: int


def generate(n: int, banks: int) -> Synthetic:
    """Write the projects for ``n`` questions with bench/synth.py, in a process of its own.

    This process stays small: a child's peak memory, as the kernel reports it, can start
    from the memory of the process it was forked from.
    """
    root, plain = WORK / f"q{n}", WORK / f"plain{n}"
    check(
        run(
            [
                sys.executable,
                str(HERE / "synth.py"),
                str(root),
                "--questions",
                str(n),
                "--banks",
                str(banks),
                "--plain",
                str(plain),
            ]
        ),
        "bench/synth.py",
    )
    files = sorted((root / "questions").glob("*.yml"))
    return Synthetic(root, plain, sum(f.name != "glossary.yml" for f in files), sum(f.stat().st_size for f in files))


def validate_figures(projects: dict[int, Synthetic], rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, project in projects.items():
        files = sorted(str(p.relative_to(project.root)) for p in project.root.glob("questions/*.yml"))
        print(f"  validate vs parse, {n:,} questions ({len(files)} files, {project.bytes:,} bytes)", flush=True)
        res = paired(
            [*quizgen_cmd(), "validate"],
            [sys.executable, "-c", PARSE_FLOOR, *files],
            rounds if n == max(projects) else max(3, rounds - 2),
            1,
            a_cwd=project.root,
            b_cwd=project.root,
            what="quizgen validate",
        )
        if f"ok: {n} questions" not in res["a_out"]:
            raise SystemExit(f"quizgen validate did not accept the synthetic banks: {res['a_out']}")
        res["files"] = len(files)
        res["yaml_bytes"] = project.bytes
        out[str(n)] = res
    return out


def build_figures(projects: dict[int, Synthetic], rounds: int, quick: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, project in projects.items():
        if quick and n > 1_000:
            continue
        r, w = {100: (3, 1), 1_000: (rounds, 1)}.get(n, (1, 0))
        print(f"  mkdocs build: quizgen vs plain Markdown, {n:,} questions", flush=True)
        site_a, site_b = WORK / f"site-quizgen-{n}", WORK / f"site-plain-{n}"
        res = paired(
            mkdocs_build(project.root, site_a),
            mkdocs_build(project.plain, site_b),
            r,
            w,
            what=f"mkdocs build of the quizgen site at {n} questions",
        )
        for key, site in (("a_site", site_a), ("b_site", site_b)):
            pages = list(site.rglob("*.html"))
            res[key] = {"html_pages": len(pages), "html_bytes": sum(p.stat().st_size for p in pages)}
        out[str(n)] = res
    return out


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


def serve_figure(edits: int) -> dict[str, Any]:
    """Save one bank, then poll the served quiz page until the new text is there."""
    site = WORK / "serve-site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for name in ("docs", "questions", "seeds"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    bank = site / "questions" / "events.yml"
    page = "/quizzes/events.html"
    original = bank.read_text(encoding="utf-8")
    line = re.search(r"^( +prompt: )([A-Z][^\"'#\n:]*\?)$", original, re.M)
    if line is None:
        raise SystemExit("no plain prompt line found in questions/events.yml to edit")

    print("  mkdocs build of the article site (for comparison)", flush=True)
    build = repeat(mkdocs_build(site, WORK / "site-article"), 3, 1)

    port = free_port()
    log_path = WORK / "serve.log"
    env_url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    print(f"  mkdocs serve on 127.0.0.1:{port}, {edits} edits of {bank.relative_to(WORK)}", flush=True)
    times: list[float] = []
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            cmd, cwd=site, env={**ENV, "QG_SITE_URL": env_url}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"mkdocs serve exited early; see {log_path}")
                try:
                    status, _ = http_get(port, page)
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"mkdocs serve did not serve {page} within 120 s; see {log_path}")
                time.sleep(0.1)
            for k in range(1, edits + 1):
                time.sleep(1.3)  # let the server settle; the save lands anywhere in its polling cycle
                marker = f"Benchmark edit {k} qgbench{port}x{k}"
                text = original[: line.start(2)] + marker + "?" + original[line.end(2) :]
                start = time.perf_counter()
                bank.write_text(text, encoding="utf-8")
                while True:
                    status, body = http_get(port, page)
                    if status == 200 and marker in body:
                        times.append(time.perf_counter() - start)
                        break
                    if time.perf_counter() - start > 60:
                        raise SystemExit(f"the edit did not appear on {page} within 60 s; see {log_path}")
                    time.sleep(0.01)
                print(f"    edit {k}: {times[-1]:.3f} s", flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    log_text = log_path.read_text("utf-8", "replace")
    logged = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log_text)]
    return {
        "save_to_served_s": summary(times),
        "edits": times,
        "mkdocs_logged_build_s": logged,
        "article_site_build": build,
        "page": page,
    }


def assets_figure() -> dict[str, Any]:
    files = sorted((REPO / "quizgen" / "assets" / "quizgen").glob("*"))
    rows = []
    for f in files:
        data = f.read_bytes()
        rows.append(
            {"file": str(f.relative_to(REPO)), "bytes": len(data), "gzip": len(gzip.compress(data, 6, mtime=0))}
        )
    return {
        "files": rows,
        "bytes": sum(r["bytes"] for r in rows),
        "gzip": sum(r["gzip"] for r in rows),
        "note": "each file gzip-compressed on its own at level 6, as a web server sends it",
    }


def growth(points: dict[str, float], floor: dict[str, float]) -> dict[str, Any]:
    """How a cost grows with the number of questions, beside how its floor grows.

    For each step between two sizes: the time ratio, the exponent (time grows as questions
    to this power; 1 is linear) and the marginal cost of an added question (the slope, free
    of the fixed start-up cost). Linear or better: no step has an exponent above 1.
    """
    ns = sorted(int(n) for n in points)
    steps = []
    for a, b in zip(ns, ns[1:], strict=False):
        ta, tb, fa, fb = points[str(a)], points[str(b)], floor[str(a)], floor[str(b)]
        steps.append(
            {
                "from": a,
                "to": b,
                "time_ratio": tb / ta,
                "size_ratio": b / a,
                "exponent": math.log(tb / ta) / math.log(b / a),
                "marginal_ms_per_question": 1000 * (tb - ta) / (b - a),
                "floor_marginal_ms_per_question": 1000 * (fb - fa) / (b - a),
            }
        )
    return {
        "basis": "CPU time, median",
        "points": {str(n): points[str(n)] for n in ns},
        "floor_points": {str(n): floor[str(n)] for n in ns},
        "steps": steps,
        "linear_or_better": all(s["exponent"] <= 1.0 for s in steps),
    }


# -- the report -----------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "**over**"


def markdown(res: dict[str, Any]) -> str:
    m, f = res["machine"], res["figures"]
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    busy = any(x > m["usable_cores"] for x in (res["load_before"] or [0])[:1] + (res["load_after"] or [0])[:1])
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`) on {res['finished']}, in {res['suite_s']:.0f} s"
        f"{' (quick mode)' if res['quick'] else ''}. Every raw timing is in `bench/results.json`.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gib']} GiB RAM, {m['os']}",
        f"- Python {m['python']} ({m['python_impl']}), PyYAML with libyaml: {'yes' if m['libyaml'] else 'no'}",
        f"- Packages: {pk}",
        f"- Load average (1, 5, 15 min) before the run: {res['load_before']}, after: {res['load_after']}",
        "",
    ]
    if busy:
        lines += [
            f"The load average was above {m['usable_cores']}: other work was competing for the CPU during this "
            "run, so wall-clock times are noisy. CPU time (user + system of the measured process) is not "
            "affected by waiting for the CPU; compare the two columns.",
            "",
        ]
    t = TARGETS
    v, b, s, a, r = (
        f[k] for k in ("validate_vs_parse", "build_vs_plain", "serve_rebuild_s", "assets_gzip_bytes", "peak_rss_mb")
    )
    lines += [
        "| figure | wall clock | CPU time | target | how it is measured |",
        "| --- | --- | --- | --- | --- |",
        f"| validate_vs_parse | {v['value']:.3f} ({verdict(v['value'], t['validate_vs_parse'])}) "
        f"| {v['cpu']:.3f} ({verdict(v['cpu'], t['validate_vs_parse'])}) | ≤ {t['validate_vs_parse']} "
        f"| `quizgen validate` ({v['a_s']:.2f} s wall, {v['a_cpu']:.2f} s CPU) ÷ a bare libyaml `CSafeLoader` "
        f"parse of the same {v['files']} files with the collector paused ({v['b_s']:.2f} s, {v['b_cpu']:.2f} s CPU); "
        f"10,000 questions in 20 banks; whole processes, median of {v['n']} paired rounds |",
        f"| build_vs_plain | {b['value']:.3f} ({verdict(b['value'], t['build_vs_plain'])}) "
        f"| {b['cpu']:.3f} ({verdict(b['cpu'], t['build_vs_plain'])}) | ≤ {t['build_vs_plain']} "
        f"| `mkdocs build` of the quizgen site ({b['a_s']:.2f} s, {b['a_cpu']:.2f} s CPU) ÷ `mkdocs build` of the "
        f"same pages written as plain Markdown, plugin off ({b['b_s']:.2f} s, {b['b_cpu']:.2f} s CPU); 1,000 "
        f"questions in 10 banks; median of {b['n']} paired rounds |",
        f"| serve_rebuild_s | {s['value']:.2f} s ({verdict(s['value'], t['serve_rebuild_s'])}) | – "
        f"| ≤ {t['serve_rebuild_s']} s | saving one bank's prompt → the new text served by `mkdocs serve` (this "
        f"repository's site), median of {s['n']} edits ({s['min']:.2f}–{s['max']:.2f} s); a whole `mkdocs build` of "
        f"that site takes {s['build_s']:.2f} s |",
        f"| assets_gzip_bytes | {a['value']:,} ({verdict(a['value'], t['assets_gzip_bytes'])}) | – "
        f"| ≤ {t['assets_gzip_bytes']:,} | `quizgen/assets/quizgen/*` ({a['raw']:,} bytes), each file gzip-compressed "
        f"(level 6) |",
        f"| peak_rss_mb | {r['value']:.0f} ({verdict(r['value'], t['peak_rss_mb'])}) | – | ≤ {t['peak_rss_mb']} "
        f"| peak resident memory of `quizgen validate` at 10,000 questions, highest of {r['n']} runs |",
        "",
        "## Growth from 100 to 10,000 questions",
        "",
        "| questions (banks) | validate | parse floor | ratio | build, quizgen | build, plain Markdown | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, banks in SIZES:
        vv, bb = res["validate"].get(str(n)), res["build"].get(str(n))
        cells = [f"{n:,} ({banks})"]
        if vv:
            cells += [
                f"{vv['a']['cpu']['median']:.3f} s",
                f"{vv['b']['cpu']['median']:.3f} s",
                f"{vv['ratio_cpu']['median']:.2f}",
            ]
        else:
            cells += ["–"] * 3
        if bb:
            cells += [
                f"{bb['a']['cpu']['median']:.2f} s",
                f"{bb['b']['cpu']['median']:.2f} s",
                f"{bb['ratio_cpu']['median']:.2f}",
            ]
        else:
            cells += ["–"] * 3
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "CPU time, median of the rounds above; whole processes, so start-up (about 0.1 s for validate, "
        "0.4 s for a build) is included.",
        "",
    ]
    for label, floor, g in (
        ("validate", "parse floor", res["growth"]["validate"]),
        ("build", "plain build", res["growth"]["build"]),
    ):
        steps = "; ".join(
            f"{s['from']:,} → {s['to']:,}: ×{s['time_ratio']:.2f} for ×{s['size_ratio']:.0f} questions "
            f"(exponent {s['exponent']:.2f}), {s['marginal_ms_per_question']:.3f} ms per added question "
            f"({floor}: {s['floor_marginal_ms_per_question']:.3f} ms)"
            for s in g["steps"]
        )
        lines.append(f"- **{label}: {'linear or better' if g['linear_or_better'] else 'worse than linear'}.** {steps}.")
    lines += [
        "",
        "The exponent says how the time grows with the number of questions (1 is linear). The cost of an added "
        "question is the slope between two sizes, without the fixed start-up cost.",
        "",
        "Reproduce with `make bench` (or `.venv/bin/python bench/run.py`; `--quick` for a shorter run). "
        "`bench/synth.py` writes the synthetic projects (seeded: the same files on every run) into `bench/work/`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="Run quizgen's benchmarks; write bench/results.json and bench/RESULTS.md.")
    ap.add_argument("--quick", action="store_true", help="fewer rounds and no 10,000-question build")
    ap.add_argument(
        "--rounds", type=int, default=None, help="paired rounds for the headline ratios (default 7, quick 3)"
    )
    ap.add_argument("--edits", type=int, default=None, help="edits timed under mkdocs serve (default 7, quick 3)")
    ap.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from results.json, measure nothing")
    a = ap.parse_args()
    if a.report_only:
        saved = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        (HERE / "RESULTS.md").write_text(markdown(saved), encoding="utf-8")
        return
    rounds = a.rounds or (3 if a.quick else 7)
    edits = a.edits or (3 if a.quick else 7)
    t0 = time.perf_counter()
    res: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "quick": a.quick,
        "machine": machine(),
        "load_before": load_average(),
        "targets": TARGETS,
    }
    print(
        f"quizgen benchmarks on {res['machine']['cpu']}, {res['machine']['cores']} cores, "
        f"Python {res['machine']['python']}",
        flush=True,
    )

    print("generating synthetic projects", flush=True)
    WORK.mkdir(exist_ok=True)
    projects: dict[int, Synthetic] = {}
    for n, banks in SIZES:
        projects[n] = generate(n, banks)
        print(f"  {n:,} questions in {banks} banks: {projects[n].bytes:,} bytes of YAML", flush=True)
    res["synthetic"] = {str(n): {"banks": p.banks, "yaml_bytes": p.bytes} for n, p in projects.items()}
    res["runner_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("validate", flush=True)
    res["validate"] = validate_figures(projects, rounds)
    print("build", flush=True)
    res["build"] = build_figures(projects, rounds, a.quick)
    print("serve", flush=True)
    res["serve"] = serve_figure(edits)
    res["assets"] = assets_figure()

    v10k, b1k = res["validate"]["10000"], res["build"]["1000"]
    res["figures"] = {
        "validate_vs_parse": {
            "value": v10k["ratio_wall"]["median"],
            "cpu": v10k["ratio_cpu"]["median"],
            "a_s": v10k["a"]["wall"]["median"],
            "b_s": v10k["b"]["wall"]["median"],
            "a_cpu": v10k["a"]["cpu"]["median"],
            "b_cpu": v10k["b"]["cpu"]["median"],
            "files": v10k["files"],
            "n": v10k["ratio_wall"]["n"],
        },
        "build_vs_plain": {
            "value": b1k["ratio_wall"]["median"],
            "cpu": b1k["ratio_cpu"]["median"],
            "a_s": b1k["a"]["wall"]["median"],
            "b_s": b1k["b"]["wall"]["median"],
            "a_cpu": b1k["a"]["cpu"]["median"],
            "b_cpu": b1k["b"]["cpu"]["median"],
            "n": b1k["ratio_wall"]["n"],
        },
        "serve_rebuild_s": {
            "value": res["serve"]["save_to_served_s"]["median"],
            "min": res["serve"]["save_to_served_s"]["min"],
            "max": res["serve"]["save_to_served_s"]["max"],
            "n": res["serve"]["save_to_served_s"]["n"],
            "build_s": res["serve"]["article_site_build"]["wall"]["median"],
        },
        "assets_gzip_bytes": {"value": res["assets"]["gzip"], "raw": res["assets"]["bytes"]},
        "peak_rss_mb": {"value": v10k["a"]["rss_mb"]["max"], "n": v10k["a"]["rss_mb"]["n"]},
    }
    # CPU time: unlike wall time, it does not move with other work on a shared machine.
    res["growth"] = {
        "validate": growth(
            {n: v["a"]["cpu"]["median"] for n, v in res["validate"].items()},
            {n: v["b"]["cpu"]["median"] for n, v in res["validate"].items()},
        ),
        "build": growth(
            {n: b["a"]["cpu"]["median"] for n, b in res["build"].items()},
            {n: b["b"]["cpu"]["median"] for n, b in res["build"].items()},
        ),
    }
    res["load_after"] = load_average()
    res["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    res["suite_s"] = time.perf_counter() - t0

    (HERE / "results.json").write_text(json.dumps(res, indent=2, default=lambda o: asdict(o)) + "\n", encoding="utf-8")
    (HERE / "RESULTS.md").write_text(markdown(res), encoding="utf-8")
    print(f"\nwrote bench/results.json and bench/RESULTS.md in {res['suite_s']:.0f} s\n")
    for name, fig in res["figures"].items():
        print(f"  {name:18s} {fig['value']:,.3f}  (target ≤ {TARGETS[name]:,})")


if __name__ == "__main__":
    main()
