"""The cluster pages of a report and of a case (a drawing and the same facts as a list), and the
request for access to a report of the cluster that the reader may not see.

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
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import (
    Cluster,
    ClusterIndicator,
    case_cluster,
    cluster_indicator_id,
    cluster_restricted_report,
    report_cluster,
)
from vigilance.cases.selectors.cluster_reports import (
    IndicatorReportPage,
    InvalidCursor,
    indicator_reports_page,
)
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


def _cluster(user: User, subject: Subject) -> Cluster:
    if isinstance(subject, Case):
        return case_cluster(user=user, case=subject)
    return report_cluster(user=user, report=subject)


def _page_url(subject: Subject) -> str:
    if isinstance(subject, Case):
        return reverse("cases:case_cluster", kwargs={"case_id": subject.public_id})
    return reverse("cases:report_cluster", kwargs={"report_id": subject.public_id})


def _identifier_page(
    request: HttpRequest, cluster: Cluster
) -> tuple[ClusterIndicator | None, IndicatorReportPage | None]:
    """The identifier the reader asked to list (``?identifier=<key>&after=<cursor>``), and the
    page of reports they may see that name it; NotFound for an identifier not in the cluster."""
    key = request.GET.get("identifier", "")
    if not key:
        return None, None
    indicator_id = cluster_indicator_id(cluster=cluster, key=key)
    page = indicator_reports_page(
        user=signed_in_user(request), indicator_id=indicator_id, cursor=request.GET.get("after", "")
    )
    return next(item for item in cluster.indicators if item.key == key), page


def _render(
    request: HttpRequest,
    subject: Subject,
    *,
    cluster: Cluster | None = None,
    form: AccessRequestForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    cluster = cluster or _cluster(user, subject)
    graph = cluster_graph(cluster)
    listed, listed_page = None, None
    if request.method == "GET":
        try:
            listed, listed_page = _identifier_page(request, cluster)
        except InvalidCursor as error:
            refused, status = error.message, 400
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
        "listed": listed,
        "listed_page": listed_page,
        "form": form,
        "refused": refused,
    }
    return render(request, "cases/cluster.html", context, status=status)


def _ask(request: HttpRequest, subject: Subject) -> HttpResponse:
    user = signed_in_user(request)
    cluster = _cluster(user, subject)
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        return _render(request, subject, cluster=cluster, form=form, status=400)
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
            request, subject, cluster=cluster, form=form, refused=error.message, status=409
        )
    messages.success(request, _("Your request is sent to the people who hold this report."))
    return HttpResponseRedirect(_page_url(subject) + "#restricted")


def _report(request: HttpRequest, report_id: UUID) -> Report:
    return access.report_get_for_user(user=signed_in_user(request), report_id=str(report_id))


def _case(request: HttpRequest, case_id: UUID) -> Case:
    return access.case_get_for_user(user=signed_in_user(request), case_id=str(case_id))


@staff_required(Permission.VIEW_CASES)
@require_GET
def report_cluster_page(request: HttpRequest, report_id: UUID) -> HttpResponse:
    return _render(request, _report(request, report_id))


@staff_required(Permission.VIEW_CASES)
@require_GET
def case_cluster_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _render(request, _case(request, case_id))


@staff_required(Permission.VIEW_CASES)
@require_POST
def report_cluster_ask(request: HttpRequest, report_id: UUID) -> HttpResponse:
    return _ask(request, _report(request, report_id))


@staff_required(Permission.VIEW_CASES)
@require_POST
def case_cluster_ask(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _ask(request, _case(request, case_id))
