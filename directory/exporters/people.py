"""People list (人员名单) exporter.

    python manage.py export people [--organization ID] -o 人员名单.xlsx

From the web, the people page passes the queryset its filters selected, so the file holds exactly
the rows on screen (all pages). ID numbers and phones are masked (``core.idcard`` masks) unless the
user is an organiser (管理员/组织者) of the person's employer. The command line runs with full access.
"""

from __future__ import annotations

from typing import Any

from core.exports import ExportError, ExportParameters, ListExporter, LookupField, register
from core.idcard import mask_id_number, mask_phone
from core.spreadsheets import Column

from ..models import Organization, Person
from ..selectors import organization_list_visible, organizer_checker

__all__ = ["PeopleExporter"]


def _organization_by_number(text: str) -> Organization:
    org = Organization.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if org is None:
        raise ExportError(f"找不到编号为 {text} 的组织")
    return org


@register
class PeopleExporter(ListExporter):
    name = "people"
    verbose_name = "人员名单"

    class Parameters(ExportParameters):
        organization = LookupField(
            Organization.objects.order_by("path"),
            lookup=_organization_by_number,
            label="只导出该组织及其下级单位的人员",
            help_text="组织编号",
        )

        def scope(self, user) -> None:
            self.fields["organization"].limit_to(organization_list_visible(user).order_by("path"))

    def __init__(self, *, user=None, queryset=None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        if queryset is None:
            queryset = Person.objects.all()
            org = self.params["organization"]
            if org is not None:
                queryset = queryset.filter(employer__path__startswith=org.path)
        self.queryset = queryset
        self.may_see = (lambda org: True) if user is None else organizer_checker(user)

    def heading(self) -> str:
        return "人员名单"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            Column("姓名"),
            Column("性别", width=6),
            Column("民族", width=8),
            Column("身份证号", "identifier", width=22),
            Column("手机号", "identifier", width=14),
            Column("工作单位", wrap=True),
            Column("职务"),
            Column("工种"),
            Column("技能等级"),
            Column("人员类别", wrap=True),
        ]

    def rows(self):
        may_see = self.may_see
        qs = self.queryset.select_related("employer")
        for n, p in enumerate(qs.iterator(chunk_size=2000), start=1):
            full = may_see(p.employer) if p.employer_id else self.user is None
            yield [
                n,
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                (p.id_number or "") if full else mask_id_number(p.id_number),
                p.phone if full else mask_phone(p.phone),
                p.employer.name if p.employer_id else "",
                p.job_title,
                p.trade,
                p.get_skill_level_display(),
                "、".join(p.category_labels()),
            ]
