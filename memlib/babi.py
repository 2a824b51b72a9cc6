"""bAbI-style stories: generate, parse and format (Weston et al., 2015).

The bAbI tasks are short stories about four people moving between six rooms
and carrying three objects, followed by questions.  This module

* generates seeded stories in the style of task 1 (*single supporting fact*:
  "Where is Mary?") and task 2 (*two supporting facts*: "Where is the milk?"),
  with the same actors, locations, objects and verbs as the released data, by
  simulating the world, so every answer and supporting fact is correct;
* reads and writes the bAbI v1.2 text format, in which every line starts with
  an id that restarts at 1 for a new story and a question line reads
  ``id question<TAB>answer<TAB>supporting ids``; :func:`format` writes back
  what :func:`parse` read byte for byte (see *Layout* below);
* turns stories into training examples.

Training examples
-----------------
A story holds several questions.  As in the MemN2N paper, each question makes
one example whose memory is the story *prefix*: every sentence before the
question (questions themselves are not stored in memory).  See
:func:`examples`.

Indexing
--------
In the file, supporting facts are 1-based *line ids*, which also count the
question lines.  In a :class:`Story` they are 0-based indices into
``Story.sentences``; :func:`parse` and :func:`format` convert between the two.

Layout
------
The released files differ in one byte.  Tasks 4 and 15-20 write a question
line with no space before the first tab, the other tasks with one space::

    3 What is the bedroom east of?\\toffice\\t1      (tasks 4, 15-20)
    3 Where is Mary? \\tbathroom\\t1               (the other tasks)

:func:`parse` keeps the spaces a question line had in
``Question.separator`` and :func:`format` writes them back, so
``format(parse(text)) == text`` for every released file (their lines end
with ``\\n``), even for a file that mixes both layouts.  A question made in
code gets the default, one space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from memlib._checks import RngLike, as_rng, check_int

__all__ = [
    "ACTORS",
    "LOCATIONS",
    "OBJECTS",
    "Example",
    "Question",
    "Story",
    "examples",
    "format",
    "generate",
    "parse",
    "tokenize",
]

ACTORS = ("John", "Mary", "Sandra", "Daniel")
LOCATIONS = ("bedroom", "kitchen", "garden", "hallway", "bathroom", "office")
OBJECTS = ("apple", "football", "milk")
MOVE_VERBS = ("went to", "journeyed to", "travelled to", "moved to", "went back to")
GET_VERBS = ("got", "grabbed", "took", "picked up")
DROP_VERBS = ("dropped", "put down", "discarded", "left")

#: The tasks :func:`generate` can produce.
TASKS = (1, 2)


@dataclass(frozen=True)
class Question:
    """One question of a story.

    Attributes
    ----------
    text : str
        The question, e.g. ``"Where is Mary?"``.
    answer : str
        The one-word answer.
    supporting : tuple of int
        0-based indices into ``Story.sentences`` of the supporting facts.
    position : int
        Number of story sentences told before the question (its memory is
        ``Story.sentences[:position]``).
    separator : str, default " "
        The spaces between the question and the first tab of its line in the
        text format: ``" "`` in most released tasks, ``""`` in tasks 4 and
        15-20.  :func:`parse` records it and :func:`format` writes it back.
        It is layout, not content: questions that differ only in their
        separator compare equal.

    Raises
    ------
    TypeError
        If ``separator`` is not a str.
    ValueError
        If ``separator`` contains anything but spaces.
    """

    text: str
    answer: str
    supporting: tuple[int, ...]
    position: int
    separator: str = field(default=" ", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.separator, str):
            raise TypeError(f"separator must be a str, got {type(self.separator).__name__}")
        if self.separator.strip(" "):
            raise ValueError(f"separator must be a run of spaces, got {self.separator!r}")


@dataclass(frozen=True)
class Story:
    """A bAbI story: statements and the questions asked between them.

    Attributes
    ----------
    sentences : tuple of str
        The statements, in the order told.
    questions : tuple of Question
        The questions, in the order asked (non-decreasing ``position``).
    """

    sentences: tuple[str, ...]
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentences", tuple(self.sentences))
        object.__setattr__(self, "questions", tuple(self.questions))
        last = 0
        for q in self.questions:
            if not 0 <= q.position <= len(self.sentences) or q.position < last:
                raise ValueError(f"questions: position {q.position} out of order or range")
            if any(not 0 <= s < q.position for s in q.supporting):
                raise ValueError(
                    f"questions: supporting facts {q.supporting} must come before the question"
                )
            last = q.position


@dataclass(frozen=True)
class Example:
    """One training example: a question and the story told before it."""

    context: tuple[str, ...]
    question: str
    answer: str
    supporting: tuple[int, ...]


def tokenize(sentence: str) -> list[str]:
    """Lower-case words of a sentence, without punctuation."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}")
    return re.findall(r"[a-z]+", sentence.lower())


def examples(stories: Iterable[Story]) -> list[Example]:
    """One example per question, whose context is the story prefix before it.

    This is how the MemN2N paper forms its training set from bAbI: a story with
    five questions gives five examples.
    """
    stories = _check_stories(stories)
    out = []
    for story in stories:
        for q in story.questions:
            out.append(Example(story.sentences[: q.position], q.text, q.answer, q.supporting))
    return out


def _check_stories(stories: object) -> list[Story]:
    if isinstance(stories, Story):
        return [stories]
    if isinstance(stories, (str, bytes)):
        raise TypeError("stories must be a sequence of Story objects, got str")
    try:
        stories = list(stories)  # type: ignore[call-overload]
    except TypeError as exc:
        raise TypeError(
            f"stories must be a sequence of Story objects, got {type(stories).__name__}"
        ) from exc
    for s in stories:
        if not isinstance(s, Story):
            raise TypeError(f"stories must contain Story objects, got {type(s).__name__}")
    return stories


# ----------------------------------------------------------------------------- generator


class _World:
    """The state of a bAbI world and the sentence that told each fact."""

    def __init__(self) -> None:
        self.where: dict[str, str] = {}  # actor -> location
        self.moved_at: dict[str, int] = {}  # actor -> sentence index of last move
        self.holder: dict[str, str] = {}  # object -> actor holding it
        self.got_at: dict[str, int] = {}  # object -> sentence index of its last get
        self.dropped: dict[str, tuple[str, int, int]] = {}  # object -> (loc, drop, move)

    def object_answer(self, obj: str) -> tuple[str, tuple[int, ...]] | None:
        """Location of ``obj`` and its two supporting facts, if known.

        Only a located actor can get an object (see :func:`_act`), so a holder
        always has a location and a last move.
        """
        if obj in self.holder:
            actor = self.holder[obj]
            return self.where[actor], tuple(sorted((self.got_at[obj], self.moved_at[actor])))
        if obj in self.dropped:
            loc, drop, move = self.dropped[obj]
            return loc, tuple(sorted((drop, move)))
        return None


def _choice(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _act(world: _World, task: int, index: int, rng: np.random.Generator) -> str:
    """Draw one valid action, apply it to ``world`` and return its sentence."""
    kinds = ["move"]
    if task == 2:
        located = [a for a in ACTORS if a in world.where]
        can_get = [
            (a, o)
            for a in located
            for o in OBJECTS
            if o not in world.holder
            and (o not in world.dropped or world.dropped[o][0] == world.where[a])
        ]
        can_drop = [(a, o) for o, a in world.holder.items()]
        if can_get:
            kinds.append("get")
        if can_drop:
            kinds.append("drop")
        weights = {"move": 0.5, "get": 0.3, "drop": 0.2}
        p = np.array([weights[k] for k in kinds])
        kind = kinds[int(rng.choice(len(kinds), p=p / p.sum()))]
    else:
        kind = "move"
    if kind == "move":
        actor = _choice(rng, ACTORS)
        here = world.where.get(actor)
        loc = _choice(rng, [x for x in LOCATIONS if x != here])
        world.where[actor] = loc
        world.moved_at[actor] = index
        return f"{actor} {_choice(rng, MOVE_VERBS)} the {loc}."
    if kind == "get":
        actor, obj = can_get[int(rng.integers(len(can_get)))]
        world.holder[obj] = actor
        world.got_at[obj] = index
        world.dropped.pop(obj, None)
        return f"{actor} {_choice(rng, GET_VERBS)} the {obj} there."
    actor, obj = can_drop[int(rng.integers(len(can_drop)))]
    del world.holder[obj]
    world.dropped[obj] = (world.where[actor], index, world.moved_at[actor])
    return f"{actor} {_choice(rng, DROP_VERBS)} the {obj}."


def _generate_story(
    task: int, questions: int, rng: np.random.Generator, gap: tuple[int, int]
) -> Story:
    world = _World()
    sentences: list[str] = []
    asked: list[Question] = []
    for _ in range(questions):
        n_new = int(rng.integers(gap[0], gap[1] + 1))
        for _ in range(n_new):
            sentences.append(_act(world, task, len(sentences), rng))
        while True:
            if task == 1:
                targets = sorted(world.where)
            else:
                targets = [o for o in OBJECTS if world.object_answer(o) is not None]
            if targets:
                break
            sentences.append(_act(world, task, len(sentences), rng))
        target = _choice(rng, targets)
        if task == 1:
            answer, support = world.where[target], (world.moved_at[target],)
            text = f"Where is {target}?"
        else:
            found = world.object_answer(target)
            assert found is not None
            answer, support = found
            text = f"Where is the {target}?"
        asked.append(Question(text, answer, support, len(sentences)))
    return Story(tuple(sentences), tuple(asked))


def generate(
    task: int,
    n: int,
    rng: RngLike,
    *,
    questions: int = 5,
    gap: tuple[int, int] | None = None,
) -> list[Story]:
    """Seeded stories in the style of bAbI task 1 or task 2.

    The world of the released data: actors John, Mary, Sandra, Daniel; six
    locations; objects apple, football, milk.  Each step draws a valid action
    (task 1: moves only; task 2: moves 50 %, get 30 %, drop 20 % among the
    valid ones) and updates the simulated world, so answers and supporting
    facts are correct by construction.

    * Task 1, "Where is <actor>?": answer = the actor's location; supporting
      fact = the actor's last move.
    * Task 2, "Where is the <object>?": if someone holds it, answer = the
      holder's location, supporting facts = the holder's get fact and last
      move; if it was dropped, answer = where it was dropped, supporting facts
      = the drop fact and the dropper's last move before it (sorted by id).

    Parameters
    ----------
    task : {1, 2}
    n : int
        Number of stories (each gives ``questions`` training examples).
    rng : numpy.random.Generator or int
    questions : int, default 5
        Questions per story (bAbI uses 5 for task 1).
    gap : sequence of two ints, optional
        Min and max number of statements told before each question (more are
        added while no question can be answered), e.g. ``(2, 4)`` or
        ``[2, 4]``.  Default (2, 2) for task 1 as in bAbI, (2, 4) for task 2.

    Returns
    -------
    list of Story

    Raises
    ------
    TypeError
        If ``n``, ``questions`` or an entry of ``gap`` is not an int, ``gap``
        is not a sequence, or ``rng`` is neither a Generator nor an int.
    ValueError
        If ``task`` is not 1 or 2, ``n`` or ``questions`` < 1, ``gap`` does not
        have two entries, or not 1 <= gap[0] <= gap[1].
    """
    if isinstance(task, bool) or task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    n = check_int(n, "n", low=1)
    questions = check_int(questions, "questions", low=1)
    rng = as_rng(rng)
    if gap is None:
        gap = (2, 2) if task == 1 else (2, 4)
    if isinstance(gap, (str, bytes)) or not isinstance(gap, (Sequence, np.ndarray)):
        raise TypeError(f"gap must be a sequence (low, high) of two ints, got {gap!r}")
    if len(gap) != 2:
        raise ValueError(f"gap must have two entries (low, high), got {len(gap)}")
    lo = check_int(gap[0], "gap[0]", low=1)
    hi = check_int(gap[1], "gap[1]", low=lo)
    return [_generate_story(int(task), questions, rng, (lo, hi)) for _ in range(n)]


# ----------------------------------------------------------------------------- text format

_LINE = re.compile(r"^(\d+) (.*)$")


def parse(text: str) -> list[Story]:
    """Read stories in the bAbI v1.2 text format.

    Every line is ``id text``; ids count lines from 1 within a story and
    restart at 1 for the next one.  A question line is
    ``id question<TAB>answer<TAB>supporting ids`` (space-separated line ids
    of statements).  The spaces between the question and the first tab (one
    or none in the released files) are kept in ``Question.separator``, so
    :func:`format` reproduces the line.  Blank lines are skipped.

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If a line cannot be read; the message names its (1-based) line number.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    stories: list[Story] = []
    sentences: list[str] = []
    questions: list[Question] = []
    line_to_sentence: dict[int, int] = {}
    expected = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"text: line {number} does not start with an id: {line!r}")
        line_id = int(match.group(1))
        body = match.group(2)
        if line_id == 1 and expected != 1:
            stories.append(Story(tuple(sentences), tuple(questions)))
            sentences, questions, line_to_sentence = [], [], {}
        elif line_id != expected:
            raise ValueError(
                f"text: line {number} has id {line_id}, expected {expected} or 1 (new story)"
            )
        expected = line_id + 1
        if "\t" in body:
            parts = body.split("\t")
            if len(parts) != 3:
                raise ValueError(
                    f"text: line {number} is a question line but does not have the form "
                    "'question<TAB>answer<TAB>supporting ids'"
                )
            question, answer, support = (p.strip() for p in parts)
            separator = parts[0][len(parts[0].rstrip(" ")) :]
            if not question or not answer:
                raise ValueError(f"text: line {number} has an empty question or answer")
            try:
                ids = [int(s) for s in support.split()]
            except ValueError:
                raise ValueError(
                    f"text: line {number} has supporting ids that are not integers: {support!r}"
                ) from None
            if any(i not in line_to_sentence for i in ids):
                raise ValueError(
                    f"text: line {number} cites supporting ids {ids} that are not earlier "
                    "statements of the story"
                )
            support_idx = tuple(line_to_sentence[i] for i in ids)
            questions.append(Question(question, answer, support_idx, len(sentences), separator))
        else:
            sentence = body.strip()
            if not sentence:
                raise ValueError(f"text: line {number} has an empty statement")
            line_to_sentence[line_id] = len(sentences)
            sentences.append(sentence)
    if expected != 1:
        stories.append(Story(tuple(sentences), tuple(questions)))
    return stories


def format(stories: Iterable[Story]) -> str:  # noqa: A001 - the module's public name
    """Write stories in the bAbI v1.2 text format (inverse of :func:`parse`).

    Statements and questions are numbered together from 1 in each story; a
    question line is ``id question<separator>\\tanswer\\tids``, where
    ``separator`` is the question's :attr:`Question.separator`: the spaces
    :func:`parse` found before the first tab (one in most released tasks, none
    in tasks 4 and 15-20), or one space for a question made in code.  Every
    line ends with a newline, so ``format(parse(text)) == text`` for every
    released bAbI v1.2 file, whichever layout it has.
    """
    stories = _check_stories(stories)
    lines: list[str] = []
    for story in stories:
        line_id = 0
        sentence_line: list[int] = []
        qi = 0
        for s_index in range(len(story.sentences) + 1):
            while qi < len(story.questions) and story.questions[qi].position == s_index:
                q = story.questions[qi]
                line_id += 1
                ids = " ".join(str(sentence_line[i]) for i in q.supporting)
                lines.append(f"{line_id} {q.text}{q.separator}\t{q.answer}\t{ids}")
                qi += 1
            if s_index < len(story.sentences):
                line_id += 1
                sentence_line.append(line_id)
                lines.append(f"{line_id} {story.sentences[s_index]}")
    return "".join(line + "\n" for line in lines)
