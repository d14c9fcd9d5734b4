"""diagnosis: the hard-signal rule, the openly weighted score, and what the page says.

The rule is the essay's (The Walk-Away Option): win-win needs both sides, and "as soon as one party starts down
the path of winner-takes-all, you're most likely going keep going in that direction". So a hard signal
(threats or false deadlines; concessions not returned) makes the leaning winner-takes-all whatever the sum.
Weights, from the module's table: meet again 1.5, several issues 1, record of playing hard 1.5, kind of deal
played hard 1, share information 2, reciprocate 2, threats 2, extreme opening 1.5, press for your limit 1.5;
the largest possible score is 1.5 + 1 + 1.5 + 1 + 2 + 2 + 2 + 1.5 + 1.5 = 14.
"""

from __future__ import annotations

import itertools

import pytest

from calculators.charts import BarChart
from calculators.diagnosis import EXAMPLE, HARD, MAX_SCORE, SIGNALS, TACTICS, Inputs, compute, present
from calculators.fields import Choice, InputError, describe, parse
from calculators.render import Links, Note, Summary, Table

NAMES = list(SIGNALS)
ANSWERS = ("yes", "no", "not sure")


def answers(**given: str) -> Inputs:
    return Inputs(**given)


# -- the model, branch by branch --------------------------------------------------


def test_max_score_is_the_sum_of_the_weights() -> None:
    assert MAX_SCORE == 14


def test_example() -> None:
    # Meet again "no": +1.5; several issues "no": +1; share information "no": +2; reciprocate "not sure": 0;
    # threats "no": -2; extreme opening "yes": +1.5; the three others "not sure": 0.
    # Score = 1.5 + 1 + 2 - 2 + 1.5 = 4 > 0, no hard signal: winner-takes-all; strength 4/14; 5 answered.
    r = compute(EXAMPLE)
    assert r.score == 4 and r.leaning == "winner-takes-all"
    assert r.signal_strength == 4 / 14
    assert r.answered == 5 and r.hard_signals == ()
    assert r.points == (1.5, 1.0, 0.0, 0.0, 2.0, 0.0, -2.0, 1.5, 0.0)
    assert r.read_next == (
        "tactics/know-your-bottom-line/",
        "tactics/keep-your-cards-close/",
        "tactics/do-your-homework/",
        "tactics/use-time/",
    )


def test_an_unanswered_form_gives_no_verdict() -> None:
    # Every answer starts at "not sure": nothing answered, so no leaning (issue 10), only "find out".
    assert all(f == "not sure" for f in (getattr(Inputs(), n) for n in NAMES))
    r = compute(Inputs())
    assert r.leaning is None and r.score == 0 and r.signal_strength == 0 and r.answered == 0
    assert r.read_next == ("tactics/do-your-homework/",)


def test_six_yes_answers_are_winner_takes_all() -> None:
    # Issue 10: the six original questions all "yes" scored -2 - 2 + 2 + 1.5 - 1.5 - 1 = -3 and read "win-win".
    # "Yes" to threats is a hard signal: winner-takes-all, whatever the sum.
    r = compute(
        answers(
            shares_information="yes",
            reciprocates_concessions="yes",
            threats_or_deadlines="yes",
            extreme_opening="yes",
            ongoing_relationship="yes",
            several_issues="yes",
        )
    )
    assert r.score == -3 and r.leaning == "winner-takes-all"
    assert r.hard_signals == ("threats_or_deadlines",)
    # bottom, cards, homework, time; + fortress (threats); + long term (meet again). Not scarce: they reciprocate.
    assert r.read_next == (
        "tactics/know-your-bottom-line/",
        "tactics/keep-your-cards-close/",
        "tactics/do-your-homework/",
        "tactics/use-time/",
        "tactics/argue-no-fortress/",
        "tactics/long-and-short-term/",
    )


def test_concessions_not_returned_is_a_hard_signal_against_every_win_win_answer() -> None:
    # Everything else as win-win as it gets: -1.5 - 1 - 1.5 - 1 - 2 - 2 - 1.5 - 1.5 = -12, and reciprocate "no": +2.
    # Score -10, still winner-takes-all.
    r = compute(
        answers(
            ongoing_relationship="yes",
            several_issues="yes",
            record_of_playing_hard="no",
            kind_of_deal_played_hard="no",
            shares_information="yes",
            reciprocates_concessions="no",
            threats_or_deadlines="no",
            extreme_opening="no",
            presses_for_your_limit="no",
        )
    )
    assert r.score == -10 and r.leaning == "winner-takes-all"
    assert r.hard_signals == ("reciprocates_concessions",)
    assert r.signal_strength == 10 / 14
    assert "tactics/make-yourself-scarce/" in r.read_next
    assert "tactics/argue-no-fortress/" not in r.read_next


def test_both_hard_signals_are_named_in_rule_order() -> None:
    r = compute(answers(reciprocates_concessions="no", threats_or_deadlines="yes"))
    # +2 (no reciprocity) + 2 (threats) = 4.
    assert r.score == 4 and r.hard_signals == ("threats_or_deadlines", "reciprocates_concessions")


def test_all_win_win() -> None:
    r = compute(
        answers(
            ongoing_relationship="yes",
            several_issues="yes",
            record_of_playing_hard="no",
            kind_of_deal_played_hard="no",
            shares_information="yes",
            reciprocates_concessions="yes",
            threats_or_deadlines="no",
            extreme_opening="no",
            presses_for_your_limit="no",
        )
    )
    assert r.score == -14 and r.leaning == "win-win" and r.signal_strength == 1 and r.answered == 9
    assert r.read_next == (
        "win-win-or-winner-takes-all/",
        "tactics/know-your-bottom-line/",
        "tactics/argue-no-fortress/",
        "tactics/long-and-short-term/",
    )


def test_all_winner_takes_all() -> None:
    r = compute(
        answers(
            ongoing_relationship="no",
            several_issues="no",
            record_of_playing_hard="yes",
            kind_of_deal_played_hard="yes",
            shares_information="no",
            reciprocates_concessions="no",
            threats_or_deadlines="yes",
            extreme_opening="yes",
            presses_for_your_limit="yes",
        )
    )
    assert r.score == 14 and r.leaning == "winner-takes-all" and r.signal_strength == 1
    assert r.read_next == (
        "tactics/know-your-bottom-line/",
        "tactics/keep-your-cards-close/",
        "tactics/do-your-homework/",
        "tactics/use-time/",
        "tactics/use-a-proxy/",
        "tactics/make-yourself-scarce/",
        "tactics/argue-no-fortress/",
    )


def test_balanced_answers_are_unclear() -> None:
    # Several issues "yes": -1; a kind of deal usually played hard "yes": +1. Score 0, two answered, no hard signal.
    r = compute(answers(several_issues="yes", kind_of_deal_played_hard="yes"))
    assert r.score == 0 and r.leaning == "unclear" and r.answered == 2 and r.signal_strength == 0
    assert r.read_next == ("win-win-or-winner-takes-all/", "tactics/do-your-homework/", "tactics/know-your-bottom-line/")


def test_being_pressed_for_your_limit_points_to_a_proxy() -> None:
    # The essay's tactic 5: a negotiator who does not know your bottom line cannot give it away, and keeps pushing.
    # "Yes" alone scores +1.5: winner-takes-all, and the proxy page is recommended.
    r = compute(answers(presses_for_your_limit="yes"))
    assert r.score == 1.5 and r.leaning == "winner-takes-all"
    assert "tactics/use-a-proxy/" in r.read_next
    # Not when the answer is "no" or "not sure", and never under win-win.
    assert "tactics/use-a-proxy/" not in compute(answers(presses_for_your_limit="no", extreme_opening="yes")).read_next
    assert "tactics/use-a-proxy/" not in compute(answers(extreme_opening="yes")).read_next
    ww = compute(answers(presses_for_your_limit="yes", shares_information="yes", reciprocates_concessions="yes"))
    assert ww.leaning == "win-win" and "tactics/use-a-proxy/" not in ww.read_next


def test_meeting_again_adds_the_long_term_only_under_winner_takes_all() -> None:
    # Meet again "yes" (-1.5) with threats "yes" (+2, hard): winner-takes-all, and tactic 8 is added.
    r = compute(answers(ongoing_relationship="yes", threats_or_deadlines="yes"))
    assert r.score == 0.5 and r.read_next[-2:] == ("tactics/argue-no-fortress/", "tactics/long-and-short-term/")
    # The smallest lean there is, half a point of 14: 3.6%, still towards winner-takes-all.
    inputs = answers(ongoing_relationship="yes", threats_or_deadlines="yes")
    assert present(inputs, r)[0].items[1] == ("Strength of the signals", "3.6% towards winner-takes-all")  # type: ignore[union-attr]


#: Each signal alone, answered "yes": its points (+ towards winner-takes-all), worked from the module's table.
ALONE_YES = {
    "ongoing_relationship": -1.5,
    "several_issues": -1.0,
    "record_of_playing_hard": 1.5,
    "kind_of_deal_played_hard": 1.0,
    "shares_information": -2.0,
    "reciprocates_concessions": -2.0,
    "threats_or_deadlines": 2.0,
    "extreme_opening": 1.5,
    "presses_for_your_limit": 1.5,
}


@pytest.mark.parametrize("name", NAMES)
def test_each_answer_alone(name: str) -> None:
    yes, no = compute(answers(**{name: "yes"})), compute(answers(**{name: "no"}))
    assert yes.score == ALONE_YES[name] and no.score == -ALONE_YES[name]
    assert yes.answered == no.answered == 1
    i = NAMES.index(name)
    assert yes.points == tuple(ALONE_YES[name] if j == i else 0.0 for j in range(len(NAMES)))
    assert yes.signal_strength == abs(ALONE_YES[name]) / 14
    hard_yes, hard_no = name == "threats_or_deadlines", name == "reciprocates_concessions"
    assert yes.leaning == ("winner-takes-all" if ALONE_YES[name] > 0 else "win-win")
    assert no.leaning == ("winner-takes-all" if ALONE_YES[name] < 0 else "win-win")
    assert yes.hard_signals == ((name,) if hard_yes else ())
    assert no.hard_signals == ((name,) if hard_no else ())


def test_hard_signals_override_the_sum_in_every_answer_set() -> None:
    # All 3**9 = 19,683 answer sets. On the old code, 134 of the 405 sets (of 729) with a hard signal were not
    # called winner-takes-all.
    sets = list(itertools.product(ANSWERS, repeat=len(NAMES)))
    assert len(sets) == 19_683
    hard_sets = 0
    reached: set[str] = set()
    for combo in sets:
        given = dict(zip(NAMES, combo, strict=True))
        r = compute(Inputs(**given))
        reached.update(r.read_next)
        hard = given["threats_or_deadlines"] == "yes" or given["reciprocates_concessions"] == "no"
        if hard:
            hard_sets += 1
            assert r.leaning == "winner-takes-all", given
        assert (r.leaning is None) == all(a == "not sure" for a in combo)
        assert r.answered == sum(a != "not sure" for a in combo)
        assert abs(r.score) <= MAX_SCORE and 0 <= r.signal_strength <= 1
    # Sets with threats "yes" or reciprocate "no": 3**9 - (2/3)**2 * 3**9 = 19,683 - 8,748 = 10,935.
    assert hard_sets == 10_935
    # Every recommendation, "Use a proxy" included, is given by some answer set.
    assert reached == {path for _, path in TACTICS.values()}


def test_hard_table_names_the_two_rules() -> None:
    assert HARD == {
        "threats_or_deadlines": ("yes", "they have used threats, ultimatums or false deadlines"),
        "reciprocates_concessions": ("no", "they do not answer your concessions with concessions"),
    }


# -- validation -----------------------------------------------------------------------


def test_every_answer_defaults_to_not_sure_and_the_example_is_separate() -> None:
    assert parse(Inputs, {}) == Inputs()
    assert Inputs() != EXAMPLE
    assert (EXAMPLE.shares_information, EXAMPLE.extreme_opening, EXAMPLE.several_issues) == ("no", "yes", "no")


@pytest.mark.parametrize("name", NAMES)
def test_an_answer_outside_yes_no_not_sure_is_refused(name: str) -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {name: "maybe"})
    (problem,) = e.value.problems
    assert problem.where == name and "'yes' or 'no' or 'not sure'" in problem.message and "'maybe'" in problem.message
    for ok in ANSWERS:
        assert getattr(parse(Inputs, {name: ok}), name) == ok


# -- what the page says -----------------------------------------------------------------


def notes(inputs: Inputs) -> list[tuple[str, str]]:
    return [(b.text, b.tone) for b in present(inputs, compute(inputs)) if isinstance(b, Note)]


def test_example_page() -> None:
    blocks = present(EXAMPLE, compute(EXAMPLE))
    assert blocks[0] == Summary(
        (
            ("Leaning", "winner-takes-all"),
            ("Strength of the signals", "28.6% towards winner-takes-all"),
            ("Questions answered", "5 of 9"),
        )
    )
    assert notes(EXAMPLE) == [
        (
            "The answers lean winner-takes-all. Play it that way until they show otherwise, by sharing information "
            "and matching your concessions.",
            "info",
        )
    ]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.caption == "How each answer scored (+ towards winner-takes-all, \u2212 towards win-win)"
    assert table.columns == ("Signal", "Known", "Your answer", "Points", "Hard signal")
    assert table.numeric == (3,)
    assert table.rows == (
        ("You will meet again", "before talks", "no", "+1.5", ""),
        ("Several issues on the table", "before talks", "no", "+1", ""),
        ("A record of playing hard", "before talks", "not sure", "0", ""),
        ("A kind of deal usually played hard", "before talks", "not sure", "0", ""),
        ("They share information", "in talks", "no", "+2", ""),
        ("They reciprocate concessions", "in talks", "not sure", "0", ""),
        ("Threats or false deadlines", "in talks", "no", "\u22122", ""),
        ("Extreme opening anchor", "in talks", "yes", "+1.5", ""),
        ("They press for your bottom line", "in talks", "not sure", "0", ""),
    )
    (chart,) = [b for b in blocks if isinstance(b, BarChart)]
    assert chart.categories == tuple(row[0] for row in table.rows)
    assert chart.series == (("Points", (1.5, 1.0, 0.0, 0.0, 2.0, 0.0, -2.0, 1.5, 0.0)),)
    assert chart.value_format == "number"
    assert chart.title == "Points per signal"
    assert chart.description == ("Each signal's points: bars to the right point to winner-takes-all, to the left to win-win.")
    assert blocks[-1] == Links(
        "Read next",
        (
            ("Know your bottom line", "tactics/know-your-bottom-line/"),
            ("Keep your cards close", "tactics/keep-your-cards-close/"),
            ("Do your homework", "tactics/do-your-homework/"),
            ("Use time", "tactics/use-time/"),
        ),
    )


def test_unanswered_page_asks_for_an_answer() -> None:
    blocks = present(Inputs(), compute(Inputs()))
    assert blocks[0] == Summary(
        (("Leaning", "no verdict yet"), ("Strength of the signals", "0.0%"), ("Questions answered", "0 of 9"))
    )
    assert notes(Inputs()) == [
        (
            'Answer at least one question: every answer starts at "not sure", and with nothing answered there is '
            "nothing to read. The first four can be answered before talks start.",
            "info",
        )
    ]
    assert blocks[-1] == Links("Read next", (("Do your homework", "tactics/do-your-homework/"),))


HARD_RULE = "Win-win needs both sides, and one side playing to win is enough to change the game."


def test_hard_signal_page_when_the_sum_leans_win_win() -> None:
    inputs = answers(threats_or_deadlines="yes", shares_information="yes", several_issues="yes")  # 2 - 2 - 1 = -1
    assert notes(inputs) == [
        (
            "Winner-takes-all, whatever the other answers say: they have used threats, ultimatums or false deadlines. "
            + HARD_RULE
            + " The weighted answers alone would lean win-win; the hard signal outweighs them.",
            "warning",
        )
    ]
    blocks = present(inputs, compute(inputs))
    # The sum's strength says which way the sum leans: 1/14 = 7.1% towards win-win, under a hard-signal verdict.
    assert blocks[0] == Summary(
        (
            ("Leaning", "winner-takes-all"),
            ("Strength of the signals", "7.1% towards win-win"),
            ("Questions answered", "3 of 9"),
        )
    )
    rows = next(b for b in blocks if isinstance(b, Table)).rows
    assert [row[4] for row in rows] == ["", "", "", "", "", "", "yes", "", ""]


def test_hard_signal_page_when_the_sum_cancels_out() -> None:
    inputs = answers(reciprocates_concessions="no", shares_information="yes")  # 2 - 2 = 0
    assert notes(inputs) == [
        (
            "Winner-takes-all, whatever the other answers say: they do not answer your concessions with concessions. "
            + HARD_RULE
            + " The weighted answers alone cancel out.",
            "warning",
        )
    ]


def test_hard_signal_page_when_the_sum_agrees() -> None:
    inputs = answers(reciprocates_concessions="no", threats_or_deadlines="yes")
    assert notes(inputs) == [
        (
            "Winner-takes-all, whatever the other answers say: they have used threats, ultimatums or false deadlines "
            "and they do not answer your concessions with concessions. " + HARD_RULE,
            "warning",
        )
    ]
    assert present(inputs, compute(inputs))[0].items[0] == ("Leaning", "winner-takes-all")  # type: ignore[union-attr]


def test_win_win_page_warns_to_keep_watching() -> None:
    inputs = answers(shares_information="yes")
    assert notes(inputs) == [
        (
            "The answers lean win-win, but win-win needs both sides: keep watching for a hard signal (threats, or "
            "concessions not returned). One is enough to change the game.",
            "info",
        )
    ]
    # -2 of 14: 14.3%.
    assert present(inputs, compute(inputs))[0].items[:2] == (  # type: ignore[union-attr]
        ("Leaning", "win-win"),
        ("Strength of the signals", "14.3% towards win-win"),
    )


def test_unclear_page() -> None:
    inputs = answers(several_issues="yes", kind_of_deal_played_hard="yes")
    assert notes(inputs) == [
        ("The answers you gave cancel out. Probe before you reveal anything: ask questions, offer little.", "info")
    ]
    assert present(inputs, compute(inputs))[0].items[1] == ("Strength of the signals", "0.0%")  # type: ignore[union-attr]
    links = present(inputs, compute(inputs))[-1]
    assert isinstance(links, Links) and links.items[0] == ("Win-win or winner-takes-all?", "win-win-or-winner-takes-all/")


def test_points_are_printed_with_a_true_minus_sign_and_halves() -> None:
    inputs = answers(shares_information="yes", extreme_opening="yes")
    rows = next(b for b in present(inputs, compute(inputs)) if isinstance(b, Table)).rows
    assert rows[4][3] == "\u22122" and rows[7][3] == "+1.5" and rows[0][3] == "0"


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_every_question_is_a_labelled_yes_no_not_sure_choice_with_help() -> None:
    # Each of the nine signals is asked as a Choice labelled with its question (ending in "?"), offering exactly
    # "yes", "no" and "not sure", with help text: the form and the CLI are built from these descriptions.
    fields = describe(Inputs)
    assert [f.name for f in fields] == list(SIGNALS)
    for f in fields:
        assert isinstance(f.meta, Choice), f.name
        assert isinstance(f.meta.label, str) and f.meta.label.endswith("?"), f.name
        assert f.meta.options == ANSWERS == ("yes", "no", "not sure"), f.name
        assert isinstance(f.meta.help, str) and f.meta.help, f.name
