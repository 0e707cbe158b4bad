"""Pages of innovation contests (群众性创新): the contest page, 申报 by the units' contacts, 初选,
the organiser's voting review and settings, the combined results; and the public voting and results
pages (no login, readable on a phone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowed, show_error
from core.exports import ExportError

from ..exporters.innovation import InnovationRosterExporter
from ..forms.innovation import (
    AttachmentForm,
    InnovationSettingsForm,
    PhoneForm,
    PhoneVerifyForm,
    ProjectForm,
    ReasonForm,
    VoterCodeForm,
    VoterCodesCreateForm,
)
from ..models import Prize, Project, ProjectAttachment, ProjectStatus
from ..selectors.competitions import competition_user_can_manage
from ..selectors.innovation import (
    contact_units,
    contest_get_public,
    contest_get_visible,
    innovation_settings_of,
    project_get_for_contact,
    projects_for_contact,
    projects_for_organiser,
    projects_for_voting,
    published_results,
    suspicious_votes,
    votes_for_review,
)
from ..services import innovation_results as result_services
from ..services import projects as project_services
from ..services import votes as vote_services

SESSION_VOTER = "jx_innovation_voter"


def _contest(request, slug):
    competition = contest_get_visible(request.user, slug)
    return competition, competition_user_can_manage(request.user, competition)


def _require_manager(manager: bool) -> None:
    if not manager:
        raise NotAllowed("只有主办单位的组织者可以进行此操作")


@login_required
def contest_home(request, slug):
    competition, manager = _contest(request, slug)
    rules = innovation_settings_of(competition)
    units = contact_units(competition, request.user)
    return render(
        request,
        "competitions/innovation/contest.html",
        {
            "competition": competition,
            "manager": manager,
            "rules": rules,
            "can_submit": units.exists(),
            "projects": projects_for_contact(competition, request.user).order_by("pk"),
        },
    )


@login_required
def project_edit(request, slug, pk=None):
    competition, _manager = _contest(request, slug)
    units = contact_units(competition, request.user)
    project = project_get_for_contact(competition, request.user, pk) if pk else None
    initial = ProjectForm.initial_for(project) if project else {}
    form = ProjectForm(request.POST or None, competition=competition, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_services.project_save(
                competition=competition, data=form.data_object(), by=request.user, project=project
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "已保存")
            return redirect("competitions:innovation_project", competition.slug, project.pk)
    return render(
        request,
        "competitions/innovation/project_form.html",
        {"competition": competition, "form": form, "project": project},
    )


@login_required
def project_detail(request, slug, pk):
    competition, manager = _contest(request, slug)
    project = project_get_for_contact(competition, request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.attachment_add(project=project, upload=form.cleaned_data["file"], by=request.user)
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "附件已上传")
            return redirect(request.path)
    return render(
        request,
        "competitions/innovation/project_detail.html",
        {
            "competition": competition,
            "project": project,
            "form": form,
            "editable": project.status in project_services.EDITABLE,
            "reason_form": ReasonForm(),
            "manager": manager,
        },
    )


@login_required
@require_POST
def project_action(request, slug, pk, action):
    competition, _manager = _contest(request, slug)
    project = project_get_for_contact(competition, request.user, pk)
    try:
        if action == "submit":
            project_services.project_submit(project=project, by=request.user)
            messages.success(request, "已申报")
        elif action == "withdraw":
            project_services.project_withdraw(project=project, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "已撤回")
        else:
            raise Http404
    except DomainError as exc:
        show_error(request, exc)
    return redirect("competitions:innovation_project", competition.slug, project.pk)


@login_required
def attachment_download(request, slug, pk, attachment_pk):
    competition, _manager = _contest(request, slug)
    project = project_get_for_contact(competition, request.user, pk)
    attachment = get_object_or_404(ProjectAttachment, pk=attachment_pk, project=project)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        # the record outlived its file (storage moved or cleaned): a missing page, never a 500
        raise Http404("附件文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_remove(request, slug, pk, attachment_pk):
    competition, _manager = _contest(request, slug)
    project = project_get_for_contact(competition, request.user, pk)
    attachment = get_object_or_404(ProjectAttachment, pk=attachment_pk, project=project)
    try:
        project_services.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as exc:
        show_error(request, exc)
    return redirect("competitions:innovation_project", competition.slug, project.pk)


@login_required
def screening(request, slug):
    competition, manager = _contest(request, slug)
    _require_manager(manager)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        passed = request.POST.get("decision") == "pass"
        try:
            n = project_services.projects_screen(
                competition=competition,
                projects=list(Project.objects.filter(pk__in=ids, competition=competition)),
                passed=passed,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"已{'通过' if passed else '不通过'} {n} 项")
            return redirect(request.path)
    status = request.GET.get("status") or ""
    return render(
        request,
        "competitions/innovation/screening.html",
        {
            "competition": competition,
            "projects": projects_for_organiser(competition, status if status in ProjectStatus.values else None),
            "form": form,
            "status": status,
            "statuses": [s for s in ProjectStatus.choices if s[0] != ProjectStatus.DRAFT],
        },
    )


@login_required
def contest_settings(request, slug):
    competition, manager = _contest(request, slug)
    _require_manager(manager)
    try:
        rules = project_services.innovation_settings_for(competition)
    except DomainError as exc:
        show_error(request, exc)
        return redirect("competitions:competition_detail", competition.slug)
    form = InnovationSettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        project_services.innovation_settings_save(form=form, competition=competition, by=request.user)
        messages.success(request, "已保存")
        return redirect("competitions:innovation_contest", competition.slug)
    return render(request, "competitions/innovation/settings.html", {"competition": competition, "form": form})


@login_required
def votes_review(request, slug):
    competition, manager = _contest(request, slug)
    _require_manager(manager)
    form = ReasonForm(request.POST or None)
    codes_form = VoterCodesCreateForm(
        request.POST if "count" in request.POST else None, units=contact_units(competition, request.user)
    )
    codes = None
    if request.method == "POST" and "count" in request.POST:
        if codes_form.is_valid():
            try:
                codes = vote_services.voter_codes_create(
                    competition=competition,
                    unit=codes_form.cleaned_data["unit"],
                    count=codes_form.cleaned_data["count"],
                    by=request.user,
                )
            except DomainError as exc:
                show_error(request, exc)
    elif request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        try:
            n = vote_services.votes_void(
                competition=competition, vote_ids=ids, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"已作废 {n} 票")
            return redirect(request.path)
    groups = suspicious_votes(competition)
    flagged = {v for g in groups for v in g.vote_ids}
    return render(
        request,
        "competitions/innovation/votes.html",
        {
            "competition": competition,
            "groups": groups,
            "flagged": flagged,
            "votes": votes_for_review(competition)[:300],
            "projects": projects_for_voting(competition),
            "form": form,
            "codes_form": codes_form,
            "codes": codes,
        },
    )


@login_required
def results_manage(request, slug):
    competition, manager = _contest(request, slug)
    _require_manager(manager)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "compute":
                n = result_services.innovation_compute(competition=competition, by=request.user)
                messages.success(request, f"已计算 {n} 项成果的综合成绩")
            elif action in ("publish", "unpublish"):
                result_services.innovation_publish(
                    competition=competition, by=request.user, publish=action == "publish"
                )
                messages.success(request, "已公布" if action == "publish" else "已撤回公布")
        except DomainError as exc:
            show_error(request, exc)
        return redirect(request.path)
    rules = innovation_settings_of(competition)
    projects = (
        Project.objects.filter(competition=competition, status=ProjectStatus.PASSED)
        .select_related("category", "unit", "entry")
        .order_by("rank", "pk")
    )
    return render(
        request,
        "competitions/innovation/results.html",
        {"competition": competition, "rules": rules, "projects": projects, "categories": competition.events.all()},
    )


@login_required
def roster_export(request, slug):
    competition, manager = _contest(request, slug)
    _require_manager(manager)
    try:
        return InnovationRosterExporter(user=request.user, competition=competition.slug).response()
    except ExportError as exc:
        show_error(request, exc)
        return redirect("competitions:innovation_results", competition.slug)


# --- public: no login -------------------------------------------------------------------------------


def _origin(request) -> str:
    return vote_services.origin_hash(request.META.get("REMOTE_ADDR", ""))


def _voter(request, competition):
    return (request.session.get(SESSION_VOTER) or {}).get(str(competition.pk))


def _set_voter(request, competition, key, kind):
    voters = request.session.get(SESSION_VOTER) or {}
    voters[str(competition.pk)] = [key, kind]
    request.session[SESSION_VOTER] = voters


def public_vote(request, slug):
    competition = contest_get_public(slug)
    rules = innovation_settings_of(competition)
    if rules is None:
        raise Http404
    code_form = VoterCodeForm(request.POST if request.POST.get("step") == "code" else None)
    phone_form = PhoneForm(request.POST if request.POST.get("step") == "phone" else None)
    verify_form = PhoneVerifyForm(request.POST if request.POST.get("step") == "verify" else None)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "code" and code_form.is_valid() and rules.allow_code:
                key = vote_services.voter_code_key(competition, code_form.cleaned_data["code"])
                if key is None:
                    raise vote_services.VoteRefused("投票码无效")
                _set_voter(request, competition, key, "code")
                return redirect(request.path)
            if step == "phone" and phone_form.is_valid():
                vote_services.phone_code_send(
                    competition=competition, phone=phone_form.cleaned_data["phone"], origin=_origin(request)
                )
                messages.info(request, "验证码已发送")
                verify_form = PhoneVerifyForm(initial={"phone": phone_form.cleaned_data["phone"]})
            if step == "verify" and verify_form.is_valid():
                key = vote_services.phone_code_verify(
                    competition=competition,
                    phone=verify_form.cleaned_data["phone"],
                    code=verify_form.cleaned_data["code"],
                )
                _set_voter(request, competition, key, "phone")
                return redirect(request.path)
            if step == "logout":
                _set_voter(request, competition, None, None)
                return redirect(request.path)
        except DomainError as exc:
            show_error(request, exc)
    voter = _voter(request, competition)
    return render(
        request,
        "competitions/innovation/public_vote.html",
        {
            "competition": competition,
            "rules": rules,
            "projects": projects_for_voting(competition),
            "voter": voter if voter and voter[0] else None,
            "code_form": code_form,
            "phone_form": phone_form,
            "verify_form": verify_form,
            "sent": request.POST.get("step") == "phone" and phone_form.is_valid(),
        },
    )


@require_POST
def public_vote_cast(request, slug, pk):
    competition = contest_get_public(slug)
    project = get_object_or_404(Project.objects.select_related("competition"), pk=pk, competition=competition)
    voter = _voter(request, competition)
    if not voter or not voter[0]:
        messages.error(request, "请先验证身份（投票码或手机验证码）")
        return redirect("competitions:innovation_vote", competition.slug)
    try:
        vote_services.vote_cast(project=project, voter_key=voter[0], voter_kind=voter[1], origin=_origin(request))
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已为“{project.title}”投票")
    return redirect(f"{_vote_url(competition)}#p{project.pk}")


def _vote_url(competition):
    return reverse("competitions:innovation_vote", args=[competition.slug])


def public_results(request, slug):
    competition = contest_get_public(slug)
    rows = published_results(competition)
    if rows is None:
        raise Http404
    rules = innovation_settings_of(competition)
    return render(
        request,
        "competitions/innovation/public_results.html",
        {
            "competition": competition,
            "rows": rows,
            "rules": rules,
            "vote_weight": 1 - rules.review_weight,
            "demo": any(p.is_demo for p in rows),
            "no_prize": Prize.NONE,
        },
    )
