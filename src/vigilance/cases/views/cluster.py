"""The cluster pages of a report and of a case (a drawing and the same facts as a list), the
reports of one of its identifiers, and the request for access to a report of the cluster that
the reader may not see.

The request names the report by the reader's own opaque key for it (see
``selectors.cluster.report_key``): the cluster is walked again, so only a report that really is
in the cluster of something the reader sees can be asked for, and its address never appears.
"""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import (
    Cluster,
    case_cluster,
    cluster_restricted_report,
    report_cluster,
)
from vigilance.cases.selectors.cluster_listing import cluster_identifier_listing
from vigilance.cases.selectors.cluster_reports import InvalidCursor
from vigilance.cases.services.access_requests import REASON_LENGTH, access_request_create
from vigilance.cases.views.cluster_drawing import cluster_svg
from vigilance.cases.views.cluster_elements import cluster_elements
from vigilance.cases.views.cluster_graph import cluster_graph, indicator_rows
from vigilance.cases.views.cluster_lists import restricted_items, visible_rows
from vigilance.core.errors import InvalidAction
from vigilance.intake.models import Report


class AccessRequestForm(forms.Form):
    node = forms.CharField(max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Why you need access"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


Subject = Report | Case


def _cluster(reader: access.Reader, subject: Subject) -> Cluster:
    if isinstance(subject, Case):
        return case_cluster(user=reader.user, case=subject, reader=reader)
    return report_cluster(user=reader.user, report=subject, reader=reader)


def _page_url(subject: Subject) -> str:
    if isinstance(subject, Case):
        return reverse("cases:case_cluster", kwargs={"case_id": subject.public_id})
    return reverse("cases:report_cluster", kwargs={"report_id": subject.public_id})


def _listing(request: HttpRequest, subject: Subject, reader: access.Reader) -> HttpResponse:
    """One identifier's reports (``?identifier=<key>&after=<cursor>``), without the drawing."""
    context: dict[str, object] = {
        "nav": "cases",
        "subject": subject,
        "is_case": isinstance(subject, Case),
        "page_url": _page_url(subject),
    }
    try:
        context["listing"] = cluster_identifier_listing(
            user=reader.user,
            subject=subject,
            key=request.GET["identifier"],
            cursor=request.GET.get("after", ""),
            reader=reader,
        )
    except InvalidCursor as error:
        context["refused"] = error.message
        return render(request, "cases/cluster_listing.html", context, status=400)
    return render(request, "cases/cluster_listing.html", context)


def _render(
    request: HttpRequest,
    subject: Subject,
    reader: access.Reader,
    *,
    cluster: Cluster | None = None,
    form: AccessRequestForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    user = reader.user
    cluster = cluster or _cluster(reader, subject)
    graph = cluster_graph(cluster)
    context = {
        "nav": "cases",
        "subject": subject,
        "is_case": isinstance(subject, Case),
        "cluster": cluster,
        "drawing": cluster_svg(
            graph, reports=len(cluster.reports), indicators=len(cluster.indicators)
        ),
        "graph_elements": cluster_elements(cluster, graph, user=user),
        "indicator_rows": indicator_rows(cluster),
        "visible_rows": visible_rows(cluster),
        "restricted_items": restricted_items(
            cluster, ask_url=_page_url(subject) + "ask/", csrf_token=get_token(request), form=form
        ),
        "ask_url": _page_url(subject) + "ask/",
        "page_url": _page_url(subject),
        "visible_shown": sum(1 for report in cluster.reports if report.is_visible),
        "form": form,
        "refused": refused,
    }
    return render(request, "cases/cluster.html", context, status=status)


def _page(request: HttpRequest, subject: Subject, reader: access.Reader) -> HttpResponse:
    if request.GET.get("identifier"):
        return _listing(request, subject, reader)
    return _render(request, subject, reader)


def _ask(request: HttpRequest, subject: Subject, reader: access.Reader) -> HttpResponse:
    user = reader.user
    cluster = _cluster(reader, subject)
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        return _render(request, subject, reader, cluster=cluster, form=form, status=400)
    try:
        access_request_create(
            requester=user,
            report=cluster_restricted_report(cluster=cluster, key=form.cleaned_data["node"]),
            reason=form.cleaned_data["reason"],
        )
    except InvalidAction as error:
        for message in error.fields.get("reason", []):
            form.add_error("reason", message)
        return _render(
            request, subject, reader, cluster=cluster, form=form, refused=error.message, status=409
        )
    messages.success(request, _("Your request is sent to the people who hold this report."))
    return HttpResponseRedirect(_page_url(subject) + "#restricted")


def _report(request: HttpRequest, report_id: UUID) -> tuple[Report, access.Reader]:
    """The report through the gate, and the reader's need-to-know resolved once for the page."""
    reader = access.reader_resolve(signed_in_user(request))
    return access.report_get_for_user(
        user=reader.user, report_id=str(report_id), reader=reader
    ), reader


def _case(request: HttpRequest, case_id: UUID) -> tuple[Case, access.Reader]:
    """The case through the gate, and the reader's need-to-know resolved once for the page."""
    reader = access.reader_resolve(signed_in_user(request))
    return access.case_get_for_user(user=reader.user, case_id=str(case_id), reader=reader), reader


@staff_required(Permission.VIEW_CASES)
@require_GET
def report_cluster_page(request: HttpRequest, report_id: UUID) -> HttpResponse:
    return _page(request, *_report(request, report_id))


@staff_required(Permission.VIEW_CASES)
@require_GET
def case_cluster_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _page(request, *_case(request, case_id))


@staff_required(Permission.VIEW_CASES)
@require_POST
def report_cluster_ask(request: HttpRequest, report_id: UUID) -> HttpResponse:
    return _ask(request, *_report(request, report_id))


@staff_required(Permission.VIEW_CASES)
@require_POST
def case_cluster_ask(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _ask(request, *_case(request, case_id))
