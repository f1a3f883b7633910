"""Validators for identifiers that organisations type in."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def norwegian_org_number_is_valid(value: str) -> bool:
    """Brønnøysund organisasjonsnummer: 9 digits, modulus 11 with weights 3,2,7,6,5,4,3,2.

    >>> norwegian_org_number_is_valid("974760673")  # Brønnøysundregistrene
    True
    """
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{9}", digits):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 11
    control = 0 if remainder == 0 else 11 - remainder
    return control != 10 and control == int(digits[8])


def swedish_org_number_is_valid(value: str) -> bool:
    """Bolagsverket organisationsnummer: NNNNNN-NNNN, Luhn checksum over the ten digits,
    third digit at least 2 (which tells it from a personnummer).

    >>> swedish_org_number_is_valid("212000-1355")  # Stockholms kommun
    True
    """
    digits = value.replace("-", "").strip()
    if not re.fullmatch(r"\d{10}", digits) or int(digits[2]) < 2:
        return False
    total = 0
    for index, char in enumerate(digits):
        n = int(char) * (2 if index % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def validate_org_number(country: str, value: str) -> None:
    if not value:
        return
    if country == "NO" and not norwegian_org_number_is_valid(value):
        raise ValidationError(_("This is not a valid Norwegian organisation number (nine digits)."))
    if country == "SE" and not swedish_org_number_is_valid(value):
        raise ValidationError(_("This is not a valid Swedish organisation number (NNNNNN-NNNN)."))
