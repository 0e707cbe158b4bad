"""Forms of the honours pages. Validation of the steps themselves lives in awards.services."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Result
from directory.models import Organization, Person

from . import selectors, services
from .models import (
    Campaign,
    CompositionFlag,
    HolidayKind,
    HonorType,
    ObjectionOutcome,
    RecipientKind,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PercentField(forms.DecimalField):
    """Typed as a percentage (35 or 35%), stored as a share (0.35)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "0.01", "class": "form-control form-control-sm"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().rstrip("%％").strip()
        return super().to_python(value)


def percent_to_share(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value / 100).quantize(Decimal("0.0001"))


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("　" * max(obj.depth - 1, 0)) + obj.name


# --- campaigns ----------------------------------------------------------------------------------


class CampaignForm(forms.ModelForm):
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
        self.fields["conferring_org"].queryset = selectors.conferring_orgs_for(user).filter(
            kind__in=["union", "government", "institution", "employer"]
        )
        self.fields["honor_types"].queryset = HonorType.objects.order_by("category", "precedence", "-level", "name")
        self.fields["citation_max_chars"].min_value = 100
        self.fields["notice_working_days"].validators.append(_at_least_five)
        if self.instance.pk:
            # The conferring body of a running campaign does not change.
            self.fields["conferring_org"].disabled = True
        if self.instance.pk and self.instance.status not in services.EDITABLE_CAMPAIGN_STATUSES:
            for name, f in self.fields.items():
                if name not in ("decision_number", "decision_date"):
                    f.disabled = True
        for name, f in self.fields.items():
            if name == "honor_types":
                f.widget.attrs["class"] = "form-check-input"
            elif isinstance(f.widget, forms.Select):
                f.widget.attrs["class"] = "form-select"
            else:
                f.widget.attrs["class"] = "form-control"

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1950 <= year <= timezone.localdate().year + 2:
            raise ValidationError(_("年度不正确"))
        return year


def _at_least_five(value):
    if value is not None and value < 5:
        raise ValidationError(_("公示期不得少于5个工作日"))


class QuotaForm(forms.Form):
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())
    honor_type = forms.ModelChoiceField(label=_("荣誉称号"), queryset=HonorType.objects.none())
    places = forms.IntegerField(label=_("名额"), min_value=0, max_value=100000)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominating_org"].queryset = campaign.conferring_org.descendants().order_by("path")
        self.fields["honor_type"].queryset = campaign.honor_types.all()
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["places"].widget.attrs["class"] = "form-control form-control-sm"


class BaseQuotaFormSet(forms.BaseFormSet):
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

    def specs(self) -> list[services.QuotaSpec]:
        return [
            services.QuotaSpec(f.cleaned_data["nominating_org"], f.cleaned_data["honor_type"], f.cleaned_data["places"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


QuotaFormSet = forms.formset_factory(QuotaForm, formset=BaseQuotaFormSet, extra=3, can_delete=True, max_num=2000)


class RuleForm(forms.Form):
    honor_type = forms.ModelChoiceField(
        label=_("适用荣誉"), queryset=HonorType.objects.none(), required=False, empty_label=_("全部个人荣誉")
    )
    flag = forms.ChoiceField(label=_("类别"), choices=CompositionFlag.choices)
    label = forms.CharField(label=_("名称"), max_length=100, required=False)
    min_percent = PercentField(label=_("最低比例(%)"), required=False)
    max_percent = PercentField(label=_("最高比例(%)"), required=False)
    hard = forms.BooleanField(label=_("强制"), required=False, initial=True)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].queryset = campaign.honor_types.filter(recipient_kind=RecipientKind.INDIVIDUAL)
        self.fields["honor_type"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["flag"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["label"].widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_percent"), data.get("max_percent")
        if self.has_changed() and lo is None and hi is None and not data.get("DELETE"):
            raise ValidationError(_("请填写最低比例或最高比例"))
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError(_("最低比例不能高于最高比例"))
        return data


class BaseRuleFormSet(forms.BaseFormSet):
    def specs(self) -> list[services.RuleSpec]:
        out = []
        for f in self.forms:
            d = f.cleaned_data
            if not d or d.get("DELETE"):
                continue
            out.append(
                services.RuleSpec(
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
            "min_percent": None if r.min_share is None else (r.min_share * 100).normalize(),
            "max_percent": None if r.max_share is None else (r.max_share * 100).normalize(),
            "hard": r.hard,
        }
        for r in campaign.composition_rules.select_related("honor_type").order_by("id")
    ]


# --- nominations --------------------------------------------------------------------------------

FLAG_FIELDS = [*services.PERSON_FLAG_FIELDS, "non_public"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.employer.name if obj.employer_id else ""
        return f"{obj.display_name}　{unit}{obj.job_title}"


class ResultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        comp = obj.entry.event.competition
        rank = f"第{obj.rank}名" if obj.rank else "无名次"
        prize = obj.get_prize_display() if obj.prize and obj.prize != "none" else ""
        return f"{comp.name} · {obj.entry.event.name} · {rank} {prize}".strip()


class NominationForm(forms.Form):
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())
    honor_type = forms.ModelChoiceField(label=_("荣誉称号"), queryset=HonorType.objects.none())
    person = PersonChoiceField(label=_("推荐个人"), queryset=Person.objects.none(), required=False)
    organization = OrgChoiceField(label=_("推荐集体"), queryset=Organization.objects.none(), required=False)
    unit_and_title = forms.CharField(
        label=_("单位及职务"), max_length=300, required=False, help_text=_("按表彰名单的写法；留空则取工作单位和职务")
    )
    citation = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    is_industrial_worker = forms.BooleanField(label=_("产业工人"), required=False)
    is_migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    is_frontline = forms.BooleanField(label=_("一线职工"), required=False)
    is_professional = forms.BooleanField(label=_("专业技术人员"), required=False)
    is_science_education = forms.BooleanField(label=_("科教人员"), required=False)
    is_enterprise_leader = forms.BooleanField(label=_("企业负责人"), required=False)
    is_new_employment = forms.BooleanField(label=_("新就业形态劳动者"), required=False)
    non_public = forms.BooleanField(label=_("非公有制经济组织"), required=False)
    result = ResultChoiceField(label=_("关联竞赛成绩"), queryset=Result.objects.none(), required=False)

    def __init__(self, *args, campaign: Campaign, user, kind: str, nomination=None, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.kind, self.nomination = campaign, kind, nomination
        self.fields["citation"].max_length = campaign.citation_max_chars
        self.fields["citation"].help_text = _("不超过%(n)s字") % {"n": campaign.citation_max_chars}
        self.fields["citation"].widget.attrs["maxlength"] = campaign.citation_max_chars
        honours = campaign.honor_types.filter(
            recipient_kind=RecipientKind.INDIVIDUAL if kind == "person" else RecipientKind.COLLECTIVE
        )
        self.fields["honor_type"].queryset = honours
        if nomination is not None:
            # Who is nominated, and by whom, is fixed once the draft exists.
            for name in ("nominating_org", "person", "organization"):
                del self.fields[name]
            people = Person.objects.filter(pk=nomination.person_id)
        else:
            orgs = selectors.nominating_orgs_for(user, campaign)
            self.fields["nominating_org"].queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs]).order_by(
                "path"
            )
            if len(orgs) == 1:
                self.fields["nominating_org"].initial = orgs[0].pk
            scope = Organization.objects.subtree_of(orgs)
            if kind == "person":
                del self.fields["organization"]
                people = Person.objects.filter(employer__in=scope).select_related("employer")
                if search:
                    people = people.search(search)
                self.fields["person"].queryset = people.order_by("stroke_key", "id")
                self.fields["person"].required = True
            else:
                del self.fields["person"]
                self.fields["organization"].queryset = scope.order_by("path")
                self.fields["organization"].required = True
                people = Person.objects.none()
        if kind == "person":
            self.fields["result"].queryset = Result.objects.filter(entry__person__in=people).select_related(
                "entry__event__competition"
            )
        else:
            del self.fields["result"]
            for name in FLAG_FIELDS:
                del self.fields[name]
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.CheckboxInput):
                f.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(f.widget, forms.Select):
                f.widget.attrs.setdefault("class", "form-select")
            else:
                f.widget.attrs.setdefault("class", "form-control")
            if name == "citation":
                f.widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        person = data.get("person") or (self.nomination.person if self.nomination else None)
        result = data.get("result")
        if result is not None and person is not None and result.entry.person_id != person.pk:
            self.add_error("result", _("所选成绩不是该推荐对象的成绩"))
        return data

    def flags(self) -> dict[str, bool] | None:
        if self.kind != "person":
            return None
        return {name: bool(self.cleaned_data.get(name)) for name in FLAG_FIELDS}


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in services.NOMINATION_ACTIONS])
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=services.REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class StartNoticeForm(forms.Form):
    start = forms.DateField(label=_("公示开始日期"), widget=DATE_INPUT)

    def __init__(self, *args, blocking_rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.blocking_rules = list(blocking_rules)
        for rc in self.blocking_rules:
            self.fields[f"override_{rc.rule.pk}"] = forms.CharField(
                label=_("豁免理由：%(rule)s") % {"rule": rc.result.message},
                required=False,
                max_length=services.REASON_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.fields["start"].widget.attrs["class"] = "form-control"

    def overrides(self) -> dict[int, str]:
        return {
            rc.rule.pk: self.cleaned_data.get(f"override_{rc.rule.pk}") or ""
            for rc in self.blocking_rules
            if self.cleaned_data.get(f"override_{rc.rule.pk}")
        }


class ConferForm(forms.Form):
    decision_number = forms.CharField(label=_("表彰文号"), max_length=100)
    decision_date = forms.DateField(label=_("表彰日期"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"


class OverrideForm(forms.Form):
    rule = forms.ModelChoiceField(label=_("规则"), queryset=None)
    reason = forms.CharField(
        label=_("理由"), max_length=services.REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = campaign.composition_rules.filter(hard=True)
        self.fields["rule"].widget.attrs["class"] = "form-select"
        self.fields["reason"].widget.attrs["class"] = "form-control"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=services.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


# --- objections ---------------------------------------------------------------------------------

_NAME_RE = re.compile(r"^[\u3400-\u9fff·•A-Za-z][\u3400-\u9fff·•A-Za-z .]{0,48}$")
_PHONE_RE = re.compile(r"^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$")


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("真实姓名"), max_length=50)
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, help_text=_("手机号、固定电话或电子邮箱，用于核查时联系您")
    )
    content = forms.CharField(
        label=_("异议内容"),
        min_length=10,
        max_length=services.OBJECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明具体事实和线索（10至2000字）"),
    )
    # Left empty by people; robots fill every field they find.
    website = forms.CharField(label=_("网址"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if name != "website":
                f.widget.attrs["class"] = "form-control"
        self.fields["content"].widget.attrs["maxlength"] = services.OBJECTION_MAX_CHARS

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not _NAME_RE.match(name):
            raise ValidationError(_("请填写真实姓名"))
        return name

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        compact = contact.replace(" ", "")
        if not (_PHONE_RE.match(compact) or _EMAIL_RE.match(contact)):
            raise ValidationError(_("请填写有效的手机号、固定电话或电子邮箱"))
        return contact

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("提交无效"))
        return ""


class ObjectionAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("核查结论"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(
        label=_("核查答复"),
        max_length=services.ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


# --- results → nominations ------------------------------------------------------------------------


class FromResultsForm(forms.Form):
    competition = forms.ModelChoiceField(label=_("竞赛"), queryset=None)
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())

    def __init__(self, *args, user, campaign, **kwargs):
        from competitions.models import Competition
        from competitions.selectors import competition_list_visible
        from directory.selectors import membership_roots

        super().__init__(*args, **kwargs)
        # Competitions the user's organisations run, and those run by a union above them (whose
        # published results name the user's people too).
        above = selectors.ancestor_ids(membership_roots(user))
        self.fields["competition"].queryset = Competition.objects.filter(
            Q(pk__in=competition_list_visible(user).values("pk")) | Q(organizer_id__in=above)
        ).order_by("-year", "name")
        orgs = selectors.nominating_orgs_for(user, campaign)
        self.fields["nominating_org"].queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs]).order_by(
            "path"
        )
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-select"


# --- history import -------------------------------------------------------------------------------


class HistoryImportForm(forms.Form):
    file = forms.FileField(label=_("历史表彰名单（.xlsx）"))
    create_units = forms.BooleanField(
        label=_("自动新建名单中不存在的工作单位"), required=False, help_text=_("默认不新建：单位名称不符的行会报错")
    )
    parent = OrgChoiceField(label=_("新建单位的上级"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.conferring_orgs_for(user).order_by("path")
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
        self.fields["parent"].widget.attrs["class"] = "form-select"
        self.fields["create_units"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("create_units") and not data.get("parent"):
            self.add_error("parent", _("自动新建单位时须选择新单位的上级"))
        return data


# --- holidays -----------------------------------------------------------------------------------


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    notice = forms.CharField(label=_("依据"), max_length=200, required=False)
    holidays = forms.CharField(
        label=_("放假日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个日期或日期范围，可加节日名称，如：2027-01-01 元旦；2027-02-06~2027-02-13 春节"),
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个日期，可加说明，如：2027-02-14 春节调休"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    @staticmethod
    def parse_lines(text: str, year: int | None, label: str) -> list[tuple[dt.date, str]]:
        out: list[tuple[dt.date, str]] = []
        for number, raw in enumerate((text or "").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            m = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*[~～至]\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$", line)
            if not m:
                raise ValidationError(
                    _("%(label)s第%(n)s行格式不正确：%(line)s") % {"label": label, "n": number, "line": line}
                )
            try:
                first = dt.date.fromisoformat(_pad(m.group(1)))
                last = dt.date.fromisoformat(_pad(m.group(2))) if m.group(2) else first
            except ValueError as exc:
                raise ValidationError(
                    _("%(label)s第%(n)s行日期不存在：%(line)s") % {"label": label, "n": number, "line": line}
                ) from exc
            if last < first or (last - first).days > 40:
                raise ValidationError(_("%(label)s第%(n)s行日期范围不正确") % {"label": label, "n": number})
            day = first
            while day <= last:
                if year is not None and day.year != year:
                    raise ValidationError(
                        _("%(label)s第%(n)s行的日期不在%(year)s年") % {"label": label, "n": number, "year": year}
                    )
                out.append((day, m.group(3).strip()[:50]))
                day += dt.timedelta(days=1)
        return out

    def clean(self):
        data = super().clean()
        year = data.get("year")
        data["holiday_dates"] = self.parse_lines(data.get("holidays", ""), year, "放假日期")
        data["workday_dates"] = self.parse_lines(data.get("workdays", ""), year, "调休上班日期")
        clash = {d for d, _n in data["holiday_dates"]} & {d for d, _n in data["workday_dates"]}
        if clash:
            raise ValidationError(_("同一天不能既放假又上班：%(d)s") % {"d": "、".join(sorted(str(d) for d in clash))})
        return data


def _pad(text: str) -> str:
    y, m, d = text.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


HOLIDAY_KINDS = HolidayKind
