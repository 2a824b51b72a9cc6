"""Neural Turing machine (section 8.5.2): addressing, reading and writing memory.

The memory is an ``(N, M)`` array with one slot per row (rows are items): row
``n`` is the memory vector m_n.  Equation numbers refer to section 3 of Graves,
Wayne & Danihelka (2014), "Neural Turing Machines":

* (2)      read ``r = sum_n w(n) m_n``                                :func:`read`
* (3)-(4)  erase then add, ``m_n <- m_n (1 - w(n) e) + w(n) a``       :func:`write`
* (5)-(6)  content weights, softmax of ``beta * cosine(key, m_n)``    :func:`content_weights`
           (the cosine of a zero row or key is 0: :data:`COSINE_EPS`)
* (7)      interpolation gate ``g w_c + (1 - g) w_prev``              :func:`interpolate`
* (8)      circular convolution with a shift distribution ``s``       :func:`shift`
* (9)      sharpening ``w^gamma / sum w^gamma``                       :func:`sharpen`

:func:`address` runs (5)-(9) in order; :func:`address_path` repeats it step
after step.  The nndl book writes the write rule with the attention
``alpha_{t,n}`` for ``w_t(n)`` and calls the key the query ``q_t``.

An :class:`NTM` joins a controller (any callable; :class:`FeedforwardController`
is a small random tanh layer) to one read head and one write head.
:func:`copy_task` runs a hand-written controller program that copies a bit
sequence through memory: content addressing finds the start, shifts iterate.

Plot functions return figures labelled in Chinese; ``*_frame`` functions are the
frame builders of the book's kernel-free widgets.
"""

from __future__ import annotations

from memlib import _lazy
from memlib.ntm import _core
from memlib.ntm._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
    "_plot": (
        "IMAGES",
        "draw_ntm_structure",
        "plot_addressing",
        "plot_copy_step",
        "plot_copy_task",
        "plot_memory_write",
    ),
    "_frames": (
        "addressing_frame",
        "copy_task_frame",
        "write_demo_frame",
    ),
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
