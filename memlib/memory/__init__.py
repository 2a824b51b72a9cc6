"""Section 8.4: memory in the brain, seen through code.

Two ways to find a stored item — by *address* (its index, as in a computer's
RAM) and by *content* (the stored item most similar to a cue, as in
associative memory) — and the two *time scales* of memory in a network: a
hidden state that follows its input within a few steps (short-term memory)
and a weight that drifts over hundreds of steps (long-term memory).

Convention: a memory is an (N, D) array whose row n is the item m_n.
"""

from __future__ import annotations

from memlib._lazy import presentation
from memlib.memory._core import (
    GLYPH_LABELS,
    GLYPHS,
    LookupResult,
    address_lookup,
    content_lookup,
    content_lookup_accuracy,
    glyph_memory,
    leaky_trace,
    make_cue,
    settling_time,
    similarity,
    switching_stream,
)
from memlib.memory._core import (
    SIMILARITIES as SIMILARITIES,
)

__all__ = [
    "draw_book_map",
    "draw_memory_analogy",
    "GLYPHS",
    "GLYPH_LABELS",
    "LookupResult",
    "address_lookup",
    "content_lookup",
    "content_lookup_accuracy",
    "glyph_memory",
    "leaky_trace",
    "lookup_frame",
    "make_cue",
    "plot_lookup",
    "plot_timescales",
    "settling_time",
    "similarity",
    "switching_stream",
]

# Figures and demos load matplotlib (and ipywidgets) on first use only.
__getattr__, __dir__ = presentation(
    __name__,
    {
        "_plot": (
            "IMAGES",
            "draw_book_map",
            "draw_memory_analogy",
            "plot_lookup",
            "plot_timescales",
        ),
        "_frames": (
            "lookup_frame",
        ),
    },
    globals(),
)
