"""统计表: how many honours, by year × level × honour × organisation, and the composition shares.

Counts come from two sources: awards with names (revoked ones excluded) and AwardTally rows, which
documents report as numbers only (e.g. 廊坊 2024 全国五一劳动奖章 3). Both are grouped in the
database by the recipient's organisation at one tree depth (``depth`` levels below ``organization``,
or below the tree's roots): no row is read one by one.

Sheet 2 gives, per year and individual honour, the share of women and of each category the
composition rules count (the nomination's categories when the award came from one).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from core.exports import Exporter, ExportParameters, register, title_field, year_field
from core.spreadsheets import Column, SectionRow, SheetSpec
from directory.models import OrgKind
from directory.selectors import organization_list_visible, scope_q

from ..models import Award, AwardStatus, AwardTally
from ..selectors.awards import award_recipient_in, award_visible_q
from ..selectors.statistics import SHARE_CATEGORIES, composition_shares, share, statistics_lines
from .common import organization_field

UNKNOWN_YEAR = "年份不详"
UNKNOWN_ORG = "单位不详"


class StatisticsParameters(ExportParameters):
    """The 统计表 page's conditions and the command line's options."""

    year = year_field(help_text="默认全部年度")
    organization = organization_field(label="单位（含下级）")
    depth = forms.IntegerField(
        label="按下第几级单位分组",
        required=False,
        min_value=0,
        max_value=10,
        initial=1,
        help_text="1 = 直接下级",
        error_messages={
            "invalid": "分组层级应为数字",
            "min_value": "分组层级应在 0 到 10 之间",
            "max_value": "分组层级应在 0 到 10 之间",
        },
    )
    title = title_field()

    def scope(self, user) -> None:
        # Unions (and the top of the tree): the levels statistics are reported by.
        self.fields["organization"].limit_to(
            organization_list_visible(user).filter(Q(kind=OrgKind.UNION) | Q(depth__lte=1)).order_by("path")
        )


@register
class StatisticsExporter(Exporter):
    name = "statistics"
    verbose_name = "表彰统计表"
    public = False

    Parameters = StatisticsParameters

    def __init__(self, *, user=None, queryset: QuerySet | None = None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        self.year = self.params["year"]
        self.organization = self.params["organization"]
        depth = self.params["depth"]
        self.depth = 1 if depth is None else depth
        self.title = (self.params["title"] or "").strip() or None
        self._computed = None

    # --- data ----------------------------------------------------------------------------------
    def awards(self) -> QuerySet:
        base = self.queryset
        if base is None:
            base = Award.objects.all()
            cond = award_visible_q(self.user) if self.user is not None else None
            if cond is not None:
                base = base.filter(cond)
        qs = base.filter(status=AwardStatus.ACTIVE)
        if self.year is not None:
            qs = qs.filter(year=self.year)
        if self.organization is not None:
            qs = qs.filter(award_recipient_in(self.organization))
        return qs

    def tallies(self) -> QuerySet:
        qs = AwardTally.objects.all()
        if self.user is not None:
            cond = scope_q(self.user, "organization__")
            if cond is not None:
                qs = qs.filter(cond)
        if self.year is not None:
            qs = qs.filter(year=self.year)
        if self.organization is not None:
            qs = qs.filter(organization__path__startswith=self.organization.path)
        return qs

    @property
    def group_depth(self) -> int:
        return (self.organization.depth if self.organization is not None else 0) + self.depth

    def computed(self):
        if self._computed is None:
            self._computed = statistics_lines(self.awards(), self.tallies(), group_depth=self.group_depth)
        return self._computed

    def heading(self) -> str:
        if self.title:
            return self.title
        year = f"{self.year}年" if self.year else ""
        org = f"（{self.organization.name}）" if self.organization is not None else ""
        return f"{year}表彰统计表{org}"

    def filename(self) -> str:
        return f"{self.heading()}.xlsx"

    # --- sheet 1: counts -------------------------------------------------------------------------
    def count_rows(self) -> Iterator[Any]:
        lines, honours, org_names = self.computed()
        grand = [0, 0]
        for year, group in groupby(lines, key=lambda line: line.year):
            yield SectionRow(f"{year}年" if year is not None else UNKNOWN_YEAR)
            sub = [0, 0]
            for line in group:
                h = honours[line.honor_type_id]
                org = org_names.get(line.org_prefix, UNKNOWN_ORG) if line.org_prefix else UNKNOWN_ORG
                sub[0] += line.listed
                sub[1] += line.reported
                yield (
                    year if year is not None else UNKNOWN_YEAR,
                    h.level_label,
                    h.name,
                    "集体" if h.collective else "个人",
                    org,
                    line.listed,
                    line.reported,
                    line.total,
                )
            yield (None, None, "小计", None, None, sub[0], sub[1], sub[0] + sub[1])
            grand[0] += sub[0]
            grand[1] += sub[1]
        yield (None, None, "总计", None, None, grand[0], grand[1], grand[0] + grand[1])

    # --- sheet 2: shares ---------------------------------------------------------------------------
    def share_rows(self) -> Iterator[Any]:
        for row in composition_shares(self.awards()):
            year = row["year"] if row["year"] is not None else UNKNOWN_YEAR
            total = row["total"]
            for category, label in SHARE_CATEGORIES:
                count = row[category]
                yield (year, row["honor_type__name"], label, count, total, share(count, total))

    def sheets(self) -> list[SheetSpec]:
        heading = self.heading()
        return [
            SheetSpec(
                title="表彰统计",
                columns=[
                    Column("年度", "int"),
                    Column("级别"),
                    Column("荣誉称号"),
                    Column("授予对象"),
                    Column("单位（地区）"),
                    Column("有名单（人/个）", "int"),
                    Column("仅有数量（人/个）", "int"),
                    Column("合计", "int"),
                ],
                rows=self.count_rows(),
                heading=heading,
                landscape=False,
            ),
            SheetSpec(
                title="构成比例",
                columns=[
                    Column("年度", "int"),
                    Column("荣誉称号"),
                    Column("类别"),
                    Column("人数", "int"),
                    Column("获奖人数", "int"),
                    Column("占比", "percent", width=10),
                ],
                rows=self.share_rows(),
                heading=f"{heading}·构成比例",
                landscape=False,
            ),
        ]
