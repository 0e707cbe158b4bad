"""The one way forms are drawn: django-crispy-forms with the Bootstrap 5 template pack.

Every form of the apps mixes in ``CrispyForm``; a template draws it with ``{% crispy form %}``
inside its own ``<form>`` tag (which holds ``{% csrf_token %}`` and the buttons). Widgets carry no
CSS classes: the template pack gives each input its Bootstrap class, puts a field's errors beside
it (``is-invalid`` + ``invalid-feedback``), and ``templates/bootstrap5/errors.html`` shows one
summary of all the form's errors at the top (``role="alert"``). A form that wants columns or
fieldsets says so in ``layout()``; a formset drawn as a table uses ``table_helper()``.
"""

from __future__ import annotations

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django_filters.widgets import BaseCSVWidget

# Widths of a field in a grid, by widget: long inputs take the whole row.
WIDE_WIDGETS = ("textarea", "selectmultiple", "checkboxselectmultiple", "clearablefileinput", "fileinput")


class CrispyForm:
    """Mixin for forms (and django-filter forms): a ``helper`` for ``{% crispy form %}``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength in the HTML: the browser would cut a long pasted name silently; the form
        # says instead "确保该值不超过 N 个字符" beside the field and in the summary at the top.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    #: Bootstrap class of the <form> tag's contents: "" (stacked) or "form-horizontal".
    form_class = ""
    #: For form-horizontal: label and field column classes.
    label_class = ""
    field_class = ""

    def layout(self):
        """The crispy Layout of the fields, or None for one field under the other."""
        return None

    @property
    def helper(self) -> FormHelper:
        helper = getattr(self, "_crispy_helper", None)
        if helper is None:
            helper = FormHelper(self)
            helper.form_tag = False
            helper.disable_csrf = True
            helper.form_class = self.form_class
            helper.label_class = self.label_class
            helper.field_class = self.field_class
            layout = self.layout()
            if layout is not None:
                helper.layout = layout
            self._crispy_helper = helper
        return helper


def grid(form, names=None, *, col: str = "col-md-4", wide: str = "col-12", widths: dict | None = None) -> Row:
    """A Bootstrap row with one column per field (``col`` wide; long widgets ``wide``)."""
    widths = widths or {}
    columns = []
    for name in names if names is not None else form.fields:
        if name not in form.fields:
            continue
        widget = type(form.fields[name].widget).__name__.lower()
        columns.append(Column(name, css_class=widths.get(name) or (wide if widget in WIDE_WIDGETS else col)))
    return Row(*columns, css_class="gx-3")


def grid_layout(form, **kwargs) -> Layout:
    return Layout(grid(form, **kwargs))


def table_helper(formset) -> FormHelper:
    """Helper for a formset drawn as a table, one form a row (``{% crispy formset formset.helper %}``)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "forms/table_formset.html"
    return helper


class CrispyFormSet:
    """Mixin for formsets: ``{% crispy formset %}`` draws a table with one summary of errors on top."""

    @property
    def helper(self) -> FormHelper:
        return table_helper(self)


class SharedChoicesFormSet:
    """Mixin for formsets whose forms all offer the same model choices (``shared_choice_fields``):
    the choices are read once for the formset, not once per form (a ModelChoiceField queries its
    queryset each time it is drawn: 40 quota rows, 80 queries)."""

    shared_choice_fields: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name in self.shared_choice_fields:
            if name not in shared:
                shared[name] = list(form.fields[name].choices)
            form.fields[name].choices = shared[name]  # a fixed list: the field no longer queries
        return form


class FilterForm(CrispyForm):
    """The form of a list's filters (django-filter): every field a small column in one row (the
    template ``forms/filter.html`` adds the buttons to the same row); multiple choices as inline
    checkboxes on a row of their own."""

    def layout(self):
        parts = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                parts.append(name)
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                parts.append(Column(InlineCheckboxes(name), css_class="col-12"))
            else:
                parts.append(Column(name, css_class="col-auto"))
        return Layout(*parts)

    def row_html(self) -> SafeString | None:
        """The fields as ``layout()`` and the template pack draw them, written in one pass; None when
        the form shows errors or holds a field this does not draw (``{% crispy %}`` draws it then).

        A list page draws its filter row on every request, and crispy's templates with Django's widget
        templates cost it 10-15 ms of CPU for seven fields (issue 13); this writes the same HTML (pinned
        by tests/core/test_filter_row.py against crispy, form by form) without either, and reads a model
        choice field's options once (the widget re-queries them)."""
        if self.is_bound and self.errors:
            return None
        parts = []
        for bound in self:
            html = _filter_field_html(bound)
            if html is None:
                return None
            parts.append(html)
        return mark_safe(" ".join(parts))


def _attrs(attrs: dict) -> str:
    """`` name="value"`` for each attribute as Django's widget templates write them (True: bare)."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {name}")
        elif value is not False and value is not None:
            out.append(f' {name}="{conditional_escape(value)}"')
    return "".join(out)


def _choices(widget) -> list | None:
    """(value, label) of the options a choice widget draws, the empty one first; None for grouped ones."""
    choices = widget.choices
    if isinstance(choices, ModelChoiceIterator):
        field = choices.field
        if getattr(field, "null_label", None) is not None:
            return None
        options = [("", field.empty_label)] if field.empty_label is not None else []
        # the queryset read once, in the iterator's order (the widget would read it again)
        return options + [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in field.queryset]
    options = list(choices)
    if any(isinstance(label, (list, tuple)) for _value, label in options):
        return None
    return options


def _filter_field_html(bound) -> str | None:
    """One field of ``FilterForm.layout()``: hidden, a column with a label and an input or a select,
    or a row of inline check boxes; None for anything else. Exact widget classes only: a subclass
    may draw itself differently, and crispy would show that."""
    field, widget = bound.field, bound.field.widget
    if field.help_text or field.required or field.disabled or widget.is_localized or not bound.label:
        return None
    if "class" in widget.attrs:  # crispy merges its classes with the widget's own: left to it
        return None
    attrs = dict(widget.attrs)
    css = widget.__class__.__name__.lower()
    name, auto_id, label = bound.html_name, bound.auto_id, conditional_escape(bound.label)
    if isinstance(widget, forms.HiddenInput):
        value = bound.value()
        if isinstance(widget, BaseCSVWidget):  # django-filter's ordering: one value is a plain hidden input
            if isinstance(value, (list, tuple)):
                if len(value) > 1:
                    return None
                value = value[0] if value else ""
        elif type(widget) is not forms.HiddenInput:
            return None
        head = {"type": "hidden", "name": name, "value": widget.format_value(value)}
        return f"<input{_attrs({**head, **attrs, 'id': auto_id})}>"
    if type(widget) is forms.CheckboxSelectMultiple:
        choices = _choices(widget)
        if choices is None:
            return None
        chosen = {str(v) for v in (bound.value() or [])}
        boxes = " ".join(
            '<div class="form-check form-check-inline"> <input type="checkbox" class="form-check-input"'
            f"{_attrs({'name': name, 'value': value, **attrs, 'id': f'{auto_id}_{i}', 'checked': value in chosen})}>"
            f' <label for="{auto_id}_{i}" class="form-check-label"> {conditional_escape(text)} </label> </div>'
            for i, (value, text) in enumerate((str(v), t) for v, t in choices)
        )
        return (
            f'<div class="col-12" > <div id="div_{auto_id}" class="mb-3"> <fieldset> <legend for="" class=" fs-6'
            f' form-label"> {label} </legend> <div > {boxes} </div> </fieldset> </div> </div>'
        )
    if type(widget) is forms.Select:
        choices = _choices(widget)
        if choices is None:
            return None
        current = widget.format_value(bound.value())
        options, selected_one = [], False
        for value, text in choices:
            value = "" if value is None else str(value)
            selected = not selected_one and value in current  # a single select marks its first match only
            selected_one = selected_one or selected
            mark = " selected" if selected else ""
            options.append(f'<option value="{conditional_escape(value)}"{mark}>{conditional_escape(text)}</option>')
        select_attrs = _attrs({"name": name, **attrs, "class": f"{css} form-select", "id": auto_id})
        control = f"<select{select_attrs}> {' '.join(options)} </select>"
    elif type(widget) in (forms.TextInput, forms.NumberInput):
        head = {"type": widget.input_type, "name": name, "value": widget.format_value(bound.value())}
        control = f"<input{_attrs({**head, **attrs, 'class': f'{css} form-control', 'id': auto_id})}>"
    else:
        return None
    return (
        f'<div class="col-auto" > <div id="div_{auto_id}" class="mb-3"> <label for="{auto_id}" class="form-label">'
        f" {label} </label> {control} </div> </div>"
    )


class CrispyFilterSet:
    """Mixin for django-filter FilterSets: their form is a ``FilterForm``."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (FilterForm, form_class), {})
