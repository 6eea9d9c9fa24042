"""The search page: one box across reports and cases, with filters, 25 results per page.

The form only reads and checks the input; what is searched, and who may see it, is decided by
``cases.selectors.search``.
"""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import staff_required
from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission
from vigilance.cases.models import CaseStatus
from vigilance.cases.selectors.search import LAST_PAGE, SearchQuery, search_is_full_text, search_run
from vigilance.cases.selectors.search_text import has_searchable_character
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region
from vigilance.core.replica import reads_from_replica
from vigilance.intake.models import ReportStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(AccessibleForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label=_("Look in"),
        required=False,
        choices=[("", _("Reports and cases")), ("reports", _("Reports")), ("cases", _("Cases"))],
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=OffenceCategory.objects.order_by("code"),
        empty_label=_("All categories"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=_DATE)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.filter(is_active=True)
        .select_related("organisation")
        .order_by("code"),
        to_field_name="code",
        empty_label=_("All units"),
    )
    amount_min = forms.DecimalField(
        label=_("Loss from (FCFA)"), required=False, min_value=0, max_digits=15, decimal_places=2
    )
    amount_max = forms.DecimalField(
        label=_("Loss up to (FCFA)"), required=False, min_value=0, max_digits=15, decimal_places=2
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=LAST_PAGE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            ("", _("All statuses")),
            (_("Reports"), ReportStatus.choices),
            (_("Cases"), [item for item in CaseStatus.choices if item[0] != CaseStatus.CLOSED]),
        ]

    def clean_q(self) -> str:
        text: str = self.cleaned_data.get("q") or ""
        if text and not has_searchable_character(text):
            raise forms.ValidationError(
                _("Type at least one letter or digit: punctuation alone finds nothing.")
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and self.search_query().is_empty():
            self.add_error("q", _("Type a word, a reference or an identifier, or choose a filter."))
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("Give an amount at least equal to the lower one."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Give a date on or after the first one."))
        return data

    def search_query(self) -> SearchQuery:
        data = self.cleaned_data
        category, region, unit = data.get("category"), data.get("region"), data.get("unit")
        return SearchQuery(
            text=data.get("q") or "",
            kind=data.get("kind") or "",
            category=category.code if category else "",
            region=region.code if region else "",
            status=data.get("status") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            unit=unit.code if unit else "",
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
        )


@staff_required(Permission.VIEW_CASES)
@require_GET
@reads_from_replica
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {
        "nav": "search",
        "form": form,
        "full_text": search_is_full_text(),
        "results": None,
    }
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        context["results"] = search_run(
            user=user, query=form.search_query(), page=form.cleaned_data.get("page") or 1
        )
        params = request.GET.copy()
        params.pop("page", None)
        context["query"] = params.urlencode()
    return render(request, "cases/search.html", context, status=status)
