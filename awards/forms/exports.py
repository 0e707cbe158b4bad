"""The 统计表 page's conditions (the statistics export's parameters)."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from directory.models import OrgKind
from directory.selectors import organization_list_visible


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=1949, max_value=2100)
    organization = forms.ModelChoiceField(
        label="单位（含下级）", required=False, queryset=None, empty_label="全部可见单位"
    )
    depth = forms.IntegerField(label="按下第几级单位分组", required=False, min_value=0, max_value=10, initial=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Unions (and the top of the tree): the levels statistics are reported by.
        self.fields["organization"].queryset = (
            organization_list_visible(user).filter(Q(kind=OrgKind.UNION) | Q(depth__lte=1)).order_by("path")
        )
