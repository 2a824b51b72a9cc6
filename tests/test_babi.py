"""Tests of memlib.babi: generator, parser, formatter."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memlib import babi

# A few lines written by hand in the bAbI v1.2 format (task 1 and task 2 style).
SAMPLE = (
    "1 Mary moved to the bathroom.\n"
    "2 John went to the hallway.\n"
    "3 Where is Mary? \tbathroom\t1\n"
    "4 Daniel went back to the hallway.\n"
    "5 Sandra moved to the garden.\n"
    "6 Where is Daniel? \thallway\t4\n"
    "1 Mary got the milk there.\n"
    "2 John moved to the bedroom.\n"
    "3 Mary travelled to the office.\n"
    "4 Where is the milk? \toffice\t1 3\n"
)

MOVE = re.compile(
    r"^(\w+) (?:went to|journeyed to|travelled to|moved to|went back to) the (\w+)\.$"
)
GET = re.compile(r"^(\w+) (?:got|grabbed|took|picked up) the (\w+) there\.$")
DROP = re.compile(r"^(\w+) (?:dropped|put down|discarded|left) the (\w+)\.$")
WHERE_ACTOR = re.compile(r"^Where is (\w+)\?$")
WHERE_OBJECT = re.compile(r"^Where is the (\w+)\?$")


def simulate(story: babi.Story) -> list[tuple[str, set[int]]]:
    """Answer every question by replaying the story's sentences (independent of babi)."""
    where, moved, holder, got, dropped = {}, {}, {}, {}, {}
    answers = []
    qi = 0
    for i in range(len(story.sentences) + 1):
        while qi < len(story.questions) and story.questions[qi].position == i:
            text = story.questions[qi].text
            if m := WHERE_OBJECT.match(text):
                obj = m.group(1)
                if obj in holder:
                    a = holder[obj]
                    answers.append((where[a], {got[obj], moved[a]}))
                else:
                    loc, drop_i, move_i = dropped[obj]
                    answers.append((loc, {drop_i, move_i}))
            else:
                actor = WHERE_ACTOR.match(text).group(1)
                answers.append((where[actor], {moved[actor]}))
            qi += 1
        if i == len(story.sentences):
            break
        s = story.sentences[i]
        if m := MOVE.match(s):
            where[m.group(1)], moved[m.group(1)] = m.group(2), i
        elif m := GET.match(s):
            actor, obj = m.groups()
            assert actor in where, "someone picked up an object before being anywhere"
            if obj in dropped:
                assert dropped[obj][0] == where[actor], "picked up an object in another room"
                del dropped[obj]
            assert obj not in holder, "picked up an object someone else holds"
            holder[obj], got[obj] = actor, i
        elif m := DROP.match(s):
            actor, obj = m.groups()
            assert holder.get(obj) == actor, "dropped an object one does not hold"
            del holder[obj]
            dropped[obj] = (where[actor], i, moved[actor])
        else:
            raise AssertionError(f"unexpected sentence {s!r}")
    return answers


# ----------------------------------------------------------------------------- parser


def test_parser_reads_a_hand_written_sample():
    stories = babi.parse(SAMPLE)
    assert len(stories) == 2
    s1, s2 = stories
    assert s1.sentences == (
        "Mary moved to the bathroom.",
        "John went to the hallway.",
        "Daniel went back to the hallway.",
        "Sandra moved to the garden.",
    )
    assert s1.questions[0] == babi.Question("Where is Mary?", "bathroom", (0,), 2)
    # line 4 is the third statement (line 3 was a question)
    assert s1.questions[1] == babi.Question("Where is Daniel?", "hallway", (2,), 4)
    assert s2.questions == (babi.Question("Where is the milk?", "office", (0, 2), 3),)
    assert babi.format(stories) == SAMPLE


def test_parser_accepts_missing_space_windows_newlines_and_blank_lines():
    text = "1 John went to the office.\r\n\r\n2 Where is John?\toffice\t1\r\n"
    (story,) = babi.parse(text)
    assert story.questions[0] == babi.Question("Where is John?", "office", (0,), 1)
    assert story.questions[0].separator == ""
    # the layout of the question line is kept; blank lines and CR are not
    assert babi.format([story]) == "1 John went to the office.\n2 Where is John?\toffice\t1\n"


# Hand-written in the layout of tasks 4 and 15-20: no space before the first tab.
NO_SPACE = (
    "1 The office is north of the kitchen.\n"
    "2 The garden is south of the kitchen.\n"
    "3 What is north of the kitchen?\toffice\t1\n"
    "1 The kitchen is west of the garden.\n"
    "2 The hallway is west of the kitchen.\n"
    "3 What is the garden east of?\tkitchen\t1\n"
    "4 Mice are afraid of wolves.\n"
    "5 How do you go from the hallway to the garden?\te,e\t2 1\n"
)

# Both layouts in one file, even in one story.
MIXED = (
    "1 Mary moved to the bathroom.\n"
    "2 Where is Mary? \tbathroom\t1\n"
    "3 Sandra went to the garden.\n"
    "4 Where is Sandra?\tgarden\t3\n"
    "1 Gertrude is a mouse.\n"
    "2 What is Gertrude afraid of?\tcat\t1\n"
    "3 John went to the kitchen.\n"
    "4 Where is John? \tkitchen\t3\n"
)


@pytest.mark.parametrize("text", [SAMPLE, NO_SPACE, MIXED], ids=["space", "no-space", "mixed"])
def test_format_writes_back_the_layout_it_parsed(text):
    stories = babi.parse(text)
    assert babi.format(stories) == text
    assert babi.format(babi.parse(babi.format(stories))) == text


def test_parser_records_the_separator_of_each_question_line():
    no_space = babi.parse(NO_SPACE)
    assert [q.separator for s in no_space for q in s.questions] == ["", "", ""]
    assert no_space[1].questions[1] == babi.Question(
        "How do you go from the hallway to the garden?", "e,e", (1, 0), 3
    )
    mixed = babi.parse(MIXED)
    assert [q.separator for s in mixed for q in s.questions] == [" ", "", "", " "]
    assert [q.text for s in mixed for q in s.questions][1] == "Where is Sandra?"


def test_question_made_in_code_is_written_with_one_space():
    q = babi.Question("Where is Mary?", "bathroom", (0,), 1)
    assert q.separator == " "
    story = babi.Story(("Mary moved to the bathroom.",), (q,))
    assert babi.format([story]) == "1 Mary moved to the bathroom.\n2 Where is Mary? \tbathroom\t1\n"
    tight = babi.Question("Where is Mary?", "bathroom", (0,), 1, separator="")
    assert tight == q  # the separator is layout, not content
    assert babi.format([babi.Story(story.sentences, (tight,))]).endswith("Mary?\tbathroom\t1\n")
    wide = babi.Question("Where is Mary?", "bathroom", (0,), 1, separator="  ")
    assert babi.format([babi.Story(story.sentences, (wide,))]).endswith("Mary?  \tbathroom\t1\n")


@pytest.mark.parametrize(
    "separator, error", [("\t", ValueError), (" x", ValueError), (1, TypeError)]
)
def test_question_rejects_a_separator_that_is_not_spaces(separator, error):
    with pytest.raises(error, match="separator"):
        babi.Question("Where is Mary?", "bathroom", (0,), 1, separator=separator)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.booleans(), min_size=12, max_size=12))
def test_any_mix_of_layouts_round_trips(seed, spaces):
    # write one space or none before each question's tab, line by line
    text = babi.format(babi.generate(2, 2, rng=seed, questions=6))
    lines = text.splitlines(keepends=True)
    q_lines = [i for i, line in enumerate(lines) if "\t" in line]
    assert len(q_lines) == 12
    for i, space in zip(q_lines, spaces):
        if not space:
            lines[i] = lines[i].replace(" \t", "\t", 1)
    text = "".join(lines)
    assert babi.format(babi.parse(text)) == text


@pytest.mark.parametrize(
    "text, line",
    [
        ("Mary moved to the bathroom.\n", 1),
        ("1 Mary moved.\n3 John moved.\n", 2),
        ("1 Mary moved.\n2 Where is Mary?\tbathroom\n", 2),
        ("1 Mary moved.\n2 Where is Mary?\tbathroom\tone\n", 2),
        ("1 Mary moved.\n2 Where is Mary?\tbathroom\t2\n", 2),
        ("1 Mary moved.\n2 Where is Mary?\tbathroom\t5\n", 2),
        ("1 Mary moved.\n2 Where?\ta\t1\n3 Where?\tb\t2\n", 3),
        ("1 Mary moved.\n\n2 \n", 3),
        ("1 Mary moved.\n2 Where is Mary?\t\t1\n", 2),
        ("2 Mary moved.\n", 1),
    ],
)
def test_parser_names_the_bad_line(text, line):
    with pytest.raises(ValueError, match=rf"line {line}\b"):
        babi.parse(text)


def test_parser_and_formatter_type_errors():
    with pytest.raises(TypeError, match="text"):
        babi.parse(b"1 Mary moved.")
    with pytest.raises(TypeError, match="stories"):
        babi.format("1 Mary moved.")
    with pytest.raises(TypeError, match="stories"):
        babi.format([1, 2])


# ----------------------------------------------------------------------------- generator


@pytest.mark.parametrize("task", [1, 2])
def test_generated_answers_follow_from_their_supporting_facts(task):
    stories = babi.generate(task, 60, rng=7)
    assert len(stories) == 60
    for story in stories:
        assert len(story.questions) == 5
        expected = simulate(story)
        for q, (answer, support) in zip(story.questions, expected):
            assert q.answer == answer
            assert set(q.supporting) == support
            assert len(q.supporting) == (1 if task == 1 else 2)
            assert q.answer in babi.LOCATIONS


def test_generated_vocabulary_is_that_of_the_bAbI_world():
    words = set()
    for task in (1, 2):
        for story in babi.generate(task, 40, rng=task):
            for s in story.sentences:
                words.update(babi.tokenize(s))
            for q in story.questions:
                words.update(babi.tokenize(q.text))
    allowed = {w.lower() for w in babi.ACTORS} | set(babi.LOCATIONS) | set(babi.OBJECTS)
    for verbs in (babi.MOVE_VERBS, babi.GET_VERBS, babi.DROP_VERBS):
        for v in verbs:
            allowed.update(v.split())
    allowed.update({"the", "there", "where", "is"})
    assert words <= allowed
    assert {"got", "dropped", "milk"} <= words  # task 2 uses objects


def test_task1_has_only_moves_and_two_statements_per_question():
    for story in babi.generate(1, 20, rng=3):
        assert all(MOVE.match(s) for s in story.sentences)
        assert [q.position for q in story.questions] == [2, 4, 6, 8, 10]
        assert all(WHERE_ACTOR.match(q.text) for q in story.questions)


def test_generate_is_deterministic_given_the_seed():
    a = babi.generate(2, 10, rng=5)
    assert a == babi.generate(2, 10, rng=5)
    assert a != babi.generate(2, 10, rng=6)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 2), st.integers(0, 10_000), st.integers(1, 6))
def test_format_parse_format_round_trip(task, seed, questions):
    stories = babi.generate(task, 3, rng=seed, questions=questions)
    text = babi.format(stories)
    parsed = babi.parse(text)
    assert parsed == stories
    assert babi.format(parsed) == text


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"task": 3, "n": 2}, ValueError, "task"),
        ({"task": True, "n": 2}, ValueError, "task"),
        ({"task": 1, "n": 0}, ValueError, "n"),
        ({"task": 1, "n": 2.5}, TypeError, "n"),
        ({"task": 1, "n": 2, "questions": 0}, ValueError, "questions"),
        ({"task": 1, "n": 2, "gap": (0, 2)}, ValueError, "gap"),
        ({"task": 1, "n": 2, "gap": (3, 2)}, ValueError, "gap"),
        ({"task": 1, "n": 2, "gap": 2}, TypeError, "gap"),
        ({"task": 1, "n": 2, "gap": "12"}, TypeError, "gap"),
        ({"task": 1, "n": 2, "gap": (1, 2, 3)}, ValueError, "gap"),
        ({"task": 1, "n": 2, "gap": [1]}, ValueError, "gap"),
        ({"task": 1, "n": 2, "gap": (1, 2.5)}, TypeError, "gap"),
    ],
)
def test_generate_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        babi.generate(rng=0, **kwargs)


@pytest.mark.parametrize("gap", [[1, 3], range(1, 4, 2), np.array([1, 3])])
def test_generate_accepts_any_two_sequence_as_gap(gap):
    stories = babi.generate(1, 4, rng=8, gap=gap)
    assert stories == babi.generate(1, 4, rng=8, gap=(1, 3))
    # task 1 tells between 1 and 3 statements before each question
    gaps = []
    for story in stories:
        positions = [0] + [q.position for q in story.questions]
        gaps += [b - a for a, b in zip(positions, positions[1:])]
    assert set(gaps) <= {1, 2, 3} and {1, 3} <= set(gaps)


def test_generate_needs_a_seed():
    with pytest.raises(TypeError, match="rng"):
        babi.generate(1, 2, rng=None)


# ----------------------------------------------------------------------------- examples


def test_examples_use_the_story_prefix_before_each_question():
    stories = babi.parse(SAMPLE)
    exs = babi.examples(stories)
    assert len(exs) == 3
    assert exs[0].context == ("Mary moved to the bathroom.", "John went to the hallway.")
    assert exs[1].context == stories[0].sentences  # all four statements precede line 6
    assert exs[2] == babi.Example(stories[1].sentences, "Where is the milk?", "office", (0, 2))


def test_story_rejects_inconsistent_questions():
    with pytest.raises(ValueError, match="questions"):
        babi.Story(("a.",), (babi.Question("q?", "x", (0,), 0),))
    with pytest.raises(ValueError, match="questions"):
        babi.Story(("a.",), (babi.Question("q?", "x", (), 2),))


def test_tokenize():
    assert babi.tokenize("Where is the milk? ") == ["where", "is", "the", "milk"]
    with pytest.raises(TypeError, match="sentence"):
        babi.tokenize(3)
