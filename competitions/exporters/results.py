"""Results book (成绩册) and the list of people a competition's results make eligible (可推荐人员).

    python manage.py export results COMPETITION [EVENT] -o 成绩册.xlsx
    python manage.py export eligible COMPETITION [--all] -o 可推荐人员.xlsx
    python manage.py export_results COMPETITION [EVENT] -o 成绩册.xlsx   (the same results book)

Internal documents for the organiser: they carry no ID numbers or phones all the same, because
they are printed and passed around.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Exporter, ExportError, ExportParameters, LookupField, register
from core.sources import source_label
from core.spreadsheets import Column, SectionRow, SheetSpec
from core.text import match_key

from ..models import Competition, Event
from ..selectors.eligibility import competition_eligibility_rules, eligible_results
from ..selectors.events import event_components
from ..selectors.results import events_result_rows, events_with_stale_results

__all__ = ["EligibleExporter", "ResultsBookExporter", "competition_field", "resolve_competition", "resolve_event"]


def resolve_competition(value: Any) -> Competition:
    if isinstance(value, Competition):
        return value
    text = str(value or "").strip()
    competition = Competition.objects.filter(slug=text).first()
    if competition is None and text.isdigit():
        competition = Competition.objects.filter(pk=int(text)).first()
    if competition is None:
        raise ExportError(f"找不到竞赛“{text}”（请用竞赛标识 slug，如 haihe-cup-2023）")
    return competition


def resolve_event(competition: Competition, value: Any) -> Event | None:
    if value in (None, ""):
        return None
    if isinstance(value, Event):
        if value.competition_id != competition.pk:
            raise ExportError("赛项不属于该竞赛")
        return value
    text = str(value).strip()
    events = list(competition.events.all())
    for event in events:
        if text.isdigit() and event.pk == int(text):
            return event
    matches = [e for e in events if e.name_key == match_key(text)]
    if len(matches) == 1:
        return matches[0]
    names = "、".join(f"{e.name}（{e.pk}）" for e in events) or "无"
    raise ExportError(f"竞赛“{competition.name}”中没有赛项“{text}”。可选：{names}")


def competition_field() -> LookupField:
    return LookupField(
        Competition.objects.order_by("-year", "name"),
        lookup=resolve_competition,
        label="竞赛",
        help_text="竞赛标识（slug）或编号",
        required=True,
        error_messages={"required": "请指定竞赛（竞赛标识 slug，如 haihe-cup-2023）"},
    )


def _status_line(event: Event) -> str:
    if event.results_published:
        return _("已公布 %(date)s") % {"date": timezone.localtime(event.results_published_at).strftime("%Y-%m-%d")}
    if event.scores_locked:
        return _("成绩已锁定，未公布")
    return _("成绩未锁定，仅供核对")


@register
class ResultsBookExporter(Exporter):
    """One sheet per event: 名次, 参赛号, 姓名, 性别, 代表队, one column per component, 用时 (events
    that record time), 总成绩, 奖项, 备注 — ranked entries by rank, then the unranked ones
    (未完成评分, 已退赛, 取消资格) marked in 备注."""

    name = "results"
    verbose_name = "成绩册"

    class Parameters(ExportParameters):
        positional = ("competition", "event")

        competition = competition_field()
        event = forms.Field(label="赛项", required=False, help_text="名称或编号（省略则导出全部赛项）")

        def clean(self):
            data = super().clean()
            if data.get("competition") is not None:
                try:
                    data["event"] = resolve_event(data["competition"], data.get("event"))
                except ExportError as exc:
                    self.add_error("event", exc.message)
            return data

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.competition = self.params["competition"]
        self.event = self.params["event"]

    def events(self) -> list[Event]:
        if self.event is not None:
            return [self.event]
        events = list(self.competition.events.order_by("pk").prefetch_related("components"))
        if not events:
            raise ExportError(f"竞赛“{self.competition.name}”没有赛项")
        return events

    def filename(self) -> str:
        what = f"{self.competition.name}-{self.event.name}" if self.event else self.competition.name
        return f"{what}-成绩册-{timezone.localdate():%Y%m%d}.xlsx"

    def sheets(self) -> list[SheetSpec]:
        events = self.events()
        rows = events_result_rows(events)  # one query for every sheet's rows
        stale = events_with_stale_results([e for e in events if not e.results_published])
        return [self._sheet(event, rows[event.pk], event.pk in stale) for event in events]

    def _sheet(self, event: Event, result_rows: list, stale: bool) -> SheetSpec:
        components = event_components(event)
        columns = [
            Column("名次", "int", width=6),
            Column("参赛号", "identifier"),
            Column("姓名"),
            Column("性别", width=6),
            Column("代表队", wrap=True),
        ]
        if event.kind == "team":
            columns.append(Column("参赛队", wrap=True))
        columns += [Column(f"{c.name}（{c.weight.normalize():f}%）", "decimal", width=12) for c in components]
        if event.uses_time:
            columns.append(Column("用时（分钟）", "decimal", width=12))
        columns += [Column("总成绩", "decimal", width=10), Column("奖项", width=10), Column("备注", wrap=True)]

        def rows():
            for row in result_rows:
                entry = row.entry
                line: list[Any] = [
                    row.rank,
                    entry.bib,
                    entry.person.name,
                    entry.person.get_gender_display(),
                    entry.delegation.name,
                ]
                if event.kind == "team":
                    line.append(entry.team.name if entry.team_id else "")
                line += row.scores
                if event.uses_time:
                    line.append(row.time)
                line += [row.total, row.prize, row.note]
                yield line

        status = _status_line(event)
        if stale:
            status += _("；评分在上次计算后有变动，请重新计算")
        heading = f"{self.competition.name} · {event.name} 成绩册（{status}）"
        return SheetSpec(title=event.name, columns=columns, rows=rows(), heading=heading, landscape=True)


@register
class EligibleExporter(Exporter):
    """People whose results make them eligible for an honour or promotion, grouped by rule."""

    name = "eligible"
    verbose_name = "可推荐人员名单"

    class Parameters(ExportParameters):
        positional = ("competition",)
        aliases = {"all": "include_unpublished"}  # --all, and ?all=1 on the page

        competition = competition_field()
        include_unpublished = forms.BooleanField(label="包括尚未公布成绩的赛项", required=False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.competition = self.params["competition"]
        self.include_unpublished = bool(self.params["include_unpublished"])

    def filename(self) -> str:
        return f"{self.competition.name}-可推荐人员-{timezone.localdate():%Y%m%d}.xlsx"

    def sheets(self) -> list[SheetSpec]:
        rules, _problems = competition_eligibility_rules(self.competition)
        pairs = eligible_results(self.competition, published_only=not self.include_unpublished)
        columns = [
            Column("序号", "int", width=6),
            Column("姓名"),
            Column("性别", width=6),
            Column("工作单位", wrap=True),
            Column("代表队", wrap=True),
            Column("赛项"),
            Column("名次", "int", width=6),
            Column("总成绩", "decimal", width=10),
            Column("奖项", width=10),
        ]

        def rows():
            for rule in rules:
                matched = [result for result, found in pairs if any(r.key == rule.key for r in found)]
                if not matched:
                    continue
                basis = f"（依据：{source_label(rule.source)}）" if rule.source else ""
                yield SectionRow(f"{rule.label}{basis}")
                for n, result in enumerate(matched, start=1):
                    entry = result.entry
                    person = entry.person
                    yield [
                        n,
                        person.name,
                        person.get_gender_display(),
                        person.employer.name if person.employer_id else "",
                        entry.delegation.name,
                        entry.event.name,
                        result.rank,
                        result.total,
                        result.get_prize_display() if result.prize != "none" else "",
                    ]

        scope = "含未公布赛项" if self.include_unpublished else "仅已公布赛项"
        heading = f"{self.competition.name} 可推荐人员名单（{scope}）"
        return [SheetSpec(title="可推荐人员", columns=columns, rows=rows(), heading=heading, landscape=True)]
