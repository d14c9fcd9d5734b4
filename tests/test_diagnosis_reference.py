"""diagnosis: an independent reference. A rule table written out by hand, checked on every answer set.

The table below is typed by hand from the rule and weights the guide states, not read from the module:
points in exact fractions for each answer, the essay's override (one side playing winner-takes-all is enough),
and the reading list for each outcome. All 3**9 answer sets are compared, and hypothesis draws answer sets for
the rendered page.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import web
from calculators.diagnosis import Inputs, compute

H = Fraction(1, 2)

#: question -> points for "yes", points for "no" (+ towards winner-takes-all). "not sure" is always 0.
RULE_TABLE: dict[str, tuple[Fraction, Fraction]] = {
    "ongoing_relationship": (-3 * H, 3 * H),
    "several_issues": (Fraction(-1), Fraction(1)),
    "record_of_playing_hard": (3 * H, -3 * H),
    "kind_of_deal_played_hard": (Fraction(1), Fraction(-1)),
    "shares_information": (Fraction(-2), Fraction(2)),
    "reciprocates_concessions": (Fraction(-2), Fraction(2)),
    "threats_or_deadlines": (Fraction(2), Fraction(-2)),
    "extreme_opening": (3 * H, -3 * H),
    "presses_for_your_limit": (3 * H, -3 * H),
}
LARGEST = Fraction(14)

BOTTOM, CARDS, HOMEWORK, TIME = (
    "tactics/know-your-bottom-line/",
    "tactics/keep-your-cards-close/",
    "tactics/do-your-homework/",
    "tactics/use-time/",
)
PROXY, SCARCE, FORTRESS, LONG = (
    "tactics/use-a-proxy/",
    "tactics/make-yourself-scarce/",
    "tactics/argue-no-fortress/",
    "tactics/long-and-short-term/",
)
STYLES = "win-win-or-winner-takes-all/"
TITLES = {
    BOTTOM: "Know your bottom line",
    CARDS: "Keep your cards close",
    HOMEWORK: "Do your homework",
    TIME: "Use time",
    PROXY: "Use a proxy",
    SCARCE: "Make yourself scarce",
    FORTRESS: "Argue, but build no fortress",
    LONG: "The long term and the short term",
    STYLES: "Win-win or winner-takes-all?",
}


def naive(a: dict[str, str]) -> tuple[str | None, Fraction, tuple[str, ...]]:
    score = Fraction(0)
    for question, answer in a.items():
        if answer == "yes":
            score += RULE_TABLE[question][0]
        elif answer == "no":
            score += RULE_TABLE[question][1]
    if all(answer == "not sure" for answer in a.values()):
        return None, score, (HOMEWORK,)
    one_side_plays_hard = a["threats_or_deadlines"] == "yes" or a["reciprocates_concessions"] == "no"
    if one_side_plays_hard or score > 0:
        reading = [BOTTOM, CARDS, HOMEWORK, TIME]
        if a["presses_for_your_limit"] == "yes":
            reading.append(PROXY)  # the essay's tactic 5: a negotiator who does not know your limit cannot give it away
        if a["reciprocates_concessions"] == "no":
            reading.append(SCARCE)
        if a["threats_or_deadlines"] == "yes":
            reading.append(FORTRESS)
        if a["ongoing_relationship"] == "yes":
            reading.append(LONG)
        return "winner-takes-all", score, tuple(reading)
    if score < 0:
        return "win-win", score, (STYLES, BOTTOM, FORTRESS, LONG)
    return "unclear", score, (STYLES, HOMEWORK, BOTTOM)


QUESTIONS = list(RULE_TABLE)


def test_every_answer_set_matches_the_rule_table() -> None:
    for combo in itertools.product(("yes", "no", "not sure"), repeat=len(QUESTIONS)):
        a = dict(zip(QUESTIONS, combo, strict=True))
        leaning, score, reading = naive(a)
        r = compute(Inputs(**a))
        assert (r.leaning, Fraction(r.score), r.read_next) == (leaning, score, reading), a
        assert Fraction(r.signal_strength) == Fraction(float(abs(score) / LARGEST)), a


answer_sets = st.fixed_dictionaries({q: st.sampled_from(("yes", "no", "not sure")) for q in QUESTIONS})


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_the_page_shows_the_reference_leaning_and_reading(a: dict[str, str]) -> None:
    leaning, _, reading = naive(a)
    html, result = web.results_html("diagnosis", Inputs(**a))
    assert result["leaning"] == leaning
    assert f"<dd>{leaning or 'no verdict yet'}</dd>" in html
    for path in reading:
        assert f'href="{path}">{TITLES[path]}</a>' in html
    hard = a["threats_or_deadlines"] == "yes" or a["reciprocates_concessions"] == "no"
    assert ("whatever the other answers say" in html) == hard
