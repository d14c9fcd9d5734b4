"""Case B: trading what you were going to give anyway.

A labour contract with three issues and a raise, each valued in money over the
contract by each side. The values are illustrative; the page states them as
assumptions.

- The **medical plan**: moving the union onto the company plan saves the
  company ``M`` and costs the members ``U_m``.
- A **401K**: worth ``K_u`` to the members. It costs the company ``K``, but if
  it was coming to every plant anyway its *extra* cost is 0.
- The **raise** ``r``: one step at the start of the contract, held flat to the
  end (not a new step each year). Measured from the raise the company had
  budgeted, ``r_b``, it moves ``T = (r - r_b) W`` from the company to the
  members, where ``W = headcount * average wage * years`` is the wage bill.

Every total is measured from no change with the budgeted raise. The company's
true value of the issues is ``c = M - extra 401K cost``, the members' is
``u = K_u - U_m``; the company takes ``c - T`` and the members ``u + T``. A
strike gives the company ``d_c + delta`` (``delta`` is what its contingency
plan is worth) and the members ``d_u``.

**The split (our assumption).** The raise splits the gains as the union saw
them. The union sees its own values and, through the company's secrets,
``c_s = M_s - K_s``: the saving it believed the medical change brings and what
it believed the 401K costs. It sees the company's no-deal value as ``d_s``:
``d_c + delta`` once the plan has leaked, ``d_c`` before. The gains to split
are ``G_s = c_s + u - d_s - d_u``. The split is the generalised (asymmetric)
Nash solution, which maximises ``(x_c - d_s)**alpha * (x_u - d_u)**(1 - alpha)``
over ``x_c + x_u = c_s + u``: the company gets ``x_c = d_s + alpha * G_s``, so
``T = c_s - x_c``. With ``alpha = 1/2`` this is Nash's (1950) symmetric solution.

**No agreement.** There is none when ``G_s < 0`` (no deal zone: a strike beats
any contract for one side, as the union sees it), nor when the split leaves the
company, by its true values, below its strike value ``d_c + delta``. Then both
sides get their strike values and there is no split to move.

**The counterfactuals** come from the same model, one change at a time, against
"as it happened" (values kept secret, plan leaked):

- *had the company shown its values*: the union sees ``c`` instead of ``c_s``;
  while both end in agreement the company gets ``(1 - alpha)(c - c_s)`` less;
- *had the plan not leaked*: the union sees ``d_c`` instead of ``d_c + delta``.
  The company still has its plan and signs nothing worth less to it than
  ``d_c + delta``. While both end in agreement the company gets
  ``(1 - alpha) * delta`` less. The leak moves the split only that far: past the
  edge of the deal zone there is no agreement, and where the unleaked split is
  worth less to the company than its plan, it would strike rather than sign.

Everything is worked in exact fractions of the numbers given, so no rounding
can move a package across the edge of the deal zone; the results are rounded
to floats at the end.

Sources: J. Nash, "The bargaining problem", *Econometrica* 18 (1950) 155-162;
J. Harsanyi & R. Selten, "A generalized Nash solution for two-person bargaining
games with incomplete information", *Management Science* 18 (1972) P80-P106;
E. Kalai, "Nonsymmetric Nash solutions and replications of 2-person
bargaining", *International Journal of Game Theory* 6 (1977) 129-133; R. Keeney &
H. Raiffa, *Decisions with Multiple Objectives* (1976); D. Pruitt & S. Lewis,
"Development of integrative solutions in bilateral negotiation", *JPSP* 31
(1975) 621-633 (logrolling); R. Walton & R. McKersie, *A Behavioral Theory of
Labor Negotiations* (1965).

>>> r = compute(EXAMPLE)
>>> round(r.as_happened.wage_increase, 9), round(r.disclosed.wage_increase, 9)
(0.025, 0.039444444)
>>> round(r.secrecy_gain), round(r.leak_gain), round(r.saving_against_budget)
(650000, 500000, 450000)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated

from .charts import BarChart
from .fields import Flag, Number
from .numbers import money, percent
from .render import Block, Note, Summary, Table

__all__ = ["EXAMPLE", "Inputs", "Package", "Result", "compute"]

AGREEMENT, NO_DEAL_ZONE, COMPANY_WALKS = "agreement", "no deal zone", "company walks"


@dataclass(frozen=True, kw_only=True)
class Inputs:
    headcount: Annotated[
        int,
        Number("Union members", ge=1, le=10_000_000, integer=True, help="How many people the contract covers."),
    ]
    average_wage: Annotated[float, Number("Average wage", unit="money per year", ge=1, help="Average annual pay per member.")]
    years: Annotated[float, Number("Contract length", unit="years", ge=0.1, le=50, help="How long the contract runs.")]
    planned_wage_increase: Annotated[
        float,
        Number(
            "Budgeted raise",
            unit="share of pay, 0.035 = 3.5%",
            ge=0,
            le=1,
            help="The raise the company had budgeted for: one step at the start, held for the whole contract "
            "(not a new step each year). Every package is measured from it.",
        ),
    ]
    medical_plan_savings: Annotated[
        float,
        Number(
            "Medical plan: company saving",
            unit="money",
            ge=0,
            help="What moving the union to the company plan saves over the contract.",
        ),
    ]
    medical_plan_savings_as_seen: Annotated[
        float | None,
        Number(
            "Medical plan: saving as the union saw it",
            unit="money",
            ge=0,
            placeholder="the true saving",
            default_note="the true saving (the union knew it)",
            help="Optional: what the union believed the change saves the company, while the company kept its priority secret.",
        ),
    ] = None
    medical_plan_cost_to_union: Annotated[
        float,
        Number(
            "Medical plan: cost to members",
            unit="money",
            ge=0,
            help="What the members feel they lose by switching, over the contract.",
        ),
    ]
    k401_cost: Annotated[
        float, Number("401K: cost", unit="money", ge=0, help="What the 401K costs the company over the contract.")
    ]
    k401_already_planned: Annotated[
        bool,
        Flag("401K already planned for every plant", help="If so, giving it in this contract costs the company nothing extra."),
    ] = False
    k401_cost_as_seen: Annotated[
        float | None,
        Number(
            "401K: extra cost as the union saw it",
            unit="money",
            ge=0,
            placeholder="the true extra cost",
            default_note="the true extra cost (the union knew whether the 401K was coming anyway)",
            help="Optional: what the union believed the 401K costs the company in this contract.",
        ),
    ] = None
    k401_value_to_union: Annotated[
        float, Number("401K: value to members", unit="money", ge=0, help="What the members value the 401K at.")
    ]
    company_no_deal: Annotated[
        float,
        Number("Company without a deal", unit="money", help="The company's value of a strike, before its contingency plan."),
    ]
    union_no_deal: Annotated[
        float, Number("Union without a deal", unit="money", help="The members' value of a strike: lost pay.")
    ]
    contingency_plan_gain: Annotated[
        float,
        Number(
            "Contingency plan",
            unit="money",
            ge=0,
            default_note="no plan",
            help="How much the company's plan for a strike raises its no-deal value. The plan leaked: the union knew of it.",
        ),
    ] = 0.0
    company_power: Annotated[
        float,
        Number(
            "Company bargaining power",
            ge=0,
            le=1,
            default_note="an even split, Nash's symmetric solution",
            help="Alpha in the generalised Nash split: the company's share of the gains; 0.5 splits them evenly.",
        ),
    ] = 0.5


EXAMPLE = Inputs(
    headcount=300,
    average_wage=50_000.0,
    years=3.0,
    planned_wage_increase=0.035,
    medical_plan_savings=1_500_000.0,
    medical_plan_savings_as_seen=1_100_000.0,
    medical_plan_cost_to_union=600_000.0,
    k401_cost=900_000.0,
    k401_already_planned=True,
    k401_cost_as_seen=900_000.0,
    k401_value_to_union=1_200_000.0,
    company_no_deal=-2_000_000.0,
    union_no_deal=-1_500_000.0,
    contingency_plan_gain=1_000_000.0,
    company_power=0.5,
)


@dataclass(frozen=True)
class Package:
    """How the talks end in one case: a contract with a raise, or no agreement (then each side gets its strike value)."""

    #: "agreement", "no deal zone" (the gains as the union saw them are negative) or
    #: "company walks" (the split leaves the company below its strike value with its plan).
    outcome: str
    #: The raise in the contract (one step, held flat); None without an agreement.
    wage_increase: float | None
    #: What that raise pays the members above the budgeted raise over the contract (T); None without an agreement.
    pay_above_budget: float | None
    #: Each side's total by its true values, from no change with the budgeted raise.
    company: float
    union: float
    #: The gains to split as the union saw them (G_s).
    gains_seen: float


@dataclass(frozen=True)
class Result:
    #: Headcount times average wage times years: what one unit of raise costs over the contract.
    wage_bill: float
    #: Values kept secret, plan leaked.
    as_happened: Package
    #: The union sees the company's true values; plan leaked.
    disclosed: Package
    #: Values kept secret; the union does not know of the plan.
    not_leaked: Package
    #: A strike: the company with its plan, and the members.
    strike_company: float
    strike_union: float
    #: (budgeted raise - raise as it happened) times the wage bill: -T as it happened; None without an agreement.
    saving_against_budget: float | None
    #: The company's total as it happened, less had it shown its values.
    secrecy_gain: float
    #: The company's total as it happened, less had the plan not leaked.
    leak_gain: float
    #: What the members saw in the 401K less what it really cost the company.
    k401_trade_value: float


def compute(inputs: Inputs) -> Result:
    """Each package split by the generalised Nash solution of the gains as the union saw them, or no agreement.

    Worked in exact fractions of the numbers given, so that no rounding can put a package on the wrong side of the
    edge of the deal zone or of the company's strike value; the results are rounded to floats at the end.
    """
    wage_bill = Fraction(inputs.headcount) * Fraction(inputs.average_wage) * Fraction(inputs.years)
    k401_extra = Fraction(0) if inputs.k401_already_planned else Fraction(inputs.k401_cost)
    company = Fraction(inputs.medical_plan_savings) - k401_extra
    union = Fraction(inputs.k401_value_to_union) - Fraction(inputs.medical_plan_cost_to_union)
    seen = inputs.medical_plan_savings_as_seen
    medical_seen = Fraction(inputs.medical_plan_savings if seen is None else seen)
    k401_seen = k401_extra if inputs.k401_cost_as_seen is None else Fraction(inputs.k401_cost_as_seen)
    company_seen = medical_seen - k401_seen
    strike_company = Fraction(inputs.company_no_deal) + Fraction(inputs.contingency_plan_gain)
    strike_union = Fraction(inputs.union_no_deal)
    alpha = Fraction(inputs.company_power)

    def split(company_values: Fraction, company_no_deal: Fraction) -> tuple[Package, Fraction]:
        """The package, and the company's exact total in it."""
        gains = company_values + union - company_no_deal - strike_union
        if gains < 0:
            return Package(NO_DEAL_ZONE, None, None, float(strike_company), float(strike_union), float(gains)), strike_company
        transfer = company_values - company_no_deal - alpha * gains  # pay above the budget
        if company - transfer < strike_company:
            return Package(COMPANY_WALKS, None, None, float(strike_company), float(strike_union), float(gains)), strike_company
        raise_ = Fraction(inputs.planned_wage_increase) + transfer / wage_bill
        total = company - transfer
        return Package(AGREEMENT, float(raise_), float(transfer), float(total), float(union + transfer), float(gains)), total

    as_happened, happened_total = split(company_seen, strike_company)
    disclosed, disclosed_total = split(company, strike_company)
    not_leaked, not_leaked_total = split(company_seen, Fraction(inputs.company_no_deal))
    saving = None if as_happened.pay_above_budget is None else -as_happened.pay_above_budget
    return Result(
        float(wage_bill),
        as_happened,
        disclosed,
        not_leaked,
        float(strike_company),
        float(strike_union),
        saving,
        float(happened_total - disclosed_total),
        float(happened_total - not_leaked_total),
        float(Fraction(inputs.k401_value_to_union) - k401_extra),
    )


def _raise(p: Package) -> str:
    if p.wage_increase is None:
        return "no agreement"
    text = percent(abs(p.wage_increase), 2)
    return f"\u2212{text} (a pay cut)" if p.wage_increase < 0 and text != "0.00%" else text


_WHY = {
    NO_DEAL_ZONE: "as the union saw them, the gains fall short of what a strike gives the two sides, by {gap}: "
    "one side does better with a strike than with any contract the other would sign",
    COMPANY_WALKS: "the split the union would accept leaves the company below what a strike with its plan is worth ({strike})",
}


def present(inputs: Inputs, result: Result) -> list[Block]:
    happened, disclosed, not_leaked = result.as_happened, result.disclosed, result.not_leaked
    saving = "no agreement" if result.saving_against_budget is None else money(result.saving_against_budget)
    blocks: list[Block] = [
        Summary(
            (
                ("Raise as it happened", _raise(happened)),
                ("Saved against the budget", saving),
                ("What keeping its values secret won the company", money(result.secrecy_gain)),
                ("What the leaked plan won the company", money(result.leak_gain)),
                ("401K's value as a trade", money(result.k401_trade_value)),
            )
        ),
        Table(
            "Each package, split by the generalised Nash solution of the gains as the union saw them; "
            "totals by each side's true values, from no change with the budgeted raise",
            ("Package", "Raise", "Company", "Union"),
            (
                (
                    "As it happened: values kept secret, plan leaked",
                    _raise(happened),
                    money(happened.company),
                    money(happened.union),
                ),
                ("Had the company shown its values", _raise(disclosed), money(disclosed.company), money(disclosed.union)),
                ("Had the plan not leaked", _raise(not_leaked), money(not_leaked.company), money(not_leaked.union)),
                ("A strike, with the plan", "none", money(result.strike_company), money(result.strike_union)),
            ),
            numeric=(1, 2, 3),
        ),
        BarChart(
            "Each side's total in each package",
            "The company's and the union's totals as it happened, had the company shown its values, "
            "had the plan not leaked, and in a strike.",
            ("As it happened", "Values shown", "Plan not leaked", "Strike"),
            (
                ("Company", (happened.company, disclosed.company, not_leaked.company, result.strike_company)),
                ("Union", (happened.union, disclosed.union, not_leaked.union, result.strike_union)),
            ),
        ),
        Note(
            f"Our assumption: the raise splits the gains as the union saw them, the company taking "
            f"{percent(inputs.company_power, figures=4)} of them (the generalised Nash solution). A raise is one step at the start, "
            f"held flat for the whole contract; budgeted: {percent(inputs.planned_wage_increase, 2)}.",
        ),
    ]
    for label, package, tone in (
        ("As it happened", happened, "warning"),
        ("Had the company shown its values", disclosed, "info"),
        ("Had the plan not leaked", not_leaked, "info"),
    ):
        if package.outcome != AGREEMENT:
            why = _WHY[package.outcome].format(gap=money(-package.gains_seen), strike=money(result.strike_company))
            blocks.append(Note(f"{label}: no agreement, because {why}.", tone))
    if result.secrecy_gain < 0:
        blocks.append(
            Note(
                "With these numbers the company would have done better by showing its values: "
                "the union thought the company gained more than it did.",
                "warning",
            )
        )
    if result.saving_against_budget is not None and result.saving_against_budget < 0:
        blocks.append(Note("The raise as it happened is above the budgeted raise.", "info"))
    return blocks
