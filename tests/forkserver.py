"""A Python that has imported MkDocs, Material and quizgen once, and runs each command in a fork.

Most of what a small `mkdocs build` or `quizgen validate` costs in a test is importing:
about 0.6 s of CPU of a 1.3 s build of a two-question course, paid again by each of the
hundreds of commands the suite runs. A fork of a process that has imported everything
already starts in a few milliseconds, and is still a process of its own: the command runs
from its real entry point (``python -m mkdocs ...``), with its own arguments, folder,
environment, exit code and output, and nothing it does reaches the test or the next command.

What a fork cannot give is what Python settles when it starts: the hash seed, the locale's
encoding, ``PYTHON*`` variables, and what a module reads from the environment as it is
imported. :func:`starts_fresh` names the environments that need a new interpreter, and the
client (:class:`ForkServer` in ``tests/conftest.py``) starts one for them, as before.

Protocol, one JSON object per line: the client sends ``{"module", "args", "env", "cwd",
"stdout", "stderr"}`` (the last two: files for the output); the server answers
``{"pid": ...}`` once the command runs and ``{"returncode": ...}`` once it has ended.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import runpy
import sys
import time
import traceback
from typing import Any

#: The commands this server runs (``python -m NAME``); any other starts a new interpreter.
#: ProperDocs is not one: it stands in for MkDocs' modules as it starts, before the theme
#: and the plugins are imported, which a fork of a process that has imported them cannot do.
SERVED = frozenset({"mkdocs", "quizgen"})

#: What those commands import: loaded once here, before any fork.
PRELOAD = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.structure.pages",
    "material.plugins.search.plugin",
    "material.templates",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.emoji",
    "markdown",
    "jinja2",
    "yaml",
    "quizgen.cli",
    "quizgen.plugin",
    "quizgen.render",
    "quizgen.catalog",
    "quizgen.export",
    "quizgen.sheets",
)

#: Variables Python or a preloaded module reads once, at start-up or import: a command whose
#: environment sets one of them differently from the server's needs an interpreter of its own.
STARTUP = ("LANG", "LANGUAGE", "NO_MKDOCS_2_WARNING")
STARTUP_PREFIXES = ("PYTHON", "LC_")


def starts_fresh(module: str, env: dict[str, str], server_env: dict[str, str]) -> bool:
    """Whether ``python -m module`` with ``env`` must start a new interpreter rather than fork this one."""
    names = set(env) | set(server_env)
    return module not in SERVED or any(
        (name in STARTUP or name.startswith(STARTUP_PREFIXES)) and env.get(name) != server_env.get(name)
        for name in names
    )


def _preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # an engine that is not installed: its commands import what they need


def _child(request: dict[str, Any], channel: tuple[int, int]) -> None:
    """The forked command: its own output files, folder and environment, then its ``__main__``."""
    code: int = 1
    try:
        for fd in channel:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, fd)
            os.close(out)
        os.chdir(request["cwd"])
        # `python -m` puts the folder it runs in first on the path; the server's was the repository.
        sys.path[0] = os.getcwd()
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        module = request["module"]
        sys.argv = [module, *request["args"]]
        # Its __main__ runs as a script does, once, in this process: never imported before.
        sys.modules.pop(f"{module}.__main__", None)
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            if stop.code is None:
                code = 0
            elif isinstance(stop.code, int):
                code = stop.code
            else:
                print(stop.code, file=sys.stderr)
                code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    """Answer requests on the standard input and output until the client closes them."""
    # The channel gets descriptors of its own; 0 and 1 become what each command will replace.
    channel = (os.dup(0), os.dup(1))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    _preload()
    with os.fdopen(channel[0], "r", encoding="utf-8") as requests, os.fdopen(channel[1], "w", encoding="utf-8") as out:
        for line in requests:
            request = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(request, channel)
            out.write(json.dumps({"pid": pid}) + "\n")
            out.flush()
            _, status = os.waitpid(pid, 0)
            out.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
            out.flush()


if __name__ == "__main__":
    serve()
