"""Content-based addressing: scoring functions, soft and hard attention reads.

A memory is an (N, D) array whose row n is the memory slot m_n; a query is a
(D,) vector or a batch of queries (Q, D).  Reading by content takes two steps
(nndl section 8.5):

1. the attention distribution  alpha_n = softmax_n( s(m_n, q) ),
2. the read vector            r = sum_n alpha_n m_n.

The key-value variant of the end-to-end memory network (Sukhbaatar et al.,
2015) scores keys a_n and averages values c_n: r = sum_n softmax(a_n^T q) c_n.
"""

from __future__ import annotations

from memlib._lazy import presentation
from memlib.attention._core import (
    DEMO_MEMORY,
    DEMO_PARAMS,
    GRID,
    KIND_NAMES,
    KINDS,
    attention_read,
    hard_attention_read,
    key_value_read,
    score,
    softmax,
    weights_by_kind,
)

__all__ = [
    "DEMO_MEMORY",
    "DEMO_PARAMS",
    "GRID",
    "IMAGES",
    "KINDS",
    "KIND_NAMES",
    "attention_frame",
    "attention_read",
    "hard_attention_read",
    "key_value_read",
    "plot_attention_plane",
    "draw_memory_network_structure",
    "plot_scoring_functions",
    "plot_soft_vs_hard",
    "score",
    "softmax",
    "weights_by_kind",
]

# Figures and demos load matplotlib (and ipywidgets) on first use only.
__getattr__, __dir__ = presentation(
    __name__,
    {
        "_plot": (
            "IMAGES",
            "plot_attention_plane",
            "draw_memory_network_structure",
            "plot_scoring_functions",
            "plot_soft_vs_hard",
        ),
        "_frames": (
            "attention_frame",
        ),
    },
    globals(),
)
