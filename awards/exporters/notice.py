"""公示名单: a campaign's nominees in the roster layout, for the public notice.

The nominations published in the 公示 — 公示中, and after 表彰 the conferred ones (or, with
``all_approved``, every nomination approved and later), one section per
honour, 序号 per section, 姓名(女) (with ``ethnicity``: (女，回族), (回族)), 单位及职务 (a collective's own
name not repeated), 姓氏笔画 order or 姓名笔画 (``rule="fullname"``), stated under the title. Public: the
query does not even select ID numbers, phones or birth dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet

from core.exports import Exporter, ExportParameters, ethnicity_field, register, rule_field, title_field
from core.spreadsheets import Column, SectionRow, SheetSpec
from directory.models import Gender

from ..models import NOMINATION_APPROVED, NOMINATION_PUBLISHED, Nomination
from ..selectors.nominations import campaign_nominations
from ..selectors.notices import notice_rows, notice_sections
from ..selectors.sections import HonourSection
from .common import (
    campaign_field,
    collective_unit,
    name_headers,
    order_note,
    person_mark,
    scope_awards_fields,
    section_title,
)


class NoticeParameters(ExportParameters):
    aliases = {"all": "all_approved"}  # the campaign page's link: ?all=1

    campaign = campaign_field(required=True)
    all_approved = forms.BooleanField(
        label="含审核通过", required=False, help_text="列出审核通过及以后的全部推荐（默认只列公示过的）"
    )
    title = title_field("默认按批次生成")
    rule = rule_field()
    ethnicity = ethnicity_field()

    def scope(self, user) -> None:
        scope_awards_fields(self, user)


@register
class NoticeExporter(Exporter):
    name = "notice"
    verbose_name = "公示名单"
    public = True
    sheet_title = "公示名单"
    Parameters = NoticeParameters

    def __init__(self, *, user=None, queryset: QuerySet | None = None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        p = self.params
        self.campaign = p["campaign"]
        self.all_approved = bool(p["all_approved"])
        self.title = (p["title"] or "").strip() or None
        self.rule = p["rule"] or "surname"
        self.ethnicity = p["ethnicity"]
        self._sections: list[HonourSection] | None = None

    def nominations(self) -> QuerySet:
        # What the 公示 published, still so after 表彰 (the public notice page lists the same).
        statuses = NOMINATION_APPROVED if self.all_approved else NOMINATION_PUBLISHED
        base = self.queryset if self.queryset is not None else Nomination.objects.all()
        return campaign_nominations(self.campaign, statuses=statuses, base=base)

    def sections(self) -> list[HonourSection]:
        if self._sections is None:
            self._sections = notice_sections(self.nominations())
        return self._sections

    def heading(self) -> str:
        if self.title:
            return self.title
        sections = self.sections()
        if len(sections) == 1:
            name = sections[0].name
            year = f"{self.campaign.year}年"
            return f"{year}{name}拟表彰对象公示名单"
        return f"{self.campaign.name}拟表彰对象公示名单"

    def filename(self) -> str:
        return f"{self.heading()}.xlsx"

    def rows(self) -> Iterator[Any]:
        sections = self.sections()
        titles = {s.honor_type_id: section_title(i, s.name, s.count, s.collective) for i, s in enumerate(sections, 1)}
        with_sections = len(sections) > 1
        female = Gender.FEMALE.value
        current, n = None, 0
        rows = notice_rows(self.nominations(), self.rule)
        for honor_id, person_name, gender, org_name, unit, employer, job_title, ethnicity in rows:
            if honor_id != current:
                current, n = honor_id, 0
                if with_sections:
                    yield SectionRow(titles[honor_id])
            n += 1
            if person_name is None:
                yield (n, org_name, collective_unit(org_name, unit))
            else:
                name = person_name + person_mark(gender == female, ethnicity, with_ethnicity=self.ethnicity)
                yield (n, name, unit or f"{employer or ''}{job_title or ''}")

    def sheets(self) -> list[SheetSpec]:
        name_header, unit_header = name_headers({s.collective for s in self.sections()})
        return [
            SheetSpec(
                title=self.sheet_title,
                columns=[Column("序号", "int", width=6), Column(name_header), Column(unit_header, wrap_long=True)],
                rows=self.rows(),
                heading=self.heading(),
                notes=[order_note(self.rule, {s.collective for s in self.sections()})],
                landscape=False,
            )
        ]
