"""Small numerical helpers shared by the model modules (numpy only).

The one home of the unchecked building blocks the formulas use: a stable
:func:`softmax` (public, validated version: :func:`memlib.attention.softmax`),
:func:`logsumexp`, :func:`sigmoid` and :func:`softplus`.

``portable_tanh`` and ``portable_matvec`` give the same bits on every CPU:
numpy's ``tanh``/``exp`` run CPU-specific SIMD code (AVX2 and AVX-512
machines differ in the last bit) and a BLAS matrix product sums in an order
that depends on the kernel and the thread count.  That is harmless almost
everywhere, but a chaotic map amplifies the last bit until whole trajectories
differ, so the book's chaos demo uses these two.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "logsumexp",
    "portable_exp",
    "portable_matvec",
    "portable_tanh",
    "sigmoid",
    "softmax",
    "softplus",
]

def softmax(x: np.ndarray, axis: int = -1, *, overwrite: bool = False) -> np.ndarray:
    """Unchecked stable softmax ``exp(x - max x) / sum exp(x - max x)``; -inf gets weight 0.

    Computed in place, in ``x`` itself when ``overwrite`` (for score arrays
    the caller has just made) or else in one new array: at batch sizes the
    page faults of fresh temporaries cost more than the arithmetic.
    """
    top = np.max(x, axis=axis, keepdims=True)
    if overwrite:
        x -= top
        e = x
    else:
        e = x - top
    np.exp(e, out=e)
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


def logsumexp(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Stable ``log sum_l exp(z_l)`` along ``axis`` (the axis is removed)."""
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)), axis=axis)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2`` (no overflow)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def softplus(x: np.ndarray) -> np.ndarray:
    """``log(1 + exp(x))``, computed without overflow."""
    return np.logaddexp(0.0, x)


_LN2_HI = 6.93147180369123816490e-01  # ln 2 split for Cody-Waite reduction (fdlibm)
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
#: Taylor coefficients 1/k! of exp, k = 0..14, highest first (Horner).
_EXP_COEFFS = tuple(1.0 / float(np.prod(np.arange(1, k + 1))) for k in range(14, -1, -1))


def portable_exp(y: np.ndarray) -> np.ndarray:
    """``exp(y)`` from IEEE additions, multiplications and exact scalings only.

    Range reduction ``y = k ln 2 + r`` with ``|r| <= ln(2)/2`` (Cody and Waite),
    ``exp(r)`` by its Taylor polynomial of degree 14 (truncation error below
    1e-18) and ``exp(y) = 2**k exp(r)``.  Every step is a correctly rounded
    elementwise operation, so the result has the same bits on every machine;
    it is within a few units in the last place of ``numpy.exp``.
    """
    y = np.clip(np.asarray(y, dtype=float), -800.0, 700.0)
    k = np.rint(y * _INV_LN2)
    r = (y - k * _LN2_HI) - k * _LN2_LO
    p = np.full_like(r, _EXP_COEFFS[0])
    for c in _EXP_COEFFS[1:]:
        p = p * r + c
    return np.ldexp(p, k.astype(np.int64))


def portable_tanh(x: np.ndarray) -> np.ndarray:
    """``tanh(x) = sign(x) (1 - e) / (1 + e)`` with ``e = exp(-2|x|)``.

    Uses :func:`portable_exp`, so the bits do not depend on the CPU; the
    absolute error is below 1e-15.
    """
    x = np.asarray(x, dtype=float)
    e = portable_exp(-2.0 * np.abs(x))
    return np.copysign((1.0 - e) / (1.0 + e), x)


def portable_matvec(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W x`` summed by numpy's pairwise summation, not by BLAS.

    ``(W * x).sum(axis=1)``: the products are exact-rounded elementwise and each
    row is summed in a fixed order, so the result does not depend on the BLAS
    kernel or the number of threads (``W @ x`` does, in the last bit).
    """
    return (np.asarray(w, dtype=float) * np.asarray(x, dtype=float)).sum(axis=-1)
