"""Chinese figure text: SVG text, same metrics on every machine (memlib._fonts)."""

import io
import re
import warnings

import pytest
from matplotlib.figure import Figure

from memlib import _fonts
from memlib.html import figure_to_svg


def _width(fig, text):
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

    FigureCanvasSVG(fig)
    t = fig.text(0, 0, text, fontsize=10)
    return t.get_window_extent(RendererSVG(100, 100, io.StringIO())).width


def test_chinese_characters_measure_one_em_and_latin_keeps_dejavu():
    fig = Figure(dpi=100)
    one, four = _width(fig, "能量"), _width(fig, "能量能量")
    # the SVG renderer works at 72 dpi: 10 pt = 10 units per em, 1 em per glyph
    assert four == pytest.approx(2 * one)
    assert four == pytest.approx(40.0, rel=1e-6)
    fig.clear()
    with_font = _width(fig, "energy")
    assert with_font == pytest.approx(_width(Figure(dpi=100), "energy"))


def test_svg_carries_chinese_as_text_with_a_cjk_font_list():
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.set_title("召回结果")
    ax.set_xlabel("翻转概率 p")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Glyph missing from font" warning
        svg = figure_to_svg(fig)
    assert ">召回结果</text>" in svg and ">翻转概率 p</text>" in svg
    assert svg.count("font-family:") == 1  # one rule for the whole figure
    assert f"text{{font-family:{_fonts.CSS_FAMILY}}}" in svg
    assert "Noto Sans CJK SC" in _fonts.CSS_FAMILY and _fonts.METRICS_FAMILY not in svg
    assert not re.search(r"<path[^>]*id=\"DejaVu", svg)  # no glyph outlines


def test_css_font_family_adds_a_style_when_there_is_none():
    svg = '<svg width="1"><text style="font-size: 10px; font-family: \'X\'">a</text></svg>'
    out = _fonts.css_font_family(svg)
    assert out.startswith('<svg width="1"><defs><style>text{font-family:')
    assert "<text style=\"font-size: 10px; \">a</text>" in out or 'style="font-size: 10px' in out
    assert "'X'" not in out


def test_install_is_idempotent():
    from matplotlib import font_manager, rcParams

    _fonts.install()
    _fonts.install()
    names = [f.name for f in font_manager.fontManager.ttflist]
    assert names.count(_fonts.METRICS_FAMILY) == 1
    assert rcParams["font.family"] == _fonts.FAMILY
