"""quizgen's benchmark suite: ``make bench`` (or ``python bench/run.py``).

Every figure is measured against a floor in the same run, and every ratio is taken round by
round (quizgen and its floor back to back), so that a burst of load from elsewhere on the
machine hits both sides alike:

- validate ÷ a bare libyaml parse of the same files (collector paused), on this project's
  synthetic banks (bench/synth.py) and on a second, differently generated corpus
  (bench/corpus2.py);
- ``mkdocs build`` ÷ the no-work floor (bench/floor.py): the same final pages, front matter,
  search entries and assets given back to MkDocs by a hook that does nothing else; and, for
  context, ÷ the same pages written as plain Markdown;
- peak memory of those builds; save → served under ``mkdocs serve`` (bench/serve.py), beside
  the floor site's own rebuild; page weight per question; the time to the first checked
  answer on a bank of 1,000 questions in Chromium (bench/browser.py), beside a bank of ten.

Timings are whole processes started from here: wall time, CPU time (user + system) and peak
memory come from os.wait4 for that one child. Synthetic projects go to bench/work/ (not kept
in git). Writes bench/results.json (every raw timing) and bench/RESULTS.md (the table).

    python bench/run.py              # the full suite (about 10 minutes on 2 idle cores)
    python bench/run.py --quick      # fewer rounds, no 10,000-question builds or serve
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))

import browser  # noqa: E402
import floor  # noqa: E402
import serve  # noqa: E402

SIZES = ((100, 2), (1_000, 10), (10_000, 20))  # questions, banks
#: Each figure's target, and whether a figure must be at most (<=) or at least (>=) it.
TARGETS: dict[str, float] = {
    "validate_vs_parse": 1.25,
    "validate_vs_parse_corpus2": 1.25,
    "validate_peak_rss_mb": 300,
    "build_vs_floor_1k": 1.2,
    "build_vs_floor_10k": 1.2,
    "build_peak_rss_mb_10k": 150,
    "serve_s_1k": 1.0,
    "serve_s_10k": 1.0,
    "serve_dirty_s_10k": 1.0,
    "html_bytes_per_question": 3072,
    "search_bytes_per_question": 512,
    "first_check_ms": 300,
    "assets_gzip_bytes": 8192,
}
#: quizgen keeps its compiled schema validators in a cache folder: the benchmark gives it one
#: of its own, filled by the warm-up rounds, as a teacher's machine is after its first run.
CACHE = WORK / "cache"
# Python keeps compiled bytecode, as on any machine after its first run: without it, every
# run of quizgen compiled its modules again (about 0.06 s), while the floors' libraries have
# the bytecode pip compiled when it installed them.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONUNBUFFERED": "1",
    "QUIZGEN_CACHE_DIR": str(CACHE),
}
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
    "playwright",
)

# The floor of validate: parse the same files with libyaml, collector paused.
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


def run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 900) -> Run:
    """Run ``cmd`` to the end; wall time, CPU time and peak memory of that child alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**ENV, **(env or {})}, stdout=out, stderr=err)
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
        raise SystemExit(f"{what} failed with exit code {r.rc}:\n{r.out[-2000:]}\n{r.err[-3000:]}")
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
    b_env: dict[str, str] | None = None,
    what: str = "",
) -> dict[str, Any]:
    """Run a and b back to back, ``warmup`` + ``rounds`` times; a's figures over b's, round by round."""
    a_runs: list[Run] = []
    b_runs: list[Run] = []
    for k in range(warmup + rounds):
        a = check(run(a_cmd, cwd=a_cwd), what or " ".join(a_cmd))
        b = check(run(b_cmd, cwd=b_cwd, env=b_env), " ".join(b_cmd))
        if k >= warmup:
            a_runs.append(a)
            b_runs.append(b)
        print(
            f"    round {k + 1}/{warmup + rounds}{' (warm-up)' if k < warmup else ''}: "
            f"{a.wall:.3f} s vs {b.wall:.3f} s (CPU {a.cpu:.3f} vs {b.cpu:.3f}; {a.rss_mb:.0f} vs {b.rss_mb:.0f} MB)",
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
        "load": load_average(),
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


# -- the projects ---------------------------------------------------------------------------


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
    questions: int
    bytes: int


def generate(n: int, banks: int) -> Synthetic:
    """Write the projects for ``n`` questions with bench/synth.py, in a process of its own.

    This process stays small: a child's peak memory, as the kernel reports it, can start
    from the memory of the process it was forked from.
    """
    root, plain = WORK / f"q{n}", WORK / f"plain{n}"
    cmd = [sys.executable, str(HERE / "synth.py"), str(root), "--questions", str(n), "--banks", str(banks)]
    check(run([*cmd, "--plain", str(plain)]), "bench/synth.py")
    files = sorted((root / "questions").glob("*.yml"))
    return Synthetic(root, plain, banks, n, sum(f.stat().st_size for f in files))


def generate_corpus2() -> Synthetic:
    root = WORK / "corpus2"
    check(run([sys.executable, str(HERE / "corpus2.py"), str(root)]), "bench/corpus2.py")
    files = sorted((root / "questions").rglob("*.yml"))
    return Synthetic(root, root, len(files) - 1, 10_000, sum(f.stat().st_size for f in files))


# -- the figures ----------------------------------------------------------------------------


def validate_figures(projects: dict[str, Synthetic], rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, project in projects.items():
        files = sorted(str(p.relative_to(project.root)) for p in project.root.glob("questions/**/*.yml"))
        print(f"  validate vs parse, {name} ({len(files)} files, {project.bytes:,} bytes)", flush=True)
        big = project.questions >= 10_000
        res = paired(
            [*quizgen_cmd(), "validate"],
            [sys.executable, "-c", PARSE_FLOOR, *files],
            rounds if big else max(3, rounds - 2),
            1,
            a_cwd=project.root,
            b_cwd=project.root,
            what=f"quizgen validate of {name}",
        )
        if not re.search(rf"ok: {project.questions:,} questions", res["a_out"]):
            raise SystemExit(f"quizgen validate did not accept {name}: {res['a_out']}")
        res["files"] = len(files)
        res["yaml_bytes"] = project.bytes
        out[name] = res
    return out


def make_floors(projects: dict[int, Synthetic], quick: bool) -> dict[int, tuple[Path, Path]]:
    """The no-work floor of each project: (floor project, capture folder)."""
    out = {}
    for n, project in projects.items():
        if quick and n > 1_000:
            continue
        print(f"  capturing the {n:,}-question site for its floor", flush=True)
        fl = WORK / f"floor{n}"
        out[n] = (fl, floor.make(project.root, fl))
    return out


def build_figures(
    projects: dict[int, Synthetic], floors: dict[int, tuple[Path, Path]], rounds: int, quick: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, project in projects.items():
        if n not in floors:
            continue
        r, w = {100: (3, 1), 1_000: (rounds, 1)}.get(n, (max(3, rounds - 2), 1))
        fl, capture = floors[n]
        print(f"  mkdocs build: quizgen vs its no-work floor, {n:,} questions", flush=True)
        site_a, site_b = WORK / f"site-quizgen-{n}", WORK / f"site-floor-{n}"
        res = paired(
            mkdocs_build(project.root, site_a),
            mkdocs_build(fl, site_b),
            r,
            w,
            b_env={"QG_CAPTURE": str(capture)},
            what=f"mkdocs build of the quizgen site at {n} questions",
        )
        res["differing_files"] = floor.same_output(site_a, site_b)
        if res["differing_files"]:
            print(f"    the floor's site differs from quizgen's in {res['differing_files'][:5]}", flush=True)
        for key, site in (("a_site", site_a), ("b_site", site_b)):
            pages = list(site.rglob("*.html"))
            res[key] = {"html_pages": len(pages), "html_bytes": sum(p.stat().st_size for p in pages)}
        out[str(n)] = res
    n = 1_000
    print(f"  mkdocs build: quizgen vs the same pages as plain Markdown, {n:,} questions", flush=True)
    out["plain"] = paired(
        mkdocs_build(projects[n].root, WORK / f"site-quizgen-{n}"),
        mkdocs_build(projects[n].plain, WORK / f"site-plain-{n}"),
        max(3, rounds - 2),
        1,
        what=f"mkdocs build of the quizgen site at {n} questions",
    )
    return out


def weight_figure(site: Path, questions: int) -> dict[str, Any]:
    """Bytes per question of the quiz pages (HTML) and of the search index, from a built site."""
    quiz = [p for p in (site / "quizzes").glob("*.html") if p.name != "index.html"]
    raw = sum(p.stat().st_size for p in quiz)
    packed = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in quiz)
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    return {
        "quiz_pages": len(quiz),
        "quiz_html_bytes": raw,
        "html_bytes_per_question": raw / questions,
        "html_gzip_bytes_per_question": packed / questions,
        "search_index_bytes": len(data),
        "search_bytes_per_question": len(data) / questions,
        "search_gzip_bytes_per_question": len(gzip.compress(data, 6, mtime=0)) / questions,
    }


def serve_figures(
    projects: dict[int, Synthetic], floors: dict[int, tuple[Path, Path]], edits: int, quick: bool
) -> dict[str, Any]:
    """Save one bank under `mkdocs serve` until the page serves it; the floor site saving one page beside."""
    out: dict[str, Any] = {}
    page = "/quizzes/bank-01.html"
    plan: list[tuple[str, int, bool]] = [("1k", 1_000, False)]
    if not quick:
        plan += [("10k", 10_000, False), ("dirty_10k", 10_000, True)]
    for name, n, dirty in plan:
        project = projects[n].root
        print(f"  mkdocs serve{' --dirty' if dirty else ''}, {n:,} questions: save questions/bank-01.yml", flush=True)
        out[name] = serve.measure(
            project,
            serve.bank_edit(project / "questions" / "bank-01.yml"),
            page,
            edits,
            log_path=WORK / f"serve-{name}.log",
            dirty=dirty,
        )
        out[name]["load"] = load_average()
    for n in (1_000, 10_000):
        if n not in floors:
            continue
        fl, capture = floors[n]
        print(f"  mkdocs serve of the {n:,}-question floor (no quizgen): save docs/index.md", flush=True)
        out[f"floor_{n // 1000}k"] = serve.measure(
            fl,
            serve.page_edit(fl / "docs" / "index.md"),
            "/index.html",
            edits,
            log_path=WORK / f"serve-floor-{n}.log",
            env={"QG_CAPTURE": str(capture)},
        )
        out[f"floor_{n // 1000}k"]["load"] = load_average()
    return out


def phase_figure(project: Path, *, validate: bool = False) -> dict[str, float]:
    """One build (or `quizgen validate`) of ``project`` with quizgen's phases timed (bench/phases.py)."""
    args = [sys.executable, str(HERE / "phases.py"), str(project), "--json", *(["--validate"] if validate else [])]
    r = check(run(args, cwd=project), "phases")
    return dict(json.loads(r.out.strip().splitlines()[-1]))


def browser_figure(runs: int) -> dict[str, Any]:
    """Time to the first checked answer on a bank of 1,000 questions, and on one of ten (the floor)."""
    out: dict[str, Any] = {}
    for n in (1_000, 10):
        project = WORK / f"bank{n}"
        check(
            run([sys.executable, str(HERE / "synth.py"), str(project), "--questions", str(n), "--banks", "1"]),
            "bench/synth.py",
        )
        site = project / "site"
        check(run(mkdocs_build(project, site)), f"mkdocs build of a bank of {n}")
        print(f"  Chromium: first answer checked on a bank of {n:,} questions", flush=True)
        res = browser.first_check(site, "quizzes/bank-01.html", runs)
        res["html_bytes"] = (site / "quizzes" / "bank-01.html").stat().st_size
        res["load"] = load_average()
        out[str(n)] = res
    return out


def assets_figure() -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from quizgen import assets

    rows = [
        {"file": name, "bytes": len(data), "gzip": len(gzip.compress(data, 6, mtime=0))}
        for name, data in sorted(assets.files().items())
    ]
    return {
        "files": rows,
        "bytes": sum(r["bytes"] for r in rows),
        "gzip": sum(r["gzip"] for r in rows),
        "note": "each file as the site serves it (the core script joined with the graders), gzip level 6",
    }


def growth(points: dict[str, float], floor_points: dict[str, float]) -> dict[str, Any]:
    """How a cost grows with the number of questions, beside how its floor grows (CPU time, median)."""
    ns = sorted(int(n) for n in points)
    steps = []
    for a, b in zip(ns, ns[1:], strict=False):
        ta, tb, fa, fb = points[str(a)], points[str(b)], floor_points[str(a)], floor_points[str(b)]
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
    return {"steps": steps, "linear_or_better": all(s["exponent"] <= 1.0 for s in steps)}


# -- the report -----------------------------------------------------------------------------


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    if value <= target:
        return "meets"
    return f"**misses by {100 * (value / target - 1):.0f}%**"


def figures(res: dict[str, Any]) -> dict[str, Any]:
    """The headline figures, each with what it is compared with."""
    v, b, s, w = res["validate"], res["build"], res["serve"], res["weight"]
    f: dict[str, Any] = {}

    def ratio(r: dict[str, Any]) -> dict[str, Any]:
        return {
            "value": r["ratio_cpu"]["median"],
            "wall": r["ratio_wall"]["median"],
            "a_cpu": r["a"]["cpu"]["median"],
            "b_cpu": r["b"]["cpu"]["median"],
            "a_wall": r["a"]["wall"]["median"],
            "b_wall": r["b"]["wall"]["median"],
            "n": r["ratio_cpu"]["n"],
        }

    if "synthetic-10k" in v:
        f["validate_vs_parse"] = ratio(v["synthetic-10k"])
        f["validate_peak_rss_mb"] = {"value": v["synthetic-10k"]["a"]["rss_mb"]["max"]}
    if "corpus2" in v:
        f["validate_vs_parse_corpus2"] = ratio(v["corpus2"])
    for n, key in (("1000", "build_vs_floor_1k"), ("10000", "build_vs_floor_10k")):
        if n in b:
            f[key] = ratio(b[n])
            f[key]["same_output"] = not b[n]["differing_files"]
    if "10000" in b:
        f["build_peak_rss_mb_10k"] = {
            "value": b["10000"]["a"]["rss_mb"]["max"],
            "floor": b["10000"]["b"]["rss_mb"]["max"],
        }
    f["build_vs_plain_1k"] = ratio(b["plain"])
    for name, key in (("1k", "serve_s_1k"), ("10k", "serve_s_10k"), ("dirty_10k", "serve_dirty_s_10k")):
        if name in s:
            cpu = s[name]["server_cpu_per_save_s"]
            floor_key = "floor_1k" if name == "1k" else "floor_10k"
            fl = s.get(floor_key)
            f[key] = {
                "value": s[name]["save_to_served_s"]["median"],
                "min": s[name]["save_to_served_s"]["min"],
                "max": s[name]["save_to_served_s"]["max"],
                "n": s[name]["save_to_served_s"]["n"],
                "cpu": cpu["median"] if cpu else None,
                "floor": fl["save_to_served_s"]["median"] if fl else None,
                "floor_cpu": fl["server_cpu_per_save_s"]["median"] if fl and fl["server_cpu_per_save_s"] else None,
            }
    f["html_bytes_per_question"] = {"value": w["html_bytes_per_question"], "gzip": w["html_gzip_bytes_per_question"]}
    f["search_bytes_per_question"] = {
        "value": w["search_bytes_per_question"],
        "gzip": w["search_gzip_bytes_per_question"],
    }
    if res.get("browser"):
        big, small = res["browser"]["1000"], res["browser"]["10"]
        f["first_check_ms"] = {
            "value": big["checked_ms"]["median"],
            "min": big["checked_ms"]["min"],
            "max": big["checked_ms"]["max"],
            "n": big["checked_ms"]["n"],
            "small": small["checked_ms"]["median"],
            "dcl": big.get("dcl_ms", {}).get("median"),
            "ready": big.get("ready_ms", {}).get("median"),
            "html_bytes": big["html_bytes"],
        }
    f["assets_gzip_bytes"] = {"value": res["assets"]["gzip"], "raw": res["assets"]["bytes"]}
    return f


def markdown(res: dict[str, Any]) -> str:
    m, f, t = res["machine"], res["figures"], TARGETS
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    loads = [x for x in res["loads"].values() if x]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`) on {res['finished']}, in {res['suite_s']:.0f} s"
        f"{' (quick mode)' if res['quick'] else ''}, all in that one run. Every raw timing is in "
        "`bench/results.json`.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gib']} GiB RAM, {m['os']}",
        f"- Python {m['python']} ({m['python_impl']}), PyYAML with libyaml: {'yes' if m['libyaml'] else 'no'}",
        f"- Packages: {pk}",
        "- Load average (1 minute) at the start of each part: "
        + ", ".join(f"{k} {v[0]}" for k, v in res["loads"].items() if v)
        + f" (on {m['usable_cores']} cores).",
        "",
    ]
    if any(x[0] > m["usable_cores"] for x in loads):
        lines += [
            f"**The machine was shared**: the load average went above {m['usable_cores']}, so other work competed "
            "for the CPU during this run. CPU time (user + system of the measured process) does not count the "
            "waiting, which is why the ratios below are of CPU time, with wall-clock ratios beside them; the "
            "latencies (serve, browser) are wall-clock and read high under load.",
            "",
        ]

    def row(name: str, value: str, how: str, basis: float | None = None) -> str:
        target = t.get(name)
        shown = f"≤ {target:,}" if target is not None else "–"
        judged = verdict(basis, target) if target is not None else "context"
        return f"| {name} | {value} | {shown} | {judged} | {how} |"

    lines += ["| figure | value | target | verdict | how it is measured |", "| --- | --- | --- | --- | --- |"]
    for key, label in (
        ("validate_vs_parse", "this project's synthetic banks (10,000 questions in 20 files)"),
        ("validate_vs_parse_corpus2", "the second corpus, bench/corpus2.py (10 files of 1,000)"),
    ):
        if key in f:
            x = f[key]
            lines.append(
                row(
                    key,
                    f"{x['value']:.2f} (wall {x['wall']:.2f})",
                    f"`quizgen validate` ({x['a_cpu']:.2f} s CPU) ÷ a bare libyaml parse of the same files, "
                    f"collector paused ({x['b_cpu']:.2f} s); {label}; median of {x['n']} paired rounds",
                    x["value"],
                )
            )
    if "validate_peak_rss_mb" in f:
        x = f["validate_peak_rss_mb"]
        lines.append(
            row(
                "validate_peak_rss_mb",
                f"{x['value']:.0f} MB",
                "peak memory of `quizgen validate` at 10,000 questions, highest of the rounds",
                x["value"],
            )
        )
    for key, n in (("build_vs_floor_1k", "1,000 questions in 10 banks"), ("build_vs_floor_10k", "10,000 in 20")):
        if key in f:
            x = f[key]
            same = "same output, file for file" if x["same_output"] else "**output differs** (see results.json)"
            lines.append(
                row(
                    key,
                    f"{x['value']:.2f} (wall {x['wall']:.2f})",
                    f"`mkdocs build` ({x['a_cpu']:.2f} s CPU) ÷ the no-work floor ({x['b_cpu']:.2f} s): "
                    f"the same final pages given back by a hook ({same}); {n}; median of {x['n']} rounds",
                    x["value"],
                )
            )
    if "build_peak_rss_mb_10k" in f:
        x = f["build_peak_rss_mb_10k"]
        lines.append(
            row(
                "build_peak_rss_mb_10k",
                f"{x['value']:.0f} MB",
                f"peak memory of `mkdocs build` at 10,000 "
                f"questions (the floor's: {x['floor']:.0f} MB), highest of the rounds",
                x["value"],
            )
        )
    x = f["build_vs_plain_1k"]
    lines.append(
        row(
            "build_vs_plain_1k",
            f"{x['value']:.2f} (wall {x['wall']:.2f})",
            f"`mkdocs build` ({x['a_cpu']:.2f} s CPU) ÷ the same content written as plain Markdown, plugin "
            f"off ({x['b_cpu']:.2f} s): a slow reference, shown for comparison with earlier results",
        )
    )
    for key, n in (
        ("serve_s_1k", "1,000 questions"),
        ("serve_s_10k", "10,000 questions"),
        ("serve_dirty_s_10k", "10,000 questions, `mkdocs serve --dirty`"),
    ):
        if key in f:
            x = f[key]
            cpu = f"; server CPU {x['cpu']:.2f} s a save" if x["cpu"] is not None else ""
            fl = (
                (
                    f"; the floor site saving one page under `mkdocs serve`: {x['floor']:.2f} s"
                    + (f", {x['floor_cpu']:.2f} s CPU" if x["floor_cpu"] is not None else "")
                )
                if x["floor"]
                else ""
            )
            lines.append(
                row(
                    key,
                    f"{x['value']:.2f} s",
                    f"save one bank → its quiz page serves the new prompt "
                    f"({n}); median of {x['n']} saves ({x['min']:.2f}–{x['max']:.2f} s){cpu}{fl}",
                    x["value"],
                )
            )
    x = f["html_bytes_per_question"]
    lines.append(
        row(
            "html_bytes_per_question",
            f"{x['value']:,.0f} B",
            f"quiz pages' HTML ÷ questions at 1,000 questions ({x['gzip']:,.0f} B gzip)",
            x["value"],
        )
    )
    x = f["search_bytes_per_question"]
    lines.append(
        row(
            "search_bytes_per_question",
            f"{x['value']:,.0f} B",
            f"`search/search_index.json` ÷ questions at 1,000 questions ({x['gzip']:,.0f} B gzip)",
            x["value"],
        )
    )
    if "first_check_ms" in f:
        x = f["first_check_ms"]
        extra = f"; DOMContentLoaded {x['dcl']:.0f} ms" if x.get("dcl") else ""
        extra += f"; quizgen ready {x['ready']:.0f} ms" if x.get("ready") else ""
        lines.append(
            row(
                "first_check_ms",
                f"{x['value']:.0f} ms",
                f"Chromium opens a quiz of 1,000 questions "
                f"({x['html_bytes']:,} B of HTML) and the first answer is checked, ms after navigation "
                f"started; median of {x['n']} fresh contexts ({x['min']:.0f}–{x['max']:.0f}){extra}; "
                f"a quiz of 10 questions: {x['small']:.0f} ms",
                x["value"],
            )
        )
    x = f["assets_gzip_bytes"]
    lines.append(
        row(
            "assets_gzip_bytes",
            f"{x['value']:,} B",
            f"quizgen's script and stylesheet as served ({x['raw']:,} B), each gzip-compressed",
            x["value"],
        )
    )
    lines += [
        "",
        "Ratios are of CPU time (user + system of each whole process), median of paired rounds; a ratio's "
        "verdict is on the CPU figure. The no-work floor is built by `bench/floor.py`: it captures what the "
        "plugin gave MkDocs in one build (each page's content, what it fills into quizzes, sheets and keys as "
        "they are written, the generated files and their front matter, the assets, the search index) and "
        "builds a copy of the project without the plugin, with a hook that gives all of it back at the same "
        "points; the two sites are compared file by file.",
        "",
        *phases_table(res.get("validate_phases"), "validate", "`quizgen validate`"),
        *phases_table(res.get("phases"), "build", "`mkdocs build`"),
        *why_missed(res),
        "## Growth from 100 to 10,000 questions",
        "",
        "| questions (banks) | validate | parse floor | ratio | build, quizgen | build, floor | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, banks in SIZES:
        vv, bb = (
            res["validate"].get(f"synthetic-{n // 1000}k" if n >= 1000 else "synthetic-100"),
            res["build"].get(str(n)),
        )
        cells = [f"{n:,} ({banks})"]
        for x in (vv, bb):
            cells += (
                [
                    f"{x['a']['cpu']['median']:.2f} s",
                    f"{x['b']['cpu']['median']:.2f} s",
                    f"{x['ratio_cpu']['median']:.2f}",
                ]
                if x
                else ["–"] * 3
            )
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "CPU time, median of the rounds; whole processes, so start-up is included.", ""]
    for label, floor_name, g in (
        ("validate", "parse floor", res["growth"].get("validate")),
        ("build", "no-work floor", res["growth"].get("build")),
    ):
        if not g:
            continue
        steps = "; ".join(
            f"{s['from']:,} → {s['to']:,}: ×{s['time_ratio']:.2f} for ×{s['size_ratio']:.0f} questions "
            f"(exponent {s['exponent']:.2f}), {s['marginal_ms_per_question']:.3f} ms per added question "
            f"({floor_name}: {s['floor_marginal_ms_per_question']:.3f} ms)"
            for s in g["steps"]
        )
        lines.append(f"- **{label}: {'linear or better' if g['linear_or_better'] else 'worse than linear'}.** {steps}.")
    lines += [
        "",
        "Reproduce with `make bench` (or `.venv/bin/python bench/run.py`; `--quick` for a shorter run). "
        "`bench/synth.py` and `bench/corpus2.py` write the synthetic projects (seeded: the same files on every "
        "run) into `bench/work/`.",
        "",
    ]
    return "\n".join(lines)


def phases_table(ph: dict[str, Any] | None, what: str, command: str) -> list[str]:
    if not ph:
        return []
    total = ph["total"]
    floor = {k: v for k, v in ph.items() if k.startswith("floor")}
    out = [
        "",
        f"## Where the CPU time of a {ph['questions']:,}-question {what} goes",
        "",
        f"One {command} in one process, each phase's function timed (`bench/phases.py`)"
        + ("; a phase includes the phases listed under it." if what == "build" else ".")
        + (" The same process then parses the same files the way the floor does." if floor else ""),
        "",
        "| phase | CPU | share |",
        "| --- | --- | --- |",
    ]
    for label, seconds in ph.items():
        if label in ("questions", "total") or label in floor:
            continue
        out.append(f"| {label} | {seconds:.2f} s | {100 * seconds / total:.0f}% |")
    out.append(f"| **whole {what}** | {total:.2f} s | 100% |")
    out += [f"| {label} | {seconds:.2f} s | {100 * seconds / total:.0f}% |" for label, seconds in floor.items()]
    return [*out, ""]


#: Kept across runs, quizgen's results would bring a run with nothing changed near any floor; it
#: keeps none (its compiled schema validators and templates aside, which are named by their source).
NO_CACHE = (
    "only results kept across runs, on disk and keyed on every input, could bring it there, and quizgen "
    "keeps none: a run after an edit would still pay for what the edit touched, and one stale entry "
    "would hide a problem or serve an old page"
)


def validate_why(x: dict[str, Any] | None, vp: dict[str, Any] | None) -> str:
    """Why validate misses its target: what it does beyond the floor's parse, each part measured."""
    text = (
        "**validate**: the floor parses with libyaml and builds plain objects with PyYAML's constructor. "
        "quizgen composes node trees with libyaml too, whose line and column place each problem, and builds "
        "its values from them, refusing what YAML 1.1 and 1.2 read differently; then it checks the JSON "
        "Schema and the evidence against the article, and runs the nine lint rules."
    )
    if not vp or not x:
        return text
    floor = vp["floor: bare libyaml parse, same files"]
    reading = vp["read the YAML: compose with positions, build values"]
    lint = vp["lint rules"]
    checks = (
        vp["JSON Schema"]
        + vp["questions and their evidence against the article"]
        + vp["across banks: ids and glossary references"]
        + lint
    )
    budget = (TARGETS["validate_vs_parse"] - 1) * x["b_cpu"]
    return text + (
        f" At {vp['questions']:,} questions, in one process: reading the YAML takes {reading:.2f} s, "
        f"{reading / floor:.2f}× the floor's parse of the same files ({floor:.2f} s), so the reading is at "
        f"the floor; the checking is what the floor does not do: {checks:.2f} s, of which the lint rules "
        f"{lint:.2f} s, the JSON Schema {vp['JSON Schema']:.2f} s and the evidence "
        f"{vp['questions and their evidence against the article']:.2f} s; start-up, settings and the "
        f"article's index {vp['start-up, settings, sources and the rest']:.2f} s. The target leaves "
        f"{budget:.2f} s ({TARGETS['validate_vs_parse'] - 1:.0%} of the floor's {x['b_cpu']:.2f} s) for all "
        f"of that: the lint rules alone take {lint / budget:.1f} times as much. A cold run cannot meet it; "
        + NO_CACHE
        + ". A save under `mkdocs serve` reads and lints again only the bank that changed."
    )


def build_why(key: str, x: dict[str, Any], ph: dict[str, Any] | None) -> str:
    """Why a build misses its target: quizgen's phases, each measured, against what the target leaves."""
    text = (
        f"**{key}**: the floor ({x['b_cpu']:.2f} s) is MkDocs writing pages that are already made; the "
        f"difference ({x['a_cpu'] - x['b_cpu']:.2f} s) is everything quizgen makes them from."
    )
    if not ph:
        return text
    budget = (TARGETS[key] - 1) * x["b_cpu"]
    loading = ph["load and check the banks (lint included)"]
    render = ph["render quizzes"] + ph["render sheets and keys"]
    imported = ph.get("import quizgen's plugin and the libraries only it uses")
    return text + (
        f" The target leaves {budget:.2f} s for it. In one build of {ph['questions']:,} questions, "
        + (f"importing quizgen's plugin and the libraries only it uses takes {imported:.2f} s, " if imported else "")
        + f"loading and checking the banks {loading:.2f} s (of which the lint rules {ph['lint rules']:.2f} s), "
        f"rendering every question three times, for the quiz, the study sheet and the key, {render:.2f} s "
        f"(Jinja templates; markdown-it for text with more markup than plain emphasis), and marking glossary "
        f"terms {ph.get('glossary tooltips', 0.0):.2f} s; MkDocs and Material take "
        f"{ph['MkDocs, Material and the rest'] + ph['Material search: strip page attributes']:.2f} s. "
        f"Loading alone is {loading / budget:.1f} times what the target leaves; " + NO_CACHE + "."
    )


def why_missed(res: dict[str, Any]) -> list[str]:
    """For each target missed, why, from what this run measured."""
    f = res["figures"]
    notes: list[str] = []

    def missed(key: str) -> bool:
        return key in f and f[key]["value"] is not None and f[key]["value"] > TARGETS[key]

    if missed("validate_vs_parse") or missed("validate_vs_parse_corpus2"):
        notes.append(validate_why(f.get("validate_vs_parse"), res.get("validate_phases")))
    for key in ("build_vs_floor_1k", "build_vs_floor_10k"):
        if missed(key):
            notes.append(build_why(key, f[key], res.get("phases_1k" if key.endswith("1k") else "phases")))
    if missed("build_peak_rss_mb_10k"):
        x = f["build_peak_rss_mb_10k"]
        notes.append(
            f"**build_peak_rss_mb_10k**: the floor alone peaks at {x['floor']:.0f} MB. quizgen adds, for as "
            "long as the pages are made, the catalog of 10,000 questions and what loading it left allocated "
            "(the node tree of each bank is composed, built into values, then let go); quizzes, sheets and "
            "keys are filled as each page is written, as in the floor, so their HTML is not held to the end."
        )
    if missed("serve_s_10k"):
        x = f["serve_s_10k"]
        notes.append(
            f"**serve_s_10k**: without `--dirty`, MkDocs cleans the site and renders and writes every page "
            f"on every save; that alone, on the floor site, takes {x['floor']:.2f} s"
            + (f" ({x['floor_cpu']:.2f} s CPU)" if x.get("floor_cpu") else "")
            + ". quizgen renders again only the pages whose inputs changed; `mkdocs serve --dirty` writes "
            "only those too" + (f" ({f['serve_dirty_s_10k']['value']:.2f} s)" if "serve_dirty_s_10k" in f else "") + "."
        )
    if missed("serve_dirty_s_10k"):
        x = f["serve_dirty_s_10k"]
        floor = (
            f" The floor site, saving one of its pages, takes {x['floor']:.2f} s on this machine"
            + (f" ({x['floor_cpu']:.2f} s CPU)" if x.get("floor_cpu") else "")
            + "."
            if x.get("floor")
            else ""
        )
        notes.append(
            "**serve_dirty_s_10k**: the figure includes MkDocs' file watcher (it polls every 0.5 s and waits "
            "0.1 s for changes to settle: 0.35 s on average) and Material's templates, compiled again on "
            "every rebuild." + floor
        )
    if missed("first_check_ms"):
        x = f["first_check_ms"]
        notes.append(
            "**first_check_ms**: the quiz starts right after its first questions are read, before the rest "
            "of the page and Material's script; what is left is the browser's download of the page up to "
            "there, its first layout and the check itself. A quiz of 10 questions takes "
            f"{x['small']:.0f} ms in the same run."
        )
    if missed("html_bytes_per_question"):
        notes.append(
            "**html_bytes_per_question**: each question carries its form controls, its feedback, explanation "
            "and evidence links (shown after Check, without a server), and the labels that screen readers "
            "need; the figure is before compression, which takes it to about a seventh."
        )
    if missed("assets_gzip_bytes"):
        notes.append(
            "**assets_gzip_bytes**: the script holds the graders of all seven question types, storage with "
            "its migration, undo and printing; it is served minified (no names shortened) and loaded once "
            "per site."
        )
    if not notes:
        return []
    return ["## Why the targets missed are missed", "", *[f"- {n}" for n in notes], ""]


def main() -> None:
    ap = argparse.ArgumentParser(description="Run quizgen's benchmarks; write bench/results.json and bench/RESULTS.md.")
    ap.add_argument("--quick", action="store_true", help="fewer rounds; no 10,000-question builds or serve")
    ap.add_argument(
        "--rounds", type=int, default=None, help="paired rounds for the headline ratios (default 7, quick 3)"
    )
    ap.add_argument("--edits", type=int, default=None, help="saves timed under mkdocs serve (default 7, quick 3)")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium figure")
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
        "targets": TARGETS,
        "loads": {"start": load_average()},
    }
    print(
        f"quizgen benchmarks on {res['machine']['cpu']}, {res['machine']['cores']} cores, "
        f"Python {res['machine']['python']}; load {res['loads']['start']}",
        flush=True,
    )

    print("generating synthetic projects", flush=True)
    WORK.mkdir(exist_ok=True)
    projects: dict[int, Synthetic] = {}
    for n, banks in SIZES:
        projects[n] = generate(n, banks)
        print(f"  {n:,} questions in {banks} banks: {projects[n].bytes:,} bytes of YAML", flush=True)
    corpus = generate_corpus2()
    print(f"  second corpus: 10,000 questions in {corpus.banks} banks, {corpus.bytes:,} bytes of YAML", flush=True)
    res["synthetic"] = {str(n): {"banks": p.banks, "yaml_bytes": p.bytes} for n, p in projects.items()}
    res["synthetic"]["corpus2"] = {"banks": corpus.banks, "yaml_bytes": corpus.bytes}

    print("validate", flush=True)
    res["loads"]["validate"] = load_average()
    named = {f"synthetic-{n // 1000}k" if n >= 1000 else "synthetic-100": p for n, p in projects.items()}
    res["validate"] = validate_figures({**named, "corpus2": corpus}, rounds)
    biggest = max(projects)
    print(f"  where the CPU time of a {biggest:,}-question validate goes", flush=True)
    res["validate_phases"] = {"questions": biggest, **phase_figure(projects[biggest].root, validate=True)}

    print("build", flush=True)
    res["loads"]["build"] = load_average()
    floors = make_floors(projects, a.quick)
    res["build"] = build_figures(projects, floors, rounds, a.quick)
    res["weight"] = weight_figure(WORK / "site-quizgen-1000", 1_000)
    biggest = max(n for n in projects if str(n) in res["build"])
    print(f"  where the CPU time of a {biggest:,}-question build goes", flush=True)
    res["phases"] = {"questions": biggest, **phase_figure(projects[biggest].root)}
    if biggest != 1_000 and 1_000 in projects:
        res["phases_1k"] = {"questions": 1_000, **phase_figure(projects[1_000].root)}

    print("serve", flush=True)
    res["loads"]["serve"] = load_average()
    res["serve"] = serve_figures(projects, floors, edits, a.quick)

    if not a.no_browser:
        print("browser", flush=True)
        res["loads"]["browser"] = load_average()
        res["browser"] = browser_figure(3 if a.quick else 7)
    res["assets"] = assets_figure()

    res["growth"] = {
        "validate": growth(
            {str(n): res["validate"][k]["a"]["cpu"]["median"] for k, n in zip(named, projects, strict=True)},
            {str(n): res["validate"][k]["b"]["cpu"]["median"] for k, n in zip(named, projects, strict=True)},
        ),
    }
    sizes = [str(n) for n in projects if str(n) in res["build"]]
    if len(sizes) > 1:
        res["growth"]["build"] = growth(
            {n: res["build"][n]["a"]["cpu"]["median"] for n in sizes},
            {n: res["build"][n]["b"]["cpu"]["median"] for n in sizes},
        )
    res["loads"]["end"] = load_average()
    res["figures"] = figures(res)
    res["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    res["suite_s"] = time.perf_counter() - t0

    (HERE / "results.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    (HERE / "RESULTS.md").write_text(markdown(res), encoding="utf-8")
    print(f"\nwrote bench/results.json and bench/RESULTS.md in {res['suite_s']:.0f} s\n")
    for name, fig in res["figures"].items():
        target = TARGETS.get(name)
        print(
            f"  {name:26s} {fig['value']:>10,.3f}  "
            + (f"(target ≤ {target:,}: {verdict(fig['value'], target)})" if target is not None else "(context)")
        )


if __name__ == "__main__":
    main()
