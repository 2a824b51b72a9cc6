"""Test-wide set-up and guards.

Every test runs with the book's figure style (:data:`memlib.notebook.STYLE`).
Figures carry Chinese words as SVG text, measured with memlib's CJK metrics
font.  matplotlib cannot measure a string that mixes Chinese with ``$math$``
(mathtext has no font fallback), so a text of that kind fails the test that drew
it, whichever plot function it was: write such labels with Unicode symbols
(β, ≤, →) or as two texts.
"""

import re

import matplotlib
import matplotlib.text
import pytest

from memlib import _fonts
from memlib.notebook import STYLE

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
MATH = re.compile(r"(?<!\\)\$")


@pytest.fixture(autouse=True)
def book_style():
    _fonts.install()
    with matplotlib.rc_context(STYLE):
        yield


@pytest.fixture(autouse=True)
def no_cjk_in_mathtext(monkeypatch):
    original = matplotlib.text.Text.set_text

    def set_text(self, s):
        if s is not None and CJK.search(str(s)) and len(MATH.findall(str(s))) >= 2:
            raise AssertionError(f"Chinese text inside a $math$ string: {s!r}")
        return original(self, s)

    monkeypatch.setattr(matplotlib.text.Text, "set_text", set_text)
