"""A small Turing machine (section 8.5.2): tape, head, state table, step and run.

A Turing machine (Turing 1936) has three parts:

* an infinite **tape** of cells, each holding one symbol (most cells hold the
  *blank* symbol); here the tape is sparse: a dict from cell position (any
  integer, negative too) to symbol, holding only the non-blank cells;
* a **head** that reads the symbol under it, writes a symbol and moves one cell
  left (``"L"``), right (``"R"``) or stays (``"N"``);
* a **controller** in one of finitely many states, with a rule table
  ``(state, symbol read) -> (symbol to write, move, next state)``.

The machine halts when it enters a halting state or when no rule applies.
Two example machines are included: a binary incrementer and the 2-state,
2-symbol busy beaver (which halts after 6 steps leaving four 1s).

Drawing functions return matplotlib figures labelled in Chinese;
:func:`turing_frame` is the frame builder of the kernel-free step-through widget.
"""

from __future__ import annotations

from memlib import _lazy
from memlib.turing import _core
from memlib.turing._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
    "_plot": (
        "IMAGES",
        "draw_turing_machine",
        "plot_configuration",
        "plot_run",
    ),
    "_frames": (
        "rule_table_html",
        "turing_frame",
    ),
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
