"""memlib.ntm, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.ntm`: import its names from there.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from memlib._checks import as_array, check_int
from memlib.html import figure_to_svg
from memlib.ntm._core import (
    ADDRESSING_SHIFTS,
    WRITE_ADDS,
    WRITE_ATTENTIONS,
    WRITE_DEMO_MEMORY,
    WRITE_ERASES,
    CopyResult,
    _check_bits,
    _check_memory,
    _check_weighting,
    address_stages,
    addressing_example,
    copy_task,
)
from memlib.ntm._plot import (
    plot_addressing,
    plot_copy_step,
    plot_memory_write,
)

__all__ = [
    "addressing_frame",
    "copy_task_frame",
    "write_demo_frame",
]


def _preset(
    value: object, presets: dict[str, np.ndarray], name: str, size: int, scalar: bool = True
) -> np.ndarray:
    """A preset by name, a number repeated ``size`` times (if ``scalar``) or a vector."""
    if isinstance(value, str):
        if value not in presets:
            raise ValueError(f"{name} must be one of {sorted(presets)} or an array, got {value!r}")
        return presets[value]
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        if not scalar:
            raise ValueError(
                f"{name} must be one of {sorted(presets)} or an array of {size} weights, "
                f"not a single number ({value!r})"
            )
        return np.full(size, float(value))
    return as_array(value, name, ndim=1)


def write_demo_frame(
    attention: object = "slot 2",
    erase: object = "all",
    add: object = "[1, 0, 1, 0]",
    memory: object | None = None,
) -> str:
    """Frame builder of the write demo: heatmaps before and after one write.

    Parameters
    ----------
    attention : str or array_like
        A preset name (:data:`WRITE_ATTENTIONS`) or a distribution over the N
        slots.  A single number is rejected (it is not a weighting).
    erase, add : str, float or array_like
        A preset name (:data:`WRITE_ERASES`, :data:`WRITE_ADDS`), a number
        (repeated over the M components) or a vector of length M.
    memory : array_like, optional
        Default :data:`WRITE_DEMO_MEMORY`.

    Returns
    -------
    str
        An inline SVG of :func:`plot_memory_write`.

    Raises
    ------
    ValueError
        An unknown preset name, a number for ``attention``, an attention that is
        not a distribution over the N slots, or vectors of the wrong length.
    """
    memory = WRITE_DEMO_MEMORY if memory is None else _check_memory(memory)
    n, m = memory.shape
    w = _check_weighting(
        _preset(attention, WRITE_ATTENTIONS, "attention", n, scalar=False), "attention", n
    )
    e = _preset(erase, WRITE_ERASES, "erase", m)
    a = _preset(add, WRITE_ADDS, "add", m)
    return figure_to_svg(plot_memory_write(memory, w, e, a))


def addressing_frame(
    beta: float = 5.0, g: float = 1.0, s: object = "+1", gamma: float = 1.0
) -> str:
    """Frame builder of the addressing demo: the four stages for given beta, g, s, gamma.

    Uses :func:`addressing_example`; ``s`` is a name in :data:`ADDRESSING_SHIFTS`
    or a distribution over the offsets.

    Returns
    -------
    str
        An inline SVG of :func:`plot_addressing`.
    """
    memory, key, w_prev = addressing_example()
    s = _preset(s, ADDRESSING_SHIFTS, "s", 3) if isinstance(s, str) else s
    stages = address_stages(memory, w_prev, key, beta, g, s, gamma)
    return figure_to_svg(plot_addressing(stages))


@lru_cache(maxsize=8)
def _cached_copy_task(bits: tuple[tuple[float, ...], ...], n_slots: int | None) -> CopyResult:
    """:func:`copy_task` memoised on a hashable copy of the bits (for frame builders)."""
    return copy_task(np.array(bits, dtype=float), n_slots=n_slots)


def copy_task_frame(t: int, bits: object, n_slots: int | None = None) -> str:
    """Frame builder of the copy-task stepper: :func:`plot_copy_step` at step ``t``.

    The copy task runs once per ``(bits, n_slots)``: the result is cached, so
    the 2T frames of a stepper share one run.

    Parameters
    ----------
    t : int
        Step, 1..2T.
    bits : array_like, shape (T, B)
        0/1 entries.
    n_slots : int, optional
        As in :func:`copy_task`.

    Raises
    ------
    ValueError
        Bad ``bits`` or ``n_slots`` (see :func:`copy_task`), ``t`` outside 1..2T.
    """
    bits = _check_bits(bits)
    if n_slots is not None:
        n_slots = check_int(n_slots, "n_slots", low=bits.shape[0])
    result = _cached_copy_task(tuple(map(tuple, bits.tolist())), n_slots)
    return figure_to_svg(plot_copy_step(result, t))
