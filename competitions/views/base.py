from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors.access import competition_scoring_links
from ..selectors.competitions import competition_get_visible, competition_user_can_manage
from ..selectors.eligibility import competition_eligibility_rules, rule_conditions
from ..services.competitions import registration_overdue
from .registration import competition_list_page


@login_required
def competition_list(request):
    # django-tables2 + django-filter list (issue 3): competitions/views/registration.py
    return competition_list_page(request)


@login_required
def competition_detail(request, slug):
    competition = competition_get_visible(request.user, slug=slug)
    can_manage = competition_user_can_manage(request.user, competition)
    rules, problems = competition_eligibility_rules(competition)
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "status_changes": competition.status_changes.select_related("changed_by"),
            "scoring": competition_scoring_links(request.user, competition),
            "registration_overdue": registration_overdue(competition) and can_manage,
            "can_manage": can_manage,
            "eligibility_rules": [(rule, rule_conditions(rule)) for rule in rules],
            "eligibility_problems": problems,
        },
    )
