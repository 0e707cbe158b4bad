from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def organization_list(request):
    orgs = selectors.organization_list_visible(request.user).select_related("parent")
    return render(request, "directory/organization_list.html", {"organizations": orgs})
