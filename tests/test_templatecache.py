"""Compiled templates kept on disk: the same pages as compiling, whatever the cache holds."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from quizgen import pages, render, templatecache
from quizgen.models import Catalog
from tests.conftest import mkdocs_build, write_project
from tests.test_reliability_render import make_catalog

CATALOG: Catalog = make_catalog(lambda field: f"Text of {field} with *emphasis* & <angle>")


def fresh() -> jinja2.Environment:
    """A new quizgen environment, as a new process makes it."""
    render._env.cache_clear()
    render._type_macros.cache_clear()
    return render._env()


def every_page() -> dict[str, str]:
    fresh()
    return {p.src: str(render.render_page(p, CATALOG, pages.Links(p.src, False))) for p in pages.plan(CATALOG)}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(folder))
    yield folder
    monkeypatch.undo()
    fresh()  # the tests after this one get the environment of the real cache folder


@pytest.fixture(scope="module")
def uncached() -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QUIZGEN_CACHE_DIR", "off")
        assert fresh().bytecode_cache is None
        yield every_page()
    fresh()


class Compiles:
    """Counts what Jinja compiles; with ``refuse``, compiling fails the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, refuse: bool = False) -> None:
        self.count = 0
        original = jinja2.Environment.compile

        def compile(env: jinja2.Environment, *args: object, **kwargs: object) -> object:
            self.count += 1
            if refuse:
                raise AssertionError(f"compiled {args[1] if len(args) > 1 else args[0]!r} instead of reading it")
            return original(env, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(jinja2.Environment, "compile", compile)


def test_templates_are_compiled_once_then_read_back(
    cache: Path, uncached: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as mp:
        cold = Compiles(mp)
        assert every_page() == uncached
    entries = sorted(cache.glob("template-*.bin"))
    assert cold.count > 0 and len(entries) == cold.count
    Compiles(monkeypatch, refuse=True)
    assert every_page() == uncached
    assert sorted(cache.glob("template-*.bin")) == entries


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: bc_magic + b"\xff not a pickle",
        lambda data: b"garbage" * 20,
        lambda data: data[:-8] + pickle.dumps("another checksum"),
    ],
    ids=["empty", "truncated", "bad-checksum", "garbage", "wrong-tail"],
)
def test_a_damaged_entry_is_compiled_again_and_rewritten(
    cache: Path, uncached: dict[str, str], monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    every_page()
    for entry in cache.glob("template-*.bin"):
        entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    with monkeypatch.context() as mp:
        again = Compiles(mp)
        assert every_page() == uncached
    assert again.count > 0
    Compiles(monkeypatch, refuse=True)  # rewritten whole: read back without compiling
    assert every_page() == uncached


def test_a_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(
    tmp_path: Path, uncached: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(blocked / "cache"))
    try:
        assert every_page() == uncached
        assert blocked.read_text(encoding="utf-8") == "not a folder"
    finally:
        monkeypatch.undo()
        fresh()


def test_an_environment_that_compiles_otherwise_has_entries_of_its_own() -> None:
    def env(**options: object) -> jinja2.Environment:
        return jinja2.Environment(**{"autoescape": True, **options})  # type: ignore[arg-type]

    base = templatecache.fingerprint(env())
    assert templatecache.fingerprint(env()) == base
    assert templatecache.fingerprint(env(autoescape=False)) != base
    assert templatecache.fingerprint(env(trim_blocks=True)) != base
    assert templatecache.fingerprint(env(undefined=jinja2.StrictUndefined)) != base
    assert templatecache.fingerprint(env(finalize=str)) != base
    with_i18n = env(extensions=["jinja2.ext.i18n"])
    assert templatecache.fingerprint(with_i18n) != base
    old_style = templatecache.fingerprint(with_i18n)
    with_i18n.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    assert templatecache.fingerprint(with_i18n) != old_style
    with_i18n.policies["ext.i18n.trimmed"] = True
    assert templatecache.fingerprint(with_i18n) not in (base, old_style)


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_themes_templates_are_kept_too_and_the_site_is_the_same(tmp_path: Path) -> None:
    import material

    project = write_project(tmp_path / "project")
    cache = tmp_path / "cache"
    off = mkdocs_build(project, tmp_path / "off", env={"QUIZGEN_CACHE_DIR": "off"})
    assert off.returncode == 0, off.stderr
    assert not cache.exists()
    expected = site_files(tmp_path / "off")
    main = str(Path(material.__file__).parent / "templates" / "main.html")
    theirs = f"template-*-{jinja2.BytecodeCache().get_cache_key('main.html', main)}.bin"
    for state in ("cold", "warm", "damaged"):
        if state == "damaged":
            for entry in cache.glob("template-*.bin"):
                entry.write_bytes(entry.read_bytes()[:40])
        built = mkdocs_build(project, tmp_path / state, env={"QUIZGEN_CACHE_DIR": str(cache)})
        assert built.returncode == 0, built.stderr
        assert len(list(cache.glob(theirs))) == 1, f"{state}: Material's main.html is not in the cache"
        assert site_files(tmp_path / state) == expected, state


def test_an_environment_changed_after_the_cache_was_installed_compiles_anew(cache: Path) -> None:
    env = templatecache.install(jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 1 }}<% 2 %>"}), autoescape=True))
    assert env.get_template("t").render() == "1<% 2 %>"
    changed = templatecache.install(
        jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 1 }}<% 2 %>"}), autoescape=True)
    )
    changed.variable_start_string, changed.variable_end_string = "<%", "%>"  # as a plugin might, later
    assert changed.get_template("t").render() == "{{ 1 }}2"
    assert len(list(cache.glob("template-*.bin"))) == 2
