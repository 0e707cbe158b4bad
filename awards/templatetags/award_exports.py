"""The export bars of the honours pages, with the options the exporters declare (排序, 标注少数民族)."""

from django import template

from ..exporters import RosterExporter
from ..views.exports import EXPORT_OPTIONS

register = template.Library()


def export_options_form(user, data=None):
    """The roster exporter's own parameters form, only the fields a page's export bar offers."""
    form = RosterExporter.Parameters(data, user=user)
    for name in list(form.fields):
        if name not in EXPORT_OPTIONS:
            del form.fields[name]
    return form


@register.inclusion_tag("exports/_export_options.html", takes_context=True)
def export_options(context, form_id: str):
    """排序 and 标注少数民族 from the roster exporter's parameters form, for ``form_id``'s buttons."""
    request = context.get("request")
    form = export_options_form(request.user if request else None, request.GET if request else None)
    rule = form.fields["rule"]
    chosen = request.GET.get("rule", rule.initial) if request else rule.initial
    return {
        "form_id": form_id,
        "rule": form["rule"],
        "rule_choices": [(value, label, value == chosen) for value, label in rule.choices],
        "ethnicity": form["ethnicity"],
        "ethnicity_checked": bool(request and request.GET.get("ethnicity") not in (None, "", "0", "false")),
    }
