"""Scoring pages (issue 4): judges' mark sheets, import, results, lock/reopen, publication,
standings, eligibility and the results book. Reads in selectors, writes in services.

A competition outside the user's scope that he does not judge answers 404; a page he sees but may
not use answers 403 (``selectors.access.require`` raises NotAllowed). Refused steps are shown with
``core.errors.show_error``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, show_error
from core.exports import ExportError
from core.jobs import action_job_start, job_builder
from core.jobs import threshold as job_threshold

from ..exporters.results import EligibleExporter, ResultsBookExporter
from ..forms.scoring import (
    JudgeAssignForm,
    JudgeEventsForm,
    LockForm,
    MarkSheetForm,
    PublishForm,
    ReasonForm,
    ScoringSettingsForm,
)
from ..models import Entry, EntryStatus, Event, EventKind, JudgeAssignment
from ..selectors.access import competition_get_for_scoring, event_get_for_scoring, is_manager, require
from ..selectors.competitions import competition_event_overview
from ..selectors.eligibility import competition_eligibility_rules, eligible_for_result, eligible_results
from ..selectors.entries import entries_for_marking
from ..selectors.events import cascade_labels, event_components, event_is_demo, prize_rule_lines
from ..selectors.judges import (
    competition_events_with_judges,
    judge_candidates,
    judge_tasks,
    mark_counts_by_judge,
)
from ..selectors.marks import entry_component_breakdown, entry_score_changes, marks_of_judge
from ..selectors.recusals import MIN_PANEL, event_conflicts
from ..selectors.results import event_result_rows, publish_preview, results_are_stale
from ..selectors.standings import (
    delegation_standings_for,
    event_team_standings,
    events_team_standings,
    prize_points_labels,
)
from ..services import events as event_services
from ..services import judges as judge_services
from ..services import marks as mark_services
from ..services import recusals as recusal_services
from ..services import results as result_services


def _event(request, slug, event_pk):
    return event_get_for_scoring(request.user, slug=slug, event_pk=event_pk)


def _results_url(event):
    return reverse("competitions:event_results", args=[event.competition.slug, event.pk])


# --- overview ------------------------------------------------------------------------------------


@login_required
def scoring_tasks(request):
    return render(request, "competitions/scoring/tasks.html", {"assignments": judge_tasks(request.user)})


@login_required
def competition_scoring(request, slug):
    competition, full, judged = competition_get_for_scoring(request.user, slug=slug)
    events = competition_event_overview(competition, None if full else judged)
    return render(
        request,
        "competitions/scoring/competition.html",
        {
            "competition": competition,
            "events": events,
            "full": full,
            "judged": judged,
            "is_manager": full and is_manager(request.user, competition),
        },
    )


# --- judges' marks -------------------------------------------------------------------------------


@login_required
def mark_sheet(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_judge)
    components = [c for c in event_components(event) if access.marks_component(c)]

    def fresh_form(data=None):
        return MarkSheetForm(
            data,
            entries=entries_for_marking(event, request.user),
            components=components,
            marks=marks_of_judge(event, request.user),
            uses_time=event.uses_time,
            locked=event.scores_locked,
        )

    conflicts = []
    if request.method == "POST":
        if event.scores_locked:
            messages.error(request, _("成绩已锁定，不能修改"))
            return redirect(request.path)
        form = fresh_form(request.POST)
        if form.is_valid():
            saved, conflicts, problems, data = _save_changes(request, form)
            if not conflicts and not problems:
                if saved:
                    messages.success(request, _("已保存 %(n)d 项") % {"n": saved})
                else:
                    messages.info(request, _("没有修改"))
                return redirect(request.path)
            # Nothing was saved. The judge's values stay in the sheet; the conflicts are listed above
            # it with what is stored now, so nothing is silently lost or overwritten.
            messages.error(request, _("本次没有保存任何成绩，请处理下列问题后再次保存"))
            for problem in problems:
                messages.error(request, problem)
            form = fresh_form(data if data is not None else request.POST)
    else:
        form = fresh_form()
    component_ids = {c.pk for c in components}
    done = sum(1 for m in marks_of_judge(event, request.user).values() if m.component_id in component_ids)
    return render(
        request,
        "competitions/scoring/mark_sheet.html",
        {
            "event": event,
            "competition": event.competition,
            "access": access,
            "form": form,
            "components": components,
            "conflicts": conflicts,
            "done": done,
            "recusable": form.entries,
            "cells": len(form.entries) * len(components),
        },
    )


def _save_changes(request, form):
    """Save the sheet all or nothing; on a conflict keep the judge's values in the re-shown form,
    with the conflicting cells moved to what is stored now (saving again then means "mine wins")."""
    result = mark_services.mark_sheet_save(changes=form.changes(), by=request.user)
    conflicts, problems, data = [], [], None
    for change, conflict in result.conflicts:
        what = change.component.name if change.component else _("用时")
        conflicts.append({"entry": change.entry, "what": what, "yours": change.value, "conflict": conflict})
        if data is None:
            data = request.POST.copy()
        current = conflict.current_value
        data[f"initial-{change.field_name}"] = "" if current is None else str(current)
        data[change.version_name] = str(conflict.current_version)
    for change, exc in result.problems:
        what = change.component.name if change.component else _("用时")
        problems.append(f"{change.entry.person.name} {what}：{exc}")
    return result.saved, conflicts, problems, data


@login_required
def entry_scores(request, slug, event_pk, entry_pk):
    event, access = _event(request, slug, event_pk)
    entry = get_object_or_404(
        Entry.objects.select_related("person", "delegation", "team", "event__competition"), pk=entry_pk, event=event
    )
    components = event_components(event)
    breakdown = entry_component_breakdown(entry, components)
    own_only = not access.can_see_results
    if own_only:
        # Judges mark blind: their own marks only, no aggregate.
        for part in breakdown:
            part.marks = [m for m in part.marks if m.judge_id == request.user.pk]
            part.imported = None
            part.score = None
    result = getattr(entry, "result", None) if access.can_see_results else None
    eligibility = []
    if result is not None and result.rank is not None:
        rules, _problems = competition_eligibility_rules(event.competition)
        eligibility = eligible_for_result(result, rules)
    changes = entry_score_changes(entry, only_by=request.user if own_only else None)
    return render(
        request,
        "competitions/scoring/entry.html",
        {
            "event": event,
            "competition": event.competition,
            "entry": entry,
            "access": access,
            "breakdown": breakdown,
            "result": result,
            "eligibility": eligibility,
            "changes": changes,
            "own_only": own_only,
        },
    )


# --- results -------------------------------------------------------------------------------------


@login_required
def event_results(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.can_see_results)
    rows = event_result_rows(event, with_eligibility=True)
    ranked = sum(1 for r in rows if r.ranked)
    rules, rule_problems = competition_eligibility_rules(event.competition)
    try:
        cascade = cascade_labels(event)
    except ValueError as exc:
        cascade = []
        messages.error(request, _("“并列处理顺序”设置有误：%(error)s") % {"error": exc})
    return render(
        request,
        "competitions/scoring/results.html",
        {
            "event": event,
            "competition": event.competition,
            "access": access,
            "rows": rows,
            "components": event_components(event),
            "ranked": ranked,
            "prize_lines": prize_rule_lines(event, ranked),
            "cascade": cascade,
            "stale": results_are_stale(event),
            "rule_problems": rule_problems,
            "has_rules": bool(rules),
            "log": event.score_changes.filter(entry__isnull=True).select_related("changed_by").order_by("-changed_at"),
            "team_standings": event_team_standings(event) if event.kind == EventKind.TEAM else None,
            "demo": event_is_demo(event),
        },
    )


def _computed_message(summary) -> str:
    return _("成绩已计算：%(ranked)d 人参加排名，%(unscored)d 人评分不完整，%(excluded)d 人退赛或取消资格") % {
        "ranked": summary.ranked,
        "unscored": summary.unscored,
        "excluded": summary.excluded,
    }


@job_builder
def compute_results_action(user, *, event: int, progress=None) -> str:
    """计算成绩 of an event with more entries than JIANGXIN_JOB_THRESHOLD_ROWS, as a background job
    (the view checked the user's right before queueing it; the service checks it again)."""
    event_obj = Event.objects.select_related("competition").get(pk=event)
    total = event_obj.entries.count()
    if progress is not None:
        progress(0, total, "计算")
    summary = result_services.event_compute_results(event=event_obj, by=user)
    if progress is not None:
        progress(total, total, "完成")
    return _computed_message(summary)


@login_required
@require_POST
def event_compute(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager or access.is_chief)
    if event.entries.count() > job_threshold():
        job = action_job_start(
            owner=request.user,
            title=_("计算成绩：%(event)s") % {"event": f"{event.competition.name} {event.name}"},
            builder=compute_results_action,
            done_url=_results_url(event),
            event=event.pk,
        )
        return redirect("core:job_detail", pk=job.pk)
    try:
        summary = result_services.event_compute_results(event=event, by=request.user)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _computed_message(summary))
    return redirect(_results_url(event))


def _confirm_step(request, event, access, form, *, action, success, title, button, explanation, extra=None):
    """A step that asks for a reason or note first: on a valid POST run it, else show the confirm page.

    `extra` (a callable) adds context computed only when the page is shown.
    """
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, success)
        return redirect(_results_url(event))
    context = {
        "event": event,
        "competition": event.competition,
        "access": access,
        "form": form,
        "title": title,
        "button": button,
        "explanation": explanation,
        **(extra() if extra else {}),
    }
    return render(request, "competitions/scoring/confirm.html", context)


def _incomplete_rows(event):
    return [r for r in event_result_rows(event) if r.entry.status == EntryStatus.REGISTERED and r.total is None]


@login_required
def event_lock(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_chief)
    return _confirm_step(
        request,
        event,
        access,
        LockForm(request.POST or None),
        action=lambda data: result_services.event_lock_scores(event=event, by=request.user, reason=data["note"]),
        success=_("成绩已锁定"),
        title=_("锁定成绩"),
        button=_("锁定成绩"),
        explanation=_("锁定后，裁判不能再修改评分、用时，也不能再导入成绩；只有组织者可以填写原因后重新开放。"),
        extra=lambda: {"incomplete": _incomplete_rows(event)},
    )


@login_required
def event_reopen(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    explanation = _("重新开放后裁判可以修改评分，需由裁判长重新锁定。")
    if event.results_published:
        explanation += _("已公布的成绩将同时撤回，重新锁定后需再次公布。")
    return _confirm_step(
        request,
        event,
        access,
        ReasonForm(request.POST or None),
        action=lambda data: result_services.event_reopen_scores(event=event, by=request.user, reason=data["reason"]),
        success=_("已重新开放评分"),
        title=_("重新开放评分"),
        button=_("重新开放"),
        explanation=explanation,
    )


@login_required
def event_publish(request, slug, event_pk):
    """公布成绩: a confirmation page first (what becomes public, to whom, how many entries), like the lock."""
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    return _confirm_step(
        request,
        event,
        access,
        PublishForm(request.POST or None),
        action=lambda data: result_services.event_publish_results(event=event, by=request.user),
        success=_("成绩已公布"),
        title=_("公布成绩"),
        button=_("确认公布"),
        explanation=_(
            "公布后，下列内容将出现在无需登录的公开成绩页面上，任何人都可以查看；"
            "公开页面只显示名次、姓名、代表队（参赛队）、总成绩和奖项，不显示身份证号、电话和出生日期。"
            "如需更正，组织者可填写原因撤回公布。"
        ),
        extra=lambda: {"publish": publish_preview(event)},
    )


@login_required
def event_unpublish(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    return _confirm_step(
        request,
        event,
        access,
        ReasonForm(request.POST or None),
        action=lambda data: result_services.event_unpublish_results(
            event=event, by=request.user, reason=data["reason"]
        ),
        success=_("已撤回公布"),
        title=_("撤回公布"),
        button=_("撤回公布"),
        explanation=_("撤回后公开成绩页不再显示本赛项成绩。"),
    )


# --- settings and judges -------------------------------------------------------------------------


@login_required
def scoring_settings(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    components = event_components(event)
    form = ScoringSettingsForm(request.POST or None, instance=event, components=components)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_update_scoring_settings(event=event, by=request.user, **form.settings_values())
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("评分设置已保存；请重新计算成绩"))
            return redirect(_results_url(event))
    return render(
        request,
        "competitions/scoring/settings.html",
        {"event": event, "competition": event.competition, "access": access, "form": form, "components": components},
    )


@login_required
@require_POST
def recuse(request, slug, event_pk):
    """A judge declares a conflict with one entry of his mark sheet (执裁回避, with the reason)."""
    event, access = _event(request, slug, event_pk)
    require(access.is_judge)
    entry_pk = request.POST.get("entry", "")
    entry = get_object_or_404(Entry, pk=int(entry_pk) if entry_pk.isdigit() else 0, event=event)
    try:
        recusal_services.recusal_declare(
            entry=entry, judge=request.user, reason=request.POST.get("reason", ""), by=request.user
        )
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("已申明回避 %(bib)s %(name)s") % {"bib": entry.bib, "name": entry.person.name})
    return redirect("competitions:mark_sheet", slug, event.pk)


@login_required
def judges(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    form = JudgeAssignForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            judge_services.judge_assign(
                event=event,
                user=form.user,
                by=request.user,
                is_chief=form.cleaned_data["is_chief"],
                components=form.cleaned_data["components"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("已设置裁判 %(user)s") % {"user": form.user.get_full_name() or form.user})
            return redirect(request.path)
    assignments = (
        JudgeAssignment.objects.filter(event=event)
        .select_related("user")
        .prefetch_related("components")
        .order_by("-is_chief", "user__username")
    )
    counts = mark_counts_by_judge(event)
    conflicts = event_conflicts(event)
    return render(
        request,
        "competitions/scoring/judges.html",
        {
            "event": event,
            "competition": event.competition,
            "access": access,
            "form": form,
            "assignments": [
                (a, counts.get(a.user_id, 0), conflicts.by_judge.get(a.user_id, [])) for a in assignments
            ],
            "small_panels": conflicts.small_panels,
            "min_panel": MIN_PANEL,
        },
    )


@login_required
@require_POST
def judge_remove(request, slug, event_pk, assignment_pk):
    event, access = _event(request, slug, event_pk)
    require(access.is_manager)
    assignment = get_object_or_404(JudgeAssignment, pk=assignment_pk, event=event)
    try:
        judge_services.judge_unassign(assignment=assignment, by=request.user)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("已移除裁判"))
    return redirect("competitions:event_judges", slug, event.pk)


# --- competition-wide: book, standings, eligibility ----------------------------------------------


def _competition_full(request, slug, *, manage=False):
    competition, full, _judged = competition_get_for_scoring(request.user, slug=slug)
    require(full and (not manage or is_manager(request.user, competition)))
    return competition


@login_required
def results_book(request, slug):
    competition = _competition_full(request, slug, manage=True)
    try:
        # ?event= (number or name): the exporter's own parameters, validated by its form.
        exporter = ResultsBookExporter.from_query(request.GET, user=request.user, competition=competition)
        return exporter.response()
    except ExportError as exc:
        messages.error(request, str(exc))
        return redirect("competitions:competition_scoring", competition.slug)


@login_required
def standings(request, slug):
    competition = _competition_full(request, slug)
    events = list(competition.events.order_by("pk"))
    computed = [e for e in events if e.results_computed_at]
    teams = events_team_standings(computed)
    return render(
        request,
        "competitions/scoring/standings.html",
        {
            "competition": competition,
            "delegations": delegation_standings_for(competition),
            "points": prize_points_labels(competition),
            "teams": [(e, teams[e.pk]) for e in computed],
            "unpublished": [e for e in events if not e.results_published],
        },
    )


@login_required
def eligible_list(request, slug):
    competition = _competition_full(request, slug)
    include_all = request.GET.get("all") == "1"
    if request.GET.get("format") == "xlsx":
        require(is_manager(request.user, competition))
        try:
            # ?all=1: the exporter's include_unpublished (its alias), validated by its form.
            return EligibleExporter.from_query(request.GET, user=request.user, competition=competition).response()
        except ExportError as exc:
            messages.error(request, str(exc))
            return redirect("competitions:eligible_list", competition.slug)
    rules, problems = competition_eligibility_rules(competition)
    return render(
        request,
        "competitions/scoring/eligible.html",
        {
            "competition": competition,
            "pairs": eligible_results(competition, published_only=not include_all),
            "rules": rules,
            "problems": problems,
            "include_all": include_all,
            "is_manager": is_manager(request.user, competition),
        },
    )


@login_required
def competition_judges(request, slug):
    """裁判分派 for the whole competition: every event's judges, and one judge for several events at once."""
    competition, full, _judged = competition_get_for_scoring(request.user, slug=slug)
    require(full and is_manager(request.user, competition))
    form = JudgeEventsForm(request.POST or None, competition=competition, judges=judge_candidates(competition))
    if request.method == "POST" and form.is_valid():
        try:
            changed = judge_services.judges_assign_to_events(
                events=form.cleaned_data["events"], user=form.user, by=request.user,
                is_chief=form.cleaned_data["is_chief"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            who = form.user.get_full_name() or form.user.username
            if changed:
                names = "、".join(e.name for e in changed)
                messages.success(request, _("已将 %(who)s 分派到 %(n)s 个赛项：%(names)s") % {
                    "who": who, "n": len(changed), "names": names})
            else:
                messages.info(request, _("%(who)s 已是所选赛项的裁判，无需更改") % {"who": who})
            return redirect(request.path)
    return render(request, "competitions/scoring/competition_judges.html", {
        "competition": competition,
        "events": competition_events_with_judges(competition),
        "form": form,
    })
