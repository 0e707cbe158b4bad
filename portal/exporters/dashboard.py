"""统计看板: the numbers behind the dashboard's charts, one sheet per chart (or the one asked for).

The same panels the page draws (portal.selectors.dashboard), so the file holds what the tables beside
the charts show. From the web the organisation must be one the user may see; from the command line
the default is the top of the tree.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from awards.exporters.common import organization_field
from core.exports import Exporter, ExportParameters, register, year_field
from core.spreadsheets import Column, SheetSpec
from directory.models import Organization

from ..selectors.dashboard import PANEL_TITLES, Panel, dashboard, dashboard_organizations


class DashboardParameters(ExportParameters):
    organization = organization_field(label="组织（含下级单位）")
    year = year_field(help_text="默认最近有记录的年度")
    chart = forms.ChoiceField(
        label="图表", required=False, choices=[("", "全部图表"), *PANEL_TITLES.items()], help_text="默认全部图表"
    )
    aliases = {"org": "organization"}

    def scope(self, user) -> None:
        self.fields["organization"].limit_to(dashboard_organizations(user))


def _columns(panel: Panel) -> list[Column]:
    first = panel.rows[0] if panel.rows else []
    return [Column(c, "int" if i < len(first) and first[i].numeric else "text") for i, c in enumerate(panel.columns)]


@register
class DashboardExporter(Exporter):
    name = "dashboard"
    verbose_name = "统计看板数据"
    public = False

    Parameters = DashboardParameters

    def __init__(self, *, user=None, queryset: QuerySet | None = None, **params: Any):
        super().__init__(user=user, queryset=queryset, **params)
        org = self.params["organization"]
        if org is None:
            org = Organization.objects.order_by("depth", "path").first()
        self.organization = org
        self.board = dashboard(org, self.params["year"]) if org is not None else None
        self.chart = self.params["chart"] or ""

    def heading(self) -> str:
        if self.board is None:
            return "统计看板"
        return f"{self.board.year}年{self.organization.name}统计看板"

    def filename(self) -> str:
        return f"{self.heading()}.xlsx"

    def panels(self) -> list[Panel]:
        """The chart asked for, or every chart with numbers (the first one when none has any)."""
        if self.board is None:
            return []
        if self.chart:
            return [p for p in self.board.panels if p.key == self.chart]
        return [p for p in self.board.panels if not p.empty] or self.board.panels[:1]

    def sheets(self) -> list[SheetSpec]:
        heading = self.heading()
        return [
            SheetSpec(
                title=panel.title,
                columns=[
                    Column(c, "int" if panel.rows and panel.rows[0][i].numeric else "text")
                    for i, c in enumerate(panel.columns)
                ],
                rows=[[cell.value for cell in row] for row in panel.rows],
                heading=f"{heading}·{panel.title}",
                notes=[panel.note] if panel.note else (),
                landscape=len(panel.columns) > 5,
            )
            for panel in self.panels()
        ]
