"""Attribution checked against the source: a question's speaker must be the one the article
attributes its evidence to, and in a "who says this?" question the right option must name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.attribution import AUTHOR, Attribution, Speaker
from quizgen.source import QuoteIndex, read_source
from tests.conftest import REPO, SEED, quizgen, write_project

SPEAKERS = (
    Speaker("sehgal", "Ikram Sehgal", ("Sehgal",)),
    Speaker("sair", "South Asia Intelligence Review"),
    Speaker("ttp-leaders", "TTP leaders", ("Leaders from TTP",)),
    Speaker("khan", "Imran Khan", ("Khan",)),
    Speaker("sharif", "Nawaz Sharif", ("Sharif",)),
    Speaker("mehsud", "Hakimullah Mehsud", ("Mehsud",)),
)


@pytest.fixture(scope="module")
def seed() -> tuple[Attribution, QuoteIndex]:
    source, issues = read_source(SEED, SEED.name)
    assert source is not None and not issues
    return Attribution(source, SPEAKERS), QuoteIndex(source)


@pytest.mark.parametrize(
    ("quote", "speakers"),
    [
        # named next to a reporting verb, before or after it
        ("we will not be rid of terrorism in even 100 years", {"sehgal"}),
        ("Leaders from TTP have stated the offensive was a response", {"ttp-leaders"}),
        # named in the sentence but not speaking: Mehsud says nothing
        ("a U.S. drone strike that killed former Taliban leader Hakimullah Mehsud", {"ttp-leaders"}),
        # "He suggests", at the start of a paragraph: the speaker named last, a paragraph before
        ("root out militants from their urban hideouts", {"sehgal"}),
        # "He thus advises", "which he indicates": the same speaker, in the same paragraph
        ("a descent into anarchy similar to developments in Iraq", {"sehgal"}),
        # a quoted passage belongs to whoever its introducing sentence names
        ("groups that have turned against their own creators", {"sair"}),
        # a named person's action, in the article's own voice
        ("steadfast opponent of military intervention, endorsed the operation", {AUTHOR}),
        ("Nawaz Sharif initiated recent peace talks", {AUTHOR}),
        ("last week's airport event signals the failure of nonviolent compromise", {AUTHOR}),
        ("officials will have to consider how best to support", {AUTHOR}),
    ],
)
def test_whom_the_article_attributes_a_quote_to(
    seed: tuple[Attribution, QuoteIndex], quote: str, speakers: set[str]
) -> None:
    attribution, index = seed
    found = index.find(quote)
    assert not isinstance(found, str), found
    assert attribution.of(found) == speakers


DETAILS = """\
title: The article
speakers:
  - {id: sehgal, name: Ikram Sehgal, aliases: [Sehgal]}
  - {id: khan, name: Imran Khan, aliases: [Khan]}
  - {id: ttp-leaders, name: TTP leaders, aliases: [Leaders from TTP]}
"""

WHO = """\
source: ../seeds/000_987c6cd902e74af3.txt
topic: arguments
title: Who says it
questions:
  - id: who-ctf
    type: single
    difficulty: recall
    speaker: {speaker}
    prompt: Who argues that without a dedicated Counter Terrorism Force terrorism will not end?
    choices:
      - text: {right}
        correct: true
      - text: {wrong}
      - text: TTP leaders
    explanation: The quote is attributed to him.
    evidence: Without a dedicated Counter Terrorism Force (CTF) we will not be rid of terrorism
"""


def project(tmp_path: Path, **fields: str) -> Path:
    root = write_project(tmp_path / "proj", {"who.yml": WHO.format(**fields)}, glossary=None)
    (root / "seeds" / "000_987c6cd902e74af3.yml").write_text(DETAILS, encoding="utf-8")
    return root


def test_the_right_speaker_passes(tmp_path: Path) -> None:
    result = quizgen("validate", cwd=project(tmp_path, speaker="sehgal", right="Ikram Sehgal", wrong="Imran Khan"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_speaker_is_an_error_at_its_line(tmp_path: Path) -> None:
    result = quizgen("validate", cwd=project(tmp_path, speaker="khan", right="Imran Khan", wrong="Ikram Sehgal"))
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "$.questions[0].speaker" in x)
    assert line.startswith(
        "questions/who.yml:8:14: $.questions[0].speaker (question 1, who-ctf): paragraph 21 attributes"
    )
    assert line.endswith(
        "to Ikram Sehgal, not to Imran Khan (write speaker: sehgal, or quote words that Imran Khan says)"
    )


def test_renaming_the_person_in_the_right_option_is_an_error(tmp_path: Path) -> None:
    result = quizgen("validate", cwd=project(tmp_path, speaker="sehgal", right="Imran Khan", wrong="Ikram Sehgal"))
    assert result.returncode == 1
    right, wrong = "$.questions[0].choices[0].text", "$.questions[0].choices[1].text"
    assert f"{right} (question 1, who-ctf): this right option names Imran Khan, but the question's speaker is " in (
        result.stdout
    )
    assert f"{wrong} (question 1, who-ctf): this wrong option names Ikram Sehgal, the question's speaker" in (
        result.stdout
    )


def test_an_undeclared_speaker_is_an_error(tmp_path: Path) -> None:
    result = quizgen("validate", cwd=project(tmp_path, speaker="sehgall", right="Ikram Sehgal", wrong="Imran Khan"))
    assert result.returncode == 1
    assert "the source declares no speaker 'sehgall' (did you mean 'sehgal'?)" in result.stdout


def test_this_sites_speakers_are_declared_once_and_used() -> None:
    details = (REPO / "seeds" / "000_987c6cd902e74af3.yml").read_text(encoding="utf-8")
    assert "speakers:" in details
    banks = "".join(p.read_text(encoding="utf-8") for p in (REPO / "questions").glob("*.yml"))
    for speaker in ("sehgal", "sair", "ttp-leaders", "author"):
        assert f"speaker: {speaker}\n" in banks
