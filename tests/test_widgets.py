"""Tests of the kernel-free widget mechanism (memlib.widgets)."""

import re

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure

from memlib.widgets import (
    MAX_FRAMES,
    MAX_MODELS,
    Control,
    count_models,
    explorer,
    figure_to_svg,
    frame_grid,
    html_table,
    side_by_side,
)


def builder(a, b, suffix=""):
    return f"<p>{a}-{b}{suffix}</p>"


def controls():
    return [
        Control("a", "A", [("one", 1), ("two", 2), ("three", 3)]),
        Control("b", "B", ["x", "y"], kind="dropdown", default=1),
    ]


def test_control_normalises_options_and_validates():
    c = Control("b", "B", ["x", ("why", "y")])
    assert c.labels == ["x", "why"]
    assert c.values == ["x", "y"]
    with pytest.raises(ValueError, match="identifier"):
        Control("not a name", "L", [1])
    with pytest.raises(ValueError, match="kind"):
        Control("a", "L", [1], kind="knob")
    with pytest.raises(ValueError, match="must not be empty"):
        Control("a", "L", [])
    with pytest.raises(ValueError, match="distinct"):
        Control("a", "L", [("same", 1), ("same", 2)])
    with pytest.raises(ValueError, match="default"):
        Control("a", "L", [1, 2], default=2)


@pytest.mark.parametrize(
    "kind, cls",
    [
        ("toggle", widgets.ToggleButtons),
        ("dropdown", widgets.Dropdown),
        ("slider", widgets.SelectionSlider),
    ],
)
def test_control_widget_kind_and_default(kind, cls):
    w = Control("a", "L", [1, 2, 3], kind=kind, default=2).widget()
    assert isinstance(w, cls)
    assert w.index == 2


def test_frame_grid_calls_builder_for_every_combination():
    frames = frame_grid(builder, controls(), suffix="!")
    assert len(frames) == 6
    assert frames[(0, 0)] == "<p>1-x!</p>"
    assert frames[(2, 1)] == "<p>3-y!</p>"


def test_frame_grid_rejects_too_many_frames_and_bad_builders():
    big = [Control("a", "A", list(range(30))), Control("b", "B", list(range(30)))]
    assert 30 * 30 > MAX_FRAMES
    with pytest.raises(ValueError, match="combinations"):
        frame_grid(builder, big)
    with pytest.raises(TypeError, match="HTML str"):
        frame_grid(lambda a, b: 3, controls())
    with pytest.raises(ValueError, match="distinct"):
        frame_grid(builder, [Control("a", "A", [1]), Control("a", "B", [2])])
    with pytest.raises(TypeError, match="Control"):
        frame_grid(builder, ["a"])


def _leaf_html(stack, path):
    node = stack
    for i in path:
        node = node.children[i]
    return node.value


def test_explorer_nests_stacks_and_links_each_control_to_its_level():
    box = explorer(builder, controls())
    toggle, dropdown, root = box.children
    assert "memlib-frames" in root._dom_classes
    # the tree reproduces the grid: path (i, j) holds frame (i, j)
    assert _leaf_html(root, (1, 0)) == "<p>2-x</p>"
    assert _leaf_html(root, (2, 1)) == "<p>3-y</p>"
    # defaults are selected on every level
    assert root.selected_index == 0
    assert all(child.selected_index == 1 for child in root.children)
    # every stack is the target of exactly one front-end link from its control
    links = box.links
    assert len(links) == 1 + 3  # one root stack, three stacks on the second level
    targets = {id(link.target[0]): link.source[0] for link in links}
    assert targets[id(root)] is toggle
    for child in root.children:
        assert targets[id(child)] is dropdown
    assert all(link.source[1] == "index" and link.target[1] == "selected_index" for link in links)


def test_explorer_live_panel_computes_new_frames():
    live = widgets.IntText(value=7)
    box = explorer(builder, controls(), live={"a": live})
    panel = box.children[-1]
    view = panel.children[-1]
    assert view.value == "<p>7-y</p>"  # control b keeps its default
    live.value = 42
    assert view.value == "<p>42-y</p>"


def test_explorer_live_panel_shows_errors_instead_of_raising():
    def picky(a, b):
        if a < 0:
            raise ValueError("a must be >= 0")
        return f"{a}{b}"

    live = widgets.IntText(value=1)
    box = explorer(picky, [Control("b", "B", ["x"])], live={"a": live}, a=1)
    view = box.children[-1].children[-1]
    live.value = -1
    assert "a must be &gt;= 0" in view.value


def test_figure_to_svg_is_byte_stable_and_inline():
    def draw():
        fig = Figure(figsize=(2, 2))
        ax = fig.subplots()
        ax.plot(np.arange(5), np.arange(5) ** 2, label="x^2")
        ax.legend()
        return fig

    a, b = figure_to_svg(draw()), figure_to_svg(draw())
    assert a == b
    assert a.startswith("<svg ")
    assert "<?xml" not in a and "DOCTYPE" not in a
    assert "dc:date" not in a
    assert 'style="max-width:100%;height:auto"' in a
    with pytest.raises(TypeError):
        figure_to_svg("not a figure")


def test_html_table_escapes_and_highlights():
    html = html_table([["<b>", 1], [2, 3]], header=["h&1", "h2"], caption="c", highlight=[(1, 0)])
    assert "&lt;b&gt;" in html and "h&amp;1" in html
    assert "<caption>c</caption>" in html
    cells = re.findall(r"<td[^>]*>", html)
    assert cells[2].startswith('<td style="background')
    assert sum("background" in c for c in cells) == 1


def test_side_by_side_wraps_each_part():
    html = side_by_side("<i>a</i>", "<i>b</i>")
    assert html.count("flex:1 1 300px") == 2
    assert html.index("<i>a</i>") < html.index("<i>b</i>")
    wide = side_by_side("<i>fig</i>", "<i>table</i>", grow=(3, 1), basis="200px")
    assert "flex:3 1 200px" in wide and "flex:1 1 200px" in wide
    with pytest.raises(ValueError, match="grow"):
        side_by_side("a", "b", grow=(1,))
    with pytest.raises(ValueError, match="grow"):
        side_by_side("a", "b", grow=(1, 0))


def test_figure_to_svg_compaction_keeps_the_drawing():
    import io
    import xml.etree.ElementTree as ET

    import matplotlib

    def draw():
        fig = Figure(figsize=(3, 2))
        ax = fig.subplots()
        ax.bar(np.arange(7), np.linspace(0.1, 0.9, 7) ** 1.7)
        ax.set_title(r"$\alpha_t$ after shift")
        return fig

    from memlib._fonts import css_font_family

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "memlib", "svg.fonttype": "none"}):
        draw().savefig(buf, format="svg", metadata={"Date": None})
    full = css_font_family(buf.getvalue())
    small = figure_to_svg(draw(), width=None)
    assert len(small) < 0.9 * len(full)
    assert "<metadata" not in small and "<!--" not in small

    def elements(svg):
        root = ET.fromstring(svg.encode())
        for md in root.findall("{http://www.w3.org/2000/svg}metadata"):
            root.remove(md)
        return list(root.iter())

    number = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
    pairs = list(zip(elements(full), elements(small), strict=True))  # the same elements
    for a, b in pairs:
        assert a.tag == b.tag and sorted(a.attrib) == sorted(b.attrib)
        for key in a.attrib:
            x = [float(v) for v in number.findall(a.attrib[key])]
            y = [float(v) for v in number.findall(b.attrib[key])]
            np.testing.assert_allclose(y, x, rtol=1e-4, atol=6e-3)
    # text stays text: the mathtext title is a <text> with a <tspan> per glyph
    assert ">α</tspan>" in small and "<tspan" in small


@pytest.mark.parametrize("sizes", [[3], [3, 2], [4, 3, 5]])
@pytest.mark.parametrize("live", [0, 1])
def test_count_models_is_what_explorer_creates(sizes, live):
    from ipywidgets.widgets.widget import _instances

    names = "abc"

    def build(a=0, b=0, c=0):
        return f"{a}{b}{c}"

    ctrls = [Control(n, "L", list(range(k))) for n, k in zip(names, sizes)]
    before = len(_instances)
    inputs = {"c": widgets.IntText()} if live else None
    explorer(build, ctrls, live=inputs)
    assert len(_instances) - before == count_models(sizes, live=live)


def test_frames_share_one_layout_and_style():
    box = explorer(builder, controls())
    root = box.children[2]
    leaves = [leaf for stack in root.children for leaf in stack.children]
    assert len({id(leaf.layout) for leaf in leaves}) == 1
    assert len({id(leaf.style) for leaf in leaves}) == 1
    assert len({id(stack.layout) for stack in [root, *root.children]}) == 1


def test_explorer_refuses_more_models_than_arrive_safely():
    # the book's largest demo (8 starts x 7 orders x 7 steps) stays well inside the limit
    assert count_models([8, 7, 7]) == 392 + 2 * (1 + 8 + 56) + 3 * 3 + 5 <= MAX_MODELS
    # 400 frames under 200 stacks are within MAX_FRAMES, but not within MAX_MODELS
    assert count_models([200, 2]) > MAX_MODELS
    many = [Control("a", "A", list(range(200))), Control("b", "B", ["x", "y"])]
    with pytest.raises(ValueError, match="widget models"):
        explorer(builder, many)


def test_fixed_never_writes_negative_zero():
    from memlib.html import fixed

    assert [fixed(v) for v in (-0.004, -0.0, 0.004, -0.006, 1.005)] == [
        "0.00", "0.00", "0.00", "-0.01", f"{1.005:.2f}"
    ]
    assert fixed(-0.0004, 3) == "0.000" and fixed(2.5, 1) == "2.5"
