"""Forms of nominations: the nomination itself, its steps, and objections (public) and their answers."""

from __future__ import annotations

import re

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from competitions.models import Result
from core.forms import CrispyForm
from directory.models import Organization, Person

from ..models import (
    NOMINATION_FLAG_FIELDS,
    NOMINATION_FLAG_LABELS,
    Campaign,
    HonorType,
    ObjectionOutcome,
    RecipientKind,
)
from ..selectors.campaigns import nominating_orgs_for
from ..services.common import ANSWER_MAX_CHARS, OBJECTION_MAX_CHARS, REASON_MAX_CHARS
from ..services.nominations import NOMINATION_ACTIONS
from .common import OrgChoiceField

# One box per category a nomination records (awards.models.NOMINATION_FLAG_LABELS).
FLAG_FIELDS = list(NOMINATION_FLAG_FIELDS)
CategoryFlagsForm = type(
    "CategoryFlagsForm",
    (forms.Form,),
    {name: forms.BooleanField(label=label, required=False) for name, label in NOMINATION_FLAG_LABELS.items()},
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.employer.name if obj.employer_id else ""
        return f"{obj.display_name}　{unit}{obj.job_title}"


class ResultChoiceField(forms.ModelChoiceField):
    """A result named in full: who, which competition and event, which place and prize."""

    def label_from_instance(self, obj):
        entry = obj.entry
        parts = [entry.person.name, entry.event.competition.name, entry.event.name]
        parts.append(f"第{obj.rank}名" if obj.rank else "无名次")
        if obj.prize and obj.prize != "none":
            parts.append(obj.get_prize_display())
        return " · ".join(parts)


class NominationForm(CrispyForm, CategoryFlagsForm):
    nominating_org = OrgChoiceField(label=_("推荐单位"), queryset=Organization.objects.none())
    honor_type = forms.ModelChoiceField(label=_("荣誉称号"), queryset=HonorType.objects.none())
    person = PersonChoiceField(
        label=_("推荐个人"), queryset=Person.objects.none(), required=False,
        help_text=_("只能推荐推荐单位及其下级单位的职工"),
    )
    organization = OrgChoiceField(label=_("推荐集体"), queryset=Organization.objects.none(), required=False)
    unit_and_title = forms.CharField(
        label=_("单位及职务"), max_length=300, required=False, help_text=_("按表彰名单的写法；留空则取工作单位和职务")
    )
    citation = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    result = ResultChoiceField(
        label=_("关联竞赛成绩"), queryset=Result.objects.none(), required=False,
        help_text=_("可选。若该成绩按竞赛的资格规则不能申报所选荣誉，将给出提示。"),
    )

    field_order = ("nominating_org", "honor_type", "person", "organization", "unit_and_title", "citation", *FLAG_FIELDS)

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
            orgs = nominating_orgs_for(user, campaign)
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
            # One line per result (never a duplicate), the contestant's results together, newest first.
            self.fields["result"].queryset = (
                Result.objects.filter(entry__person__in=people.values("pk"))
                .select_related("entry__person", "entry__event__competition")
                .order_by("entry__person__stroke_key", "entry__person_id", "-entry__event__competition__year", "pk")
                .distinct()
            )
        else:
            del self.fields["result"]
            for name in FLAG_FIELDS:
                del self.fields[name]

    def layout(self):
        top = ("nominating_org", "honor_type", "person", "organization", "unit_and_title", "result")
        parts = [Row(*[Column(n, css_class="col-md-6") for n in top if n in self.fields], css_class="gx-3")]
        if self.kind == "person":
            manual = []
            if self.nomination is None:
                # Not a field: the view reads it (flags taken from the person unless ticked).
                manual.append(HTML(format_html(
                    '<div class="form-check mb-2"><input class="form-check-input" type="checkbox" name="flags_manual"'
                    ' value="1" id="flags_manual"{{% if request.POST.flags_manual %}} checked{{% endif %}}>'
                    '<label class="form-check-label" for="flags_manual">{}</label></div>',
                    _("手动设置（不勾选则取自人员信息，非公有制取自工作单位的所有制）"),
                )))
            parts.append(Fieldset(
                _("人员类别（计入构成比例）"), *manual, Div(*FLAG_FIELDS, css_class="d-flex flex-wrap column-gap-3"),
                css_class="form-section border rounded px-2 pt-1 mb-3",
            ))
        parts.append("citation")
        return Layout(*parts)

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


class TransitionForm(CrispyForm, forms.Form):
    """The action comes from the button pressed (one button per allowed step)."""

    action = forms.ChoiceField(choices=[(a, a) for a in NOMINATION_ACTIONS])
    comment = forms.CharField(
        label=_("意见（退回修改、不予通过时必填）"), required=False, max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def layout(self):
        return Layout("comment")


class ReasonForm(CrispyForm, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))


_NAME_RE = re.compile(r"^[\u3400-\u9fff·•A-Za-z][\u3400-\u9fff·•A-Za-z .]{0,48}$")


_PHONE_RE = re.compile(r"^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$")


class ObjectionForm(CrispyForm, forms.Form):
    name = forms.CharField(label=_("真实姓名"), max_length=50)
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, help_text=_("手机号、固定电话或电子邮箱，用于核查时联系您")
    )
    content = forms.CharField(
        label=_("异议内容"),
        min_length=10,
        max_length=OBJECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明具体事实和线索（10至2000字）"),
    )
    # Left empty by people; robots fill every field they find.
    website = forms.CharField(label=_("网址"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["maxlength"] = OBJECTION_MAX_CHARS

    def layout(self):
        # The trap field stays in the page for robots, out of sight for people.
        return Layout("name", "contact", "content", Div("website", css_class="d-none", aria_hidden="true"))

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


class ObjectionAnswerForm(CrispyForm, forms.Form):
    outcome = forms.ChoiceField(label=_("核查结论"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("核查答复"), max_length=ANSWER_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))

    def layout(self):
        return Layout(InlineRadios("outcome"), "answer")
