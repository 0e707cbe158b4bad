"""Forms of the registration pages. They parse and check input; writes go through services."""

from __future__ import annotations

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyForm, CrispyFormSet, grid, grid_layout
from core.idcard import IdNumberError, parse_id_number
from core.imports import UploadForm
from core.templatetags.jiangxin import id_number as masked_id_number
from core.text import clean_text
from directory.models import Organization, Role, SkillLevel
from directory.selectors import organization_list_visible, scoped
from directory.services import FieldError, parse_ethnicity, parse_person_name, parse_phone

from ..models import Competition, EventKind, Team
from ..rules.registration import PLACES_MAX, PLACES_MIN, TEAM_SIZE_MAX, TEAM_SIZE_MIN, RuleError, parse_components

RESERVED_SLUGS = {"new"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CompetitionForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = Competition
        fields = [
            "name",
            "slug",
            "kind",
            "level",
            "competition_class",
            "year",
            "organizer",
            "co_organizers",
            "start_date",
            "end_date",
            "registration_opens",
            "registration_closes",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "registration_opens": DateInput(),
            "registration_closes": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "co_organizers": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "slug": _(
                "用于网址和命令行的英文标识，如 haihe-cup-2025；留空则按竞赛名称的拼音生成，如 2025-han-gong-da-sai"
            ),
            "competition_class": _("市级竞赛分一类、二类的填写"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["organizer"].queryset = scoped(
            Organization.objects.all(), user, roles=[Role.ADMIN, Role.ORGANIZER]
        ).order_by("path")
        self.fields["co_organizers"].queryset = organization_list_visible(user).order_by("path")
        self.fields["co_organizers"].required = False
        if self.instance.pk:
            # The organiser decides who may manage the competition: it is not changed here.
            self.fields["organizer"].disabled = True
            self.fields["slug"].disabled = True

    def layout(self):
        return grid_layout(self)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("“%(slug)s”是保留字，请换一个标识"), params={"slug": slug})
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期"))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("报名截止日期不能早于报名开始日期"))
        return data

    def _post_clean(self):
        # Model validation runs in the service (with the auto slug); skip the unique-slug check on "".
        pass


class EventForm(CrispyForm, forms.Form):
    name = forms.CharField(label=_("赛项名称"), max_length=200)
    trade = forms.CharField(label=_("工种"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("参赛形式"), choices=EventKind.choices, initial=EventKind.INDIVIDUAL)
    team_size = forms.IntegerField(
        label=_("每队人数"), min_value=TEAM_SIZE_MIN, max_value=TEAM_SIZE_MAX, required=False,
        help_text=_("团体赛项必填"),
    )
    places_per_delegation = forms.IntegerField(
        label=_("每个代表队名额"), min_value=PLACES_MIN, max_value=PLACES_MAX, required=False,
        help_text=_("个人赛项为人数，团体赛项为队数；留空表示不限"),
    )
    bib_prefix = forms.CharField(
        label=_("参赛号前缀"), max_length=10, required=False,
        help_text=_("参赛号 = 前缀 + 三位序号（如 01001）；新赛项留空则自动取 01、02…"),
    )

    def layout(self):
        return grid_layout(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == EventKind.TEAM and not data.get("team_size"):
            self.add_error("team_size", _("团体赛项须填写每队人数"))
        return data


class ComponentForm(CrispyForm, forms.Form):
    name = forms.CharField(label=_("成绩构成"), max_length=50, required=False)
    weight = forms.DecimalField(label=_("权重(%)"), min_value=0, max_value=100, decimal_places=2, required=False)


class BaseComponentFormSet(CrispyFormSet, forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = []
        for form in self.forms:
            name, weight = form.cleaned_data.get("name"), form.cleaned_data.get("weight")
            if not name and weight is None:
                continue
            if not name or weight is None:
                raise ValidationError(_("每项成绩构成都要填写名称和权重"))
            rows.append((name, weight))
        try:
            self.components = parse_components(rows)
        except RuleError as exc:
            raise ValidationError(str(exc)) from None


ComponentFormSet = forms.formset_factory(ComponentForm, formset=BaseComponentFormSet, extra=2, max_num=10)


class StatusForm(CrispyForm, forms.Form):
    """The next status comes from the button pressed (one button per allowed move)."""

    to_status = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("说明（可选）"), max_length=500, required=False)

    def layout(self):
        return Layout("comment")


class EntryForm(CrispyForm, forms.Form):
    """Register one person: an existing one (picked from a search) or a new one typed in here."""

    event = forms.ModelChoiceField(label=_("赛项"), queryset=None)
    person = forms.ModelChoiceField(label=_("已有人员"), queryset=None, required=False, widget=forms.RadioSelect)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=30, required=False)
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=30, required=False)
    employer = forms.ModelChoiceField(label=_("工作单位"), queryset=None, required=False)
    job_title = forms.CharField(label=_("职务"), max_length=100, required=False)
    skill_level = forms.ChoiceField(label=_("技能等级"), choices=[("", "—"), *SkillLevel.choices], required=False)
    delegation = forms.ModelChoiceField(
        label=_("代表队"), queryset=None, required=False, help_text=_("不选则为工作单位")
    )
    team = forms.ModelChoiceField(label=_("加入已有参赛队"), queryset=None, required=False)
    team_name = forms.CharField(
        label=_("或新建参赛队"), max_length=100, required=False, help_text=_("团体赛项用；都不填则以代表队名称为队名")
    )
    force = forms.BooleanField(label=_("强制登记（不受报名时间和状态限制）"), required=False)

    NEW_PERSON = ("name", "id_number", "ethnicity", "phone", "employer", "job_title", "skill_level")
    ENTRY = ("event", "delegation", "team", "team_name")

    def __init__(self, *args, competition, units, people, found=None, **kwargs):
        """``people``: whom the user may pick; ``found``: the people a search found (offered as
        choices), None when there was no search."""
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.found = found
        self.fields["event"].queryset = competition.events.all()
        self.fields["person"].queryset = people
        # Offer only the people the search found (validation still accepts anyone in ``people``).
        self.fields["person"].widget.choices = [
            (
                p.pk,
                "{}（{}，{}，{}）".format(
                    p.name, p.get_gender_display() or "—", p.employer.name if p.employer_id else "—",
                    masked_id_number(p.id_number, False) or "—",
                ),
            )
            for p in (found or ())
        ]
        self.fields["employer"].queryset = units
        self.fields["delegation"].queryset = units
        self.fields["team"].queryset = Team.objects.filter(event__competition=competition).select_related("event")
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.employer.name if p.employer_id else '—'}）"
        self.fields["team"].label_from_instance = lambda t: f"{t.event.name} · {t.name}"

    def layout(self):
        parts = []
        if self.found is not None:
            nobody = format_html('<p class="text-muted mb-0">{}</p>', _("没有找到，请在下面填写新人员。"))
            person = ["person"] if self.found else [HTML(nobody)]
            parts.append(Fieldset(_("选择已有人员"), *person, css_class="form-section card card-body mb-3"))
        parts.append(Fieldset(
            _("或填写新人员（同一身份证号的已有人员会被沿用）"), grid(self, self.NEW_PERSON),
            css_class="form-section card card-body mb-3",
        ))
        parts.append(Fieldset(
            _("报名信息"), grid(self, self.ENTRY, col="col-md-3"), "force", css_class="form-section card card-body mb-3"
        ))
        return Layout(*parts)

    def clean(self):
        data = super().clean()
        if data.get("person") is None:
            new = {}
            try:
                new["name"] = parse_person_name(data.get("name"))
            except FieldError as exc:
                self.add_error("name", exc.message)
            try:
                info = parse_id_number(data.get("id_number") or None)
                new.update(id_number=info.number, gender=info.gender, birth_date=info.birth_date)
            except IdNumberError as exc:
                self.add_error("id_number", exc.message)
            for field, parse in (("ethnicity", parse_ethnicity), ("phone", parse_phone)):
                try:
                    new[field] = parse(data.get(field))
                except FieldError as exc:
                    self.add_error(field, exc.message)
            if not data.get("employer"):
                self.add_error("employer", _("请选择工作单位"))
            new.update(
                employer=data.get("employer"), job_title=data.get("job_title", ""),
                skill_level=data.get("skill_level", ""),
            )
            data["new_person"] = new
        person = data.get("person")
        delegation = data.get("delegation") or (data.get("employer") if person is None else None)
        if delegation is None and person is not None:
            delegation = person.employer if person.employer_id else None
            if delegation is not None and not self.fields["delegation"].queryset.filter(pk=delegation.pk).exists():
                delegation = None
        if delegation is None and not self.errors:
            self.add_error("delegation", _("请选择代表队"))
        data["delegation_resolved"] = delegation
        event, team = data.get("event"), data.get("team")
        if team is not None and event is not None and team.event_id != event.pk:
            self.add_error("team", _("该参赛队不属于所选赛项"))
        return data


class EntryStatusForm(CrispyForm, forms.Form):
    ACTIONS = [("withdraw", _("退赛")), ("disqualify", _("取消资格")), ("reinstate", _("恢复报名"))]
    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS)
    reason = forms.CharField(label=_("原因"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("action") in ("withdraw", "disqualify") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("请填写原因"))
        return data


class ImportForm(UploadForm):
    """The registration sheet upload with its two options."""

    create_units = forms.BooleanField(
        label=_("自动创建表中的新单位"), required=False,
        help_text=_("工作单位/代表队在系统中找不到时，在主办单位下新建；不勾选则报错"),
    )
    force = forms.BooleanField(
        label=_("强制导入（不受报名时间和状态限制）"), required=False,
        help_text=_("报名未开放或已截止时补报用；成绩公布后仍不可导入"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("报名表（.xlsx）")
        self.fields["file"].error_messages["required"] = _("请选择要上传的报名表（.xlsx）")


def person_search(queryset, term: str):
    """People matching a name (contains) or an ID number (exact; full-width digits and x accepted)."""
    term = clean_text(term)
    if not term:
        return queryset.none()
    try:
        number = parse_id_number(term).number
    except IdNumberError:
        number = term.upper()
    return queryset.filter(Q(name__icontains=term) | Q(id_number=number))
