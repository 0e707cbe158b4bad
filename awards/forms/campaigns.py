"""Forms of campaigns: settings, places and rules (formsets), the 公示 and 表彰 steps, drafts from results."""

from __future__ import annotations

from crispy_forms.layout import Column, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import LEVEL_RANK, Competition, Level
from competitions.selectors import competition_list_visible
from core.forms import CrispyForm, CrispyFormSet, SharedChoicesFormSet, grid, grid_layout
from directory.models import Organization
from directory.selectors import membership_roots

from ..models import CAMPAIGN_EDITABLE, Campaign, CompositionFlag, HonorType, RecipientKind
from ..selectors.campaigns import ancestor_ids, nominating_orgs_for
from ..selectors.roles import conferring_orgs_for
from ..services.common import REASON_MAX_CHARS
from ..services.quotas import QuotaSpec, RuleSpec
from .common import DATE_INPUT, OrgChoiceField, PercentField, percent_to_share, share_to_percent


class CampaignForm(CrispyForm, forms.ModelForm):
    conferring_org = OrgChoiceField(label=_("授予单位"), queryset=Organization.objects.none())
    honor_types = forms.ModelMultipleChoiceField(
        label=_("荣誉称号"), queryset=HonorType.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "conferring_org",
            "year",
            "honor_types",
            "nomination_deadline",
            "citation_max_chars",
            "notice_working_days",
            "decision_number",
            "decision_date",
        ]
        widgets = {"nomination_deadline": DATE_INPUT, "decision_date": DATE_INPUT}
        help_texts = {
            "citation_max_chars": _("常见为500字或2000字"),
            "notice_working_days": _("不少于5个工作日，按法定节假日和调休计算"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conferring_org"].queryset = conferring_orgs_for(user).filter(
            kind__in=["union", "government", "institution", "employer"]
        )
        honours = HonorType.objects.order_by("category", "precedence", "-level", "name")
        self.fields["honor_types"].queryset = honours
        self.fields["honor_types"].choices = honour_groups(honours)
        self.fields["citation_max_chars"].min_value = 100
        self.fields["notice_working_days"].validators.append(_at_least_five)
        if self.instance.pk:
            # The conferring body of a running campaign does not change.
            self.fields["conferring_org"].disabled = True
        if self.instance.pk and self.instance.status not in CAMPAIGN_EDITABLE:
            for name, f in self.fields.items():
                if name not in ("decision_number", "decision_date"):
                    f.disabled = True

    def layout(self):
        row = grid(self, [n for n in self.fields if n != "honor_types"])
        row.fields.append(Column(Field("honor_types", css_class=""), css_class="col-12 checks-columns"))
        return Layout(row)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1950 <= year <= timezone.localdate().year + 2:
            raise ValidationError(_("年度不正确"))
        return year


def honour_groups(honours) -> list[tuple[str, list[tuple[int, str]]]]:
    """The catalogue grouped by level and kind (全国 · 个人, 全国 · 集体, 省级 · 个人 …), senior first."""
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for h in honours:
        groups.setdefault((h.level, h.recipient_kind), []).append((h.pk, h.name))
    kinds = [k for k, _label in RecipientKind.choices]
    order = sorted(groups, key=lambda key: (-LEVEL_RANK.get(key[0], 0), kinds.index(key[1]) if key[1] in kinds else 9))
    return [
        (f"{Level(level).label} · {RecipientKind(kind).label}", groups[(level, kind)])
        for level, kind in order
    ]


def _at_least_five(value):
    if value is not None and value < 5:
        raise ValidationError(_("公示期不得少于5个工作日"))


class QuotaForm(CrispyForm, forms.Form):
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())
    honor_type = forms.ModelChoiceField(label=_("荣誉称号"), queryset=HonorType.objects.none())
    places = forms.IntegerField(label=_("名额"), min_value=0, max_value=100000)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominating_org"].queryset = campaign.conferring_org.descendants().order_by("path")
        self.fields["honor_type"].queryset = campaign.honor_types.all()


class BaseQuotaFormSet(SharedChoicesFormSet, CrispyFormSet, forms.BaseFormSet):
    shared_choice_fields = ("nominating_org", "honor_type")

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data["nominating_org"].pk, form.cleaned_data["honor_type"].pk)
            if key in seen:
                raise ValidationError(_("同一推荐单位的同一荣誉只能填写一行名额"))
            seen.add(key)

    def specs(self) -> list[QuotaSpec]:
        return [
            QuotaSpec(f.cleaned_data["nominating_org"], f.cleaned_data["honor_type"], f.cleaned_data["places"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


QuotaFormSet = forms.formset_factory(QuotaForm, formset=BaseQuotaFormSet, extra=3, can_delete=True, max_num=2000)


class RuleForm(CrispyForm, forms.Form):
    honor_type = forms.ModelChoiceField(
        label=_("适用荣誉"), queryset=HonorType.objects.none(), required=False, empty_label=_("全部个人荣誉")
    )
    # An empty first choice: the blank extra rows stay unchanged and are ignored (empty_permitted).
    flag = forms.ChoiceField(label=_("类别"), choices=[("", "---------"), *CompositionFlag.choices])
    label = forms.CharField(label=_("名称"), max_length=100, required=False)
    min_percent = PercentField(label=_("最低比例(%)"), required=False)
    max_percent = PercentField(label=_("最高比例(%)"), required=False)
    hard = forms.BooleanField(label=_("强制"), required=False, initial=True)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].queryset = campaign.honor_types.filter(recipient_kind=RecipientKind.INDIVIDUAL)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_percent"), data.get("max_percent")
        if self.has_changed() and lo is None and hi is None and not data.get("DELETE"):
            raise ValidationError(_("请填写最低比例或最高比例"))
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError(_("最低比例不能高于最高比例"))
        return data


class BaseRuleFormSet(SharedChoicesFormSet, CrispyFormSet, forms.BaseFormSet):
    shared_choice_fields = ("honor_type",)

    def specs(self) -> list[RuleSpec]:
        out = []
        for f in self.forms:
            d = f.cleaned_data
            if not d or d.get("DELETE"):
                continue
            out.append(
                RuleSpec(
                    flag=d["flag"],
                    min_share=percent_to_share(d.get("min_percent")),
                    max_share=percent_to_share(d.get("max_percent")),
                    hard=bool(d.get("hard")),
                    label=d.get("label") or "",
                    honor_type=d.get("honor_type"),
                )
            )
        return out


RuleFormSet = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=2, can_delete=True, max_num=200)


def quota_initial(campaign: Campaign) -> list[dict]:
    return [
        {"nominating_org": q.nominating_org, "honor_type": q.honor_type, "places": q.places}
        for q in campaign.quotas.select_related("nominating_org", "honor_type").order_by("nominating_org__path", "id")
    ]


def rule_initial(campaign: Campaign) -> list[dict]:
    return [
        {
            "honor_type": r.honor_type,
            "flag": r.flag,
            "label": r.label,
            "min_percent": share_to_percent(r.min_share),
            "max_percent": share_to_percent(r.max_share),
            "hard": r.hard,
        }
        for r in campaign.composition_rules.select_related("honor_type").order_by("id")
    ]


class StartNoticeForm(CrispyForm, forms.Form):
    start = forms.DateField(label=_("公示开始日期"), widget=DATE_INPUT)
    # Only asked for (and only required, by the service) when the 公示 would start prematurely.
    reason = forms.CharField(
        label=_("提前公示的理由"),
        required=False,
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("将与本次状态变更一并记录"),
    )

    def __init__(self, *args, blocking_rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.blocking_rules = list(blocking_rules)
        for rc in self.blocking_rules:
            self.fields[f"override_{rc.rule.pk}"] = forms.CharField(
                label=_("豁免理由：%(rule)s") % {"rule": rc.result.message},
                required=False,
                max_length=REASON_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def layout(self):
        return Layout(
            Column("start", css_class="col-md-4 px-0"), *[n for n in self.fields if n not in ("start", "reason")]
        )

    def overrides(self) -> dict[int, str]:
        return {
            rc.rule.pk: self.cleaned_data.get(f"override_{rc.rule.pk}") or ""
            for rc in self.blocking_rules
            if self.cleaned_data.get(f"override_{rc.rule.pk}")
        }


class ConferForm(CrispyForm, forms.Form):
    decision_number = forms.CharField(label=_("表彰文号"), max_length=100)
    decision_date = forms.DateField(label=_("表彰日期"), widget=DATE_INPUT)

    def layout(self):
        return grid_layout(self, col="col-md-6")


class OverrideForm(CrispyForm, forms.Form):
    rule = forms.ModelChoiceField(label=_("规则"), queryset=None)
    reason = forms.CharField(label=_("理由"), max_length=REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaign: Campaign, rules=None, **kwargs):
        """``rules``: the campaign's rules when already read: the choices come from them (a posted
        choice is still checked against the database)."""
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = campaign.composition_rules.filter(hard=True)
        if rules is not None:
            self.fields["rule"].widget.choices = [("", self.fields["rule"].empty_label)] + [
                (r.pk, str(r)) for r in sorted(rules, key=lambda r: r.pk) if r.hard
            ]


class FromResultsForm(CrispyForm, forms.Form):
    competition = forms.ModelChoiceField(label=_("竞赛"), queryset=None)
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        # Competitions the user's organisations run, and those run by a union above them (whose
        # published results name the user's people too).
        above = ancestor_ids(membership_roots(user))
        self.fields["competition"].queryset = Competition.objects.filter(
            Q(pk__in=competition_list_visible(user).values("pk")) | Q(organizer_id__in=above)
        ).order_by("-year", "name")
        orgs = nominating_orgs_for(user, campaign)
        self.fields["nominating_org"].queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs]).order_by(
            "path"
        )

    def layout(self):
        return grid_layout(self, col="col-md-5")
