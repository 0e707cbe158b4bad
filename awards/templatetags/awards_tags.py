"""Small display helpers for the honours pages."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from awards.rules.composition import format_share
from core.tables import choice_label

register = template.Library()

_BADGES = {
    "draft": "secondary",
    "submitted": "primary",
    "returned": "warning",
    "approved": "success",
    "rejected": "dark",
    "in_notice": "info",
    "conferred": "danger",
    "withdrawn": "light",
    "revoked": "dark",
    # campaign statuses
    "preparing": "secondary",
    "nominating": "primary",
    "reviewing": "warning",
    "notice": "info",
    # awards / objections
    "active": "success",
    "open": "warning",
    "answered": "success",
}


@register.simple_tag
def status_badge(obj):
    """<span class="badge …">已推荐</span> for anything with ``status`` and ``get_status_display``."""
    colour = _BADGES.get(obj.status, "secondary")
    text_class = " text-dark border" if colour in ("light", "warning", "info") else ""
    label = choice_label(obj) if hasattr(type(obj), "_meta") else obj.get_status_display()
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text_class, label)


@register.simple_tag
def quota_rows(quotas):
    """The rows of the check's 名额使用 table (``awards/_check.html``), written in one pass: a
    province's campaign has a row per unit and honour, each of six values (~900 on the page), which
    the template language resolved one lookup at a time. Counts are whole numbers, written as they are."""
    rows = []
    for q in quotas:
        over = ""
        if not q.ok:
            # the template's {% blocktranslate with n=q.over %}超出{{ n }}名{% endblocktranslate %}
            over = f'<span class="text-danger">{escape(gettext("超出%(n)s名") % {"n": q.over})}</span>'
        danger = "" if q.ok else ' class="table-danger"'
        rows.append(
            f"<tr{danger}><td>{escape(q.org.name)}</td><td>{escape(q.honor.name)}</td>"
            f"<td>{q.places}</td><td>{q.used}</td><td>{q.remaining}</td><td>{q.pending}</td>\n"
            f"    <td>{over}</td></tr>\n"
        )
    return mark_safe("".join(rows))


@register.filter
def percent(value):
    """0.35 → "35%"."""
    if value is None or value == "":
        return ""
    return format_share(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


# The campaign's flow as a step indicator: 筹备 → 推荐 → 审核 → 公示 → 表彰.
CAMPAIGN_STEPS = ("筹备", "推荐", "审核", "公示", "表彰")
_CAMPAIGN_STEP = {"preparing": 1, "nominating": 2, "reviewing": 3, "notice": 4, "conferred": 6}


@register.inclusion_tag("core/_steps.html")
def campaign_steps(campaign):
    """{% campaign_steps campaign %}: the stages done, the current one, those to come (已表彰: all done)."""
    from core.templatetags.steps import steps

    return steps(",".join(CAMPAIGN_STEPS), _CAMPAIGN_STEP.get(campaign.status, 0), "评选流程")
