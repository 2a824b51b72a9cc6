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

from memlib import _lazy
from memlib.attention import _core
from memlib.attention._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
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
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
