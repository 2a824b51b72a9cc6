"""Hopfield networks: associative memory by neural dynamics (nndl section 8.6).

Contents
--------
* The discrete Hopfield network (Hopfield 1982): :func:`hebbian_weights`,
  :class:`HopfieldNetwork` (energy, asynchronous and synchronous runs, fixed
  points by enumeration, batch recall telling converged from cycling runs:
  :class:`RecallResult`) and :class:`Trajectory`.
* The energy landscape of a small network: :func:`state_graph`.
* Capacity: :func:`one_step_error_rate` (fast, without the N x N weight matrix)
  and :func:`one_step_error_theory` (Hertz, Krogh & Palmer 1991).
* The modern (continuous) Hopfield network of Ramsauer et al. (2020):
  :func:`modern_hopfield_update`, :func:`modern_hopfield_energy`.
* Dynamics for the three phase pictures (stable, limit cycle, chaos), and
  :func:`cycle_periods`: a finite discrete network always ends in a fixed
  point or a cycle.
* The orange/apple example of the source notes and small letter bitmaps.
* Frame builders for the kernel-free widgets and the plot functions.

Conventions
-----------
Patterns are rows: an array of shape (P, N) holds P patterns of N neurons.
Indices are 0-based in code (the book's prose is 1-based like the source).
States are ``"bipolar"`` ({-1, +1}) or ``"binary"`` ({0, 1}).  A neuron takes
its high state when its net input is >= 0 (``tie="high"``, the rule of nndl);
``tie="low"`` is the strict rule (high only when net input > 0) and
``tie="keep"`` leaves a neuron with net input 0 unchanged.
"""

from __future__ import annotations

from memlib import _lazy
from memlib.hopfield import _core
from memlib.hopfield._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
    "_plot": (
        "IMAGES",
        "plot_bitmaps",
        "plot_capacity",
        "plot_chaos",
        "draw_four_neurons",
        "plot_letter_recall",
        "plot_modern_retrieval",
        "draw_orange_apple",
        "plot_state_graph",
        "plot_three_phases",
    ),
    "_frames": (
        "orange_apple_frame",
        "overlap_frame",
    ),
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
