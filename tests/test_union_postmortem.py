"""union-postmortem: each package split by the generalised Nash solution of the gains as the union saw them, hand-worked.

Model (calculators/union_postmortem.py docstring): W = headcount * wage * years; c = M - extra 401K cost;
u = K_u - U_m; c_s = M_s - K_s; G_s = c_s + u - d_s - d_u; company share x_c = d_s + alpha * G_s
(generalised Nash: Harsanyi & Selten 1972, Kalai 1977; alpha = 1/2 is Nash 1950); T = c_s - x_c;
raise = budget + T / W; totals c - T and u + T; no agreement if G_s < 0 or c - T < d_c + delta.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.charts import BarChart
from calculators.fields import InputError, parse, to_json
from calculators.render import Note, Summary, Table
from calculators.union_postmortem import (
    AGREEMENT,
    COMPANY_WALKS,
    EXAMPLE,
    NO_DEAL_ZONE,
    Inputs,
    Package,
    Result,
    compute,
    present,
)

M = 1_000_000


def with_(**changes: Any) -> Inputs:
    return dataclasses.replace(EXAMPLE, **changes)


# The example without secrets: the union knows the true saving and that the 401K was coming anyway.
NO_SECRETS = with_(medical_plan_savings_as_seen=None, k401_cost_as_seen=None)


def test_example_story() -> None:
    # W = 300 * 50,000 * 3 = 45M. c = 1.5M - 0 (401K already planned) = 1.5M; u = 1.2M - 0.6M = 0.6M.
    # As the union saw it: c_s = 1.1M - 0.9M = 0.2M. Strike: company -2M + 1M plan = -1M; members -1.5M.
    # As it happened (plan leaked, d_s = -1M): G_s = 0.2 + 0.6 + 1 + 1.5 = 3.3M; x_c = -1 + 0.5 * 3.3 = 0.65M;
    #   T = 0.2 - 0.65 = -0.45M: raise = 3.5% - 0.45/45 = 2.5%; company 1.5 + 0.45 = 1.95M, members 0.6 - 0.45 = 0.15M.
    # Shown its values: G = 1.5 + 0.6 + 1 + 1.5 = 4.6M; x_c = -1 + 2.3 = 1.3M; T = 0.2M: raise 3.5% + 0.2/45 = 3.9444%;
    #   company 1.3M, members 0.8M. Secrecy won 1.95 - 1.3 = 0.65M = (1 - 0.5) * (1.5 - 0.2).
    # Plan not leaked (d_s = -2M): G_s = 0.2 + 0.6 + 2 + 1.5 = 4.3M; x_c = -2 + 2.15 = 0.15M; T = 0.05M:
    #   raise 3.5% + 0.05/45 = 3.6111%; company 1.45M (above its strike value -1M), members 0.65M.
    #   The leak won 1.95 - 1.45 = 0.5M = (1 - 0.5) * 1M.
    r = compute(EXAMPLE)
    assert r.wage_bill == 45 * M
    assert r.as_happened == Package(AGREEMENT, pytest.approx(0.025), pytest.approx(-0.45 * M), 1.95 * M, 0.15 * M, 3.3 * M)
    assert r.disclosed == Package(AGREEMENT, pytest.approx(0.035 + 0.2 / 45), pytest.approx(0.2 * M), 1.3 * M, 0.8 * M, 4.6 * M)
    assert r.not_leaked == Package(
        AGREEMENT, pytest.approx(0.035 + 0.05 / 45), pytest.approx(0.05 * M), pytest.approx(1.45 * M), 0.65 * M, 4.3 * M
    )
    assert (r.strike_company, r.strike_union) == (-1 * M, -1.5 * M)
    assert r.saving_against_budget == pytest.approx(0.45 * M)  # (3.5% - 2.5%) * 45M
    assert r.secrecy_gain == pytest.approx(0.65 * M)
    assert r.leak_gain == pytest.approx(0.5 * M)
    # The 401K cost nothing extra, and the members valued it at 1.2M: all of that was trading currency.
    assert r.k401_trade_value == 1.2 * M


def test_without_secrets_the_split_is_the_textbook_nash_split() -> None:
    # c_s = c = 1.5M. With the plan known (d = -1M): G = 4.6M, x_c = -1 + 2.3 = 1.3M. Without (d = -2M):
    # G = 5.6M, x_c = -2 + 2.8 = 0.8M (the old page's "Nash panel": 800,000 and 1,300,000), a shift of
    # (1 - 0.5) * 1M = 0.5M. Nothing was hidden, so showing the values changes nothing.
    r = compute(NO_SECRETS)
    assert r.as_happened == r.disclosed
    assert r.secrecy_gain == 0
    assert (r.as_happened.company, r.not_leaked.company) == (1.3 * M, 0.8 * M)
    assert r.not_leaked.wage_increase == pytest.approx(0.035 + 0.7 / 45)  # T = 1.5 - 0.8 = 0.7M
    assert r.leak_gain == pytest.approx(0.5 * M)


def test_no_deal_zone_means_no_agreement() -> None:
    # The reproducer: a 10M plan. The old code split anyway and left the members at 2.1M - 5.8M = -3.7M,
    # below their strike value of -1.5M. Now: strike value of the company -2M + 10M = 8M.
    # As it happened: G_s = 0.2 + 0.6 - 8 + 1.5 = -5.7M < 0: no deal zone. Shown values: 1.5 + 0.6 - 8 + 1.5 = -4.4M.
    # Not leaked: G_s = 4.3M, x_c = 0.15M, T = 0.05M, company 1.45M < 8M: the company walks.
    r = compute(with_(contingency_plan_gain=10 * M))
    assert r.as_happened == Package(NO_DEAL_ZONE, None, None, 8 * M, -1.5 * M, pytest.approx(-5.7 * M))
    assert r.disclosed == Package(NO_DEAL_ZONE, None, None, 8 * M, -1.5 * M, pytest.approx(-4.4 * M))
    assert r.not_leaked == Package(COMPANY_WALKS, None, None, 8 * M, -1.5 * M, pytest.approx(4.3 * M))
    assert r.saving_against_budget is None
    assert (r.secrecy_gain, r.leak_gain) == (0, 0)


def test_the_leak_moves_the_split_only_while_both_cases_end_in_agreement() -> None:
    # No secrets; without the leak G = 5.6M and the union would leave the company 0.8M. The company has its plan
    # whether or not the union knows, so it signs only for at least -2M + delta.
    # delta = 2.8M: unleaked, 0.8M >= -2 + 2.8 = 0.8M, it just signs. Leaked: G = 5.6 - 2.8 = 2.8M, company
    # -2 + 2.8 + 0.5 * 2.8 = 2.2M. The leak won 2.2 - 0.8 = 1.4M = (1 - 0.5) * 2.8M.
    r = compute(dataclasses.replace(NO_SECRETS, contingency_plan_gain=2.8 * M))
    assert (r.as_happened.outcome, r.not_leaked.outcome) == (AGREEMENT, AGREEMENT)
    assert r.leak_gain == pytest.approx(1.4 * M)
    # delta = 4M: unleaked, the union's 0.8M is below the plan's -2 + 4 = 2M: the company strikes. Leaked: G = 1.6M,
    # company 2 + 0.8 = 2.8M. The leak won 2.8 - 2 = 0.8M, not (1 - 0.5) * 4M = 2M.
    r = compute(dataclasses.replace(NO_SECRETS, contingency_plan_gain=4 * M))
    assert (r.as_happened.outcome, r.not_leaked.outcome) == (AGREEMENT, COMPANY_WALKS)
    assert (r.as_happened.company, r.not_leaked.company) == (2.8 * M, 2 * M)
    assert r.leak_gain == pytest.approx(0.8 * M)
    # delta = 5.6M closes the zone: G = 0 with the leak, an agreement at both strike values: company -2 + 5.6 = 3.6M,
    # members -1.5M; T = 1.5 - 3.6 = -2.1M, a raise of 3.5% - 2.1/45 = -1.1667% (a pay cut). Unleaked the company
    # strikes for the same 3.6M: the leak won nothing.
    edge = compute(dataclasses.replace(NO_SECRETS, contingency_plan_gain=5.6 * M))
    assert edge.as_happened == Package(
        AGREEMENT, pytest.approx(0.035 - 2.1 / 45), pytest.approx(-2.1 * M), 3.6 * M, -1.5 * M, 0.0
    )
    assert edge.leak_gain == 0
    # A little more and there is no zone: no agreement; the company falls back on its plan (3.7M), the members on -1.5M.
    past = compute(dataclasses.replace(NO_SECRETS, contingency_plan_gain=5.7 * M))
    assert past.as_happened.outcome == NO_DEAL_ZONE and past.as_happened.wage_increase is None
    assert (past.as_happened.company, past.as_happened.union) == (pytest.approx(3.7 * M), -1.5 * M)
    assert past.not_leaked.outcome == COMPANY_WALKS


def test_the_company_walks_when_the_union_overrates_its_gains() -> None:
    # The union believes the medical change saves 10M: c_s = 10 - 0.9 = 9.1M. As it happened: G_s = 9.1 + 0.6 + 1
    # + 1.5 = 12.2M, x_c = -1 + 6.1 = 5.1M, T = 9.1 - 5.1 = 4M: the company's true total 1.5 - 4 = -2.5M is below
    # its strike value -1M, so it walks. Had it shown its values: 1.3M (as in the example). Secrecy cost it 2.3M.
    r = compute(with_(medical_plan_savings_as_seen=10 * M))
    assert r.as_happened == Package(COMPANY_WALKS, None, None, -1 * M, -1.5 * M, pytest.approx(12.2 * M))
    assert r.secrecy_gain == pytest.approx(-2.3 * M)


def test_power_at_its_ends() -> None:
    # alpha = 1: the company takes all the gains it sees: x_c = d_s + G_s, so the members get exactly their strike
    # value -1.5M; the leak moves nothing ((1 - 1) * 1M = 0).
    r = compute(with_(company_power=1.0))
    assert r.as_happened.union == pytest.approx(-1.5 * M) and r.leak_gain == pytest.approx(0)
    # alpha = 0: x_c = d_s = -1M by the union's view; T = 0.2 + 1 = 1.2M; true company total 1.5 - 1.2 = 0.3M.
    # The leak is worth all of its 1M: not leaked, T = 0.2 + 2 = 2.2M, company -0.7M.
    r = compute(with_(company_power=0.0))
    assert r.as_happened.pay_above_budget == pytest.approx(1.2 * M) and r.as_happened.company == pytest.approx(0.3 * M)
    assert r.leak_gain == pytest.approx(1 * M)
    # alpha = 0.8: the leak is worth (1 - 0.8) * 1M = 0.2M; secrecy (1 - 0.8) * 1.3M = 0.26M.
    r = compute(with_(company_power=0.8))
    assert (r.leak_gain, r.secrecy_gain) == (pytest.approx(0.2 * M), pytest.approx(0.26 * M))


def test_a_401k_not_planned_costs_its_full_price() -> None:
    # Extra cost 0.9M: c = 1.5 - 0.9 = 0.6M; the union saw 0.2M as in the example (its belief given explicitly).
    # As it happened: T = -0.45M as before (the union's view did not change): company 0.6 + 0.45 = 1.05M.
    # Trade value 1.2 - 0.9 = 0.3M. Secrecy won (1 - 0.5) * (0.6 - 0.2) = 0.2M.
    r = compute(with_(k401_already_planned=False))
    assert r.as_happened.company == pytest.approx(1.05 * M)
    assert r.k401_trade_value == pytest.approx(0.3 * M)
    assert r.secrecy_gain == pytest.approx(0.2 * M)
    # Left out, the union's view of the 401K is its true extra cost: 0.9M here, 0 when already planned.
    assert compute(with_(k401_already_planned=False, k401_cost_as_seen=None)).as_happened == r.as_happened
    assert compute(with_(k401_cost_as_seen=None)).as_happened.gains_seen == pytest.approx(4.2 * M)  # 1.1 + 0.6 + 2.5


def test_the_budget_is_the_reference_for_every_raise() -> None:
    # The old code never used the budgeted raise. Now a budget of 5% instead of 3.5% moves every raise by 1.5 points
    # and leaves every total (measured from the budget) as it was.
    r, s = compute(EXAMPLE), compute(with_(planned_wage_increase=0.05))
    for a, b in ((r.as_happened, s.as_happened), (r.disclosed, s.disclosed), (r.not_leaked, s.not_leaked)):
        assert b.wage_increase == pytest.approx(a.wage_increase + 0.015)  # type: ignore[operator]
        assert (b.company, b.union) == (a.company, a.union)


def test_a_raise_is_one_step_held_flat_over_the_contract() -> None:
    # Half the contract length halves the wage bill (300 * 50,000 * 1.5 = 22.5M), so the same transfer of -0.45M
    # is twice the raise below budget: 3.5% - 0.45/22.5 = 1.5%.
    r = compute(with_(years=1.5))
    assert r.wage_bill == 22.5 * M
    assert r.as_happened.wage_increase == pytest.approx(0.015)


# -- what the page shows -------------------------------------------------------------------------------------


def test_example_page() -> None:
    out = present(EXAMPLE, compute(EXAMPLE))
    assert out[0] == Summary(
        (
            ("Raise as it happened", "2.50%"),
            ("Saved against the budget", "450,000"),
            ("What keeping its values secret won the company", "650,000"),
            ("What the leaked plan won the company", "500,000"),
            ("401K's value as a trade", "1,200,000"),
        )
    )
    table = out[1]
    assert isinstance(table, Table) and table.columns == ("Package", "Raise", "Company", "Union")
    assert table.rows == (
        ("As it happened: values kept secret, plan leaked", "2.50%", "1,950,000", "150,000"),
        ("Had the company shown its values", "3.94%", "1,300,000", "800,000"),
        ("Had the plan not leaked", "3.61%", "1,450,000", "650,000"),
        ("A strike, with the plan", "none", "\u22121,000,000", "\u22121,500,000"),
    )
    assert "generalised Nash solution" in table.caption
    assert [b for b in out if isinstance(b, Note)] == [
        Note(
            "Our assumption: the raise splits the gains as the union saw them, the company taking 50% of them "
            "(the generalised Nash solution). A raise is one step at the start, held flat for the whole contract; "
            "budgeted: 3.50%."
        )
    ]


def test_no_agreement_page() -> None:
    inputs = with_(contingency_plan_gain=10 * M)
    out = present(inputs, compute(inputs))
    assert isinstance(out[0], Summary)
    assert out[0].items[:2] == (("Raise as it happened", "no agreement"), ("Saved against the budget", "no agreement"))
    assert isinstance(out[1], Table) and [row[1] for row in out[1].rows] == ["no agreement"] * 3 + ["none"]
    assert [(b.text, b.tone) for b in out if isinstance(b, Note)][1:] == [
        (
            "As it happened: no agreement, because as the union saw them, the gains fall short of what a strike gives "
            "the two sides, by 5,700,000: one side does better with a strike than with any contract the other would sign.",
            "warning",
        ),
        (
            "Had the company shown its values: no agreement, because as the union saw them, the gains fall short of "
            "what a strike gives the two sides, by 4,400,000: one side does better with a strike than with any "
            "contract the other would sign.",
            "info",
        ),
        (
            "Had the plan not leaked: no agreement, because the split the union would accept leaves the company below "
            "what a strike with its plan is worth (8,000,000).",
            "info",
        ),
    ]


def test_secrecy_that_backfires_and_a_raise_above_budget_are_flagged() -> None:
    # The union overrates the company's gains (medical saving seen as 3M): c_s = 2.1M, G_s = 5.2M, x_c = 1.6M,
    # T = 0.5M: raise 3.5% + 0.5/45 = 4.61%, above the budget; company 1.5 - 0.5 = 1.0M < 1.3M had it shown its values.
    inputs = with_(medical_plan_savings_as_seen=3 * M)
    out = present(inputs, compute(inputs))
    assert isinstance(out[0], Summary) and out[0].items[:3] == (
        ("Raise as it happened", "4.61%"),
        ("Saved against the budget", "\u2212500,000"),
        ("What keeping its values secret won the company", "\u2212300,000"),
    )
    assert [(b.text, b.tone) for b in out if isinstance(b, Note)][1:] == [
        (
            "With these numbers the company would have done better by showing its values: "
            "the union thought the company gained more than it did.",
            "warning",
        ),
        ("The raise as it happened is above the budgeted raise.", "info"),
    ]


def test_a_pay_cut_is_named() -> None:
    inputs = dataclasses.replace(NO_SECRETS, contingency_plan_gain=5.6 * M)
    out = present(inputs, compute(inputs))
    assert isinstance(out[0], Summary) and out[0].items[0] == ("Raise as it happened", "\u22121.17% (a pay cut)")


# -- validation: every rule tripped, and just passed -----------------------------------------------------------


def problems(**changes: Any) -> list[str]:
    raw = to_json(EXAMPLE) | changes
    try:
        parse(Inputs, raw)
    except InputError as e:
        return [str(p) for p in e.problems]
    return []


def test_required_fields() -> None:
    assert sorted(p.split(":")[0] for p in _problems_of({})) == sorted(
        [
            "headcount",
            "average_wage",
            "years",
            "planned_wage_increase",
            "medical_plan_savings",
            "medical_plan_cost_to_union",
            "k401_cost",
            "k401_value_to_union",
            "company_no_deal",
            "union_no_deal",
        ]
    )
    defaults = parse(Inputs, {k: v for k, v in to_json(EXAMPLE).items() if k not in _OPTIONAL})
    assert (defaults.medical_plan_savings_as_seen, defaults.k401_cost_as_seen) == (None, None)
    assert (defaults.k401_already_planned, defaults.contingency_plan_gain, defaults.company_power) == (False, 0.0, 0.5)


_OPTIONAL = {
    "medical_plan_savings_as_seen",
    "k401_cost_as_seen",
    "k401_already_planned",
    "contingency_plan_gain",
    "company_power",
}


def _problems_of(raw: dict[str, Any]) -> list[str]:
    try:
        parse(Inputs, raw)
    except InputError as e:
        return [str(p) for p in e.problems]
    return []


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("headcount", [1, 10_000_000], [0, 10_000_001, 1e300, 2.5]),
        ("average_wage", [1, 1e15], [0.99, 0, 1.1e15]),
        ("years", [0.1, 50], [0.09, 50.01, 0]),
        ("planned_wage_increase", [0, 1], [-0.001, 1.001]),
        ("medical_plan_savings", [0, 1e15], [-1]),
        ("medical_plan_savings_as_seen", [None, 0, 1e15], [-1]),
        ("medical_plan_cost_to_union", [0], [-1]),
        ("k401_cost", [0], [-1]),
        ("k401_cost_as_seen", [None, 0], [-1]),
        ("k401_value_to_union", [0], [-1]),
        ("company_no_deal", [-1e15, 1e15], [-1.1e15, 1.1e15]),
        ("union_no_deal", [-1e15, 1e15], [-1.1e15]),
        ("contingency_plan_gain", [0, 1e15], [-1, 1.1e15]),
        ("company_power", [0, 1], [-0.01, 1.01]),
    ],
)
def test_bounds(field: str, good: list[Any], bad: list[Any]) -> None:
    for value in good:
        assert problems(**{field: value}) == [], (field, value)
    for value in bad:
        found = problems(**{field: value})
        assert len(found) == 1 and found[0].startswith(f"{field}: "), (field, value, found)


def test_headcount_of_1e300_is_refused_in_plain_words() -> None:
    assert problems(headcount=1e300) == ["headcount: Union members must be between 1 and 10,000,000, not 1e+300."]


# -- properties ------------------------------------------------------------------------------------------------

money = st.floats(min_value=-1e15, max_value=1e15, allow_subnormal=True)
plus = st.floats(min_value=0, max_value=1e15, allow_subnormal=True)


@st.composite
def any_valid(draw: st.DrawFn) -> Inputs:
    return Inputs(
        headcount=draw(st.integers(1, 10_000_000)),
        average_wage=draw(st.floats(min_value=1, max_value=1e15)),
        years=draw(st.floats(min_value=0.1, max_value=50)),
        planned_wage_increase=draw(st.floats(min_value=0, max_value=1)),
        medical_plan_savings=draw(plus),
        medical_plan_savings_as_seen=draw(st.none() | plus),
        medical_plan_cost_to_union=draw(plus),
        k401_cost=draw(plus),
        k401_already_planned=draw(st.booleans()),
        k401_cost_as_seen=draw(st.none() | plus),
        k401_value_to_union=draw(plus),
        company_no_deal=draw(money),
        union_no_deal=draw(money),
        contingency_plan_gain=draw(plus),
        company_power=draw(st.floats(min_value=0, max_value=1)),
    )


def numbers(r: Result) -> list[float]:
    out = [r.wage_bill, r.strike_company, r.strike_union, r.secrecy_gain, r.leak_gain, r.k401_trade_value]
    for p in (r.as_happened, r.disclosed, r.not_leaked):
        out += [p.company, p.union, p.gains_seen] + [x for x in (p.wage_increase, p.pay_above_budget) if x is not None]
    return out + ([r.saving_against_budget] if r.saving_against_budget is not None else [])


@settings(max_examples=200, deadline=None)
@given(any_valid())
def test_every_valid_input_gives_finite_numbers(inputs: Inputs) -> None:
    r = compute(inputs)
    assert all(math.isfinite(x) for x in numbers(r))
    present(inputs, r)


@settings(max_examples=200, deadline=None)
@given(any_valid())
def test_nobody_signs_below_their_strike_value(inputs: Inputs) -> None:
    r = compute(inputs)
    for p in (r.as_happened, r.disclosed, r.not_leaked):
        scale = 1e-9 * max(1.0, abs(r.strike_company), abs(r.strike_union), abs(p.company), abs(p.union))
        assert p.union >= r.strike_union - scale
        assert p.company >= r.strike_company - scale
        assert (p.outcome == AGREEMENT) is (p.wage_increase is not None) is (p.pay_above_budget is not None)
        if p.outcome != AGREEMENT:
            assert (p.company, p.union) == (r.strike_company, r.strike_union)


def test_outcome_names_are_the_published_json_values() -> None:
    assert (AGREEMENT, NO_DEAL_ZONE, COMPANY_WALKS) == ("agreement", "no deal zone", "company walks")


def test_example_page_caption_and_chart() -> None:
    out = present(EXAMPLE, compute(EXAMPLE))
    table, chart = out[1], out[2]
    assert isinstance(table, Table)
    assert table.caption == (
        "Each package, split by the generalised Nash solution of the gains as the union saw them; "
        "totals by each side's true values, from no change with the budgeted raise"
    )
    assert table.numeric == (1, 2, 3)
    assert chart == BarChart(
        "Each side's total in each package",
        "The company's and the union's totals as it happened, had the company shown its values, "
        "had the plan not leaked, and in a strike.",
        ("As it happened", "Values shown", "Plan not leaked", "Strike"),
        (("Company", (1.95 * M, 1.3 * M, pytest.approx(1.45 * M), -1 * M)), ("Union", (0.15 * M, 0.8 * M, 0.65 * M, -1.5 * M))),
    )


def test_no_warning_without_secrets_or_when_the_raise_is_the_budget() -> None:
    # No secrets: secrecy won exactly 0, which is no reason to warn (the raise, 3.94%, is above the budget).
    out = present(NO_SECRETS, compute(NO_SECRETS))
    assert [b.text[:16] for b in out if isinstance(b, Note)] == ["Our assumption: ", "The raise as it "]
    # The union sees the medical saving as 2M: c_s = 2 - 0.9 = 1.1M, G_s = 1.1 + 0.6 + 1 + 1.5 = 4.2M,
    # x_c = -1 + 2.1 = 1.1M, T = 0: the raise is the budget, and nothing is above it.
    inputs = with_(medical_plan_savings_as_seen=2 * M)
    r = compute(inputs)
    assert r.as_happened.wage_increase == 0.035 and r.saving_against_budget == 0
    out = present(inputs, r)
    assert isinstance(out[0], Summary) and out[0].items[:2] == (
        ("Raise as it happened", "3.50%"),
        ("Saved against the budget", "0"),
    )
    assert [b.text[:16] for b in out if isinstance(b, Note)] == ["Our assumption: "]


@pytest.mark.parametrize(("alpha", "words"), [(0.8, "80%"), (1 / 3, "33.33%"), (0.005, "0.5%"), (0.0, "0%")])
def test_the_assumption_names_the_power(alpha: float, words: str) -> None:
    inputs = with_(company_power=alpha)
    (note,) = [b for b in present(inputs, compute(inputs)) if isinstance(b, Note) and b.tone == "info"][:1]
    assert f"the company taking {words} of them" in note.text


def test_a_raise_that_rounds_to_zero_is_not_called_a_cut() -> None:
    # A budget of 0 and a transfer of -1e-9 of the wage bill: a raise of -1e-9, shown as 0.00%.
    from calculators.union_postmortem import _raise

    assert _raise(Package(AGREEMENT, -1e-9, -0.045, 0, 0, 0)) == "0.00%"
    assert _raise(Package(AGREEMENT, -0.0001, -4500, 0, 0, 0)) == "\u22120.01% (a pay cut)"
    assert _raise(Package(AGREEMENT, 0.0001, 4500, 0, 0, 0)) == "0.01%"
    assert _raise(Package(NO_DEAL_ZONE, None, None, 0, 0, -1)) == "no agreement"
