"""资格规则: the organiser sets what the competition's results let people apply for.

The page is a formset, one row per rule; ``?preset=…`` fills it with one of the example sets
(nothing is saved until 保存). 404 outside the user's scope, 403 for those who see but may not manage.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import DomainError

from ..forms.eligibility import EligibilityRuleFormSet, rule_initial
from ..rules.eligibility import RULE_PRESETS, EligibilityRule
from ..selectors.eligibility import competition_eligibility_rules, honor_name_suggestions
from ..services import eligibility as eligibility_services
from .registration import _managed

PREFIX = "rule"


def _preset_rules(competition, key: str) -> tuple[list[EligibilityRule], list[EligibilityRule]]:
    """(fitting, left out): a preset's rules whose level and class conditions this competition meets
    (those conditions dropped, being met), and the others."""
    fitting, left_out = [], []
    for rule in RULE_PRESETS[key][1]:
        if (rule.levels and competition.level not in rule.levels) or (
            rule.classes and competition.competition_class not in rule.classes
        ):
            left_out.append(rule)
        else:
            data = rule.to_dict() | {"levels": [], "classes": []}
            fitting.append(EligibilityRule.from_dict(data))
    return fitting, left_out


@login_required
def eligibility_edit(request, slug):
    competition = _managed(request, slug)
    stored, problems = competition_eligibility_rules(competition)
    preset = request.GET.get("preset") if request.method == "GET" else None
    preset = preset if preset in RULE_PRESETS else None
    left_out: list[EligibilityRule] = []
    if request.method == "POST":
        formset = EligibilityRuleFormSet(request.POST, prefix=PREFIX)
        if formset.is_valid():
            try:
                rules = eligibility_services.competition_set_eligibility_rules(
                    competition=competition, by=request.user, rules=formset.rules()
                )
            except DomainError as exc:
                formset.non_form_errors().extend([exc.message, *exc.details])
            else:
                messages.success(request, f"已保存资格规则（{len(rules)}条）")
                return redirect(reverse("competitions:competition_detail", args=[competition.slug]) + "#eligibility")
    else:
        if preset:
            rules, left_out = _preset_rules(competition, preset)
        else:
            rules = stored
        # Initial values only on GET: with them, a bound row equal to its initial would count as unchanged.
        formset = EligibilityRuleFormSet(initial=rule_initial(rules), prefix=PREFIX)
    return render(
        request,
        "competitions/registration/eligibility_form.html",
        {
            "competition": competition,
            "formset": formset,
            "problems": problems,
            "presets": [(key, label) for key, (label, _rules) in RULE_PRESETS.items()],
            "preset": RULE_PRESETS[preset][0] if preset else "",
            "left_out": left_out,
            "honor_names": honor_name_suggestions(),
        },
    )
