"""A small Turing machine (section 8.5.2): tape, head, state table, step and run.

A Turing machine (Turing 1936) has three parts:

* an infinite **tape** of cells, each holding one symbol (most cells hold the
  *blank* symbol); here the tape is sparse: a dict from cell position (any
  integer, negative too) to symbol, holding only the non-blank cells;
* a **head** that reads the symbol under it, writes a symbol and moves one cell
  left (``"L"``), right (``"R"``) or stays (``"N"``);
* a **controller** in one of finitely many states, with a rule table
  ``(state, symbol read) -> (symbol to write, move, next state)``.

The machine halts when it enters a halting state or when no rule applies.
Two example machines are included: a binary incrementer and the 2-state,
2-symbol busy beaver (which halts after 6 steps leaving four 1s).

Drawing functions return matplotlib figures (no CJK text); :func:`turing_frame`
is the frame builder of the kernel-free step-through widget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

from memlib._checks import check_choice, check_int
from memlib.widgets import figure_to_svg, html_table, side_by_side

__all__ = [
    "MOVES",
    "Rule",
    "TuringMachine",
    "Configuration",
    "initial_configuration",
    "is_halted",
    "step",
    "run",
    "binary_incrementer",
    "busy_beaver_2",
    "EXAMPLES",
    "EXAMPLE_TAPES",
    "example_machine",
    "rule_table",
    "rule_table_html",
    "plot_configuration",
    "plot_run",
    "draw_turing_machine",
    "turing_frame",
    "IMAGES",
]

#: Head moves: left, right, no move.
MOVES = ("L", "R", "N")
_DELTA = {"L": -1, "R": 1, "N": 0}


@dataclass(frozen=True)
class Rule:
    """One entry of the rule table: what to write, where to move, which state next."""

    write: str
    move: str
    next_state: str

    def __post_init__(self) -> None:
        for name in ("write", "next_state"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise TypeError(f"{name} must be a non-empty str, got {value!r}")
        check_choice(self.move, "move", MOVES)


def _check_symbol(x: object, name: str) -> str:
    if not isinstance(x, str) or not x:
        raise TypeError(f"{name} must be a non-empty str, got {x!r}")
    return x


@dataclass(frozen=True)
class TuringMachine:
    """A deterministic Turing machine.

    Parameters
    ----------
    rules : mapping
        ``(state, symbol) -> Rule`` (or a ``(write, move, next_state)`` tuple,
        ``move`` in ``{"L", "R", "N"}``).
    start : str
        The state at step 0.
    halt : iterable of str, default ``("H",)``
        Halting states.  The machine also halts when no rule applies.
    blank : str, default ``"_"``
        The symbol of every cell that was never written.
    name : str, optional
        A short label for figures.
    """

    rules: Mapping[tuple[str, str], Rule]
    start: str
    halt: frozenset[str] = frozenset({"H"})
    blank: str = "_"
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.rules, Mapping) or not self.rules:
            raise TypeError("rules must be a non-empty mapping (state, symbol) -> rule")
        rules: dict[tuple[str, str], Rule] = {}
        for key, value in self.rules.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise TypeError(f"rules keys must be (state, symbol) tuples, got {key!r}")
            state, symbol = (_check_symbol(k, "rules key") for k in key)
            if isinstance(value, Rule):
                rule = value
            elif isinstance(value, Sequence) and len(value) == 3:
                rule = Rule(*value)
            else:
                raise TypeError(
                    f"rules[{key!r}] must be a Rule or (write, move, next_state), got {value!r}"
                )
            rules[(state, symbol)] = rule
        _check_symbol(self.start, "start")
        _check_symbol(self.blank, "blank")
        if isinstance(self.halt, str):
            halt = frozenset({self.halt})
        else:
            halt = frozenset(_check_symbol(h, "halt") for h in self.halt)
        object.__setattr__(self, "rules", MappingProxyType(rules))
        object.__setattr__(self, "halt", halt)

    @property
    def alphabet(self) -> frozenset[str]:
        """Every symbol the machine knows: blank, symbols read and symbols written."""
        symbols = {self.blank}
        for (_, symbol), rule in self.rules.items():
            symbols.update((symbol, rule.write))
        return frozenset(symbols)

    @property
    def states(self) -> list[str]:
        """States in order of first appearance (start first, halting states last)."""
        seen: list[str] = [self.start]
        for (state, _), rule in self.rules.items():
            for s in (state, rule.next_state):
                if s not in seen:
                    seen.append(s)
        return [s for s in seen if s not in self.halt] + [s for s in seen if s in self.halt]


@dataclass(frozen=True)
class Configuration:
    """The complete situation of a machine between two steps.

    Attributes
    ----------
    tape : mapping of int to str
        The non-blank cells (position -> symbol); every other cell is blank.
    head : int
        Position of the head.
    state : str
        The controller's state.
    blank : str
        The blank symbol.
    steps : int
        How many steps were taken to reach this configuration.
    rule : tuple or None
        The ``(state, symbol)`` key of the rule applied in the last step.
    """

    tape: Mapping[int, str]
    head: int
    state: str
    blank: str = "_"
    steps: int = 0
    rule: tuple[str, str] | None = field(default=None, compare=False)

    def read(self, position: int | None = None) -> str:
        """The symbol at ``position`` (default: under the head)."""
        pos = self.head if position is None else position
        return self.tape.get(pos, self.blank)

    def span(self) -> tuple[int, int]:
        """Smallest interval ``(lo, hi)`` holding every non-blank cell and the head."""
        positions = [*self.tape, self.head]
        return min(positions), max(positions)

    def cells(self, lo: int, hi: int) -> list[str]:
        """Symbols of cells ``lo..hi`` (inclusive)."""
        return [self.tape.get(p, self.blank) for p in range(lo, hi + 1)]

    def content(self) -> str:
        """The tape from its first to its last non-blank cell ("" if all blank)."""
        if not self.tape:
            return ""
        return "".join(self.cells(min(self.tape), max(self.tape)))

    def count(self, symbol: str) -> int:
        """How many cells hold ``symbol`` (``symbol`` must not be the blank)."""
        if symbol == self.blank:
            raise ValueError("symbol must not be the blank symbol (infinitely many cells)")
        return sum(1 for s in self.tape.values() if s == symbol)


def initial_configuration(
    machine: TuringMachine, tape: str | Sequence[str] = "", head: int = 0
) -> Configuration:
    """The configuration at step 0: ``tape`` written from cell 0 on, head at ``head``.

    Parameters
    ----------
    machine : TuringMachine
    tape : str or sequence of str
        Input symbols (a str is split into characters); cell ``i`` gets ``tape[i]``.
    head : int, default 0

    Raises
    ------
    ValueError
        If ``tape`` holds a symbol the machine does not know.
    """
    if not isinstance(machine, TuringMachine):
        raise TypeError(f"machine must be a TuringMachine, got {type(machine).__name__}")
    if isinstance(tape, str):
        symbols = list(tape)
    elif isinstance(tape, Sequence):
        symbols = [_check_symbol(s, "tape") for s in tape]
    else:
        raise TypeError(f"tape must be a str or a sequence of str, got {type(tape).__name__}")
    unknown = sorted(set(symbols) - machine.alphabet)
    if unknown:
        raise ValueError(
            f"tape holds symbols {unknown} not in the machine's alphabet {sorted(machine.alphabet)}"
        )
    head = check_int(head, "head")
    cells = {i: s for i, s in enumerate(symbols) if s != machine.blank}
    return Configuration(MappingProxyType(cells), head, machine.start, machine.blank, 0)


def is_halted(machine: TuringMachine, config: Configuration) -> bool:
    """True if ``config`` is in a halting state or no rule applies to it."""
    return config.state in machine.halt or (config.state, config.read()) not in machine.rules


def step(machine: TuringMachine, config: Configuration) -> Configuration:
    """Apply one rule: read, write, move, change state.

    Returns a new configuration; ``config`` is not modified.

    Raises
    ------
    ValueError
        If ``config`` has halted (no rule to apply).
    """
    if not isinstance(config, Configuration):
        raise TypeError(f"config must be a Configuration, got {type(config).__name__}")
    if is_halted(machine, config):
        raise ValueError(f"config has halted (state {config.state!r}, symbol {config.read()!r})")
    key = (config.state, config.read())
    rule = machine.rules[key]
    cells = dict(config.tape)
    if rule.write == config.blank:
        cells.pop(config.head, None)
    else:
        cells[config.head] = rule.write
    return Configuration(
        MappingProxyType(cells),
        config.head + _DELTA[rule.move],
        rule.next_state,
        config.blank,
        config.steps + 1,
        key,
    )


def run(
    machine: TuringMachine,
    tape: str | Sequence[str] = "",
    *,
    head: int = 0,
    max_steps: int = 1000,
) -> list[Configuration]:
    """Run ``machine`` from ``tape`` until it halts or ``max_steps`` steps were taken.

    Returns
    -------
    list of Configuration
        Every configuration from step 0 on; ``len(result) - 1`` steps were taken.
        If the last one has not halted (check with :func:`is_halted`), the step
        limit stopped the run.
    """
    max_steps = check_int(max_steps, "max_steps", low=0)
    configs = [initial_configuration(machine, tape, head)]
    while len(configs) <= max_steps and not is_halted(machine, configs[-1]):
        configs.append(step(machine, configs[-1]))
    return configs


# --------------------------------------------------------------------------- examples


def binary_incrementer() -> TuringMachine:
    """A machine that adds 1 to a binary number written most significant bit first.

    The head starts on the leftmost digit (cell 0).  State ``right`` walks to the
    blank after the last digit and steps back; state ``carry`` turns trailing 1s
    into 0s until it finds a 0 (or a blank, left of the number) and turns it
    into 1, then halts.  An empty tape counts as 0.
    """
    rules = {
        ("right", "0"): ("0", "R", "right"),
        ("right", "1"): ("1", "R", "right"),
        ("right", "_"): ("_", "L", "carry"),
        ("carry", "1"): ("0", "L", "carry"),
        ("carry", "0"): ("1", "N", "H"),
        ("carry", "_"): ("1", "N", "H"),
    }
    return TuringMachine(rules, start="right", halt={"H"}, blank="_", name="incrementer")


def busy_beaver_2() -> TuringMachine:
    """The 2-state, 2-symbol busy beaver (Rado 1962): 6 steps, four 1s, then halt.

    Rules: A0 -> 1RB, A1 -> 1LB, B0 -> 1LA, B1 -> 1RH; blank symbol ``"0"``.
    """
    rules = {
        ("A", "0"): ("1", "R", "B"),
        ("A", "1"): ("1", "L", "B"),
        ("B", "0"): ("1", "L", "A"),
        ("B", "1"): ("1", "R", "H"),
    }
    return TuringMachine(rules, start="A", halt={"H"}, blank="0", name="busy beaver")


#: The example machines by name.
EXAMPLES: dict[str, Callable[[], TuringMachine]] = {
    "busy_beaver": busy_beaver_2,
    "incrementer": binary_incrementer,
}


#: The input each example machine starts from in the book's demos.
EXAMPLE_TAPES: dict[str, str] = {"busy_beaver": "", "incrementer": "1011"}


def example_machine(name: str) -> TuringMachine:
    """One of :data:`EXAMPLES` (``"busy_beaver"`` or ``"incrementer"``)."""
    return EXAMPLES[check_choice(name, "name", list(EXAMPLES))]()


def rule_table(machine: TuringMachine) -> tuple[list[str], list[list[str]]]:
    """The rule table as ``(header, rows)``, one row per rule."""
    header = ["state", "read", "write", "move", "next"]
    rows = [
        [state, symbol, rule.write, rule.move, rule.next_state]
        for (state, symbol), rule in machine.rules.items()
    ]
    return header, rows


def rule_table_html(machine: TuringMachine, highlight: tuple[str, str] | None = None) -> str:
    """The rule table as HTML, with the row of rule ``highlight`` marked."""
    header, rows = rule_table(machine)
    keys = list(machine.rules)
    marked = []
    if highlight is not None and highlight in machine.rules:
        r = keys.index(highlight)
        marked = [(r, c) for c in range(len(header))]
    return html_table(rows, header, highlight=marked)


# --------------------------------------------------------------------------- drawing

_CELL_COLOURS = {"1": "#9ecae1", "0": "#f7f7f7", "_": "#ffffff"}


def _draw_tape(ax, symbols: Sequence[str], lo: int, head: int, y: float = 0.0) -> None:
    """Cells ``lo, lo+1, ...`` as unit squares at height ``y`` with a head marker."""
    for i, s in enumerate(symbols):
        x = lo + i
        colour = _CELL_COLOURS.get(s, "#fde0c5")
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fc=colour, ec="#333333", lw=1))
        ax.text(x, y, s, ha="center", va="center", fontsize=11)
    hi = lo + len(symbols) - 1
    for x in (lo - 1, hi + 1):
        ax.text(x, y, "...", ha="center", va="center", fontsize=11, color="#666666")
    ax.add_patch(
        Polygon(
            [(head - 0.3, y - 1.05), (head + 0.3, y - 1.05), (head, y - 0.6)],
            closed=True,
            fc="#d62728",
            ec="none",
        )
    )


def plot_configuration(
    config: Configuration,
    *,
    window: tuple[int, int] | None = None,
    title: str | None = None,
) -> Figure:
    """Draw one configuration: the tape cells, the head (red triangle) and the state.

    Parameters
    ----------
    config : Configuration
    window : (int, int), optional
        Cells ``lo..hi`` to show; default: the non-blank span and head, plus a margin.
    title : str, optional
        Default: ``"step k"`` (the state ``q = ...`` is written under the head).
    """
    if not isinstance(config, Configuration):
        raise TypeError(f"config must be a Configuration, got {type(config).__name__}")
    lo, hi = window if window is not None else config.span()
    if window is None:
        lo, hi = lo - 1, hi + 1
    lo, hi = min(lo, config.head), max(hi, config.head)
    fig = Figure(figsize=(0.42 * (hi - lo + 3) + 0.6, 1.35))
    ax = fig.subplots()
    _draw_tape(ax, config.cells(lo, hi), lo, config.head)
    ax.text(config.head, -1.45, f"q = {config.state}", ha="center", va="center", fontsize=10)
    ax.set_xlim(lo - 1.6, hi + 1.6)
    ax.set_ylim(-1.8, 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title if title is not None else f"step {config.steps}", fontsize=10)
    return fig


def plot_run(configs: Sequence[Configuration], *, window: tuple[int, int] | None = None) -> Figure:
    """Space-time diagram of a run: one row per step, the head's cell outlined in red.

    Row ``k`` shows the tape *before* step ``k + 1`` (i.e. configuration ``k``);
    the state is written at the right of each row.
    """
    configs = list(configs)
    if not configs or not all(isinstance(c, Configuration) for c in configs):
        raise TypeError("configs must be a non-empty sequence of Configuration")
    if window is None:
        spans = np.array([c.span() for c in configs])
        lo, hi = int(spans[:, 0].min()), int(spans[:, 1].max())
    else:
        lo, hi = window
    n = len(configs)
    fig = Figure(figsize=(0.36 * (hi - lo + 1) + 1.4, 0.3 * n + 0.7))
    ax = fig.subplots()
    for k, c in enumerate(configs):
        for x, s in zip(range(lo, hi + 1), c.cells(lo, hi), strict=True):
            colour = _CELL_COLOURS.get(s, "#fde0c5")
            ax.add_patch(Rectangle((x - 0.5, k - 0.5), 1, 1, fc=colour, ec="#999999", lw=0.5))
            ax.text(x, k, s, ha="center", va="center", fontsize=8)
        ax.add_patch(Rectangle((c.head - 0.5, k - 0.5), 1, 1, fc="none", ec="#d62728", lw=2))
        ax.text(hi + 0.9, k, c.state, ha="left", va="center", fontsize=8)
    ax.set_xlim(lo - 0.6, hi + 1.8)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_yticks(range(n))
    ax.tick_params(labelsize=7, length=0)
    ax.set_xlabel("cell")
    ax.set_ylabel("step")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_aspect("equal")
    return fig


def draw_turing_machine() -> Figure:
    """Structure diagram: an infinite tape, the read/write head and the controller.

    The controller box holds a small rule table (the busy beaver's); labels are
    English/symbolic.
    """
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.subplots()
    symbols = list("0011010")
    lo = -3
    _draw_tape(ax, symbols, lo, head=0, y=0.0)
    ax.text(lo + len(symbols) + 0.6, 0.75, "infinite tape", ha="right", fontsize=10)
    # head: box under the triangle
    ax.add_patch(
        FancyBboxPatch(
            (-0.75, -1.75), 1.5, 0.6, boxstyle="round,pad=0.05", fc="#fbe3e3", ec="#d62728"
        )
    )
    ax.text(0, -1.45, "head", ha="center", va="center", fontsize=9)
    ax.text(1.0, -0.95, "read / write,\nmove L / R / N", ha="left", va="center", fontsize=8)
    # controller
    cx, cy, w, h = -2.6, -5.3, 5.2, 2.3
    ax.add_patch(
        FancyBboxPatch((cx, cy), w, h, boxstyle="round,pad=0.08", fc="#eef3fb", ec="#1f4e8c")
    )
    ax.text(cx + 0.15, cy + h - 0.25, "controller (state q = A)", fontsize=9, va="center")
    lines = [
        "(q, s) -> (s', move, q')",
        "(A, 0) -> (1, R, B)",
        "(A, 1) -> (1, L, B)",
        "(B, 0) -> (1, L, A)",
        "(B, 1) -> (1, R, H)",
    ]
    for i, line in enumerate(lines):
        ax.text(
            cx + 0.35,
            cy + h - 0.7 - 0.36 * i,
            line,
            fontsize=8,
            family="monospace",
            va="center",
            color="#333333" if i else "#1f4e8c",
        )
    ax.annotate(
        "",
        xy=(0, -1.85),
        xytext=(0, cy + h + 0.1),
        arrowprops=dict(arrowstyle="<|-|>", color="#444444", lw=1.2),
    )
    ax.set_xlim(-4.8, 4.8)
    ax.set_ylim(cy - 0.3, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


#: Diagrams for ``images/`` (see :mod:`memlib.images`).
IMAGES: dict[str, Callable[[], Figure]] = {"turing_machine": draw_turing_machine}


def turing_frame(
    index: int, machine: str = "busy_beaver", tape: str | None = None, max_steps: int = 100
) -> str:
    """Frame builder: configuration ``index`` of a run, with the rule about to be applied.

    Parameters
    ----------
    index : int
        Step of the run to show (clipped to its last configuration).
    machine : {"busy_beaver", "incrementer"}
    tape : str, optional
        Input written from cell 0 on (default: :data:`EXAMPLE_TAPES`).
    max_steps : int

    Returns
    -------
    str
        HTML: the tape figure (SVG) beside the rule table, the next rule highlighted.
    """
    index = check_int(index, "index", low=0)
    tm = example_machine(machine)
    configs = run(tm, EXAMPLE_TAPES[machine] if tape is None else tape, max_steps=max_steps)
    spans = np.array([c.span() for c in configs])
    window = (int(spans[:, 0].min()) - 1, int(spans[:, 1].max()) + 1)
    config = configs[min(index, len(configs) - 1)]
    halted = is_halted(tm, config)
    title = f"step {config.steps}" + (" (halted)" if halted else "")
    fig = plot_configuration(config, window=window, title=title)
    nxt = None if halted else (config.state, config.read())
    return side_by_side(figure_to_svg(fig), rule_table_html(tm, highlight=nxt))
