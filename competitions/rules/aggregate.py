"""Judges' marks → component score → weighted total.

Rounding rule (the only one used here): results are rounded to 2 decimal places, half up
(ROUND_HALF_UP: a 5 in the third decimal rounds away from zero, 90.425 → 90.43). The rounding is
applied once, to the exact result: sums and quotients are computed exactly, so there is never a
double rounding. "Exactly" is Decimal arithmetic with the Inexact signal trapped (fast, and exact
whenever it does not raise), falling back to fractions when a quotient does not terminate
(a mean of three marks) or needs more than 60 digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction

__all__ = ["DEFAULT_TRIM_FROM", "aggregate_marks", "as_decimal", "round_half_up", "weighted_total"]

# §4: subjective items are marked by 5 judges, highest and lowest dropped.
DEFAULT_TRIM_FROM = 5

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
# Arithmetic that raises instead of rounding: a result computed under it is exact.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
_ROUND = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Overflow])


def _cents(exact: Decimal) -> Decimal:
    """The one rounding: 2 decimals, ties away from zero (no "-0.00")."""
    rounded = exact.quantize(_CENT, context=_ROUND)
    return rounded.copy_abs() if rounded.is_zero() else rounded


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
    # scaleb in a 60-digit context: the default 28 digits would round very large values again.
    return Decimal(units).scaleb(-places, context=_ROUND)


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
    try:
        total = Decimal(0)
        for value in values:
            total = _EXACT.add(total, value)
        return _cents(_EXACT.divide(total, len(values)))
    except Inexact:
        return round_half_up(sum(map(Fraction, values), Fraction(0)) / len(values))


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
    terms = []
    for key, w in checked.items():
        if w == 0:
            continue
        score = components.get(key)
        if score is None:
            return None
        terms.append((w, as_decimal(score, f"score {key!r}")))
    try:
        total = Decimal(0)
        for w, score in terms:
            total = _EXACT.add(total, _EXACT.multiply(w, score))
        return _cents(_EXACT.divide(total, _HUNDRED))
    except Inexact:
        exact = sum((Fraction(w) * Fraction(score) for w, score in terms), Fraction(0))
        return round_half_up(exact / 100)
