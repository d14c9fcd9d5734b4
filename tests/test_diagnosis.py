"""diagnosis: the openly weighted score."""

from __future__ import annotations

from calculators.diagnosis import MAX_SCORE, Inputs, compute


def test_default_answers() -> None:
    # shares info "no": -2 * -1 = +2; reciprocates "not sure": 0; threats "no": -2; extreme opening "yes": +1.5;
    # meet again "no": +1.5; several issues "no": +1. Score = 2 + 0 - 2 + 1.5 + 1.5 + 1 = 4; strength 4/10.
    r = compute(Inputs())
    assert r.score == 4 and r.leaning == "winner-takes-all" and r.confidence == 0.4
    assert r.read_next[0] == "tactics/know-your-bottom-line/"


def test_all_win_win() -> None:
    r = compute(
        Inputs(
            shares_information="yes",
            reciprocates_concessions="yes",
            threats_or_deadlines="no",
            extreme_opening="no",
            ongoing_relationship="yes",
            several_issues="yes",
        )
    )
    assert r.score == -MAX_SCORE and r.leaning == "win-win" and r.confidence == 1.0


def test_all_unknown_is_unclear() -> None:
    unsure = dict.fromkeys(
        (
            "shares_information",
            "reciprocates_concessions",
            "threats_or_deadlines",
            "extreme_opening",
            "ongoing_relationship",
            "several_issues",
        ),
        "not sure",
    )
    r = compute(Inputs(**unsure))
    assert r.leaning == "unclear" and r.score == 0 and r.confidence == 0
