"""表彰名单: the roster annexed to a 表彰决定.

Title row; one section per honour in precedence order (HonorType.precedence, then level, senior
first) headed by the honour and its count (一、全国五一劳动奖章（3名）, collectives 个); 序号 restarting in
each section; 姓名 with (女) after women's names (and, with ``ethnicity``, a non-Han ethnicity: (女，回族),
(回族)); 单位及职务 (a collective's own name never repeated there); within a section 姓氏笔画 order
(ORDER BY the stored stroke key), or 姓名笔画 with ``rule="fullname"``; collectives by their name
character by character. Under the title: the decision's 文号 and date when known, and the order
(以姓氏笔画为序 / 以姓名笔画为序). Revoked awards are never listed. No ID number, phone or birth date:
the roster is published with the decision.

A fixed number of queries whatever the size: the sections (honours present, with counts), then one
streamed ``values_list(...).iterator()`` per honour with 姓名(女) built by the database; no model
instance per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from core.exports import (
    Exporter,
    ExportError,
    ExportParameters,
    ethnicity_field,
    register,
    rule_field,
    title_field,
    year_field,
)
from core.spreadsheets import Column, SectionRow, SheetSpec
from core.spreadsheets.writer import fit_width

from ..models import Award
from ..selectors.awards import award_visible_q
from ..selectors.rosters import roster_queryset, roster_section_rows, roster_sections
from ..selectors.sections import HonourSection
from .common import (
    campaign_field,
    decision_line,
    honor_field,
    name_headers,
    order_note,
    organization_field,
    scope_awards_fields,
    section_title,
)

# Width allowance for the longest mark after a name: "(女，柯尔克孜族)" (CJK counts 2).
_ETHNICITY_MARK_WIDTH = 16


class RosterParameters(ExportParameters):
    campaign = campaign_field()
    year = year_field()
    honor = honor_field()
    organization = organization_field(label="只列该组织（含下级单位）的获奖者")
    title = title_field()
    rule = rule_field()
    ethnicity = ethnicity_field()

    def scope(self, user) -> None:
        scope_awards_fields(self, user)


@register
class RosterExporter(Exporter):
    name = "roster"
    verbose_name = "表彰名单"
    public = True
    sheet_title = "表彰名单"
    Parameters = RosterParameters

    def __init__(self, *, user=None, queryset: QuerySet | None = None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        p = self.params
        self.campaign = p["campaign"]
        self.year = p["year"]
        self.honor = p["honor"]
        self.organization = p["organization"]
        self.title = (p["title"] or "").strip() or None
        self.rule = p["rule"] or "surname"
        self.ethnicity = p["ethnicity"]
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

    def count(self) -> int:
        return self.awards().count()

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

    def notes(self) -> list[str]:
        """Lines under the title: the decision's 文号 and date when known (from the campaign, else
        when every award listed carries the same), then the order (以姓氏笔画为序 …)."""
        sections = self.sections()
        number = date = None
        if self.campaign is not None and (self.campaign.decision_number or self.campaign.decision_date):
            number, date = self.campaign.decision_number, self.campaign.decision_date
        elif sections:
            numbers = {(s.extra["number_min"], s.extra["number_max"]) for s in sections}
            dates = {(s.extra["date_min"], s.extra["date_max"]) for s in sections}
            if len(numbers) == 1 and len(set(next(iter(numbers)))) == 1:
                number = next(iter(numbers))[0]
            if len(dates) == 1 and len(set(next(iter(dates)))) == 1:
                date = next(iter(dates))[0]
        decision = decision_line(number, date)
        return [line for line in (decision, order_note(self.rule, {s.collective for s in sections})) if line]

    def filename(self) -> str:
        return f"{self.heading()}.xlsx"

    def with_units(self) -> bool:
        """A roster of collectives only whose units would only repeat their names has no 单位 column."""
        sections = self.sections()
        return not sections or not all(s.collective for s in sections) or any(s.longest["unit"] for s in sections)

    def columns(self) -> list[Column]:
        sections = self.sections()
        name_header, unit_header = name_headers({s.collective for s in sections})
        # Widths from the longest values in the database (every row, not a sample): CJK counts 2,
        # and "(女)" adds 4 (an ethnicity mark more). Only a unit wider than the capped column wraps.
        name_chars = max((s.longest["name"] for s in sections), default=0)
        unit_chars = max((s.longest["unit"] for s in sections), default=0)
        mark = _ETHNICITY_MARK_WIDTH if self.ethnicity else 4
        columns = [
            Column("序号", "int", width=6),
            Column(name_header, width=fit_width(name_chars * 2 + mark, name_header)),
        ]
        if self.with_units():
            columns.append(Column(unit_header, width=fit_width(unit_chars * 2, unit_header), wrap_long=True))
        return columns

    def rows(self) -> Iterator[Any]:
        sections = self.sections()
        awards = self.awards()
        # One honour: the title row already names it, so no section line.
        with_sections = len(sections) > 1
        for index, section in enumerate(sections, 1):
            if with_sections:
                yield SectionRow(section_title(index, section.name, section.count, section.collective))
            rows = roster_section_rows(awards, section, rule=self.rule, ethnicity=self.ethnicity)
            for n, (name, unit) in enumerate(rows, 1):
                yield (n, name, unit)

    def sheets(self) -> list[SheetSpec]:
        return [
            SheetSpec(
                title=self.sheet_title,
                columns=self.columns(),
                rows=self.rows(),
                heading=self.heading(),
                notes=self.notes(),
                landscape=False,
            )
        ]
