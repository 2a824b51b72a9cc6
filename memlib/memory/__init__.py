"""Section 8.4: memory in the brain, seen through code.

Two ways to find a stored item — by *address* (its index, as in a computer's
RAM) and by *content* (the stored item most similar to a cue, as in
associative memory) — and the two *time scales* of memory in a network: a
hidden state that follows its input within a few steps (short-term memory)
and a weight that drifts over hundreds of steps (long-term memory).

Convention: a memory is an (N, D) array whose row n is the item m_n.
"""

from __future__ import annotations

from memlib import _lazy
from memlib.memory import _core
from memlib.memory._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
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
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
