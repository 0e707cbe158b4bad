"""推荐: create, edit, the detail page with checks and history, each step, answering objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowed, show_error
from directory.selectors import user_is_organizer_of

from ..forms.nominations import FLAG_FIELDS, NominationForm, ObjectionAnswerForm, TransitionForm
from ..models import (
    CAMPAIGN_TAKES_NOMINATIONS,
    NOMINATION_FLAG_LABELS,
    NOMINATION_PENDING,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from ..selectors.campaigns import campaign_get_visible, nominating_orgs_for
from ..selectors.nominations import (
    nomination_get_visible,
    nominations_of_campaign,
    nominee_findings,
    objections_for,
)
from ..selectors.results import result_eligible_for_honour
from ..selectors.roles import can_manage, can_nominate_for, can_review
from ..services import nominations as nomination_services
from ..services import objections as objection_services


@login_required
def nomination_create(request, pk, kind):
    if kind not in ("person", "collective"):
        raise Http404
    campaign = campaign_get_visible(request.user, pk)
    if not nominating_orgs_for(request.user, campaign):
        raise NotAllowed("只有推荐单位的组织者可以在本次评选中推荐")
    if campaign.status not in CAMPAIGN_TAKES_NOMINATIONS:
        messages.error(request, f"本次评选为“{campaign.get_status_display()}”阶段，不能新建推荐")
        return redirect("awards:campaign_detail", pk=pk)
    search = (request.GET.get("q") or "").strip()[:50]
    form = NominationForm(request.POST or None, campaign=campaign, user=request.user, kind=kind, search=search)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            nomination = nomination_services.nomination_create(
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
        except DomainError as exc:
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
    # otherwise the person's own categories are taken (nomination_services.default_flags).
    return request.POST.get("flags_manual") == "1"


@login_required
def nomination_detail(request, pk):
    nomination = nomination_get_visible(request.user, pk)
    user = request.user
    campaign = nomination.campaign
    manages = can_manage(user, campaign)
    problems = []
    if nomination.status in NOMINATION_PENDING:
        problems = nomination_services.submission_problems(nomination)
    eligibility = None
    if nomination.result_id:
        ok, rules = result_eligible_for_honour(nomination.result, nomination.honor_type)
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
            "findings": nominee_findings(nomination),
            "problems": problems,
            "actions": nomination_services.allowed_actions(user, nomination),
            "can_edit": nomination.status in NOMINATION_PENDING and can_nominate_for(user, nomination.nominating_org),
            "transitions": nomination.transitions.select_related("by"),
            "objections": objections_for(nomination, identified=manages),
            "can_manage": manages,
            "answer_form": ObjectionAnswerForm(),
            "transition_form": TransitionForm(),
            "eligibility": eligibility,
            "flags": [(label, getattr(nomination, f)) for f, label in NOMINATION_FLAG_LABELS.items()]
            if nomination.person_id
            else [],
            "can_see_personal_data": can_see_personal,
        },
    )


@login_required
def nomination_edit(request, pk):
    nomination = nomination_get_visible(request.user, pk)
    if not can_nominate_for(request.user, nomination.nominating_org):
        raise NotAllowed("只有推荐单位的组织者可以修改推荐")
    if nomination.status not in NOMINATION_PENDING:
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
            nomination_services.nomination_update(
                nomination=nomination,
                by=request.user,
                citation=d["citation"],
                unit_and_title=d["unit_and_title"],
                flags=form.flags(),
                honor_type=d["honor_type"],
                result=d.get("result"),
            )
        except DomainError as exc:
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
    nomination = nomination_get_visible(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作无效（意见不超过2000字）")
        return redirect("awards:nomination_detail", pk=pk)
    action = form.cleaned_data["action"]
    try:
        nomination_services.NOMINATION_ACTIONS[action](
            nomination=nomination, by=request.user, comment=form.cleaned_data["comment"]
        )
    except NotAllowed:
        raise  # seen but not allowed: 403, not a message
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已{nomination_services.NOMINATION_TRANSITIONS[action].label}")
    return redirect("awards:nomination_detail", pk=pk)


@login_required
@require_POST
def objection_answer(request, pk):
    objection = Objection.objects.filter(pk=pk).select_related("nomination").first()
    if objection is None:
        raise Http404
    nomination = nomination_get_visible(request.user, objection.nomination_id)
    if not can_manage(request.user, nomination.campaign):
        raise NotAllowed(f"只有{nomination.campaign.conferring_org.name}的组织者可以答复异议")
    form = ObjectionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核查结论并填写答复（不超过2000字）")
    elif objection.status != ObjectionStatus.OPEN:
        messages.error(request, "该异议已经答复，不能重复答复")
    else:
        try:
            objection_services.objection_answer(
                objection=objection,
                by=request.user,
                answer=form.cleaned_data["answer"],
                outcome=form.cleaned_data["outcome"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "已答复异议")
    return redirect("awards:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_bulk(request, pk):
    """批量审核: the ticked nominations of a campaign → a confirmation page listing what will happen
    to each → 审核通过 / 退回修改 for all of them at once (all or none), each step recorded."""
    campaign = campaign_get_visible(request.user, pk)
    if not can_review(request.user, campaign):
        raise NotAllowed(f"只有{campaign.conferring_org.name}的评审或组织者可以审核推荐")
    action = request.POST.get("action", "")
    if action not in nomination_services.BULK_ACTIONS:
        messages.error(request, "请选择批量操作：审核通过或退回修改")
        return redirect("awards:campaign_detail", pk=pk)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()][:1000]
    chosen = list(
        nominations_of_campaign(request.user, campaign).filter(pk__in=ids)
        .select_related("campaign", "honor_type", "nominating_org", "person", "organization")
    )
    if not chosen:
        messages.error(request, "请先勾选要处理的推荐")
        return redirect("awards:campaign_detail", pk=pk)
    transition = nomination_services.NOMINATION_TRANSITIONS[action]
    reason = (request.POST.get("reason") or "").strip()
    reason_error = ""
    if request.POST.get("confirm") == "1":
        if transition.needs_comment and not reason:
            reason_error = f"{transition.label}须填写意见"
        else:
            try:
                done = nomination_services.nominations_bulk_apply(
                    nominations=chosen, action=action, by=request.user, comment=reason[:2000]
                )
            except DomainError as exc:
                if isinstance(exc, NotAllowed):
                    raise
                show_error(request, exc)
            else:
                messages.success(request, f"已{transition.label} {len(done)} 项推荐")
                return redirect("awards:campaign_detail", pk=pk)
    rows = [
        (n.recipient_name, f"{n.honor_type.name} · {n.nominating_org.name} · {n.get_status_display()}",
         nomination_services.nomination_bulk_problem(n, action))
        for n in chosen
    ]
    return render(request, "core/bulk_confirm.html", {
        "title": f"批量{transition.label}：{campaign.name}",
        "explanation": f"以下 {len(rows)} 项推荐将{transition.label}，每一项都记入流程记录。"
        + ("退回后推荐单位可以修改再上报。" if action == "return" else ""),
        "rows": rows,
        "outcome": f"{transition.label}（→ {NominationStatus(transition.target).label}）",
        "blocked": sum(1 for r in rows if r[2]),
        "ids": [n.pk for n in chosen],
        "hidden": [("action", action)],
        "reason_label": "退回意见" if action == "return" else "审核意见（可不填）",
        "reason_required": transition.needs_comment,
        "reason": reason,
        "reason_error": reason_error,
        "button": f"确认{transition.label} {len(rows)} 项",
        "danger": action == "return",
        "action_url": reverse("awards:nomination_bulk", args=[pk]),
        "back_url": reverse("awards:campaign_detail", args=[pk]),
    })
