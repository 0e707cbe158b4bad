"""Pieces the honours forms share: date input, percentages, organisation choices."""

from __future__ import annotations

from decimal import Decimal

from django import forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PercentField(forms.DecimalField):
    """Typed as a percentage (35 or 35%), stored as a share (0.35)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "0.01"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().rstrip("%％").strip()
        return super().to_python(value)


def share_to_percent(value: Decimal | None) -> Decimal | None:
    """0.35 → 35, 0.125 → 12.5 (never "2E+1", which normalize() alone gives for 20)."""
    if value is None:
        return None
    percent = (value * 100).normalize()
    return percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent


def percent_to_share(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value / 100).quantize(Decimal("0.0001"))


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("　" * max(obj.depth - 1, 0)) + obj.name
