"""推荐汇总表: a campaign's nominations per nominating organisation, for the conferring body.

Sheet 1: one section per nominating organisation (tree order); in it honour (roster order), then
姓氏笔画 (or 姓名笔画, ``rule="fullname"``); personal data and the categories counted by the
composition rules (✓). Internal: the full ID number, phone and birth date only for organisers of
the nominating organisation or of the conferring one (or an ancestor) — and from the command line,
where there is no user; everyone else gets the one public mask (core.idcard.mask_id_number /
mask_phone) and no birth date.

Sheet 2: places used per organisation and honour (check_quotas) and each composition rule's share
(check_composition), computed over the nominations exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet

from core.exports import Exporter, ExportParameters, register, rule_field
from core.idcard import mask_id_number, mask_phone
from core.spreadsheets import Column, SectionRow, SheetSpec
from directory.models import PERSON_CATEGORY_FLAGS, Gender, PoliticalStatus
from directory.selectors import organizer_paths, path_within, visible_paths

from ..models import NOMINATION_FLAG_FIELDS, NOMINATION_SUMMARY, Nomination, NominationStatus
from ..rules.composition import format_share
from ..selectors.checks import campaign_check
from ..selectors.nominations import (
    OrgSection,
    campaign_nominations,
    nomination_org_sections,
    nomination_rows,
    nomination_visible_q,
)
from .common import CHECK, FEMALE_MARK, campaign_field, cn_number, scope_awards_fields

FLAG_HEADERS = [str(label) for label in PERSON_CATEGORY_FLAGS.values()] + ["非公有制经济组织"]
_GENDERS = {value: str(label) for value, label in Gender.choices}
_POLITICAL = {value: str(label) for value, label in PoliticalStatus.choices}
_STATUSES = {value: str(label) for value, label in NominationStatus.choices}


class NominationsParameters(ExportParameters):
    campaign = campaign_field(required=True)
    status = forms.MultipleChoiceField(
        label="只列这些状态",
        choices=NominationStatus.choices,
        required=False,
        help_text="默认列已推荐、退回修改、审核通过、公示中、已表彰",
        error_messages={"invalid_choice": "未知的推荐状态：%(value)s"},
    )
    rule = rule_field()

    def scope(self, user) -> None:
        scope_awards_fields(self, user)


@register
class NominationsExporter(Exporter):
    name = "nominations"
    verbose_name = "推荐汇总表"
    public = False

    Parameters = NominationsParameters

    def __init__(self, *, user=None, queryset: QuerySet | None = None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        self.campaign = self.params["campaign"]
        self.statuses = list(self.params["status"] or NOMINATION_SUMMARY)
        self.rule = self.params["rule"] or "surname"
        self._sections: list[OrgSection] | None = None

    # --- scope ---------------------------------------------------------------------------------
    def nominations(self) -> QuerySet:
        base = self.queryset
        if base is None:
            base = Nomination.objects.all()
            cond = nomination_visible_q(self.user) if self.user is not None else None
            if cond is not None:
                base = base.filter(cond)
        return campaign_nominations(self.campaign, statuses=self.statuses, base=base)

    def sees_whole_campaign(self) -> bool:
        """The command line, superusers and members of the conferring organisation (or above)."""
        if self.user is None or self.user.is_superuser:
            return True
        return path_within(self.campaign.conferring_org.path, visible_paths(self.user))

    def sections(self) -> list[OrgSection]:
        if self._sections is None:
            self._sections = nomination_org_sections(self.nominations())
        return self._sections

    def filename(self) -> str:
        return f"{self.campaign.name}推荐汇总表.xlsx"

    # --- sheet 1 ---------------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        return [
            Column("序号", "int", width=6),
            Column("荣誉称号"),
            Column("姓名（集体名称）"),
            Column("性别", width=6),
            Column("民族"),
            Column("出生日期", "date"),
            Column("政治面貌"),
            Column("身份证号", "identifier"),
            Column("手机号", "identifier"),
            Column("单位及职务", wrap_long=True),
            *[Column(h, width=10) for h in FLAG_HEADERS],
            Column("状态"),
        ]

    def rows(self) -> Iterator[Any]:
        sections = self.sections()
        roots = organizer_paths(self.user)
        campaign_full = path_within(self.campaign.conferring_org.path, roots)
        by_org = {s.org_id: (i, s) for i, s in enumerate(sections, 1)}
        nflags = len(NOMINATION_FLAG_FIELDS)
        female = Gender.FEMALE.value
        current, n, full = None, 0, False
        for row in nomination_rows(self.nominations(), sections, self.rule):
            (
                org_id,
                honour,
                person_id,
                name,
                gender,
                ethnicity,
                birth,
                political,
                id_number,
                phone,
                collective,
                unit,
                employer,
                job_title,
            ) = row[:14]
            flags = row[14 : 14 + nflags]
            status = row[14 + nflags]
            if org_id != current:
                current, n = org_id, 0
                index, section = by_org[org_id]
                full = campaign_full or path_within(section.path, roots)
                yield SectionRow(f"{cn_number(index)}、{section.name}（{section.count}项推荐）")
            n += 1
            if person_id is None:
                yield (
                    n,
                    honour,
                    collective,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    unit,
                    *[None] * nflags,
                    _STATUSES.get(status, status),
                )
                continue
            if not full:
                id_number, phone, birth = mask_id_number(id_number), mask_phone(phone), None
            yield (
                n,
                honour,
                name + FEMALE_MARK if gender == female else name,
                _GENDERS.get(gender, ""),
                ethnicity,
                birth,
                _POLITICAL.get(political, political),
                id_number,
                phone,
                unit or f"{employer or ''}{job_title or ''}",
                *[CHECK if f else None for f in flags],
                _STATUSES.get(status, status),
            )

    # --- sheet 2 ---------------------------------------------------------------------------------
    def summary_rows(self) -> Iterator[Any]:
        # The check the campaign page shows, over the nominations exported.
        check = campaign_check(
            self.campaign, nominations=self.nominations(), listed_places_only=not self.sees_whole_campaign()
        )
        quota_lines, rules = check.quotas, check.rules
        yield SectionRow("一、名额使用情况")
        if not quota_lines:
            yield (None, "本批次未分配名额")
        for i, line in enumerate(quota_lines, 1):
            if line.over:
                verdict = f"超出{line.over}名"
            elif line.remaining:
                verdict = f"剩余{line.remaining}名"
            else:
                verdict = "名额已用满"
            yield (i, line.org.name, line.honor.name, f"{line.places}名", line.used, None, None, verdict)
        yield SectionRow("二、构成比例")
        if not rules:
            yield (None, "本批次未设构成比例要求")
        for i, r in enumerate(rules, 1):
            rule = r.rule
            if rule.min_share is not None and rule.max_share is not None:
                requirement = f"{format_share(rule.min_share)}～{format_share(rule.max_share)}"
            elif rule.min_share is not None:
                requirement = f"不低于{format_share(rule.min_share)}"
            else:
                requirement = f"不高于{format_share(rule.max_share)}"
            if not rule.hard:
                requirement += "（提示）"
            result = r.result
            yield (
                i,
                rule.display_label,
                r.scope_label,
                requirement,
                result.count,
                result.total,
                result.share if result.total else None,
                result.message,
            )

    def sheets(self) -> list[SheetSpec]:
        return [
            SheetSpec(
                title="推荐汇总表",
                columns=self.columns(),
                rows=self.rows(),
                heading=f"{self.campaign.name}推荐汇总表",
                landscape=True,
            ),
            SheetSpec(
                title="名额与比例",
                columns=[
                    Column("序号", "int", width=6),
                    Column("推荐单位或类别"),
                    Column("荣誉称号（范围）"),
                    Column("规定"),
                    Column("已推荐（人数）", "int"),
                    Column("总数", "int"),
                    Column("比例", "percent", width=10),
                    Column("结论", wrap_long=True),
                ],
                rows=self.summary_rows(),
                heading=f"{self.campaign.name}名额使用与构成比例",
                landscape=True,
            ),
        ]
