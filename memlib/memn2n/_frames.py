"""memlib.memn2n, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.memn2n`: import its names from there.
"""

from __future__ import annotations

import numpy as np

from memlib._checks import check_int
from memlib.html import figure_to_svg, html_table, side_by_side
from memlib.memn2n._core import (
    TOY_KEYS,
    TOY_QUERY,
    TOY_VALUES,
    multi_hop_read,
)
from memlib.memn2n._plot import (
    plot_toy_hop,
)

__all__ = [
    "hop_frame",
]


def hop_frame(
    hop: int,
    keys: object = TOY_KEYS,
    values: object = TOY_VALUES,
    query: object = TOY_QUERY,
    hops: int = 3,
) -> str:
    """Widget frame for one hop of the toy read: figure and a table of the numbers."""
    hops = check_int(hops, "hops", low=1)
    hop = check_int(hop, "hop", low=1, high=hops)
    rec = multi_hop_read(keys, values, query, hops)[hop - 1]

    def vec(v: np.ndarray) -> str:
        return "(" + ", ".join(f"{x:.2f}" for x in v) + ")"

    rows = [
        [f"查询 q^({hop})", vec(rec.query)],
        [f"注意力 α^({hop})", vec(rec.alpha)],
        [f"读出 r^({hop})", vec(rec.read)],
        [f"下一跳查询 q^({hop + 1}) = r + q", vec(rec.read + rec.query)],
    ]
    table = html_table(rows, header=["量", "值"])
    svg = figure_to_svg(plot_toy_hop(hop, keys, values, query, hops))
    return side_by_side(svg, table, grow=(3, 1), basis="200px")
