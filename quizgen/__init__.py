"""quizgen: turn a source article and YAML question banks into a learning site.

The core (loading, validation, rendering) is plain Python and does not import MkDocs;
:mod:`quizgen.plugin` is a thin MkDocs wrapper around it.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
