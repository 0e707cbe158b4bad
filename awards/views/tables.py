"""Tables of the honours lists (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.links import RowUrl
from core.sources import source_label
from core.tables import choice_label

from ..models import Award, AwardStatus, Nomination, NominationStatus
from ..selectors.nominations import open_objection_counts
from ..templatetags.awards_tags import status_badge

HONOURS_PERSON_URL = RowUrl("awards:honours_person")
HONOURS_ORGANIZATION_URL = RowUrl("awards:honours_organization")
AWARD_URL = RowUrl("awards:award_detail")
NOMINATION_URL = RowUrl("awards:nomination_detail")


class AwardTable(tables.Table):
    year = tables.Column(verbose_name=_("年度"))
    honor_type = tables.Column(verbose_name=_("荣誉"), order_by=("honor_precedence", "honor_type__name"))
    recipient_name = tables.Column(verbose_name=_("获奖者"), order_by=("stroke_key",))
    unit_and_title = tables.Column(verbose_name=_("单位及职务"))
    conferring_org = tables.Column(verbose_name=_("授予单位"), empty_values=())
    decision_number = tables.Column(verbose_name=_("文号"), empty_values=())
    status = tables.Column(verbose_name=_("状态"))
    source = tables.Column(verbose_name=_("来源"), attrs={"td": {"class": "small text-muted cell-text"}})

    class Meta:
        model = Award
        fields = [
            "year",
            "honor_type",
            "recipient_name",
            "unit_and_title",
            "conferring_org",
            "decision_number",
            "status",
            "source",
        ]
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("暂无表彰记录")
        per_page = 50

    def render_recipient_name(self, record):
        if record.person_id:
            url = HONOURS_PERSON_URL(record.person_id)
            return format_html('<a href="{}">{}</a>', url, record.display_name)
        url = HONOURS_ORGANIZATION_URL(record.organization_id)
        return format_html('<a href="{}">{}</a>', url, record.recipient_name)

    def render_conferring_org(self, record):
        return record.conferring_org.name if record.conferring_org_id else record.honor_type.conferring_body_name

    def render_status(self, record):
        if record.status == AwardStatus.REVOKED:
            return format_html('<span class="badge text-bg-secondary">{}</span>', choice_label(record))
        return choice_label(record)

    def render_decision_number(self, record):
        url = AWARD_URL(record.pk)
        return format_html('<a href="{}">{}</a>', url, record.decision_number or "详情")

    def render_source(self, value):
        return source_label(value)


class SubmittedCheckBoxColumn(tables.CheckBoxColumn):
    """Bulk review takes submitted (已推荐) nominations: only their rows get a box."""

    def render(self, value, bound_column, record):
        if record.status != NominationStatus.SUBMITTED:
            return ""
        return format_html(
            '<input type="checkbox" name="ids" value="{}" class="form-check-input" form="bulk-form" aria-label="{}">',
            value,
            record.recipient_name,
        )


class NominationTable(tables.Table):
    """The nominations of one campaign (the campaign page), a page at a time."""

    ids = SubmittedCheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"data-bulk-all": "", "aria-label": _("全选本页"), "class": "form-check-input"},
        },
    )
    recipient = tables.Column(verbose_name=_("推荐对象"), accessor="pk", orderable=False)
    unit_and_title = tables.Column(verbose_name=_("单位及职务"), orderable=False, attrs={"td": {"class": "small"}})
    honor_type = tables.Column(verbose_name=_("荣誉"), accessor="honor_type__name", orderable=False)
    nominating_org = tables.Column(
        verbose_name=_("推荐单位"),
        accessor="nominating_org__name",
        order_by=("nominating_org__path", "id"),
        attrs={"td": {"class": "small"}},
    )
    status = tables.Column(verbose_name=_("状态"), order_by=("status", "id"))
    objections = tables.Column(verbose_name=_("异议"), accessor="pk", orderable=False)

    class Meta:
        model = Nomination
        fields: list = []
        sequence = ("ids", "recipient", "unit_and_title", "honor_type", "nominating_org", "status", "objections")
        attrs = {"class": "table table-sm table-hover", "id": "nominations"}
        empty_text = _("暂无推荐")

    def __init__(self, *args, bulk: bool = False, open_objections: dict[int, int] | None = None, **kwargs):
        """``bulk``: a box on each submitted row for 批量审核; ``open_objections``: open objections per
        nomination when the page has read them all (else the page's rows are asked for)."""
        if not bulk:
            kwargs.setdefault("exclude", ("ids",))
        super().__init__(*args, **kwargs)
        self._open_objections = open_objections

    def render_recipient(self, record):
        url = NOMINATION_URL(record.pk)
        return format_html('<a href="{}">{}</a>', url, record.display_name)

    def render_status(self, record):
        return status_badge(record)

    def render_objections(self, record):
        if self._open_objections is None:
            # the page's rows only, in one query (the page's queryset is already read)
            self._open_objections = open_objection_counts([row.record.pk for row in self.page.object_list])
        count = self._open_objections.get(record.pk)
        if not count:
            return ""
        return format_html('<span class="badge text-bg-warning">{}条待答复</span>', count)
