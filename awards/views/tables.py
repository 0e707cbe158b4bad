"""Tables of the honours lists (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.sources import source_label

from ..models import Award, AwardStatus


class AwardTable(tables.Table):
    year = tables.Column(verbose_name=_("年度"))
    honor_type = tables.Column(verbose_name=_("荣誉"), order_by=("honor_type__precedence", "honor_type__name"))
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
            url = reverse("awards:honours_person", args=[record.person_id])
            return format_html('<a href="{}">{}</a>', url, record.display_name)
        url = reverse("awards:honours_organization", args=[record.organization_id])
        return format_html('<a href="{}">{}</a>', url, record.recipient_name)

    def render_conferring_org(self, record):
        return record.conferring_org.name if record.conferring_org_id else record.honor_type.conferring_body_name

    def render_status(self, record):
        if record.status == AwardStatus.REVOKED:
            return format_html('<span class="badge text-bg-secondary">{}</span>', record.get_status_display())
        return record.get_status_display()

    def render_decision_number(self, record):
        url = reverse("awards:award_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.decision_number or "详情")

    def render_source(self, value):
        return source_label(value)
