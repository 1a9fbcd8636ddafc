"""承办单位办理绩效: the formula on hand-computed cases, and its properties (Hypothesis): bounded,
monotone in each good part, never better for more re-handling or more overdue days."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.domain.scores import Facts, Formula, category_share, ranked, score

D = Decimal


def test_a_bureau_with_every_part_measured():
    facts = Facts(assigned=10, sent=8, on_time=6, contacted=8, feedback=5, content=4,
                  categories={"A": 5, "B": 2, "C": 1}, rehandled=1, overdue_days=15)
    result = score(facts, Formula())
    # on time 6/8 = .75, contact 8/8, satisfaction 4/5 = .8, categories (5 + 2×.6 + 1×.2)/8 = .8
    # base 30×.75 + 20×1 + 30×.8 + 20×.8 = 82.5; re-handling 10 × 1/10 = 1; overdue 10 × (15/10)/30 = .5
    assert [(p.name, p.share, p.points) for p in result.parts] == [
        ("on_time", D("0.75"), D("22.5")), ("contact", D(1), D("20.0")),
        ("satisfaction", D("0.8"), D("24.0")), ("category", D("0.8"), D("16.0")),
    ]
    assert result.base == D("82.5")
    assert [(p.name, p.points) for p in result.deductions] == [("rehandling", D("1.0")), ("overdue", D("0.5"))]
    assert result.total == D("81.0")


def test_a_part_without_a_denominator_neither_helps_nor_hurts():
    facts = Facts(assigned=4, sent=4, on_time=4, contacted=2, feedback=0, categories={"A": 4})
    result = score(facts, Formula())
    # no ratings yet: the other weights 30 + 20 + 20 = 70 share the 100 points: (30 + 10 + 20) / 70
    assert result.parts[2].share is None and result.parts[2].points == 0
    assert result.total == D("85.7")


def test_configured_weights_change_the_result():
    facts = Facts(assigned=2, sent=2, on_time=1, contacted=2, feedback=2, content=2, categories={"B": 2})
    formula = Formula(on_time=50, contact=0, satisfaction=50, category=0, value_b=0.5)
    assert score(facts, formula).total == D("75.0")  # (50 × .5 + 50 × 1) / 100
    # defaults: on time 30 × .5 = 15, contact 20 × 1, satisfaction 30 × 1, category 20 × .6 = 12 → 77
    assert score(facts, Formula()).total == D("77.0")


def test_nothing_sent_is_not_scored_and_deductions_cannot_go_below_zero():
    late = score(Facts(assigned=3, overdue_days=90), Formula())
    assert late.total is None and late.deductions[1].points == D("10.0")
    poor = score(Facts(assigned=1, sent=1, feedback=1, categories={"C": 1}, rehandled=1, overdue_days=60), Formula())
    assert poor.base == D("4.0") and poor.total == D("0.0")


def test_ranking_shares_places_and_puts_the_unmeasured_last():
    s = {name: score(facts, Formula()) for name, facts in {
        "a": Facts(assigned=1, sent=1, on_time=1, contacted=1),
        "b": Facts(assigned=1, sent=1, on_time=0, contacted=0),
        "c": Facts(assigned=1, sent=1, on_time=1, contacted=1),
        "d": Facts(assigned=2),
    }.items()}
    assert [(rank, key) for rank, key, _ in ranked(s)] == [(1, "a"), (1, "c"), (3, "b"), (None, "d")]


def test_unknown_category_codes_count_as_nothing_and_lower_case_is_read():
    assert category_share({"a": 1, "X": 1}, Formula()) == D("0.5")


def test_a_formula_is_checked():
    assert Formula().problems() == {}
    assert Formula(value_b=1.5).problems() == {"value_b": "above_one"}
    assert Formula(on_time=-1).problems() == {"on_time": "negative"}
    assert Formula(on_time=0, contact=0, satisfaction=0, category=0).problems() == {"on_time": "no_weight"}
    assert Formula(overdue_days_full=0).problems() == {"overdue_days_full": "not_positive"}


counts = st.integers(min_value=0, max_value=60)
weights = st.floats(min_value=0, max_value=100, allow_nan=False)
values = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def facts(draw):
    sent = draw(counts)
    feedback = draw(st.integers(0, sent))
    assigned = draw(st.integers(sent, sent + 20))
    return Facts(
        assigned=assigned, sent=sent, on_time=draw(st.integers(0, sent)), contacted=draw(st.integers(0, sent)),
        feedback=feedback, content=draw(st.integers(0, feedback)),
        categories={code: draw(st.integers(0, 20)) for code in "ABC"},
        rehandled=draw(st.integers(0, assigned)), overdue_days=draw(st.integers(0, 400)),
    )


@st.composite
def formulas(draw):
    formula = Formula(on_time=draw(weights), contact=draw(weights), satisfaction=draw(weights),
                      category=draw(weights), value_c=draw(values), rehandling_points=draw(weights),
                      overdue_points=draw(weights), overdue_days_full=draw(st.floats(1, 100)))
    b = draw(st.floats(min_value=formula.value_c, max_value=1))
    return Formula(**{**formula.__dict__, "value_b": b})


@settings(max_examples=300, deadline=None)
@given(facts(), formulas())
def test_the_score_is_bounded(f, formula):
    result = score(f, formula)
    if result.total is not None:
        assert D(0) <= result.total <= D(100) and result.total <= result.base


GOOD = {"on_time": "sent", "contacted": "sent", "content": "feedback"}


@settings(max_examples=300, deadline=None)
@given(facts(), formulas(), st.sampled_from(sorted(GOOD)))
def test_more_of_a_good_part_never_lowers_the_score(f, formula, part):
    if getattr(f, part) >= getattr(f, GOOD[part]):
        return
    better = Facts(**{**f.__dict__, part: getattr(f, part) + 1})
    before, after = score(f, formula).total, score(better, formula).total
    assert before is None or after >= before


@settings(max_examples=300, deadline=None)
@given(facts(), formulas(), st.sampled_from([("C", "B"), ("B", "A"), ("C", "A")]))
def test_a_better_category_never_lowers_the_score(f, formula, move):
    worse, better_code = move
    if not f.categories.get(worse):
        return
    moved = dict(f.categories)
    moved[worse] -= 1
    moved[better_code] = moved.get(better_code, 0) + 1
    before, after = score(f, formula).total, score(Facts(**{**f.__dict__, "categories": moved}), formula).total
    assert (before is None) == (after is None)  # a formula that weighs nothing measures neither
    assert before is None or after >= before


@settings(max_examples=300, deadline=None)
@given(facts(), formulas(), st.sampled_from(["rehandled", "overdue_days"]))
def test_more_rehandling_or_overdue_days_never_raise_the_score(f, formula, part):
    if part == "rehandled" and f.rehandled >= f.assigned:
        return
    worse = Facts(**{**f.__dict__, part: getattr(f, part) + 1})
    before, after = score(f, formula).total, score(worse, formula).total
    assert before is None or after <= before
