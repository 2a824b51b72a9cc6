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

from memlib._lazy import presentation
from memlib.hopfield._core import (
    APPLE,
    FRUIT_FEATURES,
    LETTERS,
    ORANGE,
    ORANGE_APPLE_ORDERS,
    EnergyAudit,
    ErrorCurve,
    HopfieldNetwork,
    LetterRecall,
    ModernRetrieval,
    OneStepErrors,
    OverlapRecall,
    PhaseDemo,
    RecallResult,
    StateGraph,
    Trajectory,
    async_energy_audit,
    corrupt,
    cycle_periods,
    hebbian_weights,
    largest_lyapunov,
    letter_patterns,
    letter_recall,
    modern_hopfield_energy,
    modern_hopfield_update,
    modern_retrieval_curve,
    one_step_error_curve,
    one_step_error_rate,
    one_step_error_theory,
    one_step_local_fields,
    orange_apple_network,
    overlap_patterns,
    overlap_recall,
    overlaps,
    random_tanh_weights,
    state_graph,
    sync_energy_audit,
    tanh_map_trajectory,
    three_phase_demo,
    two_neuron_oscillator,
)
from memlib.hopfield._core import (
    LETTER_SHAPE as LETTER_SHAPE,
)
from memlib.hopfield._core import (
    MAX_ENUMERATE as MAX_ENUMERATE,
)
from memlib.hopfield._core import (
    OVERLAP_NEAREST as OVERLAP_NEAREST,
)
from memlib.hopfield._core import (
    OVERLAP_OUTCOMES as OVERLAP_OUTCOMES,
)
from memlib.hopfield._core import (
    STATE_SETS as STATE_SETS,
)
from memlib.hopfield._core import (
    TIE_RTOL as TIE_RTOL,
)
from memlib.hopfield._core import (
    TIE_RULES as TIE_RULES,
)

__all__ = [
    "APPLE",
    "FRUIT_FEATURES",
    "LETTERS",
    "ORANGE",
    "ORANGE_APPLE_ORDERS",
    "HopfieldNetwork",
    "LetterRecall",
    "ModernRetrieval",
    "OneStepErrors",
    "OverlapRecall",
    "ErrorCurve",
    "PhaseDemo",
    "RecallResult",
    "StateGraph",
    "Trajectory",
    "corrupt",
    "EnergyAudit",
    "async_energy_audit",
    "cycle_periods",
    "sync_energy_audit",
    "hebbian_weights",
    "largest_lyapunov",
    "letter_patterns",
    "letter_recall",
    "modern_hopfield_energy",
    "modern_hopfield_update",
    "modern_retrieval_curve",
    "one_step_error_curve",
    "one_step_local_fields",
    "one_step_error_rate",
    "one_step_error_theory",
    "orange_apple_frame",
    "orange_apple_network",
    "overlap_frame",
    "overlap_patterns",
    "overlap_recall",
    "overlaps",
    "plot_bitmaps",
    "plot_capacity",
    "plot_chaos",
    "draw_four_neurons",
    "plot_letter_recall",
    "plot_modern_retrieval",
    "draw_orange_apple",
    "plot_state_graph",
    "plot_three_phases",
    "random_tanh_weights",
    "state_graph",
    "tanh_map_trajectory",
    "three_phase_demo",
    "two_neuron_oscillator",
]

# Figures and demos load matplotlib (and ipywidgets) on first use only.
__getattr__, __dir__ = presentation(
    __name__,
    {
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
    },
    globals(),
)
