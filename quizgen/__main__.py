"""``python -m quizgen``: the same as the ``quizgen`` console script."""

from __future__ import annotations

from quizgen.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
