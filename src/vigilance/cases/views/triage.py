"""The triage queue: reports waiting to be qualified, most urgent first, 50 a page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.cases.forms.triage import QueueFilterForm
from vigilance.cases.selectors.filters import filter_units_for_user
from vigilance.cases.selectors.triage import QueuePage, triage_queue, triage_queue_count
from vigilance.core.errors import InvalidAction


@staff_required(Permission.VIEW_TRIAGE_QUEUE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """A wrong filter is set aside and shown with its message; a broken page address is refused
    (400)."""
    user = signed_in_user(request)
    filters = QueueFilterForm(request.GET or None, units=filter_units_for_user(user=user))
    chosen = filters.queue_filters()
    refused = ""
    try:
        page = triage_queue(user=user, filters=chosen, after=request.GET.get("after", ""))
    except InvalidAction as error:
        refused = error.message
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
        "count": triage_queue_count(user=user, filters=chosen),
        "next_query": query.urlencode() if page.next_cursor else "",
        "is_first_page": not request.GET.get("after"),
        "first_query": first_query,
        "refused": refused,
    }
    return render(request, "cases/triage_queue.html", context, status=400 if refused else 200)
