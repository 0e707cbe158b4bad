"""The 变更记录 page's filters: which record (kind + number) and who made the change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from ..selectors import AUDITED


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full}（{obj.username}）" if full else obj.username


class ChangeFilterForm(FilterForm, forms.Form):
    type = forms.ChoiceField(label=_("对象类型"), required=False)
    id = forms.IntegerField(label=_("对象编号"), required=False, min_value=1, max_value=2**31 - 1)
    user = UserChoice(label=_("操作人"), required=False, queryset=None, empty_label=_("全部"))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("全部")), *((a.key, a.label) for a in AUDITED)]
        self.fields["user"].queryset = users

    def clean(self):
        data = super().clean()
        if data.get("id") and not data.get("type"):
            self.add_error("type", _("按编号查看时请选择对象类型"))
        return data
