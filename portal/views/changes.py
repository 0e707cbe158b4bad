"""变更记录: who changed what and when, for organisation admins, filtered by record and by person."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..forms.changes import ChangeFilterForm
from ..selectors import (
    BY_KEY,
    change_page_keys,
    change_rows,
    history_users,
    object_page,
    record_label,
    require_reader,
)

PER_PAGE = 50


@login_required
def change_list(request):
    require_reader(request.user)
    form = ChangeFilterForm(request.GET or None, users=history_users(request.user))
    kind = pk = user = None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["type"] or None
        pk = form.cleaned_data["id"]
        user = form.cleaned_data["user"]
    page = None
    rows = []
    if not form.is_bound or form.is_valid():
        keys = change_page_keys(request.user, kind=kind, pk=pk, by_user_id=user.pk if user else None)
        page = Paginator(keys, PER_PAGE).get_page(request.GET.get("page"))
        rows = change_rows(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/change_list.html",
        {
            "filter": {"form": form},
            "page": page,
            "rows": rows,
            "kind": BY_KEY[kind] if kind else None,
            "object_pk": pk,
            "object_label": record_label(kind, pk) if kind and pk and page is not None else "",
            "object_page": object_page(kind, pk) if kind and pk else None,
            "by_user": user,
            "query": query.urlencode(),
        },
    )
