"""The files every quizgen page loads: one stylesheet and one script, both local.

The script is the core (``assets/quizgen/quizgen.js``: storage, the quiz lifecycle, evidence
highlighting) followed by each question type's grader (``qtypes/<type>.js``), joined here
once, so a page makes one request whatever the number of types, and a new type ships its
grader beside its module.

A site with a graded quiz (docs/graded.md) also loads the receipt's script and stylesheet
(:func:`receipt_files`): the script is the vendored QR encoder (``assets/receipt/vendor``,
MIT) and quizgen's receipt script, joined inside one function so that neither adds a global.
Sites without graded quizzes never load them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import rcssmin
import rjsmin

from quizgen import __version__, qtypes

CSS = "assets/quizgen/quizgen.css"
JS = "assets/quizgen/quizgen.js"
NAMES = (CSS, JS)


@cache
def files() -> dict[str, bytes]:
    """Each asset's path in the site and its bytes (the same bytes on every build).

    Both are served minified: comments and spaces go, ``/*! ... */`` comments (licences) stay,
    and no name is changed, so what runs is what the sources say (tests/browser run it).
    """
    base = resources.files("quizgen")
    css = rcssmin.cssmin(base.joinpath(CSS).read_text(encoding="utf-8"), keep_bang_comments=True)
    js = rjsmin.jsmin(base.joinpath(JS).read_text(encoding="utf-8") + qtypes.scripts(), keep_bang_comments=True)
    head = f"/*! quizgen {__version__}, MIT licence. Minified from {{}} in the quizgen package. */\n"
    return {CSS: (head.format(CSS) + css).encode("utf-8"), JS: (head.format(JS) + js).encode("utf-8")}


RECEIPT_CSS = "assets/quizgen/receipt.css"
RECEIPT_JS = "assets/quizgen/receipt.js"
RECEIPT_NAMES = (RECEIPT_CSS, RECEIPT_JS)
#: The vendored QR encoder, as shipped (see its README.md).
QR_ENCODER = "assets/receipt/vendor/qrcode.js"


@cache
def receipt_files() -> dict[str, bytes]:
    """The receipt's stylesheet and script, by their paths in the site."""
    base = resources.files("quizgen")
    css = base.joinpath("assets/receipt/receipt.css").read_bytes()
    encoder = base.joinpath(QR_ENCODER).read_text(encoding="utf-8")
    script = base.joinpath("assets/receipt/receipt.js").read_text(encoding="utf-8")
    # define, exports and module are parameters, never given: the encoder's module footer
    # then registers nowhere, whatever module loader a page may have.
    js = (
        "/* quizgen receipts. Includes qrcode-generator 2.0.4, Copyright (c) 2009 Kazuhiko Arase, MIT licence. */\n"
        "(function (define, exports, module) {\n" + encoder + "\n" + script + "})();\n"
    )
    return {RECEIPT_CSS: css, RECEIPT_JS: js.encode("utf-8")}
