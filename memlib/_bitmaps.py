"""Small text bitmaps: the 8.4 glyphs and the 8.6 letters are drawn the same way.

A bitmap is a tuple of equally long strings, ``"#"`` for an "on" pixel and
``"."`` for "off"; :func:`parse_bitmap` flattens it row by row into the values
a chapter needs (0/1 for the 8.4 memory, -1/+1 for Hopfield states).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["parse_bitmap"]


def parse_bitmap(rows: Sequence[str], name: str, *, on: float, off: float) -> np.ndarray:
    """Flatten ``rows`` row by row: ``on`` for "#", ``off`` for "."; shape (H * W,).

    Raises
    ------
    ValueError
        If the rows are empty, of different lengths, or hold other characters.
    """
    if isinstance(rows, str) or not rows or not all(isinstance(r, str) for r in rows):
        raise ValueError(f"{name} must be a non-empty sequence of strings")
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        raise ValueError(f"{name} must have rows of one non-zero length")
    text = "".join(rows)
    if set(text) - {"#", "."}:
        raise ValueError(f"{name} may only hold '#' and '.', got {sorted(set(text) - {'#', '.'})}")
    return np.where(np.frombuffer(text.encode(), dtype=np.uint8) == ord("#"), on, off)
