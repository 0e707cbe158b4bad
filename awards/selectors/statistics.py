"""The 统计表: counts of honours by year × level × honour × organisation, and composition shares.

Grouped in the database by a prefix of the materialised path; a fixed number of queries whatever
the number of awards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from competitions.models import Level
from directory.models import Gender, Organization, Ownership

from ..models import CompositionFlag, HonorType, RecipientKind, honour_order_key
from ..rules import composition as rule_comp

# Materialised paths: one "00000042/" segment per level (directory.models.Organization._own_path).
PATH_SEGMENT = 9


@dataclass
class TallyLine:
    year: int | None
    honor_type_id: int
    org_prefix: str | None
    listed: int = 0  # awards with names
    reported: int = 0  # AwardTally counts (documents that give numbers only)

    @property
    def total(self) -> int:
        return self.listed + self.reported


@dataclass(frozen=True)
class HonourInfo:
    name: str
    level: str
    precedence: int
    collective: bool

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level


def statistics_lines(
    awards: QuerySet, tallies: QuerySet, *, group_depth: int
) -> tuple[list[TallyLine], dict[int, HonourInfo], dict[str, str]]:
    """Counts by year × honour × organisation, the organisation being the recipient's ancestor at
    tree depth ``group_depth`` (its own organisation when it sits higher). Grouped in the database
    by a prefix of the materialised path; four queries whatever the number of awards.

    Returns the lines, the honours they mention and the names of the grouping organisations by path.
    """
    length = PATH_SEGMENT * (group_depth + 1)
    lines: dict[tuple, TallyLine] = {}
    award_groups = (
        awards.order_by()
        .annotate(org_prefix=Substr(Coalesce("person__employer__path", "organization__path"), 1, length))
        .values("year", "honor_type_id", "org_prefix")
        .annotate(n=Count("id"))
    )
    for g in award_groups:
        key = (g["year"], g["honor_type_id"], g["org_prefix"])
        lines.setdefault(key, TallyLine(*key)).listed += g["n"]
    tally_groups = (
        tallies.order_by()
        .annotate(org_prefix=Substr("organization__path", 1, length))
        .values("year", "honor_type_id", "org_prefix")
        .annotate(n=Sum("count"))
    )
    for g in tally_groups:
        key = (g["year"], g["honor_type_id"], g["org_prefix"])
        lines.setdefault(key, TallyLine(*key)).reported += g["n"] or 0

    honour_ids = {line.honor_type_id for line in lines.values()}
    honours = {
        pk: HonourInfo(name, level, precedence, kind == RecipientKind.COLLECTIVE)
        for pk, name, level, precedence, kind in HonorType.objects.filter(pk__in=honour_ids).values_list(
            "id", "name", "level", "precedence", "recipient_kind"
        )
    }
    prefixes = {line.org_prefix for line in lines.values() if line.org_prefix}
    org_names = dict(Organization.objects.filter(path__in=prefixes).values_list("path", "name"))

    def order(line: TallyLine):
        h = honours[line.honor_type_id]
        # By year (newest first), then level (senior first: the table is grouped by level), then
        # the one honour order, then organisation.
        key = honour_order_key(h.precedence, h.level, h.name, line.honor_type_id)
        return (line.year is None, -(line.year or 0), key[1], key, line.org_prefix is None, line.org_prefix or "")

    return sorted(lines.values(), key=order), honours, org_names


# Categories whose shares the statistics report, in the order of the national composition rules;
# their labels are the flags' own (directory.models.CategoryFlags, awards.models.CompositionFlag).
SHARE_CATEGORIES = tuple(
    (flag, str(CompositionFlag(flag).label))
    for flag in (
        CompositionFlag.FEMALE,
        CompositionFlag.INDUSTRIAL,
        CompositionFlag.FRONTLINE,
        CompositionFlag.PROFESSIONAL,
        CompositionFlag.SCIENCE_EDUCATION,
        CompositionFlag.MIGRANT,
        CompositionFlag.NEW_EMPLOYMENT,
        CompositionFlag.ENTERPRISE_LEADER,
        CompositionFlag.NON_PUBLIC,
    )
)


def _share_filter(category: str) -> Q:
    if category == "female":
        return Q(gender=Gender.FEMALE)
    if category == "non_public":
        return Q(nomination__non_public=True) | Q(
            nomination__isnull=True, person__employer__ownership=Ownership.NON_PUBLIC
        )
    # The nomination's categories as counted then; the person's own for awards without one.
    return Q(**{f"nomination__{category}": True}) | Q(nomination__isnull=True, **{f"person__{category}": True})


def composition_shares(awards: QuerySet) -> list[dict]:
    """Per year × individual honour: how many awardees, and how many of each category. One query."""
    counts = {cat: Count("id", filter=_share_filter(cat)) for cat, _label in SHARE_CATEGORIES}
    rows = (
        awards.filter(person__isnull=False)
        .order_by()
        .values("year", "honor_type_id", "honor_type__name", "honor_type__level", "honor_type__precedence")
        .annotate(total=Count("id"), **counts)
    )

    def order(r: dict):
        key = honour_order_key(
            r["honor_type__precedence"], r["honor_type__level"], r["honor_type__name"], r["honor_type_id"]
        )
        return (r["year"] is None, -(r["year"] or 0), key[1], key)

    return sorted(rows, key=order)


def share(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) / Decimal(total)).quantize(rule_comp.SHARE_QUANTUM)
