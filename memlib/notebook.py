"""Notebook set-up shared by every chapter: figure style, SVG output, glue.

Call :func:`setup` in the first code cell of a chapter.  It fixes the
matplotlib style and makes inline figures deterministic SVG, so nbval can
compare them byte for byte and the HTML book shows crisp vector figures.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np

from memlib import _fonts

__all__ = ["GLUE_DIGITS", "STYLE", "glue", "portable", "setup"]

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
    "svg.fonttype": "none",
    "font.family": _fonts.FAMILY,
    "path.simplify": True,
}


def setup() -> None:
    """Apply :data:`STYLE` and, inside IPython, show figures as stable inline SVG.

    Figures are displayed through :func:`memlib.html.figure_to_svg`: text as
    text in Chinese-capable fonts, byte-stable, without the XML prolog.
    Interactive mode is switched off, so a figure appears only where a cell
    returns or displays it (memlib's plot functions return figures), never a
    second time when the inline backend flushes pyplot's figures.
    """
    _fonts.install()
    matplotlib.rcParams.update(STYLE)
    import matplotlib.pyplot as plt

    plt.ioff()
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing else to configure
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    from memlib.html import figure_to_svg

    formatters = shell.display_formatter.formatters
    formatters["image/png"].pop(Figure, None)
    formatters["image/svg+xml"].for_type(
        Figure, lambda fig: figure_to_svg(fig, close=False, width=None)
    )


#: Significant digits a glued float keeps.  The prose shows at most four; the
#: last bits of a float depend on the BLAS kernel, the thread count and the
#: CPU's SIMD code, and the stored glue output must not.
GLUE_DIGITS = 6


def portable(value: Any) -> Any:
    """``value`` as stored by :func:`glue`: floats rounded, numpy scalars unboxed.

    A float keeps :data:`GLUE_DIGITS` significant digits (``0.70759262371``
    becomes ``0.707593``), so its stored text is the same on every machine;
    numpy integers and booleans become Python ones.  Other values pass through.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if not math.isfinite(value) else float(f"{value:.{GLUE_DIGITS}g}")
    return value


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` for the book's prose (myst-nb ``glue``), see :func:`portable`.

    Like ``myst_nb.glue`` it returns None, so a trailing ``glue(...)`` in a
    cell adds no output.  Outside a Jupyter Book environment (e.g. Colab
    without myst-nb) it does nothing, so chapters run anywhere.
    """
    try:
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, portable(value), display=display)
