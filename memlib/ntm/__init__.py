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

from memlib._lazy import presentation
from memlib.ntm._core import (
    ADDRESSING_SHIFTS,
    COSINE_EPS,
    NTM,
    WRITE_ADDS,
    WRITE_ATTENTIONS,
    WRITE_DEMO_MEMORY,
    WRITE_ERASES,
    AddressingStages,
    ControllerOutput,
    CopyProgram,
    CopyResult,
    FeedforwardController,
    HeadParams,
    NTMState,
    NTMStep,
    WriteHeadParams,
    address,
    address_path,
    address_stages,
    addressing_example,
    content_weights,
    copy_task,
    cosine_similarity,
    head_params_from_raw,
    interpolate,
    ntm_step,
    random_bits,
    read,
    sharpen,
    shift,
    write,
    write_params_from_raw,
)
from memlib.ntm._core import (
    Controller as Controller,
)

__all__ = [
    "COSINE_EPS",
    "cosine_similarity",
    "content_weights",
    "interpolate",
    "shift",
    "sharpen",
    "AddressingStages",
    "address_stages",
    "address",
    "address_path",
    "read",
    "write",
    "HeadParams",
    "WriteHeadParams",
    "ControllerOutput",
    "NTMState",
    "NTMStep",
    "head_params_from_raw",
    "write_params_from_raw",
    "FeedforwardController",
    "NTM",
    "ntm_step",
    "CopyProgram",
    "CopyResult",
    "random_bits",
    "copy_task",
    "draw_ntm_structure",
    "plot_memory_write",
    "plot_addressing",
    "plot_copy_task",
    "plot_copy_step",
    "WRITE_DEMO_MEMORY",
    "WRITE_ATTENTIONS",
    "WRITE_ERASES",
    "WRITE_ADDS",
    "write_demo_frame",
    "ADDRESSING_SHIFTS",
    "addressing_example",
    "addressing_frame",
    "copy_task_frame",
    "IMAGES",
]

# Figures and demos load matplotlib (and ipywidgets) on first use only.
__getattr__, __dir__ = presentation(
    __name__,
    {
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
    },
    globals(),
)
