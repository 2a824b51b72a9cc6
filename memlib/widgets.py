"""Kernel-free interactive demos: precomputed frames switched in the browser.

A demo is a *frame builder* — a plain function that maps the chosen value of
each control to an HTML string (an inline SVG figure, a table, or both) — and a
list of :class:`Control` objects, each with a few named options.
:func:`explorer` computes the frame of every combination of options and stacks
them in nested ``ipywidgets.Stack`` containers.  Each control is a selection
widget whose ``index`` is linked with ``jslink`` to the ``selected_index`` of
every stack on its level, so choosing an option switches the visible frame in
the browser, with no kernel: the links are front-end only and survive in the
static HTML page.  In a live kernel the same links work, and an optional *live*
panel computes frames for free inputs that were not precomputed.

Only frame builders carry logic; they are unit-tested like any other function.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from memlib.html import figure_to_svg, html_table, side_by_side

__all__ = [
    "Control",
    "count_models",
    "explorer",
    "figure_to_svg",
    "frame_grid",
    "html_table",
    "side_by_side",
]

FrameBuilder = Callable[..., str]

#: The widget kinds a control may use.  All of them expose ``index``.
KINDS = ("toggle", "dropdown", "slider")

#: Most frames one demo may precompute (each frame is embedded in the page).
MAX_FRAMES = 400

#: Most widget models one demo may create.  Every model is announced by one
#: message on the kernel's IOPub socket, whose ZMQ high-water mark is 1000
#: messages: a larger burst can be dropped when the client reads slowly (a busy
#: machine), and the page then lacks models ("widget model not found").
#: Frames therefore share one Layout and one style model.
MAX_MODELS = 800


@dataclass(frozen=True)
class Control:
    """One control of a demo: an argument name and its named options.

    Parameters
    ----------
    name : str
        Keyword argument of the frame builder that receives the option value.
    label : str
        Text shown next to the control (Chinese in the book).
    options : sequence of (str, object)
        ``(label, value)`` pairs; the label is shown, the value is passed on.
        A plain value stands for ``(str(value), value)``.
    kind : {"toggle", "dropdown", "slider"}
        The selection widget: ``ToggleButtons``, ``Dropdown`` or
        ``SelectionSlider``.
    default : int
        Index of the option selected at first.
    """

    name: str
    label: str
    options: Sequence[object]
    kind: str = "toggle"
    default: int = 0
    pairs: tuple[tuple[str, object], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a str, got {type(self.name).__name__}")
        if not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier, got {self.name!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        pairs = tuple(
            (str(o[0]), o[1]) if isinstance(o, tuple) and len(o) == 2 else (str(o), o)
            for o in self.options
        )
        if not pairs:
            raise ValueError(f"options of control {self.name!r} must not be empty")
        if len({label for label, _ in pairs}) != len(pairs):
            raise ValueError(f"option labels of control {self.name!r} must be distinct")
        if not 0 <= self.default < len(pairs):
            raise ValueError(
                f"default of control {self.name!r} must be in [0, {len(pairs) - 1}], "
                f"got {self.default}"
            )
        object.__setattr__(self, "pairs", pairs)

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.pairs]

    @property
    def values(self) -> list[object]:
        return [value for _, value in self.pairs]

    def widget(self) -> widgets.Widget:
        """A fresh selection widget for this control (its ``index`` drives frames)."""
        common = dict(
            options=self.labels,
            index=self.default,
            description=self.label,
            style={"description_width": "initial"},
        )
        if self.kind == "toggle":
            return widgets.ToggleButtons(**common)
        if self.kind == "dropdown":
            return widgets.Dropdown(**common)
        return widgets.SelectionSlider(
            **common, continuous_update=True, layout=widgets.Layout(width="420px")
        )


def _check_controls(controls: Sequence[Control]) -> list[Control]:
    controls = list(controls)
    if not controls:
        raise ValueError("controls must contain at least one Control")
    for c in controls:
        if not isinstance(c, Control):
            raise TypeError(f"controls must contain Control objects, got {type(c).__name__}")
    names = [c.name for c in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"control names must be distinct, got {names}")
    return controls


def frame_grid(
    builder: FrameBuilder, controls: Sequence[Control], **fixed: object
) -> dict[tuple[int, ...], str]:
    """Compute the frame of every combination of options.

    Returns
    -------
    dict
        Maps a tuple of option indices (one per control, in order) to the HTML
        string ``builder(**{c.name: value, ...}, **fixed)``.
    """
    controls = _check_controls(controls)
    total = 1
    for c in controls:
        total *= len(c.pairs)
    if total > MAX_FRAMES:
        raise ValueError(
            f"controls give {total} combinations; at most {MAX_FRAMES} frames are embedded"
        )
    frames = {}
    for index in itertools.product(*(range(len(c.pairs)) for c in controls)):
        kwargs = {c.name: c.pairs[i][1] for c, i in zip(controls, index)}
        frame = builder(**kwargs, **fixed)
        if not isinstance(frame, str):
            raise TypeError(f"builder must return an HTML str, got {type(frame).__name__}")
        frames[index] = frame
    return frames


def _nested_stack(
    frames: Mapping[tuple[int, ...], str],
    sizes: Sequence[int],
    defaults: Sequence[int],
    prefix: tuple[int, ...],
    levels: list[list[widgets.Stack]],
    shared: dict[str, widgets.Widget],
) -> widgets.Widget:
    depth = len(prefix)
    if depth == len(sizes):
        return widgets.HTML(
            value=frames[prefix], layout=shared["frame_layout"], style=shared["frame_style"]
        )
    children = [
        _nested_stack(frames, sizes, defaults, prefix + (i,), levels, shared)
        for i in range(sizes[depth])
    ]
    stack = widgets.Stack(
        children=children, selected_index=defaults[depth], layout=shared["stack_layout"]
    )
    levels[depth].append(stack)
    return stack


def explorer(
    builder: FrameBuilder,
    controls: Sequence[Control],
    *,
    live: Mapping[str, widgets.ValueWidget] | None = None,
    live_label: str = "自由输入（需要运行中的内核）",
    **fixed: object,
) -> widgets.VBox:
    """A demo whose controls switch precomputed frames in the browser.

    Parameters
    ----------
    builder : callable
        Frame builder: keyword arguments (one per control, plus ``fixed``) to an
        HTML string.
    controls : sequence of Control
        The controls, outermost first.
    live : mapping of str to ipywidgets value widgets, optional
        Extra inputs for a live kernel: whenever one changes, the frame of
        ``builder(**{name: widget.value}, **fixed)`` is computed and shown in a
        separate panel.  Their names must be builder arguments; a control with
        the same name is overridden there.  In a static page the panel shows
        the frame of the initial values.
    **fixed
        Arguments passed unchanged to every call of the builder.

    Returns
    -------
    ipywidgets.VBox
        The controls above the frame stack (and the live panel, if any).  Its
        ``links`` attribute lists the ``jslink`` objects, one per stack.
    """
    controls = _check_controls(controls)
    sizes = [len(c.pairs) for c in controls]
    n_models = count_models(sizes, live=len(live or ()))
    if n_models > MAX_MODELS:
        raise ValueError(
            f"the demo needs {n_models} widget models; at most {MAX_MODELS} arrive safely "
            "(use fewer options)"
        )
    frames = frame_grid(builder, controls, **fixed)
    defaults = [c.default for c in controls]
    levels: list[list[widgets.Stack]] = [[] for _ in controls]
    shared = {
        "frame_layout": widgets.Layout(width="100%"),
        "frame_style": HTMLStyle(),
        "stack_layout": widgets.Layout(),
    }
    root = _nested_stack(frames, sizes, defaults, (), levels, shared)
    root.add_class("memlib-frames")
    control_widgets = [c.widget() for c in controls]
    links = [
        widgets.jslink((control_widget, "index"), (stack, "selected_index"))
        for control_widget, stacks in zip(control_widgets, levels)
        for stack in stacks
    ]
    children: list[widgets.Widget] = [*control_widgets, root]
    if live:
        children.append(_live_panel(builder, controls, dict(live), live_label, fixed))
    box = widgets.VBox(children, layout=widgets.Layout(width="100%"))
    box.add_class("memlib-explorer")
    box.links = links  # the front-end links that switch the frames (for inspection)
    return box


def count_models(sizes: Sequence[int], live: int = 0) -> int:
    """Widget models an :func:`explorer` with these control sizes creates.

    Frames (one HTML model each) and stacks (one each, plus one front-end link
    each) dominate; each control is a widget with its own layout and style;
    frames share one layout and one style, stacks one layout; the box is a
    VBox with a layout.  A live panel with ``live`` inputs adds its inputs
    (3 models each), a title and a view (3 each) and two boxes (2 each).
    """
    n_stacks, width = 0, 1
    for size in sizes[:-1]:
        width *= size
        n_stacks += width
    n_stacks += 1  # the root
    n_frames = width * sizes[-1] if sizes else 0
    models = n_frames + 2 * n_stacks + 3 * len(sizes) + 3 + 2
    if live:
        models += 3 * live + 2 * 3 + 2 * 2
    return models


def _live_panel(
    builder: FrameBuilder,
    controls: Sequence[Control],
    live: dict[str, widgets.ValueWidget],
    label: str,
    fixed: Mapping[str, object],
) -> widgets.VBox:
    base = {c.name: c.pairs[c.default][1] for c in controls}
    view = widgets.HTML()

    def update(_change: object = None) -> None:
        kwargs = {**base, **fixed, **{k: w.value for k, w in live.items()}}
        try:
            view.value = builder(**kwargs)
        except (ValueError, TypeError) as exc:
            view.value = f"<p style='color:#b00'>{html.escape(str(exc))}</p>"

    for w in live.values():
        w.observe(update, names="value")
    update()
    title = widgets.HTML(f"<b>{html.escape(label)}</b>")
    return widgets.VBox([title, widgets.HBox(list(live.values())), view])
