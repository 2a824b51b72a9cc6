"""memlib.memory, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.memory`: import its names from there.
"""

from __future__ import annotations

import numpy as np

from memlib._checks import RngLike, check_int
from memlib.html import figure_to_svg, html_table, side_by_side
from memlib.memory._core import (
    content_lookup,
    glyph_memory,
    make_cue,
)
from memlib.memory._plot import (
    plot_lookup,
)

__all__ = [
    "lookup_frame",
]


def lookup_frame(item: int, noise: float, rng: RngLike = 0, kind: str = "cosine") -> str:
    """Widget frame: a noisy cue of glyph ``item`` looked up by content.

    Returns HTML with the figure of :func:`plot_lookup` and a two-row table
    comparing address lookup (exact index needed) with content lookup.
    """
    memory, names = glyph_memory()
    item = check_int(item, "item", low=0, high=len(names) - 1)
    cue = make_cue(memory[item], noise, rng)
    result = content_lookup(memory, cue, kind)
    bits = int(np.sum(cue != memory[item]))
    ok = "✓" if result.index == item else "✗"
    table = html_table(
        [
            ["address", f"index {item}", names[item], "✓"],
            ["content", f"cue ({bits} bits changed)", names[result.index], ok],
        ],
        header=["lookup", "given", "returns", "correct"],
    )
    return side_by_side(figure_to_svg(plot_lookup(memory, names, cue, kind)), table)
