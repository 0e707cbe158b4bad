"""django-filter set of the people list (人员), directory fields only (portal adds the competition filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyFilterSet
from core.idcard import IdNumberError, parse_id_number
from core.text import clean_text

from ..models import PERSON_CATEGORY_FLAGS, Gender, Organization, OrgKind, Person, SkillLevel
from ..selectors.people import person_name_q


def id_or_text(term: str) -> tuple[str, str]:
    """(cleaned term, the term as an ID number: validated and upper-cased when it is one)."""
    term = clean_text(term)
    try:
        return term, parse_id_number(term).number
    except IdNumberError:
        return term, term.upper()


def looks_like_code(term: str) -> bool:
    """True for a term of Latin letters, digits and dashes (an ID number, a bib), never a name: such a
    term is looked up by equality on its own indexed column instead of an OR with the name search."""
    return bool(term) and term.isascii() and term.replace("-", "").isalnum()


class CategoryFilter(django_filters.MultipleChoiceFilter):
    """Person category flags (产业工人, 农民工 …): every ticked one must hold."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.flag_prefix = prefix
        kwargs.setdefault("choices", [(k, v) for k, v in PERSON_CATEGORY_FLAGS.items()])
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("label", _("人员类别"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for flag in value or ():
            if flag in PERSON_CATEGORY_FLAGS:
                qs = qs.filter(**{f"{self.flag_prefix}{flag}": True})
        return qs


class PersonFilter(CrispyFilterSet, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/身份证号"), method="search")
    employer = django_filters.ModelChoiceFilter(
        label=_("工作单位（含下级）"), queryset=Organization.objects.none(), method="in_subtree"
    )
    gender = django_filters.ChoiceFilter(label=_("性别"), choices=Gender.choices)
    skill_level = django_filters.ChoiceFilter(label=_("技能等级"), choices=SkillLevel.choices)
    categories = CategoryFilter()

    class Meta:
        model = Person
        fields = ["q", "employer", "gender", "skill_level", "categories"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # Any visible organisation is accepted (links may name an employer); the drop-down offers the
        # unions only, the branches of the tree: a province has thousands of employers (issue 13).
        self.filters["employer"].queryset = organizations
        self._organizations = organizations

    @property
    def form(self):
        form = super().form
        field = form.fields["employer"]
        if not getattr(field, "_branches_only", False):
            field._branches_only = True
            chosen = str(self.data.get("employer") or "") if self.data else ""
            shown = Q(kind=OrgKind.UNION) | Q(pk=int(chosen)) if chosen.isdigit() else Q(kind=OrgKind.UNION)
            branches = self._organizations.filter(shown)
            field.widget.choices = [("", field.empty_label), *((o.pk, str(o)) for o in branches)]
        return form

    def search(self, queryset, name, value):
        term, number = id_or_text(value)
        if not term:
            return queryset
        if looks_like_code(term):
            return queryset.filter(id_number=number)
        return queryset.filter(person_name_q(term))

    def in_subtree(self, queryset, name, value):
        return queryset.filter(employer__path__startswith=value.path) if value else queryset
