"""Forms of innovation contests: the project (申报), attachments, 初选, voting, voiding, settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyForm, grid_layout
from directory.models import Organization

from ..models import Event, InnovationSettings
from ..services.projects import MAX_MEMBERS, ProjectData


class ProjectForm(CrispyForm, forms.Form):
    title = forms.CharField(label=_("成果名称"), max_length=200)
    category = forms.ModelChoiceField(label=_("类别"), queryset=Event.objects.none())
    unit = forms.ModelChoiceField(label=_("申报单位"), queryset=Organization.objects.none())
    members = forms.CharField(
        label=_("团队成员"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一人，第一行为负责人；最多 %(n)d 人") % {"n": MAX_MEMBERS},
    )
    summary = forms.CharField(label=_("成果简介"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    benefit = forms.DecimalField(label=_("效益（万元）"), required=False, min_value=0, max_digits=10, decimal_places=2)
    video_url = forms.URLField(label=_("视频链接"), required=False, assume_scheme="https")

    def __init__(self, *args, competition, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = competition.events.order_by("pk")
        self.fields["unit"].queryset = units

    def layout(self):
        return grid_layout(self, col="col-md-6")

    def data_object(self) -> ProjectData:
        c = self.cleaned_data
        return ProjectData(
            category=c["category"],
            title=c["title"],
            unit=c["unit"],
            summary=c["summary"],
            benefit=c["benefit"],
            video_url=c["video_url"] or "",
            members=c["members"].splitlines(),
        )

    @staticmethod
    def initial_for(project) -> dict:
        return {
            "title": project.title,
            "category": project.category_id,
            "unit": project.unit_id,
            "members": "\n".join(m.person.name for m in project.members.all()),
            "summary": project.summary,
            "benefit": project.benefit,
            "video_url": project.video_url,
        }


class AttachmentForm(CrispyForm, forms.Form):
    file = forms.FileField(label=_("附件（PDF、JPG、PNG）"))


class ReasonForm(CrispyForm, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)


class VoterCodeForm(CrispyForm, forms.Form):
    code = forms.CharField(label=_("投票码"), max_length=20)


class PhoneForm(CrispyForm, forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))


class PhoneVerifyForm(PhoneForm):
    code = forms.CharField(label=_("短信验证码"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"}))


class VoterCodesCreateForm(CrispyForm, forms.Form):
    unit = forms.ModelChoiceField(label=_("发放单位"), queryset=Organization.objects.none())
    count = forms.IntegerField(label=_("数量"), min_value=1, max_value=2000, initial=50)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def layout(self):
        return grid_layout(self, col="col-md-6")


class InnovationSettingsForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = InnovationSettings
        fields = [
            "submission_deadline",
            "voting_opens",
            "voting_closes",
            "votes_per_day",
            "allow_code",
            "allow_phone",
            "review_weight",
            "prize_by_count",
            "first_prize_count",
            "second_prize_count",
            "third_prize_count",
            "first_prize_ratio",
            "second_prize_ratio",
            "third_prize_ratio",
        ]
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("submission_deadline", "voting_opens", "voting_closes")
        }

    def layout(self):
        return grid_layout(self, col="col-md-4")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("voting_opens"), data.get("voting_closes")
        if opens and closes and closes <= opens:
            self.add_error("voting_closes", _("投票结束须晚于开始"))
        ratios = [data.get(f"{k}_prize_ratio") or 0 for k in ("first", "second", "third")]
        if sum(ratios) > 1:
            self.add_error("third_prize_ratio", _("三个比例之和不能超过 1"))
        return data
