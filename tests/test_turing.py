"""Tests of memlib.turing: rules, step, run, the example machines, drawings, frames."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from figure_text import english_words  # noqa: E402  (tests/figure_text.py)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from memlib import turing as tm  # noqa: E402
from memlib.html import figure_to_svg  # noqa: E402


def _never_halts() -> tm.TuringMachine:
    # walks right forever over blanks
    return tm.TuringMachine({("A", "_"): ("_", "R", "A")}, start="A")


# --------------------------------------------------------------------------- busy beaver


def test_busy_beaver_halts_after_six_steps_with_four_ones():
    configs = tm.run(tm.busy_beaver_2())
    assert len(configs) - 1 == 6
    last = configs[-1]
    assert last.state == "H"
    assert tm.is_halted(tm.busy_beaver_2(), last)
    assert last.count("1") == 4


def test_busy_beaver_trace_by_hand():
    # Hand trace of A0->1RB, A1->1LB, B0->1LA, B1->1RH from a blank tape, head at 0.
    heads = [0, 1, 0, -1, -2, -1, 0]
    states = ["A", "B", "A", "B", "A", "B", "H"]
    ones = [set(), {0}, {0, 1}, {0, 1}, {-1, 0, 1}, {-2, -1, 0, 1}, {-2, -1, 0, 1}]
    configs = tm.run(tm.busy_beaver_2())
    assert [c.head for c in configs] == heads
    assert [c.state for c in configs] == states
    assert [set(c.tape) for c in configs] == ones
    assert configs[-1].content() == "1111"
    assert [c.steps for c in configs] == list(range(7))


# --------------------------------------------------------------------------- incrementer


@pytest.mark.parametrize("n", list(range(0, 70)) + [255, 256, 1023, 12345])
def test_incrementer_adds_one(n):
    configs = tm.run(tm.binary_incrementer(), format(n, "b"))
    last = configs[-1]
    assert last.state == "H"
    assert int(last.content(), 2) == n + 1


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**40))
def test_incrementer_property(n):
    last = tm.run(tm.binary_incrementer(), format(n, "b"), max_steps=500)[-1]
    assert last.state == "H"
    assert last.content() == format(n + 1, "b")


def test_incrementer_empty_tape_counts_as_zero():
    assert tm.run(tm.binary_incrementer(), "")[-1].content() == "1"


def test_incrementer_grows_to_the_left_of_cell_zero():
    last = tm.run(tm.binary_incrementer(), "111")[-1]
    assert last.content() == "1000"
    assert min(last.tape) == -1  # the new leading 1 sits left of the input


def test_incrementer_step_count():
    # 右行 (right): k moves over k digits + 1 on the blank;
    # 进位 (carry): one step per trailing 1 + 1
    for s, trailing in (("1011", 2), ("1000", 0), ("111", 3)):
        configs = tm.run(tm.binary_incrementer(), s)
        assert len(configs) - 1 == (len(s) + 1) + (trailing + 1)


# --------------------------------------------------------------------------- mechanics


def test_step_returns_new_configuration_and_leaves_old_one():
    machine = tm.busy_beaver_2()
    c0 = tm.initial_configuration(machine)
    c1 = tm.step(machine, c0)
    assert dict(c0.tape) == {} and c0.head == 0 and c0.state == "A"
    assert dict(c1.tape) == {0: "1"} and c1.head == 1 and c1.state == "B"
    assert c1.rule == ("A", "0")


def test_writing_blank_keeps_tape_sparse():
    machine = tm.TuringMachine({("A", "1"): ("_", "R", "A")}, start="A")
    last = tm.run(machine, "111")[-1]
    assert dict(last.tape) == {}
    assert last.head == 3
    assert last.content() == ""


def test_no_rule_means_halt():
    machine = tm.TuringMachine({("A", "1"): ("1", "R", "A")}, start="A")
    configs = tm.run(machine, "11")
    assert len(configs) == 3  # stops on the blank after two 1s
    assert tm.is_halted(machine, configs[-1])


def test_step_limit_stops_the_run():
    machine = _never_halts()
    configs = tm.run(machine, max_steps=25)
    assert len(configs) == 26
    assert not tm.is_halted(machine, configs[-1])
    assert configs[-1].head == 25
    assert len(tm.run(machine, max_steps=0)) == 1


def test_initial_configuration_places_input_from_cell_zero():
    machine = tm.binary_incrementer()
    c = tm.initial_configuration(machine, "1_01", head=2)
    assert dict(c.tape) == {0: "1", 2: "0", 3: "1"}
    assert c.head == 2
    assert c.read() == "0" and c.read(1) == "_" and c.read(-100) == "_"
    assert c.cells(-1, 4) == ["_", "1", "_", "0", "1", "_"]
    assert c.span() == (0, 3)


def test_rule_table_lists_every_rule():
    header, rows = tm.rule_table(tm.busy_beaver_2())
    assert header == ["状态", "读到", "写入", "移动", "下一状态"]
    assert rows == [
        ["A", "0", "1", "R", "B"],
        ["A", "1", "1", "L", "B"],
        ["B", "0", "1", "L", "A"],
        ["B", "1", "1", "R", "H"],
    ]


def test_machine_properties():
    m = tm.busy_beaver_2()
    assert m.alphabet == frozenset({"0", "1"})
    assert m.states == ["A", "B", "H"]
    assert tm.example_machine("incrementer").name == "incrementer"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "exc", "word"),
    [
        (dict(rules={}, start="A"), TypeError, "rules"),
        (dict(rules={("A", "0"): ("1", "X", "B")}, start="A"), ValueError, "move"),
        (dict(rules={("A", "0"): ("1", "R")}, start="A"), TypeError, "rules"),
        (dict(rules={"A0": ("1", "R", "B")}, start="A"), TypeError, "rules"),
        (dict(rules={("A", "0"): ("", "R", "B")}, start="A"), TypeError, "write"),
        (dict(rules={("A", "0"): ("1", "R", "B")}, start=""), TypeError, "start"),
        (dict(rules={("A", "0"): ("1", "R", "B")}, start="A", blank=""), TypeError, "blank"),
    ],
)
def test_bad_machine(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        tm.TuringMachine(**kwargs)


def test_bad_run_arguments():
    machine = tm.binary_incrementer()
    with pytest.raises(ValueError, match="tape"):
        tm.run(machine, "102")
    with pytest.raises(TypeError, match="tape"):
        tm.run(machine, 101)
    with pytest.raises(TypeError, match="head"):
        tm.run(machine, "1", head=0.5)
    with pytest.raises(ValueError, match="max_steps"):
        tm.run(machine, "1", max_steps=-1)
    with pytest.raises(TypeError, match="machine"):
        tm.initial_configuration("incrementer", "1")
    with pytest.raises(ValueError, match="name"):
        tm.example_machine("busy beaver 3")


def test_step_on_halted_configuration():
    machine = tm.busy_beaver_2()
    last = tm.run(machine)[-1]
    with pytest.raises(ValueError, match="config"):
        tm.step(machine, last)
    with pytest.raises(TypeError, match="config"):
        tm.step(machine, "A")


def test_count_blank_is_refused():
    with pytest.raises(ValueError, match="symbol"):
        tm.run(tm.busy_beaver_2())[-1].count("0")


# --------------------------------------------------------------------------- figures, frames


def test_plots_return_figures():
    import matplotlib.pyplot as plt

    configs = tm.run(tm.busy_beaver_2())
    for fig in (
        tm.plot_configuration(configs[3]),
        tm.plot_configuration(configs[0], window=(-3, 3)),
        tm.plot_run(configs),
        tm.IMAGES["turing_machine"](),
    ):
        assert isinstance(fig, Figure)
        plt.close(fig)
    with pytest.raises(TypeError, match="config"):
        tm.plot_configuration(None)
    # the documented default title is "第 k 步" (step k); the state is written under the head
    fig = tm.plot_configuration(configs[3])
    assert fig.axes[0].get_title() == "第 3 步"
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"q = {configs[3].state}" in texts
    plt.close(fig)
    fig = tm.plot_configuration(configs[3], title="custom")
    assert fig.axes[0].get_title() == "custom"
    plt.close(fig)
    with pytest.raises(TypeError, match="configs"):
        tm.plot_run([])


def test_turing_machine_diagram_fills_its_canvas():
    fig = tm.draw_turing_machine()
    ax = fig.axes[0]
    texts = {t.get_text() for t in ax.texts}
    assert {"读写头", "读 / 写 / 移动（L、R、N）", "无限长的纸带"} <= texts
    # the drawing covers the canvas (no wide empty margins) ...
    renderer = FigureCanvasAgg(fig).get_renderer()
    drawn = Bbox.union([a.get_window_extent(renderer) for a in [*ax.texts, *ax.patches]])
    assert drawn.width > 0.9 * fig.bbox.width and drawn.height > 0.9 * fig.bbox.height
    assert drawn.x0 >= 0 and drawn.x1 <= fig.bbox.width
    assert drawn.y0 >= 0 and drawn.y1 <= fig.bbox.height
    # ... and no text is small next to the figure's width (the page scales it down)
    assert min(t.get_fontsize() for t in ax.texts) / fig.get_figwidth() >= 1.6
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_turing_frame_returns_html_with_next_rule_highlighted():
    first = tm.turing_frame(0)
    assert first.startswith("<div") and "<svg" in first and "<table" in first
    assert first.count("#ffe9a8") == 5  # the row of rule (A, 0): five cells
    last = tm.turing_frame(6)
    assert "#ffe9a8" not in last  # halted: no rule to apply
    assert tm.turing_frame(99) == last  # clipped to the last configuration
    inc = tm.turing_frame(2, machine="incrementer", tape="1011")
    assert "<svg" in inc
    with pytest.raises(ValueError, match="index"):
        tm.turing_frame(-1)
    with pytest.raises(ValueError, match="name"):
        tm.turing_frame(0, machine="nope")


def test_frames_say_halted_and_figures_are_in_chinese():
    last = tm.turing_frame(6)
    assert "第 6 步（已停机）" in last and "第 5 步" in tm.turing_frame(5)
    assert "已停机" not in tm.turing_frame(5)
    inc = tm.binary_incrementer()
    fragments = [
        figure_to_svg(tm.draw_turing_machine()),
        figure_to_svg(tm.plot_run(tm.run(tm.busy_beaver_2()))),
        figure_to_svg(tm.plot_run(tm.run(inc, "1011"))),
        figure_to_svg(tm.plot_configuration(tm.run(inc, "1011")[2])),
        tm.rule_table_html(inc),
        *(tm.turing_frame(i, m) for m in tm.EXAMPLES for i in (0, 3, 40)),
        tm.turing_frame(5, "incrementer", tape="10111"),
    ]
    for fragment in fragments:
        # tape symbols, moves (L, R, N) and the state names A, B, H, 右行, 进位 are data
        assert english_words(fragment) == []
