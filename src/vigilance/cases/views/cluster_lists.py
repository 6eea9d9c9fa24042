"""The cluster page's two lists of reports: those the reader may see (a row each, linking to the
report and its case), and those they may not (who holds each one, and its request for access: a
form per report, open with its errors after a refused request). Written in one pass, as the
drawing is (``cluster_drawing``): a cluster around a value named 100,000 times holds up to 200
reports, and the template language spent several hundred function calls on each
(docs/decisions/0043). Every text from data is escaped here."""

from collections.abc import Callable
from html import escape
from uuid import UUID

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vigilance.cases.selectors.cluster import Cluster, ClusterReport
from vigilance.cases.services.access_requests import REASON_LENGTH
from vigilance.formats.dates import date_format


def url_maker(name: str, argument: str, example: str) -> Callable[[str], str]:
    """The address of the route ``name`` for any value of its one ``argument``, from a single
    ``reverse`` of ``example``: a cluster links up to 500 reports and identifiers, and each
    ``reverse`` costs about forty function calls."""
    pattern = reverse(name, kwargs={argument: example})
    return lambda value: pattern.replace(example, value)


def _case_cell(report: ClusterReport, case_url: Callable[[str], str]) -> str:
    if report.case_number:
        return f'<a href="{case_url(report.case_public_id)}" class="code">{escape(report.case_number)}</a>'
    if report.in_case:
        return escape(_("A case of %(unit)s") % {"unit": report.owner_unit})
    return escape(_("None"))


def _received(report: ClusterReport) -> str:
    if report.submitted_at is None:
        return ""
    local = timezone.localtime(report.submitted_at)
    shown = escape(date_format(local, "SHORT_DATE_FORMAT"))
    return f'<time datetime="{local.isoformat()}">{shown}</time>'


def visible_rows(cluster: Cluster) -> SafeString:
    """The ``<tr>`` of every report of the cluster the reader may see, in the cluster's order."""
    example = str(UUID(int=0))
    report_url = url_maker("cases:report_detail", "report_id", example)
    case_url = url_maker("cases:case_detail", "case_id", example)
    start = f' <span class="muted">({escape(_("starting point"))})</span>'
    rows = []
    for report in cluster.reports:
        if not report.is_visible:
            continue
        rows.append(
            f'<tr><td><a href="{report_url(report.public_id)}" class="code">'
            f"{escape(report.reference)}</a>{start if report.is_start else ''}</td>"
            f"<td>{escape(report.category)}</td><td>{escape(report.region)}</td>"
            f"<td>{_received(report)}</td>"
            f"<td>{escape(report.unit or '—')}</td><td>{_case_cell(report, case_url)}</td></tr>"
        )
    # Every value above went through escape() or is an address built from a UUID.
    return mark_safe("\n".join(rows))  # noqa: S308  # nosec B308 B703: escaped above


def _holder(report: ClusterReport) -> str:
    names = {"unit": report.owner_unit, "organisation": report.owner_organisation}
    if report.in_case:
        return _("in a case of %(unit)s (%(organisation)s)") % names
    if report.owner_unit:
        return _("held by %(unit)s (%(organisation)s)") % names
    return _("awaiting triage at %(organisation)s") % names


def _request_form(key: str, *, ask_url: str, csrf_token: str, form: forms.Form | None) -> str:
    """The request for access of one report; open, with its errors and what was typed, when
    ``form`` is the refused request for this report."""
    is_this_one = form is not None and form.data.get("node") == key
    refused = is_this_one and form is not None and bool(form.errors)
    errors = [str(error) for error in form.errors.get("reason", [])] if refused and form else []
    typed = str(form.data.get("reason", "")) if form is not None and is_this_one else ""
    ask, why = escape(_("Ask for access")), escape(_("Why you need access"))
    key = escape(key)
    error = f'<p class="error" id="reason-{key}_error">{escape(" ".join(errors))}</p>'
    return (
        f'<details class="case-action"{" open" if refused else ""}>'
        f"<summary>{ask}</summary>"
        f'<form method="post" action="{escape(ask_url)}" novalidate>'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="node" value="{key}">'
        f'<div class="field{" has-error" if errors else ""}">'
        f'<label for="reason-{key}">{why}</label>'
        f"{error if errors else ''}"
        f'<textarea name="reason" id="reason-{key}" rows="2" maxlength="{REASON_LENGTH}"'
        f" required>{escape(typed)}</textarea></div>"
        f'<div class="actions"><button type="submit" class="button">{ask}</button></div>'
        "</form></details>"
    )


def restricted_items(
    cluster: Cluster, *, ask_url: str, csrf_token: str, form: forms.Form | None
) -> SafeString:
    """The ``<li>`` of every report of the cluster the reader may not see, in the cluster's
    order; each names no more than its holder."""
    title = escape(_("Restricted report"))
    requested = escape(_("Access requested: waiting for the holders' answer."))
    items = []
    for report in cluster.reports:
        if report.is_visible:
            continue
        if report.access_requested:
            action = f'<p class="muted">{requested}</p>'
        else:
            action = _request_form(report.key, ask_url=ask_url, csrf_token=csrf_token, form=form)
        items.append(
            f'<li class="cluster-restricted-item" id="restricted-{escape(report.key)}">'
            f"<p><strong>{title}</strong> — {escape(_holder(report))}</p>{action}</li>"
        )
    # Every value above went through escape(); the rest is this module's own markup.
    return mark_safe("\n".join(items))  # noqa: S308  # nosec B308 B703: escaped above
