"""获奖成果名单: the prize-winning projects of an innovation contest and their team members, one
row per member (the lead first), by rank.

    python manage.py export innovation xingshan-five-types -o 获奖成果名单.xlsx

No ID numbers or phones: names, units and the project only.
"""

from __future__ import annotations

from typing import Any

from core.exports import ExportParameters, ListExporter, register
from core.spreadsheets import Column

from ..models import Prize, ProjectMember, ProjectStatus
from .results import competition_field

__all__ = ["InnovationRosterExporter"]


class InnovationRosterParameters(ExportParameters):
    positional = ("competition",)

    competition = competition_field()


@register
class InnovationRosterExporter(ListExporter):
    name = "innovation"
    verbose_name = "获奖成果名单"
    Parameters = InnovationRosterParameters

    def __init__(self, *, user=None, queryset=None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        self.competition = self.params["competition"]

    def filename(self) -> str:
        return f"{self.competition.name}-获奖成果名单.xlsx"

    def heading(self) -> str:
        return f"{self.competition.name}获奖成果及团队成员名单"

    def columns(self):
        return [
            Column("名次", "int", width=6),
            Column("奖项", width=10),
            Column("成果名称", wrap=True),
            Column("类别"),
            Column("申报单位", wrap=True),
            Column("综合成绩", width=10),
            Column("姓名"),
            Column("团队角色", width=10),
        ]

    def rows(self):
        members = (
            ProjectMember.objects.filter(
                project__competition=self.competition, project__status=ProjectStatus.PASSED, project__rank__isnull=False
            )
            .exclude(project__prize=Prize.NONE)
            .select_related("person", "project__category", "project__unit")
            .order_by("project__rank", "project_id", "-is_lead", "order", "pk")
        )
        for m in members.iterator(chunk_size=2000):
            p = m.project
            yield [
                p.rank,
                p.get_prize_display(),
                p.title,
                p.category.name,
                p.unit.name,
                str(p.combined_score),
                m.person.name,
                "负责人" if m.is_lead else "成员",
            ]
