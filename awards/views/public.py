"""公示: public pages, no login. They show 姓名 (女), 单位及职务 and the honour — never an ID number,
phone or birth date — and take objections with a real name and a contact."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from core.errors import DomainError, show_error
from core.pagecache import stamped_part

from ..forms.nominations import ObjectionForm
from ..models import Campaign, CampaignStatus, Nomination, NominationStatus
from ..selectors.notices import (
    objection_by_receipt,
    public_notice_entries,
    public_notice_list,
    public_notice_stamps,
)
from ..services import objections as objection_services

# At most this many objections from one address per hour (a person with several real objections
# is not hindered; a script is).
OBJECTIONS_PER_HOUR = 5


def _client_hash(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()


def _public_campaign(pk) -> Campaign:
    return get_object_or_404(public_notice_list(), pk=pk)


def notice_list(request):
    return render(request, "awards/public/notice_list.html", {"campaigns": public_notice_list()})


def notice_detail(request, pk):
    """The notice. Whether it is public is read on every request; its list is cached under the
    stamps of what it shows (``core.pagecache``): a repeated visit costs two queries and no list."""
    campaign = _public_campaign(pk)
    today = timezone.localdate()
    body = stamped_part("notice", public_notice_stamps(campaign, today), lambda: _notice_body(campaign, today))
    return render(request, "awards/public/notice_detail.html", {"campaign": campaign, "body": body})


def _notice_body(campaign: Campaign, today) -> str:
    """The notice's content, the same for every visitor (no user, no form token)."""
    open_for_objections = (
        campaign.status == CampaignStatus.NOTICE
        and campaign.notice_start is not None
        and campaign.notice_start <= today <= campaign.notice_end
    )
    entries = public_notice_entries(campaign)
    groups: list[tuple[str, list]] = []
    for n in entries:
        if not groups or groups[-1][0] != n.honor_type.name:
            groups.append((n.honor_type.name, []))
        groups[-1][1].append(n)
    return render_to_string(
        "awards/public/_notice_body.html",
        {
            "campaign": campaign,
            "groups": groups,
            "count": len(entries),
            "open_for_objections": open_for_objections,
            "ended": campaign.notice_end is not None and today > campaign.notice_end,
        },
    )


@csrf_protect
def objection_create(request, pk, nomination_pk):
    campaign = _public_campaign(pk)
    nomination = (
        Nomination.objects.filter(campaign=campaign, pk=nomination_pk, status=NominationStatus.IN_NOTICE)
        .select_related("person", "organization", "honor_type")
        .first()
    )
    if nomination is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST":
        key = f"awards:objections:{_client_hash(request)}"
        if cache.get(key, 0) >= OBJECTIONS_PER_HOUR:
            messages.error(request, "提交过于频繁，请稍后再试，或通过公示中的联系电话反映")
        elif form.is_valid():
            try:
                objection = objection_services.objection_lodge(
                    nomination=nomination,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    content=form.cleaned_data["content"],
                    client_hash=_client_hash(request),
                )
            except DomainError as exc:
                show_error(request, exc)
            else:
                cache.add(key, 0, timeout=3600)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=3600)
                messages.success(
                    request,
                    f"异议已收到，回执号 {objection.receipt}。请妥善保存回执号：凭它可在本页查询核查答复。"
                    "我们也将通过您留下的联系方式答复。",
                )
                return redirect(f"{reverse('awards:objection_receipt')}?{urlencode({'receipt': objection.receipt})}")
    return render(
        request,
        "awards/public/objection_form.html",
        {"campaign": campaign, "nomination": nomination, "form": form},
    )


def objection_receipt(request):
    """Public: the objector reads the status and answer of their objection with its 回执号."""
    typed = (request.GET.get("receipt") or "")[:100]
    objection = objection_by_receipt(typed) if typed else None
    return render(
        request,
        "awards/public/objection_receipt.html",
        {"typed": typed, "objection": objection, "not_found": bool(typed) and objection is None},
    )
