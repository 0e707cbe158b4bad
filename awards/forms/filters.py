"""Filters of the honours lists (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competitions.models import Level
from core.forms import CrispyFilterSet
from directory.models import Organization, Person
from directory.selectors import person_name_q

from ..models import (
    Award,
    AwardStatus,
    Campaign,
    CampaignStatus,
    HonorType,
    Nomination,
    NominationStatus,
    RecipientKind,
)
from ..selectors.awards import award_recipient_in


class AwardFilter(CrispyFilterSet, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("获奖者/单位/文号"), method="search")
    year = django_filters.NumberFilter(label=_("年度"))
    honor_type = django_filters.ModelChoiceFilter(label=_("荣誉"), queryset=HonorType.objects.order_by("precedence"))
    level = django_filters.ChoiceFilter(label=_("级别"), field_name="honor_type__level", choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AwardStatus.choices)
    kind = django_filters.ChoiceFilter(
        label=_("授予对象"), field_name="honor_type__recipient_kind", choices=RecipientKind.choices
    )
    # The 统计看板's drill-down: recipients in one organisation's subtree (the list is already scoped
    # to what the user sees, so another organisation's number shows nothing more).
    org = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"),
        queryset=Organization.objects.all(),
        method="in_organization",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Award
        fields: list = []

    def search(self, queryset, name, value):
        value = (value or "").strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(recipient_name__icontains=value)
            | Q(unit_and_title__icontains=value)
            | Q(decision_number__icontains=value)
        )

    def in_organization(self, queryset, name, value):
        return queryset.filter(award_recipient_in(value)) if value is not None else queryset


class NominationFilter(CrispyFilterSet, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=NominationStatus.choices)
    honor_type = django_filters.ModelChoiceFilter(label=_("荣誉"), queryset=HonorType.objects.none())
    q = django_filters.CharFilter(label=_("姓名/单位"), method="search")

    class Meta:
        model = Nomination
        fields: list = []

    def __init__(self, *args, campaign=None, honours=None, **kwargs):
        """``honours``: the campaign's honours when already read: the choices come from them (a chosen
        one is still checked against the database)."""
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.filters["honor_type"].queryset = campaign.honor_types.all()
        if honours is not None:
            field = self.form.fields["honor_type"]
            field.widget.choices = [("", field.empty_label)] + [(h.pk, str(h)) for h in honours]

    def search(self, queryset, name, value):
        """The person's name (as every name search: directory.selectors.person_name_q, an index on
        both databases), the collective's or the nominating unit's name, or 单位及职务. The people and
        units named are looked up first, so the campaign's nominations are filtered on their own
        columns, not joined to every person and unit (PostgreSQL 10 000 nominations: 89 ms → see
        bench/README)."""
        value = (value or "").strip()[:100]
        if not value:
            return queryset
        people = Person.objects.filter(person_name_q(value)).values("pk")
        units = Organization.objects.filter(name__icontains=value).values("pk")
        return queryset.filter(
            Q(person__in=people)
            | Q(organization__in=units)
            | Q(unit_and_title__icontains=value)
            | Q(nominating_org__in=units)
        )


class CampaignFilter(CrispyFilterSet, django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CampaignStatus.choices)

    class Meta:
        model = Campaign
        fields: list = []
