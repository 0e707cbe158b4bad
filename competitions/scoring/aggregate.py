"""Judges' marks → component score → weighted total.

Rounding rule (the only one used here): results are rounded to 2 decimal places, half up
(ROUND_HALF_UP: a 5 in the third decimal rounds away from zero, 90.425 → 90.43). The rounding is
applied once, to the exact result: sums and quotients are computed exactly (as fractions), so
there is never a double rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

__all__ = ["DEFAULT_TRIM_FROM", "aggregate_marks", "as_decimal", "round_half_up", "weighted_total"]

# §4: subjective items are marked by 5 judges, highest and lowest dropped.
DEFAULT_TRIM_FROM = 5

_HUNDRED = Decimal(100)


def as_decimal(value: object, what: str = "value") -> Decimal:
    """Return ``value`` as a finite Decimal; ints are accepted, floats never (they are inexact)."""
    # bool is an int subclass but a True mark is always a bug.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or int, not {type(value).__name__}: {value!r}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{what} must be finite, not {value}")
    return value


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value to ``places`` decimals, ties away from zero (ROUND_HALF_UP)."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    # floor(x + 1/2) on the magnitude is "half up" for ties; the sign goes back on afterwards.
    units = int(scaled + Fraction(1, 2))
    if exact < 0:
        units = -units
    return Decimal(units).scaleb(-places)


def aggregate_marks(marks: Sequence[Decimal], *, trim_from: int | None = DEFAULT_TRIM_FROM) -> Decimal | None:
    """Combine the judges' marks for one component into one score.

    - No marks → ``None`` (not scored yet; never 0, which would rank the entry).
    - ``len(marks) >= trim_from`` → drop one highest and one lowest mark, average the rest.
    - Fewer marks, or ``trim_from`` None/0 → plain mean.

    The mean is rounded to 2 decimals, half up (88.125 → 88.13), once, from the exact value.
    ``trim_from`` must be at least 3 when set: trimming two of two marks leaves nothing to average.
    """
    if trim_from is not None and trim_from != 0 and trim_from < 3:
        raise ValueError(f"trim_from must be None, 0 or at least 3, not {trim_from}")
    values = sorted(as_decimal(m, "mark") for m in marks)
    if not values:
        return None
    if trim_from and len(values) >= trim_from:
        values = values[1:-1]
    return round_half_up(Fraction(sum(values)) / len(values))


def weighted_total(
    components: Mapping[str, Decimal | None], weights: Mapping[str, Decimal | int]
) -> Decimal | None:
    """Weighted total of component scores, e.g. weights ``{"theory": 30, "practical": 70}``.

    Weights are percentages and must sum to exactly 100 (``ValueError`` otherwise, and for a
    negative weight). total = Σ weight × score / 100, rounded to 2 decimals half up from the exact
    sum: 30 % × 88.5 + 70 % × 91.25 = 26.55 + 63.875 = 90.425 → 90.43.

    Returns ``None`` when a component with a non-zero weight has no score (absent or None): a
    partial total would look like a real, low result. Components without a weight are ignored.
    """
    checked = {key: as_decimal(w, f"weight {key!r}") for key, w in weights.items()}
    for key, w in checked.items():
        if w < 0:
            raise ValueError(f"weight {key!r} is negative: {w}")
    if sum(checked.values(), Decimal(0)) != _HUNDRED:
        raise ValueError(f"weights must sum to 100 (percent), not {sum(checked.values(), Decimal(0))}")
    total = Fraction(0)
    for key, w in checked.items():
        if w == 0:
            continue
        score = components.get(key)
        if score is None:
            return None
        total += Fraction(w) * Fraction(as_decimal(score, f"score {key!r}"))
    return round_half_up(total / 100)
