"""疗休养 batches: list, create, the batch page (fill from the due list, accept/decline, complete)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.errors import DomainError, form_error, show_error

from .. import services
from ..forms import BatchForm
from ..models import BatchSeat
from ..selectors import batch_get_visible, batch_list_visible, batch_roster, may_see_care, recuperation_count
from .care import _organizer_unions


@login_required
def batch_list(request):
    if not may_see_care(request.user):
        raise Http404
    return render(request, "care/batch_list.html", {"batches": batch_list_visible(request.user)})


@login_required
def batch_create_view(request):
    if not may_see_care(request.user):
        raise Http404
    form = BatchForm(request.POST or None, organizations=_organizer_unions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已创建疗休养批次“{batch.name}”")
            return redirect("care:batch", pk=batch.pk)
    return render(request, "care/form.html", {"form": form, "title": "新建疗休养批次"})


@login_required
def batch_detail(request, pk):
    batch = batch_get_visible(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "fill":
                n = services.batch_fill(batch=batch, by=request.user)
                messages.success(request, f"已从应安排名单补充{n}人")
            elif action in ("accept", "decline"):
                seat = get_object_or_404(BatchSeat, pk=request.POST.get("seat") or 0, batch=batch)
                services.seat_decide(seat=seat, by=request.user, accept=action == "accept")
            elif action == "complete":
                n = services.batch_complete(batch=batch, by=request.user)
                messages.success(request, f"已登记完成，计入台账{n}人次")
            else:
                raise Http404
        except DomainError as exc:
            show_error(request, exc)
        return redirect("care:batch", pk=batch.pk)
    return render(
        request,
        "care/batch_detail.html",
        {
            "batch": batch,
            "seats": batch_roster(batch),
            "ledger_count": batch.events.filter(superseded=False, void=False).count(),
            "year_count": recuperation_count(batch.start_date.year),
        },
    )
