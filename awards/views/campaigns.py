"""评选批次: list, create/edit (with quota and rule formsets), the checker page, stage steps."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from competitions.models import Result
from core.errors import DomainError, NotAllowed, show_error
from core.pagecache import row_stamps
from core.tables import configure_table, narrow_sort
from core.text import match_key

from ..forms.campaigns import (
    CampaignForm,
    ConferForm,
    FromResultsForm,
    OverrideForm,
    QuotaFormSet,
    RuleFormSet,
    StartNoticeForm,
    quota_initial,
    rule_initial,
)
from ..forms.filters import CampaignFilter, NominationFilter
from ..models import CAMPAIGN_EDITABLE, CAMPAIGN_TAKES_NOMINATIONS, NOMINATION_DEAD, CampaignStatus, NominationStatus
from ..selectors.campaigns import (
    campaign_get_visible,
    campaign_list_visible,
    campaign_records,
    nominating_orgs_for,
    notice_warnings,
    units_without_nominations,
)
from ..selectors.checks import (
    COUNTED_MODELS,
    STAGE_LABELS,
    STAGE_NOTICE,
    STAGE_SUBMIT,
    campaign_check,
    campaign_checks,
)
from ..selectors.nominations import (
    confer_candidates,
    nomination_list_rows,
    nominations_of_campaign,
    open_objections_of,
)
from ..selectors.results import eligible_results
from ..selectors.roles import campaign_sees_all, can_manage, can_review, conferring_orgs_for
from ..services import campaigns as campaign_services
from ..services import from_results as draft_services
from ..services import quotas as quota_services
from .tables import NominationTable


def _manageable(request, pk):
    """The campaign if the user organises its conferring organisation: 404 outside the user's scope,
    403 when visible but not the user's to manage."""
    campaign = campaign_get_visible(request.user, pk)
    if not can_manage(request.user, campaign):
        raise NotAllowed(f"只有{campaign.conferring_org.name}的组织者可以进行此操作")
    return campaign


@login_required
def campaign_list(request):
    campaign_filter = CampaignFilter(request.GET, queryset=campaign_list_visible(request.user))
    return render(
        request,
        "awards/campaign_list.html",
        {
            "filter": campaign_filter,
            "campaigns": campaign_filter.qs.order_by("-year", "name"),
            "can_create": conferring_orgs_for(request.user).exists(),
        },
    )


@login_required
def campaign_create(request):
    if not conferring_orgs_for(request.user).exists():
        raise NotAllowed("只有工会组织者可以创建评选")
    form = CampaignForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = campaign_services.campaign_create(
                by=request.user,
                name=d["name"],
                conferring_org=d["conferring_org"],
                year=d["year"],
                honor_types=d["honor_types"],
                nomination_deadline=d["nomination_deadline"],
                citation_max_chars=d["citation_max_chars"],
                notice_working_days=d["notice_working_days"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "评选已创建，请设置各推荐单位的名额和比例要求")
            return redirect("awards:campaign_edit", pk=campaign.pk)
    return render(request, "awards/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, pk):
    campaign = _manageable(request, pk)
    editable = campaign.status in CAMPAIGN_EDITABLE
    if request.method == "POST":
        form = CampaignForm(request.POST, instance=campaign, user=request.user)
        quotas = QuotaFormSet(request.POST, prefix="quota", form_kwargs={"campaign": campaign})
        rules = RuleFormSet(request.POST, prefix="rule", form_kwargs={"campaign": campaign})
        valid = form.is_valid() and (not editable or (quotas.is_valid() and rules.is_valid()))
        if valid:
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    if editable:
                        campaign_services.campaign_update(
                            campaign=campaign,
                            by=request.user,
                            honor_types=d["honor_types"],
                            name=d["name"],
                            year=d["year"],
                            nomination_deadline=d["nomination_deadline"],
                            citation_max_chars=d["citation_max_chars"],
                            notice_working_days=d["notice_working_days"],
                            decision_number=d["decision_number"],
                            decision_date=d["decision_date"],
                        )
                        quota_services.campaign_set_quotas(campaign=campaign, by=request.user, quotas=quotas.specs())
                        quota_services.campaign_set_rules(campaign=campaign, by=request.user, rules=rules.specs())
                    else:
                        campaign_services.campaign_update(
                            campaign=campaign,
                            by=request.user,
                            decision_number=d["decision_number"],
                            decision_date=d["decision_date"],
                        )
            except DomainError as exc:
                show_error(request, exc)
            else:
                messages.success(request, "已保存")
                return redirect("awards:campaign_detail", pk=campaign.pk)
    else:
        form = CampaignForm(instance=campaign, user=request.user)
        quotas = QuotaFormSet(prefix="quota", initial=quota_initial(campaign), form_kwargs={"campaign": campaign})
        rules = RuleFormSet(prefix="rule", initial=rule_initial(campaign), form_kwargs={"campaign": campaign})
    return render(
        request,
        "awards/campaign_form.html",
        {"form": form, "campaign": campaign, "quotas": quotas, "rules": rules, "editable": editable},
    )


@login_required
def campaign_detail(request, pk):
    """The campaign: its settings, the quota and composition check (counted by the database, never
    by loading the nominations) and its nominations, a page at a time."""
    campaign = campaign_get_visible(request.user, pk, stamps_of=COUNTED_MODELS)
    user = request.user
    honours = list(campaign.honor_types.all())
    visible = nominations_of_campaign(user, campaign, honours=honours)
    nomination_filter = NominationFilter(request.GET, queryset=visible, campaign=campaign, honours=honours)
    stages = [STAGE_SUBMIT]
    if campaign.status in (CampaignStatus.NOMINATING, CampaignStatus.REVIEWING):
        stages.append(STAGE_NOTICE)
    # Read once for the check and the page: honours, overrides; fixers among what the user sees.
    status_changes, overrides = campaign_records(campaign)
    # the counts may come from the cache under the stamps read with the campaign (display only:
    # the services count live)
    checks = campaign_checks(
        campaign, stages, fixers_among=visible, honours=honours, overrides=overrides,
        stamps=(campaign.pk, *row_stamps(campaign, COUNTED_MODELS)),
    )
    check = checks[STAGE_SUBMIT]
    manages = can_manage(user, campaign)
    reviews = can_review(user, campaign)
    can_bulk = campaign.status in (CampaignStatus.NOMINATING, CampaignStatus.REVIEWING) and reviews
    open_objections = list(open_objections_of(campaign)) if manages else []
    table = NominationTable(
        narrow_sort(nomination_list_rows(nomination_filter.qs)),
        bulk=can_bulk,
        open_objections=Counter(o.nomination_id for o in open_objections) if manages else None,
    )
    configure_table(request, table)
    nominating_orgs = nominating_orgs_for(user, campaign, quotas=check.places)
    today = timezone.localdate()
    return render(
        request,
        "awards/campaign_detail.html",
        {
            "campaign": campaign,
            "honours": honours,
            "has_individual": any(h.recipient_kind == "individual" for h in honours),
            "has_collective": any(h.recipient_kind == "collective" for h in honours),
            "filter": nomination_filter,
            "table": table,
            "check": check,
            "notice_check": checks.get(STAGE_NOTICE),
            "can_manage": manages,
            "can_review": reviews,
            "can_bulk": can_bulk,
            "sees_all": campaign_sees_all(user, campaign),
            "can_nominate": bool(nominating_orgs) and campaign.status in CAMPAIGN_TAKES_NOMINATIONS,
            "status_changes": status_changes,
            "overrides": overrides[::-1],
            "override_form": OverrideForm(campaign=campaign, rules=[r.rule for r in check.rules]) if manages else None,
            "open_objections": open_objections,
            "notice_over": campaign.notice_end is not None and today > campaign.notice_end,
            "deadline_passed": campaign.nomination_deadline is not None and today > campaign.nomination_deadline,
            "stage_labels": STAGE_LABELS,
        },
    )


@login_required
def campaign_step(request, pk, step):
    """开始推荐 / 截止推荐: GET is the confirmation page (what the step changes, for whom), POST takes it."""
    campaign = _manageable(request, pk)
    functions = {"open": campaign_services.campaign_open, "close": campaign_services.campaign_close_nominations}
    if step not in functions:
        raise Http404
    label = campaign_services.CAMPAIGN_FLOW[step][2]
    if request.method == "POST":
        try:
            functions[step](campaign=campaign, by=request.user, comment=request.POST.get("comment", "")[:500])
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"已{label}")
        return redirect("awards:campaign_detail", pk=pk)
    if campaign.status not in campaign_services.CAMPAIGN_FLOW[step][0]:
        messages.info(request, f"本次评选当前为“{campaign.get_status_display()}”阶段，不能{label}")
        return redirect("awards:campaign_detail", pk=pk)
    counts = dict(campaign.nominations.values_list("status").annotate(n=Count("pk")).order_by())
    today = timezone.localdate()
    return render(
        request,
        "awards/campaign_step.html",
        {
            "campaign": campaign,
            "step": step,
            "label": label,
            "quotas": campaign.quotas.select_related("nominating_org", "honor_type").order_by(
                "nominating_org__path", "honor_type__precedence"
            ),
            "drafts": counts.get(NominationStatus.DRAFT, 0),
            "returned": counts.get(NominationStatus.RETURNED, 0),
            "submitted": counts.get(NominationStatus.SUBMITTED, 0) + counts.get(NominationStatus.APPROVED, 0),
            "approved": counts.get(NominationStatus.APPROVED, 0),
            "idle_units": units_without_nominations(campaign),
            "before_deadline": campaign.nomination_deadline is not None and today <= campaign.nomination_deadline,
        },
    )


@login_required
@require_POST
def campaign_national_rules(request, pk):
    campaign = _manageable(request, pk)
    try:
        quota_services.campaign_apply_national_2024_rules(campaign=campaign, by=request.user)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, "已添加2024年全国五一劳动奖章的比例要求（企业负责人上限20%为示例，请按当年通知调整）")
    return redirect("awards:campaign_edit", pk=pk)


@login_required
@require_POST
def campaign_override(request, pk):
    campaign = _manageable(request, pk)
    form = OverrideForm(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, "请选择规则并填写理由")
        return redirect("awards:campaign_detail", pk=pk)
    try:
        quota_services.composition_override(
            campaign=campaign,
            by=request.user,
            rule=form.cleaned_data["rule"],
            stage=STAGE_SUBMIT,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, "已记录豁免理由：推荐提交时不再因该规则受阻")
    return redirect("awards:campaign_detail", pk=pk)


def _date_param(value):
    try:
        return parse_date((value or "")[:10])
    except ValueError:
        return None


@login_required
def campaign_start_notice(request, pk):
    campaign = _manageable(request, pk)
    check = campaign_check(campaign, stage=STAGE_NOTICE)
    requested = _date_param(request.GET.get("start")) if request.method == "GET" else None
    form = StartNoticeForm(
        request.POST or None,
        blocking_rules=check.blocking_rules,
        initial={"start": requested or timezone.localdate()},
    )
    end = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.campaign_start_notice(
                campaign=campaign,
                by=request.user,
                start=form.cleaned_data["start"],
                overrides=form.overrides(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, "公示已开始")
            return redirect("awards:campaign_detail", pk=pk)
    start = form.cleaned_data.get("start") if form.is_bound and form.is_valid() else None
    start = start or requested or timezone.localdate()
    end_error = ""
    try:
        end = campaign_services.notice_end_date(campaign, start)
    except DomainError as exc:
        end_error = exc.message
    # The confirmation: who goes into the public notice, and what makes starting now premature.
    approved = list(
        campaign.nominations.filter(status=NominationStatus.APPROVED)
        .select_related("person", "organization", "honor_type", "nominating_org")
        .order_by("honor_type__precedence", "nominating_org__path", "pk")
    )
    waiting = campaign.nominations.filter(status=NominationStatus.SUBMITTED).count()
    return render(
        request,
        "awards/campaign_start_notice.html",
        {
            "campaign": campaign,
            "form": form,
            "check": check,
            "end": end,
            "end_error": end_error,
            "approved": approved,
            "waiting": waiting,
            "warnings": notice_warnings(campaign, start),
        },
    )


@login_required
def campaign_confer(request, pk):
    campaign = _manageable(request, pk)
    form = ConferForm(
        request.POST or None,
        initial={
            "decision_number": campaign.decision_number,
            "decision_date": campaign.decision_date or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = campaign_services.campaign_confer(
                campaign=campaign,
                by=request.user,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"已表彰{len(outcome.awards)}个对象")
            if outcome.held_back:
                names = "、".join(n.recipient_name for n in outcome.held_back)
                messages.warning(request, f"{names}尚有异议未答复，暂不表彰；答复后可再次执行表彰")
            return redirect("awards:campaign_detail", pk=pk)
    # The confirmation: exactly who this 表彰 confers, and who it holds back.
    ready, held_back = confer_candidates(campaign)
    return render(
        request,
        "awards/campaign_confer.html",
        {
            "campaign": campaign,
            "form": form,
            "ready": ready,
            "held_back": held_back,
            "in_notice": len(ready) + len(held_back),
            "notice_over": campaign.notice_end is not None and timezone.localdate() > campaign.notice_end,
        },
    )


@login_required
def from_results(request, pk):
    campaign = campaign_get_visible(request.user, pk)
    if not nominating_orgs_for(request.user, campaign):
        raise NotAllowed("只有推荐单位的组织者可以在本次评选中推荐")
    if campaign.status not in CAMPAIGN_TAKES_NOMINATIONS:
        messages.error(request, f"本次评选为“{campaign.get_status_display()}”阶段，不能新建推荐")
        return redirect("awards:campaign_detail", pk=pk)
    form = FromResultsForm(request.GET or None, user=request.user, campaign=campaign)
    rows = []
    if form.is_valid():
        competition = form.cleaned_data["competition"]
        org = form.cleaned_data["nominating_org"]
        honours = {h.name_key: h for h in campaign.honor_types.filter(recipient_kind="individual")}
        for result, rules in eligible_results(competition):
            person = result.entry.person
            matched = [
                honours[match_key(r.honor_name)] for r in rules if r.honor_name and match_key(r.honor_name) in honours
            ]
            in_scope = person.employer_id is not None and person.employer.is_in_subtree_of(org)
            rows.append(
                {
                    "result": result,
                    "rules": rules,
                    "honours": list(dict.fromkeys(matched)),
                    "in_scope": in_scope,
                    "already": result.nominations.filter(campaign=campaign)
                    .exclude(status__in=NOMINATION_DEAD)
                    .exists(),
                }
            )
        if request.method == "POST":
            items = []
            for value in request.POST.getlist("pick"):
                result_pk, _, honour_pk = value.partition(":")
                if not (result_pk.isdigit() and honour_pk.isdigit()):
                    continue
                row = next((r for r in rows if r["result"].pk == int(result_pk)), None)
                honour = next((h for h in (row["honours"] if row else []) if h.pk == int(honour_pk)), None)
                if row is None or honour is None:
                    continue  # not an eligible pair: never trust the posted values
                items.append(
                    (
                        Result.objects.select_related("entry__person__employer", "entry__event__competition").get(
                            pk=row["result"].pk
                        ),
                        honour,
                    )
                )
            if not items:
                messages.error(request, "请勾选要生成推荐的成绩")
            else:
                outcome = draft_services.nominations_from_results(
                    campaign=campaign, by=request.user, nominating_org=org, items=items
                )
                if outcome.created:
                    messages.success(request, f"已生成{len(outcome.created)}条推荐草稿，请补充主要事迹后上报")
                for who, why in outcome.skipped:
                    messages.warning(request, f"{who}：{why}")
                return redirect("awards:campaign_detail", pk=pk)
    return render(request, "awards/from_results.html", {"campaign": campaign, "form": form, "rows": rows})
