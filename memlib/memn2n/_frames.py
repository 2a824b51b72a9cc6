"""memlib.memn2n, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.memn2n`: import its names from there.
"""

from __future__ import annotations

import html as _html

import numpy as np

from memlib import babi
from memlib._checks import check_int
from memlib.html import figure_to_svg, fixed, html_table, side_by_side
from memlib.memn2n._core import (
    TOY_KEYS,
    TOY_QUERY,
    TOY_VALUES,
    MemN2N,
    attention_table,
    multi_hop_read,
)
from memlib.memn2n._plot import (
    plot_toy_hop,
)

__all__ = [
    "hop_frame",
    "story_frame",
]

_SUPERSCRIPT = str.maketrans("0123456789+()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁽⁾")


def _sup(k: int) -> str:
    """``(k)`` in superscript characters: q⁽²⁾ reads like q^(2)."""
    return f"({k})".translate(_SUPERSCRIPT)


def hop_frame(
    hop: int,
    keys: object = TOY_KEYS,
    values: object = TOY_VALUES,
    query: object = TOY_QUERY,
    hops: int = 3,
) -> str:
    """Widget frame for one hop of the toy read: the figure, and below it a table.

    The table has one column per quantity (query q⁽ᵏ⁾, attention α⁽ᵏ⁾, read
    r⁽ᵏ⁾ and the next query q⁽ᵏ⁺¹⁾ = r⁽ᵏ⁾ + q⁽ᵏ⁾) and one row of numbers; it sits
    below the figure, which keeps the page's full width, and its cells never
    wrap (a table wider than a narrow screen scrolls).
    """
    hops = check_int(hops, "hops", low=1)
    hop = check_int(hop, "hop", low=1, high=hops)
    rec = multi_hop_read(keys, values, query, hops)[hop - 1]

    def vec(v: np.ndarray) -> str:
        return "(" + ", ".join(fixed(x) for x in v) + ")"

    k, k1 = _sup(hop), _sup(hop + 1)
    header = [f"查询 q{k}", f"注意力 α{k}", f"读出 r{k}", f"下一跳查询 q{k1} = r{k} + q{k}"]
    row = [vec(rec.query), vec(rec.alpha), vec(rec.read), vec(rec.read + rec.query)]
    table = f'<div style="overflow-x:auto;white-space:nowrap">{html_table([row], header)}</div>'
    svg = figure_to_svg(plot_toy_hop(hop, keys, values, query, hops))
    return side_by_side(svg, table, gap="0.4em", basis="100%")


def _shade(x: float) -> str:
    """Background colour for an attention weight in [0, 1] (white to blue)."""
    x = float(np.clip(x, 0.0, 1.0))
    r, g, b = (int(round(255 - x * (255 - t))) for t in (49, 130, 189))
    return f"rgb({r},{g},{b})"


def story_frame(story: babi.Story, question: int | str, model: MemN2N) -> str:
    """Widget frame: a story as an HTML table with per-hop attention shading.

    One row per sentence (supporting facts marked with a star), one column per
    hop whose cell is shaded by the weight p^(k) of that sentence; the question,
    the true answer and the model's answer above.  The words around the story
    are Chinese; the story itself (data) stays English.

    Parameters
    ----------
    story : babi.Story
    question : int or str
        Index into ``story.questions``; or the text of a question of the
        reader's own, asked after the whole story (the live panel of the demo).
        An own question has no true answer and no supporting facts; its words
        that the model does not know are named and ignored, as
        ``Vocab.encode`` ignores them (with none known, the frame says so).
    model : MemN2N

    Raises
    ------
    TypeError
        If ``model`` is not a MemN2N or ``question`` neither an int nor a str.
    ValueError
        If the index is out of range.
    """
    if not isinstance(model, MemN2N):
        raise TypeError(f"model must be a MemN2N, got {type(model).__name__}")
    if isinstance(question, str):
        return _own_question_frame(story, question, model)
    sentences, att, support = attention_table(model, story, question)
    q = story.questions[question]
    predicted = model.predict([story])[question % len(story.questions)]
    esc = _html.escape
    ok = "✓" if predicted == q.answer else "✗"
    caption = (
        f"<p><b>问题：</b>{esc(q.text)}　<b>答案：</b>{esc(q.answer)}　"
        f"<b>模型回答：</b>{esc(predicted)} {ok}</p>"
    )
    return _story_table(sentences, att, support, caption, "<p style='font-size:90%'>★ 支持事实</p>")


def _own_question_frame(story: babi.Story, text: str, model: MemN2N) -> str:
    if not isinstance(story, babi.Story):
        raise TypeError(f"story must be a babi.Story, got {type(story).__name__}")
    words = babi.tokenize(text)
    known = [w for w in words if w in model.vocab.index]
    if not known:
        return (
            f"<p><b>你的问题：</b>{_html.escape(text)}</p>"
            "<p>这个问题里没有模型认识的词：它只学过训练故事里的英文词。</p>"
        )
    unknown = sorted(set(words) - set(known))
    asked = babi.Story(story.sentences, (babi.Question(text, "?", (), len(story.sentences)),))
    att = model.attention(asked, 0)
    predicted = model.predict([asked])[0]
    esc = _html.escape
    caption = f"<p><b>你的问题：</b>{esc(text)}　<b>模型回答：</b>{esc(predicted)}</p>"
    note = (
        f"<p style='font-size:90%'>模型不认识、已忽略的词：{esc(', '.join(unknown))}</p>"
        if unknown
        else ""
    )
    return _story_table(list(story.sentences), att, [], caption, note)


def _story_table(
    sentences: list[str], att: np.ndarray, support: list[int], caption: str, footer: str
) -> str:
    esc = _html.escape
    head = "".join(f"<th>第 {k + 1} 跳</th>" for k in range(att.shape[0]))
    rows = []
    for i, s in enumerate(sentences):
        star = " ★" if i in support else ""
        cells = "".join(
            f'<td style="background:{_shade(att[k, i])};color:'
            f'{"#fff" if att[k, i] > 0.6 else "#000"};text-align:right">{att[k, i]:.2f}</td>'
            for k in range(att.shape[0])
        )
        rows.append(f"<tr><td>{i + 1}</td><td>{esc(s)}{star}</td>{cells}</tr>")
    return (
        f'<div>{caption}<table class="memlib-table"><thead><tr><th>序号</th><th>句子</th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{footer}</div>"
    )
