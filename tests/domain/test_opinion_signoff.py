"""Whether a co bureau's leader signs its opinions off: the bureau's choice, else the default."""
import pytest

from workflow.domain.opinion import OpinionState, signs_off, submit_target


@pytest.mark.parametrize(
    ("choice", "default", "expected"),
    [(None, False, False), (None, True, True), (True, False, True), (False, True, False)],
)
def test_the_bureau_choice_wins_over_the_default(choice, default, expected) -> None:
    assert signs_off(choice, default) is expected


def test_where_a_submitted_opinion_goes() -> None:
    assert submit_target(True) == OpinionState.AWAITING_APPROVAL
    assert submit_target(False) == OpinionState.SUBMITTED
