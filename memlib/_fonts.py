"""Chinese text in SVG figures without a Chinese font where the code runs.

The book's figures carry their words as SVG ``<text>`` (matplotlib's
``svg.fonttype: none``); the reader's browser draws them with a CJK font of its
own (:data:`CSS_FAMILY`).  matplotlib still lays the text out, and for that it
needs the *width* of every character.  A machine without a CJK font (Binder,
Colab, CI) would measure Chinese characters with DejaVu Sans's missing-glyph box
(0.6 em instead of 1 em) and warn about every one; a machine with such a font
would measure them with that font, so the stored SVG would depend on the
machine's fonts.

:func:`install` therefore registers a *metrics font* built on the fly with
fontTools (which matplotlib depends on): one glyph, 1 em wide, for every CJK
ideograph and full-width punctuation mark, and puts it right after DejaVu Sans
in ``font.sans-serif``.  Every machine then measures the same widths, Latin
letters and math keep DejaVu Sans's metrics, and :func:`css_font_family`
replaces the family names in the SVG by the list a browser should look for.
The glyph's outline is a hollow box, so a raster image (never used by the book)
shows tofu rather than nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

#: Family name of the metrics font inside matplotlib (never reaches a browser).
METRICS_FAMILY = "memlib CJK metrics"

#: CSS font list of every text in the book's SVGs: DejaVu Sans first (the fonts
#: matplotlib measured Latin text and math with), then CJK fonts found on
#: Linux, macOS and Windows, then the browser's default sans-serif.
CSS_FAMILY = (
    "'DejaVu Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', "
    "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"
)

#: Code point ranges drawn 1 em wide: CJK symbols and punctuation, CJK
#: ideographs (extension A and the unified block) and full-width forms.
CJK_RANGES = ((0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xFF00, 0xFF61))

_VERSION = 1
_FAMILY_DECL = re.compile(r"font-family: [^;\"]*(; )?")
_FONT_SHORTHAND = re.compile(r"(font: [^;\"]*?\d+(?:\.\d+)?px) [^;\"]*")  # matplotlib < 3.8
_STYLE_END = "</style>"


def _build(path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box(pen: TTGlyphPen, x0: int, y0: int, x1: int, y1: int, clockwise: bool) -> None:
        points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        if not clockwise:
            points.reverse()
        pen.moveTo(points[0])
        for p in points[1:]:
            pen.lineTo(p)
        pen.closePath()

    pen = TTGlyphPen(None)
    box(pen, 60, -100, 940, 780, True)
    box(pen, 120, -40, 880, 720, False)
    tofu = pen.glyph()
    empty = TTGlyphPen(None).glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "cjk"])
    fb.setupCharacterMap({cp: "cjk" for lo, hi in CJK_RANGES for cp in range(lo, hi)})
    fb.setupGlyf({".notdef": empty, "cjk": tofu})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "cjk": (1000, 60)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": METRICS_FAMILY, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ttf")
    os.close(fd)
    fb.save(tmp)
    os.replace(tmp, path)  # atomic: parallel kernels may build it at once


def metrics_font_path() -> Path:
    """Path of the metrics font in matplotlib's cache folder (built if missing)."""
    import matplotlib

    path = Path(matplotlib.get_cachedir()) / f"memlib-cjk-metrics-{_VERSION}.ttf"
    if not path.exists():
        _build(path)
    return path


#: ``font.family`` of the book's figures.  matplotlib falls back from one font
#: to the next only along an explicit family list (not inside a generic name
#: such as "sans-serif"), so the list names both fonts.
FAMILY = ["DejaVu Sans", METRICS_FAMILY]


def install() -> None:
    """Register the metrics font and set ``font.family`` to :data:`FAMILY`.

    Idempotent.  Changes one rcParam of the running process; DejaVu Sans is
    matplotlib's default font, so only CJK characters are measured differently.
    Texts take the family list when they are created: memlib's plot modules
    call this when they are imported.
    """
    import matplotlib
    from matplotlib import font_manager

    if not any(f.name == METRICS_FAMILY for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(metrics_font_path()))
    matplotlib.rcParams["font.family"] = FAMILY


def css_font_family(svg: str) -> str:
    """``svg`` with one ``text`` rule naming :data:`CSS_FAMILY` for all its text.

    matplotlib writes a ``font-family`` declaration on every text element
    (naming the fonts it measured with); they are removed, and one rule in the
    SVG's own ``<style>`` element gives every text the browser's font list.
    """
    rule = f"text{{font-family:{CSS_FAMILY}}}"
    svg = _FAMILY_DECL.sub("", svg).replace(' style=""', "")
    svg = _FONT_SHORTHAND.sub(lambda m: f"{m.group(1)} {CSS_FAMILY}", svg)
    if _STYLE_END in svg:
        return svg.replace(_STYLE_END, f"\n{rule}{_STYLE_END}", 1)
    return re.sub(r"(<svg[^>]*>)", rf"\1<defs><style>{rule}</style></defs>", svg, count=1)
