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


class CrispyFilterSet:
    """Mixin for django-filter FilterSets: their form is a ``FilterForm``."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (FilterForm, form_class), {})
