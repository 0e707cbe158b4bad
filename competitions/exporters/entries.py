"""Registration list (报名名单) exporter (the people list is ``directory.exporters.people``).

    python manage.py export entries COMPETITION [--event 焊工] [--status registered] -o 报名名单.xlsx

From the web, the list pages pass the queryset their filters selected, so the file holds exactly
the rows on screen (all pages). ID numbers and phones are masked (``core.idcard`` masks) unless the
user is an organiser (管理员/组织者) of the competition's organiser who also owns the person's record
(README “谁的数据”); for a person of another organisation such an organiser sees the phone their own
registration entered. The command line runs with full access.
"""

from __future__ import annotations

from typing import Any

from django import forms

from core.exports import ExportError, ExportParameters, ListExporter, register
from core.spreadsheets import Column
from directory.selectors import person_owner_checker

from ..models import EntryStatus
from ..rules.registration import shown_identity
from ..selectors.competitions import competition_user_can_manage
from ..selectors.entries import entry_list_for_competition
from .results import competition_field, resolve_event

__all__ = ["EntryListExporter"]


class EntryListParameters(ExportParameters):
    positional = ("competition",)

    competition = competition_field()
    event = forms.CharField(label="只导出该赛项", required=False, help_text="名称或编号")
    status = forms.ChoiceField(
        label="只导出该状态的报名",
        choices=[("", "（全部）"), *EntryStatus.choices],
        required=False,
        error_messages={"invalid_choice": "未知的报名状态：%(value)s"},
    )

    def clean(self):
        data = super().clean()
        competition = data.get("competition")
        if competition is not None and data.get("event"):
            try:
                data["event"] = resolve_event(competition, data["event"])
            except ExportError as exc:
                self.add_error("event", exc.message)
        else:
            data["event"] = None
        return data


@register
class EntryListExporter(ListExporter):
    name = "entries"
    verbose_name = "报名名单"
    Parameters = EntryListParameters

    def __init__(self, *, user=None, queryset=None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        self.competition = self.params["competition"]
        if queryset is None:
            queryset = entry_list_for_competition(self.competition)
            if self.params["event"] is not None:
                queryset = queryset.filter(event=self.params["event"])
            if self.params["status"]:
                queryset = queryset.filter(status=self.params["status"])
        self.queryset = queryset
        # Command line (no user): full access. Web: the organiser's organisers see the ID numbers and
        # phones of the people whose records they own, and the phones they entered for the others.
        self.full = user is None or competition_user_can_manage(user, self.competition)
        self.owns = person_owner_checker(user)

    def filename(self) -> str:
        return f"{self.competition.name}-报名名单.xlsx"

    def heading(self) -> str:
        return f"{self.competition.name}报名名单"

    def columns(self):
        return [
            Column("序号", "int", width=6),
            Column("参赛号", "identifier"),
            Column("姓名"),
            Column("性别", width=6),
            Column("民族", width=8),
            Column("身份证号", "identifier", width=22),
            Column("手机号", "identifier", width=14),
            Column("工作单位", wrap=True),
            Column("职务"),
            Column("赛项"),
            Column("代表队", wrap=True),
            Column("参赛队"),
            Column("技能等级"),
            Column("状态", width=10),
            Column("原因", wrap=True),
        ]

    def rows(self):
        full, owns = self.full, self.owns
        qs = self.queryset.select_related("event", "person", "person__employer", "delegation", "team").order_by(
            "event_id", "bib", "id"
        )
        for n, e in enumerate(qs.iterator(chunk_size=2000), start=1):
            p = e.person
            id_number, phone = shown_identity(id_number=p.id_number, phone=p.phone, entered=e.entered_details,
                                              manager=full, owner=full and owns(p))
            yield [
                n,
                e.bib,
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                id_number,
                phone,
                p.employer.name if p.employer_id else "",
                p.job_title,
                e.event.name,
                e.delegation.name,
                e.team.name if e.team_id else "",
                p.get_skill_level_display(),
                e.get_status_display(),
                e.status_reason,
            ]
