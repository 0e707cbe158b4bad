"""The 资格规则 editor: one formset row per rule (competitions.rules.eligibility.EligibilityRule).

Organisers never type a rule's key: the service makes it from the label. Conditions on the
competition's level and class (``levels``, ``classes``, used by the shared presets) are kept as
hidden fields: for one competition they are either always or never met, so the editor does not
offer them, but an edited rule keeps what it had.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyForm, CrispyFormSet
from core.text import clean_name
from directory.models import Gender

from ..models import CompetitionClass, Level, Prize
from ..rules.eligibility import EligibilityRule

RULES_MAX = 50
PRIZE_CHOICES = [(p.value, p.label) for p in Prize if p != Prize.NONE]


class CodeListField(forms.CharField):
    """Hidden: a comma-separated list of codes, each one of ``choices``."""

    widget = forms.HiddenInput

    def __init__(self, *, choices, **kwargs):
        self.valid = {str(value) for value, _label in choices}
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple, set, frozenset)):
            return ",".join(sorted(str(v) for v in value))
        return value

    def to_python(self, value):
        codes = [c.strip() for c in (super().to_python(value) or "").split(",") if c.strip()]
        bad = [c for c in codes if c not in self.valid]
        if bad:
            raise ValidationError(_("无法识别的条件：%(codes)s"), params={"codes": "、".join(bad)})
        return sorted(set(codes))


class EligibilityRuleForm(CrispyForm, forms.Form):
    label = forms.CharField(label=_("名称"), max_length=100, required=False)
    honor_name = forms.CharField(
        label=_("可申报荣誉"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"list": "honor-names"}),
    )
    max_rank = forms.IntegerField(label=_("名次不超过"), min_value=1, max_value=10000, required=False)
    prizes = forms.MultipleChoiceField(
        label=_("奖项"), choices=PRIZE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    genders = forms.MultipleChoiceField(
        label=_("性别"), choices=Gender.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    individual_only = forms.BooleanField(label=_("仅限个人赛项"), required=False, initial=True)
    source = forms.CharField(label=_("依据"), max_length=300, required=False)
    levels = CodeListField(choices=Level.choices)
    classes = CodeListField(choices=CompetitionClass.choices)

    # What makes a row more than a blank one (the hidden conditions and the ticked box do not).
    CONTENT = ("label", "honor_name", "max_rank", "prizes", "genders", "source")

    def is_blank(self) -> bool:
        return not any(name in self.changed_data for name in self.CONTENT)

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank() or data.get("DELETE"):
            return data
        data["label"] = clean_name(data.get("label"))
        if not data["label"]:
            self.add_error("label", _("请填写名称，如“可申报廊坊市五一劳动奖章”"))
            return data
        if data.get("max_rank") is None and not data.get("prizes"):
            self.add_error("max_rank", _("请填写名次，或勾选奖项"))
            return data
        try:
            EligibilityRule.from_dict({"key": "check", **rule_fields(data)})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("规则无效：%(error)s"), params={"error": exc}) from None
        return data


def rule_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The rule dict (without its key) of a form's cleaned data."""
    return {
        "label": clean_name(data.get("label")),
        "max_rank": data.get("max_rank"),
        "prizes": list(data.get("prizes") or ()),
        "levels": list(data.get("levels") or ()),
        "classes": list(data.get("classes") or ()),
        "genders": list(data.get("genders") or ()),
        "individual_only": bool(data.get("individual_only")),
        "honor_name": clean_name(data.get("honor_name")),
        "source": clean_name(data.get("source")),
    }


class BaseEligibilityRuleFormSet(CrispyFormSet, forms.BaseFormSet):
    def _kept(self):
        return [f for f in self.forms if f.cleaned_data and not f.is_blank() and not f.cleaned_data.get("DELETE")]

    def clean(self):
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self._kept():
            label = form.cleaned_data["label"]
            if label in seen:
                raise ValidationError(_("名称“%(label)s”重复：每条规则的名称须不同"), params={"label": label})
            seen.add(label)

    def rules(self) -> list[dict[str, Any]]:
        """The rows to save, in order, as rule dicts without keys (blank and deleted rows left out)."""
        return [rule_fields(f.cleaned_data) for f in self._kept()]


EligibilityRuleFormSet = forms.formset_factory(
    EligibilityRuleForm,
    formset=BaseEligibilityRuleFormSet,
    extra=2,
    can_delete=True,
    max_num=RULES_MAX,
    validate_max=True,
)


def rule_initial(rules: Iterable[EligibilityRule]) -> list[dict[str, Any]]:
    """Formset initial data for rules (stored or a preset)."""
    return [
        {
            "label": r.label,
            "honor_name": r.honor_name,
            "max_rank": r.max_rank,
            "prizes": sorted(str(p) for p in r.prizes),
            "genders": sorted(r.genders),
            "individual_only": r.individual_only,
            "source": r.source,
            "levels": sorted(r.levels),
            "classes": sorted(r.classes),
        }
        for r in rules
    ]
