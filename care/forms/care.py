from __future__ import annotations

from crispy_forms.layout import Layout
from django import forms

from competitions.models import Level
from core.forms import CrispyForm, grid
from core.imports import UploadForm

from ..models import CareKind, EntitlementRule, LifeStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(CrispyForm, forms.Form):
    kind = forms.ChoiceField(label="项目", choices=CareKind.choices)
    date = forms.DateField(label="日期", widget=DATE)
    amount = forms.DecimalField(label="金额（元）", required=False, min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label="说明", required=False, max_length=300)

    def layout(self):
        return Layout(grid(self, col="col-md-3"))


class CorrectionForm(CrispyForm, forms.Form):
    void = forms.BooleanField(label="作废该记录（实际未发生）", required=False)
    date = forms.DateField(label="更正后的日期", required=False, widget=DATE)
    amount = forms.DecimalField(
        label="更正后的金额（元）", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    note = forms.CharField(label="说明", required=False, max_length=300)
    reason = forms.CharField(label="更正理由", max_length=300, error_messages={"required": "更正须填写理由"})


class ProfileForm(CrispyForm, forms.Form):
    life_status = forms.ChoiceField(label="状态", choices=LifeStatus.choices)
    retired_on = forms.DateField(label="退休日期", required=False, widget=DATE)
    died_on = forms.DateField(label="去世日期", required=False, widget=DATE)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    address = forms.CharField(label="住址", required=False, max_length=200)
    kin_name = forms.CharField(label="亲属姓名", required=False, max_length=50)
    kin_relation = forms.CharField(label="亲属关系", required=False, max_length=20)
    kin_phone = forms.CharField(label="亲属电话", required=False, max_length=30)

    def layout(self):
        return Layout(grid(self, col="col-md-3"))


class ResponsibleForm(CrispyForm, forms.Form):
    organization = forms.ModelChoiceField(label="负责工会", queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class RuleForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = EntitlementRule
        fields = [
            "kind",
            "honour_level",
            "life_status",
            "enabled",
            "every_years",
            "amount",
            "period",
            "festivals",
            "from_age",
            "source",
        ]
        labels = {"honour_level": "荣誉级别（不选为全部）", "life_status": "状态（不选为全部）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honour_level"].choices = [("", "全部"), *Level.choices]
        self.fields["life_status"].choices = [("", "全部"), *LifeStatus.choices]

    def validate_unique(self):
        return None  # the service updates the union's existing rule for the same kind, level and status

    def layout(self):
        return Layout(grid(self, col="col-md-3"))


class BatchForm(CrispyForm, forms.Form):
    name = forms.CharField(label="批次名称", max_length=100)
    base = forms.CharField(label="疗休养基地", max_length=100)
    start_date = forms.DateField(label="开始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE)
    places = forms.IntegerField(label="名额", min_value=1, max_value=10000)
    organization = forms.ModelChoiceField(label="组织工会", queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def layout(self):
        return Layout(grid(self, col="col-md-4"))


class HardshipForm(CrispyForm, forms.Form):
    received_on = forms.DateField(label="申请日期", widget=DATE)
    reason = forms.CharField(label="困难情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class HardshipDecisionForm(CrispyForm, forms.Form):
    grant = forms.TypedChoiceField(
        label="处理结果", choices=[("1", "给予帮扶"), ("0", "不予帮扶")], coerce=lambda v: v == "1"
    )
    amount = forms.DecimalField(label="帮扶金额（元）", required=False, min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label="处理意见", required=False, max_length=300)


class LedgerImportForm(UploadForm):
    pass
