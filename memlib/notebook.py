"""Notebook set-up shared by every chapter: figure style, SVG output, glue.

Call :func:`setup` in the first code cell of a chapter.  It fixes the
matplotlib style and makes inline figures deterministic SVG, so nbval can
compare them byte for byte and the HTML book shows crisp vector figures.
"""

from __future__ import annotations

from typing import Any

import matplotlib

__all__ = ["STYLE", "glue", "setup"]

#: rcParams of every figure in the book (memlib's plot functions use them too).
STYLE: dict[str, Any] = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "image.cmap": "viridis",
    "svg.hashsalt": "memlib",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def setup() -> None:
    """Apply :data:`STYLE` and, inside IPython, render figures as stable SVG.

    Interactive mode is switched off, so a figure appears only where a cell
    returns or displays it (memlib's plot functions return figures), never a
    second time when the inline backend flushes pyplot's figures.
    """
    matplotlib.rcParams.update(STYLE)
    import matplotlib.pyplot as plt

    plt.ioff()
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing else to configure
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg", metadata={"Date": None})


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` for the book's prose (myst-nb ``glue``).

    Like ``myst_nb.glue`` it returns None, so a trailing ``glue(...)`` in a
    cell adds no output.  Outside a Jupyter Book environment (e.g. Colab
    without myst-nb) it does nothing, so chapters run anywhere.
    """
    try:
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, value, display=display)
