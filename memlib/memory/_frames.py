"""memlib.memory, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.memory`: import its names from there.
"""

from __future__ import annotations

import numpy as np

from memlib._checks import RngLike, check_int
from memlib.html import figure_to_svg, html_table, side_by_side
from memlib.memory._core import (
    GLYPH_LABELS,
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


def lookup_frame(item: int, flip_prob: float, rng: RngLike = 0, kind: str = "cosine") -> str:
    """Widget frame: a noisy cue of glyph ``item`` looked up by content.

    The cue flips each bit of the glyph with probability ``flip_prob`` (see
    :func:`make_cue`).  Returns HTML with the figure of :func:`plot_lookup` and
    a two-row table comparing address lookup (exact index needed) with content
    lookup; glyphs are named by :data:`GLYPH_LABELS`.
    """
    memory, names = glyph_memory()
    labels = [GLYPH_LABELS[n] for n in names]
    item = check_int(item, "item", low=0, high=len(names) - 1)
    cue = make_cue(memory[item], flip_prob, rng)
    result = content_lookup(memory, cue, kind)
    bits = int(np.sum(cue != memory[item]))
    ok = "✓" if result.index == item else "✗"
    table = html_table(
        [
            ["按地址", f"下标 {item}", labels[item], "✓"],
            ["按内容", f"线索（{bits} 位被翻转）", labels[result.index], ok],
        ],
        header=["查找方式", "给出", "返回", "正确"],
    )
    return side_by_side(figure_to_svg(plot_lookup(memory, labels, cue, kind)), table)
