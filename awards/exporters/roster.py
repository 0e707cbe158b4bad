"""表彰名单: the roster annexed to a 表彰决定.

Title row; one section per honour in precedence order (HonorType.precedence, then level, senior
first); 序号 restarting in each section; 姓名 with (女) after women's names; 单位及职务; within a
section 姓氏笔画 order (ORDER BY the stored stroke key). Revoked awards are never listed. No ID number,
phone or birth date: the roster is published with the decision.

A fixed number of queries whatever the size: the sections (honours present, with counts), then one
streamed ``values_list(...).iterator()`` per honour with 姓名(女) built by the database; no model
instance per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from core.exports import Exporter, ExportError, register
from core.spreadsheets import Column, SectionRow, SheetSpec
from core.spreadsheets.writer import fit_width

from ..models import Award
from ..selectors.awards import award_visible_q
from ..selectors.rosters import roster_queryset, roster_section_rows, roster_sections
from ..selectors.sections import HonourSection
from .common import (
    name_headers,
    param_campaign,
    param_honor,
    param_organization,
    param_year,
    section_title,
)


@register
class RosterExporter(Exporter):
    name = "roster"
    verbose_name = "表彰名单"
    public = True
    sheet_title = "表彰名单"

    @classmethod
    def add_arguments(cls, parser) -> None:
        parser.add_argument("--campaign", help="评选批次（编号或名称）")
        parser.add_argument("--year", type=int, help="年度，如 2024")
        parser.add_argument("--honor", help="荣誉名称，按荣誉目录书写，如 天津市五一劳动奖章")
        parser.add_argument("--organization", help="只列该组织（含下级单位）的获奖者（名称或编号）")
        parser.add_argument("--title", help="标题行（默认按条件生成）")

    def __init__(
        self,
        *,
        user=None,
        queryset: QuerySet | None = None,
        campaign: Any = None,
        year: Any = None,
        honor: Any = None,
        organization: Any = None,
        title: str | None = None,
        **params: Any,
    ):
        super().__init__(user=user, queryset=queryset, **params)
        self.campaign = param_campaign(campaign)
        self.year = param_year(year)
        self.honor = param_honor(honor)
        self.organization = param_organization(organization)
        self.title = (title or "").strip() or None
        if queryset is None and not any((self.campaign, self.year, self.honor, self.organization)):
            raise ExportError("请至少指定一个条件：评选批次、年度、荣誉或组织")
        self._sections: list[HonourSection] | None = None

    # --- data ----------------------------------------------------------------------------------
    def awards(self) -> QuerySet:
        base = self.queryset
        if base is None:
            base = Award.objects.all()
            cond = award_visible_q(self.user) if self.user is not None else None
            if cond is not None:
                base = base.filter(cond)
        return roster_queryset(
            base, campaign=self.campaign, year=self.year, honor_type=self.honor, organization=self.organization
        )

    def sections(self) -> list[HonourSection]:
        if self._sections is None:
            self._sections = roster_sections(self.awards())
        return self._sections

    def heading(self) -> str:
        if self.title:
            return self.title
        sections = self.sections()
        year = self.year or (self.campaign.year if self.campaign else None)
        prefix = f"{year}年" if year else ""
        if self.honor is not None or len(sections) == 1:
            name = self.honor.name if self.honor is not None else sections[0].name
            collective = self.honor.recipient_kind == "collective" if self.honor is not None else sections[0].collective
            body = f"{name}{'获得单位' if collective else '获得者'}名单"
        elif self.campaign is not None:
            body = f"{self.campaign.name}表彰名单"
            if year and str(year) in self.campaign.name:
                prefix = ""
        else:
            body = "表彰名单"
        suffix = f"（{self.organization.name}）" if self.organization is not None else ""
        return f"{prefix}{body}{suffix}"

    def filename(self) -> str:
        return f"{self.heading()}.xlsx"

    def columns(self) -> list[Column]:
        sections = self.sections()
        name_header, unit_header = name_headers({s.collective for s in sections})
        # Widths from the longest values in the database (every row, not a sample): CJK counts 2,
        # and "(女)" adds 4. Only a unit wider than the capped column wraps.
        name_chars = max((s.longest["name"] for s in sections), default=0)
        unit_chars = max((s.longest["unit"] for s in sections), default=0)
        return [
            Column("序号", "int", width=6),
            Column(name_header, width=fit_width(name_chars * 2 + 4, name_header)),
            Column(unit_header, width=fit_width(unit_chars * 2, unit_header), wrap_long=True),
        ]

    def rows(self) -> Iterator[Any]:
        sections = self.sections()
        awards = self.awards()
        # One honour: the title row already names it, so no section line.
        with_sections = len(sections) > 1
        for index, section in enumerate(sections, 1):
            if with_sections:
                yield SectionRow(section_title(index, section.name, section.count, section.collective))
            for n, (name, unit) in enumerate(roster_section_rows(awards, section), 1):
                yield (n, name, unit)

    def sheets(self) -> list[SheetSpec]:
        return [
            SheetSpec(
                title=self.sheet_title,
                columns=self.columns(),
                rows=self.rows(),
                heading=self.heading(),
                landscape=False,
            )
        ]
