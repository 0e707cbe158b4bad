"""django-filter sets of the registration lists (competitions, entries)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyFilterSet
from core.text import clean_text
from directory.forms.filters import CategoryFilter, id_or_text, looks_like_code
from directory.models import Gender, Organization, Person, SkillLevel
from directory.selectors import person_name_q

from ..models import Competition, CompetitionKind, CompetitionStatus, EntryStatus, Event, Level, Prize
from ..selectors.entries import competition_delegations


class CompetitionFilter(CrispyFilterSet, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), method="search")
    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=CompetitionKind.choices)
    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CompetitionStatus.choices)

    class Meta:
        model = Competition
        fields = ["q", "year", "kind", "level", "status"]

    def search(self, queryset, name, value):
        value = clean_text(value)
        return queryset.filter(name__icontains=value) if value else queryset


class EntryFilter(CrispyFilterSet, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/身份证号/参赛号"), method="search")
    event = django_filters.ModelChoiceFilter(label=_("赛项"), queryset=Event.objects.none())
    delegation = django_filters.ModelChoiceFilter(label=_("代表队"), queryset=Organization.objects.none())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=EntryStatus.choices)
    prize = django_filters.ChoiceFilter(label=_("奖项"), field_name="result__prize", choices=Prize.choices)
    gender = django_filters.ChoiceFilter(label=_("性别"), field_name="person__gender", choices=Gender.choices)
    skill_level = django_filters.ChoiceFilter(
        label=_("技能等级"), field_name="person__skill_level", choices=SkillLevel.choices
    )
    categories = CategoryFilter(prefix="person__")
    ordering = django_filters.OrderingFilter(
        fields=(("bib", "bib"), ("person__stroke_key", "name"), ("delegation__name", "delegation")),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["event"].queryset = competition.events.all()
        self.filters["delegation"].queryset = competition_delegations(competition)

    def search(self, queryset, name, value):
        term, number = id_or_text(value)
        if not term:
            return queryset
        if not looks_like_code(term):
            return queryset.filter(person__in=Person.objects.filter(person_name_q(term)).values("pk"))
        if len(number) == 18:
            return queryset.filter(person__id_number=number)
        return queryset.filter(bib=term)
