"""Administration of partners' API keys in the workspace: list, create (shown once), revoke.

Only people allowed to manage accounts see these pages (404 for anyone else); creating a key asks
for a recent re-authentication, like changing roles. The rules are in ``accounts.api_keys``.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vigilance.accounts import api_keys
from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.accounts.permissions import Permission
from vigilance.accounts.reauth import require_recent_authentication
from vigilance.core.errors import InvalidAction
from vigilance.core.forms import AccessibleForm

MANAGE = Permission.MANAGE_ACCOUNTS
DEFAULT_LIFETIME_DAYS = 180


def _key_permission_choices() -> list[tuple[str, str]]:
    codes = set().union(*api_keys.KEY_PERMISSIONS.values())
    return [(code, str(label)) for code, label in Permission.choices if code in codes]


class ApiKeyCreateForm(AccessibleForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.filter(
            is_active=True, kind__in=[str(kind) for kind in api_keys.KEY_PERMISSIONS]
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("System that uses the key"),
        max_length=100,
        help_text=gettext_lazy("For example: anti-fraud platform, nightly import."),
    )
    permissions = forms.MultipleChoiceField(
        label=gettext_lazy("Permissions"),
        choices=_key_permission_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one permission.")},
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        help_text=gettext_lazy("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _expiry(day: dt.date) -> dt.datetime:
    """The end of that day, in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _render(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    form = context.get("form")
    status = 400 if isinstance(form, forms.Form) and form.errors else 200
    return render(request, template, {"nav": "admin", **context}, status=status)


@require_http_methods(["GET"])
@staff_required(MANAGE)
def api_key_list(request: HttpRequest) -> HttpResponse:
    context = {"api_keys": api_keys.api_key_list(), "now": timezone.now()}
    return _render(request, "accounts/admin_api_key_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
@require_recent_authentication()
def api_key_create(request: HttpRequest) -> HttpResponse:
    initial = {
        "permissions": [Permission.PULL_FRAUD_LIST],
        "expires_on": timezone.localdate() + dt.timedelta(days=DEFAULT_LIFETIME_DAYS),
    }
    form = ApiKeyCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = api_keys.api_key_create(
                actor=signed_in_user(request),
                organisation=data["organisation"],
                name=data["name"],
                permissions=data["permissions"],
                expires_at=_expiry(data["expires_on"]),
            )
        except InvalidAction as error:
            for field, field_messages in (error.fields or {"": [error.message]}).items():
                for message in field_messages:
                    target = "expires_on" if field == "expires_at" else field
                    form.add_error(target if target in form.fields else None, message)
            form.mark_errors()
        else:
            response = _render(request, "accounts/admin_api_key_created.html", {"new": created})
            # The key is in this page only: no cache may keep it.
            response["Cache-Control"] = "no-store"
            return response
    return _render(
        request,
        "accounts/admin_api_key_form.html",
        {
            "form": form,
            "partner_kinds": [OrganisationKind(k).label for k in api_keys.KEY_PERMISSIONS],
        },
    )


@require_POST
@staff_required(MANAGE)
def api_key_revoke(request: HttpRequest, api_key_id: int) -> HttpResponse:
    api_key = api_keys.api_key_get(api_key_id=api_key_id)
    try:
        api_keys.api_key_revoke(actor=signed_in_user(request), api_key=api_key)
    except InvalidAction as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The key %(prefix)s is revoked.") % {"prefix": api_key.prefix})
    return redirect("accounts:admin_api_key_list")
