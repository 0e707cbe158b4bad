"""推荐: create, edit, the detail page with checks and history, each step, answering objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from directory.selectors import user_is_organizer_of

from .. import selectors, services
from ..forms import FLAG_FIELDS, NominationForm, ObjectionAnswerForm, TransitionForm
from ..models import CampaignStatus, NominationStatus, Objection, ObjectionStatus
from . import show_error


@login_required
def nomination_create(request, pk, kind):
    if kind not in ("person", "collective"):
        raise Http404
    campaign = selectors.campaign_get_visible(request.user, pk)
    if not selectors.nominating_orgs_for(request.user, campaign):
        raise Http404
    if campaign.status not in (CampaignStatus.PREPARING, CampaignStatus.NOMINATING):
        messages.error(request, f"本次评选为“{campaign.get_status_display()}”阶段，不能新建推荐")
        return redirect("awards:campaign_detail", pk=pk)
    search = (request.GET.get("q") or "").strip()[:50]
    form = NominationForm(request.POST or None, campaign=campaign, user=request.user, kind=kind, search=search)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            nomination = services.nomination_create(
                campaign=campaign,
                by=request.user,
                nominating_org=d["nominating_org"],
                honor_type=d["honor_type"],
                person=d.get("person"),
                organization=d.get("organization"),
                citation=d["citation"],
                unit_and_title=d["unit_and_title"] or None,
                flags=form.flags() if _flags_touched(request) else None,
                result=d.get("result"),
            )
        except services.AwardsError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "推荐草稿已保存；核对人员类别和事迹后即可上报")
            return redirect("awards:nomination_detail", pk=nomination.pk)
    return render(
        request,
        "awards/nomination_form.html",
        {"form": form, "campaign": campaign, "kind": kind, "nomination": None, "search": search},
    )


def _flags_touched(request) -> bool:
    # The category boxes start unticked on a new nomination: only a explicit "use my ticks" counts,
    # otherwise the person's own categories are taken (services.default_flags).
    return request.POST.get("flags_manual") == "1"


@login_required
def nomination_detail(request, pk):
    nomination = selectors.nomination_get_visible(request.user, pk)
    user = request.user
    campaign = nomination.campaign
    can_manage = selectors.can_manage(user, campaign)
    problems = []
    if nomination.status in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        problems = services.submission_problems(nomination)
    eligibility = None
    if nomination.result_id:
        ok, rules = selectors.result_eligible_for_honour(nomination.result, nomination.honor_type)
        eligibility = {"ok": ok, "rules": rules}
    person = nomination.person
    can_see_personal = bool(
        person and (user.is_superuser or (person.employer_id and user_is_organizer_of(user, person.employer)))
    )
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "campaign": campaign,
            "findings": selectors.nominee_findings(nomination),
            "problems": problems,
            "actions": services.allowed_actions(user, nomination),
            "can_edit": nomination.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)
            and selectors.can_nominate_for(user, nomination.nominating_org),
            "transitions": nomination.transitions.select_related("by"),
            "objections": selectors.objections_for(nomination),
            "can_manage": can_manage,
            "answer_form": ObjectionAnswerForm(),
            "eligibility": eligibility,
            "flags": [(NominationForm.base_fields[f].label, getattr(nomination, f)) for f in FLAG_FIELDS]
            if nomination.person_id
            else [],
            "can_see_personal_data": can_see_personal,
        },
    )


@login_required
def nomination_edit(request, pk):
    nomination = selectors.nomination_get_visible(request.user, pk)
    if not selectors.can_nominate_for(request.user, nomination.nominating_org):
        raise Http404
    if nomination.status not in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        messages.error(request, f"该推荐当前为“{nomination.get_status_display()}”，不能修改")
        return redirect("awards:nomination_detail", pk=pk)
    kind = "person" if nomination.person_id else "collective"
    initial = {
        "honor_type": nomination.honor_type,
        "unit_and_title": nomination.unit_and_title,
        "citation": nomination.citation,
        "result": nomination.result,
        **{f: getattr(nomination, f) for f in FLAG_FIELDS},
    }
    form = NominationForm(
        request.POST or None,
        campaign=nomination.campaign,
        user=request.user,
        kind=kind,
        nomination=nomination,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.nomination_update(
                nomination=nomination,
                by=request.user,
                citation=d["citation"],
                unit_and_title=d["unit_and_title"],
                flags=form.flags(),
                honor_type=d["honor_type"],
                result=d.get("result"),
            )
        except services.AwardsError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "已保存")
            return redirect("awards:nomination_detail", pk=pk)
    return render(
        request,
        "awards/nomination_form.html",
        {"form": form, "campaign": nomination.campaign, "kind": kind, "nomination": nomination},
    )


@login_required
@require_POST
def nomination_transition(request, pk):
    nomination = selectors.nomination_get_visible(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作无效（意见不超过2000字）")
        return redirect("awards:nomination_detail", pk=pk)
    action = form.cleaned_data["action"]
    try:
        services.NOMINATION_ACTIONS[action](
            nomination=nomination, by=request.user, comment=form.cleaned_data["comment"]
        )
    except services.AwardsError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已{services.NOMINATION_TRANSITIONS[action].label}")
    return redirect("awards:nomination_detail", pk=pk)


@login_required
@require_POST
def objection_answer(request, pk):
    objection = Objection.objects.filter(pk=pk).select_related("nomination").first()
    if objection is None:
        raise Http404
    nomination = selectors.nomination_get_visible(request.user, objection.nomination_id)
    if not selectors.can_manage(request.user, nomination.campaign):
        raise Http404
    form = ObjectionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核查结论并填写答复（不超过2000字）")
    elif objection.status != ObjectionStatus.OPEN:
        messages.error(request, "该异议已经答复，不能重复答复")
    else:
        try:
            services.objection_answer(
                objection=objection,
                by=request.user,
                answer=form.cleaned_data["answer"],
                outcome=form.cleaned_data["outcome"],
            )
        except services.AwardsError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "已答复异议")
    return redirect("awards:nomination_detail", pk=nomination.pk)
