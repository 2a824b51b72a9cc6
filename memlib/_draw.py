"""Drawing helpers shared by memlib's block diagrams (private).

The structure diagrams of :mod:`memlib.attention`, :mod:`memlib.memn2n` and
:mod:`memlib.ntm` are built from rounded boxes with centred labels and
straight (or gently curved) arrows with an optional label at the midpoint.
Coordinates are data coordinates of the axes the diagram is drawn on.
:func:`place_labels` puts the labels of scatter points where they overlap
no marker and no other label; :func:`phrase` sets Chinese words and ``$math$``
side by side on one baseline (one matplotlib text cannot mix them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox, HPacker, TextArea
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Annotation

__all__ = ["EDGE", "arrow", "box", "canvas", "phrase", "place_labels"]

#: Colour of box outlines, arrows and their labels.
EDGE = "#333333"


def canvas(
    figsize: tuple[float, float], xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[Figure, Axes]:
    """A figure that is all drawing: one axes filling it, no frame or ticks.

    Data coordinates run over ``xlim`` by ``ylim``; choose them in proportion
    to ``figsize`` for round circles and undistorted boxes.
    """
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, ax


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


def place_labels(
    ax: Axes,
    marks: Sequence[tuple[tuple[float, float], float]],
    labels: Sequence[tuple[int, str, float, Mapping[str, object]]],
    *,
    gap: float = 1.5,
    directions: int = 16,
    rings: Sequence[float] = (0.0, 4.0, 8.0),
) -> list[Annotation]:
    """Label points of a plot beside their markers, where nothing else is.

    Each label's box (as matplotlib measures the text) is put just outside its
    marker, ``gap`` points away, in one of ``directions`` directions: the
    first one, tried from the preferred angle outwards (alternately
    anticlockwise and clockwise), where the box stays ``gap`` points clear of
    every marker, of every label placed before it and of the axes' edges.  If
    no direction is clear, the label moves further out by each of ``rings`` in
    turn; if none is clear even then, it takes the place with the most room.
    Distances are measured in points on the figure as it is laid out now, so
    call this after ``tight_layout`` (and after the axis limits and aspect are
    set).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    marks : sequence of ((x, y), radius)
        Every marker of the plot: centre in data coordinates and radius in
        points (for a scatter marker of area ``s``, about ``sqrt(s) / 2``).
    labels : sequence of (mark, text, angle, kwargs)
        Index into ``marks`` of the labelled marker, the text, the preferred
        direction in degrees (0 = right, 90 = up) and keyword arguments of
        :meth:`~matplotlib.axes.Axes.annotate` (``fontsize``, ``color``, ...).
    gap : float, default 1.5
        Clearance in points.
    directions : int, default 16
        Number of candidate directions around each marker.
    rings : sequence of float, default (0, 4, 8)
        Extra distances (points) tried in turn when no direction is clear.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels, in the order given, centred on their place by an offset in
        points (``xyann``); they are left out of later layouts.
    """
    ax.apply_aspect()
    to_pt = 72.0 / ax.figure.dpi
    circles = [
        (tuple(float(v) * to_pt for v in ax.transData.transform(xy)), float(r)) for xy, r in marks
    ]
    frame = ax.get_window_extent()
    x0, y0, x1, y1 = (v * to_pt for v in (frame.x0, frame.y0, frame.x1, frame.y1))
    step = 2 * math.pi / directions
    boxes: list[tuple[float, float, float, float]] = []  # centre x, y, half width, half height
    placed = []
    for index, text, angle, kwargs in labels:
        label = ax.annotate(
            text,
            marks[index][0],
            xytext=(0.0, 0.0),
            textcoords="offset points",
            ha="center",
            va="center",
            **kwargs,
        )
        label.set_in_layout(False)
        extent = label.get_window_extent()
        hw, hh = extent.width * to_pt / 2, extent.height * to_pt / 2
        (cx, cy), own = circles[index]
        start = math.radians(angle)
        turns = [start + (k + 1) // 2 * step * (1 if k % 2 else -1) for k in range(directions)]
        best, best_room = (0.0, 0.0), -math.inf
        for extra in rings:
            for theta in turns:
                c, s = math.cos(theta), math.sin(theta)
                dist = own + gap + abs(c) * hw + abs(s) * hh + extra
                px, py = cx + dist * c, cy + dist * s
                room = min(px - hw - x0, x1 - px - hw, py - hh - y0, y1 - py - hh)
                for j, ((ox, oy), r) in enumerate(circles):
                    if j != index:
                        near = math.hypot(max(abs(px - ox) - hw, 0.0), max(abs(py - oy) - hh, 0.0))
                        room = min(room, near - r)
                for bx, by, bw, bh in boxes:
                    room = min(room, max(abs(px - bx) - hw - bw, abs(py - by) - hh - bh))
                if room > best_room:
                    best, best_room = (dist * c, dist * s), room
                if room >= gap:
                    break
            if best_room >= gap:
                break
        dx, dy = round(best[0], 2), round(best[1], 2)
        label.xyann = (dx, dy)
        boxes.append((cx + dx, cy + dy, hw, hh))
        placed.append(label)
    return placed


def phrase(
    ax: Axes,
    parts: tuple[str, ...],
    xy: tuple[float, float],
    *,
    loc: str = "lower center",
    transform=None,
    fontsize: float = 10,
    gap: float = 0.0,
) -> AnchoredOffsetbox:
    """One line of Chinese words and ``$math$`` set as separate texts on one baseline.

    matplotlib cannot lay out a single text that mixes Chinese with mathtext, so
    ``parts`` (e.g. ``("外部记忆", "$M_t$")``) become texts packed side by side.
    The line's ``loc`` corner (an :class:`~matplotlib.offsetbox.AnchoredOffsetbox`
    location) sits at ``xy`` (axes coordinates unless ``transform`` is given),
    ``gap`` points away from it.
    """
    areas = [TextArea(p, textprops={"fontsize": fontsize}) for p in parts]
    line = HPacker(children=areas, align="baseline", pad=0, sep=0.3 * fontsize)
    anchored = AnchoredOffsetbox(
        loc=loc,
        child=line,
        bbox_to_anchor=xy,
        bbox_transform=ax.transAxes if transform is None else transform,
        frameon=False,
        pad=0.0,
        borderpad=gap / 10.0,  # in units of the (default 10 pt) font size
    )
    ax.add_artist(anchored)
    return anchored
