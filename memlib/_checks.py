"""Input validation shared by every memlib module.

Each helper raises ``TypeError`` for the wrong kind of object and ``ValueError``
for the right kind with a bad value, and names the offending argument, so that
bad input never fails later with an obscure broadcasting error.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np

#: What every ``rng`` argument accepts: a Generator, or an int seed for a new one.
RngLike = np.random.Generator | int

__all__ = [
    "RngLike",
    "as_array",
    "as_rng",
    "check_distribution",
    "check_int",
    "check_real",
    "check_choice",
]


def as_array(
    x: object,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    nonempty: bool = True,
) -> np.ndarray:
    """Convert ``x`` to a float array and check its dimensions.

    Parameters
    ----------
    x : array_like
        Numbers (bools and integers are accepted and converted to float).
    name : str
        The argument name used in error messages.
    ndim : int or sequence of int, optional
        Allowed numbers of dimensions.
    shape : sequence of int or None, optional
        Required shape; ``None`` entries match any length.
    finite : bool, default True
        Reject NaN and infinite values.
    nonempty : bool, default True
        Reject arrays with no elements.

    Returns
    -------
    numpy.ndarray
        A float64 array (a new array when a conversion was needed).

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` has the wrong dimensions or shape, is empty, or is not finite.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - numpy raises many kinds
        raise TypeError(f"{name} must be an array of numbers: {exc}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be an array of numbers, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, Integral) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if shape is not None:
        if arr.ndim != len(shape) or any(
            s is not None and s != a for s, a in zip(shape, arr.shape)
        ):
            dims = ["*" if s is None else str(s) for s in shape]
            want = "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf)")
    return arr


def as_rng(rng: RngLike) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from a Generator or an integer seed.

    Raises
    ------
    TypeError
        If ``rng`` is neither (``None`` is refused: randomness is always seeded).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"rng must be a numpy.random.Generator or an int seed, got {type(rng).__name__}"
    )


def check_int(x: object, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check that ``x`` is an integer in ``[low, high]`` and return it as ``int``."""
    if not isinstance(x, Integral) or isinstance(x, bool):
        raise TypeError(f"{name} must be an int, got {type(x).__name__}")
    x = int(x)
    if low is not None and x < low:
        raise ValueError(f"{name} must be >= {low}, got {x}")
    if high is not None and x > high:
        raise ValueError(f"{name} must be <= {high}, got {x}")
    return x


def check_real(
    x: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
) -> float:
    """Check that ``x`` is a finite real number in ``[low, high]``; return a float."""
    if isinstance(x, bool) or not isinstance(x, (Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if low is not None and x < low:
        raise ValueError(f"{name} must be >= {low}, got {x}")
    if high is not None and x > high:
        raise ValueError(f"{name} must be <= {high}, got {x}")
    return x


def check_choice(x: object, name: str, choices: Sequence[str]) -> str:
    """Check that ``x`` is one of the strings in ``choices``.

    Raises ``TypeError`` if ``x`` is not a string, ``ValueError`` if it is
    not one of the choices.
    """
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a str, one of {', '.join(map(repr, choices))}; "
                        f"got {type(x).__name__}")
    if x not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {x!r}")
    return str(x)


def check_distribution(
    w: object, name: str, *, ndim: int | Sequence[int] = 1, atol: float = 1e-6
) -> np.ndarray:
    """Check that ``w`` is non-negative and sums to 1 along its last axis."""
    arr = as_array(w, name, ndim=ndim)
    if np.any(arr < -atol):
        raise ValueError(f"{name} must be a distribution: it has negative entries")
    if not np.allclose(arr.sum(axis=-1), 1.0, atol=atol):
        raise ValueError(f"{name} must be a distribution: its entries must sum to 1")
    return arr


def check_bool(x: object, name: str) -> bool:
    """Check that ``x`` is a bool (Python or numpy); strings such as "False" are refused."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool, got {type(x).__name__}")
    return bool(x)


def check_positive(x: object, name: str) -> float:
    """Check that ``x`` is a finite real number > 0; return a float."""
    x = check_real(x, name)
    if x <= 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    return x
