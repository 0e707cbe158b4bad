"""django-tables2 tables of the registration lists. Personal data is masked unless ``full``."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.links import RowUrl
from core.tables import choice_label

from ..models import Competition, Entry, EntryStatus
from ..rules.registration import shown_identity

PERSON_URL = RowUrl("portal:person_detail")
ENTRY_STATUS_URL = RowUrl("competitions:entry_status")


class CompetitionTable(tables.Table):
    name = tables.Column(verbose_name=_("名称"), linkify=lambda record: reverse(
        "competitions:competition_detail", args=[record.slug]))
    kind = tables.Column(verbose_name=_("类型"))
    level = tables.Column(verbose_name=_("级别"), order_by=("level", "competition_class"))
    year = tables.Column(verbose_name=_("年度"))
    organizer = tables.Column(
        verbose_name=_("主办单位"), accessor="organizer__name", order_by=("organizer__stroke_key",)
    )
    status = tables.Column(verbose_name=_("状态"))
    entry_count = tables.Column(verbose_name=_("报名人数"), orderable=True)

    class Meta:
        model = Competition
        fields = ["name", "kind", "level", "year", "organizer", "status", "entry_count"]
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("暂无可见的竞赛")

    def render_level(self, record):
        cls = record.get_competition_class_display() if record.competition_class else ""
        return f"{record.get_level_display()}{cls}"


class EntryTable(tables.Table):
    ids = tables.CheckBoxColumn(accessor="pk", attrs={
        "th__input": {"data-bulk-all": "", "aria-label": _("全选"), "class": "form-check-input"},
        "td__input": {"class": "form-check-input", "form": "bulk-form"},
    })
    bib = tables.Column(verbose_name=_("参赛号"))
    name = tables.Column(verbose_name=_("姓名"), accessor="person__name", order_by=("person__stroke_key",),
                         linkify=lambda record: PERSON_URL(record.person_id))
    gender = tables.Column(verbose_name=_("性别"), accessor="person__gender")
    id_number = tables.Column(verbose_name=_("身份证号"), accessor="person__id_number", orderable=False)
    phone = tables.Column(verbose_name=_("手机号"), accessor="person__phone", orderable=False, empty_values=())
    employer = tables.Column(verbose_name=_("工作单位"), accessor="person__employer__name",
                             order_by=("person__employer__stroke_key",))
    event = tables.Column(verbose_name=_("赛项"), accessor="event__name", order_by=("event_id",))
    delegation = tables.Column(verbose_name=_("代表队"), accessor="delegation__name",
                               order_by=("delegation__stroke_key",))
    team = tables.Column(verbose_name=_("参赛队"), accessor="team__name", default="")
    status = tables.Column(verbose_name=_("状态"))
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = Entry
        fields = ["bib", "name", "gender", "id_number", "phone", "employer", "event", "delegation", "team", "status"]
        sequence = ("ids", "...")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("暂无报名")

    def __init__(self, *args, full: bool = False, can_manage: bool = False, competition=None, owns=None, **kwargs):
        """``full``: the user manages the competition; ``owns``: person → whether the user owns that
        person's record (``directory.selectors.person_owner_checker``). Both are needed to see an ID
        number or phone in full (``rules.registration.shown_identity``)."""
        self.full = full
        self.owns = owns or (lambda person: False)
        self.can_manage = can_manage
        self.competition = competition
        if not can_manage:
            kwargs.setdefault("exclude", ("actions", "ids"))
        super().__init__(*args, **kwargs)

    def _shown(self, record) -> tuple[str, str]:
        person = record.person
        return shown_identity(id_number=person.id_number, phone=person.phone, entered=record.entered_details,
                              manager=self.full, owner=self.full and self.owns(person))

    def render_id_number(self, record):
        return self._shown(record)[0] or "—"

    def render_phone(self, record):
        return self._shown(record)[1] or "—"

    def render_status(self, record):
        label = choice_label(record)
        if record.status == EntryStatus.REGISTERED:
            return label
        css = "text-bg-secondary" if record.status == EntryStatus.WITHDRAWN else "text-bg-danger"
        return format_html('<span class="badge {}" title="{}">{}</span> <small class="text-muted">{}</small>',
                           css, record.status_reason, label, record.status_reason)

    def render_actions(self, record):
        url = ENTRY_STATUS_URL(self.competition.slug, record.pk)
        text = _("退赛/取消资格") if record.status == EntryStatus.REGISTERED else _("恢复报名")
        return format_html('<a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>', url, text)
