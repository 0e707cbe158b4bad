"""Forms are drawn by crispy-forms (core/forms.py). ``style_form`` only serves the import upload form of
registration, whose page is still drawn by hand (the import pipeline is being rewritten)."""

from __future__ import annotations

from django import forms


def style_form(form: forms.BaseForm, *, small: bool = False) -> forms.BaseForm:
    """Give every widget Bootstrap 5's classes (form-control / form-select / form-check-input)."""
    size = " form-control-sm" if small else ""
    select_size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select" + select_size
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control" + size
        existing = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{existing} {css}".strip()
    return form
