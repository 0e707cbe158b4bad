"""The people list's filters: the directory's, plus "entered in this competition"."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from directory.forms.filters import PersonFilter as DirectoryPersonFilter


class PersonFilter(DirectoryPersonFilter):
    competition = django_filters.ModelChoiceFilter(
        label=_("参赛竞赛"), queryset=Competition.objects.none(), method="entered_in"
    )

    class Meta(DirectoryPersonFilter.Meta):
        fields = ["q", "employer", "competition", "gender", "skill_level", "categories"]

    def __init__(self, *args, competitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["competition"].queryset = competitions

    def entered_in(self, queryset, name, value):
        """People with an entry (any status) in that competition."""
        return queryset.filter(pk__in=value.events.values("entries__person_id")) if value else queryset
