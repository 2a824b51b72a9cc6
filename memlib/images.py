"""The book's diagrams in ``images/``, drawn by memlib and regenerable.

Every topic module may define ``IMAGES``: a dict mapping a file stem to a
function of no arguments that returns a matplotlib Figure.  ``make images``
(``python -m memlib.images images``) writes each one as ``<stem>.svg``,
byte-identically on every run.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from memlib.html import figure_to_svg  # noqa: E402
from memlib.notebook import STYLE  # noqa: E402

#: Modules searched for an ``IMAGES`` registry, in chapter order.
MODULES = ("memory", "attention", "memn2n", "turing", "ntm", "hopfield")


def registry() -> dict[str, Callable[[], Figure]]:
    """All diagrams of the book, by file stem."""
    found: dict[str, Callable[[], Figure]] = {}
    for name in MODULES:
        module = importlib.import_module(f"memlib.{name}")
        for stem, draw in getattr(module, "IMAGES", {}).items():
            if stem in found:
                raise ValueError(f"image name {stem!r} is defined twice")
            found[stem] = draw
    return found


def render(draw: Callable[[], Figure]) -> str:
    """The SVG text of one diagram, as written to ``images/``."""
    # the book's style, but the whole canvas: diagrams are laid out on their figure
    with matplotlib.rc_context({**STYLE, "savefig.bbox": "standard"}):
        svg = figure_to_svg(draw(), width=None)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg + "\n"


def write_all(folder: str | Path) -> list[Path]:
    """Write every registered diagram to ``folder``; return the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, draw in sorted(registry().items()):
        path = folder / f"{stem}.svg"
        path.write_text(render(draw), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - exercised by `make images`
    for p in write_all(sys.argv[1] if len(sys.argv) > 1 else "images"):
        print(p)
