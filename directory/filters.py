"""django-filter set of the people list (人员)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.idcard import IdNumberError, parse_id_number
from core.text import clean_text

from .forms import StyledFilterMixin
from .models import PERSON_CATEGORY_FLAGS, Gender, Organization, Person, SkillLevel


def id_or_text(term: str) -> tuple[str, str]:
    """(cleaned term, the term as an ID number: validated and upper-cased when it is one)."""
    term = clean_text(term)
    try:
        return term, parse_id_number(term).number
    except IdNumberError:
        return term, term.upper()


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


class PersonFilter(StyledFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/身份证号"), method="search")
    employer = django_filters.ModelChoiceFilter(
        label=_("工作单位（含下级）"), queryset=Organization.objects.none(), method="in_subtree"
    )
    competition = django_filters.ModelChoiceFilter(
        label=_("参赛竞赛"), queryset=Organization.objects.none(), method="entered_in"
    )
    gender = django_filters.ChoiceFilter(label=_("性别"), choices=Gender.choices)
    skill_level = django_filters.ChoiceFilter(label=_("技能等级"), choices=SkillLevel.choices)
    categories = CategoryFilter()

    class Meta:
        model = Person
        fields = ["q", "employer", "competition", "gender", "skill_level", "categories"]

    def __init__(self, *args, organizations, competitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["employer"].queryset = organizations
        self.filters["competition"].queryset = competitions

    def entered_in(self, queryset, name, value):
        """People with an entry (any status) in that competition."""
        return queryset.filter(pk__in=value.events.values("entries__person_id")) if value else queryset

    def search(self, queryset, name, value):
        term, number = id_or_text(value)
        if not term:
            return queryset
        return queryset.filter(Q(name__icontains=term) | Q(id_number=number))

    def in_subtree(self, queryset, name, value):
        return queryset.filter(employer__path__startswith=value.path) if value else queryset
