"""memlib.turing, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.turing`: import its names from there.
"""

from __future__ import annotations

import numpy as np

from memlib._checks import check_int
from memlib.html import figure_to_svg, html_table, side_by_side
from memlib.turing._core import (
    EXAMPLE_TAPES,
    TuringMachine,
    example_machine,
    is_halted,
    rule_table,
    run,
)
from memlib.turing._plot import (
    plot_configuration,
)

__all__ = [
    "rule_table_html",
    "turing_frame",
]


def rule_table_html(machine: TuringMachine, highlight: tuple[str, str] | None = None) -> str:
    """The rule table as HTML, with the row of rule ``highlight`` marked."""
    header, rows = rule_table(machine)
    keys = list(machine.rules)
    marked = []
    if highlight is not None and highlight in machine.rules:
        r = keys.index(highlight)
        marked = [(r, c) for c in range(len(header))]
    return html_table(rows, header, highlight=marked)


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
    title = f"第 {config.steps} 步" + ("（已停机）" if halted else "")
    fig = plot_configuration(config, window=window, title=title)
    nxt = None if halted else (config.state, config.read())
    return side_by_side(figure_to_svg(fig), rule_table_html(tm, highlight=nxt))
