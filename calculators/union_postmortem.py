"""Case B: trading what you were going to give anyway.

A labour contract with three issues, valued in money over the contract by each
side (illustrative numbers; the page states them as assumptions):

- the **medical plan**: moving the union onto the company plan saves the company
  ``M`` and costs the members ``U_m``;
- a **401K**: worth ``K_u`` to the members; it costs the company ``K``, but if
  it was coming to every plant anyway its *incremental* cost is 0;
- the **wage increase** ``x`` a year: ``x * headcount * average_wage * years``
  (simple, not compounded), paid by the company to the members: a pure transfer.

Each side's total for a package is its value of the three issues, measured
from the status quo (no change). The agreed package had the medical move, the
401K and the agreed raise; a win-win disclosure (both sides showing their
values) would have needed the higher raise you assume. The company's gain from
its secrets is the difference in wages. The 401K's trading value is what the
union saw in it less what it really cost.

The leaked contingency plan raises the company's no-deal value ``d_c`` by
``delta``. In the Nash bargaining split, where the company gets
``d_c + alpha * (G - d_c - d_u)`` of the package's gross value ``G``, that
moves the company's share by ``(1 - alpha) * delta``.

Sources: J. Nash, "The bargaining problem", *Econometrica* 18 (1950) 155-162;
R. Keeney & H. Raiffa, *Decisions with Multiple Objectives* (1976);
D. Pruitt & S. Lewis, "Development of integrative solutions in bilateral
negotiation", *JPSP* 31 (1975) 621-633 (logrolling); R. Walton &
R. McKersie, *A Behavioral Theory of Labor Negotiations* (1965).

>>> r = compute(Inputs())
>>> r.contingency_shift
500000.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .charts import BarChart
from .fields import Flag, Number
from .render import Block, Note, Summary, Table, money

__all__ = ["Inputs", "Result", "Totals", "compute"]

_RAISE = {"minimum": 0, "maximum": 1, "unit": "per year, 0.03 = 3%"}


@dataclass(frozen=True)
class Inputs:
    headcount: Annotated[int, Number("Union members", minimum=1, integer=True, help="How many people the contract covers.")] = 300
    average_wage: Annotated[
        float,
        Number("Average wage", unit="money per year", minimum=0, exclusive_minimum=True, help="Average annual pay per member."),
    ] = 50_000.0
    years: Annotated[
        float, Number("Contract length", unit="years", minimum=0, exclusive_minimum=True, help="How long the contract runs.")
    ] = 3.0
    planned_wage_increase: Annotated[
        float, Number("Budgeted raise", help="The yearly raise the company had budgeted for.", **_RAISE)
    ] = 0.035
    agreed_wage_increase: Annotated[
        float, Number("Agreed raise", help="The yearly raise in the contract that was signed.", **_RAISE)
    ] = 0.025
    win_win_wage_increase: Annotated[
        float,
        Number(
            "Raise under full disclosure",
            help="Assumption: the raise the union would have won had the company shown its priorities and its 401K plan.",
            **_RAISE,
        ),
    ] = 0.04
    medical_plan_savings: Annotated[
        float,
        Number("Medical plan: company saving", unit="money", minimum=0, help="What moving the union to the company plan saves."),
    ] = 1_500_000.0
    medical_plan_cost_to_union: Annotated[
        float,
        Number("Medical plan: cost to members", unit="money", minimum=0, help="What the members feel they lose by switching."),
    ] = 600_000.0
    k401_cost: Annotated[
        float, Number("401K: cost", unit="money", minimum=0, help="What the 401K costs the company over the contract.")
    ] = 900_000.0
    k401_already_planned: Annotated[
        bool,
        Flag("401K already planned for every plant", help="If so, giving it in this contract costs the company nothing extra."),
    ] = True
    k401_value_to_union: Annotated[
        float, Number("401K: value to members", unit="money", minimum=0, help="What the members value the 401K at.")
    ] = 1_200_000.0
    company_no_deal: Annotated[
        float,
        Number("Company without a deal", unit="money", help="The company's value of a strike, before its contingency plan."),
    ] = -2_000_000.0
    union_no_deal: Annotated[
        float, Number("Union without a deal", unit="money", help="The members' value of a strike: lost pay.")
    ] = -1_500_000.0
    contingency_plan_gain: Annotated[
        float,
        Number(
            "Contingency plan",
            unit="money",
            minimum=0,
            help="How much the company's plan for a strike raises its no-deal value, once the union knows of it.",
        ),
    ] = 1_000_000.0
    company_power: Annotated[
        float,
        Number("Company bargaining power", minimum=0, maximum=1, help="Alpha in the Nash split: 0.5 splits the gains evenly."),
    ] = 0.5


@dataclass(frozen=True)
class Totals:
    agreed: float
    win_win: float
    no_deal: float


@dataclass(frozen=True)
class Result:
    company_totals: Totals
    union_totals: Totals
    secret_gain: float
    k401_trade_value: float
    nash_company_without_leak: float
    nash_company_with_leak: float
    contingency_shift: float


def compute(inputs: Inputs) -> Result:
    wage_bill = inputs.headcount * inputs.average_wage * inputs.years  # one point of raise = wage_bill / 100
    k401_incremental = 0.0 if inputs.k401_already_planned else inputs.k401_cost
    company_issues = inputs.medical_plan_savings - k401_incremental
    union_issues = inputs.k401_value_to_union - inputs.medical_plan_cost_to_union

    def company(raise_: float) -> float:
        return company_issues - raise_ * wage_bill

    def union(raise_: float) -> float:
        return union_issues + raise_ * wage_bill

    agreed, win_win = inputs.agreed_wage_increase, inputs.win_win_wage_increase
    company_totals = Totals(company(agreed), company(win_win), inputs.company_no_deal)
    union_totals = Totals(union(agreed), union(win_win), inputs.union_no_deal)
    gross = company_issues + union_issues  # wages are a transfer and cancel out
    alpha = inputs.company_power

    def nash(d_company: float) -> float:
        return d_company + alpha * (gross - d_company - inputs.union_no_deal)

    without = nash(inputs.company_no_deal)
    with_leak = nash(inputs.company_no_deal + inputs.contingency_plan_gain)
    return Result(
        company_totals,
        union_totals,
        company_totals.agreed - company_totals.win_win,
        inputs.k401_value_to_union - k401_incremental,
        without,
        with_leak,
        (1 - alpha) * inputs.contingency_plan_gain,
    )


def present(inputs: Inputs, result: Result) -> list[Block]:
    c, u = result.company_totals, result.union_totals
    blocks: list[Block] = [
        Summary(
            (
                ("Company's gain from its secrets", money(result.secret_gain)),
                ("401K's value as a trade", money(result.k401_trade_value)),
                ("Leaked contingency plan moved the split by", money(result.contingency_shift)),
            )
        ),
        Table(
            "Each side's total, measured from no change",
            ("Package", "Company", "Union"),
            (
                ("As agreed (secrets kept)", money(c.agreed), money(u.agreed)),
                ("Full disclosure (win-win)", money(c.win_win), money(u.win_win)),
                ("No deal (strike)", money(c.no_deal), money(u.no_deal)),
            ),
            numeric=(1, 2),
        ),
        Table(
            "Nash split for the company: the contingency plan's effect",
            ("Company's no-deal value", "Company's share"),
            (
                (f"Unknown to the union ({money(inputs.company_no_deal)})", money(result.nash_company_without_leak)),
                (
                    f"Leaked ({money(inputs.company_no_deal + inputs.contingency_plan_gain)})",
                    money(result.nash_company_with_leak),
                ),
            ),
            numeric=(1,),
        ),
    ]
    blocks.append(
        BarChart(
            "Each side's total for each package",
            "The company's and the union's totals for the agreed package, a full-disclosure package, and no deal.",
            ("As agreed", "Full disclosure", "No deal"),
            (("Company", (c.agreed, c.win_win, c.no_deal)), ("Union", (u.agreed, u.win_win, u.no_deal))),
        )
    )
    if result.secret_gain < 0:
        blocks.append(Note("With these numbers the company would have done better by disclosing.", "warning"))
    if c.agreed < c.no_deal:
        blocks.append(
            Note("The agreed package is worth less to the company than a strike: it should have walked away.", "warning")
        )
    if u.agreed < u.no_deal:
        blocks.append(Note("The agreed package is worth less to the union than a strike: it would not have signed.", "warning"))
    return blocks
