from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from samskap.core.validators import norwegian_org_number_is_valid, swedish_org_number_is_valid


def test_known_norwegian_numbers() -> None:
    assert norwegian_org_number_is_valid("974760673")
    assert norwegian_org_number_is_valid("974 760 673")
    assert not norwegian_org_number_is_valid("974760674")
    assert not norwegian_org_number_is_valid("97476067")


def test_known_swedish_numbers() -> None:
    assert swedish_org_number_is_valid("202100-5521")
    assert swedish_org_number_is_valid("2021005521")
    assert not swedish_org_number_is_valid("202100-5522")
    assert not swedish_org_number_is_valid("850101-1234")  # a personnummer shape, third digit < 2


@given(st.text(max_size=30))
def test_validators_never_crash_on_any_text(text: str) -> None:
    assert norwegian_org_number_is_valid(text) in (True, False)
    assert swedish_org_number_is_valid(text) in (True, False)


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_exactly_one_control_digit_fits_or_none(prefix: str) -> None:
    fits = [d for d in "0123456789" if norwegian_org_number_is_valid(prefix + d)]
    assert len(fits) <= 1


@given(st.from_regex(r"\A[0-9]{2}[2-9][0-9]{6}\Z"))
def test_exactly_one_swedish_control_digit_fits(prefix: str) -> None:
    fits = [d for d in "0123456789" if swedish_org_number_is_valid(prefix + d)]
    assert len(fits) == 1
