"""memlib.turing, the model: numpy only.

Part of :mod:`memlib.turing`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from memlib._checks import check_choice, check_int

__all__ = [
    "Configuration",
    "EXAMPLES",
    "EXAMPLE_TAPES",
    "MOVES",
    "Rule",
    "TuringMachine",
    "binary_incrementer",
    "busy_beaver_2",
    "example_machine",
    "initial_configuration",
    "is_halted",
    "rule_table",
    "run",
    "step",
]


#: Head moves: left, right, no move.
MOVES = ("L", "R", "N")
_DELTA = {"L": -1, "R": 1, "N": 0}


@dataclass(frozen=True)
class Rule:
    """One entry of the rule table: what to write, where to move, which state next.

    Book equation: eq-852-delta (section 8.5.2).
    """

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

    Book equation: eq-852-delta (section 8.5.2).

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

    The head starts on the leftmost digit (cell 0).  State ``右行`` ("move
    right") walks to the blank after the last digit and steps back; state
    ``进位`` ("carry") turns trailing 1s into 0s until it finds a 0 (or a blank,
    left of the number) and turns it into 1, then halts.  An empty tape counts
    as 0.  The state names are the book's Chinese words: they appear in its
    figures and rule tables.
    """
    right, carry = "右行", "进位"
    rules = {
        (right, "0"): ("0", "R", right),
        (right, "1"): ("1", "R", right),
        (right, "_"): ("_", "L", carry),
        (carry, "1"): ("0", "L", carry),
        (carry, "0"): ("1", "N", "H"),
        (carry, "_"): ("1", "N", "H"),
    }
    return TuringMachine(rules, start=right, halt={"H"}, blank="_", name="incrementer")


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
    """The rule table as ``(header, rows)``, one row per rule.

    The header is in Chinese (the book's words): state, symbol read, symbol
    written, move, next state.
    """
    header = ["状态", "读到", "写入", "移动", "下一状态"]
    rows = [
        [state, symbol, rule.write, rule.move, rule.next_state]
        for (state, symbol), rule in machine.rules.items()
    ]
    return header, rows
