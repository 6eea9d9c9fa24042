"""The triage queue: reports waiting to be qualified, most urgent first, 50 a page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.cases.forms.triage import QueueFilterForm
from vigilance.cases.selectors.triage import QueuePage, triage_queue
from vigilance.core.errors import InvalidAction


@staff_required(Permission.VIEW_TRIAGE_QUEUE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    filters = QueueFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    category, region = values.get("category"), values.get("region")
    refused, status = "", 200
    try:
        page = triage_queue(
            user=user,
            category=category.code if category else None,
            region=region.code if region else None,
            after=request.GET.get("after", ""),
        )
    except InvalidAction as error:
        refused, status = error.message, 400
        page = QueuePage(rows=[], next_cursor="")
    query = request.GET.copy()
    query.pop("after", None)
    first_query = query.urlencode()
    if page.next_cursor:
        query["after"] = page.next_cursor
    context = {
        "nav": "triage",
        "filters": filters,
        "page": page,
        "next_query": query.urlencode() if page.next_cursor else "",
        "is_first_page": not request.GET.get("after"),
        "first_query": first_query,
        "refused": refused,
    }
    return render(request, "cases/triage_queue.html", context, status=status)
