"""The documented limits on input, in one place.

They are enforced by the loader and the validator before anything is expanded or
rendered, so a hostile or broken file costs bounded time and memory. The README's
"Limits and guarantees" section lists the same numbers.
"""

from __future__ import annotations

#: Largest bank or glossary file, in bytes.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Largest source article, in bytes.
MAX_SOURCE_BYTES = 4 * 1024 * 1024
#: Deepest nesting of mappings and lists in a YAML file.
MAX_DEPTH = 32
#: Most items in one YAML list, or keys in one mapping (checked before the values are built).
MAX_ITEMS = 1_000
#: YAML parser events in one file, counted (in C) before any value is built: each scalar
#: and alias is one event, each list and mapping two. The largest real bank (31 KB, 60
#: questions) has about 1,400; a full bank of 1,000 questions about 50,000.
MAX_EVENTS = 100_000
#: Longest text field, in characters.
MAX_TEXT = 10_000
#: Questions in one bank.
MAX_QUESTIONS = 1_000
#: Longest id (ids are visible ASCII: lowercase letters, digits and '-').
MAX_ID = 64
#: Integers must stay exactly representable in a browser (JavaScript's safe range).
MAX_INT = 2**53 - 1
#: Shortest evidence quote, in characters after normalisation.
MIN_QUOTE = 8
#: Problems the loader reports for one file before it stops reading it.
MAX_FILE_ISSUES = 100
