"""memlib.attention, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.attention`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from memlib._checks import as_array, check_choice
from memlib.attention._core import (
    DEMO_MEMORY,
    KIND_NAMES,
    KINDS,
    attention_read,
    score,
)
from memlib.attention._plot import (
    _params_for,
    plot_attention_plane,
)
from memlib.html import figure_to_svg, fixed, html_table, side_by_side

__all__ = [
    "attention_frame",
]


#: Captions of the widget frames: the scoring function's Chinese name.
_KIND_ZH = {kind: f"{name}打分" for kind, name in KIND_NAMES.items()}


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def attention_frame(
    x: float,
    y: float,
    kind: str = "dot",
    memory: object = DEMO_MEMORY,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> str:
    """Widget frame: query q = (x, y), scoring function ``kind`` -> HTML.

    The SVG of :func:`plot_attention_plane` next to (on narrow pages: above)
    a table of the scores sₙ, weights αₙ and the read vector r.  Both keep their
    natural width (the figure is drawn 1:1), so they sit side by side on a
    700 px page and the table never squeezes the figure or wraps its cells.
    Numbers that round to zero are shown as 0.00, not -0.00.  For
    ``kind="cosine"`` at q = 0, where the score is undefined, the frame is a
    short message.
    """
    q = as_array([x, y], "query", shape=(2,))
    mem = as_array(memory, "memory", ndim=2)
    kind = check_choice(kind, "kind", KINDS)
    p = _params_for(kind, params)
    if kind == "cosine" and not np.any(q):
        return "<p>余弦打分在 q = (0, 0) 处没有定义：‖q‖ = 0，无法归一化。</p>"
    s = score(mem, q, kind, **p)
    r, alpha = attention_read(mem, q, kind, **p)
    fig = plot_attention_plane(mem, q, kind, params)
    rows = [
        [f"m{str(i + 1).translate(_SUBSCRIPT)}", fixed(s[i], 2), fixed(alpha[i], 3)]
        for i in range(mem.shape[0])
    ]
    rows.append(["r", f"({fixed(r[0], 2)}, {fixed(r[1], 2)})", ""])
    table = html_table(rows, header=["片段", "得分 sₙ", "权重 αₙ"], caption=_KIND_ZH[kind])
    return side_by_side(figure_to_svg(fig), table, basis="auto")
