"""The lists a union prints (发放表, 体检名单, 疗休养名单, 慰问名单), in 姓氏笔画 order.

    python manage.py export care_payment --organization 天津市总工会 --year 2026 [--kind festival] -o 发放表.xlsx
    python manage.py export care_checkup --year 2026 -o 体检名单.xlsx
    python manage.py export care_recup [--batch 3 | --year 2026] -o 疗休养名单.xlsx
    python manage.py export care_visits [--birthdays] -o 慰问名单.xlsx

Internal lists for the responsible union (never public): a user gets only the people in their care
scope. ID numbers are masked on every list (the last four digits are enough to check a name against
a card); phones are given in full, for the union to call. Nothing about health besides "due".
The order is the stored 姓氏笔画 key (``Person.stroke_key``, as ``core.ordering.stroke_order`` sorts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from core.exports import ExportError, ExportParameters, ListExporter, LookupField, register, year_field
from core.idcard import mask_id_number
from core.spreadsheets import Column, SheetSpec
from directory.models import Organization
from directory.selectors import organization_list_visible

from ..models import CareKind, RecuperationBatch, SeatStatus
from ..selectors.batches import batch_list_visible, batch_roster
from ..selectors.due import DueItem, due_lists
from ..selectors.rules import RuleBook
from ..selectors.subjects import Subject, subject_list


def _organization_lookup(text: str) -> Organization:
    org = Organization.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if org is None:
        found = list(Organization.objects.filter(name=text)[:2])
        org = found[0] if len(found) == 1 else None
    if org is None:
        raise ExportError(f"找不到组织“{text}”")
    return org


def _batch_lookup(text: str) -> RecuperationBatch:
    batch = RecuperationBatch.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if batch is None:
        raise ExportError(f"找不到编号为 {text} 的疗休养批次")
    return batch


def organization_field() -> LookupField:
    return LookupField(
        Organization.objects.order_by("path"),
        lookup=_organization_lookup,
        label="负责工会（含下级）",
        help_text="名称或编号",
        empty_label="（全部可见）",
    )


class CareParameters(ExportParameters):
    organization = organization_field()
    year = year_field(help_text="默认今年")

    def scope(self, user) -> None:
        self.fields["organization"].limit_to(organization_list_visible(user).order_by("path"))


def _person_cells(s: Subject) -> list[Any]:
    p = s.person
    return [
        p.name,
        p.get_gender_display(),
        p.employer.name if p.employer_id else "",
        s.honours_text,
        s.life_status_label,
    ]


PERSON_COLUMNS = [
    Column("姓名"),
    Column("性别", width=6),
    Column("工作单位", wrap_long=True, width=30),
    Column("荣誉", wrap_long=True, width=30),
    Column("状态", width=8),
]


class CareListExporter(ListExporter):
    """Shared: the day the list is worked out for, the due lists of the user's scope."""

    Parameters = CareParameters

    def __init__(self, *, user=None, queryset=None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        today = timezone.localdate()
        year = self.params.get("year") or today.year
        self.year = year
        self.as_of = (
            today if year == today.year else dt.date(year, 12, 31) if year < today.year else dt.date(year, 1, 1)
        )
        self.organization = self.params.get("organization")

    def due(self):
        return due_lists(self.user, self.as_of, organization=self.organization)

    def sheets(self) -> list[SheetSpec]:
        notes = [f"负责工会：{self.organization.name}（含下级）"] if self.organization else []
        notes.append(f"以姓氏笔画为序　制表日期：{timezone.localdate():%Y年%m月%d日}")
        return [
            SheetSpec(
                title=self.verbose_name,
                columns=list(self.columns()),
                rows=self.rows(),
                heading=self.heading(),
                notes=notes,
                landscape=True,
            )
        ]

    def org_prefix(self) -> str:
        return self.organization.name if self.organization else ""


@register
class PaymentSheetExporter(CareListExporter):
    name = "care_payment"
    verbose_name = "发放表"

    class Parameters(CareParameters):
        kind = forms.ChoiceField(
            label="项目",
            choices=[(CareKind.ALLOWANCE, "荣誉津贴"), (CareKind.FESTIVAL, "节日慰问金")],
            initial=CareKind.ALLOWANCE,
            required=False,
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.kind = self.params.get("kind") or CareKind.ALLOWANCE

    def heading(self) -> str:
        return f"{self.org_prefix()}{self.year}年劳模{CareKind(self.kind).label}发放表"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            *PERSON_COLUMNS,
            Column("金额（元）", "decimal", width=12),
            Column("领取人签名", width=16),
            Column("备注", width=12),
        ]

    def rows(self):
        due = self.due()
        book = RuleBook(s.responsible_org for s in due.subjects)
        n, total = 0, None
        for s in due.subjects:
            if not s.entitled_on(self.as_of):
                continue
            rule = book.rule(s.responsible_org, self.kind, s.honour_level, s.life_status)
            if rule is None:
                continue
            n += 1
            if rule.amount is not None:
                total = (total or 0) + rule.amount
            yield [n, *_person_cells(s), rule.amount, "", ""]
        # the total as a value (never a formula), as the printed 发放表 carries it
        yield [None, f"合计{n}人", "", "", "", "", total, "", ""]


def _due_rows(items: list[DueItem]):
    for n, item in enumerate(items, start=1):
        s = item.subject
        yield [
            n,
            *_person_cells(s),
            mask_id_number(s.person.id_number or ""),
            s.profile.phone if s.profile else "",
            item.last,
            item.detail,
        ]


@register
class HealthCheckListExporter(CareListExporter):
    name = "care_checkup"
    verbose_name = "体检名单"

    def heading(self) -> str:
        return f"{self.org_prefix()}{self.year}年劳模健康体检名单"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            *PERSON_COLUMNS,
            Column("身份证号", "identifier", width=22),
            Column("联系电话", "identifier", width=14),
            Column("上次体检", "date", width=12),
            Column("说明", width=12),
        ]

    def rows(self):
        return _due_rows(self.due().lists["health_check"])


@register
class RecuperationListExporter(CareListExporter):
    """A batch's roster (``batch``), or everybody due 疗休养 in the year."""

    name = "care_recup"
    verbose_name = "疗休养名单"

    class Parameters(CareParameters):
        batch = LookupField(
            RecuperationBatch.objects.order_by("-start_date"),
            lookup=_batch_lookup,
            label="疗休养批次",
            help_text="批次编号；不选则列出应安排疗休养的人员",
            empty_label="（应安排人员）",
        )

        def scope(self, user) -> None:
            super().scope(user)
            self.fields["batch"].limit_to(batch_list_visible(user))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.batch = self.params.get("batch")

    def heading(self) -> str:
        if self.batch is not None:
            b = self.batch
            return f"{b.name}名单（{b.base}，{b.start_date:%Y年%m月%d日}—{b.end_date:%m月%d日}）"
        return f"{self.org_prefix()}{self.year}年应安排疗休养劳模名单"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            *PERSON_COLUMNS,
            Column("身份证号", "identifier", width=22),
            Column("联系电话", "identifier", width=14),
            Column("上次疗休养", "date", width=12),
            Column("确认情况", width=12),
        ]

    def rows(self):
        if self.batch is None:
            yield from _due_rows(self.due().lists["recuperation"])
            return
        seats = list(batch_roster(self.batch).exclude(status=SeatStatus.DECLINED))
        subjects = {s.pk: s for s in subject_list(self.user, person_ids=[seat.profile.person_id for seat in seats])}
        n = 0
        for seat in seats:
            s = subjects.get(seat.profile.person_id)
            if s is None:
                continue
            n += 1
            yield [
                n,
                *_person_cells(s),
                mask_id_number(s.person.id_number or ""),
                s.profile.phone if s.profile else "",
                None,
                seat.get_status_display(),
            ]


@register
class VisitListExporter(CareListExporter):
    """慰问名单: everybody entitled (节日慰问), or with ``birthdays`` the birthdays this month and next."""

    name = "care_visits"
    verbose_name = "慰问名单"

    class Parameters(CareParameters):
        birthdays = forms.BooleanField(label="只列本月和下月生日慰问", required=False)

    def heading(self) -> str:
        what = "生日慰问" if self.params.get("birthdays") else "走访慰问"
        return f"{self.org_prefix()}{self.year}年劳模{what}名单"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            *PERSON_COLUMNS,
            Column("联系电话", "identifier", width=14),
            Column("住址", wrap_long=True, width=24),
            Column("事由", width=14),
            Column("签收", width=12),
        ]

    def rows(self):
        due = self.due()
        if self.params.get("birthdays"):
            items = due.lists["birthday"]
        else:
            items = [DueItem(s) for s in due.subjects if s.entitled_on(self.as_of)]
        for n, item in enumerate(items, start=1):
            s = item.subject
            yield [
                n,
                *_person_cells(s),
                s.profile.phone if s.profile else "",
                s.profile.address if s.profile else "",
                item.detail or "节日慰问",
                "",
            ]
