"""Test-wide guards.

Figures must not contain CJK text (readers' machines may lack the fonts; the
book's rule is math symbols and short English labels only).  Every text that
matplotlib draws passes through ``Text.set_text``; during the tests a CJK
character there fails the test that drew it, whichever plot function it was.
"""

import re

import matplotlib.text
import pytest

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def no_cjk_in_figures(monkeypatch):
    original = matplotlib.text.Text.set_text

    def set_text(self, s):
        if s is not None and CJK.search(str(s)):
            raise AssertionError(f"CJK text in a matplotlib figure: {s!r}")
        return original(self, s)

    monkeypatch.setattr(matplotlib.text.Text, "set_text", set_text)
