"""A coverage-guided fuzz target (atheris / libFuzzer) for quizgen's YAML loader.

``TestOneInput`` hands arbitrary bytes to :func:`quizgen.loader.load_text`, the function
every bank and glossary file goes through, and allows one outcome only: a document and/or
located :class:`~quizgen.report.Issue` values. Any exception is a crash that libFuzzer
reports and saves. Accepted data must be plain JSON (no NaN, no dates, no cycles).

Run it by hand for longer, for example::

    .venv/bin/python tests/fuzz/fuzz_loader.py -max_total_time=300 -rss_limit_mb=2048 \\
        -timeout=10 -dict=tests/fuzz/yaml.dict /tmp/corpus tests/fuzz/corpus

A crash leaves ``crash-<sha1>`` in the current folder: add it to ``tests/fuzz/corpus`` (the
regression test replays every file there) and fix the loader.
"""

from __future__ import annotations

import json
import sys


def check(data: bytes) -> None:
    """The property: located issues, or JSON data, and nothing else."""
    from quizgen.loader import load_text
    from quizgen.report import Issue

    doc, issues = load_text(data, "fuzz.yml")
    for issue in issues:
        if not isinstance(issue, Issue) or issue.line < 1 or issue.column < 1 or not issue.file:
            raise AssertionError(f"not a located issue: {issue!r}")
        issue.format()
    if doc is None:
        if not issues:
            raise AssertionError("nothing was loaded and nothing was said")
        return
    json.dumps(doc.data, allow_nan=False)


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name libFuzzer expects
    check(data)


def main() -> None:
    import atheris

    with atheris.instrument_imports():
        import yaml  # noqa: F401 - instrumented: the pure-Python parts of PyYAML

        import quizgen.loader  # noqa: F401
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
