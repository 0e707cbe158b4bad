"""The export bars of the honours pages, with the options the exporters declare (排序, 标注少数民族)."""

from django import template

from ..exporters import RosterExporter
from ..views.exports import EXPORT_OPTIONS

register = template.Library()


@register.inclusion_tag("exports/_export_options.html", takes_context=True)
def export_options(context, form_id: str):
    """排序 and 标注少数民族 from the roster exporter's parameter fields, for ``form_id``'s buttons.
    Both fields are the same for every user: read from the form class, no form built per page."""
    request = context.get("request")
    rule, ethnicity = (RosterExporter.Parameters.base_fields[name] for name in EXPORT_OPTIONS)
    chosen = request.GET.get("rule", rule.initial) if request else rule.initial
    return {
        "form_id": form_id,
        "rule": _shown(EXPORT_OPTIONS[0], rule),
        "rule_choices": [(value, label, value == chosen) for value, label in rule.choices],
        "ethnicity": _shown(EXPORT_OPTIONS[1], ethnicity),
        "ethnicity_checked": bool(request and request.GET.get("ethnicity") not in (None, "", "0", "false")),
    }


def _shown(name: str, field) -> dict:
    """What the template writes of a field: its name (the form has no prefix), label and help."""
    return {"html_name": name, "label": field.label, "help_text": field.help_text}
