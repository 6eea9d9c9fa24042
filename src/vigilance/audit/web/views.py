"""The auditors' read-only view of the trail: the filtered list, and a chain verification.

Only people whose role allows reading the trail see it (404 for anyone else). Each view of the
trail is itself audited; nothing here can change an event.
"""

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import staff_required
from vigilance.accounts.permissions import Permission
from vigilance.audit import selectors, services
from vigilance.audit.describe import event_sentence
from vigilance.audit.models import AuditEvent
from vigilance.audit.web.forms import AuditFilterForm
from vigilance.audit.web.names import PageNames

PAGE_SIZE = 50


def _row(event: AuditEvent, names: PageNames) -> dict[str, Any]:
    return {
        "event": event,
        "sentence": event_sentence(event, names),
        "details": json.dumps(event.details, ensure_ascii=False, sort_keys=True)
        if event.details
        else "",
        "short_hash": event.hash[:12],
    }


def _older_page_query(form: AuditFilterForm, next_before: int) -> str:
    params = {name: value for name, value in form.filters().as_details().items()}
    return urlencode({**params, "before": next_before})


@require_GET
@staff_required(Permission.VIEW_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
    """Newest events first, filtered; keyset pages of ``PAGE_SIZE`` (no COUNT, no OFFSET)."""
    form = AuditFilterForm(request.GET or {})
    context: dict[str, Any] = {"nav": "audit", "form": form, "rows": [], "older_query": ""}
    context["is_first_page"] = True
    if not form.is_valid():
        return render(request, "audit/event_list.html", context, status=400)
    before = form.cleaned_data["before"]
    page = services.audit_trail_read(
        actor=request.user,
        filters=form.filters(),
        before=before,
        limit=PAGE_SIZE,
    )
    names = PageNames(page.events)
    context["rows"] = [_row(event, names) for event in page.events]
    context["is_first_page"] = before is None
    if page.next_before is not None:
        context["older_query"] = _older_page_query(form, page.next_before)
    context["newest_query"] = urlencode(form.filters().as_details())
    return render(request, "audit/event_list.html", context)


def verdict_message(report: selectors.ChainReport) -> str:
    """The verdict in the reader's language."""
    values = {"sequence": report.broken_sequence, "count": report.count, **report.detail}
    messages = {
        "": _("The audit chain is intact: %(count)s events verified, and every signed checkpoint "
              "agrees."),
        selectors.ALTERED: _("Event %(sequence)s has been altered: its content no longer matches "
                             "its hash."),
        selectors.MISSING: _("Event %(sequence)s is missing: the sequence jumps to %(found)s."),
        selectors.BROKEN_LINK: _("Event %(sequence)s is not linked to the event before it: the "
                                 "chain is broken there."),
        selectors.TRUNCATED: _("Events are missing at the end of the chain: it stops at event "
                               "%(last)s but %(expected)s events were recorded."),
        selectors.CHECKPOINT_SIGNATURE: _("The checkpoint on line %(line)s of the checkpoint "
                                          "file is unreadable or its signature is invalid."),
        selectors.CHECKPOINT_MISMATCH: _("Event %(sequence)s does not carry the hash signed by "
                                         "the checkpoint on line %(line)s: the chain has been "
                                         "rewritten."),
        selectors.FORGED: _("Event %(sequence)s is forged: its seal does not match its hash "
                            "under the audit key, so it was written or re-chained without it."),
        selectors.UNKNOWN_KEY: _("Event %(sequence)s is sealed with an audit key that is not "
                                 "configured (%(key_id)s): the key is wrong or missing, or the "
                                 "seal is forged."),
    }  # fmt: skip
    return messages[report.problem] % values


@require_POST
@staff_required(Permission.VIEW_AUDIT)
def chain_verify(request: HttpRequest) -> HttpResponse:
    """Re-check the whole chain and the signed checkpoints; show the verdict."""
    report = services.audit_chain_check(actor=request.user)
    context = {"nav": "audit", "report": report, "message": verdict_message(report)}
    return render(request, "audit/verify.html", context)
