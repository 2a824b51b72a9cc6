"""Drawing helpers shared by memlib's block diagrams (private).

The structure diagrams of :mod:`memlib.attention`, :mod:`memlib.memn2n` and
:mod:`memlib.ntm` are built from rounded boxes with centred labels and
straight (or gently curved) arrows with an optional label at the midpoint.
Coordinates are data coordinates of the axes the diagram is drawn on.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

__all__ = ["EDGE", "arrow", "box"]

#: Colour of box outlines, arrows and their labels.
EDGE = "#333333"


def box(
    ax: Axes,
    xy: tuple[float, float],
    w: float,
    h: float,
    text: str = "",
    *,
    fc: str = "#dbe9f6",
    ec: str = EDGE,
    lw: float = 1.2,
    pad: float = 0.02,
    rounding: float = 0.08,
    fontsize: float = 10.0,
) -> FancyBboxPatch:
    """Draw a rounded box with lower-left corner ``xy`` and a centred label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    xy : (float, float)
        Lower-left corner of the box before padding.
    w, h : float
        Width and height (the outline lies ``pad`` outside this rectangle).
    text : str, default ""
        Label at the centre (may contain newlines and mathtext).
    fc, ec : str
        Face and edge colours.
    lw : float, default 1.2
        Line width of the outline.
    pad, rounding : float
        Padding and corner radius of the ``round`` box style, data units.
    fontsize : float, default 10

    Returns
    -------
    matplotlib.patches.FancyBboxPatch
    """
    patch = FancyBboxPatch(
        xy,
        w,
        h,
        boxstyle=f"round,pad={pad},rounding_size={rounding}",
        fc=fc,
        ec=ec,
        lw=lw,
    )
    ax.add_patch(patch)
    if text:
        ax.text(xy[0] + w / 2, xy[1] + h / 2, text, ha="center", va="center", fontsize=fontsize)
    return patch


def arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    label: str = "",
    *,
    offset: tuple[float, float] = (0.0, 0.12),
    color: str = EDGE,
    lw: float = 1.2,
    head: float = 12.0,
    fontsize: float = 10.0,
    label_va: str = "center",
    **kw: object,
) -> FancyArrowPatch:
    """Draw an arrow from ``start`` to ``end`` (tip exactly at ``end``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    start, end : (float, float)
        Tail and tip, data coordinates.
    label : str, default ""
        Optional text placed at the midpoint shifted by ``offset``.
    offset : (float, float), default (0, 0.12)
        Shift of the label from the midpoint, data units.
    color : str
        Colour of the arrow.
    lw, head : float
        Line width and arrow-head size (``mutation_scale``).
    fontsize : float, default 10
    label_va : str, default "center"
        Vertical alignment of the label.
    **kw
        Passed to :class:`matplotlib.patches.FancyArrowPatch`, e.g.
        ``connectionstyle="arc3,rad=0.25"`` for a curved arrow.

    Returns
    -------
    matplotlib.patches.FancyArrowPatch
    """
    patch = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>",
        mutation_scale=head,
        lw=lw,
        color=color,
        shrinkA=0.0,
        shrinkB=0.0,
        **kw,
    )
    ax.add_patch(patch)
    if label:
        mx = (start[0] + end[0]) / 2 + offset[0]
        my = (start[1] + end[1]) / 2 + offset[1]
        ax.text(mx, my, label, ha="center", va=label_va, fontsize=fontsize)
    return patch
