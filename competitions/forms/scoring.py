"""Forms of the scoring pages: the judge's mark sheet, score import, settings, judges, reasons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyForm

from ..models import Entry, Event, Mark, ScoreComponent
from ..rules import TieBreak, cascade_to_json, parse_cascade
from ..services.events import SCORING_SETTINGS


@dataclass
class MarkCell:
    entry: Entry
    component: ScoreComponent
    field_name: str
    version_name: str


@dataclass
class MarkChange:
    entry: Entry
    component: ScoreComponent | None  # None: the completion time
    value: Decimal | None
    expected_version: int | None
    field_name: str


class MarkSheetForm(CrispyForm, forms.Form):
    """One judge's marks for the entries of one event: a cell per entry and component he marks,
    and the completion time when the event records it.

    Each cell carries the version it was loaded with (hidden) and its value at load time
    (``show_hidden_initial``), so on save only the cells the judge changed are written, each with
    the version it started from: a cell somebody else saved meanwhile is a conflict, not an
    overwrite.
    """

    def __init__(
        self,
        *args,
        entries: list[Entry],
        components: list[ScoreComponent],
        marks: dict[tuple[int, int], Mark],
        uses_time: bool,
        locked: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.components = components
        self.uses_time = uses_time
        self.rows: list[dict] = []
        rows_n = len(entries)
        for r, entry in enumerate(entries):
            cells = []
            for c, component in enumerate(components):
                name, version = f"m_{entry.pk}_{component.pk}", f"v_{entry.pk}_{component.pk}"
                mark = marks.get((entry.pk, component.pk))
                self.fields[name] = forms.DecimalField(
                    label=f"{entry.person.name} {component.name}",
                    required=False,
                    min_value=Decimal(0),
                    max_value=component.max_score,
                    max_digits=8,
                    decimal_places=2,
                    initial=mark.value if mark else None,
                    show_hidden_initial=True,
                    # Tab moves down a column: judges mark one component for everyone in turn.
                    widget=forms.NumberInput(
                        attrs={
                            "step": "0.01",
                            "min": "0",
                            "max": f"{component.max_score}",
                            "inputmode": "decimal",
                            "tabindex": c * rows_n + r + 1,
                        }
                    ),
                )
                self.fields[version] = forms.IntegerField(
                    required=False, min_value=0, initial=mark.version if mark else 0, widget=forms.HiddenInput
                )
                cells.append(MarkCell(entry, component, name, version))
            time_name = time_version = None
            if uses_time:
                time_name, time_version = f"t_{entry.pk}", f"tv_{entry.pk}"
                self.fields[time_name] = forms.DecimalField(
                    label=f"{entry.person.name} {_('用时')}",
                    required=False,
                    min_value=Decimal("0.01"),
                    max_digits=8,
                    decimal_places=2,
                    initial=entry.time_minutes,
                    show_hidden_initial=True,
                    widget=forms.NumberInput(
                        attrs={
                            "step": "0.01",
                            "min": "0",
                            "inputmode": "decimal",
                            "tabindex": len(components) * rows_n + r + 1,
                        }
                    ),
                )
                self.fields[time_version] = forms.IntegerField(
                    required=False, min_value=0, initial=entry.time_version, widget=forms.HiddenInput
                )
            self.rows.append({"entry": entry, "cells": cells, "time": time_name, "time_version": time_version})
        if locked:
            for field in self.fields.values():
                field.disabled = True

    def bound_rows(self):
        for row in self.rows:
            yield {
                "entry": row["entry"],
                "cells": [(cell, self[cell.field_name], self[cell.version_name]) for cell in row["cells"]],
                "time": self[row["time"]] if row["time"] else None,
                "time_version": self[row["time_version"]] if row["time_version"] else None,
            }

    def changes(self) -> list[MarkChange]:
        """The cells the judge changed, with the version each was loaded with (valid form only)."""
        changed = set(self.changed_data)
        out = []
        for row in self.rows:
            for cell in row["cells"]:
                if cell.field_name in changed:
                    version = self.cleaned_data.get(cell.version_name) or 0
                    out.append(
                        MarkChange(
                            cell.entry,
                            cell.component,
                            self.cleaned_data.get(cell.field_name),
                            version or None,
                            cell.field_name,
                        )
                    )
            if row["time"] and row["time"] in changed:
                out.append(
                    MarkChange(
                        row["entry"],
                        None,
                        self.cleaned_data.get(row["time"]),
                        self.cleaned_data.get(row["time_version"]) or 0,
                        row["time"],
                    )
                )
        return out


class ReasonForm(CrispyForm, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class LockForm(CrispyForm, forms.Form):
    confirm = forms.BooleanField(label=_("我已核对全部成绩，确认锁定"), required=True)
    note = forms.CharField(label=_("备注（可选）"), max_length=500, required=False)


class PublishForm(CrispyForm, forms.Form):
    confirm = forms.BooleanField(label=_("我已核对上列内容，确认向社会公开"), required=True)


def _tie_break_choices(event: Event, components: list[ScoreComponent]) -> list[tuple[str, str]]:
    choices = [("", _("（无）")), ("total", _("总成绩（高者在前）"))]
    if event.uses_time:
        choices.append(("time", _("用时（短者在前）")))
    choices += [(f"component:{c.key}", _("%(name)s成绩（高者在前）") % {"name": c.name}) for c in components]
    return choices


class ScoringSettingsForm(CrispyForm, forms.ModelForm):
    """The event's scoring settings. The tie-break cascade is edited as up to four ordered keys
    (empty = the default: 总成绩 → 用时 → 实操 → 理论)."""

    TIE_BREAK_LEVELS = 4
    form_class = "form-horizontal"
    label_class = "col-sm-5"
    field_class = "col-sm-7"

    class Meta:
        model = Event
        fields = [f for f in SCORING_SETTINGS if f != "tie_break"]
        widgets = {
            "first_prize_ratio": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "second_prize_ratio": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "third_prize_ratio": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }
        help_texts = {
            "first_prize_ratio": _("如 0.100 表示 10%"),
            "team_best_n": _("空白表示全部队员（或代表队全部选手）成绩相加"),
            "min_field": _("0 表示不限"),
        }

    def __init__(self, *args, components: list[ScoreComponent], **kwargs):
        super().__init__(*args, **kwargs)
        self.components = components
        choices = _tie_break_choices(self.instance, components)
        try:
            current = parse_cascade(self.instance.tie_break or None, [c.key for c in components])
        except ValueError:
            current = ()
        explicit = bool(self.instance.tie_break)
        for level in range(self.TIE_BREAK_LEVELS):
            name = f"tie_break_{level + 1}"
            initial = current[level].field if explicit and level < len(current) else ""
            self.fields[name] = forms.ChoiceField(
                label=_("并列比较第 %(n)d 项") % {"n": level + 1}, choices=choices, required=False, initial=initial
            )

    def clean_judge_trim_from(self):
        value = self.cleaned_data["judge_trim_from"]
        if value in (1, 2):
            raise forms.ValidationError(_("应为 0（不去掉）或不少于 3：两名裁判去掉最高最低分后无分可取"))
        return value

    def clean_team_best_n(self):
        value = self.cleaned_data.get("team_best_n")
        if value is not None and value < 1:
            raise forms.ValidationError(_("至少为 1，或留空"))
        return value

    def clean(self):
        data = super().clean()
        ratios = [data.get(f) for f in ("first_prize_ratio", "second_prize_ratio", "third_prize_ratio")]
        if all(r is not None for r in ratios):
            if any(r < 0 or r > 1 for r in ratios):
                raise forms.ValidationError(_("获奖比例应在 0 到 1 之间"))
            if sum(ratios) > 1:
                raise forms.ValidationError(_("一、二、三等奖比例之和不能超过 1（100%）"))
        keys = [data.get(f"tie_break_{n + 1}") for n in range(self.TIE_BREAK_LEVELS)]
        keys = [k for k in keys if k]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("并列比较项不能重复"))
        if keys and keys[0] != "total":
            raise forms.ValidationError(_("第 1 项应为总成绩：名次首先按总成绩排列"))
        data["tie_break"] = cascade_to_json([TieBreak(k, k != "time") for k in keys])
        return data

    def settings_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        values["tie_break"] = self.cleaned_data["tie_break"]
        return values


class JudgeAssignForm(CrispyForm, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    is_chief = forms.BooleanField(
        label=_("裁判长"), required=False, help_text=_("每个赛项一名；设为裁判长会替换原裁判长")
    )
    components = forms.ModelMultipleChoiceField(
        label=_("负责评分的项目"),
        queryset=ScoreComponent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示全部项目"),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["components"].queryset = event.components.order_by("order", "id")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("没有这个用户：请先由管理员创建账号"))
        self.user = user
        return username


class JudgeEventsForm(CrispyForm, forms.Form):
    """One judge (an account holding 裁判 in the organiser's subtree, or by username) for several events."""

    judge = forms.ModelChoiceField(label=_("裁判账号"), queryset=None, required=False, empty_label=_("请选择"))
    username = forms.CharField(label=_("或填写用户名"), max_length=150, required=False)
    events = forms.ModelMultipleChoiceField(
        label=_("赛项"), queryset=Event.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_chief = forms.BooleanField(label=_("担任裁判长"), required=False,
                                  help_text=_("每个赛项一名；会替换所选赛项原来的裁判长"))

    def __init__(self, *args, competition, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges
        self.fields["judge"].label_from_instance = lambda u: (
            f"{u.get_full_name()}（{u.username}）" if u.get_full_name() else u.username
        )
        self.fields["events"].queryset = competition.events.order_by("id")

    def clean(self):
        data = super().clean()
        user = data.get("judge")
        username = (data.get("username") or "").strip()
        if user is None and username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                self.add_error("username", _("没有这个用户：请先在“账号管理”中创建"))
        elif user is None:
            self.add_error("judge", _("请选择裁判账号或填写用户名"))
        self.user = user
        return data
